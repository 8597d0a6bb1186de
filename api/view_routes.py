"""``/views/{kind}``: the visualisation pages, self-contained HTML meant for iframes.

The views themselves (ego network, whole network, region flows, ...) are built by
:mod:`aidgraph.viz`; this route passes the query string on as their parameters. The
pages load nothing from outside this server, so a report site can embed them offline
(CORS and framing are the operator's choice: see ``create_app``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse

from aidgraph.api.deps import Service, entity_error
from aidgraph.api.errors import ERROR_SCHEMA, APIError
from aidgraph.queries.entities import EntityError
from aidgraph.queries.workspace import Workspace

router = APIRouter(tags=["views"])

_ERROR = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}


async def render(service: Service, kind: str, params: dict[str, Any]) -> str:
    """The HTML of view ``kind``; unknown views are 404, bad parameters 400."""
    from aidgraph import viz

    kinds = getattr(viz, "VIEWS", None)
    if kinds is not None and kind not in kinds:
        raise APIError(404, f"no view named {kind!r}; views: {', '.join(sorted(kinds))}")

    def run(ws: Workspace) -> str:
        return viz.render_view(kind, ws, **params)

    try:
        return await service.run(run)
    except EntityError as exc:
        raise entity_error(exc) from None
    except (ValueError, TypeError, KeyError) as exc:
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
    kind: Annotated[str, Path(description="ego, network, flows, ...")],
) -> HTMLResponse:
    """A self-contained HTML view; its parameters come from the query string."""
    html = await render(service, kind, dict(request.query_params))
    return HTMLResponse(html)
