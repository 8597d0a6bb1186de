"""Render a view as one self-contained HTML page, an embeddable fragment, or notebook output.

Everything is inlined: the vis-network script shipped inside the installed pyvis package,
our own small controls script and scoped stylesheet, and the graph data as JSON. The
result opens from ``file://`` with no network, inside an ``<iframe>``, and in Jupyter.
pyvis' own ``write_html`` is not used: it loads Bootstrap (and, by default,
vis-network) from CDNs, writes a ``lib/`` folder into the working directory and opens
its file without an encoding.
"""

from __future__ import annotations

import html
import secrets
from functools import cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape

from aidgraph.viz.build import ViewSpec
from aidgraph.viz.style import css_font_stack, edge_style, legend_label, node_style

VIS_VERSION = "9.1.2"
DEFAULT_HEIGHT = "640px"

_GLYPHS = {
    "square": '<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
    "dot": '<circle cx="8" cy="8" r="6" fill="{c}"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
    "triangle": '<polygon points="8,2 15,14 1,14" fill="{c}"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,14" fill="{c}"/>',
    "star": (
        '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6" fill="{c}"/>'
    ),
    "hexagon": '<polygon points="4,2 12,2 15,8 12,14 4,14 1,8" fill="{c}"/>',
    "ellipse": '<ellipse cx="8" cy="8" rx="7" ry="4.5" fill="{c}"/>',
}


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("aidgraph.viz", "templates"),
        autoescape=select_autoescape(["html"]),
        keep_trailing_newline=True,
    )


@cache
def vis_network_js() -> str:
    """The vis-network build pyvis ships, read from the installed package."""
    path = files("pyvis") / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    return path.read_text(encoding="utf-8")


@cache
def _static(name: str) -> str:
    text = (files("aidgraph.viz") / "static" / name).read_text(encoding="utf-8")
    return text.replace("FONT_STACK", css_font_stack())


def render_fragment(spec: ViewSpec, *, height: str = DEFAULT_HEIGHT, vid: str | None = None) -> str:
    """A ``<div>`` with its script and style inlined; ids are unique per call.

    vis-network is inlined in every fragment but defined only once per page, so two
    fragments can sit on one page.
    """
    return (
        _env()
        .get_template("fragment.html")
        .render(
            spec=spec,
            vid=vid or f"aidgraph-{secrets.token_hex(5)}",
            height=height,
            legend=_legend(spec),
            edge_legend=_edge_legend(spec),
            css=_static("view.css"),
            view_js=_static("view.js"),
            vis_js=vis_network_js(),
            data_json=spec.data_json(),
        )
    )


def render_page(spec: ViewSpec, *, height: str = DEFAULT_HEIGHT) -> str:
    """A complete HTML document holding the view and everything it needs."""
    fragment = render_fragment(spec, height=height)
    return _env().get_template("page.html").render(spec=spec, fragment=fragment)


def render_notebook(spec: ViewSpec, *, height: str = DEFAULT_HEIGHT) -> str:
    """The page inside an ``<iframe srcdoc>``: Jupyter's HTML output runs it isolated."""
    page = html.escape(render_page(spec, height=height), quote=True)
    return (
        f'<iframe srcdoc="{page}" style="width: 100%; height: calc({height} + 220px); '
        f'border: 0" sandbox="allow-scripts"></iframe>'
    )


def _legend(spec: ViewSpec) -> list[dict[str, str]]:
    out = []
    for node_type in spec.node_types:
        style = node_style(node_type)
        glyph = _GLYPHS.get(style.vis_shape, _GLYPHS["dot"]).format(c=style.colour)
        out.append({"type": node_type, "label": legend_label(node_type), "glyph": glyph})
    return out


def _edge_legend(spec: ViewSpec) -> list[dict[str, object]]:
    out = []
    for edge_type in spec.edge_types:
        style = edge_style(edge_type)
        label = f"{style.zh} {edge_type}"
        out.append({"label": label, "colour": style.colour, "dashes": style.dashes})
    return out
