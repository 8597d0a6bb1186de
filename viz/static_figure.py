"""Static figures for print: the same view as SVG or PNG, drawn with matplotlib.

Styling comes from aidgraph.viz.style, so colours, shapes and the legend match the
interactive view. Chinese needs a CJK font: Noto Sans CJK SC from Debian's
fonts-noto-cjk (installed by scripts/setup-browser.sh), found through matplotlib's font
manager. SVG keeps text as text (``svg.fonttype: none``), so labels stay searchable and
editable in a report, at the price of needing the font where the SVG is opened.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D

from aidgraph.viz.labels import node_label
from aidgraph.viz.layout import STATIC_NODE_LIMIT, static_positions
from aidgraph.viz.style import (
    EDGE_STYLES,
    FONT_FAMILIES,
    NODE_STYLES,
    edge_style,
    in_legend_order,
    legend_label,
    node_style,
)

FORMATS = ("svg", "png")
_ELLIPSE = MplPath.unit_circle().transformed(Affine2D().scale(1.0, 0.6))


class StaticFigureError(ValueError):
    """A figure that cannot be drawn usefully (too large, no CJK font)."""


def cjk_font() -> str:
    """The first installed CJK font family matplotlib knows, e.g. ``Noto Sans CJK SC``."""
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in FONT_FAMILIES:
        if family in installed:
            return family
    raise StaticFigureError(
        "no Chinese-capable font found for static figures: install fonts-noto-cjk "
        "(scripts/setup-browser.sh) and remove matplotlib's font cache"
    )


def render_static(
    G: nx.Graph,
    *,
    fmt: str,
    title: str,
    pinyin: bool = False,
    weight: str | None = None,
) -> bytes:
    """The graph as SVG or PNG bytes, with a legend of the node and relation types shown."""
    if fmt not in FORMATS:
        raise StaticFigureError(f"unknown figure format {fmt!r}; choose svg or png")
    if G.number_of_nodes() > STATIC_NODE_LIMIT:
        raise StaticFigureError(
            f"{G.number_of_nodes()} nodes is too many for a printed figure (limit "
            f"{STATIC_NODE_LIMIT}); use the region flow view or the interactive HTML view"
        )
    font = cjk_font()
    with rc_context({"font.family": [font, "DejaVu Sans"], "svg.fonttype": "none"}):
        fig = _draw(G, title=title, pinyin=pinyin, weight=weight)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=150, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _draw(G: nx.Graph, *, title: str, pinyin: bool, weight: str | None) -> Figure:
    n = G.number_of_nodes()
    side = min(24.0, 6.0 + n**0.5 * 1.2)
    # The object API, not pyplot: no global figure registry, no GUI backend chosen.
    fig = Figure(figsize=(side, side * 0.8))
    ax = fig.subplots()
    ax.set_axis_off()
    ax.set_title(title, fontsize=14)
    pos = static_positions(G)
    _draw_edges(ax, G, pos, weight)
    _draw_nodes(ax, G, pos)
    label_size = 9 if n <= 60 else 6
    for node, data in G.nodes(data=True):
        name = data.get("name") or str(node)
        x, y = pos[node]
        text = node_label(name, data.get("attrs") or {}, pinyin)
        ax.annotate(text, (x, y), xytext=(0, -7), textcoords="offset points", ha="center",
                    va="top", fontsize=label_size)  # fmt: skip
    _legend(ax, G)
    return fig


def _draw_nodes(ax: Axes, G: nx.Graph, pos: dict[Any, tuple[float, float]]) -> None:
    by_type: dict[str, list[Any]] = {}
    for node, data in G.nodes(data=True):
        by_type.setdefault(data.get("type", ""), []).append(node)
    for node_type, nodes in by_type.items():
        style = node_style(node_type)
        ax.scatter(
            [pos[v][0] for v in nodes],
            [pos[v][1] for v in nodes],
            s=[60 + 25 * min(G.degree(v), 12) for v in nodes],
            c=style.colour,
            marker=_marker(style.marker),
            edgecolors="white",
            linewidths=0.8,
            zorder=3,
        )


def _draw_edges(ax: Axes, G: nx.Graph, pos: dict, weight: str | None) -> None:
    edges = list(G.edges(data=True))
    top = max((float(d.get(weight) or 0) for _, _, d in edges), default=0) if weight else 0
    seen: dict[frozenset, int] = {}
    for u, v, data in edges:
        # Parallel relations (SUPPORTS and PAIRS_WITH between one pair) bend apart.
        nth = seen[frozenset((u, v))] = seen.get(frozenset((u, v)), -1) + 1
        style = edge_style(data.get("type", ""))
        value = float(data.get(weight) or 0) if weight else 0.0
        width = 1.0 + 5.0 * value / top if top else 1.0
        if top:  # widths are hard to read off a page: print the figure too
            middle = ((pos[u][0] + pos[v][0]) / 2, (pos[u][1] + pos[v][1]) / 2)
            ax.text(*middle, f"{value:g}", fontsize=8, color=style.colour, ha="center",
                    va="center", zorder=4, backgroundcolor="white")  # fmt: skip
        ax.annotate(
            "",
            xy=pos[v],
            xytext=pos[u],
            zorder=2,
            arrowprops={
                "arrowstyle": "-|>" if data.get("directed", True) else "-",
                "color": style.colour,
                "linewidth": width,
                "linestyle": "--" if style.dashes else "-",
                "alpha": 0.75,
                "shrinkA": 7,
                "shrinkB": 7,
                "mutation_scale": 10,
                "connectionstyle": f"arc3,rad={0.18 * nth}",
            },
        )


def _marker(name: str) -> Any:
    return _ELLIPSE if name == "ellipse" else name


def _legend(ax: Axes, G: nx.Graph) -> None:
    node_types = in_legend_order((d.get("type", "") for _, d in G.nodes(data=True)), NODE_STYLES)
    edge_types = in_legend_order((d.get("type", "") for _, _, d in G.edges(data=True)), EDGE_STYLES)
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker=_marker(node_style(t).marker),
            markersize=9,
            color=node_style(t).colour,
            label=legend_label(t),
        )
        for t in node_types
    ]
    handles += [
        Line2D(
            [],
            [],
            color=edge_style(t).colour,
            linestyle="--" if edge_style(t).dashes else "-",
            label=f"{edge_style(t).zh} {t}",
        )
        for t in edge_types
    ]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
