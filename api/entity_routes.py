"""JSON routes for finding entities and walking around them: search, entity, neighbours, paths.

Every handler is a thin shell around :mod:`aidgraph.queries.entities`: it reads the
cached graph in the event loop (no SQLite access, no thread hop per request) and turns
an unknown or ambiguous name into a 404 or 409 with the query layer's own message.
Answers are plain dicts already, so they are serialised once, straight to bytes (FastAPI's
generic encoder would walk every value of a large neighbourhood a second time), and kept
in the per-revision response cache (see :mod:`aidgraph.api.cache`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from aidgraph.api.cache import etag
from aidgraph.api.deps import Service, entity_error
from aidgraph.api.errors import ERROR_SCHEMA
from aidgraph.api.labels import romanised
from aidgraph.api.schemas import ENTITY, NEIGHBORS, PATHS, SEARCH, ok
from aidgraph.queries import entities

router = APIRouter(prefix="/api", tags=["entities"])

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": {"application/json": {"schema": ERROR_SCHEMA}}}
    for code, text in (
        (400, "Invalid parameter"),
        (404, "No such entity"),
        (409, "The name is shared by several entities; use an id"),
        (422, "Malformed request"),
    )
}
ERRORS[304] = {"description": "Not modified: the If-None-Match ETag is the current revision"}

TypeParam = Annotated[
    str | None,
    Query(description="Entity type, any case: Hospital, Region, Person, ..."),
]
RelTypes = Annotated[
    str | None,
    Query(description="Relation types to follow, comma-separated (SUPPORTS,PAIRS_WITH)"),
]
EntityRef = Annotated[
    str,
    Path(description="An id (Hospital:北京协和医院), a name or an alias; traditional works too"),
]


async def answer(
    request: Request, service: Service, build: Callable[[Any], Any], *, offload: bool = False
) -> Response:
    """``build(G)`` on the cached graph as JSON, from the response cache when it can be.

    Runs in the event loop: pure reads of the graph, no SQLite, no thread hop. Searches
    that can take a second (paths on a national graph) are ``offload``-ed to a thread,
    so the loop keeps serving other requests meanwhile; the graph is never mutated, so
    reading it from there is safe.
    """
    G = await service.graph()
    tag = etag(G)
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    key = f"{request.url.path}?{request.url.query}"
    body = service.responses.get(G, key)
    if body is None:
        try:
            data = await asyncio.to_thread(build, G) if offload else build(G)
        except entities.EntityError as exc:
            raise entity_error(exc) from None
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        service.responses.put(G, key, body)
    return Response(body, media_type="application/json", headers={"ETag": tag})


@router.get(
    "/entities", responses={**ERRORS, **ok(SEARCH)}, summary="Search entities by name or alias"
)
async def search(
    request: Request,
    service: Service,
    q: Annotated[str, Query(description="Name, alias or part of one; 简体 or 繁體")] = "",
    type: TypeParam = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Entities whose name or an alias contains `q`, best matches first, one page at a time.

    `total` is the number of hits across all pages.
    """
    return await answer(
        request,
        service,
        lambda G: entities.search_entities(G, q, type, limit=limit, offset=offset).to_dict(),
    )


@router.get(
    "/entities/{entity_id:path}/neighbors",
    responses={**ERRORS, **ok(NEIGHBORS)},
    summary="The neighbourhood of an entity",
)
async def neighbors(
    request: Request,
    service: Service,
    entity_id: EntityRef,
    depth: Annotated[int, Query(ge=0, le=4)] = 1,
    types: RelTypes = None,
    max_nodes: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> Response:
    """Nodes within `depth` relations of the entity (either direction) and the edges among them.

    `truncated` says `max_nodes` cut the neighbourhood short.
    """
    return await answer(
        request, service, lambda G: entities.neighbors(G, entity_id, depth, types, max_nodes)
    )


@router.get(
    "/entities/{entity_id:path}",
    responses={**ERRORS, **ok(ENTITY)},
    summary="One entity and its relations",
)
async def entity(request: Request, service: Service, entity_id: EntityRef) -> Response:
    """The entity's attributes, aliases and every relation with its provenance.

    Each relation carries `provenance`: the sources (uri, title) and the sentence or
    record line that stated it.
    """

    def build(G: Any) -> dict[str, Any]:
        found = entities.get_entity(G, entity_id)
        found["label_pinyin"] = romanised(found["name"] or "", found.get("attrs"))
        return found

    return await answer(request, service, build)


@router.get("/paths", responses={**ERRORS, **ok(PATHS)}, summary="How two entities are connected")
async def paths(
    request: Request,
    service: Service,
    from_: Annotated[str, Query(alias="from", min_length=1, description="An id, name or alias")],
    to: Annotated[str, Query(min_length=1, description="An id, name or alias")],
    max_len: Annotated[int, Query(ge=1, le=6)] = 4,
    types: RelTypes = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Response:
    """Simple paths of at most `max_len` relations between two entities, shortest first."""
    return await answer(
        request,
        service,
        lambda G: entities.paths(G, from_, to, max_len, types, limit),
        offload=True,
    )
