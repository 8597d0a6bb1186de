"""Benchmark views: time to build the HTML, and time until the browser's layout settles.

For each size a synthetic aid network (aidgraph.graph.synthetic, two edges per node) is
built, rendered to one self-contained HTML page, and opened from file:// in headless
Chromium (/usr/bin/chromium, network cut off). Reported per size:

- build: Python time for build_spec + render_page (graph already in memory);
- html: the page size;
- parse: page start → our script mounting (reading ~0.5 MB of inlined vis-network);
- stabilised: page start → vis-network's stabilizationIterationsDone;

with the layout plan a view of that size gets (aidgraph.viz.layout): in-browser physics
up to PHYSICS_LIMIT nodes, a layout precomputed in Python above it (its time is part of
build). ``--browser-physics`` lays out every size in the browser instead, to show what
precomputing saves. Run from the repository root::

    .venv/bin/python bench/bench_viz.py [--sizes 100,1000,5000] [--browser-physics]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the Chromium settings the tests use

from aidgraph.graph.nxgraph import to_networkx  # noqa: E402
from aidgraph.graph.store import Store  # noqa: E402
from aidgraph.graph.synthetic import generate  # noqa: E402
from aidgraph.viz import layout  # noqa: E402
from aidgraph.viz.build import build_spec  # noqa: E402
from aidgraph.viz.render import render_page  # noqa: E402
from fixtures.browser import CHROMIUM, CHROMIUM_ARGS, LOCAL_SCHEMES  # noqa: E402

SETTLED = "() => Object.values(window.aidgraphViews || {}).some(v => v.stabilized)"


def synthetic_graph(n_nodes: int):
    store = Store(":memory:")
    store.land(generate(n_nodes, 2 * n_nodes, seed=0))
    return to_networkx(store)


def build_page(G) -> tuple[str, float]:
    start = time.perf_counter()
    page = render_page(build_spec(G, kind="network", title=f"synthetic {G.number_of_nodes()}"))
    return page, time.perf_counter() - start


def browser_times(browser, path: Path) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(LOCAL_SCHEMES) else r.abort()
    )
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_function(SETTLED, timeout=900_000, polling=100)
    times = page.evaluate(
        "() => { const v = Object.values(window.aidgraphViews)[0];"
        " return {mounted: v.mountedAt, stabilized: v.stabilizedAt}; }"
    )
    context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument(
        "--browser-physics", action="store_true", help="lay out every size in the browser"
    )
    args = parser.parse_args()
    if args.browser_physics:
        layout.PHYSICS_LIMIT = 10**9
    from playwright.sync_api import sync_playwright

    print("| nodes | edges | layout | build (s) | html (MB) | parse (s) | stabilised (s) |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    with sync_playwright() as pw, tempfile.TemporaryDirectory() as tmp:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for n in (int(s) for s in args.sizes.split(",")):
            G = synthetic_graph(n)
            page, build_s = build_page(G)
            path = Path(tmp) / f"view-{n}.html"
            path.write_text(page, encoding="utf-8")
            t = browser_times(browser, path)
            label = "precomputed" if layout.plan_for(n).precompute else "browser physics"
            print(
                f"| {n:,} | {G.number_of_edges():,} | {label} | {build_s:.2f} | "
                f"{len(page.encode()) / 1e6:.1f} | {t['mounted'] / 1000:.2f} | "
                f"{t['stabilized'] / 1000:.2f} |",
                flush=True,
            )
        browser.close()


if __name__ == "__main__":
    main()
