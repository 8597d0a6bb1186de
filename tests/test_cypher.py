"""Cypher on the embedded default: the read-only guard, the ladybug index, the results.

Runs without any server. Answers are checked against the store itself (counts, ids,
provenance), so a wrong index or a wrong conversion fails here.
"""

from __future__ import annotations

import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from aidgraph.graph.model import Edge, Extraction, Figure, Node, Provenance, Source, SourceKind
from aidgraph.graph.store import Store
from aidgraph.queries.cypher import CypherError, parse_params, run_cypher
from aidgraph.queries.cypher_embedded import EmbeddedError, index_path, open_index, rewrite_dialect
from aidgraph.queries.cypher_guard import GuardError, check_read_only, skeleton
from aidgraph.queries.workspace import Workspace

# 86^4 ≈ 55 million rows each building a string: seconds of work that neither engine
# can shortcut (a bare count over a cartesian product is answered without enumerating).
SLOW_QUERY = (
    "MATCH (a), (b), (c), (d) WHERE a.name + b.name + c.name + d.name = 'x' RETURN count(*)"
)

# -- the guard ------------------------------------------------------------------------

READ_QUERIES = [
    "MATCH (n) RETURN n",
    "MATCH (n) RETURN n;",
    "MATCH (n:Hospital) WHERE n.name = 'CREATE (x) ; DELETE' RETURN n.name",
    'MATCH (n) WHERE n.name = "SET n.x = 1" RETURN n',
    "MATCH (n) RETURN n.set, n.load, n.copy",  # properties named like clauses
    "MATCH (n) RETURN {copy: 1, set: 2} AS m",
    "MATCH (n) RETURN n // DELETE everything\n",
    "MATCH (n) /* CREATE ; MERGE */ RETURN n",
    "MATCH (n) RETURN n.`create` AS `DELETE`",
    "MATCH (n) WHERE n.name = $set RETURN n",
    "CALL show_tables() RETURN *",
    "CALL db.labels() YIELD label RETURN label",
    "MATCH (n) CALL { WITH n RETURN 1 AS one } RETURN n, one",
    "MATCH (n) WHERE n.name = 'it\\'s ; CREATE' RETURN n",
]

