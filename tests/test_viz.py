"""Views without a browser: what goes into the HTML, the static figures, the errors."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from aidgraph.graph.model import Edge, Extraction, Node, Provenance, Source, SourceKind
from aidgraph.graph.nxgraph import to_networkx
from aidgraph.graph.store import Store
from aidgraph.queries.rdf import node_iri, relation_iri
from aidgraph.queries.workspace import Workspace
from aidgraph.viz.build import build_spec
from aidgraph.viz.labels import to_pinyin
from aidgraph.viz.layout import (
    AGGREGATE_HINT,
    PHYSICS_LIMIT,
    STATIC_NODE_LIMIT,
    plan_for,
    precomputed_positions,
)
from aidgraph.viz.query_graph import result_subgraph
from aidgraph.viz.render import render_fragment, render_notebook, render_page
from aidgraph.viz.static_figure import render_static
from aidgraph.viz.views import ViewError, render_view, view_graph, write_view
from fixtures.aidnet import KS1, RKZ, ZS, ZS_KS1
from fixtures.browser import screenshot_ink

# A reference that makes the browser fetch: src/href attributes, CSS url() and @import.
EXTERNAL = re.compile(
    r"""(?:\b(?:src|href|action|poster)\s*=\s*["']?\s*(?:https?:)?//)"""
    r"""|(?:url\(\s*["']?\s*(?:https?:)?//)|(?:@import)""",
    re.IGNORECASE,
)


@pytest.fixture
def aid_workspace(aid_db: Path) -> Iterator[Workspace]:
    with Workspace(aid_db) as ws:
        yield ws


def _data(html: str) -> dict:
    match = re.search(r'<script type="application/json" class="ag-data">(.*?)</script>', html, re.S)
    assert match, "the view carries its data as JSON"
    return json.loads(match.group(1))


# -- the HTML -------------------------------------------------------------------------


def test_page_is_self_contained(aid_graph: nx.MultiDiGraph) -> None:
    page = render_page(build_spec(aid_graph, kind="network", title="全网"))
    assert not EXTERNAL.search(page)
    assert "vis-network" in page and "@version 9.1.2" in page  # the library is inlined
    assert page.count('<h2 class="ag-title">') == 1  # pyvis renders its heading twice
    assert page.startswith("<!doctype html>") and '<meta charset="utf-8">' in page
    assert "default-src 'none'" in page  # the browser itself refuses to go online


def test_page_carries_every_node_and_edge(aid_graph: nx.MultiDiGraph) -> None:
    data = _data(render_page(build_spec(aid_graph, kind="network", title="t")))
    assert len(data["nodes"]) == aid_graph.number_of_nodes()
    assert len(data["edges"]) == aid_graph.number_of_edges()
    assert {n["id"] for n in data["nodes"]} == set(aid_graph.nodes)


def test_edge_tooltip_says_program_years_figures_and_source(aid_graph: nx.MultiDiGraph) -> None:
    spec = build_spec(aid_graph, kind="network", title="t")
    edge = next(
        e for e in spec.edges if e["from"] == ZS and e["to"] == KS1 and e["etype"] == "SUPPORTS"
    )
    title = edge["title"]
    assert "组团式援疆" in title
    assert "2016–2020" in title
    assert "experts_sent 12名" in title
    assert ZS_KS1 in title
    assert "援疆援藏报道" in title and "https://example.org/aid.html" in title


def test_node_tooltip_lists_facts(aid_graph: nx.MultiDiGraph) -> None:
    spec = build_spec(aid_graph, kind="network", title="t")
    region = next(n for n in spec.nodes if n["id"] == "Region:喀什地区")
    assert "prefecture" in region["title"] and "653100" in region["title"]
    assert "地区 Region" in region["title"]


def test_pinyin_labels_for_readers_without_chinese(aid_graph: nx.MultiDiGraph) -> None:
    plain = build_spec(aid_graph, kind="network", title="t")
    spec = build_spec(aid_graph, kind="network", title="t", pinyin=True)
    label = next(n["label"] for n in spec.nodes if n["id"] == RKZ)
    assert label == "日喀则市人民医院\nRì kā zé shì rén mín yī yuàn"
    assert next(n["label"] for n in plain.nodes if n["id"] == RKZ) == "日喀则市人民医院"
    assert to_pinyin("林芝") == "Lín zhī"


def test_legend_and_filters_follow_the_graph(aid_graph: nx.MultiDiGraph) -> None:
    spec = build_spec(aid_graph, kind="network", title="t")
    assert spec.node_types[:3] == ["Region", "Hospital", "Department"]
    assert spec.years == (1997, 2020)
    page = render_page(spec)
    for node_type in spec.node_types:
        assert f'data-type="{node_type}"' in page
    assert 'class="ag-from"' in page and 'min="1997"' in page


def test_undated_graph_has_no_year_filter() -> None:
    G = nx.MultiDiGraph()
    G.add_node("Hospital:甲", type="Hospital", name="甲")
    G.add_node("Hospital:乙", type="Hospital", name="乙")
    G.add_edge("Hospital:甲", "Hospital:乙", key="e:1", type="PAIRS_WITH", directed=False)
    spec = build_spec(G, kind="network", title="t")
    assert spec.years is None
    assert 'class="ag-from"' not in render_page(spec)
    assert spec.edges[0]["arrows"]["to"]["enabled"] is False  # PAIRS_WITH has no direction


def test_a_sentence_cannot_break_out_of_the_page() -> None:
    source = Source("c" * 64, SourceKind.ARTICLE, "https://example.org/x", "<b>标题</b>")
    hostile = "甲医院支援乙医院</script><script>alert(1)</script><!--"
    extraction = Extraction(source)
    extraction.add_node(Node("Hospital", "甲医院"))
    extraction.add_node(Node("Hospital", "乙医院"))
    provenance = [Provenance(source.id, "test", sentence=hostile)]
    extraction.add_edge(
        Edge("SUPPORTS", "Hospital:甲医院", "Hospital:乙医院", provenance=provenance)
    )
    store = Store(":memory:")
    store.land([extraction])
    page = render_page(build_spec(to_networkx(store), kind="network", title="<i>t</i>"))
    assert "<script>alert(1)</script>" not in page
    assert "<i>t</i>" not in page  # the heading is escaped
    assert hostile in _data(page)["edges"][0]["title"]  # and the data is intact


def test_fragments_get_unique_ids(aid_graph: nx.MultiDiGraph) -> None:
    spec = build_spec(aid_graph, kind="network", title="t")
    one, two = render_fragment(spec), render_fragment(spec)
    ids = [re.search(r'<div class="aidgraph-view" id="([^"]+)"', f).group(1) for f in (one, two)]
    assert ids[0] != ids[1]
    assert "<html" not in one and f'aidgraphMount("{ids[0]}")' in one
    assert not EXTERNAL.search(one)


def test_notebook_output_is_an_isolated_iframe(aid_graph: nx.MultiDiGraph) -> None:
    out = render_notebook(build_spec(aid_graph, kind="network", title="t"))
    assert out.startswith("<iframe srcdoc=") and "<script>" not in out  # escaped inside


def test_layout_plan_by_size() -> None:
    small, large, huge = plan_for(50), plan_for(PHYSICS_LIMIT + 1), plan_for(AGGREGATE_HINT + 1)
    assert not small.precompute and small.smooth and small.improved
    assert large.precompute and not large.smooth and not large.improved
    assert huge.hint_aggregate and not large.hint_aggregate


def test_large_view_comes_laid_out_and_offers_flows() -> None:
    G = nx.MultiDiGraph()
    for i in range(AGGREGATE_HINT + 1):
        G.add_node(f"Hospital:{i}", type="Hospital", name=f"医院{i}")
        if i:
            G.add_edge(f"Hospital:{i // 2}", f"Hospital:{i}", key=f"e:{i}", type="SUPPORTS")
    spec = build_spec(G, kind="network", title="t")
    assert "aidgraph viz flows" in spec.notice
    assert spec.options["physics"]["enabled"] is False
    xs = [n["x"] for n in spec.nodes]
    assert len(xs) == G.number_of_nodes() and len(set(xs)) > G.number_of_nodes() * 0.9


def test_precomputed_layout_keeps_neighbours_close() -> None:
    # Two 50-node rings joined by nothing: a node's ring neighbour is nearer than a
    # random node of the other ring.
    G = nx.union(nx.cycle_graph(50), nx.cycle_graph(50), rename=("a", "b"))
    pos = precomputed_positions(G)
    assert pos == precomputed_positions(G)  # deterministic

    def dist(u: str, v: str) -> float:
        return ((pos[u][0] - pos[v][0]) ** 2 + (pos[u][1] - pos[v][1]) ** 2) ** 0.5

    neighbour = sum(dist(f"a{i}", f"a{(i + 1) % 50}") for i in range(50)) / 50
    across = sum(dist(f"a{i}", f"b{i}") for i in range(50)) / 50
    assert neighbour < across / 2


# -- the named views --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("ego", {"entity": "喀什一院", "depth": 1}, {KS1, ZS, "Region:喀什地区"}),
        ("program", {"name": "组团式援藏"}, {RKZ, "Technique:腹腔镜手术"}),
        ("alliance", {"name": "喀什地区医疗联盟"}, {KS1, "Hospital:莎车县人民医院"}),
        ("flows", {"level": "province"}, {"Region:上海市", "Region:新疆维吾尔自治区"}),
        ("network", {}, {KS1, "Program:东西部协作"}),
    ],
)
def test_each_view_selects_its_graph(
    aid_workspace: Workspace, kind: str, params: dict, expected: set[str]
) -> None:
    chosen = view_graph(kind, aid_workspace, **params)
    assert expected <= set(chosen.graph.nodes)
    page = render_view(kind, aid_workspace, **params)
    assert len(_data(page)["nodes"]) == chosen.graph.number_of_nodes()


