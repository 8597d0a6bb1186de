"""JSON routes for finding entities and walking around them: search, entity, neighbours, paths.

Every handler is a thin shell around :mod:`aidgraph.queries.entities`: it reads the
cached graph in the event loop (no SQLite access, no thread hop per request) and turns
an unknown or ambiguous name into a 404 or 409 with the query layer's own message.
Answers go straight to ``JSONResponse``: they are plain dicts already, and FastAPI's
generic encoder would walk every value of a large neighbourhood a second time.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from aidgraph.api.deps import Service, entity_error
from aidgraph.api.errors import ERROR_SCHEMA
from aidgraph.api.labels import romanised
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


async def _call(service: Service, fn: Any, *args: Any, **kwargs: Any) -> Any:
    """``fn(G, ...)`` on the cached graph, in the event loop: pure reads, no SQLite."""
    G = await service.graph()
    try:
        return fn(G, *args, **kwargs)
    except entities.EntityError as exc:
        raise entity_error(exc) from None


@router.get("/entities", responses=ERRORS, summary="Search entities by name or alias")
async def search(
    service: Service,
    q: Annotated[str, Query(description="Name, alias or part of one; 简体 or 繁體")] = "",
    type: TypeParam = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> JSONResponse:
    """Entities whose name or an alias contains `q`, best matches first, one page at a time.

    `total` is the number of hits across all pages.
    """
    result = await _call(service, _search, q, type, limit, offset)
    return JSONResponse(result.to_dict())


def _search(G: Any, q: str, type: str | None, limit: int, offset: int) -> Any:
    return entities.search_entities(G, q, type, limit=limit, offset=offset)


@router.get(
    "/entities/{entity_id:path}/neighbors",
    responses=ERRORS,
    summary="The neighbourhood of an entity",
)
async def neighbors(
    service: Service,
    entity_id: EntityRef,
    depth: Annotated[int, Query(ge=0, le=4)] = 1,
    types: RelTypes = None,
    max_nodes: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> JSONResponse:
    """Nodes within `depth` relations of the entity (either direction) and the edges among them.

    `truncated` says `max_nodes` cut the neighbourhood short.
    """
    return JSONResponse(
        await _call(service, entities.neighbors, entity_id, depth, types, max_nodes)
    )


@router.get("/entities/{entity_id:path}", responses=ERRORS, summary="One entity and its relations")
async def entity(service: Service, entity_id: EntityRef) -> JSONResponse:
    """The entity's attributes, aliases and every relation with its provenance.

    Each relation carries `provenance`: the sources (uri, title) and the sentence or
    record line that stated it.
    """
    found = await _call(service, entities.get_entity, entity_id)
    found["label_pinyin"] = romanised(found["name"] or "", found.get("attrs"))
    return JSONResponse(found)


@router.get("/paths", responses=ERRORS, summary="How two entities are connected")
async def paths(
    service: Service,
    from_: Annotated[str, Query(alias="from", min_length=1, description="An id, name or alias")],
    to: Annotated[str, Query(min_length=1, description="An id, name or alias")],
    max_len: Annotated[int, Query(ge=1, le=6)] = 4,
    types: RelTypes = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> JSONResponse:
    """Simple paths of at most `max_len` relations between two entities, shortest first."""
    return JSONResponse(await _call(service, entities.paths, from_, to, max_len, types, limit))
