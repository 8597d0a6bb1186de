"""Named questions about who aids whom: supporters, recipients, flows, portfolios, pairings,
techniques, departments, timelines and the provenance of a relation.

Each function takes the analysis graph (see :mod:`aidgraph.graph.nxgraph`) and returns
a :class:`Table`; rows that add up relations carry an ``edges`` column of edge ids,
which the ``provenance`` question turns into sources and sentences. Entities may be
named by id, name or alias. "Roll-up" counts what happens inside an entity as its own:
a region's hospitals, departments and staff; a hospital's departments.

Answers over the whole network (flows, multi-donor, portfolios) keep their sums for
the life of the graph, which never changes (a new ingest gives a new graph).

The graph-returning variants at the end (:func:`flow_graph`, :func:`program_subgraph`,
:func:`alliance_subgraph`) feed the drawings.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Annotated, Any, Literal, TypeVar

import networkx as nx

from aidgraph.queries import regions
from aidgraph.queries.aggregate import (
    Tally,
    edge_index,
    edges_at,
    edges_of_type,
    edges_of_types,
    figure_cells,
    figure_names,
    name_of,
    names,
    type_of,
)
from aidgraph.queries.derived import derived
from aidgraph.queries.entities import EntityError, direction, edge_types, node_type, resolve
from aidgraph.queries.registry import EntityRef, question
from aidgraph.queries.table import Table
from aidgraph.queries.traverse import steps

Level = Literal["province", "prefecture", "county"]
T = TypeVar("T")

_LIMIT = "the most rows to return"
_LEVEL = "group the other side by its region at this level (province, prefecture, county)"
_PROGRAM = "only relations of this program (its name or an alias)"
_ROLLUP = (
    "count relations of what lies inside the entity "
    "(a region's hospitals, a hospital's departments)"
)


# -- scope and grouping ----------------------------------------------------------------


def inside(G: nx.MultiDiGraph, node: str) -> set[str]:
    """What lies inside ``node``: a region's contents, a hospital's departments."""
    kind = type_of(G, node)
    if kind == "Region":
        return set(regions.places(G).contents(node))
    if kind == "Hospital":
        return {
            other
            for other, keyed in G._pred[node].items()
            if any(d["type"] == "DEPARTMENT_OF" for d in keyed.values())
        }
    return set()


def scope(G: nx.MultiDiGraph, ref: str, rollup: bool) -> tuple[str, set[str]]:
    node = resolve(G, ref)
    return node, ({node} | inside(G, node)) if rollup else {node}


def grouper(G: nx.MultiDiGraph, level: str | None) -> Callable[[str], str]:
    """node → the node itself, or its region at ``level``; unplaced nodes stay themselves."""
    if level is None:
        return lambda node: node
    at = regions.places(G).at[level]
    return lambda node: at.get(node, node)


def program_names(G: nx.MultiDiGraph, program: str | None) -> set[str] | None:
    """The names an edge's ``program`` may carry for ``program`` (its aliases too)."""
    if not program:
        return None
    try:
        node = resolve(G, program, type="Program")
    except EntityError:
        return {program.strip()}
    data = G.nodes[node]
    return {data["name"], *data.get("aliases", [])}


def _in_program(data: dict[str, Any], wanted: set[str] | None) -> bool:
    return wanted is None or data.get("program") in wanted


def _top(items: Iterable[T], limit: int, key: Callable[[T], Any]) -> tuple[list[T], bool]:
    """The first ``limit`` of ``items`` in ``key`` order, and whether any were cut.

    A heap instead of a full sort: whole-network answers have tens of thousands of
    groups and a page of a hundred.
    """
    if limit < 0:
        raise EntityError("limit must not be negative")
    items = list(items)
    return heapq.nsmallest(limit, items, key=key), len(items) > limit


def _limited(items: list[T], limit: int) -> tuple[list[T], bool]:
    """The first ``limit`` items and whether any were cut (rows are built only for these)."""
    if limit < 0:
        raise EntityError("limit must not be negative")
    return items[:limit], len(items) > limit


def _summary_cells(tally: Tally) -> list[Any]:
    return [sorted(tally.programs), tally.first_year, tally.last_year]


