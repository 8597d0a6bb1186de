"""Load the store into a networkx MultiDiGraph for analysis.

Conventions every consumer relies on (queries, views, API):

- node key: the node id (``Hospital:东莞市人民医院``); attributes ``type``, ``name``,
  ``aliases`` (sorted list) and every entry of ``Node.attrs`` under ``attrs``;
- edge key: the edge id; attributes ``type``, ``program``, ``start``, ``end``,
  ``figures`` (name → {"value", "approx", "unit", "text"}), ``attrs``, ``directed``
  and ``provenance`` (a list of dicts: source_id, uri, title, sentence, start, end,
  line, extractor; keys whose value is unknown are left out);
- PAIRS_WITH is undirected: it is added once, from its sorted-first end, with
  ``directed=False``; analyses that need symmetry use ``to_undirected()``;
- ``G.graph["sources"]``: source id → source dict; ``G.graph["revision"]``: the store
  revision the graph was built from.

The graph is built from the store's raw rows rather than model objects: on a graph of
half a million edges, constructing and validating an object per row costs minutes.
"""

from __future__ import annotations

import gc
from typing import Any

import networkx as nx

from aidgraph.graph.model import EdgeType
from aidgraph.graph.store import Store

_PROVENANCE_KEYS = ("source_id", "extractor", "sentence", "start", "end", "line")
_UNDIRECTED = {str(t) for t in EdgeType if not t.directed}


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """Build the analysis graph from everything in ``store``."""
    # Building allocates millions of containers and none of them is garbage yet, so the
    # cyclic collector's repeated passes over them are pure cost (a third of the time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(store)
    finally:
        if enabled:
            gc.enable()


def _build(store: Store) -> nx.MultiDiGraph:
    sources = {s["id"]: s for s in store.sources()}
    graph = nx.MultiDiGraph(sources=sources, revision=store.revision())
    graph.add_nodes_from(
        (node_id, {"type": kind, "name": name, "aliases": aliases, "attrs": attrs})
        for node_id, kind, name, aliases, attrs in store.node_rows()
    )
    provenance = _edge_provenance(store, sources)
    graph.add_edges_from(
        (
            source,
            target,
            edge_id,
            {
                "type": kind,
                "program": program,
                "start": start,
                "end": end,
                "figures": figures,
                "attrs": attrs,
                "directed": kind not in _UNDIRECTED,
                "provenance": provenance.get(edge_id, []),
            },
        )
        for edge_id, kind, source, target, program, start, end, figures, attrs in store.edge_rows()
    )
    return graph


def _edge_provenance(
    store: Store, sources: dict[str, dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    about = {sid: (s.get("uri"), s.get("title")) for sid, s in sources.items()}
    out: dict[str, list[dict[str, Any]]] = {}
    for subject, *values in store.provenance_rows():
        if not subject.startswith("e:"):
            continue  # node provenance is read on demand from the store
        record = {k: v for k, v in zip(_PROVENANCE_KEYS, values, strict=True) if v is not None}
        record["uri"], record["title"] = about.get(values[0], (None, None))
        out.setdefault(subject, []).append(record)
    return out