REFUSED = [
    ("CREATE (n) RETURN n", "CREATE is not allowed"),
    ("merge (n:Region {id: 'x'})", "MERGE is not allowed"),
    ("MATCH (n) SET n.x = 1", "SET is not allowed"),
    ("MATCH (n) DETACH DELETE n", "DETACH is not allowed"),
    ("MATCH (n) SET/**/n.x = 1", "SET is not allowed"),
    ("MATCH (n) RETURN n; MATCH (m) RETURN m", "one statement"),
    ("MATCH (n) RETURN n /* ; */ ; CREATE (x)", "one statement"),
    ("MATCH (n) RETURN n // ;\n; DELETE n", "one statement"),
    ("CALL db.createLabel('X')", "CALL db.createlabel is not allowed"),
    ("CALL threads=1", "CALL threads is not allowed"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD is not allowed"),
    ("COPY Region FROM 'x.csv'", "COPY is not allowed"),
    ("INSTALL json", "INSTALL is not allowed"),
    ("MATCH (n) RETURN 'unterminated", "unterminated string"),
    ("MATCH (n) /* RETURN n", "unterminated /* comment"),
    ("MATCH (n) RETURN n.`x", "unterminated `quoted name`"),
    ("  ;  ", "empty"),
]


@pytest.mark.parametrize("query", READ_QUERIES)
def test_guard_lets_reads_through(query: str) -> None:
    check_read_only(query)


@pytest.mark.parametrize(("query", "reason"), REFUSED)
def test_guard_refuses_writes_and_tricks(query: str, reason: str) -> None:
    with pytest.raises(GuardError, match=re.escape(reason)):
        check_read_only(query)


def test_skeleton_blanks_comments_and_strings() -> None:
    text = skeleton("MATCH (n) /* x */ WHERE n.name = 'a;b' // c\nRETURN `we;ird`")
    assert ";" not in text
    assert "MATCH (n)" in text and "RETURN quoted_name" in text


def test_dialect_rewrites_touch_code_only() -> None:
    query = "MATCH (a)-[r:SUPPORTS*1..2]-(b) WHERE r.end > 1 RETURN type(r), 'type(r) r.end'"
    assert rewrite_dialect(query) == (
        "MATCH (a)-[r:SUPPORTS* TRAIL 1..2]-(b) WHERE r.`end` > 1 RETURN label(r), 'type(r) r.end'"
    )
    assert rewrite_dialect("RETURN [2*3] AS x, count(*)") == "RETURN [2*3] AS x, count(*)"


def test_parse_params() -> None:
    params = parse_params(["year=2018", 'names=["拉萨市","日喀则市"]', "city=拉萨市", "$x=1.5"])
    assert params == {"year": 2018, "names": ["拉萨市", "日喀则市"], "city": "拉萨市", "x": 1.5}
    with pytest.raises(CypherError, match="NAME=VALUE"):
        parse_params(["no-equals-sign"])


# -- the embedded engine over the example data ----------------------------------------


def test_counts_match_the_store(example_workspace: Workspace) -> None:
    counts = example_workspace.store.counts()
    nodes = run_cypher(example_workspace, "MATCH (n) RETURN count(*) AS n").rows[0][0]
    assert nodes == sum(counts["nodes"].values())
    by_type = run_cypher(
        example_workspace, "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n"
    ).records()
    assert {r["t"]: r["n"] for r in by_type} == counts["edges"]
    by_label = run_cypher(
        example_workspace, "MATCH (n) RETURN label(n) AS l, count(*) AS n"
    ).records()
    assert {r["l"]: r["n"] for r in by_label} == counts["nodes"]


def test_edges_match_the_store(example_workspace: Workspace) -> None:
    table = run_cypher(
        example_workspace,
        "MATCH (a)-[r]->(b) RETURN r.id AS id, a.id AS a, b.id AS b, type(r) AS t",
        limit=10_000,
    )
    got = {(r["id"], r["a"], r["b"], r["t"]) for r in table.records()}
    expected = {
        (e.id, e.source, e.target, str(e.type)) for e in example_workspace.store.iter_edges()
    }
    assert got == expected


def test_pairs_with_matches_both_ways(example_workspace: Workspace) -> None:
    rows = run_cypher(
        example_workspace,
        "MATCH (a:Region {name: $a})-[:PAIRS_WITH]-(b) RETURN b.name",
        {"a": "铜仁市"},
    ).rows
    assert rows == [["东莞市"]]
    directed = run_cypher(
        example_workspace, "MATCH (a:Region {name: '铜仁市'})-[:PAIRS_WITH]->(b) RETURN b.name"
    ).rows
    assert directed == []  # stored once, from the sorted-first end (东莞市 < 铜仁市)


def test_figures_are_flattened_and_kept_as_json(example_workspace: Workspace) -> None:
    row = run_cypher(
        example_workspace,
        "MATCH (a:Region {name: '东莞市'})-[r:SUPPORTS]->(b:Region {name: '铜仁市'}) "
        "RETURN r.surgeries AS surgeries, r.medical_staff AS staff, r.figures AS figures, "
        "r.start AS start, r.end AS end, r.program AS program",
    ).records()[0]
    assert row["surgeries"] == 5993 and row["staff"] == 129
    assert '"surgeries": {"value": 5993' in row["figures"]
    assert (row["start"], row["end"], row["program"]) == (2021, None, "东西部协作")


def test_values_are_plain_dicts(example_workspace: Workspace) -> None:
    node = run_cypher(
        example_workspace, "MATCH (n:Alliance {name: '宜宾市市级医学专科联盟'}) RETURN n"
    )
    value = node.rows[0][0]
    assert value["_label"] == "Alliance" and value["id"] == "Alliance:宜宾市市级医学专科联盟"
    assert [Path(uri).name for uri in value["sources"]] == ["yibin_alliance.csv"]
    assert all(v is not None for v in value.values())
    path = run_cypher(
        example_workspace,
        "MATCH p = (:Person {name: '王敏'})-[:AFFILIATED_WITH]->(h) RETURN p",
    ).rows[0][0]
    assert [n["name"] for n in path["nodes"]] == ["王敏", "鄂温克族自治旗人民医院"]
    (rel,) = path["relationships"]
    assert rel["_type"] == "AFFILIATED_WITH" and rel["source"] == "Person:王敏"
    assert '"line"' in rel["provenance"] and rel["provenance_count"] == 1
    assert '"_label": "Alliance"' in node.render("json")


def test_variable_length_relationship_is_a_list(example_workspace: Workspace) -> None:
    rows = run_cypher(
        example_workspace,
        "MATCH (:Person {name: '王敏'})-[rs:AFFILIATED_WITH|LOCATED_IN*2]->(x) RETURN rs, x.name",
    ).rows
    assert rows, "王敏 → 鄂温克族自治旗人民医院 → 鄂温克族自治旗"
    rels, name = rows[0]
    assert [r["_type"] for r in rels] == ["AFFILIATED_WITH", "LOCATED_IN"]
    assert name == "鄂温克族自治旗"


def test_limit_truncates(example_workspace: Workspace) -> None:
    total = run_cypher(example_workspace, "MATCH (n) RETURN count(*)").rows[0][0]
    cut = run_cypher(example_workspace, "MATCH (n) RETURN n.id", limit=3)
    assert len(cut.rows) == 3 and cut.truncated
    whole = run_cypher(example_workspace, "MATCH (n) RETURN n.id", limit=total)
    assert len(whole.rows) == total and not whole.truncated
    assert "truncated" in cut.render("table")


def test_timeout_stops_a_long_query(example_workspace: Workspace) -> None:
    with pytest.raises(CypherError, match="timeout"):
        run_cypher(example_workspace, SLOW_QUERY, timeout=0.2)
    # the engine is still usable afterwards
    assert run_cypher(example_workspace, "RETURN 1 AS one").rows == [[1]]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("MATCH (n:Hospital) RETURN n.nope", "Cannot find property nope"),
        ("MATCH (n:Nope) RETURN n", "Nope does not exist"),
        ("MATCH (n RETURN n", "Parser exception"),
    ],
)
def test_engine_errors_are_cypher_errors(
    example_workspace: Workspace, query: str, message: str
) -> None:
    with pytest.raises(CypherError, match=message):
        run_cypher(example_workspace, query)


