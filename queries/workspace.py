"""A workspace: an opened store plus the views derived from it, rebuilt when it changes.

The SQLite store is the one source of truth. The networkx graph, the Cypher index and
the RDF store are derived views; each is cached against :meth:`Store.revision` and
rebuilt on first use after an ingest. On-disk indexes live beside the database in
``<db>.index/`` so deleting that folder is always safe.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import networkx as nx

from aidgraph.graph.nxgraph import to_networkx
from aidgraph.graph.store import Store


class Workspace:
    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self.store = Store(self.db_path)
        self._cache: dict[str, tuple[int, Any]] = {}

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def index_dir(self) -> Path:
        return self.db_path.with_name(self.db_path.name + ".index")

    def cached(self, key: str, build: Any) -> Any:
        """``build()`` once per store revision, under ``key``."""
        revision = self.store.revision()
        hit = self._cache.get(key)
        if hit is None or hit[0] != revision:
            hit = (revision, build())
            self._cache[key] = hit
        return hit[1]

    def graph(self) -> nx.MultiDiGraph:
        """The whole store as a networkx MultiDiGraph (see aidgraph.graph.nxgraph)."""
        return self.cached("networkx", self._build_graph)

    def _build_graph(self) -> nx.MultiDiGraph:
        graph = to_networkx(self.store)
        # A large graph is long-lived: moving it out of the collector's generations
        # spares every later collection a walk over millions of objects (seconds on
        # 500k edges), which would otherwise show up as random slow requests.
        gc.collect()
        gc.freeze()
        return graph
