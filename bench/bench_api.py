"""Benchmark the HTTP API under concurrent load: entity, neighbours and search endpoints.

Starts ``aidgraph.api`` with uvicorn in a child process on a free 127.0.0.1 port, warms
the cached graph, then sends a bounded number of requests per endpoint from 32
concurrent keep-alive clients (asyncio streams speaking plain HTTP/1.1, so the load
generator costs little next to the server) and reports p50/p95/p99 latency and
requests per second, first for distinct entities (every answer computed), then for the
same requests again (answers from the per-revision response cache). Entities are
distinct hospitals drawn at random (seeded); searches ask for one of those hospitals by
its full name, as a reader typing it would.

Run from the repository root::

    .venv/bin/python bench/bench_api.py --example            # the example records
    .venv/bin/python bench/bench_api.py                      # 100k-node synthetic graph
    .venv/bin/python bench/bench_api.py --db synth.db        # reuse a built store
    .venv/bin/python bench/bench_api.py --compute            # + the same answers in-process

Only loopback is ever contacted; every run stops after ``--requests`` requests per
endpoint or ``--max-seconds``, whichever comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"

SERVER = """
import os, sys, uvicorn
os.environ["AIDGRAPH_DB"] = sys.argv[1]
uvicorn.run("aidgraph.api.app:create_app_from_env", factory=True, host="127.0.0.1",
            port=int(sys.argv[2]), workers=int(sys.argv[3]), log_level="warning",
            access_log=False)
"""


@dataclass
class Result:
    name: str
    latencies: list[float]
    seconds: float
    errors: int

    def row(self) -> str:
        ms = sorted(x * 1000 for x in self.latencies)
        p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
        rps = len(ms) / self.seconds
        return (
            f"| {self.name} | {len(ms)} | {statistics.median(ms):.2f} | {p(0.95):.2f} | "
            f"{p(0.99):.2f} | {rps:.0f} | {self.errors} |"
        )


# -- a minimal HTTP/1.1 keep-alive client ----------------------------------------------


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection(HOST, port))

    async def get(self, path: str) -> tuple[int, bytes]:
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode("ascii"))
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        length = int(headers.get("content-length", headers.get("Content-Length", "0")))
        body = await self.reader.readexactly(length)
        return status, body

    def close(self) -> None:
        self.writer.close()


async def load(port: int, paths: list[str], clients: int, max_seconds: float) -> Result:
    """Send every path once, ``clients`` at a time; latency per request."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + max_seconds

    async def client() -> None:
        nonlocal errors
        conn = await Connection.open(port)
        try:
            while not queue.empty() and time.perf_counter() < deadline:
                path = queue.get_nowait()
                start = time.perf_counter()
                status, _ = await conn.get(path)
                latencies.append(time.perf_counter() - start)
                errors += status != 200
        finally:
            conn.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    return Result("", latencies, time.perf_counter() - start, errors)


# -- the server ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen:
    command = [sys.executable, "-c", SERVER, str(db), str(port), str(workers)]
    proc = subprocess.Popen(command, cwd=REPO, env={**os.environ, "AIDGRAPH_TOKEN": ""})
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError("the server exited") from None
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


async def fetch_json(port: int, path: str) -> dict:
    conn = await Connection.open(port)
    try:
        status, body = await conn.get(path)
    finally:
        conn.close()
    if status != 200:
        raise RuntimeError(f"{path}: HTTP {status}: {body[:200]!r}")
    return json.loads(body)


async def sample_entities(port: int, n: int, seed: int) -> list[str]:
    """``n`` hospitals drawn at random (seeded), any entity if there are too few.

    Search ranks by degree, so a page at a random offset is a random slice of the degree
    distribution; pages from ten random offsets give a sample that is neither all hubs
    nor all leaves.
    """
    rng = random.Random(seed)
    query = {"type": "Hospital", "limit": 0}
    total = (await fetch_json(port, "/api/entities?" + urlencode(query)))["total"]
    if total < 20:
        query.pop("type")
        total = (await fetch_json(port, "/api/entities?" + urlencode(query)))["total"]
    pool: set[str] = set()
    for _ in range(10):
        page = {**query, "limit": 500, "offset": rng.randrange(max(1, total - 500))}
        found = await fetch_json(port, "/api/entities?" + urlencode(page))
        pool.update(r["id"] for r in found["results"])
    ids = sorted(pool)
    rng.shuffle(ids)
    # Distinct entities while there are enough, so the cold runs miss the response cache.
    return [ids[i % len(ids)] for i in range(n)]


