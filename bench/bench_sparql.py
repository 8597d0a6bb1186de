"""Benchmark the RDF view and SPARQL on the synthetic 100k-node/500k-edge graph.

Measures: the triples the mapping yields, the time to build the on-disk Oxigraph index
from the SQLite store (format + bulk load), the time to reopen a built index, and the
latency of queries through :func:`run_sparql` (worker process included): anchored
lookups (a typical hospital, and the biggest donor), a global 1-hop and a global 2-hop
GROUP BY, and an ``ag:supports+`` property path. Prints a Markdown table for
BENCHMARKS.md. Run from the repository root::

    .venv/bin/python bench/bench_sparql.py                 # generates the graph (~2 min)
    .venv/bin/python bench/bench_sparql.py --db synth.db   # reuses a store
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aidgraph.graph.synthetic import build_synthetic_store
from aidgraph.queries.rdf import LineReader, iter_ntriples
from aidgraph.queries.sparql import index_path, run_sparql
from aidgraph.queries.workspace import Workspace

TOP_DONOR = """
SELECT ?d (COUNT(*) AS ?n) WHERE { ?d ag:supports ?x } GROUP BY ?d ORDER BY DESC(?n) LIMIT 1
"""
RECIPIENT = "SELECT ?h WHERE { ?d ag:supports ?h . ?h a ag:Hospital } LIMIT 1"
ANCHORED = """
SELECT ?donor ?year ?line WHERE {{
  ?r rdf:object <{node}> ; rdf:predicate ag:supports ; rdf:subject/skos:prefLabel ?donor ;
     prov:qualifiedDerivation/ag:line ?line .
  OPTIONAL {{ ?r ag:startYear ?year }}
}}
"""
HUB = """
SELECT ?name ?year ?line WHERE {{
  ?r rdf:subject <{node}> ; rdf:predicate ag:supports ; rdf:object/skos:prefLabel ?name ;
     prov:qualifiedDerivation/ag:line ?line .
  OPTIONAL {{ ?r ag:startYear ?year }}
}}
"""
TWO_HOP = """
SELECT ?province (COUNT(DISTINCT ?h) AS ?n) WHERE {
  ?d ag:supports ?h . ?h ag:locatedIn ?c . ?c ag:locatedIn ?province
} GROUP BY ?province ORDER BY DESC(?n)
"""
PATH = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ <{donor}> ag:supports+ ?x }}"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def median_latency(ws: Workspace, query: str, runs: int) -> tuple[float, float, Any]:
    """(median wall seconds, median CPU seconds of the query worker, result) over ``runs``.

    CPU time is reported beside wall time because a shared machine stretches wall time;
    the first run, which warms the caches, is not counted.
    """
    result = run_sparql(ws, query, timeout=600)
    walls, cpus = [], []
    for _ in range(runs):
        cpu = children_cpu()
        walls.append(timed(lambda: run_sparql(ws, query, timeout=600))[0])
        cpus.append(children_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def children_cpu() -> float:
    """CPU seconds used so far by this process's live children (the query worker)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing store (default: generate one)")
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--memory", action="store_true", help="also time loading the triples into memory"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-sparql-") as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "synthetic.db"
            seconds, _ = timed(lambda: build_synthetic_store(db, args.nodes, args.edges))
            print(f"generated {args.nodes} nodes / {args.edges} edges in {seconds:.1f} s")
        with Workspace(db) as ws:
            rows = run(ws, args.runs)
            if args.memory:
                rows.append(("load the same triples into an in-memory store", memory_load(ws)))
    print(
        f"\nSPARQL (Oxigraph) on the synthetic graph; query times are medians of {args.runs} runs\n"
    )
    print("| measure | value |\n| --- | --- |")
    for name, value in rows:
        print(f"| {name} | {value} |")


def memory_load(ws: Workspace) -> str:
    """What the index would cost if it were rebuilt in memory by every process instead."""
    import pyoxigraph as ox

    start, cpu = time.perf_counter(), time.process_time()
    store = ox.Store()
    store.bulk_load(LineReader(iter_ntriples(ws.store)), format=ox.RdfFormat.N_TRIPLES)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return f"{wall:.1f} s ({cpu:.1f} s CPU)"


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the triple producer)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _s(wall: float, cpu: float) -> str:
    return f"{wall:.3f} s ({cpu:.2f} s CPU)"


def run(ws: Workspace, runs: int) -> list[tuple[str, str]]:
    counts = ws.store.counts()
    n_nodes, n_edges = sum(counts["nodes"].values()), sum(counts["edges"].values())
    shutil.rmtree(ws.index_dir / "sparql", ignore_errors=True)  # always safe: it is derived
    cpu = cpu_seconds()
    build, path = timed(lambda: index_path(ws))
    cpu = cpu_seconds() - cpu
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    reopen, _ = timed(lambda: run_sparql(ws, "ASK { ?s ?p ?o }"))
    triples = run_sparql(ws, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", timeout=600)
    n_triples = triples.table.rows[0][0]

    rows = [
        ("store", f"{n_nodes:,} nodes, {n_edges:,} edges"),
        ("triples (default graph)", f"{n_triples:,}"),
        ("build index (format + bulk load)", f"{build:.1f} s ({cpu:.1f} s CPU)"),
        ("index on disk", f"{size / 2**20:.0f} MiB"),
        ("reopen built index + first query (new worker)", f"{reopen:.2f} s"),
    ]
    top, top_cpu, donors = median_latency(ws, TOP_DONOR, runs)
    donor, out_degree = donors.table.rows[0]
    rows.append((f"global 1-hop GROUP BY (top donor: {out_degree} SUPPORTS)", _s(top, top_cpu)))
    recipient = run_sparql(ws, RECIPIENT).table.rows[0][0]
    wall, cpu, result = median_latency(ws, ANCHORED.format(node=recipient), runs)
    rows.append(
        (f"anchored: a hospital's supporters ({len(result.table.rows)} rows)", _s(wall, cpu))
    )
    wall, cpu, result = median_latency(ws, HUB.format(node=donor), runs)
    rows.append(
        (
            f"anchored: the top donor's relations ({len(result.table.rows)} rows, capped at 1000)",
            _s(wall, cpu),
        )
    )
    wall, cpu, result = median_latency(ws, TWO_HOP, runs)
    rows.append((f"global 2-hop GROUP BY ({len(result.table.rows)} groups)", _s(wall, cpu)))
    wall, cpu, result = median_latency(ws, PATH.format(donor=donor), runs)
    reached = result.table.rows[0][0]
    rows.append((f"property path ag:supports+ ({reached:,} reached)", _s(wall, cpu)))
    print(f"top donor: {donor}")
    return rows


if __name__ == "__main__":
    main()
