"""SPARQL on the Oxigraph index: the four query forms, result formats, refusals, caps."""

from __future__ import annotations

import io
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import rdflib
from rdflib.query import Result

from aidgraph.graph.model import Edge, Extraction, Node, Provenance, Source, SourceKind
from aidgraph.queries.rdf import AG, node_iri
from aidgraph.queries.sparql import (
    SparqlError,
    SparqlResult,
    SparqlTimeout,
    check_query,
    index_path,
    rdf_graph,
    run_sparql,
    serialize_result,
)
from aidgraph.queries.workspace import Workspace
from fixtures.rdf import PAIR_SENTENCE, SUPPORT_SENTENCE

HOSPITALS = "SELECT ?h ?name WHERE { ?h a ag:Hospital ; skos:prefLabel ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_select_answers_with_a_table(rdf_workspace: Workspace) -> None:
    result = run_sparql(rdf_workspace, HOSPITALS)
    assert result.form == "SELECT"
    assert result.table is not None
    assert result.table.columns == ["h", "name"]
    names = [row[1] for row in result.table.rows]
    assert names == sorted(
        ["东莞市人民医院", "铜仁市人民医院", "上海市第六人民医院", "日喀则市人民医院"]
    )
    assert node_iri("Hospital:东莞市人民医院") in [row[0] for row in result.table.rows]
    assert not result.truncated


def test_select_gives_numbers_as_numbers(rdf_workspace: Workspace) -> None:
    result = run_sparql(
        rdf_workspace,
        "SELECT ?start ?value WHERE { ?r ag:startYear ?start ; ag:figure/rdf:value ?value }",
    )
    assert result.table is not None
    assert result.table.rows == [[2016, 12000]]


def test_provenance_sentence_of_a_relation(rdf_workspace: Workspace) -> None:
    query = """
        SELECT ?sentence WHERE {
            ?r rdf:subject ?a ; rdf:predicate ?p ; rdf:object ?b ;
               prov:qualifiedDerivation/ag:sentence ?sentence .
        } ORDER BY ?sentence
    """
    result = run_sparql(rdf_workspace, query)
    assert result.table is not None
    assert [row[0] for row in result.table.rows] == sorted([PAIR_SENTENCE, SUPPORT_SENTENCE])


def test_property_path_follows_relations(rdf_workspace: Workspace) -> None:
    dongguan = node_iri("Hospital:东莞市人民医院")
    query = f"""
        SELECT ?region WHERE {{
            <{dongguan}> ag:supports/ag:locatedIn+ ?r . ?r skos:prefLabel ?region
        }}
    """
    result = run_sparql(rdf_workspace, query)
    assert result.table is not None
    assert result.table.rows == [["铜仁市"]]


def test_ask(rdf_workspace: Workspace) -> None:
    yes = run_sparql(rdf_workspace, "ASK { ?a ag:pairsWith ?b . ?b ag:pairsWith ?a }")
    no = run_sparql(rdf_workspace, "ASK { ?a ag:trained ?b }")
    assert (yes.form, yes.boolean, no.boolean) == ("ASK", True, False)
    assert yes.to_table().rows == [[True]]


def test_construct_returns_an_rdflib_graph(rdf_workspace: Workspace) -> None:
    result = run_sparql(
        rdf_workspace,
        "CONSTRUCT { ?b ag:supportedBy ?a } WHERE { ?a ag:supports ?b }",
    )
    assert result.form == "CONSTRUCT"
    assert isinstance(result.graph, rdflib.Graph)
    assert set(result.graph) == {
        (
            rdflib.URIRef(node_iri("Hospital:铜仁市人民医院")),
            rdflib.URIRef(AG + "supportedBy"),
            rdflib.URIRef(node_iri("Hospital:东莞市人民医院")),
        )
    }
    assert result.to_table().columns == ["subject", "predicate", "object"]


def test_describe_gives_the_node_triples(rdf_workspace: Workspace) -> None:
    result = run_sparql(
        rdf_workspace, 'DESCRIBE ?h WHERE { ?h skos:prefLabel "铜仁市人民医院"@zh }'
    )
    assert result.form == "DESCRIBE"
    assert result.graph is not None
    hospital = rdflib.URIRef(node_iri("Hospital:铜仁市人民医院"))
    assert (hospital, rdflib.RDF.type, rdflib.URIRef(AG + "Hospital")) in result.graph
    assert {s for s, _, _ in result.graph} == {hospital}


def test_ontology_is_queryable_as_its_own_graph(rdf_workspace: Workspace) -> None:
    query = """
        SELECT ?super WHERE {
            GRAPH <https://w3id.org/aidgraph/ontology> {
                ag:allianceMember rdfs:subPropertyOf ?super
            }
        }
    """
    result = run_sparql(rdf_workspace, query)
    assert result.table is not None
    assert result.table.rows == [["http://www.w3.org/ns/org#memberOf"]]
    # ...and it stays out of the default graph, where the data is.
    assert not run_sparql(rdf_workspace, "ASK { ag:Hospital ?p ?o }").boolean


