"""One thread that owns the workspace: every graph, query and ingest call runs on it.

The store's SQLite connection belongs to the thread that opened it, and the derived
views (networkx graph, Cypher and RDF indexes) are cached per store revision inside the
workspace. Running every call on one dedicated thread keeps both facts true without
locks: the connection is only ever touched by its own thread, a cached graph is built
once and shared by every request, and an ingest cannot interleave with a read. The
event loop stays free meanwhile, so slow clients never hold the graph thread.

Lookups that only read the cached networkx graph (entity, neighbours, search, paths)
skip the thread hop: :meth:`GraphService.graph` hands the graph to the event loop, and
checks the store's revision (one small SQLite read on the graph thread) in the background
at most every ``recheck_seconds``, and at once after an ingest through this service. A
graph object is never mutated once built (a new revision builds a new one), so reading
it from another thread is safe. Cypher, SPARQL, export and ingest run on the graph thread,
bounded by their own timeouts.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from aidgraph.api.cache import ResponseCache
from aidgraph.queries.workspace import Workspace

T = TypeVar("T")
log = logging.getLogger(__name__)


class GraphService:
    """Runs ``fn(workspace, ...)`` on the graph thread and awaits the answer."""

    def __init__(self, db_path: str | Path, *, recheck_seconds: float = 1.0) -> None:
        self.db_path = Path(db_path)
        self.recheck_seconds = recheck_seconds
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aidgraph-graph")
        self._workspace: Workspace | None = None
        self._graph: nx.MultiDiGraph | None = None
        self._checked = 0.0
        self._must_wait = False
        self._refreshing: asyncio.Task[None] | None = None
        self.responses = ResponseCache()

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

    async def graph(self) -> nx.MultiDiGraph:
        """The graph of the store's current revision, as last checked.

        The revision is rechecked in the background at most every ``recheck_seconds``:
        while another process's ingest is being rebuilt into a new graph (a minute at
        100k nodes), requests keep being answered from the previous one. Only the first
        request, and the first after an ingest through this service, wait.
        """
        if self._graph is None or self._must_wait:
            await self._refresh()
        elif time.monotonic() - self._checked > self.recheck_seconds and self._refreshing is None:
            self._refreshing = asyncio.create_task(self._refresh())
        assert self._graph is not None
        return self._graph

    async def _refresh(self) -> None:
        try:
            # Workspace.graph() takes a new graph out of the collector's sight itself.
            self._graph = await self.run(lambda ws: ws.graph())
            self._checked = time.monotonic()
            self._must_wait = False
        finally:
            self._refreshing = None

    def changed(self) -> None:
        """The store was written through this service: the next request waits for its graph."""
        self._must_wait = True

    def run_sync(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The same, from code that is not in the event loop (startup, tests)."""
        return self._executor.submit(self._call, fn, args, kwargs).result()

    def warm(self, *then: Callable[[Workspace], Any]) -> None:
        """Build the cached graph in the background so the first request doesn't wait,
        then run ``then`` (other per-revision caches worth having before anyone asks)."""

        def build(ws: Workspace) -> None:
            ws.graph()
            for fn in then:
                try:
                    fn(ws)
                except Exception:  # a request will meet (and report) the same error
                    log.exception("warming %s failed", getattr(fn, "__name__", fn))

        self._executor.submit(self._call, build, (), {})

    def close(self) -> None:
        if self._workspace is not None:
            self._executor.submit(self._workspace.close).result()
            self._workspace = None
        self._executor.shutdown(wait=True)
