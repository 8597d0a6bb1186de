"""Walking the aid graph ignoring edge direction: neighbourhoods, shortest and bounded paths.

"How is A connected to B" and "what is around A" are questions about connection, not
about who supports whom, so these walks follow edges both ways (an edge's direction is
still reported with it). They read the MultiDiGraph's adjacency directly instead of
building ``G.to_undirected()``, which would copy 500k edges on every call.

Every walk can be restricted to some relation types (``types``): a path through
LOCATED_IN says only that two hospitals are in the same province.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx


@dataclass(frozen=True)
class Step:
    """One edge walked from ``node`` to ``other``; ``forward`` is False if walked backwards."""

    node: str
    other: str
    key: str
    data: dict[str, Any]
    forward: bool

    @property
    def source(self) -> str:
        return self.node if self.forward else self.other

    @property
    def target(self) -> str:
        return self.other if self.forward else self.node


def steps(G: nx.MultiDiGraph, node: str, types: Collection[str] | None = None) -> Iterator[Step]:
    """Every edge at ``node``, out-edges first, as steps away from it."""
    for other, keyed in G._succ[node].items():
        for key, data in keyed.items():
            if types is None or data["type"] in types:
                yield Step(node, other, key, data, True)
    for other, keyed in G._pred[node].items():
        for key, data in keyed.items():
            if types is None or data["type"] in types:
                yield Step(node, other, key, data, False)


def neighbours(G: nx.MultiDiGraph, node: str, types: Collection[str] | None = None) -> set[str]:
    """Nodes one edge away from ``node`` in either direction."""
    if types is None:
        return set(G._succ[node]) | set(G._pred[node])
    return {step.other for step in steps(G, node, types)}


def ball(
    G: nx.MultiDiGraph,
    center: str,
    depth: int,
    types: Collection[str] | None = None,
    max_nodes: int | None = None,
) -> tuple[dict[str, int], bool]:
    """Nodes within ``depth`` edges of ``center`` (BFS order) → their distance.

    Returns the distances and whether ``max_nodes`` cut the walk short.
    """
    dist = {center: 0}
    frontier = [center]
    for level in range(1, depth + 1):
        nxt = []
        for node in frontier:
            for other in sorted(neighbours(G, node, types)):
                if other in dist:
                    continue
                if max_nodes is not None and len(dist) >= max_nodes:
                    return dist, True
                dist[other] = level
                nxt.append(other)
        frontier = nxt
        if not frontier:
            break
    return dist, False


def shortest_path(
    G: nx.MultiDiGraph, source: str, target: str, types: Collection[str] | None = None
) -> list[str] | None:
    """A shortest node path from ``source`` to ``target`` ignoring direction, or None.

    Bidirectional BFS, always growing the smaller frontier: hubs (a province with
    hundreds of hospitals) make one-sided BFS visit most of the graph.
    """
    if source == target:
        return [source]
    parents = {source: None}
    children = {target: None}
    front, back = [source], [target]
    while front and back:
        if len(front) > len(back):
            front, back, parents, children = back, front, children, parents
        nxt = []
        for node in front:
            for other in sorted(neighbours(G, node, types)):
                if other in parents:
                    continue
                parents[other] = node
                if other in children:
                    return _join(other, parents, children, source)
                nxt.append(other)
        front = nxt
    return None


def _join(meet: str, parents: dict, children: dict, source: str) -> list[str]:
    half = []
    node = meet
    while node is not None:
        half.append(node)
        node = parents[node]
    other_half = []
    node = children[meet]
    while node is not None:
        other_half.append(node)
        node = children[node]
    path = half[::-1] + other_half
    return path if path[0] == source else path[::-1]


def simple_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    max_len: int,
    types: Collection[str] | None = None,
    limit: int = 100,
) -> tuple[list[list[str]], bool]:
    """Simple node paths of at most ``max_len`` edges, shortest first; and whether cut at ``limit``.

    Depth-first search pruned by the BFS distance to the far end: a branch is walked
    only if that end is still reachable within the remaining length, which keeps hubs
    from exploding the search. The distances are taken around the less connected end
    (a ball of radius ``max_len - 1`` around a hub is most of the graph) and the walk
    starts from the other; paths are turned round afterwards if needed.
    """
    if G.degree(source) < G.degree(target):
        found, truncated = simple_paths(G, target, source, max_len, types, limit)
        return sorted(([*reversed(p)] for p in found), key=lambda p: (len(p), p)), truncated
    to_target, _ = ball(G, target, max_len - 1, types)
    found: list[list[str]] = []
    path = [source]
    on_path = {source}

    def walk(node: str, length: int) -> bool:
        """Record paths of exactly ``length`` edges; True once ``limit`` is reached."""
        budget = length - (len(path) - 1)
        for other in sorted(neighbours(G, node, types)):
            if other in on_path or to_target.get(other, max_len + 1) > budget - 1:
                continue
            if other == target:
                if budget == 1:
                    found.append([*path, other])
                    if len(found) >= limit:
                        return True
                continue
            path.append(other)
            on_path.add(other)
            stop = walk(other, length)
            path.pop()
            on_path.discard(other)
            if stop:
                return True
        return False

    # Iterative deepening, so a cut at ``limit`` keeps the shortest paths.
    for length in range(1, max_len + 1):
        if walk(source, length):
            return found, True
    return found, False


def edges_between(
    G: nx.MultiDiGraph, a: str, b: str, types: Collection[str] | None = None
) -> list[Step]:
    """Every edge joining ``a`` and ``b`` in either direction, as steps from ``a``."""
    out = [
        Step(a, b, key, data, True)
        for key, data in G._succ[a].get(b, {}).items()
        if types is None or data["type"] in types
    ]
    out += [
        Step(a, b, key, data, False)
        for key, data in G._pred[a].get(b, {}).items()
        if types is None or data["type"] in types
    ]
    return out
