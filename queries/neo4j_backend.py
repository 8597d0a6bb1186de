"""Neo4j as an optional Cypher backend: push the graph there, run read-only queries on it.

:func:`push_to_neo4j` mirrors the store into a Neo4j database with the same schema the
embedded engine uses (:mod:`aidgraph.queries.cypher_schema`). It is idempotent: a
uniqueness constraint on ``id`` per label, then batched ``UNWIND … MERGE`` that sets
properties only where they differ, then removal of aidgraph nodes and relationships the
store no longer has. Pushing twice therefore changes nothing the second time, and the
report's counters say so.

:func:`run_on_neo4j` runs a user query that already passed the text guard. A READ
session alone does not stop writes on a single server, so the query is first planned
with ``EXPLAIN`` and refused unless its plan is read-only (query type ``r``); then it
runs in a READ session with a server-side timeout and a row cap.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import neo4j
import networkx as nx
from neo4j import exceptions as neo4j_errors

from aidgraph.graph.model import EdgeType
from aidgraph.queries.cypher import Neo4jTarget
from aidgraph.queries.cypher_schema import (
    NODE_LABELS,
    REL_TYPES,
    CypherGraph,
    cypher_graph,
)
from aidgraph.queries.table import Table
from aidgraph.queries.workspace import Workspace

BATCH = 5000
_COUNTERS = (
    "nodes_created",
    "nodes_deleted",
    "relationships_created",
    "relationships_deleted",
    "properties_set",
    "constraints_added",
)


class Neo4jBackendError(RuntimeError):
    """Neo4j refused, could not be reached, or failed; the message is for the user."""


# -- querying -------------------------------------------------------------------------


def run_on_neo4j(
    target: Neo4jTarget, query: str, params: dict[str, Any], *, timeout: float, limit: int
) -> Table:
    """Run one read-only query on ``target``; at most ``limit`` rows, truncated if cut."""
    with _session(target, neo4j.READ_ACCESS) as session:
        plan = session.run(neo4j.Query(f"EXPLAIN {query}", timeout=timeout), params)
        query_type = plan.consume().query_type
        if query_type != "r":
            raise Neo4jBackendError(
                f"query refused: Neo4j plans it as {_QUERY_TYPES.get(query_type, query_type)}"
                "; queries are read-only"
            )
        result = session.run(neo4j.Query(query, timeout=timeout), params)
        columns = list(result.keys())
        rows: list[list[Any]] = []
        for record in result:
            if len(rows) == limit:
                return Table(columns, rows, truncated=True)
            rows.append([normalise(v) for v in record.values()])
        return Table(columns, rows, truncated=False)


_QUERY_TYPES = {"w": "a write", "rw": "a read-write query", "s": "a schema change"}


def normalise(value: Any) -> Any:
    """A driver value as plain data, in the shape :mod:`aidgraph.queries.cypher` documents."""
    if isinstance(value, neo4j.graph.Node):
        return {"_label": min(value.labels, default=""), **_properties(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_type": value.type, **_properties(value)}
    if isinstance(value, neo4j.graph.Path):
        return {
            "nodes": [normalise(n) for n in value.nodes],
            "relationships": [normalise(r) for r in value.relationships],
        }
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j temporal values
        return value.iso_format()
    return value


def _properties(entity: Any) -> dict[str, Any]:
    return {k: normalise(v) for k, v in dict(entity).items() if v is not None}


# -- pushing --------------------------------------------------------------------------


def push_to_neo4j(
    ws: Workspace,
    uri: str,
    user: str = "neo4j",
    password: str | None = None,
    database: str | None = None,
) -> dict[str, Any]:
    """Mirror the store into Neo4j; returns counts of what changed and what is there."""
    target = Neo4jTarget(uri, user, password, database)
    started = time.perf_counter()
    graph = cypher_graph(ws.store)
    counters = dict.fromkeys(_COUNTERS, 0)
    with _session(target, neo4j.WRITE_ACCESS) as session:
        _ensure_constraints(session, counters)
        element_ids = _push_nodes(session, counters, graph)
        rel_ids = _push_rels(session, counters, graph, element_ids)
        # Relationships first: deleting a stale node must not take a live edge with it.
        _write(session, counters, _DELETE_STALE_RELS, {"types": REL_TYPES, "ids": rel_ids})
        params = {"labels": NODE_LABELS, "ids": list(element_ids)}
        _write(session, counters, _DELETE_STALE_NODES, params)
        totals = session.run(
            "MATCH (n) WITH count(n) AS nodes "
            "MATCH ()-[r]->() RETURN nodes, count(r) AS relationships"
        ).single()
    return {
        "uri": uri,
        "database": database or "(default)",
        "nodes": totals["nodes"],
        "relationships": totals["relationships"],
        **counters,
        "seconds": round(time.perf_counter() - started, 3),
    }


def _ensure_constraints(session: neo4j.Session, counters: dict[str, int]) -> None:
    """A uniqueness constraint (and so an index) on ``id`` for every label."""
    existing = {record["name"] for record in session.run("SHOW CONSTRAINTS YIELD name")}
    for label in NODE_LABELS:
        name = f"aidgraph_{label.lower()}_id"
        if name not in existing:
            statement = (
                f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
            )
            _write(session, counters, statement, {})


def _push_nodes(
    session: neo4j.Session, counters: dict[str, int], graph: CypherGraph
) -> dict[str, str]:
    """MERGE every node by label; returns each node id's Neo4j element id."""
    element_ids: dict[str, str] = {}
    for label, rows in _grouped((r.label, r.props) for r in graph.nodes):
        records = _write(session, counters, _MERGE_NODES.format(label=label), {"rows": rows})
        element_ids.update((record["id"], record["element"]) for record in records)
    return element_ids


