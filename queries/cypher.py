"""Read-only Cypher over the aid graph, embedded by default or on a Neo4j server.

:func:`run_cypher` is the one entry point the CLI and the API call. By default it runs
on the embedded ladybug index (:mod:`aidgraph.queries.cypher_embedded`), which needs no
server; given a :class:`Neo4jTarget` it runs on that server instead
(:mod:`aidgraph.queries.neo4j_backend`, after ``aidgraph push --neo4j``). Both see the
same schema (:mod:`aidgraph.queries.cypher_schema`) and both answer with a
:class:`~aidgraph.queries.table.Table` whose values are plain data:

- a node is ``{"_label": "Hospital", "id": …, "name": …, …}``;
- a relationship is ``{"_type": "SUPPORTS", "id": …, "source": …, "target": …, …}``;
- a path is ``{"nodes": [...], "relationships": [...]}``;
- null properties are left out.

Every query passes the read-only guard (:mod:`aidgraph.queries.cypher_guard`) first, then
the backend's own walls. ``limit`` caps the rows returned (``Table.truncated`` says it
cut some) and ``timeout`` stops a query that runs too long. Anything wrong with the
query or the server is a :class:`CypherError` whose message is meant for the user.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from aidgraph.queries.cypher_guard import GuardError, check_read_only
from aidgraph.queries.table import Table
from aidgraph.queries.workspace import Workspace

DEFAULT_TIMEOUT = 10.0
DEFAULT_LIMIT = 1000


class CypherError(Exception):
    """A query was refused or failed; ``str(error)`` is a message for the user."""


@dataclass(frozen=True)
class Neo4jTarget:
    """Where a Neo4j server is and how to log in (``password=None``: auth disabled)."""

    uri: str
    user: str = "neo4j"
    password: str | None = None
    database: str | None = None


def run_cypher(
    ws: Workspace,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    limit: int = DEFAULT_LIMIT,
    neo4j: Neo4jTarget | None = None,
) -> Table:
    """Run one read-only Cypher query and return its rows (at most ``limit``)."""
    if timeout <= 0:
        raise CypherError("timeout must be a positive number of seconds")
    if limit < 0:
        raise CypherError("limit must be zero or more rows")
    try:
        check_read_only(query)
    except GuardError as exc:
        raise CypherError(f"query refused: {exc}") from None
    params = dict(params or {})
    if neo4j is not None:
        from aidgraph.queries.neo4j_backend import Neo4jBackendError, run_on_neo4j

        try:
            return run_on_neo4j(neo4j, query, params, timeout=timeout, limit=limit)
        except Neo4jBackendError as exc:
            raise CypherError(str(exc)) from None
    return _run_embedded(ws, query, params, timeout=timeout, limit=limit)


def _run_embedded(
    ws: Workspace, query: str, params: dict[str, Any], *, timeout: float, limit: int
) -> Table:
    try:
        from aidgraph.queries.cypher_embedded import EmbeddedError, open_index
    except ImportError:
        raise CypherError(
            "the embedded Cypher engine needs ladybug: pip install 'aidgraph[cypher]'"
        ) from None
    try:
        return open_index(ws).run(query, params, timeout=timeout, limit=limit)
    except EmbeddedError as exc:
        raise CypherError(str(exc)) from None


def parse_params(pairs: Iterable[str]) -> dict[str, Any]:
    """``--param k=v`` options as a parameter map; a value is JSON if it parses, else text.

    ``year=2018`` → 2018, ``names=["拉萨市","日喀则市"]`` → a list, ``city=拉萨市`` → text.
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not name.isidentifier():
            raise CypherError(f"--param {pair!r}: expected NAME=VALUE")
        try:
            params[name] = json.loads(raw)
        except ValueError:
            params[name] = raw
    return params
