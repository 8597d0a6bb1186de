"""The named views and the one entry point the CLI and the API call.

A view kind picks a graph through aidgraph.queries (never the store directly), then
renders it: an HTML page, an HTML fragment, or a static SVG/PNG figure.

=========  =====================================  ==========================================
kind       parameters                             graph
=========  =====================================  ==========================================
ego        entity, depth=2, relations, max_nodes  queries.network.ego_subgraph
network                                           the whole workspace graph
flows      level, weight, relations, program      queries.support.flow_graph (region→region)
program    name                                   queries.support.program_subgraph
alliance   name                                   queries.support.alliance_subgraph
query      language (cypher|sparql), query,       queries.cypher.run_cypher /
           params                                 queries.sparql.run_sparql → subgraph
=========  =====================================  ==========================================
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from aidgraph.queries.aggregate import edge_index
from aidgraph.queries.entities import EntityError, resolve
from aidgraph.queries.network import ego_subgraph
from aidgraph.queries.support import alliance_subgraph, flow_graph, program_subgraph
from aidgraph.queries.workspace import Workspace
from aidgraph.viz.build import ViewSpec, build_spec
from aidgraph.viz.layout import INTERACTIVE_NODE_LIMIT
from aidgraph.viz.query_graph import result_subgraph
from aidgraph.viz.render import render_fragment, render_notebook, render_page
from aidgraph.viz.static_figure import StaticFigureError, render_static

KINDS = ("ego", "network", "flows", "program", "alliance", "query")
FORMATS = ("html", "svg", "png")


class ViewError(ValueError):
    """A view that cannot be made; the message is meant for the user."""


@dataclass
class ViewGraph:
    """The graph a view draws, its heading, and the edge attribute for widths."""

    graph: nx.Graph
    title: str
    weight: str | None = None
    notice: str | None = None


def view_graph(kind: str, ws: Workspace, **params: Any) -> ViewGraph:
    """Select the graph for ``kind``; raises :class:`ViewError` with a readable message."""
    select = _SELECTORS.get(kind)
    if select is None:
        raise ViewError(f"unknown view {kind!r}; choose one of {', '.join(KINDS)}")
    signature = inspect.signature(select)
    try:
        signature.bind(None, None, **params)
    except TypeError as exc:
        raise ViewError(f"bad parameters for the {kind} view: {exc}") from None
    params = {k: _coerce(k, v, signature.parameters[k].annotation) for k, v in params.items()}
    try:
        return select(ws.graph(), ws, **params)
    except EntityError as exc:
        raise ViewError(str(exc)) from None


def _coerce(name: str, value: Any, annotation: str) -> Any:
    """Text from a command line or query string, as the parameter's type (int, JSON map)."""
    if not isinstance(value, str):
        return value
    if annotation.startswith("int"):
        try:
            return int(value)
        except ValueError:
            raise ViewError(f"{name} must be an integer, got {value!r}") from None
    if annotation.startswith("dict"):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            parsed = None
        if not isinstance(parsed, dict):
            raise ViewError(f"{name} must be a JSON object, got {value!r}")
        return parsed
    return value


def view_spec(kind: str, ws: Workspace, *, pinyin: bool = False, **params: Any) -> ViewSpec:
    chosen = view_graph(kind, ws, **params)
    return build_spec(
        chosen.graph,
        kind=kind,
        title=chosen.title,
        pinyin=pinyin,
        weight=chosen.weight,
        notice=chosen.notice,
    )


def render_view(
    kind: str,
    ws: Workspace,
    *,
    fragment: bool = False,
    notebook: bool = False,
    pinyin: bool = False,
    **params: Any,
) -> str:
    """A view as HTML: a whole page (default), a fragment, or notebook output."""
    spec = view_spec(kind, ws, pinyin=pinyin, **params)
    if notebook:
        return render_notebook(spec)
    return render_fragment(spec) if fragment else render_page(spec)


def write_view(
    ws: Workspace,
    kind: str,
    out: str | Path,
    *,
    fmt: str = "html",
    fragment: bool = False,
    pinyin: bool = False,
    **params: Any,
) -> Path:
    """Write a view to ``out`` as HTML (page or fragment), SVG or PNG; returns the path."""
    if fmt not in FORMATS:
        raise ViewError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fragment and fmt != "html":
        raise ViewError("--fragment only applies to HTML output")
    out = Path(out)
    if fmt == "html":
        content = render_view(kind, ws, fragment=fragment, pinyin=pinyin, **params).encode()
    else:
        chosen = view_graph(kind, ws, **params)
        try:
            content = render_static(
                chosen.graph, fmt=fmt, title=chosen.title, pinyin=pinyin, weight=chosen.weight
            )
        except StaticFigureError as exc:
            raise ViewError(str(exc)) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)  # bytes: UTF-8 whatever the locale
    return out


# -- selecting each kind's graph ----------------------------------------------------------


def _ego(
    G: nx.MultiDiGraph,
    ws: Workspace,
    *,
    entity: str,
    depth: int = 2,
    relations: str | None = None,
    max_nodes: int | None = None,
) -> ViewGraph:
    if depth < 0:
        raise ViewError("depth must not be negative")
    sub = ego_subgraph(G, entity, depth, relations, max_nodes)
    center = sub.graph["center"]
    notice = None
    if sub.graph.get("truncated"):
        notice = f"Cut at {max_nodes} entities: raise max_nodes to see the whole neighbourhood."
    title = f"{G.nodes[center]['name']} · 关系网 ego network, depth {depth}"
    return ViewGraph(sub, title, notice=notice)


