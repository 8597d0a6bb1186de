"""Pushing to and querying a real Neo4j 5 server (started by tests/fixtures/neo4j_server.py).

The server holds one database shared by the Neo4j test modules, so every test here
first pushes what it needs (a push mirrors the store exactly) and checks the server's
content behind aidgraph's back with the plain driver.
"""

from __future__ import annotations

import socket
from pathlib import Path

import neo4j
import pytest

from aidgraph.graph.model import Edge, Extraction, Node, Provenance, Source, SourceKind
from aidgraph.graph.store import Store
from aidgraph.queries.cypher import CypherError, Neo4jTarget, run_cypher
from aidgraph.queries.neo4j_backend import Neo4jBackendError, push_to_neo4j, run_on_neo4j
from aidgraph.queries.workspace import Workspace

# 86^4 ≈ 55 million rows each building a string: seconds of work that neither engine
# can shortcut (a bare count over a cartesian product is answered without enumerating).
SLOW_QUERY = (
    "MATCH (a), (b), (c), (d) WHERE a.name + b.name + c.name + d.name = 'x' RETURN count(*)"
)

pytestmark = pytest.mark.neo4j


def _push(ws: Workspace, target: Neo4jTarget) -> dict:
    return push_to_neo4j(ws, target.uri, target.user, target.password)


def _dump(driver: neo4j.Driver) -> list[tuple]:
    """Every node and relationship with all its properties, sorted."""
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.id AS a, b.id AS b, properties(r) AS p"
    )
    out = [("node", tuple(r["l"]), sorted(r["p"].items())) for r in nodes]
    out += [("rel", r["t"], r["a"], r["b"], sorted(r["p"].items())) for r in rels]
    return sorted(out, key=repr)


def _small_store(path: Path) -> Path:
    source = Source("c" * 64, SourceKind.ARTICLE, "https://example.org/small.html", "小图")
    prov = [Provenance(source.id, "test/1", sentence="甲院支援乙院。", start=0, end=7)]
    extraction = Extraction(source)
    a = extraction.add_node(Node("Hospital", "甲院", {"甲医院"}, {}, prov))
    b = extraction.add_node(Node("Hospital", "乙院", set(), {"level": "二甲"}, prov))
    extraction.add_edge(
        Edge("SUPPORTS", a.id, b.id, program="组团式支援", start=2020, provenance=prov)
    )
    with Store(path) as store:
        store.land([extraction])
    return path


def test_push_is_idempotent(
    example_workspace: Workspace, neo4j_server: Neo4jTarget, neo4j_driver: neo4j.Driver
) -> None:
    _push(example_workspace, neo4j_server)
    before = _dump(neo4j_driver)
    report = _push(example_workspace, neo4j_server)
    for counter in ("nodes_created", "nodes_deleted", "relationships_created"):
        assert report[counter] == 0, counter
    assert report["relationships_deleted"] == 0 and report["properties_set"] == 0
    assert report["constraints_added"] == 0
    assert _dump(neo4j_driver) == before
    counts = example_workspace.store.counts()
    assert report["nodes"] == sum(counts["nodes"].values())
    assert report["relationships"] == sum(counts["edges"].values())


def test_push_mirrors_a_changed_store(
    example_workspace: Workspace,
    neo4j_server: Neo4jTarget,
    neo4j_driver: neo4j.Driver,
    tmp_path: Path,
) -> None:
    _push(example_workspace, neo4j_server)
    with Workspace(_small_store(tmp_path / "small.db")) as small:
        report = _push(small, neo4j_server)
    assert (report["nodes"], report["relationships"]) == (2, 1)
    assert report["nodes_deleted"] > 0 and report["nodes_created"] == 2
    records, _, _ = neo4j_driver.execute_query(
        "MATCH (a:Hospital)-[r:SUPPORTS]->(b:Hospital) RETURN a, r, b"
    )
    (record,) = records
    assert record["a"]["aliases"] == ["甲医院"] and record["b"]["level"] == "二甲"
    assert record["r"]["program"] == "组团式支援" and record["r"]["start"] == 2020
    assert "甲院支援乙院。" in record["r"]["provenance"] and record["r"]["provenance_count"] == 1
    assert record["r"]["sources"] == ["https://example.org/small.html"]
    report = _push(example_workspace, neo4j_server)
    assert report["nodes_deleted"] == 2 and report["relationships_deleted"] == 1