# -- supporters, recipients ------------------------------------------------------------


@question("supporters")
def supporters(
    G: nx.MultiDiGraph,
    entity: Annotated[EntityRef, "the recipient: a region, hospital, department, ..."],
    rollup: Annotated[bool, _ROLLUP] = True,
    level: Annotated[Level | None, _LEVEL] = None,
    program: Annotated[str | None, _PROGRAM] = None,
    limit: Annotated[int, _LIMIT] = 100,
) -> Table:
    """Who supports an entity (SUPPORTS into it), most relations first.

    With ``rollup`` support to anything inside the entity counts for it: support to a
    hospital in 喀什地区 is support to 喀什地区 and to 新疆. With ``level`` supporters are
    grouped into their regions (every Shanghai hospital counts for 上海市).
    """
    return _support_table(G, entity, True, rollup, level, program, limit)


@question("recipients")
def recipients(
    G: nx.MultiDiGraph,
    entity: Annotated[EntityRef, "the supporter: a region, hospital, organization, ..."],
    rollup: Annotated[bool, _ROLLUP] = True,
    level: Annotated[Level | None, _LEVEL] = None,
    program: Annotated[str | None, _PROGRAM] = None,
    limit: Annotated[int, _LIMIT] = 100,
) -> Table:
    """Whom an entity supports (SUPPORTS out of it), most relations first.

    With ``rollup`` support given by anything inside the entity counts for it (上海市's
    hospitals for 上海市). With ``level`` recipients are grouped into their regions.
    """
    return _support_table(G, entity, False, rollup, level, program, limit)


def _support_table(
    G: nx.MultiDiGraph,
    entity: str,
    incoming: bool,
    rollup: bool,
    level: str | None,
    program: str | None,
    limit: int,
) -> Table:
    _, members = scope(G, entity, rollup)
    wanted = program_names(G, program)
    group = grouper(G, level)
    tallies: dict[str, Tally] = {}
    for source, target, key, data in edges_at(G, members, "SUPPORTS", incoming):
        if not _in_program(data, wanted):
            continue
        other, mine = (source, target) if incoming else (target, source)
        tallies.setdefault(group(other), Tally()).add(key, data, mine)
    role, counterparts = ("supporter", "recipients") if incoming else ("recipient", "supporters")
    figures = figure_names(tallies.values())
    columns = [f"{role}_id", role, f"{role}_type", "relations", counterparts]
    columns += ["programs", "first_year", "last_year", *figures, "edges"]
    page, truncated = _top(
        tallies.items(), limit, key=lambda kv: (-kv[1].relations, name_of(G, kv[0]), kv[0])
    )
    rows = [
        [
            *(node, name_of(G, node), type_of(G, node), tally.relations),
            names(G, tally.counterparts),
            *_summary_cells(tally),
            *figure_cells(tally, figures),
            tally.edge_ids(),
        ]
        for node, tally in page
    ]
    return Table(columns, rows, truncated)


# -- flows between regions -------------------------------------------------------------


def _flow_tallies(
    G: nx.MultiDiGraph, level: str, relations: str | None, program: str | None
) -> dict[tuple[str, str], Tally]:
    if level not in regions.ROLLUP_LEVELS:
        raise EntityError(f"level must be one of {', '.join(regions.ROLLUP_LEVELS)}")
    wanted = program_names(G, program)
    types = edge_types(relations)

    def build() -> dict[tuple[str, str], Tally]:
        group = grouper(G, level)
        tallies: dict[tuple[str, str], Tally] = {}
        for source, target, key, data in edges_of_types(G, types):
            if _in_program(data, wanted):
                pair = (group(source), group(target))
                tallies.setdefault(pair, Tally()).add(key, data)
        return tallies

    return derived(G, ("support.flows", level, types, _frozen(wanted)), build)


def _frozen(names: set[str] | None) -> frozenset[str] | None:
    return frozenset(names) if names is not None else None


