"""The JSON API and the web pages, through the ASGI app (httpx via Starlette's TestClient).

The store is ``api_db`` (tests/fixtures/server.py): a small graph whose entities,
relations and sentences these tests know by heart. Real-server tests are in
test_api_http.py, browser tests in test_web_browser.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import jsonschema_rs
import networkx as nx
import pytest
from fastapi.testclient import TestClient

from aidgraph.api.app import create_app, create_app_from_env
from aidgraph.api.cache import ResponseCache
from aidgraph.api.errors import APIError
from aidgraph.api.labels import pinyin
from aidgraph.api.query_routes import accepted, needs_extra
from fixtures.server import API_TOKEN, ARTICLE_URI, PAIR_SENTENCE, SUPPORT_SENTENCE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LINZHI = "Hospital:林芝市人民医院"


@pytest.fixture(scope="module")
def client(api_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(api_db, token=API_TOKEN)) as c:
        yield c


@pytest.fixture
def writable_db(api_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "graph.db"
    shutil.copy(api_db, copy)
    return copy


def assert_error(response, status: int, *words: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["status"] == status
    for word in words:
        assert word in body["message"]
    return body


# -- search -------------------------------------------------------------------------


def test_search_matches_traditional_input(client: TestClient) -> None:
    body = client.get("/api/entities", params={"q": "東莞市人民醫院"}).json()
    assert body["results"][0]["id"] == "Hospital:东莞市人民医院"
    assert body["results"][0]["match"] == "name"


def test_search_matches_aliases(client: TestClient) -> None:
    body = client.get("/api/entities", params={"q": "中日医院"}).json()
    assert [r["id"] for r in body["results"]] == ["Hospital:中日友好医院"]
    assert body["results"][0]["match"] == "alias"


def test_search_pages_and_filters_by_type(client: TestClient) -> None:
    first = client.get("/api/entities", params={"q": "医院", "limit": 2}).json()
    second = client.get("/api/entities", params={"q": "医院", "limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] >= 5
    assert len(first["results"]) == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
    regions = client.get("/api/entities", params={"type": "region", "limit": 100}).json()
    assert regions["total"] == 7
    assert {r["type"] for r in regions["results"]} == {"Region"}


def test_search_rejects_bad_parameters(client: TestClient) -> None:
    assert_error(client.get("/api/entities", params={"type": "Planet"}), 400, "Planet")
    body = assert_error(client.get("/api/entities", params={"limit": -1}), 422, "limit")
    assert body["errors"][0]["loc"] == ["query", "limit"]
    assert_error(client.get("/api/entities", params={"offset": "x"}), 422, "offset")


# -- one entity ---------------------------------------------------------------------


def test_entity_has_relations_with_their_sentences(client: TestClient) -> None:
    body = client.get(f"/api/entities/{LINZHI}").json()
    assert body["type"] == "Hospital"
    assert body["label_pinyin"].startswith("Lín Zhī")
    supports = [r for r in body["relations"] if r["type"] == "SUPPORTS"]
    assert len(supports) == 1
    (support,) = supports
    assert support["direction"] == "in"
    assert support["other"]["id"] == "Hospital:东莞市人民医院"
    assert support["program"] == "组团式援藏"
    assert (support["start"], support["end"]) == (2016, 2020)
    assert support["figures"]["staff"]["value"] == 120
    (prov,) = support["provenance"]
    assert prov["sentence"] == SUPPORT_SENTENCE
    assert prov["uri"] == ARTICLE_URI
    pair = next(r for r in body["relations"] if r["type"] == "PAIRS_WITH")
    assert pair["direction"] == "both"
    assert pair["provenance"][0]["sentence"] == PAIR_SENTENCE
    located = next(r for r in body["relations"] if r["type"] == "LOCATED_IN")
    assert located["provenance"][0]["line"] == 24


def test_entity_by_name_alias_or_traditional(client: TestClient) -> None:
    for ref in ("协和医院", "北京协和医院", "北京協和醫院", "Hospital:北京协和医院"):
        response = client.get(f"/api/entities/{ref}")
        assert response.status_code == 200, ref
        assert response.json()["id"] == "Hospital:北京协和医院"
        assert response.json()["aliases"] == ["协和医院"]


def test_unknown_entity_is_404_with_suggestions(client: TestClient) -> None:
    assert_error(client.get("/api/entities/上海瑞金医院"), 404, "上海瑞金医院")
    assert_error(client.get("/api/entities/Hospital:林芝"), 404, "did you mean")


def test_answers_carry_the_revision_as_etag(client: TestClient) -> None:
    first = client.get(f"/api/entities/{LINZHI}")
    tag = first.headers["etag"]
    again = client.get(f"/api/entities/{LINZHI}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(f"/api/entities/{LINZHI}").json() == first.json()  # served from cache
    assert client.get("/api/entities", headers={"If-None-Match": '"r0"'}).status_code == 200


def test_response_cache_is_bounded_and_follows_the_graph() -> None:
    g1, g2 = nx.MultiDiGraph(revision=1), nx.MultiDiGraph(revision=2)
    cache = ResponseCache(max_entries=2, max_bytes=1600)
    cache.put(g1, "a", b"1" * 10)
    cache.put(g1, "b", b"2" * 10)
    assert cache.get(g1, "a") == b"1" * 10  # a is now the most recently used
    cache.put(g1, "c", b"3" * 10)
    assert cache.get(g1, "b") is None and len(cache) == 2
    cache.put(g1, "huge", b"x" * 200)  # over a sixteenth of the budget: not kept
    assert cache.get(g1, "huge") is None
    assert cache.get(g2, "a") is None and len(cache) == 0  # a new graph drops everything


# -- neighbours and paths -----------------------------------------------------------


def test_neighbors_by_depth_and_type(client: TestClient) -> None:
    one = client.get(f"/api/entities/{LINZHI}/neighbors").json()
    assert one["center"] == LINZHI
    ids = {n["id"] for n in one["nodes"]}
    assert {"Hospital:东莞市人民医院", "Hospital:北京协和医院", "Region:林芝市"} <= ids
    assert "Region:西藏自治区" not in ids
    two = client.get(f"/api/entities/{LINZHI}/neighbors", params={"depth": 2}).json()
    assert "Region:西藏自治区" in {n["id"] for n in two["nodes"]}
    only = client.get(
        f"/api/entities/{LINZHI}/neighbors", params={"types": "supports,pairs_with"}
    ).json()
    assert {n["id"] for n in only["nodes"]} == {
        LINZHI,
        "Hospital:东莞市人民医院",
        "Hospital:北京协和医院",
    }
    assert {e["type"] for e in only["edges"]} == {"SUPPORTS", "PAIRS_WITH"}
    capped = client.get(f"/api/entities/{LINZHI}/neighbors", params={"max_nodes": 2}).json()
    assert capped["truncated"] is True and len(capped["nodes"]) == 2


def test_neighbors_rejects_bad_input(client: TestClient) -> None:
    url = f"/api/entities/{LINZHI}/neighbors"
    assert_error(client.get(url, params={"types": "LIKES"}), 400, "LIKES")
    assert_error(client.get(url, params={"depth": 9}), 422, "depth")
    assert_error(client.get("/api/entities/nobody/neighbors"), 404)


def test_paths_between_two_hospitals(client: TestClient) -> None:
    body = client.get(
        "/api/paths", params={"from": "东莞市人民医院", "to": "協和醫院", "max_len": 2}
    ).json()
    assert body["from"] == "Hospital:东莞市人民医院"
    assert body["to"] == "Hospital:北京协和医院"
    assert [[n["id"] for n in p["nodes"]] for p in body["paths"]] == [
        ["Hospital:东莞市人民医院", LINZHI, "Hospital:北京协和医院"]
    ]
    assert [e["type"] for e in body["paths"][0]["edges"]] == ["SUPPORTS", "PAIRS_WITH"]
    assert_error(client.get("/api/paths", params={"from": "东莞市人民医院"}), 422, "to")
    assert_error(client.get("/api/paths", params={"from": "x", "to": "y"}), 404)


# -- questions ----------------------------------------------------------------------


def test_questions_are_listed_with_parameters(client: TestClient) -> None:
    listed = {q["name"]: q for q in client.get("/api/questions").json()["questions"]}
    assert {"flows", "supporters", "paths"} <= set(listed)
    params = {p["name"]: p for p in listed["flows"]["parameters"]}
    assert params["level"]["choices"] == ["province", "prefecture", "county"]


def test_question_answers_from_the_query_string(client: TestClient) -> None:
    body = client.get("/api/questions/supporters", params={"entity": "林芝市人民医院"}).json()
    assert body["question"] == "supporters"
    records = [dict(zip(body["columns"], row, strict=True)) for row in body["rows"]]
    assert "Hospital:东莞市人民医院" in json.dumps(records, ensure_ascii=False)
    flows = client.get("/api/questions/flows", params={"level": "province"}).json()
    assert len(flows["rows"]) == 2 and flows["truncated"] is False


def test_question_errors_are_4xx(client: TestClient) -> None:
    assert_error(client.get("/api/questions/gossip"), 404, "gossip")
    assert_error(client.get("/api/questions/flows", params={"level": "galaxy"}), 400, "level")
    assert_error(client.get("/api/questions/flows", params={"colour": "red"}), 400, "colour")
    assert_error(client.get("/api/questions/supporters"), 400, "entity")
    assert_error(client.get("/api/questions/supporters", params={"entity": "无名"}), 400, "无名")


# -- Cypher -------------------------------------------------------------------------


def test_cypher_returns_rows_and_says_when_truncated(client: TestClient) -> None:
    query = "MATCH (a)-[r:SUPPORTS]->(b) RETURN a.name AS donor, b.name AS recipient ORDER BY donor"
    body = client.post("/api/cypher", json={"query": query}).json()
    assert body["columns"] == ["donor", "recipient"]
    assert body["rows"] == [
        ["东莞市人民医院", "林芝市人民医院"],
        ["中日友好医院", "喀什地区第一人民医院"],
    ]
    assert body["truncated"] is False
    capped = client.post("/api/cypher", json={"query": query, "limit": 1}).json()
    assert len(capped["rows"]) == 1 and capped["truncated"] is True


def test_cypher_takes_parameters(client: TestClient) -> None:
    query = "MATCH (n:Hospital) WHERE n.name = $name RETURN n.id AS id"
    body = client.post("/api/cypher", json={"query": query, "params": {"name": "北京协和医院"}})
    assert body.json()["rows"] == [["Hospital:北京协和医院"]]


def test_cypher_is_read_only_and_rejects_bad_queries(client: TestClient) -> None:
    assert_error(client.post("/api/cypher", json={"query": "CREATE (n:Hospital {id: 'x'})"}), 400)
    assert_error(client.post("/api/cypher", json={"query": "MATCH (n) RETRUN n"}), 400)
    assert_error(client.post("/api/cypher", json={"query": ""}), 422)
    assert_error(client.post("/api/cypher", content=b"not json"), 422)
    total = client.post("/api/cypher", json={"query": "MATCH (n) RETURN count(n) AS n"})
    assert total.json()["rows"] == [[17]]


# -- SPARQL protocol ----------------------------------------------------------------

SELECT = (
    "PREFIX ag: <https://w3id.org/aidgraph/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "SELECT ?name WHERE { ?d ag:supports ?r . ?r skos:prefLabel ?name } ORDER BY ?name"
)
RECIPIENTS = ["喀什地区第一人民医院", "林芝市人民医院"]


def _names(body: dict) -> list[str]:
    return [b["name"]["value"] for b in body["results"]["bindings"]]


def test_sparql_get_answers_json_by_default(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    assert _names(response.json()) == RECIPIENTS


def test_sparql_post_as_form_and_as_body(client: TestClient) -> None:
    form = client.post("/sparql", data={"query": SELECT})
    assert _names(form.json()) == RECIPIENTS
    body = client.post(
        "/sparql",
        content=SELECT.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert _names(body.json()) == RECIPIENTS


@pytest.mark.parametrize(
    ("accept", "expected_type"),
    [
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
    ],
)
def test_sparql_result_format_follows_accept(
    client: TestClient, accept: str, expected_type: str
) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(expected_type)
    text = response.text
    for name in RECIPIENTS:
        assert name in text
    if expected_type == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["name"] and [r[0] for r in rows[1:]] == RECIPIENTS


def test_sparql_construct_answers_in_rdf(client: TestClient) -> None:
    construct = (
        "PREFIX ag: <https://w3id.org/aidgraph/ontology#>\n"
        "CONSTRUCT { ?d ag:supports ?r } WHERE { ?d ag:supports ?r }"
    )
    turtle = client.get("/sparql", params={"query": construct})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "supports" in turtle.text
    # CSV cannot hold a graph: the next acceptable type is chosen.
    accept = {"Accept": "text/csv, application/n-triples;q=0.5"}
    triples = client.get("/sparql", params={"query": construct}, headers=accept)
    assert triples.headers["content-type"].startswith("application/n-triples")
    assert len(triples.text.strip().splitlines()) == 2
    csv_only = client.get("/sparql", params={"query": construct}, headers={"Accept": "text/csv"})
    assert_error(csv_only, 406, "CONSTRUCT")


def test_sparql_refuses_updates_and_bad_requests(client: TestClient) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert_error(client.post("/sparql", data={"update": update}), 403, "read-only")
    assert_error(
        client.post(
            "/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
        ),
        403,
    )
    assert client.get("/sparql", params={"query": update}).status_code == 400
    assert_error(client.get("/sparql", params={"query": "SELEKT ?x"}), 400, "sparql")
    assert_error(client.get("/sparql"), 422, "query")
    assert_error(
        client.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"}), 415
    )
    assert_error(
        client.get("/sparql", params={"query": SELECT}, headers={"Accept": "image/png"}), 406
    )


def test_a_missing_query_extra_is_a_clear_501() -> None:
    with pytest.raises(APIError) as caught, needs_extra("sparql"):
        raise ImportError("no module", name="pyoxigraph")
    assert caught.value.status == 501
    assert "aidgraph[sparql]" in caught.value.message and "pyoxigraph" in caught.value.message


def test_accept_header_ranking() -> None:
    assert accepted("text/csv;q=0.2, application/sparql-results+json") == [
        "application/sparql-results+json",
        "text/csv",
    ]
    assert accepted("a/b;q=0, c/d;q=oops") == []


# -- export -------------------------------------------------------------------------


def test_export_graphml_reads_back(client: TestClient, tmp_path: Path) -> None:
    response = client.get("/api/export", params={"format": "graphml"})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    (tmp_path / "g.graphml").write_bytes(response.content)
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_nodes() == 17 and LINZHI in graph


def test_export_jsonl_csv_and_turtle(client: TestClient) -> None:
    lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    kinds = [json.loads(line)["kind"] for line in lines]
    assert kinds.count("source") == 2
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/export?format=csv").content))
    assert {"nodes.csv", "edges.csv"} <= set(archive.namelist())
    assert "林芝市人民医院" in archive.read("nodes.csv").decode("utf-8")
    turtle = client.get("/api/export", params={"format": "turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "林芝市人民医院" in turtle.text
    assert_error(client.get("/api/export", params={"format": "xlsx"}), 422, "format")


# -- ingest -------------------------------------------------------------------------

RECORDS = EXAMPLES / "dongguan_tongren.csv"
BAD_RECORDS = (
    "source,source_type,relation,target,target_type,program,start,end,figures,source_ref,note\n"
    "东莞市,Region,SUPPORTS,铜仁市,Region,东西部协作,2021,,,,\n"
    "东莞市,Region,FRIENDS_WITH,铜仁市,Region,东西部协作,2021,,,,\n"
)


def _upload(*files: tuple[str, bytes]) -> list:
    return [("files", (name, data, "text/csv")) for name, data in files]


def test_ingest_is_refused_without_a_configured_token(writable_db: Path) -> None:
    with TestClient(create_app(writable_db, token="")) as c:
        response = c.post(
            "/api/ingest",
            files=_upload(("a.csv", RECORDS.read_bytes())),
            headers={"Authorization": "Bearer anything"},
        )
        assert_error(response, 403, "AIDGRAPH_TOKEN")


def test_ingest_needs_the_right_bearer_token(writable_db: Path) -> None:
    with TestClient(create_app(writable_db, token=API_TOKEN)) as c:
        files = _upload(("a.csv", RECORDS.read_bytes()))
        missing = c.post("/api/ingest", files=files)
        assert_error(missing, 401)
        assert missing.headers["www-authenticate"].startswith("Bearer")
        wrong = c.post("/api/ingest", files=files, headers={"Authorization": "Bearer nope"})
        assert_error(wrong, 403, "wrong token")
        basic = c.post("/api/ingest", files=files, headers={"Authorization": "Basic eDp5"})
        assert_error(basic, 401)
        assert c.get("/api/entities/铜仁市").status_code == 404


def test_ingest_lands_an_upload_and_says_what_landed(writable_db: Path) -> None:
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    with TestClient(create_app(writable_db, token=API_TOKEN)) as c:
        assert c.get("/api/entities/铜仁市").status_code == 404
        search = c.get("/api/entities?q=铜仁")  # cached for the old revision
        response = c.post(
            "/api/ingest", files=_upload(("tongren.csv", RECORDS.read_bytes())), headers=auth
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["files"] == ["tongren.csv"]
        assert body["sources_added"] == ["tongren.csv"]
        assert body["edges_added"] > 10
        assert search.headers["etag"] != c.get("/api/entities?q=铜仁").headers["etag"]
        assert c.get("/api/entities?q=铜仁").json()["total"] > search.json()["total"]
        # The cached graph follows the new revision: the new region is there at once.
        assert c.get("/api/entities/铜仁市").json()["type"] == "Region"
        again = c.post(
            "/api/ingest", files=_upload(("copy.csv", RECORDS.read_bytes())), headers=auth
        ).json()
        assert again["sources_added"] == [] and again["sources_skipped"] == ["copy.csv"]
    kept = list((writable_db.parent / "graph.db.uploads").glob("*/tongren.csv"))
    assert len(kept) == 1 and kept[0].read_bytes() == RECORDS.read_bytes()


def test_an_ingest_by_another_process_is_picked_up(writable_db: Path) -> None:
    """The CLI may ingest while the server runs: answers follow within a recheck or two."""
    from aidgraph.graph.store import Store
    from aidgraph.ingest import ingest_paths

    with TestClient(create_app(writable_db, token="")) as c:
        assert c.get("/api/entities/铜仁市").status_code == 404
        with Store(writable_db) as store:
            ingest_paths(store, [RECORDS])
        deadline = time.monotonic() + 30
        while c.get("/api/entities/铜仁市").status_code == 404 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert c.get("/api/entities/铜仁市").json()["type"] == "Region"


def test_ingest_an_article_upload(writable_db: Path) -> None:
    """A GBK-encoded news article lands, and its sentences are traceable from the API."""
    article = Path(__file__).parent / "data" / "articles" / "gbk_article.txt"
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    with TestClient(create_app(writable_db, token=API_TOKEN)) as c:
        files = [("files", ("伊犁.txt", article.read_bytes(), "text/plain"))]
        response = c.post("/api/ingest", files=files, headers=auth)
        assert response.status_code == 200, response.text
        assert response.json()["sources_added"] == ["伊犁.txt"]
        hospital = c.get("/api/entities/江苏省人民医院").json()
        sentences = {p["sentence"] for r in hospital["relations"] for p in r["provenance"]}
        assert any(s.startswith("江苏省人民医院与新疆伊犁哈萨克自治州友谊医院") for s in sentences)


def test_ingest_lands_nothing_when_one_file_is_bad(writable_db: Path) -> None:
    auth = {"Authorization": f"Bearer {API_TOKEN}"}
    with TestClient(create_app(writable_db, token=API_TOKEN)) as c:
        before = c.get("/api/entities", params={"limit": 0}).json()["total"]
        files = _upload(("good.csv", RECORDS.read_bytes()), ("bad.csv", BAD_RECORDS.encode()))
        response = c.post("/api/ingest", files=files, headers=auth)
        body = assert_error(response, 400, "bad.csv:3", "FRIENDS_WITH", "nothing landed")
        assert "uploads" not in body["message"]
        assert c.get("/api/entities", params={"limit": 0}).json()["total"] == before
        assert c.get("/api/entities/铜仁市").status_code == 404
        odd = c.post("/api/ingest", files=_upload(("x.exe", b"MZ")), headers=auth)
        assert_error(odd, 400, "x.exe")
        assert_error(c.post("/api/ingest", headers=auth), 422, "files")


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/api/entities?q=医院&limit=3", None),
        ("GET", f"/api/entities/{LINZHI}", None),
        ("GET", f"/api/entities/{LINZHI}/neighbors?depth=2", None),
        ("GET", "/api/paths?from=东莞市人民医院&to=北京协和医院", None),
        ("GET", "/api/questions/flows", None),
        ("POST", "/api/cypher", {"query": "MATCH (n:Region) RETURN n.name AS name LIMIT 3"}),
    ],
)
def test_answers_match_their_documented_schema(
    client: TestClient, method: str, url: str, body: dict | None
) -> None:
    """What /openapi.json promises for a 200 is what the API sends (Schemathesis' random
    input rarely names an existing entity, so real answers are checked here)."""
    spec = client.get("/openapi.json").json()
    path = url.split("?")[0]
    templates = [t for t in spec["paths"] if re.fullmatch(_pattern(t), path)]
    template = max(templates, key=len)  # the most specific: .../{id}/neighbors over .../{id}
    documented = spec["paths"][template][method.lower()]["responses"]["200"]
    response = client.request(method, url, json=body)
    assert response.status_code == 200
    jsonschema_rs.validate(documented["content"]["application/json"]["schema"], response.json())


def _pattern(template: str) -> str:
    return re.sub(r"\\\{[^}]+\\\}", ".+", re.escape(template))


# -- errors, docs, CORS -------------------------------------------------------------


def test_unknown_routes_and_methods_are_json_errors(client: TestClient) -> None:
    assert_error(client.get("/api/nothing-here"), 404, "/api/nothing-here")
    assert_error(client.delete("/api/entities"), 405)


def test_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/docs").text
    assert 'lang="zh"' in page
    assert "/static/docs.js" in page and "cdn" not in page.lower()
    spec = client.get("/openapi.json").json()
    assert {"/api/entities", "/api/entities/{entity_id}", "/api/cypher", "/sparql"} <= set(
        spec["paths"]
    )
    assert client.get("/redoc").status_code == 404
    script = client.get("/static/docs.js")
    assert script.status_code == 200 and "openapi" in script.text.lower()


def test_cors_is_off_by_default_and_configurable(api_db: Path, client: TestClient) -> None:
    origin = {"Origin": "https://reports.example.org"}
    assert "access-control-allow-origin" not in client.get("/api/entities", headers=origin).headers
    with TestClient(create_app(api_db, cors_origins=["https://reports.example.org"])) as c:
        response = c.get("/api/entities", headers=origin)
        assert response.headers["access-control-allow-origin"] == "https://reports.example.org"
        preflight = c.options(
            "/api/cypher",
            headers={**origin, "Access-Control-Request-Method": "POST"},
        )
        assert preflight.status_code == 200


def test_app_from_the_environment(api_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIDGRAPH_DB", str(api_db))
    monkeypatch.setenv("AIDGRAPH_CORS", "https://a.example, https://b.example")
    monkeypatch.delenv("AIDGRAPH_TOKEN", raising=False)
    with TestClient(create_app_from_env()) as c:
        assert c.get(f"/api/entities/{LINZHI}").status_code == 200
        response = c.get("/api/entities", headers={"Origin": "https://b.example"})
        assert response.headers["access-control-allow-origin"] == "https://b.example"
        assert_error(c.post("/api/ingest", files=_upload(("a.csv", b"x"))), 403)


def test_token_defaults_to_the_environment(
    writable_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AIDGRAPH_TOKEN", "from-env")
    with TestClient(create_app(writable_db)) as c:
        response = c.post(
            "/api/ingest",
            files=_upload(("t.csv", RECORDS.read_bytes())),
            headers={"Authorization": "Bearer from-env"},
        )
        assert response.status_code == 200, response.text


# -- web pages ----------------------------------------------------------------------


def html(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url, headers={"Accept": "text/html"})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert '<html lang="zh">' in response.text
    return response.text


def test_home_shows_counts_and_flows(client: TestClient) -> None:
    page = html(client, "/")
    assert "17 entities, 17 relations from 2 sources" in page
    flows = page[page.index('id="flows"') :]
    # Province-level flows: 东莞's hospital → 林芝's is 广东省 → 西藏自治区.
    assert flows.index("广东省") < flows.index("西藏自治区")
    assert flows.index("北京市") < flows.index("新疆维吾尔自治区")
    assert "组团式援藏" in flows


def test_search_page_lists_and_pages_results(client: TestClient) -> None:
    page = html(client, "/search?q=協和")
    assert "/entity/Hospital%3A%E5%8C%97%E4%BA%AC%E5%8D%8F%E5%92%8C%E5%8C%BB%E9%99%A2" in page
    assert "1 match" in page
    assert "7 matches" in html(client, "/search?type=Region")
    html(client, "/search?type=Planet", status=400)


def test_entity_page_shows_facts_relations_and_sources(client: TestClient) -> None:
    page = html(client, f"/entity/{LINZHI}")
    assert SUPPORT_SENTENCE in page and PAIR_SENTENCE in page
    assert f'href="{ARTICLE_URI}"' in page
    assert "records/regions.csv" in page and "line 24" in page
    assert 'href="/source/src:aaaaaaaaaaaaaaaa"' in page
    for group in ("SUPPORTS", "PAIRS_WITH", "LOCATED_IN", "ALLIANCE_MEMBER"):
        assert f'id="rel-{group}"' in page
    assert 'class="aidgraph-view"' in page and 'data-kind="ego"' in page  # the viz fragment
    assert pinyin("林芝市人民医院") in page  # the pinyin label, for the toggle
    assert '<html lang="zh">' in page


def test_entity_page_caps_long_relation_lists(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aidgraph.api import pages

    monkeypatch.setattr(pages, "RELATIONS_SHOWN", 1)
    page = html(client, "/entity/Region:北京市")
    located = page[page.index('id="rel-LOCATED_IN"') :]
    assert "<small>(2)</small>" in located and "Showing 1 of 2" in located
    assert located.count('class="relation"') == 1


def test_pinyin_cookie_renders_pages_in_pinyin(client: TestClient) -> None:
    response = client.get(f"/entity/{LINZHI}", headers={"Cookie": "aidgraph_pinyin=1"})
    assert '<html lang="zh" class="pinyin">' in response.text
    assert 'aria-pressed="true"' in response.text


def test_source_page_lists_what_the_source_states(client: TestClient) -> None:
    article = html(client, "/source/src:aaaaaaaaaaaaaaaa")
    assert "东莞援藏医疗队在林芝" in article and f'href="{ARTICLE_URI}"' in article
    assert SUPPORT_SENTENCE in article and PAIR_SENTENCE in article
    records = html(client, "/source/src:bbbbbbbbbbbbbbbb")
    rows = records[records.index('id="source-relations"') :]
    assert rows.index("line 20") < rows.index("line 27") < rows.index("line 30")
    html(client, "/source/src:nothing", status=404)


def test_unknown_entity_page_is_an_html_404(client: TestClient) -> None:
    page = html(client, "/entity/不存在的医院", status=404)
    assert "不存在的医院" in page


def test_console_runs_the_query_in_its_url(client: TestClient) -> None:
    query = "MATCH (a)-[r:SUPPORTS]->(b) RETURN a, r, b"
    page = html(client, "/console?" + _qs(lang="cypher", q=query))
    assert 'id="result-table"' in page and 'id="result-graph"' in page
    assert "/views/query?" + _qs(language="cypher", query=query) in page.replace("&amp;", "&")
    assert "组团式援藏" in page and "2 rows" in page
    sparql = html(client, "/console?" + _qs(lang="sparql", q=SELECT))
    assert "喀什地区第一人民医院" in sparql and "2 rows" in sparql
    bad = html(client, "/console?" + _qs(lang="cypher", q="MATCH (n) RETRUN n"), status=400)
    assert 'id="query-error"' in bad


def test_console_downloads_csv_and_json(client: TestClient) -> None:
    query = "MATCH (h:Hospital) RETURN h.name AS name ORDER BY name"
    response = client.get("/console/download?" + _qs(q=query, format="csv"))
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    names = [row[0] for row in csv.reader(io.StringIO(response.text))]
    assert names[0] == "name" and "北京协和医院" in names and len(names) == 6
    data = client.get("/console/download?" + _qs(q=query, format="json")).json()
    assert data["columns"] == ["name"] and len(data["rows"]) == 5


def test_questions_pages_list_and_answer(client: TestClient) -> None:
    listing = html(client, "/questions")
    assert 'href="/questions/flows"' in listing and "supporters" in listing
    form = html(client, "/questions/supporters")
    assert 'id="question-form"' in form and 'id="answer"' not in form  # entity is required
    answer = html(client, "/questions/supporters?entity=林芝市人民医院")
    assert 'id="answer"' in answer and "东莞市人民医院" in answer
    bad = html(client, "/questions/flows?level=galaxy", status=400)
    assert 'id="question-error"' in bad and "galaxy" in bad
    html(client, "/questions/gossip", status=404)


def test_views_render_for_iframes(client: TestClient) -> None:
    ego = client.get("/views/ego", params={"entity": "林芝市人民医院", "depth": "1"})
    assert ego.status_code == 200 and ego.headers["content-type"].startswith("text/html")
    assert "林芝市人民医院" in ego.text and "<html" in ego.text
    flows = client.get("/views/flows", params={"level": "province"})
    assert "西藏自治区" in flows.text
    query = {"language": "cypher", "query": "MATCH (a)-[r:SUPPORTS]->(b) RETURN a, r, b"}
    drawn = client.get("/views/query", params=query)
    assert drawn.status_code == 200 and "喀什地区第一人民医院" in drawn.text
    assert_error(client.get("/views/pie"), 404, "pie")
    assert_error(client.get("/views/ego", params={"entity": LINZHI, "depth": "x"}), 400, "depth")
    assert_error(client.get("/views/ego", params={"entity": "无名医院"}), 400, "无名医院")
    assert_error(client.get("/views/flows", params={"colour": "red"}), 400, "colour")


def test_network_page_embeds_a_view(client: TestClient) -> None:
    assert 'src="/views/flows"' in html(client, "/network")
    assert 'src="/views/network"' in html(client, "/network?view=network")
    in_pinyin = client.get("/network", headers={"Cookie": "aidgraph_pinyin=1"}).text
    assert 'src="/views/flows?pinyin=1"' in in_pinyin


def test_network_page_does_not_embed_a_huge_network(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aidgraph.api import pages

    monkeypatch.setattr(pages, "WHOLE_NETWORK_LIMIT", 10)
    page = html(client, "/network?view=network")
    assert 'id="too-big"' in page and "17 entities" in page
    assert 'id="network-view"' not in page
    assert 'src="/views/network"' in html(client, "/network?view=network&anyway=1")
    assert 'src="/views/flows"' in html(client, "/network?view=flows")
    html(client, "/network?view=pie", status=400)


def _qs(**params: str) -> str:
    from urllib.parse import urlencode

    return urlencode(params)
