"""The subgraph a Cypher or SPARQL answer refers to, for drawing a query's result.

Query rows hold graph elements in whatever shape the engine returns them: Cypher nodes
(``{"_label", "id", ...}``), relationships (``{"_type", "id", "source", "target"}``) and
paths (``{"nodes", "relationships"}``), SPARQL IRIs of entities (``…/id/Hospital/名``)
and relations (``…/rel/e:…``), or bare ids in any column. Every cell is walked and each
reference is looked up in the analysis graph, so the drawing shows the stored facts
(with their provenance), not the query's projection of them.

If the answer names relationships, the view shows those relationships and their ends.
If it names only entities, it shows them and every relation among them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import networkx as nx

from aidgraph.queries.aggregate import edge_index

# The RDF mapping's IRI base (aidgraph.queries.rdf.BASE); not imported so that drawing a
# Cypher answer does not need the SPARQL extra.
RDF_BASE = "https://w3id.org/aidgraph/"


@dataclass
class References:
    nodes: set[str] = field(default_factory=set)
    edges: set[str] = field(default_factory=set)


def result_subgraph(G: nx.MultiDiGraph, rows: Iterable[Iterable[Any]]) -> nx.MultiDiGraph:
    """The part of ``G`` the result ``rows`` refer to (empty if they name nothing in it)."""
    edges = edge_index(G)
    found = References()
    for row in rows:
        for cell in row:
            _collect(cell, G, edges, found)
    sub = nx.MultiDiGraph(**G.graph)
    for node in found.nodes:
        sub.add_node(node, **G.nodes[node])
    if found.edges:
        for key in sorted(found.edges):
            u, v = edges[key]
            for node in (u, v):
                if node not in sub:
                    sub.add_node(node, **G.nodes[node])
            sub.add_edge(u, v, key=key, **G.edges[u, v, key])
    else:
        for u, v, key, data in G.subgraph(found.nodes).edges(keys=True, data=True):
            sub.add_edge(u, v, key=key, **data)
    return sub


def _collect(value: Any, G: nx.MultiDiGraph, edges: dict, found: References) -> None:
    if isinstance(value, str):
        _collect_text(value, G, edges, found)
    elif isinstance(value, dict):
        ref = value.get("id")
        if isinstance(ref, str) and (ref in G or ref in edges):
            _collect_text(ref, G, edges, found)
        else:
            for inner in value.values():
                _collect(inner, G, edges, found)
    elif isinstance(value, list | tuple):
        for inner in value:
            _collect(inner, G, edges, found)


def _collect_text(text: str, G: nx.MultiDiGraph, edges: dict, found: References) -> None:
    ref = _from_iri(text)
    if ref in edges:
        found.edges.add(ref)
    elif ref in G:
        found.nodes.add(ref)


def _from_iri(text: str) -> str:
    """``…/id/Hospital/东莞市人民医院`` → ``Hospital:东莞市人民医院``; ``…/rel/e:…`` → ``e:…``."""
    if not text.startswith(RDF_BASE):
        return text
    rest = text[len(RDF_BASE) :]
    if rest.startswith("id/"):
        node_type, _, name = rest[3:].partition("/")
        return f"{node_type}:{unquote(name)}"
    if rest.startswith("rel/"):
        return unquote(rest[4:])
    return text
