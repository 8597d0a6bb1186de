"""The embedded store: one SQLite file holding sources, nodes, edges and provenance.

SQLite is the default because it needs no server, is in the standard library and is
transactional: :meth:`Store.land` writes a batch of extractions inside one transaction,
so a bad file, an exception or a killed process leaves the store exactly as it was
(SQLite's rollback journal undoes a half-written transaction on the next open).

The store is the one source of truth. Everything else (the networkx graph, the Cypher
and SPARQL indexes) is derived from it and keyed by :meth:`Store.revision`, which
changes whenever a transaction lands.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aidgraph.graph.model import (
    Edge,
    EdgeType,
    Extraction,
    Figure,
    Node,
    NodeType,
    Provenance,
    Source,
    SourceKind,
)

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    uri TEXT NOT NULL,
    title TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    attrs TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS nodes_type ON nodes(type);
CREATE TABLE IF NOT EXISTS aliases (
    node_id TEXT NOT NULL REFERENCES nodes(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (node_id, alias)
);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias);
CREATE TABLE IF NOT EXISTS edges (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES nodes(id),
    target TEXT NOT NULL REFERENCES nodes(id),
    program TEXT,
    start INTEGER,
    "end" INTEGER,
    figures TEXT NOT NULL DEFAULT '{}',
    attrs TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS edges_source ON edges(source);
CREATE INDEX IF NOT EXISTS edges_target ON edges(target);
CREATE TABLE IF NOT EXISTS provenance (
    subject TEXT NOT NULL,
    source_id TEXT NOT NULL REFERENCES sources(id),
    extractor TEXT NOT NULL,
    sentence TEXT,
    start INTEGER,
    "end" INTEGER,
    line INTEGER
);
-- On expressions because a UNIQUE constraint treats NULLs as distinct, and record
-- statements have no sentence or offsets: without coalesce they would repeat.
CREATE UNIQUE INDEX IF NOT EXISTS provenance_statement ON provenance(
    subject, source_id, extractor, coalesce(sentence, ''), coalesce(start, -1),
    coalesce("end", -1), coalesce(line, -1)
);
CREATE INDEX IF NOT EXISTS provenance_subject ON provenance(subject);
"""


class StoreError(Exception):
    """The store file is unusable: not a database, or from a newer aidgraph."""