def test_text_parameters_from_the_command_line(aid_workspace: Workspace) -> None:
    as_text = view_graph("ego", aid_workspace, entity=KS1, depth="1", max_nodes="50").graph
    assert set(as_text.nodes) == set(view_graph("ego", aid_workspace, entity=KS1, depth=1).graph)
    query = "MATCH (h:Hospital {id: $id}) RETURN h"
    G = view_graph(
        "query", aid_workspace, language="cypher", query=query, params=f'{{"id": "{KS1}"}}'
    )
    assert set(G.graph.nodes) == {KS1}


def test_ego_view_rings_the_centre(aid_workspace: Workspace) -> None:
    data = _data(render_view("ego", aid_workspace, entity=KS1, depth=1))
    centre = next(n for n in data["nodes"] if n["id"] == KS1)
    assert centre["borderWidth"] == 4
    others = [n for n in data["nodes"] if n["id"] != KS1]
    assert all("borderWidth" not in n for n in others)


def test_flow_widths_follow_the_chosen_measure(aid_workspace: Workspace) -> None:
    by_count = view_graph("flows", aid_workspace, level="province").graph
    by_experts = view_graph("flows", aid_workspace, level="province", weight="experts_sent").graph
    shanghai_xinjiang = ("Region:上海市", "Region:新疆维吾尔自治区")
    # 中山医院→喀什一院 (12), 上海六院→喀什一院 (8), 中山医院→莎车县人民医院 (5),
    # 中山医院→消化内科 (no figure), 上海市→喀什地区 (no figure).
    assert by_count.edges[shanghai_xinjiang]["weight"] == 5
    assert by_experts.edges[shanghai_xinjiang]["weight"] == 25
    spec = build_spec(by_experts, kind="flows", title="t", weight="weight")
    edge = next(e for e in spec.edges if (e["from"], e["to"]) == shanghai_xinjiang)
    assert edge["value"] == 25 and "关系 relations: 5" in edge["title"]


