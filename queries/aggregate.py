"""Shared pieces of the aid questions: edges by type, and summing relations into rows.

Most questions group relations (by supporter, by region pair, by recipient) and report
the same things per group: how many relations, which programs, the years covered, the
sums of reported figures (experts sent, people trained) and the edge ids behind the
row, so any number can be traced to its sentences with the ``provenance`` question.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from aidgraph.queries.derived import derived

EdgeRow = tuple[str, str, str, dict[str, Any]]  # source, target, key, data

AID_RELATIONS = "SUPPORTS,PAIRS_WITH,TRAINED,ALLIANCE_MEMBER"


def edges_of_type(G: nx.MultiDiGraph, edge_type: str) -> list[EdgeRow]:
    """Every edge of one relation type (indexed once per graph)."""
    return _by_type(G).get(edge_type, [])


def _by_type(G: nx.MultiDiGraph) -> dict[str, list[EdgeRow]]:
    def build() -> dict[str, list[EdgeRow]]:
        # The adjacency dicts directly: the edge view costs a generator frame per edge.
        out: dict[str, list[EdgeRow]] = {}
        for u, neighbours in G._succ.items():
            for v, keyed in neighbours.items():
                for k, data in keyed.items():
                    bucket = out.get(data["type"])
                    if bucket is None:
                        bucket = out[data["type"]] = []
                    bucket.append((u, v, k, data))
        return out

    return derived(G, "aggregate.by_type", build)


def edges_of_types(G: nx.MultiDiGraph, edge_types: Iterable[str] | None) -> Iterator[EdgeRow]:
    index = _by_type(G)
    for edge_type in sorted(index if edge_types is None else edge_types):
        yield from index.get(edge_type, [])


def degrees(G: nx.MultiDiGraph) -> dict[str, int]:
    """Every node's number of relations, both directions (G.degree walks the adjacency)."""
    return derived(G, "aggregate.degrees", lambda: dict(G.degree()))


def edge_index(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Edge id → (source, target)."""

    def build() -> dict[str, tuple[str, str]]:
        return {
            k: (u, v)
            for u, neighbours in G._succ.items()
            for v, keyed in neighbours.items()
            for k in keyed
        }

    return derived(G, "aggregate.edge_index", build)


def edges_at(G: nx.MultiDiGraph, nodes: Iterable[str], edge_type: str, incoming: bool):
    """Edges of ``edge_type`` into (``incoming``) or out of any of ``nodes``, once each."""
    adjacency = G._pred if incoming else G._succ
    seen = set()
    for node in nodes:
        for other, keyed in adjacency[node].items():
            for key, data in keyed.items():
                if data["type"] == edge_type and key not in seen:
                    seen.add(key)
                    yield (other, node, key, data) if incoming else (node, other, key, data)


@dataclass
class Tally:
    """What a group of relations adds up to."""

    relations: int = 0
    edges: list[str] = field(default_factory=list)
    programs: set[str] = field(default_factory=set)
    counterparts: set[str] = field(default_factory=set)
    first_year: int | None = None
    last_year: int | None = None
    figures: dict[str, float] = field(default_factory=dict)

    def add(self, key: str, data: dict[str, Any], counterpart: str | None = None) -> None:
        # Called once per relation on 100k-relation answers: kept branch-light.
        self.relations += 1
        self.edges.append(key)
        program = data["program"]
        if program:
            self.programs.add(program)
        if counterpart is not None:
            self.counterparts.add(counterpart)
        start, end = data["start"], data["end"]
        first, last = start or end, end or start
        if first:
            if self.first_year is None or first < self.first_year:
                self.first_year = first
            if self.last_year is None or last > self.last_year:
                self.last_year = last
        figures = data["figures"]
        if figures:
            sums = self.figures
            for name, figure in figures.items():
                sums[name] = sums.get(name, 0) + figure["value"]

    def edge_ids(self) -> list[str]:
        """The edges behind the tally, sorted: a graph loaded from another backend yields
        its edges in another order, and the answer must not depend on it."""
        return sorted(self.edges)


def figure_names(tallies: Iterable[Tally]) -> list[str]:
    return sorted({name for tally in tallies for name in tally.figures})


def figure_cells(tally: Tally, names: list[str]) -> list[Any]:
    return [_number(tally.figures[n]) if n in tally.figures else None for n in names]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 3)


def name_of(G: nx.MultiDiGraph, node: str) -> str:
    return G._node[node].get("name") or node  # _node: G.nodes[...] costs a view lookup


def type_of(G: nx.MultiDiGraph, node: str) -> str:
    return G._node[node].get("type") or ""


def names(G: nx.MultiDiGraph, nodes: Iterable[str]) -> list[str]:
    return sorted(name_of(G, n) for n in nodes)
