"""Query endpoints: read-only Cypher as JSON, and SPARQL 1.1 Protocol at ``/sparql``.

Both run on the graph thread with the timeout and row cap of their query module, which
also enforces that they are read-only; the answer says whether the cap truncated it.

``/sparql`` follows the SPARQL 1.1 Protocol: the query comes in the URL (GET), as a
form field (POST ``application/x-www-form-urlencoded``) or as the body (POST
``application/sparql-query``); the result format follows the Accept header (SPARQL
JSON, XML, CSV, TSV for SELECT/ASK; RDF formats for CONSTRUCT/DESCRIBE). Updates are
refused: this endpoint never changes the graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from aidgraph.api.deps import Service
from aidgraph.api.errors import ERROR_SCHEMA, APIError
from aidgraph.api.schemas import TABLE
from aidgraph.queries.table import Table
from aidgraph.queries.workspace import Workspace

router = APIRouter(tags=["queries"])

CYPHER_TIMEOUT = 10.0
SPARQL_TIMEOUT = 10.0
MAX_ROWS = 10_000
MAX_QUERY_CHARS = 100_000

_ERROR = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}


@contextmanager
def needs_extra(extra: str) -> Iterator[None]:
    """A query language whose optional dependencies are not installed is a clear 501."""
    try:
        yield
    except ImportError as exc:
        raise APIError(
            501, f"{extra} queries need `pip install aidgraph[{extra}]` ({exc.name} is missing)"
        ) from None


class CypherRequest(BaseModel):
    query: str = Field(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        examples=["MATCH (h:Hospital) RETURN h.name LIMIT 5"],
    )
    params: dict[str, Any] = Field(default_factory=dict)
    limit: int = Field(default=1000, ge=1, le=MAX_ROWS, description="Row cap")


async def cypher_table(service: Service, query: str, params: dict[str, Any], limit: int) -> Table:
    """Run a read-only Cypher query; a bad or writing query is a 400 with the engine's message."""
    with needs_extra("cypher"):
        from aidgraph.queries.cypher import CypherError, run_cypher

    def run(ws: Workspace) -> Table:
        return run_cypher(ws, query, params or None, timeout=CYPHER_TIMEOUT, limit=limit)

    try:
        return await service.run(run)
    except CypherError as exc:
        raise APIError(400, f"cypher: {exc}") from None


@router.post(
    "/api/cypher",
    summary="Run a read-only Cypher query",
    responses={
        200: {"description": "The rows", "content": {"application/json": {"schema": TABLE}}},
        400: {"description": "Malformed, writing or timed-out query", **_ERROR},
        422: {"description": "Malformed request body", **_ERROR},
    },
)
async def cypher(service: Service, body: CypherRequest) -> dict[str, Any]:
    """The rows of the query as a table. `truncated` says the row cap cut the answer.

    Queries that would write (CREATE, MERGE, SET, DELETE, ...) are refused, and every
    query stops after 10 seconds.
    """
    table = await cypher_table(service, body.query, body.params, body.limit)
    return table.to_dict()


# -- SPARQL ---------------------------------------------------------------------------

SPARQL_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
)


def accepted(accept: str | None) -> list[str]:
    """Media types from an Accept header, best first (by q, then by order)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def choose_media_type(accept: str | None) -> str | None:
    """The Accept header best first, for the SPARQL layer to pick the first it can give
    for the query's form (JSON or Turtle when anything goes); None means anything."""
    wanted = accepted(accept)
    return ", ".join(wanted) if wanted else None


async def sparql_answer(service: Service, query: str, media_type: str | None) -> tuple[bytes, str]:
    """Run a SPARQL query and serialise it; bad queries are 400, impossible formats 406."""
    with needs_extra("sparql"):
        from aidgraph.queries.sparql import SparqlError, run_sparql, serialize_result

    if not query.strip():
        raise APIError(400, "missing SPARQL query (pass it as 'query')")
    if len(query) > MAX_QUERY_CHARS:
        raise APIError(413, f"SPARQL query longer than {MAX_QUERY_CHARS} characters")

    def run(ws: Workspace) -> tuple[bytes, str]:
        result = run_sparql(ws, query, timeout=SPARQL_TIMEOUT, limit=MAX_ROWS)
        try:
            return serialize_result(result, media_type)
        except (SparqlError, ValueError) as exc:
            raise _NotAcceptable(str(exc)) from exc

    try:
        return await service.run(run)
    except _NotAcceptable as exc:
        raise APIError(406, f"sparql: {exc}") from None
    except SparqlError as exc:
        raise APIError(400, f"sparql: {exc}") from None


class _NotAcceptable(Exception):
    pass


SPARQL_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Query results in the negotiated format",
        "content": {media: {"schema": {"type": "string"}} for media in SPARQL_TYPES},
    },
    400: {"description": "Malformed query, or an update", **_ERROR},
    403: {"description": "An update: this endpoint is read-only", **_ERROR},
    406: {"description": "No acceptable result format", **_ERROR},
    413: {"description": "Query too long", **_ERROR},
    415: {"description": "Unsupported request body type", **_ERROR},
    422: {"description": "Malformed request", **_ERROR},
}


@router.get("/sparql", tags=["sparql"], responses=SPARQL_RESPONSES, summary="SPARQL query (GET)")
async def sparql_get(
    service: Service,
    request: Request,
    query: Annotated[
        str, Query(description="A SPARQL 1.1 query", min_length=1, max_length=MAX_QUERY_CHARS)
    ],
) -> Response:
    """SPARQL 1.1 Protocol query via GET; results by Accept header."""
    media = choose_media_type(request.headers.get("accept"))
    body, media_type = await sparql_answer(service, query, media)
    return Response(body, media_type=media_type)


@router.post(
    "/sparql",
    tags=["sparql"],
    responses=SPARQL_RESPONSES,
    summary="SPARQL query (POST)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string", "minLength": 1}},
                        "required": ["query"],
                    }
                },
                "application/sparql-query": {"schema": {"type": "string", "minLength": 1}},
            },
        }
    },
)
async def sparql_post(service: Service, request: Request) -> Response:
    """SPARQL 1.1 Protocol query via POST, as a form field or as the request body."""
    query = await _posted_query(request)
    media = choose_media_type(request.headers.get("accept"))
    body, media_type = await sparql_answer(service, query, media)
    return Response(body, media_type=media_type)


async def _posted_query(request: Request) -> str:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        raise APIError(403, "this SPARQL endpoint is read-only: updates are refused")
    if content_type == "application/sparql-query":
        raw = await request.body()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise APIError(400, "the SPARQL query must be UTF-8") from None
    if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form()
        except Exception as exc:  # malformed form bodies surface as parser errors
            raise APIError(400, f"unreadable form body: {exc}") from None
        if "update" in form:
            raise APIError(403, "this SPARQL endpoint is read-only: updates are refused")
        query = form.get("query")
        if not isinstance(query, str):
            raise APIError(400, "missing SPARQL query (pass it as the form field 'query')")
        return query
    raise APIError(
        415,
        "send the query as application/sparql-query or as the 'query' field of "
        "application/x-www-form-urlencoded",
    )
