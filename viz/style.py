"""How each node and edge type looks, in the browser and in print alike.

One table drives both renderers (vis-network in HTML, matplotlib for SVG/PNG) so a
figure pasted into a report matches the interactive view it was made from. Colours come
from the Tableau 10 palette, which stays distinguishable in greyscale print; every node
type also has its own shape, so colour is never the only cue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    vis_shape: str  # a vis-network shape; all but "ellipse" draw the label underneath
    marker: str  # the matplotlib marker drawing the same shape ("ellipse": a custom path)
    zh: str  # the type's name for the legend, beside the English one


@dataclass(frozen=True)
class EdgeStyle:
    colour: str
    dashes: bool
    zh: str


NODE_STYLES: dict[str, NodeStyle] = {
    "Region": NodeStyle("#4E79A7", "square", "s", "地区"),
    "Hospital": NodeStyle("#E15759", "dot", "o", "医院"),
    "Organization": NodeStyle("#F28E2B", "diamond", "D", "机构"),
    "Department": NodeStyle("#76B7B2", "triangle", "^", "科室"),
    "Person": NodeStyle("#59A14F", "star", "*", "人员"),
    "Technique": NodeStyle("#EDC948", "triangleDown", "v", "技术"),
    "Program": NodeStyle("#B07AA1", "hexagon", "h", "项目"),
    "Alliance": NodeStyle("#FF9DA7", "ellipse", "ellipse", "联盟"),
}
UNKNOWN_NODE = NodeStyle("#9C9C9C", "dot", "o", "其他")

EDGE_STYLES: dict[str, EdgeStyle] = {
    "SUPPORTS": EdgeStyle("#C0392B", False, "支援"),
    "PAIRS_WITH": EdgeStyle("#8E44AD", True, "结对"),
    "TRAINED": EdgeStyle("#27AE60", False, "培训"),
    "ALLIANCE_MEMBER": EdgeStyle("#D35400", True, "联盟成员"),
    "LOCATED_IN": EdgeStyle("#95A5A6", False, "位于"),
    "DEPARTMENT_OF": EdgeStyle("#16A085", False, "所属科室"),
    "TECHNIQUE_AT": EdgeStyle("#B7950B", False, "技术落地"),
    "AFFILIATED_WITH": EdgeStyle("#7F8C8D", True, "隶属"),
    "FLOW": EdgeStyle("#C0392B", False, "援助流向"),
}
UNKNOWN_EDGE = EdgeStyle("#AAAAAA", False, "关系")

BACKGROUND = "#ffffff"
FONT_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC")


def node_style(node_type: str) -> NodeStyle:
    return NODE_STYLES.get(node_type, UNKNOWN_NODE)


def edge_style(edge_type: str) -> EdgeStyle:
    return EDGE_STYLES.get(edge_type, UNKNOWN_EDGE)


def legend_label(node_type: str) -> str:
    """``医院 Hospital``: Chinese first for the readers, English for everyone else."""
    return f"{node_style(node_type).zh} {node_type}"


def css_font_stack() -> str:
    return ", ".join(f'"{f}"' for f in FONT_FAMILIES) + ", sans-serif"


def in_legend_order(types: Iterable[str], table: dict[str, Any]) -> list[str]:
    """The distinct ``types``, those ``table`` knows in its order, unknown ones after."""
    seen = set(types)
    return [t for t in table if t in seen] + sorted(seen - set(table))
