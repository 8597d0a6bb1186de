"""Benchmark the gazetteer and the department lexicon: load time and lookup rates.

Load time is measured in fresh interpreters (the cached default is loaded once per
process), lookups on the warm objects. Run from the repository root::

    .venv/bin/python bench/bench_gazetteer.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

_LOAD = """
import time
t = time.perf_counter()
from aidgraph.ingest.{module} import {factory}
t1 = time.perf_counter()
{factory}()
print(time.perf_counter() - t, time.perf_counter() - t1)
"""


def cold_load(module: str, factory: str, runs: int = 5) -> str:
    """Median seconds to import the module and build its default object, and to build
    it alone (the import includes the aidgraph package's own imports)."""
    code = _LOAD.format(module=module, factory=factory)
    runs_out = [
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       check=True).stdout.split()
        for _ in range(runs)
    ]  # fmt: skip
    total = statistics.median(float(r[0]) for r in runs_out)
    build = statistics.median(float(r[1]) for r in runs_out)
    return f"{total:.3f} s with import, {build:.3f} s to build"


def rate(fn, items: list[str], rounds: int = 20) -> float:
    """Calls per second of ``fn`` over ``items``."""
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            fn(item)
    return rounds * len(items) / (time.perf_counter() - start)


def main() -> None:
    from aidgraph.ingest.departments import default_departments
    from aidgraph.ingest.gazetteer import default_gazetteer

    gaz, deps = default_gazetteer(), default_departments()
    surfaces = [s for s, _ in gaz.surfaces()]
    names = [f"{p.name}人民医院" for p in gaz]
    dept_surfaces = [*deps.surfaces(), "小儿骨科", "普外二科", "心内一病区"]
    print(f"places: {len(gaz)}, surfaces: {len(surfaces)}, risky: {len(gaz.risky_shorts())}")
    print(f"gazetteer cold load (median of 5): {cold_load('gazetteer', 'default_gazetteer')}")
    print(f"departments cold load (median of 5): "
          f"{cold_load('departments', 'default_departments')}")  # fmt: skip
    print(f"resolve: {rate(gaz.resolve, surfaces, 5):,.0f} surfaces/s")
    print(f"leading_places: {rate(gaz.leading_places, names, 2):,.0f} names/s")
    print(f"departments.base: {rate(deps.base, dept_surfaces):,.0f} surfaces/s")


if __name__ == "__main__":
    main()
