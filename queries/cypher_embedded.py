"""The embedded Cypher engine: a ladybug database derived from the SQLite store.

ladybug (the maintained fork of the embedded Kùzu engine) runs Cypher in-process with no
server and no dependencies. It is an index, not a second source of truth: it is built
from the store by :func:`build_index` into ``<db>.index/`` under a name keyed by the
store's revision and sources, reused by later processes while the store is unchanged,
and rebuilt (then the old file removed) when it changes. User queries run on a
*read-only* database with a timeout.

Loading goes through CSV files and ``COPY … FROM (LOAD WITH HEADERS …)`` because that is
the engine's bulk path (100k nodes in well under a second); lists travel as
``\\x1f``-joined text split back by the engine, so names with commas, quotes or
brackets survive.

Dialect notes users meet (documented in the README): ladybug needs a property to exist
in the schema (see :mod:`aidgraph.queries.cypher_schema`); ``label(n)`` gives a node's
label as text (``type(r)`` is accepted and rewritten to ``label(r)``); a label test in
WHERE (``WHERE n:Hospital``) and list comprehensions are not supported; and a
fixed-length pattern may use the same relationship twice (Neo4j's would not), while
variable-length patterns are rewritten to Neo4j's no-repeated-relationship (trail)
semantics. :func:`rewrite_dialect` holds every such rewrite.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import ladybug

from aidgraph.graph.store import Store
from aidgraph.queries.cypher_guard import spans
from aidgraph.queries.cypher_schema import (
    NODE_LABELS,
    REL_TYPES,
    CypherGraph,
    CypherSchema,
    cypher_graph,
)
from aidgraph.queries.table import Table
from aidgraph.queries.workspace import Workspace

# Bump when the layout of the index changes, so old index files are rebuilt.
INDEX_FORMAT = 1
_LIST_SEP = "\x1f"
# ladybug reserves these words even after a dot; property names in the schema may use
# them (``r.end``), so the rewrite quotes them.
_RESERVED = (
    "end|order|case|when|then|else|in|all|any|union|with|where|not|and|or|xor|distinct|"
    "exists|starts|ends|null|true|false|asc|desc|group|primary|table|create|shortest|"
    "trail|acyclic|profile"
)
_REWRITES = [
    # Neo4j's type(r) is ladybug's label(r).
    (re.compile(r"(?<![.\w$])type(\s*\()", re.IGNORECASE), r"label\1"),
    # r.end → r.`end`; {end: 2020} → {`end`: 2020}
    (re.compile(rf"(?<!\.)\.(\s*)({_RESERVED})\b", re.IGNORECASE), r".\1`\2`"),
    (re.compile(rf"([{{,]\s*)({_RESERVED})(\s*:)", re.IGNORECASE), r"\1`\2`\3"),
    # RETURN r.end AS end → AS `end`
    (re.compile(rf"\b(AS\s+)({_RESERVED})\b", re.IGNORECASE), r"\1`\2`"),
    # -[r:T*1..2]- → -[r:T* TRAIL 1..2]-: Neo4j never reuses a relationship in a
    # variable-length pattern; ladybug's default walk would (its session setting for
    # this has no effect in 0.22, the per-pattern keyword does).
    (
        re.compile(
            r"(-\s*\[\s*(?:[A-Za-z_]\w*\s*)?(?::\s*[A-Za-z_]\w*(?:\s*\|\s*:?\s*[A-Za-z_]\w*)*\s*)?\*)"
            r"(?!\s*(?:TRAIL|ACYCLIC|WALK|SHORTEST|ALL|WSHORTEST)\b)",
            re.IGNORECASE,
        ),
        r"\1 TRAIL ",
    ),
]


class EmbeddedError(RuntimeError):
    """ladybug refused or failed a query; the message is the engine's, cleaned up."""


