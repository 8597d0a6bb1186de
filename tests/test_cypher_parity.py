"""The same Cypher gives the same rows on the embedded engine and on a real Neo4j.

The example data is pushed to the test server once; each query below runs on both and
the rows are compared after normalising (nodes, relationships and paths are already
plain dicts; floats are rounded; unordered results are sorted). Queries whose ORDER BY
fixes the order are compared in order. Together they cover what the embedded default
must support: labels, relationship types in both directions, WHERE on properties,
parameters, WITH, UNWIND, variable-length paths, OPTIONAL MATCH, aggregation,
ORDER BY/SKIP/LIMIT, DISTINCT and returned paths.

Write and injection attempts are refused on both backends with the data unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aidgraph.queries.cypher import CypherError, Neo4jTarget, run_cypher
from aidgraph.queries.neo4j_backend import push_to_neo4j
from aidgraph.queries.workspace import Workspace

pytestmark = pytest.mark.neo4j

# (id, query, params, ordered)
QUERIES: list[tuple[str, str, dict[str, Any], bool]] = [
    ("label", "MATCH (n:Hospital) RETURN n.name AS name", {}, False),
    (
        "directed",
        "MATCH (a)-[:SUPPORTS]->(b:Region) RETURN a.id AS donor, b.id AS recipient",
        {},
        False,
    ),
    ("incoming", "MATCH (r:Region)<-[:LOCATED_IN]-(h:Hospital) RETURN r.name, h.name", {}, False),
    ("undirected", "MATCH (a)-[:PAIRS_WITH]-(b) RETURN a.name AS a, b.name AS b", {}, False),
    (
        "undirected-anchored",
        "MATCH (a:Region {name: '铜仁市'})-[:PAIRS_WITH]-(b) RETURN b.name AS partner",
        {},
        False,
    ),
    (
        "parameter",
        "MATCH (r:Region)<-[:LOCATED_IN]-(h:Hospital) WHERE r.name = $city RETURN h.name AS h",
        {"city": "铜仁市"},
        False,
    ),
    (
        "where-number",
        "MATCH (a)-[r:SUPPORTS]->(b) WHERE r.experts > 50 "
        "RETURN a.name AS a, b.name AS b, r.experts AS experts",
        {},
        False,
    ),
    (
        "where-null-and-year",
        "MATCH (a)-[r:SUPPORTS]->(b) WHERE r.start >= 2015 AND r.program IS NOT NULL "
        "RETURN a.name AS a, b.name AS b, r.start AS start, r.program AS program",
        {},
        False,
    ),
    (
        "string-predicate",
        "MATCH (n) WHERE n.name STARTS WITH '东莞' OR n.name CONTAINS '中日' RETURN n.id AS id",
        {},
        False,
    ),
    (
        "list-property",
        "MATCH (n:Region) WHERE size(n.aliases) > 0 RETURN n.name AS name, n.aliases AS aliases",
        {},
        False,
    ),
    (
        "with",
        "MATCH (h:Hospital)-[:LOCATED_IN]->(r:Region) WITH r, count(h) AS hospitals "
        "WHERE hospitals > 1 RETURN r.name AS region, hospitals",
        {},
        False,
    ),
    (
        "unwind",
        "UNWIND $names AS name MATCH (n:Region {name: name}) RETURN name, n.id AS id",
        {"names": ["拉萨市", "铜仁市", "不存在"]},
        False,
    ),
    (
        "variable-length",
        "MATCH (a:Region {name: '东莞市'})-[*1..2]-(b) RETURN DISTINCT b.id AS id",
        {},
        False,
    ),
    (
        "variable-length-typed",
        "MATCH (a:Region {name: '上海市'})-[:SUPPORTS*1..2]->(b) RETURN DISTINCT b.id AS id",
        {},
        False,
    ),
    (
        "variable-length-count",
        "MATCH (a:Hospital {name: '中日友好医院'})-[*2]-(b) RETURN count(*) AS walks",
        {},
        False,
    ),
    (
        "optional-match",
        "MATCH (h:Hospital) OPTIONAL MATCH (d:Department)-[:DEPARTMENT_OF]->(h) "
        "RETURN h.name AS hospital, count(d) AS departments",
        {},
        False,
    ),
    (
        "optional-null",
        "MATCH (h:Hospital) WHERE h.name STARTS WITH '东莞' "
        "OPTIONAL MATCH (h)-[p:PAIRS_WITH]-(x) RETURN h.name AS h, x.name AS partner",
        {},
        False,
    ),
    ("type-function", "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", {}, False),
    (
        "aggregates",
        "MATCH ()-[r:SUPPORTS]->() RETURN sum(r.experts) AS experts, avg(r.experts) AS mean, "
        "min(r.start) AS first, max(r.end) AS last, count(r.program) AS with_program",
        {},
        False,
    ),
    (
        "count-distinct",
        "MATCH (a)-[:SUPPORTS]->(b) RETURN a.name AS donor, count(DISTINCT b) AS recipients",
        {},
        False,
    ),
    (
        "order-limit",
        "MATCH (a)-[r:SUPPORTS]->() RETURN a.name AS donor, count(r) AS n "
        "ORDER BY n DESC, donor LIMIT 5",
        {},
        True,
    ),
    (
        "order-skip-limit",
        "MATCH (n:Region) RETURN n.name AS name ORDER BY name SKIP 3 LIMIT 4",
        {},
        True,
    ),
    ("distinct", "MATCH (a)-[r:SUPPORTS]->() RETURN DISTINCT r.program AS program", {}, False),
    ("node-value", "MATCH (n:Alliance) RETURN n", {}, False),
    ("relationship-value", "MATCH (:Person)-[r:TRAINED]->(:Person) RETURN r", {}, False),
    ("path", "MATCH p = (:Person)-[:AFFILIATED_WITH]->(:Hospital) RETURN p", {}, False),
    (
        "path-two-hops",
        "MATCH p = (:Technique)-[:TECHNIQUE_AT]->(:Hospital)-[:LOCATED_IN]->(:Region) "
        "RETURN p, length(p) AS hops",
        {},
        False,
    ),
    (
        "path-variable-length",
        "MATCH p = (:Person {name: '王敏'})-[*1..2]->(x) RETURN p",
        {},
        False,
    ),
    (
        "three-hop-chain",
        "MATCH (d:Department)-[:DEPARTMENT_OF]->(h:Hospital)<-[:SUPPORTS]-(donor) "
        "RETURN d.name AS department, h.name AS hospital, donor.name AS donor",
        {},
        False,
    ),
    (
        "exists-subquery",
        "MATCH (h:Hospital) WHERE EXISTS { MATCH (h)<-[:DEPARTMENT_OF]-(:Department) } "
        "AND NOT EXISTS { MATCH (h)<-[:SUPPORTS]-(:Region) } RETURN h.name AS name",
        {},
        False,
    ),
    (
        "figures-json",
        "MATCH (a)-[r:TRAINED]->(b) WHERE r.figures <> '{}' "
        "RETURN a.name AS a, r.figures AS figures",
        {},
        False,
    ),
    (
        "provenance",
        "MATCH (n:Hospital {name: '中日友好医院'}) RETURN n.provenance_count AS count, "
        "n.sources AS sources",
        {},
        False,
    ),
    (
        "case-coalesce",
        "MATCH (a)-[r:SUPPORTS]->(b:Hospital) RETURN coalesce(r.program, 'none') AS program, "
        "CASE WHEN r.start IS NULL THEN 'open' ELSE 'dated' END AS dated, count(*) AS n",
        {},
        False,
    ),
]


@pytest.fixture(scope="module")
def pushed(example_db: Path, neo4j_server: Neo4jTarget) -> Iterator[Workspace]:
    """The example workspace, mirrored to the test server."""
    with Workspace(example_db) as ws:
        push_to_neo4j(ws, neo4j_server.uri, neo4j_server.user, neo4j_server.password)
        yield ws


def comparable(rows: list[list[Any]], ordered: bool) -> list[str]:
    out = [json.dumps(_rounded(row), ensure_ascii=False, sort_keys=True) for row in rows]
    return out if ordered else sorted(out)


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def test_at_least_twenty_queries() -> None:
    assert len(QUERIES) >= 20


@pytest.mark.parametrize(
    ("query", "params", "ordered"), [q[1:] for q in QUERIES], ids=[q[0] for q in QUERIES]
)
def test_same_rows_on_both_backends(
    pushed: Workspace, neo4j_server: Neo4jTarget, query: str, params: dict, ordered: bool
) -> None:
    embedded = run_cypher(pushed, query, params)
    server = run_cypher(pushed, query, params, neo4j=neo4j_server)
    assert embedded.rows, "a parity query must return rows to compare"
    assert comparable(embedded.rows, ordered) == comparable(server.rows, ordered)
    assert not embedded.truncated and not server.truncated


WRITE_ATTEMPTS = [
    "CREATE (n:Hospital {id: 'Hospital:evil', name: 'evil'}) RETURN n",
    "MERGE (n:Region {id: 'Region:evil', name: 'evil'}) RETURN n",
    "MATCH (n:Region) SET n.name = 'evil' RETURN n",
    "match (n:Region) set n.name = 'evil'",
    "MATCH (n) DETACH DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (n:Region) REMOVE n.level RETURN n",
    "UNWIND [1, 2] AS x CREATE (:Region {id: toString(x), name: 'evil'})",
    "FOREACH (x IN [1] | CREATE (:Region {id: 'evil', name: 'evil'}))",
    "MATCH (n) WITH n LIMIT 1 CALL { CREATE (:Region {id: 'evil', name: 'evil'}) } RETURN n",
    "CALL db.createLabel('Evil')",
    "CALL dbms.security.createUser('evil', 'secret', false)",
    "CALL apoc.cypher.runWrite('CREATE (:Region)', {})",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD FROM '/etc/passwd' RETURN *",
    "COPY Region FROM '/tmp/evil.csv'",
    "INSTALL httpfs",
    "ATTACH '/tmp/evil.lbdb' AS evil (dbtype lbug)",
    "EXPORT DATABASE '/tmp/evil'",
    "DROP TABLE Region",
    "ALTER TABLE Region ADD evil INT64",
    "MATCH (n) RETURN count(n); MATCH (m) DETACH DELETE m",
    "MATCH (n) RETURN count(n) /* ; */ ; CREATE (:Region {id: 'evil', name: 'evil'})",
    "MATCH (n) RETURN count(n) // comment\nCREATE (:Region {id: 'evil', name: 'evil'})",
    "MATCH (n) /* only a comment */ SET/**/n.name = 'evil'",
    "MATCH (n) WHERE n.name = 'x' CREATE (:Region {id: 'evil', name: 'evil'}) RETURN n",
    "MATCH (n) WHERE n.name = $name CREATE (:Region {id: 'evil', name: 'evil'})",
]


def _snapshot(ws: Workspace, target: Neo4jTarget | None) -> list[str]:
    """Every node and relationship, as text: what a write would change."""
    nodes = run_cypher(ws, "MATCH (n) RETURN n", neo4j=target, limit=100_000).rows
    rels = run_cypher(ws, "MATCH ()-[r]->() RETURN r", neo4j=target, limit=100_000).rows
    return comparable(nodes, False) + comparable(rels, False)


@pytest.mark.parametrize("backend", ["embedded", "neo4j"])
def test_write_and_injection_attempts_are_refused(
    pushed: Workspace, neo4j_server: Neo4jTarget, backend: str
) -> None:
    target = neo4j_server if backend == "neo4j" else None
    before = _snapshot(pushed, target)
    counts, revision = pushed.store.counts(), pushed.store.revision()
    for attempt in WRITE_ATTEMPTS:
        with pytest.raises(CypherError) as refused:
            run_cypher(pushed, attempt, {"name": "x"}, neo4j=target)
        message = str(refused.value)
        assert "refused" in message or "read-only" in message, (attempt, message)
    assert _snapshot(pushed, target) == before
    assert (pushed.store.counts(), pushed.store.revision()) == (counts, revision)
