"""Turn a networkx graph into a view: vis-network nodes, edges and options, plus legend data.

pyvis does what it is good at here (collecting node and edge dicts and its physics
options); rendering is ours (aidgraph.viz.render), because pyvis' own HTML loads its
scripts from CDNs. The input follows aidgraph.graph.nxgraph's conventions (node attrs
``type``, ``name``, ``aliases``, ``attrs``; edge attrs ``type``, ``program``,
``start``, ``end``, ``figures``, ``provenance``); a view-specific ``weight`` edge
attribute, when asked for, sets edge width.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from pyvis.network import Network

from aidgraph.viz.labels import cited_sources, edge_title, node_label, node_title, romanised
from aidgraph.viz.layout import LayoutPlan, plan_for, precomputed_positions, vis_options
from aidgraph.viz.style import (
    EDGE_STYLES,
    NODE_STYLES,
    css_font_stack,
    edge_style,
    in_legend_order,
    node_style,
)


@dataclass
class ViewSpec:
    """Everything a renderer needs, independent of HTML or matplotlib."""

    kind: str
    title: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    plan: LayoutPlan
    node_types: list[str] = field(default_factory=list)
    edge_types: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    notice: str | None = None
    pinyin: bool = False  # labels start with their pinyin line (a checkbox toggles it)

    def data_json(self) -> str:
        """The nodes, edges and options as JSON safe to place inside a <script> element."""
        payload = {"nodes": self.nodes, "edges": self.edges, "options": self.options}
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
        # "</script>" or "<!--" inside a quoted sentence must not end the element; "<"
        # can only occur inside JSON strings, where \u003c means the same character.
        return text.replace("<", "\\u003c")


def build_spec(
    G: nx.Graph,
    *,
    kind: str,
    title: str,
    pinyin: bool = False,
    weight: str | None = None,
    notice: str | None = None,
) -> ViewSpec:
    """The view of ``G``; ``weight`` names an edge attribute that sets edge width."""
    plan = plan_for(G.number_of_nodes())
    net = Network(directed=True)  # directed: pyvis skips its O(n²) duplicate-edge check
    net.node_ids = _IdList()
    net.force_atlas_2based()  # the fastest vis-network solver here (bench/bench_viz.py)
    names = {n: (d.get("name") or str(n)) for n, d in G.nodes(data=True)}
    positions = precomputed_positions(G) if plan.precompute else {}
    for node, data in G.nodes(data=True):
        _add_node(net, G, node, data, pinyin, positions.get(node))
    sources = G.graph.get("sources", {})
    edge_data = []
    for key, u, v, data in _edges(G):
        edge_data.append(data)
        _add_edge(net, key, u, v, data, names, sources, weight)
    options = vis_options(plan, json.loads(net.options.to_json()), css_font_stack())
    notice = notice or _size_notice(plan, G.number_of_nodes())
    return ViewSpec(
        kind=kind,
        title=title,
        nodes=net.nodes,
        edges=net.edges,
        options=options,
        plan=plan,
        node_types=in_legend_order((d.get("type", "") for _, d in G.nodes(data=True)), NODE_STYLES),
        edge_types=in_legend_order((d.get("type", "") for d in edge_data), EDGE_STYLES),
        years=_year_range(edge_data),
        sources=cited_sources(edge_data, sources),
        notice=notice,
        pinyin=pinyin,
    )


class _IdList(list):
    """pyvis' node id list with O(1) membership.

    pyvis tests ``id in node_ids`` (a list) for every node and both ends of every edge:
    O(n) each, 2.4 of the 4.8 s to build a 5,000-node view before this.
    """

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _edges(G: nx.Graph):
    if G.is_multigraph():
        for u, v, key, data in G.edges(keys=True, data=True):
            yield str(key), u, v, data
    else:
        for u, v, data in G.edges(data=True):
            yield data.get("id") or f"{u}→{v}", u, v, data


def _add_node(
    net: Network,
    G: nx.Graph,
    node: Any,
    data: dict[str, Any],
    pinyin: bool,
    position: tuple[float, float] | None,
) -> None:
    node_type = data.get("type", "")
    style = node_style(node_type)
    name = data.get("name") or str(node)
    colour: str | dict[str, str] = style.colour
    extra: dict[str, Any] = {}
    if node == G.graph.get("center"):  # an ego view's centre gets a dark ring
        colour = {"background": style.colour, "border": "#222222"}
        extra = {"borderWidth": 4}
    if position is not None:
        extra.update(x=round(position[0], 1), y=round(position[1], 1))
    net.add_node(
        str(node),
        label=node_label(name, data.get("attrs") or {}, pinyin),
        shape=style.vis_shape,
        color=colour,
        title=node_title(str(node), data, pinyin),
        value=max(1, G.degree(node)),
        ntype=node_type,
        name=name,
        romanised=romanised(name, data.get("attrs") or {}),
        **extra,
    )


def _add_edge(
    net: Network,
    key: str,
    u: Any,
    v: Any,
    data: dict[str, Any],
    names: dict[Any, str],
    sources: dict[str, dict],
    weight: str | None,
) -> None:
    edge_type = data.get("type", "")
    style = edge_style(edge_type)
    options: dict[str, Any] = {
        "id": key,
        "title": edge_title(data, names[u], names[v], sources),
        "color": style.colour,
        "dashes": style.dashes,
        "etype": edge_type,
        "start": data.get("start"),
        "end": data.get("end"),
        "arrows": {"to": {"enabled": data.get("directed", True), "scaleFactor": 0.6}},
    }
    if weight is not None:
        value = float(data.get(weight) or 0)
        options["value"] = value
        options["label"] = f"{value:g}"
    net.add_edge(str(u), str(v), **options)


def _year_range(edges: list[dict[str, Any]]) -> tuple[int, int] | None:
    years = [y for d in edges for y in (d.get("start"), d.get("end")) if y]
    return (min(years), max(years)) if years else None


def _size_notice(plan: LayoutPlan, n_nodes: int) -> str | None:
    if plan.hint_aggregate:
        return (
            f"{n_nodes} nodes: laid out once, without live physics. For an overview, the region "
            "flow view (aidgraph viz flows) aggregates this into provinces and prefectures."
        )
    if plan.precompute:
        return f"{n_nodes} nodes: laid out once, without live physics; drag to rearrange."
    return None