def test_cypher_answer_draws_the_returned_relationships(aid_workspace: Workspace) -> None:
    query = "MATCH (a:Hospital)-[r:SUPPORTS]->(b:Hospital) RETURN a, r, b"
    G = view_graph("query", aid_workspace, language="cypher", query=query).graph
    assert G.number_of_edges() == 6  # hospital → hospital support in the aid network
    assert all(d["type"] == "SUPPORTS" for _, _, d in G.edges(data=True))
    assert {ZS, KS1, RKZ} <= set(G.nodes)


def test_sparql_answer_draws_entities_and_relations_among_them(aid_workspace: Workspace) -> None:
    query = "SELECT ?h WHERE { ?h a ag:Hospital ; skos:prefLabel ?n FILTER(CONTAINS(?n, '喀什')) }"
    G = view_graph("query", aid_workspace, language="sparql", query=query).graph
    assert set(G.nodes) == {KS1}
    G = view_graph(
        "query",
        aid_workspace,
        language="sparql",
        query="SELECT ?a ?b WHERE { ?a ag:supports ?b . ?a a ag:Hospital . ?b a ag:Hospital }",
    ).graph
    assert (ZS, KS1) in G.edges() and G.number_of_nodes() >= 6


def test_result_rows_in_every_shape(aid_graph: nx.MultiDiGraph) -> None:
    edge_key = next(
        k
        for u, v, k, d in aid_graph.edges(keys=True, data=True)
        if (u, v) == (ZS, KS1) and d["type"] == "SUPPORTS"
    )
    path = {
        "nodes": [{"_label": "Hospital", "id": ZS}],
        "relationships": [{"_type": "SUPPORTS", "id": edge_key}],
    }
    G = result_subgraph(aid_graph, [[path]])
    assert set(G.nodes) == {ZS, KS1} and list(G.edges(keys=True)) == [(ZS, KS1, edge_key)]
    G = result_subgraph(aid_graph, [[node_iri(ZS), relation_iri(edge_key)]])
    assert list(G.edges(keys=True)) == [(ZS, KS1, edge_key)]
    G = result_subgraph(aid_graph, [[ZS, 3, None], [KS1, "not an id", 2.5]])
    assert set(G.nodes) == {ZS, KS1}
    assert {d["type"] for _, _, d in G.edges(data=True)} == {"SUPPORTS", "PAIRS_WITH"}


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("galaxy", {}, "unknown view 'galaxy'"),
        ("ego", {}, "bad parameters for the ego view"),
        ("ego", {"entity": "中山医院"}, "ambiguous"),
        ("ego", {"entity": "不存在医院"}, "no entity named"),
        (
            "flows",
            {"weight": "beds"},
            "unknown flow weight 'beds'; choose one of relations, experts_sent",
        ),
        ("program", {"name": "不存在项目"}, "no relations belong to program"),
        ("query", {"language": "gremlin", "query": "g.V()"}, "choose cypher or sparql"),
        ("ego", {"entity": KS1, "depth": "two"}, "depth must be an integer, got 'two'"),
        ("query", {"language": "cypher", "query": "RETURN 1", "params": "[1]"}, "JSON object"),
        (
            "query",
            {"language": "sparql", "query": "SELECT ?x WHERE { ?x ag:none ?y }"},
            "names no entity",
        ),
    ],
)
def test_user_errors_are_messages(
    aid_workspace: Workspace, kind: str, params: dict, message: str
) -> None:
    with pytest.raises(ViewError, match=re.escape(message)):
        render_view(kind, aid_workspace, **params)