class EmbeddedIndex:
    """A read-only ladybug database over one revision of the store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = ladybug.Database(str(path), read_only=True)
        self._conn = ladybug.Connection(self._db)
        # One connection, and the timeout is set on it per query: the API serves
        # requests from threads, so queries on one index take turns.
        self._lock = threading.Lock()

    def close(self) -> None:
        self._conn.close()
        self._db.close()

    def run(self, query: str, params: dict[str, Any], *, timeout: float, limit: int) -> Table:
        """Run one (already guarded) query; at most ``limit`` rows, truncated if cut."""
        with self._lock:
            return self._run(query, params, timeout=timeout, limit=limit)

    def _run(self, query: str, params: dict[str, Any], *, timeout: float, limit: int) -> Table:
        self._conn.set_query_timeout(max(1, int(timeout * 1000)))
        try:
            result = self._conn.execute(rewrite_dialect(query), params)
        except RuntimeError as exc:
            raise EmbeddedError(_clean_message(str(exc), timeout)) from None
        if isinstance(result, list):  # several statements: the guard should have refused
            raise EmbeddedError("only one statement per query")
        try:
            columns = result.get_column_names()
            rows: list[list[Any]] = []
            while result.has_next() and len(rows) <= limit:
                rows.append([normalise(v) for v in result.get_next()])
        except RuntimeError as exc:
            raise EmbeddedError(_clean_message(str(exc), timeout)) from None
        finally:
            result.close()
        truncated = len(rows) > limit
        return Table(columns=columns, rows=rows[:limit], truncated=truncated)


def open_index(ws: Workspace) -> EmbeddedIndex:
    """The workspace's index for the current store revision, built if missing."""
    return ws.cached("cypher-ladybug", lambda: _open_or_build(ws))


def index_path(ws: Workspace) -> Path:
    """Where the index for the store's current content lives (it may not exist yet)."""
    return ws.index_dir / f"cypher-{_fingerprint(ws.store)}.lbdb"


def _open_or_build(ws: Workspace) -> EmbeddedIndex:
    path = index_path(ws)
    if not path.exists():
        ws.index_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        _remove(tmp)
        build_index(ws.store, tmp)
        os.replace(tmp, path)  # atomic: another process sees no file or a whole one
        _remove_stale(ws.index_dir, keep=path)
    return EmbeddedIndex(path)


def _fingerprint(store: Store) -> str:
    # The revision alone could repeat if a store file is deleted and re-created, so the
    # source hashes (which fix the content) are part of the key.
    key = [f"format={INDEX_FORMAT}", f"revision={store.revision()}"]
    key += sorted(s["id"] for s in store.sources())
    return hashlib.sha256("\n".join(key).encode()).hexdigest()[:16]


def build_index(store: Store, path: Path) -> CypherSchema:
    """Write a ladybug database at ``path`` holding every node and edge of ``store``."""
    graph = cypher_graph(store)
    schema = graph.schema
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    try:
        for statement in ddl(schema):
            conn.execute(statement)
        with tempfile.TemporaryDirectory(prefix="aidgraph-cypher-") as tmp:
            _copy_nodes(conn, graph, Path(tmp))
            _copy_rels(conn, graph, Path(tmp))
    finally:
        conn.close()
        db.close()
    return schema


def ddl(schema: CypherSchema) -> list[str]:
    """CREATE NODE/REL TABLE statements for ``schema``."""
    node_cols = ", ".join(f"{_quote(k)} {t}" for k, t in schema.node_props.items())
    statements = [
        f"CREATE NODE TABLE {label}({node_cols}, PRIMARY KEY (id))" for label in NODE_LABELS
    ]
    rel_cols = ", ".join(f"{_quote(k)} {t}" for k, t in schema.rel_props.items())
    for rel_type in REL_TYPES:
        pairs = ", ".join(f"FROM {a} TO {b}" for a, b in schema.rel_pairs[rel_type])
        statements.append(f"CREATE REL TABLE {rel_type}({pairs}, {rel_cols})")
    return statements


def _copy_nodes(conn: Any, graph: CypherGraph, tmp: Path) -> None:
    schema = graph.schema
    files = _CsvFiles(tmp, list(schema.node_props))
    for row in graph.nodes:
        files.write(row.label, row.props)
    for label, path in files.close():
        conn.execute(f"COPY {label} FROM ({_load(path, schema.node_props)})")


def _copy_rels(conn: Any, graph: CypherGraph, tmp: Path) -> None:
    schema = graph.schema
    columns = ["_from", "_to", *schema.rel_props]
    props = {"_from": "STRING", "_to": "STRING", **schema.rel_props}
    files = _CsvFiles(tmp, columns)
    for row in graph.rels:
        key = f"{row.type}__{row.source_label}__{row.target_label}"
        files.write(key, {"_from": row.props["source"], "_to": row.props["target"], **row.props})
    for key, path in files.close():
        rel_type, source, target = key.split("__")
        options = f"(from='{source}', to='{target}')"
        conn.execute(f"COPY {rel_type} FROM ({_load(path, props)}) {options}")