def _network(G: nx.MultiDiGraph, ws: Workspace) -> ViewGraph:
    if G.number_of_nodes() > INTERACTIVE_NODE_LIMIT:
        raise ViewError(
            f"the whole network has {G.number_of_nodes():,} entities, more than a view can "
            f"show ({INTERACTIVE_NODE_LIMIT:,}); use the region flow view (kind 'flows') "
            "or an ego network instead"
        )
    return ViewGraph(G, "全网 The whole aid network")


def _flows(
    G: nx.MultiDiGraph,
    ws: Workspace,
    *,
    level: str = "province",
    weight: str = "relations",
    relations: str | None = "SUPPORTS",
    program: str | None = None,
) -> ViewGraph:
    flows = flow_graph(G, level, relations, program)
    if flows.number_of_edges() == 0:
        raise ViewError("no aid flows to draw: the graph has no matching relations")
    drawn = _weighted_flows(G, flows, weight)
    scope = f", program {program}" if program else ""
    title = f"援助流向 Aid flows by {level}{scope} · width = {weight}"
    return ViewGraph(drawn, title, weight="weight")


def _weighted_flows(G: nx.MultiDiGraph, flows: nx.DiGraph, weight: str) -> nx.DiGraph:
    """The flow graph in the drawing conventions, ``weight`` set to the chosen measure.

    A flow aggregates many relations; when flow_graph lists them (``edges``), their
    provenance comes along so each flow still says where it came from.
    """
    known = sorted({name for _, _, d in flows.edges(data=True) for name in d["figures"]})
    if weight != "relations" and weight not in known:
        choices = ", ".join(["relations", *known])
        raise ViewError(f"unknown flow weight {weight!r}; choose one of {choices}")
    drawn = nx.DiGraph(**flows.graph, sources=G.graph.get("sources", {}))
    for node, data in flows.nodes(data=True):
        attrs = {"level": data["level"]} if data.get("level") else {}
        drawn.add_node(node, type=data.get("type"), name=data.get("name"), attrs=attrs)
    index = edge_index(G) if _lists_edges(flows) else {}
    for u, v, data in flows.edges(data=True):
        value = data["count"] if weight == "relations" else data["figures"].get(weight, 0)
        provenance = [p for key in data.get("edges", []) for p in _provenance(G, index, key)]
        drawn.add_edge(
            u,
            v,
            type="FLOW",
            directed=True,
            weight=value,
            count=data["count"],
            programs=data.get("programs", []),
            figures=data["figures"],
            provenance=provenance,
        )
    return drawn


def _lists_edges(flows: nx.DiGraph) -> bool:
    return any("edges" in d for _, _, d in flows.edges(data=True))


def _provenance(G: nx.MultiDiGraph, index: dict, key: str) -> list[dict[str, Any]]:
    if key not in index:
        return []
    u, v = index[key]
    return G.edges[u, v, key].get("provenance", [])


def _program(G: nx.MultiDiGraph, ws: Workspace, *, name: str) -> ViewGraph:
    return ViewGraph(program_subgraph(G, name), f"{name} · 项目 program")


def _alliance(G: nx.MultiDiGraph, ws: Workspace, *, name: str) -> ViewGraph:
    node = resolve(G, name, type="Alliance")
    sub = alliance_subgraph(G, name)
    return ViewGraph(sub, f"{G.nodes[node]['name']} · 联盟 alliance and its members")


def _query(
    G: nx.MultiDiGraph,
    ws: Workspace,
    *,
    language: str,
    query: str,
    params: dict[str, Any] | None = None,
) -> ViewGraph:
    rows, truncated = _run_query(ws, language, query, params)
    sub = result_subgraph(G, rows)
    if sub.number_of_nodes() == 0:
        raise ViewError(
            "the query's answer names no entity or relation of the graph: return nodes, "
            "relationships, paths or ids to draw it"
        )
    notice = "The answer was cut at the row limit; this draws those rows." if truncated else None
    first_line = " ".join(query.split())[:80]
    return ViewGraph(sub, f"{language.upper()} · {first_line}", notice=notice)


def _run_query(
    ws: Workspace, language: str, query: str, params: dict[str, Any] | None
) -> tuple[list[list[Any]], bool]:
    language = language.lower()
    if language == "cypher":
        from aidgraph.queries.cypher import CypherError, run_cypher

        try:
            table = run_cypher(ws, query, params)
        except CypherError as exc:
            raise ViewError(str(exc)) from None
        return table.rows, table.truncated
    if language == "sparql":
        from aidgraph.queries.sparql import SparqlError, run_sparql

        try:
            result = run_sparql(ws, query)
        except SparqlError as exc:
            raise ViewError(str(exc)) from None
        table = result.to_table()
        return table.rows, table.truncated
    raise ViewError(f"unknown query language {language!r}; choose cypher or sparql")


_SELECTORS: dict[str, Callable[..., ViewGraph]] = {
    "ego": _ego,
    "network": _network,
    "flows": _flows,
    "program": _program,
    "alliance": _alliance,
    "query": _query,
}
