"""Interactive graph views researchers embed in reports, and static figures for print.

Entry points (aidgraph.viz.views): ``write_view(ws, kind, out, fmt=..., fragment=...,
pinyin=..., **params)`` for the CLI and ``render_view(kind, ws, **params) -> str`` for
the API. Kinds: ego, network, flows, program, alliance, query. Every HTML view is one
self-contained file (vis-network, script, style and data inlined) that works from
file://, inside an iframe and in Jupyter; every edge tooltip quotes its source.

Modules: style (colours, shapes, legend), labels (labels, pinyin, tooltips), layout
(size thresholds, precomputed layout), build (graph → ViewSpec via pyvis), render
(HTML page, fragment, notebook), static_figure (SVG/PNG), query_graph (query answers →
subgraph), views (the named views).
"""
