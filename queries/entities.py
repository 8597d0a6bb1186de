"""Finding entities by name and describing them: search, lookup, neighbourhood, paths.

Users type names, not ids, and they type them the way their source spells them: 北京协和医院
or 北京協和醫院, 中日友好医院 or its alias 中日医院. Every function here therefore accepts
an id *or* a name/alias, simplified or traditional (queries are folded with OpenCC t2s,
since canonical names are simplified), and says clearly when a name is unknown or
ambiguous.

JSON shapes (all plain dicts/lists, ready for ``json.dumps``):

- node summary: ``{"id", "type", "name"}``;
- :func:`search_entities` → :class:`SearchResult`, ``to_dict()`` =
  ``{"query", "total", "offset", "limit", "results": [{"id", "type", "name", "aliases",
  "match", "degree"}]}`` with ``match`` one of ``name``, ``alias``, ``prefix``, ``substring``;
- :func:`get_entity` → ``{"id", "type", "name", "aliases", "attrs", "degree",
  "relations": [relation]}`` where a relation is ``{"edge", "type", "direction"
  ("out" | "in" | "both" for undirected PAIRS_WITH), "other": node summary, "program",
  "start", "end", "figures", "attrs", "provenance": [{"source_id", "uri", "title",
  "sentence", "line", "start", "end", "extractor"}]}``;
- :func:`neighbors` → ``{"center", "depth", "nodes": [node summary + "depth"],
  "edges": [edge summary], "truncated"}`` where an edge summary is ``{"id", "type",
  "source", "target", "directed", "program", "start", "end"}``;
- :func:`paths` → ``{"from", "to", "max_len", "paths": [{"nodes": [node summary],
  "edges": [edge summary, one per step]}], "truncated"}``.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import networkx as nx
import opencc

from aidgraph.graph.model import EdgeType, NodeType
from aidgraph.queries import traverse
from aidgraph.queries.aggregate import degrees
from aidgraph.queries.derived import derived
from aidgraph.queries.table import Table
from aidgraph.queries.workspace import Workspace


class EntityError(ValueError):
    """An entity reference that names nothing, or more than one thing."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """The form names are compared in: traditional folded to simplified, trimmed, casefolded."""
    return _t2s().convert(text.strip()).casefold()


def graph_of(source: Workspace | nx.MultiDiGraph) -> nx.MultiDiGraph:
    return source.graph() if isinstance(source, Workspace) else source


def node_type(value: str | None) -> str | None:
    """A node type given any case (``hospital`` → ``Hospital``), or a clear error."""
    if value is None or value == "":
        return None
    for member in NodeType:
        if member.value.casefold() == value.casefold():
            return member.value
    choices = ", ".join(m.value for m in NodeType)
    raise EntityError(f"unknown entity type {value!r}; choose one of {choices}")


def edge_types(values: Iterable[str] | str | None) -> frozenset[str] | None:
    """Relation types given any case, comma-separated or as a list; None means all."""
    if values is None:
        return None
    if isinstance(values, str):
        values = values.split(",")
    out = set()
    for value in values:
        value = value.strip()
        if not value:
            continue
        try:
            out.add(EdgeType(value.upper()).value)
        except ValueError:
            choices = ", ".join(m.value for m in EdgeType)
            raise EntityError(f"unknown relation type {value!r}; choose one of {choices}") from None
    return frozenset(out) or None


# -- the name index --------------------------------------------------------------------


@dataclass
class _Entry:
    id: str
    type: str
    name: str
    aliases: list[str]
    surfaces: list[str]  # normalised name first, then normalised aliases
    degree: int


@dataclass
class _NameIndex:
    entries: list[_Entry] = field(default_factory=list)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    by_alias: dict[str, list[int]] = field(default_factory=dict)
    # Every surface joined by newlines: substring search runs in C (str.find) instead of
    # a Python loop over 100k entries; ``starts``/``owner`` map a hit back to its entry.
    blob: str = ""
    starts: list[int] = field(default_factory=list)
    owner: list[int] = field(default_factory=list)
    is_alias: list[bool] = field(default_factory=list)


def _name_index(G: nx.MultiDiGraph) -> _NameIndex:
    return derived(G, "entities.name_index", lambda: _build_name_index(G))


def _build_name_index(G: nx.MultiDiGraph) -> _NameIndex:
    # Canonical names are simplified already; only casefold them here (t2s on 100k names
    # would cost a second) and fold the user's query instead.
    index = _NameIndex()
    degree = degrees(G)
    for node_id, data in G.nodes(data=True):
        name = data.get("name") or node_id.split(":", 1)[-1]
        aliases = list(data.get("aliases") or [])
        surfaces = [name.casefold(), *(a.casefold() for a in aliases)]
        position = len(index.entries)
        entry = _Entry(node_id, data.get("type", ""), name, aliases, surfaces, degree[node_id])
        index.entries.append(entry)
        index.by_name.setdefault(surfaces[0], []).append(position)
        for alias in surfaces[1:]:
            index.by_alias.setdefault(alias, []).append(position)
    parts: list[str] = []
    offset = 0
    for position, entry in enumerate(index.entries):
        for number, surface in enumerate(entry.surfaces):
            index.starts.append(offset)
            index.owner.append(position)
            index.is_alias.append(number > 0)
            parts.append(surface)
            offset += len(surface) + 1
    index.blob = "\n".join(parts)
    return index


def _matches(index: _NameIndex, forms: list[str]) -> dict[int, int]:
    """Entry position → best match rank (0 name, 1 alias, 2 prefix, 3 substring)."""
    best: dict[int, int] = {}
    blob, starts = index.blob, index.starts
    for form in forms:
        if not form or "\n" in form:  # could match across two surfaces
            continue
        at = blob.find(form)
        while at != -1:
            surface = bisect.bisect_right(starts, at) - 1
            start = starts[surface]
            end = starts[surface + 1] - 1 if surface + 1 < len(starts) else len(blob)
            if at == start and end - start == len(form):
                rank = 1 if index.is_alias[surface] else 0
            else:
                rank = 2 if at == start else 3
            owner = index.owner[surface]
            if rank < best.get(owner, 4):
                best[owner] = rank
            at = blob.find(form, at + 1)
    return best


def _query_forms(text: str) -> list[str]:
    """The query as typed and folded to simplified (aliases may be stored traditional)."""
    raw = text.strip().casefold()
    folded = normalize(text)
    return [raw] if raw == folded else [folded, raw]


# -- resolving references --------------------------------------------------------------


def resolve(G: nx.MultiDiGraph, ref: str, type: str | None = None) -> str:
    """The id of the one entity ``ref`` names: an id, a canonical name or an alias.

    Raises :class:`EntityError` when nothing matches (with close names as suggestions) or
    when a name is shared by several entities (listing them, so the caller can pass an id).
    """
    if not ref or not ref.strip():
        raise EntityError("an entity name or id is required")
    ref = ref.strip()
    wanted = node_type(type)
    if ref in G and (wanted is None or G.nodes[ref].get("type") == wanted):
        return ref
    if ":" in ref:
        prefix, name = ref.split(":", 1)
        if any(prefix == m.value for m in NodeType):
            wanted, ref = wanted or prefix, name
    index = _name_index(G)
    for table in (index.by_name, index.by_alias):
        ids = sorted(
            {
                index.entries[i].id
                for form in _query_forms(ref)
                for i in table.get(form, [])
                if wanted is None or index.entries[i].type == wanted
            }
        )
        if len(ids) == 1:
            return ids[0]
        if ids:
            raise EntityError(
                f"{ref!r} is ambiguous: it names {len(ids)} entities ({', '.join(ids[:10])}); "
                "pass one of these ids instead",
                ids,
            )
    close = search_entities(G, ref, wanted, limit=5).results
    hint = f"; did you mean {', '.join(r['id'] for r in close)}?" if close else ""
    kind = f"{wanted} " if wanted else ""
    raise EntityError(f"no {kind}entity named {ref!r}{hint}", [r["id"] for r in close])


# -- search ----------------------------------------------------------------------------

_MATCH_KINDS = ("name", "alias", "prefix", "substring")


@dataclass
class SearchResult:
    """One page of search hits plus the total number of hits, for pagination."""

    query: str
    total: int
    offset: int
    limit: int
    results: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    def table(self) -> Table:
        columns = ["id", "type", "name", "aliases", "match", "degree"]
        rows = [[r[c] for c in columns] for r in self.results]
        return Table(columns, rows, truncated=self.offset + len(rows) < self.total)


def search_entities(
    source: Workspace | nx.MultiDiGraph,
    q: str,
    type: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Entities whose name or an alias contains ``q``, best matches first.

    Ranking: exact name, exact alias, prefix of a name or alias, substring; then more
    connected entities first, then shorter names. ``q`` may be traditional Chinese.
    """
    if limit < 0 or offset < 0:
        raise EntityError("limit and offset must not be negative")
    G = graph_of(source)
    wanted = node_type(type)
    forms = _query_forms(q) if q and q.strip() else []
    index = _name_index(G)
    ranks = _matches(index, forms) if forms else dict.fromkeys(range(len(index.entries)), 3)
    hits: list[tuple[int, int, int, str, _Entry]] = []
    for position, rank in ranks.items():
        entry = index.entries[position]
        if wanted is None or entry.type == wanted:
            hits.append((rank, -entry.degree, len(entry.name), entry.id, entry))
    # Only the requested page is ordered: "医院" matches tens of thousands of entities.
    page = heapq.nsmallest(offset + limit, hits, key=lambda h: h[:4])[offset:]
    results = [
        {
            "id": entry.id,
            "type": entry.type,
            "name": entry.name,
            "aliases": entry.aliases,
            "match": _MATCH_KINDS[rank],
            "degree": entry.degree,
        }
        for rank, _, _, _, entry in page
    ]
    return SearchResult(q, len(hits), offset, limit, results)


