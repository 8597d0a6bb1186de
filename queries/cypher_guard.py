"""Read-only checks on user Cypher, done on the text before any engine sees it.

User queries come from researchers, the CLI and the HTTP API, so they may be mistakes
or attacks. The guard is the first of several walls (the embedded index is opened
read-only; Neo4j sessions are READ and their plan must be read-only), and the only one
that gives a clear message early.

It works on a *skeleton* of the query: comments become spaces, string literals become
``''`` and backtick-quoted names become a plain placeholder name, so neither ``/* */``
tricks nor a keyword inside a string can fool the word checks. On the skeleton it refuses:

- more than one statement (a ``;`` anywhere but at the very end);
- any clause that writes or reaches outside the graph (CREATE, MERGE, SET, DELETE,
  REMOVE, DROP, ALTER, COPY, LOAD, INSTALL, ATTACH, EXPORT, IMPORT, …);
- ``CALL`` of a procedure not on :data:`ALLOWED_PROCEDURES` (``CALL { … }``
  subqueries are allowed: their contents are checked like the rest).

A forbidden word used as a property (``r.set``), a label (``:Load``) or a map key
(``{copy: 1}``) is not a clause and is let through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORBIDDEN = frozenset(
    {
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "DETACH",
        "REMOVE",
        "DROP",
        "ALTER",
        "COPY",
        "LOAD",
        "INSTALL",
        "UNINSTALL",
        "ATTACH",
        "EXPORT",
        "IMPORT",
        "FOREACH",
        "USE",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "CHECKPOINT",
        "GRANT",
        "REVOKE",
        "DENY",
        "TERMINATE",
    }
)

# Read-only introspection procedures of ladybug and Neo4j, lower-cased.
ALLOWED_PROCEDURES = frozenset(
    {
        "show_tables",
        "table_info",
        "show_connection",
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
    }
)

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_PROCEDURE = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_.]*)")


class GuardError(ValueError):
    """The query is not a single read-only query; the message says why."""


@dataclass(frozen=True)
class Span:
    """A piece of the query text: ``code``, ``string``, ``comment`` or ``name`` (backticks)."""

    kind: str
    start: int
    end: int


def check_read_only(query: str) -> None:
    """Raise :class:`GuardError` unless ``query`` is one read-only statement."""
    text = skeleton(query)
    body = text.rstrip().removesuffix(";")
    if not body.strip():
        raise GuardError("the query is empty")
    if ";" in body:
        raise GuardError("only one statement per query: remove the ';' between statements")
    for match in _WORD.finditer(body):
        word = match.group().upper()
        if word == "CALL":
            _check_call(body, match.end())
        elif word in FORBIDDEN and not _is_name(body, match.start(), match.end()):
            raise GuardError(
                f"{word} is not allowed: queries are read-only "
                "(MATCH, OPTIONAL MATCH, WITH, UNWIND, WHERE, RETURN, ORDER BY, SKIP, LIMIT)"
            )


def skeleton(query: str) -> str:
    """The query with comments blanked, strings emptied and quoted names replaced."""
    out = []
    for span in spans(query):
        piece = query[span.start : span.end]
        if span.kind == "code":
            out.append(piece)
        elif span.kind == "string":
            out.append("''")
        elif span.kind == "name":
            out.append("quoted_name")
        else:
            out.append(" ")
    return "".join(out)


def spans(query: str) -> list[Span]:
    """Split ``query`` into code, string, comment and quoted-name spans."""
    result: list[Span] = []
    i = code_start = 0
    while i < len(query):
        end, kind = _literal_at(query, i)
        if kind is None:
            i += 1
            continue
        if code_start < i:
            result.append(Span("code", code_start, i))
        result.append(Span(kind, i, end))
        i = code_start = end
    if code_start < len(query):
        result.append(Span("code", code_start, len(query)))
    return result


def _literal_at(query: str, i: int) -> tuple[int, str | None]:
    """Where a comment, string or quoted name starting at ``i`` ends, and its kind."""
    two = query[i : i + 2]
    if two == "//":
        end = query.find("\n", i)
        return (len(query) if end < 0 else end), "comment"
    if two == "/*":
        end = query.find("*/", i + 2)
        if end < 0:
            raise GuardError("unterminated /* comment")
        return end + 2, "comment"
    char = query[i]
    if char in "'\"":
        return _string_end(query, i, char), "string"
    if char == "`":
        end = query.find("`", i + 1)
        while end >= 0 and query[end + 1 : end + 2] == "`":  # `` escapes a backtick
            end = query.find("`", end + 2)
        if end < 0:
            raise GuardError("unterminated `quoted name`")
        return end + 1, "name"
    return i, None


def _string_end(query: str, i: int, quote: str) -> int:
    j = i + 1
    while j < len(query):
        if query[j] == "\\":
            j += 2
            continue
        if query[j] == quote:
            return j + 1
        j += 1
    raise GuardError("unterminated string literal")


def _is_name(text: str, start: int, end: int) -> bool:
    """Whether the word at start:end is a property, label or map key, not a clause."""
    before = text[:start].rstrip()
    after = text[end:].lstrip()
    if before.endswith((".", ":")) or before.endswith("$"):
        return True
    return after.startswith(":") and before.endswith(("{", ","))


def _check_call(text: str, end: int) -> None:
    rest = text[end:].lstrip()
    if rest.startswith(("{", "(")):
        return  # a subquery; its body is checked with the rest
    match = _PROCEDURE.match(text, end)
    name = match.group(1).lower() if match else ""
    if name not in ALLOWED_PROCEDURES:
        allowed = ", ".join(sorted(ALLOWED_PROCEDURES))
        raise GuardError(f"CALL {name or '…'} is not allowed; read-only procedures: {allowed}")