def _push_rels(
    session: neo4j.Session,
    counters: dict[str, int],
    graph: CypherGraph,
    element_ids: dict[str, str],
) -> list[str]:
    """MERGE every relationship between the pushed nodes; returns the ids pushed."""
    ids: list[str] = []
    rows_by_type = (
        (
            r.type,
            {
                "a": element_ids[r.props["source"]],
                "b": element_ids[r.props["target"]],
                "props": r.props,
            },
        )
        for r in graph.rels
    )
    for rel_type, rows in _grouped(rows_by_type):
        ids.extend(row["props"]["id"] for row in rows)
        _write(session, counters, _MERGE_RELS.format(type=rel_type), {"rows": rows})
    return ids


# One statement per label or type (the plan cache then holds few): ``SET x = row``
# replaces every property, and only where something differs, so a second push sets
# nothing. Relationships find their ends by element id, which needs no label.
_MERGE_NODES = (
    "UNWIND $rows AS row MERGE (n:{label} {{id: row.id}}) "
    "WITH n, row, properties(n) <> row AS changed "
    "FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET n = row) "
    "RETURN row.id AS id, elementId(n) AS element"
)
_MERGE_RELS = (
    "UNWIND $rows AS row "
    "MATCH (a) WHERE elementId(a) = row.a MATCH (b) WHERE elementId(b) = row.b "
    "MERGE (a)-[r:{type} {{id: row.props.id}}]->(b) "
    "WITH r, row, properties(r) <> row.props AS changed "
    "FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET r = row.props)"
)
# Only aidgraph's labels and types are mirrored; anything else in the database is left.
_DELETE_STALE_RELS = "MATCH ()-[r]->() WHERE type(r) IN $types AND NOT r.id IN $ids DELETE r"
_DELETE_STALE_NODES = (
    "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) AND NOT n.id IN $ids "
    "DETACH DELETE n"
)


def _grouped(items: Iterator[tuple[Any, dict[str, Any]]]) -> Iterator[tuple[Any, list]]:
    """Batches of at most BATCH rows that share a key (a label or a relationship type)."""
    pending: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for key, props in items:
        pending[key].append(props)
        if len(pending[key]) >= BATCH:
            yield key, pending.pop(key)
    yield from pending.items()


def _write(
    session: Any, counters: dict[str, int], statement: str, params: dict
) -> list[neo4j.Record]:
    """Run one write in its own (retried) transaction; count what it changed."""

    def work(tx: neo4j.ManagedTransaction) -> tuple[list[neo4j.Record], Any]:
        result = tx.run(statement, params)
        return list(result), result.consume()

    records, summary = session.execute_write(work)
    for name in _COUNTERS:
        counters[name] += getattr(summary.counters, name)
    return records


# -- connection -----------------------------------------------------------------------


