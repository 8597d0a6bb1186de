"""Load the store into a networkx MultiDiGraph for analysis.

Conventions every consumer relies on (queries, views, API):

- node key: the node id (``Hospital:东莞市人民医院``); attributes ``type``, ``name``,
  ``aliases`` (sorted list) and every entry of ``Node.attrs`` under ``attrs``;
- edge key: the edge id; attributes ``type``, ``program``, ``start``, ``end``,
  ``figures`` (name → {"value", "approx", "unit", "text"}), ``attrs``, ``directed``
  and ``provenance`` (a list of dicts: source_id, uri, title, sentence, start, end,
  line, extractor);
- PAIRS_WITH is undirected: it is added once, from its sorted-first end, with
  ``directed=False``; analyses that need symmetry use ``to_undirected()``;
- ``G.graph["sources"]``: source id → source dict; ``G.graph["revision"]``: the store
  revision the graph was built from.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from aidgraph.graph.model import Edge, Node
from aidgraph.graph.store import Store


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """Build the analysis graph from everything in ``store``."""
    sources = {s["id"]: s for s in store.sources()}
    graph = nx.MultiDiGraph(sources=sources, revision=store.revision())
    for node in store.iter_nodes(with_provenance=False):
        graph.add_node(node.id, **node_attributes(node))
    for edge in store.iter_edges(with_provenance=True):
        graph.add_edge(edge.source, edge.target, key=edge.id, **edge_attributes(edge, sources))
    return graph


def node_attributes(node: Node) -> dict[str, Any]:
    return {
        "type": str(node.type),
        "name": node.name,
        "aliases": sorted(node.aliases),
        "attrs": dict(node.attrs),
    }


def edge_attributes(edge: Edge, sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    provenance = []
    for p in edge.provenance:
        source = sources.get(p.source_id, {})
        provenance.append({**p.to_dict(), "uri": source.get("uri"), "title": source.get("title")})
    return {
        "type": str(edge.type),
        "program": edge.program,
        "start": edge.start,
        "end": edge.end,
        "figures": {k: f.to_dict() for k, f in edge.figures.items()},
        "attrs": dict(edge.attrs),
        "directed": edge.type.directed,
        "provenance": provenance,
    }
