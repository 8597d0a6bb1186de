"""The SQLite store: round trip, idempotent re-ingest, merging across sources, atomicity."""

import shutil
import sqlite3

import pytest

from aidgraph.graph.model import (
    Edge,
    EdgeType,
    Extraction,
    Figure,
    Node,
    Provenance,
    Source,
    SourceKind,
)
from aidgraph.graph.nxgraph import to_networkx
from aidgraph.graph.store import SCHEMA_VERSION, Store, StoreError


def _article(sha: str, hospital: str, aliases=(), sentence="甲支援乙。") -> Extraction:
    source = Source(sha * 64, SourceKind.ARTICLE, f"{sha}.txt", "标题")
    prov = Provenance(source.id, "test/1", sentence=sentence, start=0, end=len(sentence))
    extraction = Extraction(source)
    donor = extraction.add_node(Node("Hospital", hospital, set(aliases), provenance=[prov]))
    region = extraction.add_node(
        Node("Region", "铜仁市", {"铜仁"}, {"level": "prefecture"}, [prov])
    )
    extraction.add_edge(
        Edge(
            EdgeType.SUPPORTS,
            donor.id,
            region.id,
            "东西部协作",
            2021,
            None,
            {"experts": Figure(15)},
            {"note": "x"},
            [prov],
        )
    )
    return extraction


def test_round_trip_keeps_every_field(tmp_path):
    extraction = _article("a", "东莞市人民医院", ["东莞人医"])
    with Store(tmp_path / "g.db") as store:
        store.land([extraction])
    with Store(tmp_path / "g.db") as store:
        nodes = {n.id: n for n in store.iter_nodes(with_provenance=True)}
        edges = list(store.iter_edges(with_provenance=True))
        assert store.schema_version == SCHEMA_VERSION
    original = extraction.nodes["Hospital:东莞市人民医院"]
    assert nodes[original.id].aliases == original.aliases
    assert nodes[original.id].provenance == original.provenance
    assert nodes["Region:铜仁市"].attrs == {"level": "prefecture"}
    (edge,) = edges
    kept = next(iter(extraction.edges.values()))
    assert (edge.id, edge.program, edge.start, edge.figures, edge.attrs) == (
        kept.id,
        kept.program,
        kept.start,
        kept.figures,
        kept.attrs,
    )
    assert edge.provenance == kept.provenance


def test_ingesting_the_same_source_twice_changes_nothing(tmp_path):
    with Store(tmp_path / "g.db") as store:
        first = store.land([_article("a", "东莞市人民医院")])
        revision, counts = store.revision(), store.counts()
        second = store.land([_article("a", "东莞市人民医院")])
        assert first.sources_added and not second.sources_added
        assert second.sources_skipped == ["a.txt"]
        assert store.revision() == revision
        assert store.counts() == counts


def test_one_entity_from_two_sources_is_one_node_with_both_provenances(tmp_path):
    with Store(tmp_path / "g.db") as store:
        store.land([_article("a", "东莞市人民医院")])
        report = store.land([_article("b", "东莞市人民医院", sentence="东莞市人民医院再次支援。")])
        assert report.nodes_added == 0 and report.nodes_merged == 2 and report.edges_merged == 1
        node = store.get_node("Hospital:东莞市人民医院")
        assert {p.source_id for p in node.provenance} == {"src:" + "a" * 16, "src:" + "b" * 16}
        edge = next(store.iter_edges(with_provenance=True))
        assert len(edge.provenance) == 2


def test_a_name_known_as_an_alias_resolves_to_the_stored_node(tmp_path):
    with Store(tmp_path / "g.db") as store:
        store.land([_article("a", "中日友好医院", ["中日医院"])])
        store.land([_article("b", "中日医院")])
        assert store.counts()["nodes"] == {"Hospital": 1, "Region": 1}
        assert store.counts()["edges"] == {"SUPPORTS": 1}
        assert "中日医院" in store.get_node("Hospital:中日友好医院").aliases


def test_networkx_view_follows_the_documented_conventions(tmp_path):
    with Store(tmp_path / "g.db") as store:
        store.land([_article("a", "东莞市人民医院", ["东莞人医"])])
        graph = to_networkx(store)
    assert graph.nodes["Hospital:东莞市人民医院"]["aliases"] == ["东莞人医"]
    ((u, v, data),) = graph.edges(data=True)
    assert (u, v) == ("Hospital:东莞市人民医院", "Region:铜仁市")
    assert data["figures"] == {"experts": {"value": 15}}
    assert data["provenance"][0]["uri"] == "a.txt"
    assert data["provenance"][0]["sentence"] == "甲支援乙。"


def test_a_failing_batch_leaves_the_store_exactly_as_it_was(tmp_path):
    path = tmp_path / "g.db"
    with Store(path) as store:
        store.land([_article("a", "东莞市人民医院")])
    before = path.read_bytes()

    class Boom(Exception):
        pass

    def batch():
        yield _article("b", "东莞市中医院")
        raise Boom

    with Store(path) as store, pytest.raises(Boom):
        store.land(batch())
    with Store(path) as store:
        assert [s["uri"] for s in store.sources()] == ["a.txt"]
        assert store.get_node("Hospital:东莞市中医院") is None
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database" * 100)
    with pytest.raises(StoreError, match=r"notes\.db"):
        Store(bad)


def test_a_store_from_a_newer_aidgraph_is_refused(tmp_path):
    path = tmp_path / "g.db"
    Store(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_example_store_has_every_type(example_db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(example_db, copy)
    with Store(copy) as store:
        counts = store.counts()
    assert len(counts["nodes"]) == 8
    assert len(counts["edges"]) == 8


def test_a_statement_without_sentence_or_offsets_is_stored_once(tmp_path):
    source = Source("c" * 64, SourceKind.RECORDS, "r.csv")
    line = Provenance(source.id, "records/1", line=3)
    extraction = Extraction(source)
    # Two statements equal in every field, NULLs included, are one statement.
    extraction.add_node(
        Node("Region", "拉萨市", provenance=[line, Provenance(source.id, "records/1", line=3)])
    )
    with Store(tmp_path / "g.db") as store:
        store.land([extraction])
        assert store.provenance("Region:拉萨市") == [line]