@dataclass
class LandReport:
    """What an ingest changed: counts of new and merged nodes and edges, skipped sources."""

    sources_added: list[str] = field(default_factory=list)
    sources_skipped: list[str] = field(default_factory=list)
    nodes_added: int = 0
    nodes_merged: int = 0
    edges_added: int = 0
    edges_merged: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class Store:
    """A SQLite-backed aid graph. Open it, :meth:`land` extractions, read nodes and edges."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._init_schema()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not an aidgraph store ({exc})") from exc

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------

    def _init_schema(self) -> None:
        row = self._db.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone()
        if row:
            version = int(self._meta("schema_version") or 0)
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store schema {version} is newer than this aidgraph "
                    f"supports ({SCHEMA_VERSION}); upgrade aidgraph"
                )
            return
        with self._transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            self._set_meta("schema_version", str(SCHEMA_VERSION))
            self._set_meta("revision", "0")

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    @property
    def schema_version(self) -> int:
        return int(self._meta("schema_version") or 0)

    def revision(self) -> int:
        """A counter that grows with every landed change; derived indexes key on it."""
        return int(self._meta("revision") or 0)

    # -- writing --------------------------------------------------------------------

    def has_source(self, sha256: str) -> bool:
        return (
            self._db.execute("SELECT 1 FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
            is not None
        )

    def land(self, extractions: Iterable[Extraction]) -> LandReport:
        """Write extractions in one transaction: all of them land, or none does.

        A source already in the store (same content hash) is skipped, which makes
        re-ingesting a file a no-op.
        """
        report = LandReport()
        with self._transaction():
            for extraction in extractions:
                self._land_one(extraction, report)
            if report.sources_added:
                self._set_meta("revision", str(self.revision() + 1))
        return report

    def _land_one(self, extraction: Extraction, report: LandReport) -> None:
        source = extraction.source
        if self.has_source(source.sha256):
            report.sources_skipped.append(source.uri)
            return
        self._db.execute(
            "INSERT INTO sources(id, sha256, kind, uri, title, ingested_at) VALUES (?,?,?,?,?,?)",
            (
                source.id,
                source.sha256,
                str(source.kind),
                source.uri,
                source.title,
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        report.sources_added.append(source.uri)
        extraction = self._resolve_against_store(extraction)
        merged_nodes = self._write_nodes(list(extraction.nodes.values()))
        merged_edges = self._write_edges(list(extraction.edges.values()))
        report.nodes_merged += merged_nodes
        report.nodes_added += len(extraction.nodes) - merged_nodes
        report.edges_merged += merged_edges
        report.edges_added += len(extraction.edges) - merged_edges

    def _select_in(self, sql: str, keys: Iterable[str]) -> Iterator[tuple[Any, ...]]:
        """Rows of ``sql`` for ``keys`` bound to its ``IN ({marks})`` (each occurrence),
        asked in chunks that stay under SQLite's limit on bound parameters."""
        keys = list(keys)
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            query = sql.format(marks=",".join("?" * len(chunk)))
            yield from self._db.execute(query, chunk * sql.count("{marks}"))

    def _existing(self, table: str, column: str, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` are present in ``table.column``."""
        sql = f"SELECT {column} FROM {table} WHERE {column} IN ({{marks}})"
        return {row[0] for row in self._select_in(sql, keys)}

    def _ids_by_surface(self, surfaces: set[str]) -> dict[str, set[str]]:
        """Node ids whose canonical name or alias is each surface form."""
        sql = (
            "SELECT name, id FROM nodes WHERE name IN ({marks}) "
            "UNION SELECT alias, node_id FROM aliases WHERE alias IN ({marks})"
        )
        out: dict[str, set[str]] = {}
        for surface, node_id in self._select_in(sql, surfaces):
            out.setdefault(surface, set()).add(node_id)
        return out

    def _resolve_against_store(self, extraction: Extraction) -> Extraction:
        """Map nodes that the store already knows under another name onto that node.

        A new node whose canonical name or alias is, unambiguously, the name or alias of
        one stored node of the same type is that node (中日医院 in one article,
        中日友好医院 in another). Its name becomes an alias and its edges are re-aimed.
        """
        known = self._existing("nodes", "id", extraction.nodes)
        new = [n for n in extraction.nodes.values() if n.id not in known]
        by_surface = self._ids_by_surface({s for n in new for s in (n.name, *n.aliases)})
        renamed: dict[str, str] = {}
        for node in new:
            prefix = f"{node.type}:"
            matches = {
                found
                for surface in (node.name, *node.aliases)
                for found in by_surface.get(surface, ())
                if found.startswith(prefix)
            }
            if len(matches) == 1:
                renamed[node.id] = matches.pop()
        if not renamed:
            return extraction
        resolved = Extraction(extraction.source)
        for node in extraction.nodes.values():
            target = renamed.get(node.id)
            if target is not None:
                name = target.split(":", 1)[1]
                node = Node(
                    node.type, name, node.aliases | {node.name}, node.attrs, node.provenance
                )
            resolved.add_node(node)
        for edge in extraction.edges.values():
            source = renamed.get(edge.source, edge.source)
            target = renamed.get(edge.target, edge.target)
            if source == target:
                continue
            resolved.add_edge(
                Edge(edge.type, source, target, edge.program, edge.start, edge.end,
                     dict(edge.figures), dict(edge.attrs), list(edge.provenance))
            )  # fmt: skip
        return resolved

    def _write_nodes(self, nodes: list[Node]) -> int:
        """Insert new nodes in bulk and merge known ones; returns how many merged."""
        known = self._existing("nodes", "id", (n.id for n in nodes))
        fresh = [n for n in nodes if n.id not in known]
        self._db.executemany(
            "INSERT INTO nodes(id, type, name, attrs) VALUES (?,?,?,?)",
            [(n.id, str(n.type), n.name, _dumps(n.attrs)) for n in fresh],
        )
        for node in nodes:
            if node.id in known:
                stored = self.get_node(node.id)
                assert stored is not None
                stored.merge(node)
                self._db.execute(
                    "UPDATE nodes SET attrs = ? WHERE id = ?", (_dumps(stored.attrs), node.id)
                )
        self._db.executemany(
            "INSERT OR IGNORE INTO aliases(node_id, alias) VALUES (?, ?)",
            [(n.id, alias) for n in nodes for alias in sorted(n.aliases)],
        )
        self._add_provenance((n.id, n.provenance) for n in nodes)
        return len(known)

    def _write_edges(self, edges: list[Edge]) -> int:
        """Insert new edges in bulk and merge known ones; returns how many merged."""
        known = self._existing("edges", "id", (e.id for e in edges))
        rows = []
        for edge in edges:
            if edge.id in known:
                stored = self.get_edge(edge.id, with_provenance=False)
                assert stored is not None
                stored.merge(edge)
                edge = stored
            rows.append(
                (edge.id, str(edge.type), edge.source, edge.target, edge.program, edge.start,
                 edge.end, _dumps({k: f.to_dict() for k, f in edge.figures.items()}),
                 _dumps(edge.attrs))
            )  # fmt: skip
        self._db.executemany(
            'INSERT INTO edges(id, type, source, target, program, start, "end", figures, attrs) '
            "VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET "
            'start = excluded.start, "end" = excluded."end", '
            "figures = excluded.figures, attrs = excluded.attrs",
            rows,
        )
        self._add_provenance((e.id, e.provenance) for e in edges)
        return len(known)

    def _add_provenance(self, subjects: Iterable[tuple[str, list[Provenance]]]) -> None:
        self._db.executemany(
            "INSERT OR IGNORE INTO provenance"
            '(subject, source_id, extractor, sentence, start, "end", line) '
            "VALUES (?,?,?,?,?,?,?)",
            [
                (subject, p.source_id, p.extractor, p.sentence, p.start, p.end, p.line)
                for subject, provenance in subjects
                for p in provenance
            ],
        )

    # -- reading --------------------------------------------------------------------

    def get_node(self, node_id: str) -> Node | None:
        row = self._db.execute(
            "SELECT type, name, attrs FROM nodes WHERE id = ?", (node_id,)
        ).fetchone()
        if row is None:
            return None
        return Node(
            type=NodeType(row[0]),
            name=row[1],
            aliases=self._aliases(node_id),
            attrs=json.loads(row[2]),
            provenance=self.provenance(node_id),
        )

    def get_edge(self, edge_id: str, *, with_provenance: bool = True) -> Edge | None:
        row = self._db.execute(
            f"SELECT {_EDGE_COLUMNS} FROM edges WHERE id = ?", (edge_id,)
        ).fetchone()
        if row is None:
            return None
        return _edge_from_row(row, self.provenance(edge_id) if with_provenance else [])

    def _aliases(self, node_id: str) -> set[str]:
        rows = self._db.execute("SELECT alias FROM aliases WHERE node_id = ?", (node_id,))
        return {alias for (alias,) in rows}

    def provenance(self, subject: str) -> list[Provenance]:
        """The statements behind a node or edge id, in the order they landed."""
        rows = self._db.execute(
            'SELECT source_id, extractor, sentence, start, "end", line FROM provenance '
            "WHERE subject = ? ORDER BY rowid",
            (subject,),
        )
        return [Provenance(*row) for row in rows]

    def iter_nodes(self, *, with_provenance: bool = False) -> Iterator[Node]:
        """Every node with its aliases (and, if asked, provenance), ordered by id."""
        aliases: dict[str, set[str]] = {}
        for node_id, alias in self._db.execute("SELECT node_id, alias FROM aliases"):
            aliases.setdefault(node_id, set()).add(alias)
        provenance = self._all_provenance() if with_provenance else {}
        rows = self._db.execute("SELECT id, type, name, attrs FROM nodes ORDER BY id")
        for node_id, node_type, name, attrs in rows:
            yield Node(
                type=NodeType(node_type),
                name=name,
                aliases=aliases.get(node_id, set()),
                attrs=json.loads(attrs),
                provenance=provenance.get(node_id, []),
            )

    def iter_edges(self, *, with_provenance: bool = False) -> Iterator[Edge]:
        """Every edge (and, if asked, its provenance), ordered by id."""
        provenance = self._all_provenance() if with_provenance else {}
        for row in self._db.execute(f"SELECT {_EDGE_COLUMNS} FROM edges ORDER BY id"):
            yield _edge_from_row(row, provenance.get(row[0], []))

    def _all_provenance(self) -> dict[str, list[Provenance]]:
        out: dict[str, list[Provenance]] = {}
        rows = self._db.execute(
            'SELECT subject, source_id, extractor, sentence, start, "end", line '
            "FROM provenance ORDER BY rowid"
        )
        for subject, *rest in rows:
            out.setdefault(subject, []).append(Provenance(*rest))
        return out

    # Raw rows for bulk readers (the networkx view of a large graph): plain tuples,
    # JSON decoded only where it is not empty, no model objects per row.

    def node_rows(self) -> Iterator[tuple[str, str, str, list[str], dict[str, Any]]]:
        """(id, type, name, sorted aliases, attrs) for every node, in storage order."""
        aliases: dict[str, list[str]] = {}
        for node_id, alias in self._db.execute("SELECT node_id, alias FROM aliases ORDER BY alias"):
            aliases.setdefault(node_id, []).append(alias)
        for node_id, node_type, name, attrs in self._db.execute(
            "SELECT id, type, name, attrs FROM nodes"
        ):
            yield node_id, node_type, name, aliases.get(node_id, []), _loads(attrs)

    def edge_rows(self) -> Iterator[tuple[Any, ...]]:
        """(id, type, source, target, program, start, end, figures, attrs), storage order."""
        for row in self._db.execute(f"SELECT {_EDGE_COLUMNS} FROM edges"):
            yield (*row[:7], _loads(row[7]), _loads(row[8]))

    def provenance_rows(self) -> Iterator[tuple[Any, ...]]:
        """(subject, source_id, extractor, sentence, start, end, line) in landing order."""
        yield from self._db.execute(
            'SELECT subject, source_id, extractor, sentence, start, "end", line '
            "FROM provenance ORDER BY rowid"
        )

    def sources(self) -> list[dict[str, Any]]:
        rows = self._db.execute(
            "SELECT id, sha256, kind, uri, title, ingested_at FROM sources ORDER BY ingested_at, id"
        )
        keys = ("id", "sha256", "kind", "uri", "title", "ingested_at")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def get_source(self, source_id: str) -> Source | None:
        row = self._db.execute(
            "SELECT sha256, kind, uri, title FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        return Source(row[0], SourceKind(row[1]), row[2], row[3]) if row else None

    def find_nodes(self, name: str, node_type: NodeType | str | None = None) -> list[str]:
        """Ids of nodes whose canonical name or an alias is exactly ``name``."""
        query = (
            "SELECT id FROM nodes WHERE name = ?1 "
            "UNION SELECT node_id FROM aliases WHERE alias = ?1"
        )
        ids = sorted(row[0] for row in self._db.execute(query, (name,)))
        if node_type is not None:
            prefix = f"{NodeType(node_type)}:"
            ids = [i for i in ids if i.startswith(prefix)]
        return ids

    def counts(self) -> dict[str, dict[str, int]]:
        """Node counts by type and edge counts by type: the shape of ``aidgraph stats --json``."""
        nodes = dict(
            self._db.execute("SELECT type, count(*) FROM nodes GROUP BY type ORDER BY type")
        )
        edges = dict(
            self._db.execute("SELECT type, count(*) FROM edges GROUP BY type ORDER BY type")
        )
        return {"nodes": nodes, "edges": edges}


_EDGE_COLUMNS = 'id, type, source, target, program, start, "end", figures, attrs'


def _edge_from_row(row: tuple[Any, ...], provenance: list[Provenance]) -> Edge:
    _, edge_type, source, target, program, start, end, figures, attrs = row
    return Edge(
        type=EdgeType(edge_type),
        source=source,
        target=target,
        program=program,
        start=start,
        end=end,
        figures={k: Figure.from_dict(v) for k, v in json.loads(figures).items()},
        attrs=json.loads(attrs),
        provenance=provenance,
    )


def _loads(text: str) -> Any:
    return {} if text == "{}" else json.loads(text)


def _dumps(value: Any) -> str:
    if not value:
        return "{}"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, or ``ROLLBACK`` on any exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