@question("flows")
def flows(
    G: nx.MultiDiGraph,
    level: Annotated[Level, "aggregate both ends to this region level"] = "province",
    relations: Annotated[str, "relation types counted, comma-separated"] = "SUPPORTS",
    program: Annotated[str | None, _PROGRAM] = None,
    limit: Annotated[int, _LIMIT] = 200,
) -> Table:
    """Aid flows between regions: donor region → recipient region, with summed figures.

    Every relation's ends are placed in their region at ``level`` (a hospital in its
    province); an end with no region at that level is shown at the finest level it has
    (上海市 has no prefecture), an end with no known place as itself (see its type).
    Figures (experts, trainings, ...) are summed as reported; approximate ones (余, 约)
    count at their stated value. Ask ``supporters``/``recipients`` for the edges behind
    a flow.
    """
    tallies = _flow_tallies(G, level, relations, program)
    figures = figure_names(tallies.values())
    columns = ["donor_id", "donor", "donor_type", "recipient_id", "recipient", "recipient_type"]
    columns += ["relations", "programs", "first_year", "last_year", *figures]
    page, truncated = _top(
        tallies.items(),
        limit,
        key=lambda kv: (-kv[1].relations, name_of(G, kv[0][0]), name_of(G, kv[0][1]), kv[0]),
    )
    rows = [
        [
            *(a, name_of(G, a), type_of(G, a), b, name_of(G, b), type_of(G, b)),
            tally.relations,
            *_summary_cells(tally),
            *figure_cells(tally, figures),
        ]
        for (a, b), tally in page
    ]
    return Table(columns, rows, truncated)


def flow_graph(
    G: nx.MultiDiGraph,
    level: str = "province",
    relations: str | None = "SUPPORTS",
    program: str | None = None,
) -> nx.DiGraph:
    """The region → region flow network: node attrs ``type``, ``name``, ``level``; edge
    attrs ``weight`` and ``count`` (relations), ``figures`` (name → sum), ``programs``
    and ``edges`` (the ids of the relations behind the flow, for their sources)."""
    tallies = _flow_tallies(G, level, relations, program)
    levels = regions.places(G).level
    flow = nx.DiGraph(level=level)
    for (a, b), tally in tallies.items():
        for node in (a, b):
            if node not in flow:
                flow.add_node(
                    node, type=type_of(G, node), name=name_of(G, node), level=levels.get(node)
                )
        flow.add_edge(
            a,
            b,
            weight=tally.relations,
            count=tally.relations,
            figures=dict(tally.figures),
            programs=sorted(tally.programs),
            edges=tally.edge_ids(),
        )
    return flow


# -- donors and recipients across the network ------------------------------------------


@question("multi-donor")
def multi_donor(
    G: nx.MultiDiGraph,
    min_donors: Annotated[int, "the fewest distinct supporters a recipient must have"] = 2,
    level: Annotated[Level | None, "count donors and recipients as regions at this level"] = None,
    type: Annotated[str | None, "only recipients of this type (Hospital, Region, ...)"] = None,
    program: Annotated[str | None, _PROGRAM] = None,
    limit: Annotated[int, _LIMIT] = 100,
) -> Table:
    """Recipients supported by several donors, most donors first.

    With ``level`` both sides are regions: recipient regions aided by several donor
    regions (support inside one region is not counted as a donor).
    """
    wanted = program_names(G, program)

    def build() -> dict[str, Tally]:
        group = grouper(G, level)
        tallies: dict[str, Tally] = {}
        for source, target, key, data in edges_of_type(G, "SUPPORTS"):
            donor, recipient = group(source), group(target)
            if donor != recipient and _in_program(data, wanted):
                tallies.setdefault(recipient, Tally()).add(key, data, donor)
        return tallies

    tallies = derived(G, ("support.donors", level, _frozen(wanted)), build)
    kind = node_type(type)
    chosen = {
        node: tally
        for node, tally in tallies.items()
        if len(tally.counterparts) >= min_donors and (kind is None or type_of(G, node) == kind)
    }
    page, truncated = _top(
        chosen.items(),
        limit,
        key=lambda kv: (-len(kv[1].counterparts), -kv[1].relations, name_of(G, kv[0]), kv[0]),
    )
    columns = ["recipient_id", "recipient", "recipient_type", "donors", "donor_names"]
    columns += ["relations", "programs", "first_year", "last_year", "edges"]
    rows = [
        [
            *(node, name_of(G, node), type_of(G, node)),
            *(len(t.counterparts), names(G, t.counterparts), t.relations),
            *_summary_cells(t),
            t.edge_ids(),
        ]
        for node, t in page
    ]
    return Table(columns, rows, truncated)


