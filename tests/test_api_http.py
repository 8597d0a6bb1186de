"""The API over real HTTP: uvicorn on a free 127.0.0.1 port, requests through httpx.

These check what only a real server shows: headers and encodings on the wire, many
clients at once against the one graph thread, multipart uploads, and that the server
keeps serving after bad requests.
"""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from fixtures.server import API_TOKEN, SUPPORT_SENTENCE, serve

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LINZHI = "Hospital:林芝市人民医院"
JSON = {"Content-Type": "application/json"}
SPARQL_QUERY = {"Content-Type": "application/sparql-query"}


def test_entity_over_http_is_utf8_json(api_server: str) -> None:
    response = httpx.get(f"{api_server}/api/entities/{LINZHI}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert SUPPORT_SENTENCE.encode("utf-8") in response.content  # not \\u-escaped
    assert response.json()["id"] == LINZHI


def test_many_clients_at_once_get_the_same_answers(api_server: str) -> None:
    urls = [
        f"/api/entities/{LINZHI}",
        f"/api/entities/{LINZHI}/neighbors?depth=2",
        "/api/entities?q=医院",
        "/api/paths?from=东莞市人民医院&to=北京协和医院",
    ]
    with httpx.Client(base_url=api_server, timeout=30) as client:
        expected = {url: client.get(url).json() for url in urls}

        def fetch(i: int) -> tuple[str, int, dict]:
            url = urls[i % len(urls)]
            response = client.get(url)
            return url, response.status_code, response.json()

        with ThreadPoolExecutor(max_workers=32) as pool:
            results = list(pool.map(fetch, range(256)))
    assert all(status == 200 for _, status, _ in results)
    assert all(body == expected[url] for url, _, body in results)


def test_server_keeps_serving_after_bad_requests(api_server: str) -> None:
    with httpx.Client(base_url=api_server) as client:
        bad = [
            client.get("/api/entities", params={"limit": "lots"}),
            client.post("/api/cypher", content=b"\xff\xfe", headers=JSON),
            client.post("/sparql", content=b"\xff", headers=SPARQL_QUERY),
            client.get("/api/entities/%00"),
            client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p"}),
        ]
        for response in bad:
            assert 400 <= response.status_code < 500, response.text
            assert response.json()["message"]
        assert client.get(f"/api/entities/{LINZHI}").status_code == 200


def test_sparql_post_over_http(api_server: str) -> None:
    query = "ASK { ?s ?p ?o }"
    response = httpx.post(
        f"{api_server}/sparql",
        content=query,
        headers={**SPARQL_QUERY, "Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200
    assert response.json()["boolean"] is True


def test_ingest_upload_over_http(api_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "graph.db"
    shutil.copy(api_db, db)
    records = EXAMPLES / "beijing_counterpart.csv"
    with serve(db, token=API_TOKEN) as url, httpx.Client(base_url=url, timeout=60) as client:
        before = client.get("/api/entities", params={"limit": 0}).json()["total"]
        files = {"files": ("beijing.csv", records.read_bytes(), "text/csv")}
        refused = client.post("/api/ingest", files=files)
        assert refused.status_code == 401
        landed = client.post(
            "/api/ingest", files=files, headers={"Authorization": f"Bearer {API_TOKEN}"}
        )
        assert landed.status_code == 200, landed.text
        body = landed.json()
        assert body["sources_added"] == ["beijing.csv"] and body["nodes_added"] > 0
        after = client.get("/api/entities", params={"limit": 0}).json()["total"]
        assert after == before + body["nodes_added"]


def test_readers_see_an_upload_whole_or_not_at_all(api_db: Path, tmp_path: Path) -> None:
    """While an upload lands, concurrent readers see the graph before it or after it."""
    db = tmp_path / "graph.db"
    shutil.copy(api_db, db)
    files = [
        ("files", (p.name, p.read_bytes(), "text/csv"))
        for p in (EXAMPLES / "dongguan_tongren.csv", EXAMPLES / "shanghai_group_aid.csv")
    ]
    with serve(db, token=API_TOKEN) as url, httpx.Client(base_url=url, timeout=60) as client:
        before = client.get("/api/entities", params={"limit": 0}).json()["total"]
        seen: list[int] = []
        done = threading.Event()

        def read() -> None:
            with httpx.Client(base_url=url, timeout=60) as reader:
                for _ in range(400):  # bounded; stops early once the upload has landed
                    seen.append(reader.get("/api/entities", params={"limit": 0}).json()["total"])
                    if done.is_set():
                        break

        readers = [threading.Thread(target=read) for _ in range(4)]
        for thread in readers:
            thread.start()
        landed = client.post(
            "/api/ingest", files=files, headers={"Authorization": f"Bearer {API_TOKEN}"}
        ).json()
        after = client.get("/api/entities", params={"limit": 0}).json()["total"]
        done.set()
        for thread in readers:
            thread.join()
    assert after == before + landed["nodes_added"] and landed["nodes_added"] > 0
    assert seen and set(seen) <= {before, after}
