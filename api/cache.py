"""Rendered answers of read-only lookups, kept per graph revision.

Readers come back to the same entities (a report links the same hospitals; a person
pages back and forth), and on a national-scale graph an entity with its relations and
provenance is tens of kilobytes of JSON to build. The answer to a GET depends only on
its URL and on the graph, so the rendered bytes are kept under the URL, bounded in
count and bytes, least recently used first out, and dropped when a new revision
replaces the graph. The revision is also each answer's ETag, so clients and proxies
can revalidate with ``If-None-Match`` and get a 304.
"""

from __future__ import annotations

from collections import OrderedDict

import networkx as nx


class ResponseCache:
    def __init__(self, max_entries: int = 4096, max_bytes: int = 64 * 2**20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._graph: nx.MultiDiGraph | None = None

    def _follow(self, graph: nx.MultiDiGraph) -> None:
        if graph is not self._graph:
            self._entries.clear()
            self._bytes = 0
            self._graph = graph

    def get(self, graph: nx.MultiDiGraph, key: str) -> bytes | None:
        self._follow(graph)
        body = self._entries.get(key)
        if body is not None:
            self._entries.move_to_end(key)
        return body

    def put(self, graph: nx.MultiDiGraph, key: str, body: bytes) -> None:
        self._follow(graph)
        if len(body) > self.max_bytes // 16:
            return  # one huge hub must not flush everything else
        old = self._entries.pop(key, None)
        self._bytes -= len(old) if old is not None else 0
        self._entries[key] = body
        self._bytes += len(body)
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)


def etag(graph: nx.MultiDiGraph) -> str:
    """The ETag of every answer computed from ``graph``: its store revision."""
    return f'"r{graph.graph.get("revision", 0)}"'