def test_bad_arguments_are_refused(example_workspace: Workspace) -> None:
    with pytest.raises(CypherError, match="timeout"):
        run_cypher(example_workspace, "RETURN 1", timeout=0)
    with pytest.raises(CypherError, match="limit"):
        run_cypher(example_workspace, "RETURN 1", limit=-1)


def test_index_is_read_only_even_past_the_guard(example_workspace: Workspace) -> None:
    index = open_index(example_workspace)
    with pytest.raises(EmbeddedError, match="read-only"):
        index.run("CREATE (:Region {id: 'Region:evil', name: 'evil'})", {}, timeout=5, limit=10)
    count = run_cypher(example_workspace, "MATCH (n:Region {id: 'Region:evil'}) RETURN count(*)")
    assert count.rows == [[0]]


# -- the index follows the store ------------------------------------------------------

SOURCE = Source("b" * 64, SourceKind.ARTICLE, "https://example.org/odd-names.html", "测试")


def _odd_names() -> Extraction:
    """Names and aliases with the characters CSV and list syntax care about."""
    extraction = Extraction(SOURCE)
    prov = [Provenance(SOURCE.id, "test/1", sentence='他说："援藏, 援疆"\n第二行', start=0, end=9)]
    a = Node("Hospital", '医院"甲", [一]', {"甲院", "[乙]", "x,y"}, {"level": "三甲"}, prov)
    b = Node("Region", "某县", set(), {"adcode": "054000", "weight": 1.5}, prov)
    extraction.add_node(a)
    extraction.add_node(b)
    figures = {"experts": Figure(3), "odd-key": Figure(1)}
    extraction.add_edge(Edge("LOCATED_IN", a.id, b.id, figures=figures, provenance=prov))
    return extraction


def test_index_rebuilds_when_the_store_changes(example_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    with Workspace(db) as ws:
        before = run_cypher(ws, "MATCH (n) RETURN count(*)").rows[0][0]
        old = index_path(ws)
        ws.store.land([_odd_names()])
        after = run_cypher(ws, "MATCH (n) RETURN count(*)").rows[0][0]
        assert after == before + 2
        assert index_path(ws) != old and not old.exists()
        assert [p.name for p in ws.index_dir.glob("cypher-*.lbdb")] == [index_path(ws).name]


def test_built_index_is_reused_by_a_new_workspace(example_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    with Workspace(db) as ws:
        run_cypher(ws, "RETURN 1")
        path = index_path(ws)
        built = path.stat().st_mtime_ns
    with Workspace(db) as ws:
        assert run_cypher(ws, "MATCH (n) RETURN count(*)").rows[0][0] > 0
        assert index_path(ws) == path and path.stat().st_mtime_ns == built


def test_odd_names_survive_the_bulk_load(tmp_path: Path) -> None:
    with Store(tmp_path / "odd.db") as store:
        store.land([_odd_names()])
    with Workspace(tmp_path / "odd.db") as ws:
        row = run_cypher(
            ws,
            "MATCH (h:Hospital)-[r:LOCATED_IN]->(c:Region) RETURN h.name AS name, "
            "h.aliases AS aliases, h.level AS level, c.adcode AS adcode, c.weight AS weight, "
            "r.experts AS experts, r.figures AS figures, h.provenance AS provenance",
        ).records()[0]
    assert row["name"] == '医院"甲", [一]'
    assert row["aliases"] == sorted({"甲院", "[乙]", "x,y"})
    assert (row["level"], row["adcode"], row["weight"]) == ("三甲", "054000", 1.5)
    assert row["experts"] == 3 and '"odd-key"' in row["figures"]
    assert '援藏, 援疆\\"\\n第二行' in row["provenance"]


def test_one_index_serves_many_threads(example_workspace: Workspace) -> None:
    # The Workspace's SQLite handle belongs to its thread; the index itself is shared.
    index = open_index(example_workspace)
    expected = run_cypher(example_workspace, "MATCH (n) RETURN count(*)").rows

    def count(_: int) -> list:
        return index.run("MATCH (n) RETURN count(*)", {}, timeout=5, limit=10).rows

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(count, range(32))) == [expected] * 32
