"""One thread that owns the workspace: every graph, query and ingest call runs on it.

The store's SQLite connection belongs to the thread that opened it, and the derived
views (networkx graph, Cypher and RDF indexes) are cached per store revision inside the
workspace. Running every call on one dedicated thread keeps both facts true without
locks: the connection is only ever touched by its own thread, a cached graph is built
once and shared by every request, and an ingest cannot interleave with a read. The
event loop stays free meanwhile, so slow clients never hold the graph thread.

Calls are short (a dict lookup in the cached graph) except Cypher and SPARQL, which
their own modules bound with a timeout.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from aidgraph.queries.workspace import Workspace

T = TypeVar("T")


class GraphService:
    """Runs ``fn(workspace, ...)`` on the graph thread and awaits the answer."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = Path(db_path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aidgraph-graph")
        self._workspace: Workspace | None = None

    def _ws(self) -> Workspace:
        # Opened lazily, on the graph thread, so the connection belongs to it.
        if self._workspace is None:
            self._workspace = Workspace(self.db_path)
        return self._workspace

    def _call(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        return fn(self._ws(), *args, **kwargs)

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(self._call, fn, args, kwargs))

    def run_sync(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The same, from code that is not in the event loop (startup, tests)."""
        return self._executor.submit(self._call, fn, args, kwargs).result()

    def warm(self) -> None:
        """Build the cached graph in the background so the first request doesn't wait."""
        self._executor.submit(self._call, lambda ws: ws.graph(), (), {})

    def close(self) -> None:
        if self._workspace is not None:
            self._executor.submit(self._workspace.close).result()
            self._workspace = None
        self._executor.shutdown(wait=True)