# -- row cap --------------------------------------------------------------------------


def test_row_cap_truncates_select(rdf_workspace: Workspace) -> None:
    result = run_sparql(rdf_workspace, HOSPITALS, limit=3)
    assert result.table is not None
    assert len(result.table.rows) == 3
    assert result.truncated and result.table.truncated
    whole = run_sparql(rdf_workspace, HOSPITALS, limit=4)
    assert not whole.truncated


def test_row_cap_truncates_graphs(rdf_workspace: Workspace) -> None:
    result = run_sparql(rdf_workspace, "CONSTRUCT WHERE { ?s ?p ?o }", limit=5)
    assert result.graph is not None
    assert len(result.graph) == 5
    assert result.truncated


def test_limit_must_be_positive(rdf_workspace: Workspace) -> None:
    with pytest.raises(SparqlError, match="at least 1"):
        run_sparql(rdf_workspace, HOSPITALS, limit=0)


# -- refusals -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "updates are refused"),
        ("delete where { ?s ?p ?o }", "updates are refused"),
        ("PREFIX x: <urn:x#>\nDROP ALL", "updates are refused"),
        ("CLEAR DEFAULT", "updates are refused"),
        ("LOAD <https://example.org/data.ttl>", "updates are refused"),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "updates are refused"),
        ("SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { # a comment\n service ?endpoint { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <https://example.org/graph> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
        ("PREFIX ag: <urn:x>", "not a SPARQL query"),
    ],
)
def test_refused_queries_leave_the_data_unchanged(
    rdf_workspace: Workspace, query: str, message: str
) -> None:
    before = run_sparql(rdf_workspace, COUNT).table
    with pytest.raises(SparqlError, match=message):
        run_sparql(rdf_workspace, query)
    assert run_sparql(rdf_workspace, COUNT).table == before
    assert rdf_workspace.store.counts()["edges"] == {
        "LOCATED_IN": 1,
        "PAIRS_WITH": 1,
        "SUPPORTS": 1,
    }


@pytest.mark.parametrize(
    "query",
    [
        'SELECT ?s WHERE { ?s ?p "INSERT DATA and SERVICE and FROM" }',
        "SELECT ?from ?service WHERE { ?from <urn:delete#from> ?service }",
        "PREFIX delete: <urn:x#>\nSELECT * WHERE { ?s delete:insert ?o }",
        "SELECT * WHERE { ?s ?p ?o } # FROM <https://example.org/> and SERVICE",
        'ASK { ?s ?p "x"@en }',
    ],
)
def test_keywords_in_strings_names_and_comments_are_not_refused(query: str) -> None:
    assert check_query(query) in ("SELECT", "ASK")


def test_syntax_errors_are_clear(rdf_workspace: Workspace) -> None:
    with pytest.raises(SparqlError, match="syntax error"):
        run_sparql(rdf_workspace, "SELECT ?s WHERE { ?s ?p }")


def test_a_slow_query_is_stopped(rdf_workspace: Workspace) -> None:
    # Every triple joined freely with itself five times: some 10^10 solutions, far more
    # than any machine counts in half a second.
    patterns = " . ".join(f"?s{i} ?p{i} ?o{i}" for i in range(5))
    slow = f"SELECT (COUNT(*) AS ?count) WHERE {{ {patterns} }}"
    with pytest.raises(SparqlTimeout, match="timed out"):
        run_sparql(rdf_workspace, slow, timeout=0.5)
    # The engine is replaced and answers again.
    assert run_sparql(rdf_workspace, "ASK { ?s ?p ?o }").boolean


# -- the index follows the store ------------------------------------------------------


def test_index_is_rebuilt_when_the_store_changes(rdf_workspace_copy: Workspace) -> None:
    ws = rdf_workspace_copy
    first = index_path(ws)
    query = "ASK { ?h skos:prefLabel '拉萨市人民医院'@zh }"
    assert not run_sparql(ws, query).boolean
    source = Source("f" * 64, SourceKind.RECORDS, "examples/more.csv")
    more = Extraction(source)
    more.add_node(Node("Hospital", "拉萨市人民医院"))
    more.add_edge(
        Edge(
            "SUPPORTS",
            "Hospital:东莞市人民医院",
            "Hospital:拉萨市人民医院",
            provenance=[Provenance(source.id, "test/1", line=1)],
        )
    )
    ws.store.land([more])
    assert run_sparql(ws, query).boolean
    second = index_path(ws)
    assert second != first
    assert not first.exists()  # the stale index was removed


# -- result formats -------------------------------------------------------------------


@pytest.fixture
def select_result(rdf_workspace: Workspace) -> SparqlResult:
    query = """
        SELECT ?h ?name ?start ?missing WHERE {
            ?h a ag:Hospital ; skos:prefLabel ?name .
            OPTIONAL { ?r rdf:subject ?h ; ag:startYear ?start }
        } ORDER BY ?name
    """
    return run_sparql(rdf_workspace, query)