def _load(path: Path, props: dict[str, str]) -> str:
    """A LOAD subquery reading ``path`` with declared column types, lists split back."""
    headers = ", ".join(
        f"{_quote(k)} {'STRING' if t.endswith('[]') else t}" for k, t in props.items()
    )
    returns = ", ".join(
        f"list_filter(string_split(coalesce({_quote(k)}, ''), '{_LIST_SEP}'), x -> x <> '')"
        if t.endswith("[]")
        else _quote(k)
        for k, t in props.items()
    )
    # PARALLEL=false: a quoted field may span lines, which the parallel reader refuses.
    return (
        f"LOAD WITH HEADERS ({headers}) FROM '{path}' (HEADER=true, PARALLEL=false) "
        f"RETURN {returns}"
    )


class _CsvFiles:
    """One CSV file per key (a label, or a rel type and its end labels), opened lazily."""

    def __init__(self, folder: Path, columns: list[str]) -> None:
        self._folder = folder
        self._columns = columns
        self._open: dict[str, tuple[Any, Any]] = {}

    def write(self, key: str, props: dict[str, Any]) -> None:
        if key not in self._open:
            handle = (self._folder / f"{key}.csv").open("w", newline="", encoding="utf-8")
            writer = csv.writer(handle)
            writer.writerow(self._columns)
            self._open[key] = (handle, writer)
        self._open[key][1].writerow([_csv_value(props.get(c)) for c in self._columns])

    def close(self) -> Iterable[tuple[str, Path]]:
        for key, (handle, _) in self._open.items():
            handle.close()
            yield key, self._folder / f"{key}.csv"


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return _LIST_SEP.join(value)
    return value


def _quote(name: str) -> str:
    return f"`{name}`"


def rewrite_dialect(query: str) -> str:
    """Bring Neo4j-style Cypher to ladybug's dialect, touching code only (never strings).

    ``type(r)`` becomes ``label(r)``, reserved words used as property names are quoted,
    and variable-length patterns get trail semantics (no relationship twice).
    """
    out = []
    for span in spans(query):
        piece = query[span.start : span.end]
        if span.kind == "code":
            for pattern, replacement in _REWRITES:
                piece = pattern.sub(replacement, piece)
        out.append(piece)
    return "".join(out)


def normalise(value: Any) -> Any:
    """A ladybug value as plain data: nodes, relationships and paths become dicts.

    Node → ``{"_label": …, properties…}``; relationship → ``{"_type": …, properties…}``
    (``source``/``target`` are the ids of its ends); path → ``{"nodes": […],
    "relationships": […]}``; a variable-length relationship variable → a list of
    relationships. Null properties are left out, as Neo4j does.
    """
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if not isinstance(value, dict):
        return _scalar(value)
    if "_NODES" in value and "_RELS" in value:
        nodes = [normalise(n) for n in value["_NODES"]]
        rels = [normalise(r) for r in value["_RELS"]]
        # A path variable carries every node; a relationship variable only the inner ones.
        if len(nodes) == len(rels) + 1:
            return {"nodes": nodes, "relationships": rels}
        return rels
    if "_SRC" in value and "_LABEL" in value:
        return {"_type": value["_LABEL"], **_properties(value)}
    if "_ID" in value and "_LABEL" in value:
        return {"_label": value["_LABEL"], **_properties(value)}
    return {k: normalise(v) for k, v in value.items()}


def _scalar(value: Any) -> Any:
    # Big-integer sums come back as Decimal; JSON and Neo4j speak int and float.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, timedelta | UUID):
        return str(value)
    return value


def _properties(value: dict[str, Any]) -> dict[str, Any]:
    return {k: normalise(v) for k, v in value.items() if not k.startswith("_") and v is not None}


def _clean_message(message: str, timeout: float) -> str:
    if message.strip() == "Interrupted.":
        return f"the query ran longer than its {timeout:g} s timeout and was stopped"
    if "read-only" in message:
        return "queries are read-only"
    return message.strip()


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        if candidate.is_dir():
            shutil.rmtree(candidate)
        elif candidate.exists():
            candidate.unlink()


def _remove_stale(folder: Path, keep: Path) -> None:
    # Builds in progress (``*.tmp-PID``) belong to other processes and are left alone.
    for old in folder.glob("cypher-*.lbdb"):
        if old != keep:
            _remove(old)
