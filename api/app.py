"""The web application: JSON API, SPARQL endpoint, view pages and the researchers' web UI.

:func:`create_app` is what ``aidgraph serve`` runs. One app serves everything so that a
researcher's browser, a notebook calling the API and a report site embedding a view all
see the same graph, and the whole thing works offline: templates, CSS, JS and the API
docs page are all served from this package, never from a CDN.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

import aidgraph
from aidgraph.api import (
    data_routes,
    docs,
    entity_routes,
    errors,
    pages,
    query_routes,
    question_routes,
    view_routes,
)
from aidgraph.api.service import GraphService
from aidgraph.queries.questions import warm_up

STATIC_DIR = Path(__file__).parent / "static"

DESCRIPTION = """\
A knowledge graph of China's counterpart medical aid (对口支援): who supports, pairs with
and trains whom, every relation traceable to the sentence or record it came from.

Every error is a JSON body `{"status", "message"}` with a 4xx status for bad input.
`POST /api/ingest` needs `Authorization: Bearer <token>`, the token the operator set in
`AIDGRAPH_TOKEN`; without one configured, ingest over HTTP is disabled (403).
"""


def create_app(
    db_path: str | Path,
    *,
    token: str | None = None,
    cors_origins: Iterable[str] = (),
) -> FastAPI:
    """The app serving the store at ``db_path``.

    ``token`` enables ``POST /api/ingest`` for requests bearing it; ``None`` reads
    ``AIDGRAPH_TOKEN`` from the environment and an empty string disables ingest.
    ``cors_origins`` lists the sites (``https://reports.example.org``, or ``*``) whose
    pages may call the API from the browser, e.g. to embed a view in a report.
    """
    if token is None:
        token = os.environ.get("AIDGRAPH_TOKEN", "")
    service = GraphService(db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The home page's counts and flows, then the indexes the named questions share.
        service.warm(pages.overview, warm_up)
        yield
        service.close()

    app = FastAPI(
        title="aidgraph",
        version=aidgraph.__version__,
        description=DESCRIPTION,
        docs_url=None,  # FastAPI's pages load Swagger/ReDoc from a CDN; docs.py serves ours
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.token = token or None
    origins = list(cors_origins)
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
        )
    errors.install(app)
    for module in (
        entity_routes,
        question_routes,
        query_routes,
        data_routes,
        view_routes,
        docs,
        pages,
    ):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def create_app_from_env() -> FastAPI:
    """The app for ``uvicorn --factory aidgraph.api.app:create_app_from_env``.

    Reads ``AIDGRAPH_DB`` (default ``aidgraph.db``), ``AIDGRAPH_TOKEN`` and
    ``AIDGRAPH_CORS`` (comma-separated origins). This is how to run several worker
    processes (``--workers 2``): each holds its own graph and follows the store's
    revision, so an ingest through any of them reaches all within a second.
    """
    origins = [o.strip() for o in os.environ.get("AIDGRAPH_CORS", "").split(",") if o.strip()]
    return create_app(os.environ.get("AIDGRAPH_DB", "aidgraph.db"), cors_origins=origins)
