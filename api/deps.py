"""What route handlers share: the graph service of the app, and query errors as HTTP errors."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from aidgraph.api.errors import APIError
from aidgraph.api.service import GraphService
from aidgraph.queries.entities import EntityError


async def get_service(request: Request) -> GraphService:
    # async: FastAPI would run a plain function in its thread pool, a hop per request.
    return request.app.state.service


Service = Annotated[GraphService, Depends(get_service)]


def entity_error(exc: EntityError) -> APIError:
    """Unknown names are 404, names shared by several entities 409, anything else 400."""
    message = str(exc)
    if "ambiguous" in message:
        return APIError(409, message)
    if message.startswith("no "):
        return APIError(404, message)
    return APIError(400, message)