@question("portfolios")
def portfolios(
    G: nx.MultiDiGraph,
    donor: Annotated[EntityRef | None, "only this donor and what lies inside it"] = None,
    level: Annotated[Level | None, "group donors into their regions at this level"] = None,
    program: Annotated[str | None, _PROGRAM] = None,
    limit: Annotated[int, _LIMIT] = 50,
) -> Table:
    """Donors' portfolios: how many recipients each supports, where, under which programs.

    Largest portfolios (most distinct recipients) first. ``donor`` restricts to one
    donor and, rolled up, what lies inside it (上海市 → each Shanghai hospital's own row).
    """
    members = scope(G, donor, True)[1] if donor else None
    wanted = program_names(G, program)

    def build() -> tuple[dict[str, Tally], dict[str, set[str]]]:
        province_of = regions.places(G).at["province"]
        group = grouper(G, level)
        tallies: dict[str, Tally] = {}
        provinces: dict[str, set[str]] = {}
        for source, target, key, data in edges_of_type(G, "SUPPORTS"):
            if (members is not None and source not in members) or not _in_program(data, wanted):
                continue
            node = group(source)
            tallies.setdefault(node, Tally()).add(key, data, target)
            province = province_of.get(target)
            provinces.setdefault(node, set()).update([province] if province else [])
        return tallies, provinces

    if members is None:  # the whole network's portfolios: worth keeping
        tallies, provinces = derived(G, ("support.portfolios", level, _frozen(wanted)), build)
    else:
        tallies, provinces = build()
    figures = figure_names(tallies.values())
    page, truncated = _top(
        tallies.items(),
        limit,
        key=lambda kv: (-len(kv[1].counterparts), -kv[1].relations, name_of(G, kv[0]), kv[0]),
    )
    columns = ["donor_id", "donor", "donor_type", "recipients", "recipient_provinces"]
    columns += ["relations", "programs", "first_year", "last_year", *figures]
    rows = [
        [
            *(node, name_of(G, node), type_of(G, node)),
            *(len(t.counterparts), names(G, provinces[node]), t.relations),
            *_summary_cells(t),
            *figure_cells(t, figures),
        ]
        for node, t in page
    ]
    return Table(columns, rows, truncated)


@question("pairings")
def pairings(
    G: nx.MultiDiGraph,
    entity: Annotated[EntityRef | None, "only pairings of this entity (rolled up)"] = None,
    program: Annotated[str | None, _PROGRAM] = None,
    limit: Annotated[int, _LIMIT] = 200,
) -> Table:
    """Counterpart pairings (PAIRS_WITH, undirected), earliest first."""
    wanted = program_names(G, program)
    if entity:
        members = scope(G, entity, True)[1]
        found = {
            key: (s, t, data)
            for incoming in (False, True)
            for s, t, key, data in edges_at(G, members, "PAIRS_WITH", incoming)
        }
        rows_in = [(s, t, k, d) for k, (s, t, d) in found.items()]
    else:
        rows_in = edges_of_type(G, "PAIRS_WITH")
    chosen = [r for r in rows_in if _in_program(r[3], wanted)]
    chosen.sort(key=lambda r: (r[3].get("start") or 9999, name_of(G, r[0]), name_of(G, r[1])))
    columns = ["a_id", "a", "b_id", "b", "program", "start", "end", "edge"]
    page, truncated = _limited(chosen, limit)
    rows = [
        [a, name_of(G, a), b, name_of(G, b), d.get("program"), d.get("start"), d.get("end"), k]
        for a, b, k, d in page
    ]
    return Table(columns, rows, truncated)


# -- techniques and departments --------------------------------------------------------


