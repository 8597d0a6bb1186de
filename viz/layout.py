"""How a view is laid out, by size: the thresholds behind "large graphs stay usable".

Layout runs in the browser: vis-network's Barnes-Hut simulation is O(n log n) per step,
while networkx's layouts are O(n²) per step in Python (spring_layout took 37 s and
forceatlas2_layout 90 s for 3,000-5,000 nodes on the 2-core reference machine, against
seconds in the browser; see bench/bench_viz.py and BENCHMARKS.md). So large views keep
the browser layout but bound it: fewer stabilisation steps, straight edges, no
``improvedLayout`` pre-pass, and physics switched off once stabilised, so the graph is
laid out once and then stays still. Above :data:`AGGREGATE_HINT` nodes the view also
says so and points to the region flow view, which aggregates any size into a few dozen
regions.

Static figures are laid out in Python and are capped at :data:`STATIC_NODE_LIMIT` nodes: a
printed hairball of thousands of nodes informs nobody, and the layout cost grows fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

# Measured with bench/bench_viz.py: below this, full physics stabilises quickly and
# staying live (nodes spring back when dragged) is worth it.
PHYSICS_LIMIT = 500
# improvedLayout runs a Kamada-Kawai pre-pass over clustered nodes; past ~150 nodes it
# costs more than it gains.
IMPROVED_LAYOUT_LIMIT = 150
AGGREGATE_HINT = 2000
STATIC_NODE_LIMIT = 400


@dataclass(frozen=True)
class LayoutPlan:
    iterations: int
    freeze_after: bool  # switch physics off once stabilised
    improved: bool
    smooth: bool
    hint_aggregate: bool


def plan_for(n_nodes: int) -> LayoutPlan:
    """The layout settings a view of ``n_nodes`` nodes gets."""
    large = n_nodes > PHYSICS_LIMIT
    return LayoutPlan(
        iterations=200 if large else 1000,
        freeze_after=large,
        improved=n_nodes <= IMPROVED_LAYOUT_LIMIT,
        smooth=not large,
        hint_aggregate=n_nodes > AGGREGATE_HINT,
    )


def vis_options(plan: LayoutPlan, options: dict[str, Any], font_face: str) -> dict[str, Any]:
    """Complete pyvis' physics options with what a view needs beyond them."""
    options = dict(options)
    options["physics"]["stabilization"].update(iterations=plan.iterations, updateInterval=25)
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
        "hideEdgesOnDrag": not plan.smooth,
        "navigationButtons": False,
        "keyboard": False,
    }
    return options


def static_positions(G: nx.Graph, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Positions for a printed figure: spring layout of the undirected simple graph."""
    simple = nx.Graph(G.to_undirected(as_view=True)) if G.is_multigraph() else G
    if simple.number_of_nodes() == 0:
        return {}
    # method="force" is networkx' dense solver: no scipy needed under STATIC_NODE_LIMIT.
    pos = nx.spring_layout(simple, seed=seed, method="force", k=None, iterations=100)
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}
