"""Latency of every named question and entity lookup on the synthetic aid network.

    .venv/bin/python bench/bench_questions.py [--nodes 100000] [--edges 500000] [--db PATH]

Builds (or reuses) a synthetic store, loads it through a Workspace, then times:

1. store build and graph load (``Workspace.graph()``), reported separately;
2. the shared indexes every question uses (name index, edges by type, region
   placement, edge id index), built once per graph;
3. each named question: the first call (which also builds that question's own cache:
   projection, PageRank vector, Louvain partition) and the median of warm calls;
4. entity lookups and the 2-hop ego network on typical entities (median over many).

Prints a Markdown table for BENCHMARKS.md. Timings are wall-clock on this machine in
one run; compare rows with each other rather than across machines.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aidgraph.graph.synthetic import build_synthetic_store
from aidgraph.queries import aggregate, entities, regions
from aidgraph.queries.questions import ask, ego_subgraph, flow_graph
from aidgraph.queries.workspace import Workspace


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    return statistics.median(timed(fn)[0] for _ in range(repeat))


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--db", type=Path, default=None, help="reuse or create this store")
    parser.add_argument("--repeat", type=int, default=5, help="warm calls per question")
    parser.add_argument("--samples", type=int, default=20, help="betweenness BFS sources")
    args = parser.parse_args(argv)
    db = args.db or Path(f"/tmp/aidgraph-bench-{args.nodes}x{args.edges}-{args.seed}.db")

    rows: list[tuple[str, str, str, str]] = []
    if not db.exists():
        seconds, _ = timed(lambda: build_synthetic_store(db, args.nodes, args.edges, args.seed))
        rows.append(("build store (generate + land)", fmt(seconds), "", ""))
    ws = Workspace(db)
    seconds, G = timed(ws.graph)
    rows.append(("load graph (Workspace.graph)", fmt(seconds), "", str(G)))
    # The graph lives as long as the workspace: freezing it keeps the cyclic GC from
    # rescanning millions of long-lived objects during every question.
    gc.collect()
    gc.freeze()

    shared = {
        "name index": lambda: entities._name_index(G),
        "edges by type": lambda: aggregate._by_type(G),
        "region placement": lambda: regions.places(G),
        "edge id index": lambda: aggregate.edge_index(G),
    }
    for label, build in shared.items():
        rows.append((f"index: {label}", fmt(timed(build)[0]), "", "once per graph"))

    rng = random.Random(args.seed)
    by_type: dict[str, list[str]] = {}
    for node, kind in G.nodes(data="type"):
        by_type.setdefault(kind, []).append(node)
    placed = regions.places(G)
    provinces = sorted(n for n, lv in placed.level.items() if lv == "province")
    west_province = provinces[-1]
    hub = max(by_type["Hospital"], key=G.degree)
    # A typical recipient: the median-degree hospital among those receiving support.
    aided = sorted(
        {v for _, v, t in G.edges(data="type") if t == "SUPPORTS"} & set(by_type["Hospital"])
    )
    typical = sorted(aided, key=G.degree)[len(aided) // 2]
    edge = next(iter(G.edges(keys=True)))[2]
    person = by_type["Person"][0]

    questions: list[tuple[str, dict[str, Any]]] = [
        ("supporters", {"entity": west_province}),
        ("supporters", {"entity": west_province, "level": "province"}),
        ("supporters", {"entity": typical}),
        ("recipients", {"entity": hub}),
        ("recipients", {"entity": provinces[0], "level": "prefecture"}),
        ("flows", {"level": "province"}),
        ("flows", {"level": "prefecture"}),
        ("multi-donor", {}),
        ("multi-donor", {"level": "province"}),
        ("portfolios", {}),
        ("pairings", {"entity": hub}),
        ("techniques", {}),
        ("techniques", {"region": west_province, "level": "county"}),
        ("departments", {"entity": west_province}),
        ("timeline", {"entity": hub}),
        ("provenance", {"edge": edge}),
        ("shortest-path", {"source": typical, "target": person}),
        ("paths", {"source": typical, "target": hub, "max_len": 3}),
        ("ego", {"entity": typical, "depth": 2}),
        ("centrality", {"measure": "degree"}),
        ("centrality", {"measure": "pagerank"}),
        ("communities", {}),
        ("brokers", {}),
        ("centrality", {"measure": "betweenness", "samples": args.samples}),
    ]
    for name, kwargs in questions:
        first, table = timed(lambda n=name, k=kwargs: ask(G, n, **k))
        warm = median_time(lambda n=name, k=kwargs: ask(G, n, **k), args.repeat)
        label = f"ask {name} " + " ".join(f"{k}={_short(G, v)}" for k, v in kwargs.items())
        rows.append((label.strip(), fmt(first), fmt(warm), f"{len(table.rows)} rows"))
        print(f"{label:70s} first {fmt(first):>10s} warm {fmt(warm):>10s}", file=sys.stderr)

    samples = rng.sample(by_type["Hospital"], 50) + rng.sample(by_type["Person"], 50)
    ego_times = [timed(lambda n=n: ask(G, "ego", entity=n, depth=2))[0] for n in samples]
    rows.append(
        (
            "ego depth 2, 100 random hospitals/persons",
            "",
            fmt(statistics.median(ego_times)),
            f"p95 {fmt(_p95(ego_times))}",
        )
    )
    sub_times = [timed(lambda n=n: ego_subgraph(G, n, 2))[0] for n in samples]
    rows.append(
        (
            "ego_subgraph depth 2 (same entities)",
            "",
            fmt(statistics.median(sub_times)),
            f"p95 {fmt(_p95(sub_times))}",
        )
    )
    nb = [timed(lambda n=n: entities.neighbors(G, n, depth=2))[0] for n in samples]
    rows.append(
        (
            "entities.neighbors depth 2 (same)",
            "",
            fmt(statistics.median(nb)),
            f"p95 {fmt(_p95(nb))}",
        )
    )
    ge = [timed(lambda n=n: entities.get_entity(G, n))[0] for n in samples]
    rows.append(
        ("entities.get_entity (same)", "", fmt(statistics.median(ge)), f"p95 {fmt(_p95(ge))}")
    )
    for query in ("合成医院00012", "合成醫院", "县"):
        seconds = median_time(lambda q=query: entities.search_entities(G, q, limit=20), args.repeat)
        rows.append((f"search_entities {query!r}", "", fmt(seconds), ""))
    rows.append(
        (
            "flow_graph province",
            "",
            fmt(median_time(lambda: flow_graph(G, "province"), args.repeat)),
            "",
        )
    )

    print("| step | first call | warm (median) | note |")
    print("|---|---:|---:|---|")
    for label, first, warm, note in rows:
        print(f"| {label} | {first} | {warm} | {note} |")
    return 0


def _short(G: Any, value: Any) -> str:
    if isinstance(value, str) and value in G:
        return G.nodes[value].get("name", value)
    return str(value)


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


if __name__ == "__main__":
    sys.exit(main())