def test_push_creates_uniqueness_constraints(
    example_workspace: Workspace, neo4j_server: Neo4jTarget, neo4j_driver: neo4j.Driver
) -> None:
    _push(example_workspace, neo4j_server)
    records, _, _ = neo4j_driver.execute_query("SHOW CONSTRAINTS YIELD name, type")
    names = {r["name"]: r["type"] for r in records}
    assert names["aidgraph_hospital_id"] == "UNIQUENESS"
    assert len([n for n in names if n.startswith("aidgraph_")]) == 8


def test_plan_check_refuses_writes_past_the_guard(
    example_workspace: Workspace, neo4j_server: Neo4jTarget, neo4j_driver: neo4j.Driver
) -> None:
    _push(example_workspace, neo4j_server)
    before = _dump(neo4j_driver)
    for write in (
        "CREATE (:Region {id: 'Region:evil', name: 'evil'})",
        "MATCH (n:Region) SET n.name = 'evil'",
        "MATCH (n) DETACH DELETE n",
    ):
        with pytest.raises(Neo4jBackendError, match="read-only"):
            run_on_neo4j(neo4j_server, write, {}, timeout=5, limit=10)
    assert _dump(neo4j_driver) == before


def test_limit_and_timeout_on_neo4j(
    example_workspace: Workspace, neo4j_server: Neo4jTarget
) -> None:
    _push(example_workspace, neo4j_server)
    cut = run_cypher(example_workspace, "MATCH (n) RETURN n.id", limit=3, neo4j=neo4j_server)
    assert len(cut.rows) == 3 and cut.truncated
    total = run_cypher(example_workspace, "MATCH (n) RETURN count(n)", neo4j=neo4j_server)
    whole = run_cypher(
        example_workspace, "MATCH (n) RETURN n.id", limit=total.rows[0][0], neo4j=neo4j_server
    )
    assert not whole.truncated
    with pytest.raises(CypherError, match="timeout"):
        run_cypher(
            example_workspace,
            SLOW_QUERY,
            timeout=0.5,
            neo4j=neo4j_server,
        )


def test_connection_problems_are_clear(
    example_workspace: Workspace, neo4j_server: Neo4jTarget
) -> None:
    wrong = Neo4jTarget(neo4j_server.uri, "neo4j", "not-the-password")
    with pytest.raises(CypherError, match="wrong user or password"):
        run_cypher(example_workspace, "RETURN 1", neo4j=wrong)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    with pytest.raises(CypherError, match="cannot reach Neo4j"):
        run_cypher(example_workspace, "RETURN 1", neo4j=Neo4jTarget(f"bolt://127.0.0.1:{closed}"))
    with pytest.raises(CypherError, match="bad Neo4j URI"):
        run_cypher(example_workspace, "RETURN 1", neo4j=Neo4jTarget("http://127.0.0.1:1"))
    with pytest.raises(CypherError, match="Neo4j: "):
        run_cypher(example_workspace, "MATCH (n RETURN n", neo4j=neo4j_server)


def test_named_questions_answer_the_same_from_neo4j(
    example_workspace: Workspace, neo4j_server: Neo4jTarget
) -> None:
    from aidgraph.queries.neo4j_backend import load_graph
    from aidgraph.queries.questions import ask

    _push(example_workspace, neo4j_server)
    graph = load_graph(neo4j_server)
    local = example_workspace.graph()
    assert set(graph.nodes) == set(local.nodes)
    assert set(graph.edges(keys=True)) == set(local.edges(keys=True))
    for name, args in (
        ("supporters", {"entity": "铜仁市"}),
        ("flows", {"level": "province"}),
        ("pairings", {}),
        ("timeline", {"entity": "中日友好医院"}),
    ):
        assert ask(graph, name, **args).rows == ask(local, name, **args).rows, name
    supports = [d for _, _, d in graph.edges(data=True) if d["type"] == "SUPPORTS"]
    assert supports and all(d["provenance"] for d in supports)


def test_ask_on_neo4j_from_the_command_line(
    example_workspace: Workspace, neo4j_server: Neo4jTarget
) -> None:
    import json
    import subprocess
    import sys

    _push(example_workspace, neo4j_server)
    result = subprocess.run(
        [sys.executable, "-m", "aidgraph", "ask", "supporters", "--entity", "铜仁市",
         "--format", "json", "--neo4j", neo4j_server.uri, "--user", neo4j_server.user,
         "--password", neo4j_server.password],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = {row[1] for row in json.loads(result.stdout)["rows"]}
    assert "东莞市" in names