@pytest.mark.parametrize(
    ("media_type", "parser"),
    [
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
    ],
)
def test_select_formats_parse_back(
    select_result: SparqlResult, media_type: str, parser: str
) -> None:
    data, chosen = serialize_result(select_result, media_type)
    assert chosen == media_type
    parsed = Result.parse(io.BytesIO(data), format=parser)
    assert [str(v) for v in parsed.vars] == ["h", "name", "start", "missing"]
    rows = [[None if t is None else str(t) for t in row] for row in parsed]
    expected = [[None if v is None else str(v) for v in row] for row in select_result.table.rows]
    assert rows == expected


def test_json_results_keep_language_and_datatype(select_result: SparqlResult) -> None:
    data, _ = serialize_result(select_result, "application/sparql-results+json")
    bindings = json.loads(data)["results"]["bindings"]
    dongguan = next(b for b in bindings if b["name"]["value"] == "东莞市人民医院")
    assert dongguan["name"]["xml:lang"] == "zh"
    assert dongguan["h"]["type"] == "uri"
    assert dongguan["start"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"


@pytest.mark.parametrize(
    "media_type", ["application/sparql-results+json", "application/sparql-results+xml"]
)
def test_ask_formats_parse_back(rdf_workspace: Workspace, media_type: str) -> None:
    result = run_sparql(rdf_workspace, "ASK { ?a ag:supports ?b }")
    data, _ = serialize_result(result, media_type)
    parsed = Result.parse(io.BytesIO(data), format=media_type.rsplit("+", 1)[1])
    assert parsed.askAnswer is True


def test_ask_has_no_csv(rdf_workspace: Workspace) -> None:
    result = run_sparql(rdf_workspace, "ASK { ?a ag:supports ?b }")
    with pytest.raises(SparqlError, match="cannot give a ASK result as text/csv"):
        serialize_result(result, "text/csv")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own JSON-LD parser
@pytest.mark.parametrize(
    ("media_type", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_graph_formats_parse_back(rdf_workspace: Workspace, media_type: str, parser: str) -> None:
    result = run_sparql(rdf_workspace, "DESCRIBE ?h WHERE { ?h a ag:Hospital }")
    data, chosen = serialize_result(result, media_type)
    assert chosen == media_type
    parsed = rdflib.Graph().parse(data=data, format=parser)
    assert set(parsed) == set(result.graph)


def test_accept_headers_are_negotiated(
    select_result: SparqlResult, rdf_workspace: Workspace
) -> None:
    assert serialize_result(select_result)[1] == "application/sparql-results+json"
    assert serialize_result(select_result, "text/html, text/csv;q=0.9")[1] == "text/csv"
    assert serialize_result(select_result, "application/json")[1] == (
        "application/sparql-results+json"
    )
    graph = run_sparql(rdf_workspace, "CONSTRUCT WHERE { ?a ag:supports ?b }")
    assert serialize_result(graph, "*/*")[1] == "text/turtle"
    assert serialize_result(graph, "application/json")[1] == "application/ld+json"
    with pytest.raises(SparqlError, match="text/turtle"):
        serialize_result(graph, "text/csv")


def test_rdf_graph_gives_rdflib_api_on_the_index(rdf_workspace: Workspace) -> None:
    graph = rdf_graph(rdf_workspace)
    hospital = rdflib.URIRef(node_iri("Hospital:东莞市人民医院"))
    assert graph.value(hospital, rdflib.SKOS.prefLabel) == rdflib.Literal(
        "东莞市人民医院", lang="zh"
    )
    rows = list(graph.query("SELECT ?b WHERE { ?a ag:supports ?b }"))
    assert [str(row[0]) for row in rows] == [node_iri("Hospital:铜仁市人民医院")]


def test_a_deleted_index_is_rebuilt(rdf_workspace_copy: Workspace) -> None:
    ws = rdf_workspace_copy
    assert run_sparql(ws, "ASK { ?a ag:supports ?b }").boolean
    shutil.rmtree(ws.index_dir)
    assert run_sparql(ws, "ASK { ?a ag:supports ?b }").boolean
    assert index_path(ws).exists()


def test_queries_from_threads_each_get_their_own_answer(rdf_db: Path) -> None:
    # The HTTP API calls from a thread pool; the one worker must not mix answers up.
    names = ["东莞市人民医院", "铜仁市人民医院", "上海市第六人民医院", "日喀则市人民医院"]

    def ask(name: str) -> list[list[object]]:
        with Workspace(rdf_db) as ws:
            query = f'SELECT ?id WHERE {{ ?h skos:prefLabel "{name}"@zh ; ag:nodeId ?id }}'
            return run_sparql(ws, query).table.rows

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(ask, names * 3))
    assert answers == [[[f"Hospital:{name}"]] for name in names * 3]
