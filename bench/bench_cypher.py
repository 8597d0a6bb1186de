"""Benchmark Cypher on the synthetic 100k-node/500k-edge graph: embedded and Neo4j.

Measures the time to build the embedded ladybug index from the SQLite store and to
reopen it, the time to push the graph to Neo4j (first push and an unchanged re-push),
and the median latency of typical queries through :func:`run_cypher` (guard, engine and
value conversion included) on both backends: an anchored 1-hop, a 2-hop ego query
(target: under 50 ms), a global 1-hop aggregate, a global 2-hop aggregate, a
variable-length reach and a filtered, ordered scan. Prints a Markdown table for
BENCHMARKS.md. Run from the repository root::

    .venv/bin/python bench/bench_cypher.py                  # generates the graph (~2 min)
    .venv/bin/python bench/bench_cypher.py --db synth.db    # reuses a store
    .venv/bin/python bench/bench_cypher.py --no-neo4j       # embedded only

Without ``--neo4j URI`` it starts the test server (scripts/neo4j-server.sh) on a free
loopback port with a temporary data folder, and stops it at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from aidgraph.graph.synthetic import build_synthetic_store
from aidgraph.queries.cypher import Neo4jTarget, run_cypher
from aidgraph.queries.cypher_embedded import EmbeddedIndex, index_path, open_index
from aidgraph.queries.neo4j_backend import push_to_neo4j
from aidgraph.queries.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "aidgraph-bench"

QUERIES = [
    (
        "anchored 1-hop (donors of a hospital)",
        "MATCH (h:Hospital {id: $hospital})<-[r:SUPPORTS]-(d) RETURN d.name, r.start, r.experts",
    ),
    (
        "2-hop ego (undirected, any type)",
        "MATCH (h:Hospital {id: $hospital})-[*1..2]-(x) RETURN count(DISTINCT x) AS n",
    ),
    (
        "global 1-hop aggregate (top donors)",
        "MATCH (d)-[:SUPPORTS]->() RETURN d.name AS donor, count(*) AS n ORDER BY n DESC LIMIT 10",
    ),
    (
        "global 2-hop aggregate (recipients per region)",
        "MATCH (:Hospital)-[:SUPPORTS]->(h:Hospital)-[:LOCATED_IN]->(c:Region) "
        "RETURN c.name AS region, count(DISTINCT h) AS n ORDER BY n DESC LIMIT 10",
    ),
    (
        "variable-length reach (SUPPORTS*1..2 from a donor)",
        "MATCH (d:Hospital {id: $donor})-[:SUPPORTS*1..2]->(x) RETURN count(DISTINCT x) AS n",
    ),
    (
        "filtered, ordered scan (experts > $n)",
        "MATCH (a)-[r:SUPPORTS]->(b:Hospital) WHERE r.experts > $n "
        "RETURN a.name, b.name, r.experts ORDER BY r.experts DESC, b.name LIMIT 20",
    ),
]


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm-up: plan caches, page cache
    return statistics.median(timed(fn)[0] for _ in range(runs)) * 1000


def anchors(ws: Workspace) -> dict[str, Any]:
    """A typical supported hospital, a typical hospital donor, and an experts threshold."""
    hospital = run_cypher(
        ws, "MATCH (:Hospital)-[:SUPPORTS]->(h:Hospital) RETURN h.id ORDER BY h.id LIMIT 1"
    ).rows[0][0]
    donor = run_cypher(
        ws, "MATCH (d:Hospital)-[:SUPPORTS]->(:Hospital) RETURN d.id ORDER BY d.id LIMIT 1"
    ).rows[0][0]
    return {"hospital": hospital, "donor": donor, "n": 20}


@contextmanager
def neo4j_server(uri: str | None, password: str | None) -> Iterator[Neo4jTarget]:
    if uri:
        yield Neo4jTarget(uri, "neo4j", password)
        return
    home = Path(tempfile.mkdtemp(prefix="aidgraph-neo4j-bench-"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (home / "server.log").open("w")
    env = {**os.environ, "JAVA_OPTS": os.environ.get("JAVA_OPTS", "-Xms1g -Xmx4g")}
    command = [str(REPO / "scripts" / "neo4j-server.sh"), "run", "--home", str(home / "data")]
    command += ["--port", str(port), "--password", PASSWORD, "--pagecache-mb", "1024"]
    command += ["--parent-pid", str(os.getpid())]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        while "READY " not in (home / "server.log").read_text():
            if process.poll() is not None:
                raise RuntimeError((home / "server.log").read_text()[-2000:])
            time.sleep(0.5)
        yield Neo4jTarget(f"bolt://127.0.0.1:{port}", "neo4j", PASSWORD)
    finally:
        process.terminate()
        process.wait()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="reuse (or create) this store")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--neo4j", help="a running server's Bolt URI (default: start one)")
    parser.add_argument("--password", default=None, help="its password (with --neo4j)")
    parser.add_argument("--no-neo4j", action="store_true", help="embedded engine only")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="aidgraph-bench-cypher-"))
    db = args.db or workdir / "synth.db"
    if not db.exists():
        seconds, _ = timed(lambda: build_synthetic_store(db, args.nodes, args.edges))
        print(f"generated and landed the synthetic store in {seconds:.1f} s")
    rows: list[tuple[str, str, str]] = []
    with Workspace(db) as ws:
        print(f"graph: {ws.store.counts()}")
        shutil.rmtree(ws.index_dir, ignore_errors=True)
        build, _ = timed(lambda: open_index(ws))
        rows.append(("build embedded index from the store", f"{build:.1f} s", ""))
        # What a later process pays: open the built file (read-only) beside the first.
        reopen, _ = timed(lambda: EmbeddedIndex(index_path(ws)).close())
        rows.append(("reopen built embedded index", f"{reopen * 1000:.0f} ms", ""))
        params = anchors(ws)
        embedded = {
            name: median_ms(lambda q=query: run_cypher(ws, q, params), args.runs)
            for name, query in QUERIES
        }
        server: dict[str, float] = {}
        if not args.no_neo4j:
            with neo4j_server(args.neo4j, args.password) as target:
                push, report = timed(
                    lambda: push_to_neo4j(ws, target.uri, target.user, target.password)
                )
                rows.append(("push to Neo4j (first)", "", f"{push:.1f} s"))
                again, report = timed(
                    lambda: push_to_neo4j(ws, target.uri, target.user, target.password)
                )
                rows.append(("push to Neo4j (unchanged, re-push)", "", f"{again:.1f} s"))
                print(f"re-push report: {report}")
                server = {
                    name: median_ms(
                        lambda q=query: run_cypher(ws, q, params, neo4j=target), args.runs
                    )
                    for name, query in QUERIES
                }
        for name, _ in QUERIES:
            neo = f"{server[name]:.1f} ms" if name in server else "-"
            rows.append((name, f"{embedded[name]:.1f} ms", neo))
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nmedian of {args.runs} runs after one warm-up; anchors {params}\n")
    print("| step or query | embedded (ladybug) | Neo4j 5.26 (Bolt) |")
    print("|---|---|---|")
    for name, a, b in rows:
        print(f"| {name} | {a} | {b} |")


if __name__ == "__main__":
    main()