# -- files and static figures -------------------------------------------------------------


def test_write_view_writes_utf8_html(aid_workspace: Workspace, tmp_path: Path) -> None:
    out = write_view(aid_workspace, "program", tmp_path / "sub" / "p.html", name="组团式援疆")
    text = out.read_bytes().decode("utf-8")
    assert "组团式援疆" in text and not EXTERNAL.search(text)
    frag = write_view(
        aid_workspace, "program", tmp_path / "f.html", fragment=True, name="组团式援疆"
    )
    assert frag.read_text(encoding="utf-8").startswith('<div class="aidgraph-view"')
    with pytest.raises(ViewError, match="only applies to HTML"):
        write_view(aid_workspace, "network", tmp_path / "x.svg", fmt="svg", fragment=True)


def test_svg_keeps_labels_as_text(aid_workspace: Workspace, tmp_path: Path) -> None:
    out = write_view(
        aid_workspace, "program", tmp_path / "p.svg", fmt="svg", pinyin=True, name="组团式援藏"
    )
    svg = out.read_text(encoding="utf-8")
    texts = re.findall(r"<text[^>]*>([^<]*)", svg)
    assert "日喀则市人民医院" in texts and "Rì kā zé shì rén mín yī yuàn" in texts
    assert "医院 Hospital" in texts and "支援 SUPPORTS" in texts  # the legend
    assert "Noto Sans CJK SC" in svg
    assert not EXTERNAL.search(svg)


