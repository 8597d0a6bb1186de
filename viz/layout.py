"""How a view is laid out, by size: the thresholds behind "large graphs stay usable".

Measured on the 2-core reference machine with headless Chromium (bench/bench_viz.py,
BENCHMARKS.md): vis-network's in-browser simulation costs ~15 ms per iteration at 500
nodes and ~360 ms at 5,000, so stabilising anything past a few hundred nodes in the
browser takes from tens of seconds to minutes; networkx's layouts are no escape
(spring_layout 37 s and forceatlas2_layout 90 s at 3,000-5,000 nodes, and spring_layout
needs scipy there).

So there are two regimes:

- up to :data:`PHYSICS_LIMIT` nodes the browser lays the graph out (ForceAtlas2 solver,
  the fastest of vis-network's solvers here) and physics stays on, so dragged nodes
  spring back;
- above it the layout is computed once in Python by :func:`precomputed_positions`, a
  Fruchterman-Reingold layout whose repulsion is estimated from a random sample of nodes
  per step (O(n·s) rather than O(n²), numpy-vectorised), and passed to vis-network as
  fixed x/y with physics off: the page draws at once and stays still.

Above :data:`AGGREGATE_HINT` nodes the view also says so and points to the region flow
view, which aggregates any size into a few dozen regions. Static figures are capped at
:data:`STATIC_NODE_LIMIT` nodes: a printed hairball informs nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

# Up to here the browser stabilises within about 2.5 s; at 200 nodes it takes 6-8 s,
# at 300 nodes 9-15 s (bench/bench_viz.py --browser-physics).
PHYSICS_LIMIT = 150
# vis-network's improvedLayout (a Kamada-Kawai pre-pass) helps small graphs settle.
IMPROVED_LAYOUT_LIMIT = 150
AGGREGATE_HINT = 2000
STATIC_NODE_LIMIT = 400
# Above this many nodes an interactive view is refused: the page would weigh hundreds of
# megabytes (262 MB and 100 s to build for 100k nodes, measured) and show nothing
# readable; the aggregated region flow view answers the same question.
INTERACTIVE_NODE_LIMIT = 20_000
# Pixels per unit of the precomputed layout (its ideal edge length is 1).
SPACING = 70.0


@dataclass(frozen=True)
class LayoutPlan:
    precompute: bool  # positions from Python, physics off
    improved: bool
    smooth: bool
    hint_aggregate: bool


def plan_for(n_nodes: int) -> LayoutPlan:
    """The layout settings a view of ``n_nodes`` nodes gets."""
    large = n_nodes > PHYSICS_LIMIT
    return LayoutPlan(
        precompute=large,
        improved=n_nodes <= IMPROVED_LAYOUT_LIMIT,
        smooth=not large,
        hint_aggregate=n_nodes > AGGREGATE_HINT,
    )


def vis_options(plan: LayoutPlan, options: dict[str, Any], font_face: str) -> dict[str, Any]:
    """Complete pyvis' physics options with what a view needs beyond them."""
    options = dict(options)
    options["physics"]["enabled"] = not plan.precompute
    options["physics"]["stabilization"].update(iterations=1000, updateInterval=25)
    options["layout"] = {"improvedLayout": plan.improved, "randomSeed": 7}
    options["edges"] = {
        **options.get("edges", {}),
        "smooth": {"enabled": plan.smooth, "type": "continuous"},
        "color": {"inherit": False},
        "scaling": {"min": 1, "max": 14},
        "font": {"face": font_face, "size": 11, "align": "middle"},
    }
    options["nodes"] = {
        "font": {"face": font_face, "size": 14, "multi": False},
        "scaling": {"min": 8, "max": 30, "label": {"enabled": False}},
        "size": 14,
    }
    options["interaction"] = {
        **options.get("interaction", {}),
        "hover": True,
        "tooltipDelay": 120,
        "hideEdgesOnDrag": plan.precompute,
        "navigationButtons": False,
        "keyboard": False,
    }
    return options


