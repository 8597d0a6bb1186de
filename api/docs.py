"""``/docs``: the API reference, rendered offline from ``/openapi.json``.

FastAPI's Swagger UI and ReDoc pages load their JavaScript from a CDN, which breaks on
an offline machine and leaks every visit. This page is a template plus a small script
of ours (static/docs.js) that reads the OpenAPI document from this server and lists
every operation with its parameters, body and responses, with a "try it" form for GETs.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
async def docs(request: Request) -> HTMLResponse:
    from aidgraph.api.pages import page

    return page(request, "docs.html")
