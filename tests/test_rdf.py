"""The RDF view: IRIs, the mapping of nodes and relations, SHACL shapes, export."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import NamedNode
from rdflib import RDF, SKOS, Literal, Namespace, URIRef

from aidgraph.graph.store import Store
from aidgraph.graph.synthetic import build_synthetic_store
from aidgraph.queries.rdf import (
    AG,
    BASE,
    encode_segment,
    export_rdf,
    node_iri,
    ontology_path,
    relation_iri,
    to_rdflib,
    validate,
)
from fixtures.rdf import SUPPORT_SENTENCE

ag = Namespace(AG)
schema = Namespace("https://schema.org/")
prov = Namespace("http://www.w3.org/ns/prov#")
org = Namespace("http://www.w3.org/ns/org#")
DONGGUAN = URIRef(node_iri("Hospital:东莞市人民医院"))
TONGREN = URIRef(node_iri("Hospital:铜仁市人民医院"))


@pytest.fixture
def graph(rdf_store: Store) -> rdflib.Graph:
    return to_rdflib(rdf_store)


def test_node_iri_keeps_chinese_and_escapes_what_an_iri_cannot_hold() -> None:
    assert node_iri("Hospital:东莞市人民医院") == BASE + "id/Hospital/东莞市人民医院"
    assert node_iri("Organization:WHO / 世卫 50%") == (
        BASE + "id/Organization/WHO%20%2F%20世卫%2050%25"
    )


@given(st.text(min_size=1))
def test_encoded_segments_decode_back_and_are_valid_iris(name: str) -> None:
    encoded = encode_segment(name)
    assert unquote(encoded, errors="strict") == name
    assert not set(encoded) & set(' <>"{}|^`\\/?#[]')
    NamedNode(BASE + "id/Hospital/" + encoded)  # Oxigraph raises on an invalid IRI


def test_node_has_its_classes_and_labels(graph: rdflib.Graph) -> None:
    assert set(graph.objects(DONGGUAN, RDF.type)) == {ag.Hospital, schema.Hospital}
    assert list(graph.objects(DONGGUAN, SKOS.prefLabel)) == [Literal("东莞市人民医院", lang="zh")]
    assert set(graph.objects(DONGGUAN, SKOS.altLabel)) == {
        Literal("东莞人民医院", lang="zh"),
        Literal("Dongguan Shi Renmin Yiyuan", lang="zh-Latn-pinyin"),
    }
    assert graph.value(DONGGUAN, ag.nodeId) == Literal("Hospital:东莞市人民医院")


def test_region_level_and_code(graph: rdflib.Graph) -> None:
    region = URIRef(node_iri("Region:铜仁市"))
    assert {ag.Region, schema.AdministrativeArea, schema.City} <= set(
        graph.objects(region, RDF.type)
    )
    assert graph.value(region, ag.adminLevel) == Literal("prefecture")
    assert graph.value(region, ag.adcode) == Literal("520600")
    # LOCATED_IN is also asserted as schema.org's containedInPlace.
    assert (TONGREN, schema.containedInPlace, region) in graph


def test_relation_is_a_direct_triple_and_a_reified_node(graph: rdflib.Graph) -> None:
    assert (DONGGUAN, ag.supports, TONGREN) in graph
    [relation] = graph.subjects(RDF.subject, DONGGUAN)
    assert (relation, RDF.type, ag.Relation) in graph
    assert graph.value(relation, RDF.predicate) == ag.supports
    assert graph.value(relation, RDF.object) == TONGREN
    assert str(relation).startswith(BASE + "rel/e:")
    assert graph.value(relation, ag.programName) == Literal("组团式帮扶")
    assert graph.value(relation, ag.program) == URIRef(node_iri("Program:组团式帮扶"))
    assert graph.value(relation, ag.startYear).toPython() == 2016
    assert graph.value(relation, ag.endYear).toPython() == 2020


def test_relation_figures_attributes_and_provenance_are_queryable(graph: rdflib.Graph) -> None:
    rows = list(
        graph.query(
            """
            SELECT ?value ?approx ?unit ?sentence ?start ?uri WHERE {
                ?r rdf:subject ?a ; rdf:predicate ag:supports ;
                   ag:figure [ ag:measure "experts" ; rdf:value ?value ;
                               ag:approx ?approx ; ag:unit ?unit ] ;
                   prov:qualifiedDerivation [ ag:sentence ?sentence ; ag:charStart ?start ;
                                              prov:entity/ag:uri ?uri ] .
            }
            """,
            initNs={"ag": ag, "prov": prov},
        )
    )
    assert len(rows) == 1
    value, approx, unit, sentence, start, uri = rows[0]
    assert value.toPython() == 12000
    assert (str(approx), str(unit)) == ("over", "人次")
    assert str(sentence) == SUPPORT_SENTENCE
    assert start.toPython() == 10
    assert str(uri) == "https://example.org/news/1.html"
    mode = graph.query(
        'SELECT ?v WHERE { ?r ag:attribute [ ag:key "batches" ; rdf:value ?v ] }',
        initNs={"ag": ag},
    )
    assert sorted(row[0].toPython() for row in mode) == [1, 2]


def test_pairing_is_symmetric_but_reified_once(graph: rdflib.Graph) -> None:
    shanghai = URIRef(node_iri("Hospital:上海市第六人民医院"))
    shigatse = URIRef(node_iri("Hospital:日喀则市人民医院"))
    assert (shanghai, ag.pairsWith, shigatse) in graph
    assert (shigatse, ag.pairsWith, shanghai) in graph
    assert len(list(graph.subjects(RDF.predicate, ag.pairsWith))) == 1


def test_record_provenance_points_at_a_line(graph: rdflib.Graph) -> None:
    region = URIRef(node_iri("Region:铜仁市"))
    derivation = graph.value(region, prov.qualifiedDerivation)
    assert graph.value(derivation, ag.line).toPython() == 2
    source = graph.value(derivation, prov.entity)
    assert graph.value(source, ag.sourceKind) == Literal("records")
    assert (region, prov.wasDerivedFrom, source) in graph


def test_ontology_declares_every_class_and_relation_used(graph: rdflib.Graph) -> None:
    ontology = rdflib.Graph().parse(ontology_path())
    declared = set(ontology.subjects())
    used = {o for o in graph.objects(None, RDF.type) if str(o).startswith(AG)}
    used |= {p for p in graph.predicates() if str(p).startswith(AG)}
    assert used <= declared, used - declared
    assert (ag.allianceMember, rdflib.RDFS.subPropertyOf, org.memberOf) in ontology


# -- SHACL ----------------------------------------------------------------------------


def test_shapes_accept_the_graph(rdf_store: Store) -> None:
    report = validate(rdf_store)
    assert report.conforms, report.text
    assert report.violations == 0


def test_shapes_accept_the_examples(example_store: Store) -> None:
    report = validate(example_store)
    assert report.conforms, report.text


def test_a_relation_without_a_source_does_not_conform(graph: rdflib.Graph) -> None:
    [relation] = graph.subjects(RDF.subject, DONGGUAN)
    graph.remove((relation, prov.wasDerivedFrom, None))
    report = validate(graph)
    assert not report.conforms
    assert "derived from at least one source" in report.text


def test_a_hospital_without_a_label_does_not_conform(graph: rdflib.Graph) -> None:
    graph.remove((TONGREN, SKOS.prefLabel, None))
    report = validate(graph)
    assert not report.conforms
    assert "prefLabel" in report.text


def test_a_relation_missing_its_direct_triple_does_not_conform(graph: rdflib.Graph) -> None:
    graph.remove((DONGGUAN, ag.supports, TONGREN))
    report = validate(graph)
    assert not report.conforms
    assert "direct triple" in report.text


def test_years_out_of_order_do_not_conform(graph: rdflib.Graph) -> None:
    [relation] = graph.subjects(RDF.subject, DONGGUAN)
    graph.set((relation, ag.endYear, Literal(2010)))
    assert not validate(graph).conforms


# -- export ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD/N-Quads parsers
@pytest.mark.parametrize(
    ("fmt", "rdflib_format"), [("turtle", "turtle"), ("jsonld", "json-ld"), ("nquads", "nquads")]
)
def test_export_parses_back_to_the_same_graph(
    rdf_store: Store, tmp_path: Path, fmt: str, rdflib_format: str
) -> None:
    out = tmp_path / f"graph.{fmt}"
    written = export_rdf(rdf_store, fmt, out)
    expected = to_rdflib(rdf_store)
    if rdflib_format == "nquads":
        parsed = rdflib.Dataset()
        parsed.parse(out, format="nquads")
        triples = {(s, p, o) for s, p, o, _ in parsed.quads()}
    else:
        triples = set(rdflib.Graph().parse(out, format=rdflib_format))
    assert triples == set(expected)
    assert written >= len(expected)  # duplicates in the stream collapse in a graph


def test_turtle_export_uses_the_project_prefixes(rdf_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "graph.ttl"
    export_rdf(rdf_store, "turtle", out)
    text = out.read_text(encoding="utf-8")
    assert "@prefix ag: <https://w3id.org/aidgraph/ontology#>" in text
    assert "东莞市人民医院" in text


def test_export_of_the_examples_conforms(example_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "examples.ttl"
    export_rdf(example_store, "turtle", out)
    assert validate(rdflib.Graph().parse(out)).conforms


def test_export_refuses_an_unknown_format(rdf_store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="turtle, jsonld, nquads"):
        export_rdf(rdf_store, "rdfxml", tmp_path / "x")


def test_relation_iri_is_stable(rdf_store: Store) -> None:
    edge = next(e for e in rdf_store.iter_edges() if e.type == "SUPPORTS")
    assert relation_iri(edge.id) == f"{BASE}rel/{edge.id}"


@pytest.mark.slow
def test_shapes_accept_a_synthetic_graph(tmp_path: Path) -> None:
    # The synthetic generator exercises every node and edge type with figures and
    # record provenance; its RDF must conform too.
    build_synthetic_store(tmp_path / "synthetic.db", 150, 600)
    with Store(tmp_path / "synthetic.db") as store:
        report = validate(store)
    assert report.conforms, report.text