async def run(port: int, args: argparse.Namespace) -> tuple[list[Result], dict[str, list[str]]]:
    started = time.perf_counter()
    # Wait for the cached graph; many requests at once so that every worker has built its.
    await asyncio.gather(*(fetch_json(port, "/api/entities?limit=1") for _ in range(16)))
    warm = time.perf_counter() - started
    print(f"graph ready after {warm:.1f}s", file=sys.stderr)
    warm = args.clients * 2
    ids = await sample_entities(port, args.requests + warm, args.seed)
    endpoints = {
        "GET /api/entities/{id}": [f"/api/entities/{quote(i)}" for i in ids],
        "GET /api/entities/{id}/neighbors": [
            f"/api/entities/{quote(i)}/neighbors?depth=1" for i in ids
        ],
        "GET /api/entities?q=": [
            "/api/entities?" + urlencode({"q": i.split(":", 1)[1], "limit": 20}) for i in ids
        ],
    }
    results = []
    for name, paths in endpoints.items():
        await load(port, paths[:warm], args.clients, args.max_seconds)  # connections, code paths
        for label in ("", " (cached)"):  # the same requests again hit the response cache
            result = await load(port, paths[warm:], args.clients, args.max_seconds)
            result.name = name + label
            results.append(result)
            print(result.row(), file=sys.stderr)
    return results, endpoints


def compute_figures(db: Path, paths_by_endpoint: dict[str, list[str]]) -> list[Result]:
    """The same requests' answers computed in this process, without HTTP: the floor."""
    from urllib.parse import parse_qs, unquote, urlsplit

    from aidgraph.queries import entities
    from aidgraph.queries.workspace import Workspace

    with Workspace(db) as ws:
        G = ws.graph()
        calls = {
            "GET /api/entities/{id}": lambda p, q: entities.get_entity(G, p.split("/")[3]),
            "GET /api/entities/{id}/neighbors": lambda p, q: entities.neighbors(
                G, p.split("/")[3], int(q["depth"][0])
            ),
            "GET /api/entities?q=": lambda p, q: entities.search_entities(
                G, q["q"][0], limit=int(q["limit"][0])
            ).to_dict(),
        }
        results = []
        for name, paths in paths_by_endpoint.items():
            latencies = []
            started = time.perf_counter()
            for path in paths:
                parts = urlsplit(path)
                query = parse_qs(parts.query)
                start = time.perf_counter()
                json.dumps(calls[name](unquote(parts.path), query), ensure_ascii=False)
                latencies.append(time.perf_counter() - start)
            results.append(
                Result(f"{name} (in-process)", latencies, time.perf_counter() - started, 0)
            )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a built store (default: build one)")
    parser.add_argument("--example", action="store_true", help="use the example records")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--requests", type=int, default=2000, help="per endpoint")
    parser.add_argument("--max-seconds", type=float, default=120, help="per endpoint")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument(
        "--compute", action="store_true", help="also time the answers in-process, no HTTP"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="aidgraph-bench-api-") as tmp:
        db = args.db or Path(tmp) / "graph.db"
        label = str(args.db) if args.db else None
        if args.db is None and args.example:
            from aidgraph.graph.store import Store
            from aidgraph.ingest import ingest_paths

            with Store(db) as store:
                ingest_paths(store, [REPO / "examples"])
            label = "example records"
        elif args.db is None:
            from aidgraph.graph.synthetic import build_synthetic_store

            started = time.perf_counter()
            build_synthetic_store(db, args.nodes, args.edges, args.seed)
            print(f"built synthetic store in {time.perf_counter() - started:.0f}s", file=sys.stderr)
            label = f"synthetic {args.nodes:,} nodes / {args.edges:,} edges"
        port = free_port()
        server = start_server(db, port, args.workers)
        try:
            results, endpoints = asyncio.run(run(port, args))
        finally:
            server.terminate()
            server.wait(timeout=30)
        if args.compute:
            warm = args.clients * 2
            results += compute_figures(db, {k: v[warm:] for k, v in endpoints.items()})
    workers = f"{args.workers} uvicorn worker{'s' if args.workers > 1 else ''}"
    print(f"\n{label}, {args.clients} concurrent clients, loopback, {workers}\n")
    print("| endpoint | requests | p50 ms | p95 ms | p99 ms | req/s | errors |")
    print("|---|---|---|---|---|---|---|")
    for result in results:
        print(result.row())


if __name__ == "__main__":
    main()
