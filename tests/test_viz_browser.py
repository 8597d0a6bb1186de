"""Views in a real headless Chromium, opened from file:// with the network cut off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from aidgraph.queries.workspace import Workspace
from aidgraph.viz.build import build_spec
from aidgraph.viz.layout import PHYSICS_LIMIT
from aidgraph.viz.render import render_fragment, render_notebook, render_page
from aidgraph.viz.views import view_graph, write_view
from fixtures.aidnet import KS1, LY, ZS, ZS_KS1
from fixtures.browser import OfflinePage, screenshot_ink

pytestmark = pytest.mark.browser

STABILIZED = """() => {
    const views = Object.values(window.aidgraphViews || {});
    return views.length > 0 && views.every(v => v.stabilized);
}"""
VIEWS = [
    ("ego", {"entity": "喀什一院", "depth": 2}),
    ("network", {}),
    ("flows", {"level": "province", "weight": "experts_sent"}),
    ("program", {"name": "组团式援疆"}),
    ("alliance", {"name": "喀什地区医疗联盟"}),
    (
        "query",
        {"language": "cypher", "query": "MATCH p = (:Hospital)-[:SUPPORTS]->(:Hospital) RETURN p"},
    ),
    ("query", {"language": "sparql", "query": "SELECT ?a ?b WHERE { ?a ag:trained ?b }"}),
]


@pytest.fixture
def aid_workspace(aid_db: Path) -> Iterator[Workspace]:
    with Workspace(aid_db) as ws:
        yield ws


def open_view(offline: OfflinePage, path: Path) -> object:
    page = offline.page
    page.goto(path.as_uri())
    page.wait_for_function(STABILIZED, timeout=60_000)
    return page


def node_count(page: object) -> int:
    return page.evaluate("() => window.network.body.data.nodes.length")


def visible(page: object, dataset: str) -> set[str]:
    return set(
        page.evaluate(
            f"() => window.network.body.data.{dataset}"
            ".get({filter: x => !x.hidden}).map(x => x.id)"
        )
    )


def test_route_records_what_would_go_online(offline_page: OfflinePage, tmp_path: Path) -> None:
    # The guard the other tests rely on: a page that reaches out is caught and stopped.
    page = tmp_path / "online.html"
    page.write_text('<img src="https://example.org/x.png"><p>hi</p>', encoding="utf-8")
    offline_page.page.goto(page.as_uri())
    offline_page.page.wait_for_load_state("load")
    assert offline_page.blocked == ["https://example.org/x.png"]


@pytest.mark.parametrize(
    ("kind", "params"), VIEWS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(VIEWS)]
)
def test_view_opens_offline_and_draws_every_node(
    offline_page: OfflinePage, aid_workspace: Workspace, tmp_path: Path, kind: str, params: dict
) -> None:
    out = write_view(aid_workspace, kind, tmp_path / f"{kind}.html", **params)
    page = open_view(offline_page, out)
    assert offline_page.blocked == []
    assert offline_page.errors == []
    assert node_count(page) == view_graph(kind, aid_workspace, **params).graph.number_of_nodes()
    canvas = page.locator(".ag-canvas canvas").screenshot()
    assert screenshot_ink(canvas) > 0.002


def test_hovering_an_edge_shows_its_source_sentence(
    offline_page: OfflinePage, aid_workspace: Workspace, tmp_path: Path
) -> None:
    query = f"MATCH (a {{id: '{ZS}'}})-[r:SUPPORTS]->(b {{id: '{KS1}'}}) RETURN r"
    out = write_view(aid_workspace, "query", tmp_path / "q.html", language="cypher", query=query)
    page = open_view(offline_page, out)
    point = page.evaluate(
        """() => {
            const net = window.network;
            const id = net.body.data.edges.getIds()[0];
            const p = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5));
            const box = net.body.container.getBoundingClientRect();
            return {x: box.left + p.x, y: box.top + p.y};
        }"""
    )
    page.mouse.move(point["x"] - 20, point["y"] - 20)
    page.mouse.move(point["x"], point["y"], steps=5)
    tooltip = page.locator(".ag-canvas div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    text = tooltip.inner_text()
    assert ZS_KS1 in text
    assert "组团式援疆" in text and "2016–2020" in text


def test_every_edge_title_names_its_source(
    offline_page: OfflinePage, aid_workspace: Workspace, tmp_path: Path
) -> None:
    page = open_view(offline_page, write_view(aid_workspace, "network", tmp_path / "n.html"))
    titles = page.evaluate("() => window.network.body.data.edges.get().map(e => e.title)")
    assert len(titles) == aid_workspace.graph().number_of_edges()
    assert all(
        "来源 source 1/1: 《援疆援藏报道》 https://example.org/aid.html" in t for t in titles
    )
    assert any(ZS_KS1 in t for t in titles)


def test_type_filter_hides_a_type(
    offline_page: OfflinePage, aid_workspace: Workspace, tmp_path: Path
) -> None:
    page = open_view(offline_page, write_view(aid_workspace, "network", tmp_path / "n.html"))
    G = aid_workspace.graph()
    regions = {n for n, d in G.nodes(data=True) if d["type"] == "Region"}
    page.locator('input[data-type="Region"]').uncheck()
    shown = visible(page, "nodes")
    assert shown == set(G.nodes) - regions
    assert all(e["from"] not in regions for e in _edges(page, visible(page, "edges")))
    page.locator('input[data-type="Region"]').check()
    assert visible(page, "nodes") == set(G.nodes)


def test_year_filter_hides_relations_outside_the_years(
    offline_page: OfflinePage, aid_workspace: Workspace, tmp_path: Path
) -> None:
    page = open_view(
        offline_page, write_view(aid_workspace, "program", tmp_path / "p.html", name="组团式援疆")
    )
    page.locator(".ag-from").fill("2018")
    assert page.locator(".ag-year-text").inner_text() == "2018–2020"
    kept = _edges(page, visible(page, "edges"))
    pairs = {(e["from"], e["to"], e["etype"]) for e in kept}
    assert (ZS, KS1, "SUPPORTS") in pairs  # 2016–2020 overlaps 2018–2020
    assert (LY, KS1, "SUPPORTS") not in pairs  # 2017 only
    # 上海六院's only relation in this program is from 2017, so it goes too.
    assert LY not in visible(page, "nodes")


def test_pinyin_checkbox_toggles_romanised_labels(
    offline_page: OfflinePage, aid_workspace: Workspace, tmp_path: Path
) -> None:
    page = open_view(offline_page, write_view(aid_workspace, "network", tmp_path / "n.html"))
    label = "() => window.network.body.data.nodes.get('Region:日喀则市').label"
    assert page.evaluate(label) == "日喀则市"
    page.locator(".ag-pinyin").check()
    assert page.evaluate(label) == "日喀则市\nRì kā zé shì"
    page.locator(".ag-pinyin").uncheck()
    assert page.evaluate(label) == "日喀则市"


def _edges(page: object, ids: set[str]) -> list[dict]:
    edges = page.evaluate("() => window.network.body.data.edges.get()")
    return [e for e in edges if e["id"] in ids]


def test_two_fragments_share_a_page(
    offline_page: OfflinePage, aid_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    small = aid_graph.subgraph([ZS, KS1, LY]).copy()
    host = tmp_path / "report.html"
    host.write_text(
        '<!doctype html><meta charset="utf-8"><h1>报告</h1>'
        + render_fragment(build_spec(aid_graph, kind="network", title="一"))
        + "<p>正文</p>"
        + render_fragment(build_spec(small, kind="network", title="二")),
        encoding="utf-8",
    )
    page = open_view(offline_page, host)
    counts = page.evaluate(
        "() => Object.values(window.aidgraphViews).map(v => v.network.body.data.nodes.length)"
    )
    assert sorted(counts) == [3, aid_graph.number_of_nodes()]
    assert page.locator(".ag-canvas canvas").count() == 2
    assert offline_page.blocked == [] and offline_page.errors == []


def framed_node_count(offline: OfflinePage, host: Path) -> int:
    """Open ``host``, wait for the view in its one iframe, and count the nodes drawn there."""
    offline.page.goto(host.as_uri())
    frame = offline.page.frame_locator("iframe")
    frame.locator(".aidgraph-view[data-stabilized='1']").wait_for(timeout=60_000)
    return offline.page.frames[1].evaluate("() => window.network.body.data.nodes.length")


def test_view_works_inside_an_iframe(
    offline_page: OfflinePage, aid_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    (tmp_path / "view.html").write_text(
        render_page(build_spec(aid_graph, kind="network", title="t")), encoding="utf-8"
    )
    host = tmp_path / "host.html"
    host.write_text(
        '<!doctype html><iframe src="view.html" width="1000" height="900"></iframe>',
        encoding="utf-8",
    )
    assert framed_node_count(offline_page, host) == aid_graph.number_of_nodes()
    assert offline_page.blocked == [] and offline_page.errors == []


def test_notebook_output_runs_in_its_srcdoc_frame(
    offline_page: OfflinePage, aid_graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    host = tmp_path / "notebook.html"
    host.write_text(
        '<!doctype html><meta charset="utf-8"><div class="output">'
        + render_notebook(build_spec(aid_graph, kind="network", title="t"))
        + "</div>",
        encoding="utf-8",
    )
    assert framed_node_count(offline_page, host) == aid_graph.number_of_nodes()
    assert offline_page.blocked == [] and offline_page.errors == []


def test_large_view_draws_its_precomputed_layout(offline_page: OfflinePage, tmp_path: Path) -> None:
    G = nx.MultiDiGraph()
    n = PHYSICS_LIMIT + 100
    for i in range(n):
        G.add_node(f"Hospital:{i}", type="Hospital", name=f"医院{i}")
        if i:
            G.add_edge(f"Hospital:{i // 3}", f"Hospital:{i}", key=f"e:{i}", type="SUPPORTS")
    path = tmp_path / "large.html"
    path.write_text(render_page(build_spec(G, kind="network", title="large")), encoding="utf-8")
    page = open_view(offline_page, path)
    assert node_count(page) == n
    assert page.evaluate("() => window.network.physics.physicsEnabled") is False
    assert "laid out once" in page.locator(".ag-notice").inner_text()
    canvas = page.locator(".ag-canvas canvas").screenshot()
    assert screenshot_ink(canvas) > 0.01


def test_example_data_network_opens_with_its_sources(
    offline_page: OfflinePage, example_workspace: Workspace, tmp_path: Path
) -> None:
    out = write_view(example_workspace, "network", tmp_path / "examples.html", pinyin=True)
    page = open_view(offline_page, out)
    G = example_workspace.graph()
    assert node_count(page) == G.number_of_nodes()
    assert offline_page.blocked == [] and offline_page.errors == []
    titles = page.evaluate("() => window.network.body.data.edges.get().map(e => e.title)")
    assert len(titles) == G.number_of_edges()
    assert all("来源 source 1/" in t for t in titles)  # every relation names a source
    # The examples are record files: each relation cites its file and line.
    assert all(re.search(r"《[^》]+》 \S+\.(?:csv|jsonl) line \d+", t) for t in titles)
    sources = page.locator(".ag-sources li").count()
    assert sources == len({p["source_id"] for *_, d in G.edges(data=True) for p in d["provenance"]})