def precomputed_positions(
    G: nx.Graph, *, iterations: int = 150, sample: int = 64, seed: int = 7
) -> dict[Any, tuple[float, float]]:
    """Pixel positions from a sampled Fruchterman-Reingold layout; deterministic per seed.

    Each step, repulsion on every node is estimated from ``sample`` random nodes and
    scaled up by n/sample; attraction runs along every edge; a weak pull to the centre
    keeps separate components in view. x and y are kept as separate arrays: on this
    machine that is about twice as fast as numpy's (n, s, 2) broadcasting.
    """
    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = np.array([(index[u], index[v]) for u, v in G.edges() if u != v], dtype=np.int64)
    src, dst = (pairs[:, 0], pairs[:, 1]) if len(pairs) else (np.array([], int),) * 2
    rng = np.random.default_rng(seed)
    x, y = (rng.uniform(-1, 1, (2, n)) * np.sqrt(n)).astype(np.float32)
    temperature = np.sqrt(n) / 5
    s = min(sample, n)
    for _ in range(iterations):
        dx, dy = _repulsion(x, y, rng.integers(0, n, size=s))
        scale = n / s
        dx, dy = dx * scale, dy * scale
        ex, ey = x[src] - x[dst], y[src] - y[dst]
        length = np.sqrt(ex * ex + ey * ey)
        ax, ay = ex * length, ey * length  # FR attraction d²/k with k = 1
        dx += np.bincount(dst, ax, n) - np.bincount(src, ax, n) - 0.05 * x
        dy += np.bincount(dst, ay, n) - np.bincount(src, ay, n) - 0.05 * y
        step = np.sqrt(dx * dx + dy * dy) + 1e-9
        limited = np.minimum(step, temperature) / step
        x += (dx * limited).astype(np.float32)
        y += (dy * limited).astype(np.float32)
        temperature *= 0.97
    x, y = _pull_in_stragglers(x, y)
    return {v: (float(x[i]) * SPACING, float(y[i]) * SPACING) for i, v in enumerate(nodes)}


def _pull_in_stragglers(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bring far-flung nodes (isolated ones are only repelled) to the cluster's rim.

    Otherwise fitting the view to them shrinks the connected part to a dot.
    """
    x, y = x - np.median(x), y - np.median(y)
    radius = np.sqrt(x * x + y * y) + 1e-9
    rim = float(np.quantile(radius, 0.95)) * 1.15
    shrink = np.minimum(1.0, rim / radius)
    return x * shrink, y * shrink


def _repulsion(x: np.ndarray, y: np.ndarray, sample: np.ndarray) -> tuple[np.ndarray, ...]:
    """FR repulsion k²/d of every node from the sampled nodes, summed per node."""
    rx = x[:, None] - x[sample][None, :]
    ry = y[:, None] - y[sample][None, :]
    inverse = 1.0 / (rx * rx + ry * ry + 1e-6)
    return (rx * inverse).sum(axis=1), (ry * inverse).sum(axis=1)


def static_positions(G: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Positions for a printed figure: each connected component laid out on its own,
    then the components packed in rows, largest first.

    One layout of the whole graph pushes separate components far apart, so fitting the
    page squeezes each one's nodes (and labels) together.
    """
    undirected = G.to_undirected(as_view=True) if G.is_directed() else G
    parts = sorted(
        nx.connected_components(undirected), key=lambda c: (-len(c), sorted(map(str, c)))
    )
    boxes = [_component_box(G.subgraph(part)) for part in parts]
    row_width = max(
        np.sqrt(sum(w * h for _, w, h in boxes)) * 1.3, max((w for _, w, _ in boxes), default=0)
    )
    out: dict[Any, tuple[float, float]] = {}
    x0 = y0 = row_height = 0.0
    for pos, width, height in boxes:
        if x0 and x0 + width > row_width:
            x0, y0, row_height = 0.0, y0 - row_height, 0.0
        out.update({v: (x0 + x, y0 - y) for v, (x, y) in pos.items()})
        x0 += width
        row_height = max(row_height, height)
    return out


def _component_box(part: nx.Graph) -> tuple[dict[Any, tuple[float, float]], float, float]:
    """A component's layout moved to start at (0, 0), with its box (one unit of margin)."""
    pos = precomputed_positions(part, iterations=300)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    left, top = min(xs) - SPACING, min(ys) - SPACING
    moved = {v: (x - left, y - top) for v, (x, y) in pos.items()}
    return moved, max(xs) - left + SPACING, max(ys) - top + SPACING
