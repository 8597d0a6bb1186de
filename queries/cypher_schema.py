"""The graph as Cypher sees it, one schema for the embedded engine and for Neo4j.

Both Cypher backends load the same rows built here, so a query means the same thing on
either:

- node labels are the 8 node types; every node has ``id`` (``Hospital:东莞市人民医院``),
  ``name``, ``aliases`` (a list, possibly empty), ``attrs`` (every attribute as a JSON
  string), ``provenance`` (a JSON string: a list of statements with source uri, title,
  sentence, line), ``provenance_count`` and ``sources`` (the distinct source uris), plus
  each scalar attribute flattened into a property of its own (``level``, ``adcode``,
  ``role``, ``label_en`` always exist; others when the data has them);
- relationship types are the 8 edge types; every relationship has ``id``, ``source`` and
  ``target`` (the ids of its ends), ``program``, ``start`` and ``end`` (years),
  ``figures`` (a JSON string of every reported figure with its approximation and unit),
  ``attrs`` (JSON string), the same three provenance properties, and each figure's value
  flattened into a numeric property named after it (``experts``, ``surgeries``, …);
- PAIRS_WITH is undirected in meaning but stored once, directed from its sorted-first
  end: match it without an arrow, ``(a)-[:PAIRS_WITH]-(b)``.

A flattened property's type is inferred from the data (all integers → integer, all
numbers → float, otherwise text), identically for both backends.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from aidgraph.graph.model import ENDPOINTS, Edge, EdgeType, Node, NodeType
from aidgraph.graph.store import Store

NODE_LABELS = tuple(str(t) for t in NodeType)
REL_TYPES = tuple(str(t) for t in EdgeType)

# Properties every node / relationship has, with their (ladybug) types.
NODE_BASE = {
    "id": "STRING",
    "name": "STRING",
    "aliases": "STRING[]",
    "attrs": "STRING",
    "provenance": "STRING",
    "provenance_count": "INT64",
    "sources": "STRING[]",
}
REL_BASE = {
    "id": "STRING",
    "source": "STRING",
    "target": "STRING",
    "program": "STRING",
    "start": "INT64",
    "end": "INT64",
    "figures": "STRING",
    "attrs": "STRING",
    "provenance": "STRING",
    "provenance_count": "INT64",
    "sources": "STRING[]",
}
# Flattened attributes and figures that exist even when no row has them, so that a
# query naming them is never a schema error on the embedded engine.
NODE_FLAT_DEFAULTS = {"level": "STRING", "adcode": "STRING", "role": "STRING", "label_en": "STRING"}
REL_FLAT_DEFAULTS = {
    "experts": "INT64",
    "medical_staff": "INT64",
    "patients": "INT64",
    "surgeries": "INT64",
    "trainings": "INT64",
    "trainees": "INT64",
    "new_techniques": "INT64",
}

_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


@dataclass
class CypherSchema:
    """Property names and types per element kind, and the label pairs of each rel type."""

    node_props: dict[str, str] = field(default_factory=dict)
    rel_props: dict[str, str] = field(default_factory=dict)
    rel_pairs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


@dataclass
class NodeRow:
    label: str
    props: dict[str, Any]


@dataclass
class RelRow:
    type: str
    source_label: str
    target_label: str
    props: dict[str, Any]


@dataclass
class CypherGraph:
    """The whole store as Cypher rows, with the schema they need."""

    schema: CypherSchema
    nodes: list[NodeRow]
    rels: list[RelRow]


def cypher_graph(store: Store) -> CypherGraph:
    """Read the store once: every node and edge as a row, and the schema for them.

    One pass, because reading a 500k-edge store (model objects, JSON) is the slow part;
    flattened values are collected raw and coerced once their column types are known.
    """
    uris = _source_uris(store)
    nodes: list[NodeRow] = []
    node_kinds: dict[str, set[str]] = {}
    for node in store.iter_nodes(with_provenance=True):
        flat = _flat_node_attrs(node)
        _note_kinds(node_kinds, flat)
        props = {
            "id": node.id,
            "name": node.name,
            "aliases": sorted(node.aliases),
            "attrs": _dumps(node.attrs),
            **_provenance_props(node.provenance, uris),
            **flat,
        }
        nodes.append(NodeRow(str(node.type), props))
    rels: list[RelRow] = []
    rel_kinds: dict[str, set[str]] = {}
    pairs: dict[str, set[tuple[str, str]]] = {t: set() for t in REL_TYPES}
    for edge in store.iter_edges(with_provenance=True):
        flat = _flat_figures(edge)
        _note_kinds(rel_kinds, flat)
        row = _rel_row(edge, uris, flat)
        pairs[row.type].add((row.source_label, row.target_label))
        rels.append(row)
    schema = CypherSchema(
        node_props={**NODE_BASE, **NODE_FLAT_DEFAULTS, **_types(node_kinds)},
        rel_props={**REL_BASE, **REL_FLAT_DEFAULTS, **_types(rel_kinds)},
        rel_pairs={t: sorted(found or [_placeholder_pair(t)]) for t, found in pairs.items()},
    )
    _coerce_rows([r.props for r in nodes], schema.node_props, node_kinds)
    _coerce_rows([r.props for r in rels], schema.rel_props, rel_kinds)
    return CypherGraph(schema, nodes, rels)


def _rel_row(edge: Edge, uris: dict[str, str | None], flat: dict[str, Any]) -> RelRow:
    props: dict[str, Any] = {
        "id": edge.id,
        "source": edge.source,
        "target": edge.target,
        "program": edge.program,
        "start": edge.start,
        "end": edge.end,
        "figures": _dumps({k: f.to_dict() for k, f in edge.figures.items()}),
        "attrs": _dumps(edge.attrs),
        **_provenance_props(edge.provenance, uris),
        **flat,
    }
    props = {k: v for k, v in props.items() if v is not None}
    return RelRow(str(edge.type), _label_of(edge.source), _label_of(edge.target), props)


def _note_kinds(kinds: dict[str, set[str]], flat: dict[str, Any]) -> None:
    for key, value in flat.items():
        kinds.setdefault(key, set()).add(_kind(value))


def _coerce_rows(rows: list[dict[str, Any]], props: dict[str, str], kinds: dict) -> None:
    for row in rows:
        for key in kinds.keys() & row.keys():
            row[key] = _coerce(row[key], props[key])


def _flat_node_attrs(node: Node) -> dict[str, Any]:
    return {
        key: value
        for key, value in node.attrs.items()
        if _flattenable(key, NODE_BASE) and isinstance(value, str | int | float | bool)
    }


def _flat_figures(edge: Edge) -> dict[str, float]:
    return {
        key: figure.value for key, figure in edge.figures.items() if _flattenable(key, REL_BASE)
    }


def _flattenable(key: str, base: dict[str, str]) -> bool:
    # A key that is not a plain identifier, or would shadow a base property, stays
    # only in the JSON string.
    return bool(_IDENTIFIER.match(key)) and key not in base


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "STRING"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return "INT64"
    if isinstance(value, float):
        return "DOUBLE"
    return "STRING"


def _types(kinds: dict[str, set[str]]) -> dict[str, str]:
    out = {}
    for key, found in sorted(kinds.items()):
        if found <= {"INT64"}:
            out[key] = "INT64"
        elif found <= {"INT64", "DOUBLE"}:
            out[key] = "DOUBLE"
        else:
            out[key] = "STRING"
    return out


def _coerce(value: Any, kind: str) -> Any:
    if kind == "INT64":
        return int(value)
    if kind == "DOUBLE":
        return float(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def _provenance_props(provenance: list[Any], uris: dict[str, str | None]) -> dict[str, Any]:
    statements = [{**p.to_dict(), "uri": uris.get(p.source_id)} for p in provenance]
    return {
        "provenance": _dumps(statements),
        "provenance_count": len(statements),
        "sources": sorted({s["uri"] or s["source_id"] for s in statements}),
    }


def _source_uris(store: Store) -> dict[str, str | None]:
    return {s["id"]: s["uri"] for s in store.sources()}


def _label_of(node_id: str) -> str:
    return node_id.split(":", 1)[0]


def _placeholder_pair(rel_type: str) -> tuple[str, str]:
    sources, targets = ENDPOINTS[rel_type]
    return (min(sources), min(targets))


def _dumps(value: Any) -> str:
    if not value:  # most attrs and figures are empty: skip the encoder
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
