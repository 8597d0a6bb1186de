"""``/views/{kind}``: the visualisation pages, self-contained HTML meant for iframes.

The views themselves (ego network, whole network, region flows, program, alliance,
query answer) are built by :mod:`aidgraph.viz.views`; this route turns the query string
into their parameters. The pages inline everything they need and load nothing, so a
report site can embed them offline.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from aidgraph.api.deps import Service
from aidgraph.api.errors import ERROR_SCHEMA, APIError
from aidgraph.queries.workspace import Workspace
from aidgraph.viz.views import KINDS, ViewError, render_view

router = APIRouter(tags=["views"])

_ERROR = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}

INT_PARAMS = frozenset({"depth", "max_nodes"})
BOOL_PARAMS = frozenset({"pinyin", "fragment"})
_TRUE = frozenset({"1", "true", "yes", "on"})


def view_params(query: dict[str, str]) -> dict[str, Any]:
    """Query-string values as the views take them: integers and flags converted."""
    params: dict[str, Any] = {}
    for key, value in query.items():
        if key in INT_PARAMS:
            try:
                params[key] = int(value)
            except ValueError:
                raise APIError(400, f"{key} must be an integer, got {value!r}") from None
        elif key in BOOL_PARAMS:
            params[key] = value.strip().lower() in _TRUE
        else:
            params[key] = value
    return params


async def render(service: Service, kind: str, params: dict[str, Any]) -> str:
    """The HTML of view ``kind``; unknown views are 404, bad parameters 400."""
    if kind not in KINDS:
        raise APIError(404, f"no view named {kind!r}; views: {', '.join(KINDS)}")

    def run(ws: Workspace) -> str:
        return render_view(kind, ws, **params)

    try:
        return await service.run(run)
    except ViewError as exc:
        raise APIError(400, f"view {kind}: {exc}") from None


@router.get(
    "/views/{kind}",
    response_class=HTMLResponse,
    responses={400: _ERROR, 404: _ERROR},
    summary="A visualisation page for an iframe",
)
async def view(
    service: Service,
    request: Request,
    kind: Annotated[str, Path(description=", ".join(KINDS))],
) -> HTMLResponse:
    """A self-contained HTML view; its parameters come from the query string.

    `ego` takes `entity`, `depth`, `relations`, `max_nodes`; `flows` takes `level`,
    `weight`, `relations`, `program`; `program` and `alliance` take `name`; `query`
    takes `language` (cypher or sparql) and `query`. Every view takes `pinyin=1`.
    """
    html = await render(service, kind, view_params(dict(request.query_params)))
    return HTMLResponse(html)
