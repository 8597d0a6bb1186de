"""JSON Schemas of the API's answers, for /openapi.json and so for its readers and testers.

The answers are the plain dicts of :mod:`aidgraph.queries.entities` and
:class:`~aidgraph.queries.table.Table`; these schemas describe those shapes (see the
entities module docstring) so that the docs show them and Schemathesis checks every
generated response against them.
"""

from __future__ import annotations

from typing import Any

_STR = {"type": "string"}
_INT = {"type": "integer"}
_YEAR = {"type": ["integer", "null"]}
_NULLABLE_STR = {"type": ["string", "null"]}


def _object(required: dict[str, Any], **optional: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {**required, **optional},
        "required": list(required),
    }


NODE = _object({"id": _STR, "type": _STR, "name": _STR})

PROVENANCE = _object(
    {"source_id": _STR},
    uri=_NULLABLE_STR,
    title=_NULLABLE_STR,
    sentence=_NULLABLE_STR,
    line=_YEAR,
    start=_YEAR,
    end=_YEAR,
    extractor=_STR,
)

RELATION = _object(
    {
        "edge": _STR,
        "type": _STR,
        "direction": {"type": "string", "enum": ["out", "in", "both"]},
        "other": NODE,
        "provenance": {"type": "array", "items": PROVENANCE},
    },
    program=_NULLABLE_STR,
    start=_YEAR,
    end=_YEAR,
    figures={"type": "object"},
    attrs={"type": "object"},
)

ENTITY = _object(
    {
        "id": _STR,
        "type": _STR,
        "name": _STR,
        "aliases": {"type": "array", "items": _STR},
        "attrs": {"type": "object"},
        "degree": _INT,
        "relations": {"type": "array", "items": RELATION},
        "label_pinyin": _STR,
    }
)

SEARCH = _object(
    {
        "query": _STR,
        "total": _INT,
        "offset": _INT,
        "limit": _INT,
        "results": {
            "type": "array",
            "items": _object(
                {
                    "id": _STR,
                    "type": _STR,
                    "name": _STR,
                    "aliases": {"type": "array", "items": _STR},
                    "match": {"type": "string", "enum": ["name", "alias", "prefix", "substring"]},
                    "degree": _INT,
                }
            ),
        },
    }
)

EDGE = _object(
    {"id": _STR, "type": _STR, "source": _STR, "target": _STR, "directed": {"type": "boolean"}},
    program=_NULLABLE_STR,
    start=_YEAR,
    end=_YEAR,
)

NEIGHBORS = _object(
    {
        "center": _STR,
        "depth": _INT,
        "nodes": {
            "type": "array",
            "items": {**NODE, "properties": {**NODE["properties"], "depth": _INT}},
        },
        "edges": {"type": "array", "items": EDGE},
        "truncated": {"type": "boolean"},
    }
)

PATHS = _object(
    {
        "from": _STR,
        "to": _STR,
        "max_len": _INT,
        "paths": {
            "type": "array",
            "items": _object(
                {
                    "nodes": {"type": "array", "items": NODE},
                    "edges": {"type": "array", "items": EDGE},
                }
            ),
        },
        "truncated": {"type": "boolean"},
    }
)

TABLE = _object(
    {
        "columns": {"type": "array", "items": _STR},
        "rows": {"type": "array", "items": {"type": "array"}},
        "truncated": {"type": "boolean"},
    }
)


def ok(schema: dict[str, Any], description: str = "Success") -> dict[int | str, Any]:
    """A ``responses=`` entry for a 200 JSON answer of ``schema``."""
    return {200: {"description": description, "content": {"application/json": {"schema": schema}}}}
