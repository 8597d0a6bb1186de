"""Write the whole graph out for other tools: GraphML, GEXF, CSV and JSON Lines.

GraphML and GEXF carry only scalar attributes, so lists and objects (aliases, figures,
provenance) are written as JSON strings there. CSV writes a folder with ``nodes.csv``,
``edges.csv`` and ``provenance.csv``; JSON Lines writes one object per node, edge and
source, each with a ``kind`` field, and keeps everything. RDF formats (Turtle, JSON-LD,
N-Quads) are views of the query layer and live in ``aidgraph.queries.rdf``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from aidgraph.graph.nxgraph import to_networkx
from aidgraph.graph.store import Store

GRAPH_FORMATS = ("graphml", "gexf", "csv", "jsonl")


def export_graph(store: Store, fmt: str, out: Path) -> Path:
    """Write ``store`` to ``out`` in ``fmt``; returns what was written."""
    writers: dict[str, Callable[[Store, Path], None]] = {
        "graphml": _write_graphml,
        "gexf": _write_gexf,
        "csv": _write_csv,
        "jsonl": _write_jsonl,
    }
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(GRAPH_FORMATS)}")
    out = Path(out)
    writers[fmt](store, out)
    return out


def _scalar_graph(store: Store) -> nx.MultiDiGraph:
    graph = to_networkx(store)
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **_flatten(data))
    for source, target, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **_flatten(data))
    return flat


def _flatten(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict | list):
            value = json.dumps(value, ensure_ascii=False, sort_keys=True)
        out[key] = value
    return out


def _write_graphml(store: Store, out: Path) -> None:
    nx.write_graphml(_scalar_graph(store), out, encoding="utf-8")


def _write_gexf(store: Store, out: Path) -> None:
    nx.write_gexf(_scalar_graph(store), out, encoding="utf-8")


def _write_csv(store: Store, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    _write_rows(
        out / "nodes.csv",
        ["id", "type", "name", "aliases", "attrs"],
        (
            [n.id, n.type, n.name, "|".join(sorted(n.aliases)), _json(n.attrs)]
            for n in store.iter_nodes()
        ),
    )
    edges = list(store.iter_edges(with_provenance=True))
    _write_rows(
        out / "edges.csv",
        ["id", "type", "source", "target", "program", "start", "end", "figures", "attrs"],
        (
            [
                e.id, e.type, e.source, e.target, e.program, e.start, e.end,
                _json({k: f.to_dict() for k, f in e.figures.items()}), _json(e.attrs),
            ]
            for e in edges
        ),
    )  # fmt: skip
    sources = {s["id"]: s["uri"] for s in store.sources()}
    _write_rows(
        out / "provenance.csv",
        ["edge", "source_id", "source_uri", "line", "start", "end", "sentence", "extractor"],
        (
            [
                e.id,
                p.source_id,
                sources.get(p.source_id),
                p.line,
                p.start,
                p.end,
                p.sentence,
                p.extractor,
            ]
            for e in edges
            for p in e.provenance
        ),
    )


def _write_rows(path: Path, header: list[str], rows: Any) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([["" if v is None else str(v) for v in row] for row in rows])


def _write_jsonl(store: Store, out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for source in store.sources():
            record = {**source, "source_kind": source["kind"], "kind": "source"}
            handle.write(_json(record) + "\n")
        for node in store.iter_nodes(with_provenance=True):
            record = {
                "kind": "node",
                "id": node.id,
                "type": node.type,
                "name": node.name,
                "aliases": sorted(node.aliases),
                "attrs": node.attrs,
                "provenance": [p.to_dict() for p in node.provenance],
            }
            handle.write(_json(record) + "\n")
        for edge in store.iter_edges(with_provenance=True):
            record = {
                "kind": "edge",
                "id": edge.id,
                "type": edge.type,
                "source": edge.source,
                "target": edge.target,
                "program": edge.program,
                "start": edge.start,
                "end": edge.end,
                "figures": {k: f.to_dict() for k, f in edge.figures.items()},
                "attrs": edge.attrs,
                "provenance": [p.to_dict() for p in edge.provenance],
            }
            handle.write(_json(record) + "\n")


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