@question("techniques")
def techniques(
    G: nx.MultiDiGraph,
    region: Annotated[EntityRef | None, "only sites inside this region (or this hospital)"] = None,
    level: Annotated[Level, "group sites into regions at this level"] = "province",
    program: Annotated[str | None, _PROGRAM] = None,
    limit: Annotated[int, _LIMIT] = 200,
) -> Table:
    """Techniques introduced per region (TECHNIQUE_AT), with the sites that adopted them."""
    members = scope(G, region, True)[1] if region else None
    wanted = program_names(G, program)
    group = grouper(G, level)

    def build() -> dict[tuple[str, str], Tally]:
        tallies: dict[tuple[str, str], Tally] = {}
        for technique, site, key, data in edges_of_type(G, "TECHNIQUE_AT"):
            if (members is None or site in members) and _in_program(data, wanted):
                pair = (group(site), technique)
                tallies.setdefault(pair, Tally()).add(key, data, site)
        return tallies

    if members is None:
        tallies = derived(G, ("support.techniques", level, _frozen(wanted)), build)
    else:
        tallies = build()
    page, truncated = _top(
        tallies.items(),
        limit,
        key=lambda kv: (name_of(G, kv[0][0]), kv[1].first_year or 9999, name_of(G, kv[0][1])),
    )
    columns = ["region_id", "region", "technique_id", "technique", "sites"]
    columns += ["programs", "first_year", "last_year", "edges"]
    rows = [
        [
            *(place, name_of(G, place), tech, name_of(G, tech)),
            names(G, t.counterparts),
            *_summary_cells(t),
            t.edge_ids(),
        ]
        for (place, tech), t in page
    ]
    return Table(columns, rows, truncated)


@question("departments")
def departments(
    G: nx.MultiDiGraph,
    entity: Annotated[
        EntityRef | None, "only this hospital, or hospitals inside this region"
    ] = None,
    program: Annotated[str | None, _PROGRAM] = None,
    supported_only: Annotated[
        bool, "only departments with a recorded supporter (false: every known department)"
    ] = True,
    limit: Annotated[int, _LIMIT] = 200,
) -> Table:
    """Departments supported per hospital (以院包科: SUPPORTS into a Department).

    Records often name a hospital's departments (DEPARTMENT_OF) but state the support
    at hospital level; ``supported_only=false`` lists those departments too, with an
    empty ``supporters`` column.
    """
    members = scope(G, entity, True)[1] if entity else None
    wanted = program_names(G, program)
    tallies: dict[tuple[str | None, str], Tally] = {}

    def wanted_here(hospital: str | None, department: str) -> bool:
        return members is None or department in members or hospital in members

    if members is None:
        supports = edges_of_type(G, "SUPPORTS")
    else:  # only edges into the departments in scope, not all support in the network
        inside_hospitals = {n for n in members if type_of(G, n) == "Hospital"}
        in_scope = {n for n in members if type_of(G, n) == "Department"}
        in_scope |= {d for h in inside_hospitals for d in inside(G, h)}
        supports = list(edges_at(G, in_scope, "SUPPORTS", incoming=True))
    for source, department, key, data in supports:
        if type_of(G, department) != "Department" or not _in_program(data, wanted):
            continue
        hospital = _hospital_of(G, department)
        if wanted_here(hospital, department):
            tallies.setdefault((hospital, department), Tally()).add(key, data, source)
    if not supported_only:
        for department, hospital, _, _ in edges_of_type(G, "DEPARTMENT_OF"):
            if wanted_here(hospital, department):
                tallies.setdefault((hospital, department), Tally())
    page, truncated = _top(
        tallies.items(),
        limit,
        key=lambda kv: (name_of(G, kv[0][0]) if kv[0][0] else "", name_of(G, kv[0][1])),
    )
    columns = ["hospital_id", "hospital", "department_id", "department", "supporters"]
    columns += ["programs", "first_year", "last_year", "edges"]
    rows = [
        [
            *(hospital, name_of(G, hospital) if hospital else None, dept, name_of(G, dept)),
            names(G, t.counterparts),
            *_summary_cells(t),
            t.edge_ids(),
        ]
        for (hospital, dept), t in page
    ]
    return Table(columns, rows, truncated)


