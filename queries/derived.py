"""Per-graph memo for derived structures (name index, region placement, communities).

Questions are plain functions of a graph, but several of them need an index that is
expensive to build on a 100k-node graph (a name index, the region of every node, a
simple undirected projection). Building it once per graph object and forgetting it when
the graph goes away keeps the functions pure for callers while making repeated questions
fast: a :class:`~aidgraph.queries.workspace.Workspace` hands out one graph per store
revision, so a new ingest gets a new graph and therefore fresh indexes.

The memo lives outside ``G.graph`` so it never leaks into serialised graphs.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import networkx as nx

T = TypeVar("T")

_MEMO: weakref.WeakKeyDictionary[nx.Graph, dict[Hashable, Any]] = weakref.WeakKeyDictionary()


def derived(graph: nx.Graph, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` once per ``graph`` object and ``key``; later calls return the same value.

    Graphs handed out by a workspace are never mutated, so the memo trusts them; the
    node count is part of the key only as a cheap guard against a graph grown after an
    index was built (the edge count would be safer but costs O(E) on a MultiDiGraph).
    """
    memo = _MEMO.setdefault(graph, {})
    full_key = (key, len(graph))
    if full_key not in memo:
        memo[full_key] = build()
    return memo[full_key]
