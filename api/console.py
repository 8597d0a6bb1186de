"""The query console's engine: run Cypher or SPARQL into a table, and find a graph in it.

Both languages answer with a :class:`~aidgraph.queries.table.Table` here (SPARQL
through its standard JSON results), so the console shows, pages and downloads them one
way. When rows hold nodes and relationships (Cypher ``RETURN a, r, b``) the console
also draws them; :func:`graph_of_rows` picks them out by the shape the Cypher schema
gives them: nodes carry an ``id`` like ``Hospital:…``, relationships ``source`` and
``target``. Node IRIs in SPARQL results are mapped back to ids so they link to pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from aidgraph.api.errors import APIError
from aidgraph.api.labels import pinyin
from aidgraph.api.query_routes import cypher_table, sparql_answer
from aidgraph.api.service import GraphService
from aidgraph.graph.model import NodeType
from aidgraph.queries.table import Table

LANGUAGES = ("cypher", "sparql")

EXAMPLES = {
    "cypher": ("MATCH (a)-[r:SUPPORTS]->(b:Hospital)\nRETURN a, r, b\nLIMIT 25"),
    "sparql": (
        "PREFIX ag: <https://w3id.org/aidgraph/ontology#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?donor ?donorName ?recipient ?recipientName WHERE {\n"
        "  ?donor ag:supports ?recipient .\n"
        "  ?donor skos:prefLabel ?donorName .\n"
        "  ?recipient skos:prefLabel ?recipientName .\n"
        "} LIMIT 25"
    ),
}

NODE_IRI_PREFIX = "https://w3id.org/aidgraph/id/"
_TYPES = {t.value for t in NodeType}


@dataclass
class ConsoleResult:
    table: Table
    graph: dict[str, list[dict[str, Any]]] | None  # {"nodes", "edges"} when rows hold some

    @property
    def node_ids(self) -> set[str]:
        return {n["id"] for n in self.graph["nodes"]} if self.graph else set()


async def run(service: GraphService, lang: str, query: str, limit: int) -> ConsoleResult:
    if lang == "cypher":
        table = await cypher_table(service, query, {}, limit)
    elif lang == "sparql":
        table = await sparql_table(service, query, limit)
    else:
        raise APIError(400, f"unknown query language {lang!r}")
    return ConsoleResult(table, graph_of_rows(table))


async def sparql_table(service: GraphService, query: str, limit: int) -> Table:
    """SELECT/ASK results as a table; CONSTRUCT/DESCRIBE triples as subject, predicate, object."""
    try:
        body, _ = await sparql_answer(service, query, "application/sparql-results+json")
    except APIError as exc:
        if exc.status != 406:
            raise
        body, _ = await sparql_answer(service, query, "application/n-triples")
        return _triples_table(body.decode("utf-8"), limit)
    data = json.loads(body)
    if "boolean" in data:
        return Table(["boolean"], [[data["boolean"]]])
    columns = list(data.get("head", {}).get("vars", []))
    bindings = data.get("results", {}).get("bindings", [])
    rows = [[_term(b.get(c)) for c in columns] for b in bindings[:limit]]
    return Table(columns, rows, truncated=len(bindings) > limit)


def _term(term: dict[str, Any] | None) -> Any:
    if term is None:
        return None
    value = term.get("value")
    if term.get("type") == "uri":
        node = iri_to_id(value)
        return node if node else value
    return value


def iri_to_id(iri: str) -> str | None:
    """``https://w3id.org/aidgraph/id/Hospital/…`` → ``Hospital:…``; None for other IRIs."""
    if not iri.startswith(NODE_IRI_PREFIX):
        return None
    type_, _, name = iri[len(NODE_IRI_PREFIX) :].partition("/")
    return f"{type_}:{unquote(name)}" if type_ in _TYPES and name else None


def _triples_table(text: str, limit: int) -> Table:
    rows = []
    for line in text.splitlines():
        parts = line.rstrip(" .").split(" ", 2)
        if len(parts) == 3:
            rows.append([p.strip("<>") for p in parts])
    return Table(["subject", "predicate", "object"], rows[:limit], truncated=len(rows) > limit)


def is_node_id(value: Any) -> bool:
    return isinstance(value, str) and value.split(":", 1)[0] in _TYPES and ":" in value


def graph_of_rows(table: Table) -> dict[str, list[dict[str, Any]]] | None:
    """The nodes and relationships the rows hold, for drawing; None if there are no edges."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: dict[str, dict[str, Any]] = {}
    for row in table.rows:
        for cell in row:
            for item in cell if isinstance(cell, list) else [cell]:
                _collect(item, nodes, edges)
    if not edges:
        return None
    for edge in edges.values():
        for end in (edge["source"], edge["target"]):
            nodes.setdefault(end, _node(end))
    return {"nodes": list(nodes.values()), "edges": list(edges.values())}


def _collect(item: Any, nodes: dict[str, Any], edges: dict[str, Any]) -> None:
    if not isinstance(item, dict):
        return
    if is_node_id(item.get("source")) and is_node_id(item.get("target")):
        key = str(item.get("id") or f"{item['source']}->{item['target']}")
        edges[key] = {
            "id": key,
            "source": item["source"],
            "target": item["target"],
            "type": item.get("_type") or item.get("type") or "",
        }
    elif is_node_id(item.get("id")):
        node_id = item["id"]
        nodes[node_id] = _node(node_id, item.get("name"))


def _node(node_id: str, name: str | None = None) -> dict[str, Any]:
    type_, _, own = node_id.partition(":")
    name = name or own
    return {"id": node_id, "name": name, "type": type_, "py": pinyin(name)}