def _hospital_of(G: nx.MultiDiGraph, department: str) -> str | None:
    for other, keyed in sorted(G._succ[department].items()):
        if any(d["type"] == "DEPARTMENT_OF" for d in keyed.values()):
            return other
    return None


# -- one entity over time, one relation's sources --------------------------------------


@question("timeline")
def timeline(
    G: nx.MultiDiGraph,
    entity: Annotated[EntityRef, "the entity whose relations to list"],
    relations: Annotated[str | None, "only these relation types, comma-separated"] = None,
    rollup: Annotated[bool, "include relations of what lies inside the entity"] = False,
    limit: Annotated[int, _LIMIT] = 500,
) -> Table:
    """An entity's relations by year (start year, else end year); undated ones last."""
    _, members = scope(G, entity, rollup)
    wanted = edge_types(relations)
    seen: set[str] = set()
    found = []
    for member in sorted(members):
        for step in steps(G, member, wanted):
            if step.key not in seen and not (rollup and step.other in members):
                seen.add(step.key)
                found.append(step)
    year = lambda s: s.data.get("start") or s.data.get("end")  # noqa: E731
    found.sort(key=lambda s: (year(s) is None, year(s) or 0, s.data["type"], name_of(G, s.other)))
    columns = ["year", "type", "direction", "entity", "other_id", "other", "program"]
    columns += ["start", "end", "edge"]
    page, truncated = _limited(found, limit)
    rows = [
        [
            *(year(s), s.data["type"], direction(s), name_of(G, s.node)),
            *(s.other, name_of(G, s.other), s.data.get("program")),
            *(s.data.get("start"), s.data.get("end"), s.key),
        ]
        for s in page
    ]
    return Table(columns, rows, truncated)


@question("provenance")
def provenance(
    G: nx.MultiDiGraph,
    edge: Annotated[str, "an edge id (e:…), as listed in the edges column of other answers"],
) -> Table:
    """Where a relation was stated: each source (uri, title) and sentence or record line."""
    ends = edge_index(G).get(edge.strip())
    if ends is None:
        raise EntityError(
            f"no relation with id {edge!r}; edge ids look like e:0123456789abcdef "
            "and are listed in the edges column of other answers"
        )
    source, target = ends
    data = G.edges[source, target, edge.strip()]
    columns = ["edge", "type", "source", "target", "program", "source_id", "uri", "title"]
    columns += ["sentence", "line", "extractor"]
    head = [edge.strip(), data["type"], name_of(G, source), name_of(G, target), data.get("program")]
    rows = [
        [
            *head,
            *(p.get("source_id"), p.get("uri"), p.get("title")),
            *(p.get("sentence"), p.get("line"), p.get("extractor")),
        ]
        for p in data.get("provenance", [])
    ]
    return Table(columns, rows)


# -- subgraphs for drawing -------------------------------------------------------------


def _edge_subgraph(G: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str]]) -> nx.MultiDiGraph:
    sub = nx.MultiDiGraph(**G.graph)
    for u, v, k in edges:
        for node in (u, v):
            if node not in sub:
                sub.add_node(node, **G.nodes[node])
        sub.add_edge(u, v, key=k, **G.edges[u, v, k])
    return sub


def program_subgraph(G: nx.MultiDiGraph, program: str) -> nx.MultiDiGraph:
    """Every relation of one program (by name or alias) and the entities it joins."""
    wanted = program_names(G, program)
    chosen = [(u, v, k) for u, v, k, d in edges_of_types(G, None) if _in_program(d, wanted)]
    if not chosen:
        raise EntityError(f"no relations belong to program {program!r}")
    return _edge_subgraph(G, chosen)


def alliance_subgraph(G: nx.MultiDiGraph, alliance: str) -> nx.MultiDiGraph:
    """An alliance, its members (ALLIANCE_MEMBER) and every relation among them."""
    node = resolve(G, alliance, type="Alliance")
    members = {node} | {
        other
        for other, keyed in G._pred[node].items()
        if any(d["type"] == "ALLIANCE_MEMBER" for d in keyed.values())
    }
    sub = G.subgraph(members).copy()
    return sub