# -- describing one entity -------------------------------------------------------------


def summary(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    data = G.nodes[node]
    return {"id": node, "type": data.get("type"), "name": data.get("name")}


def edge_summary(source: str, target: str, key: str, data: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": key,
        "type": data["type"],
        "source": source,
        "target": target,
        "directed": data.get("directed", True),
        "program": data.get("program"),
        "start": data.get("start"),
        "end": data.get("end"),
    }


def direction(step: traverse.Step) -> str:
    if not step.data.get("directed", True):
        return "both"
    return "out" if step.forward else "in"


def get_entity(G: nx.MultiDiGraph, ref: str) -> dict[str, Any]:
    """The entity ``ref`` names, with its attributes and every relation and its provenance."""
    node = resolve(G, ref)
    data = G.nodes[node]
    relations = [
        {
            "edge": step.key,
            "type": step.data["type"],
            "direction": direction(step),
            "other": summary(G, step.other),
            "program": step.data.get("program"),
            "start": step.data.get("start"),
            "end": step.data.get("end"),
            "figures": step.data.get("figures", {}),
            "attrs": step.data.get("attrs", {}),
            "provenance": step.data.get("provenance", []),
        }
        for step in traverse.steps(G, node)
    ]
    relations.sort(key=lambda r: (r["type"], r["direction"], r["other"]["name"] or "", r["edge"]))
    return {
        **summary(G, node),
        "aliases": list(data.get("aliases") or []),
        "attrs": dict(data.get("attrs") or {}),
        "degree": G.degree(node),
        "relations": relations,
    }


def _edges_within(
    G: nx.MultiDiGraph, members: Collection[str]
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(u, v, keyed edges) for every pair of ``members`` joined by an edge.

    Walks whichever side is smaller: a hub donor with thousands of recipients in a
    ball of twenty nodes is checked against the twenty, not the thousands.
    """
    for u in members:
        successors = G._succ[u]
        if len(successors) > len(members):
            pairs = ((v, successors[v]) for v in members if v in successors)
        else:
            pairs = ((v, keyed) for v, keyed in successors.items() if v in members)
        for v, keyed in pairs:
            yield u, v, keyed


def neighbors(
    G: nx.MultiDiGraph,
    ref: str,
    depth: int = 1,
    types: Collection[str] | str | None = None,
    max_nodes: int = 500,
) -> dict[str, Any]:
    """The entity's neighbourhood to ``depth`` edges (either direction) as nodes and edges.

    ``types`` limits the relations walked and drawn. Edges are all edges among the
    nodes found (of those types). ``max_nodes`` caps the drawing; ``truncated`` says so.
    """
    if depth < 0:
        raise EntityError("depth must not be negative")
    center = resolve(G, ref)
    wanted = edge_types(types)
    dist, truncated = traverse.ball(G, center, depth, wanted, max_nodes)
    nodes = [{**summary(G, n), "depth": d} for n, d in dist.items()]
    edges = [
        edge_summary(u, v, k, data)
        for u, v, keyed in _edges_within(G, dist)
        for k, data in keyed.items()
        if wanted is None or data["type"] in wanted
    ]
    return {
        "center": center,
        "depth": depth,
        "nodes": nodes,
        "edges": edges,
        "truncated": truncated,
    }


def paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    max_len: int = 4,
    types: Collection[str] | str | None = None,
    limit: int = 20,
) -> dict[str, Any]:
    """Simple paths of at most ``max_len`` edges between two entities, shortest first.

    Edges are followed in either direction; each step reports the edge it took (the
    first of several parallel edges, by id).
    """
    if max_len < 1:
        raise EntityError("max_len must be at least 1")
    a, b = resolve(G, source), resolve(G, target)
    wanted = edge_types(types)
    found, truncated = traverse.simple_paths(G, a, b, max_len, wanted, limit)
    return {
        "from": a,
        "to": b,
        "max_len": max_len,
        "paths": [path_dict(G, p, wanted) for p in found],
        "truncated": truncated,
    }


def path_dict(
    G: nx.MultiDiGraph, nodes: list[str], types: Collection[str] | None = None
) -> dict[str, Any]:
    edges = []
    for a, b in itertools.pairwise(nodes):
        step = min(traverse.edges_between(G, a, b, types), key=lambda s: s.key)
        edges.append(edge_summary(step.source, step.target, step.key, step.data))
    return {"nodes": [summary(G, n) for n in nodes], "edges": edges}