def test_png_is_drawn(aid_workspace: Workspace, tmp_path: Path) -> None:
    out = write_view(aid_workspace, "flows", tmp_path / "f.png", fmt="png", level="province")
    png = out.read_bytes()
    assert png.startswith(b"\x89PNG")
    assert screenshot_ink(png) > 0.01


def test_static_figure_refuses_a_hairball() -> None:
    G = nx.path_graph(STATIC_NODE_LIMIT + 1)
    with pytest.raises(ValueError, match="too many for a printed figure"):
        render_static(G, fmt="svg", title="t")


def test_flow_quotes_its_relations_when_flow_graph_lists_them(aid_graph: nx.MultiDiGraph) -> None:
    # flow_graph may list the relations behind each flow (``edges``); their sentences
    # then travel into the flow's tooltip and the sources list.
    from aidgraph.viz.views import _weighted_flows

    key = next(
        k
        for u, v, k, d in aid_graph.edges(keys=True, data=True)
        if d["type"] == "SUPPORTS" and (u, v) == (ZS, KS1)
    )
    flows = nx.DiGraph(level="province")
    flows.add_node("Region:上海市", type="Region", name="上海市", level="province")
    flows.add_node(
        "Region:新疆维吾尔自治区", type="Region", name="新疆维吾尔自治区", level="province"
    )
    flows.add_edge("Region:上海市", "Region:新疆维吾尔自治区", count=1, figures={}, edges=[key])
    drawn = _weighted_flows(aid_graph, flows, "relations")
    spec = build_spec(drawn, kind="flows", title="t", weight="weight")
    assert ZS_KS1 in spec.edges[0]["title"]
    assert [s["title"] for s in spec.sources] == ["援疆援藏报道"]


def test_the_whole_network_view_refuses_a_graph_too_large_to_draw(tmp_path):
    from aidgraph.graph.synthetic import build_synthetic_store
    from aidgraph.queries.workspace import Workspace
    from aidgraph.viz.layout import INTERACTIVE_NODE_LIMIT
    from aidgraph.viz.views import ViewError, render_view

    db = tmp_path / "big.db"
    build_synthetic_store(db, INTERACTIVE_NODE_LIMIT + 1000, INTERACTIVE_NODE_LIMIT * 2, 0)
    with Workspace(db) as ws, pytest.raises(ViewError, match="flows"):
        render_view("network", ws)