def _driver(target: Neo4jTarget) -> neo4j.Driver:
    # Only Bolt: the driver's HTTP support is a preview that needs extra packages.
    if target.uri.split("://", 1)[0] not in _SCHEMES:
        raise Neo4jBackendError(
            f"bad Neo4j URI {target.uri!r}: use bolt://HOST:PORT or neo4j://HOST:PORT"
        )
    auth = (target.user, target.password) if target.password is not None else None
    try:
        # Notifications (deprecations, hints) are for people writing the query, not logs.
        return neo4j.GraphDatabase.driver(target.uri, auth=auth, notifications_min_severity="OFF")
    except (ValueError, neo4j_errors.ConfigurationError) as exc:
        raise Neo4jBackendError(f"bad Neo4j URI {target.uri!r}: {exc}") from None


_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


@contextmanager
def _session(target: Neo4jTarget, mode: str) -> Iterator[neo4j.Session]:
    """A session on ``target``; driver exceptions come out as :class:`Neo4jBackendError`."""
    try:
        with (
            _driver(target) as driver,
            driver.session(database=target.database, default_access_mode=mode) as session,
        ):
            yield session
    except Neo4jBackendError:
        raise
    except Exception as exc:
        message = _message(exc, target)
        if message is None:
            raise
        raise Neo4jBackendError(message) from None


def _message(exc: BaseException, target: Neo4jTarget) -> str | None:
    if isinstance(exc, neo4j_errors.AuthError):
        return f"Neo4j at {target.uri} refused user {target.user!r}: wrong user or password"
    if isinstance(exc, neo4j_errors.ServiceUnavailable | OSError):
        return f"cannot reach Neo4j at {target.uri}: {exc}"
    if isinstance(exc, neo4j_errors.Neo4jError):
        code = exc.code or ""
        if "TransactionTimedOut" in code or "Terminated" in code:
            return "the query ran longer than its timeout and was stopped"
        if "AccessMode" in code or "Forbidden" in code:
            return "query refused: queries are read-only"
        return f"Neo4j: {exc.message or exc}"
    if isinstance(exc, neo4j_errors.DriverError):
        return f"Neo4j driver: {exc}"
    return None


def load_graph(target: Neo4jTarget) -> nx.MultiDiGraph:
    """The graph mirrored in Neo4j (by :func:`push_to_neo4j`) as a networkx graph.

    It has the shape :mod:`aidgraph.graph.nxgraph` documents, so the named questions
    run on it unchanged: ``aidgraph ask --neo4j URI`` answers from the server's data.
    Only aidgraph's labels and relationship types are read.
    """
    graph = nx.MultiDiGraph(sources={}, revision=None)
    with _session(target, neo4j.READ_ACCESS) as session:
        for record in session.run(_READ_NODES, labels=list(NODE_LABELS)):
            graph.add_node(
                record["id"],
                type=record["type"],
                name=record["name"],
                aliases=sorted(record["aliases"] or []),
                attrs=json.loads(record["attrs"] or "{}"),
            )
        for record in session.run(_READ_RELS, types=list(REL_TYPES)):
            graph.add_edge(
                record["source"],
                record["target"],
                key=record["id"],
                type=record["type"],
                program=record["program"],
                start=record["start"],
                end=record["end"],
                figures=json.loads(record["figures"] or "{}"),
                attrs=json.loads(record["attrs"] or "{}"),
                directed=record["type"] != str(EdgeType.PAIRS_WITH),
                provenance=json.loads(record["provenance"] or "[]"),
            )
    return graph


_READ_NODES = (
    "MATCH (n) WHERE n.id IS NOT NULL "
    "WITH n, [l IN labels(n) WHERE l IN $labels] AS known WHERE size(known) > 0 "
    "RETURN known[0] AS type, n.id AS id, n.name AS name, n.aliases AS aliases, "
    "n.attrs AS attrs"
)
_READ_RELS = (
    "MATCH (a)-[r]->(b) WHERE type(r) IN $types AND r.id IS NOT NULL "
    "RETURN type(r) AS type, a.id AS source, b.id AS target, r.id AS id, "
    "r.program AS program, r.start AS start, r.`end` AS end, r.figures AS figures, "
    "r.attrs AS attrs, r.provenance AS provenance"
)
