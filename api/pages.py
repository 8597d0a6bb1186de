"""The researchers' web interface: server-rendered pages over the same queries as the API.

Pages are Jinja2 templates with a little JavaScript (the pinyin toggle, the console's
result graph, the viz views); they work with JavaScript off except for drawings. Every
page is ``lang="zh"`` UTF-8 and carries each Chinese name with its romanised label,
shown when the reader switches pinyin on. Nothing is loaded from outside this server.

Pages: ``/`` (what is in the graph, main flows, search), ``/search``, ``/entity/{id}``
(facts, relations with their sentences and sources, the viz ego network), ``/questions``
(the named questions as forms), ``/console`` (Cypher or SPARQL; the query lives in the
URL so it can be shared, with CSV and JSON downloads) and ``/network`` (whole network or
region-level flows).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from aidgraph.api import console
from aidgraph.api.console import is_node_id
from aidgraph.api.deps import Service, entity_error
from aidgraph.api.errors import APIError
from aidgraph.api.labels import pinyin, romanised
from aidgraph.api.question_routes import list_questions, run_question
from aidgraph.graph.model import EdgeType, NodeType
from aidgraph.queries import entities
from aidgraph.queries.questions import ask
from aidgraph.queries.workspace import Workspace
from aidgraph.viz.views import render_view

router = APIRouter(include_in_schema=False)

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["pinyin"] = pinyin
templates.env.filters["tojson_zh"] = lambda v: json.dumps(v, ensure_ascii=False, default=str)
templates.env.globals.update(romanised=romanised, urlencode=urlencode, is_node_id=is_node_id)

PAGE_SIZE = 25


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("pinyin_on", wants_pinyin(request))
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(
    request: Request, status: int, message: str, *, headers: dict[str, str] | None = None
) -> Response:
    response = page(request, "error.html", status, status_code=status, message=message)
    response.headers.update(headers or {})
    return response


# -- home -----------------------------------------------------------------------------


def overview(ws: Workspace) -> dict[str, Any]:
    """Counts by type and the largest support flows, built once per store revision."""
    return ws.cached("api.overview", lambda: _overview(ws))


def _overview(ws: Workspace) -> dict[str, Any]:
    G = ws.graph()
    nodes = Counter(data.get("type") for _, data in G.nodes(data=True))
    edges = Counter(data.get("type") for _, _, data in G.edges(data=True))
    return {
        "nodes": [(t.value, nodes.get(t.value, 0)) for t in NodeType],
        "edges": [(t.value, edges.get(t.value, 0)) for t in EdgeType],
        "n_nodes": G.number_of_nodes(),
        "n_edges": G.number_of_edges(),
        "n_sources": len(G.graph.get("sources", {})),
        "flows": _flows(ws),
    }


FLOW_COLUMNS = ("donor_id", "recipient_id", "relations", "programs", "first_year", "last_year")


def _flows(ws: Workspace, n: int = 12) -> dict[str, Any]:
    """The main donor → recipient flows between provinces (the ``flows`` question)."""
    table = ask(ws, "flows", level="province", limit=n)
    records = table.records()
    rows = [[r.get(c) for c in FLOW_COLUMNS] for r in records]
    return {"columns": ["donor", "recipient", "relations", "programs", "from", "to"], "rows": rows}


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, service: Service) -> HTMLResponse:
    return page(request, "home.html", stats=await service.run(overview))


# -- search ---------------------------------------------------------------------------


@router.get("/search", response_class=HTMLResponse)
async def search(
    request: Request,
    service: Service,
    q: str = "",
    type: str = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    def run(ws: Workspace) -> Any:
        offset = (page_no - 1) * PAGE_SIZE
        return entities.search_entities(ws.graph(), q, type or None, PAGE_SIZE, offset)

    try:
        result = await service.run(run)
    except entities.EntityError as exc:
        raise entity_error(exc) from None
    pages = max(1, -(-result.total // PAGE_SIZE))
    return page(
        request, "search.html", q=q, search_q=q, type=type, result=result, page=page_no, pages=pages
    )


# -- entity ---------------------------------------------------------------------------


PINYIN_COOKIE = "aidgraph_pinyin"
RELATIONS_SHOWN = 100


def wants_pinyin(request: Request) -> bool:
    """The reader switched the pinyin toggle on (the toggle keeps it in a cookie)."""
    return request.cookies.get(PINYIN_COOKIE) == "1"


def entity_view(ws: Workspace, ref: str, pinyin_labels: bool = False) -> dict[str, Any]:
    """The entity, its relations grouped by type, and its ego network as a viz fragment."""
    found = entities.get_entity(ws.graph(), ref)
    groups: dict[str, list[dict[str, Any]]] = {}
    for relation in found["relations"]:
        groups.setdefault(relation["type"], []).append(relation)
    counts = {kind: len(relations) for kind, relations in groups.items()}
    # A national hub has thousands of relations: the page shows the first of each type
    # and says how many more there are; the JSON API has them all.
    groups = {kind: relations[:RELATIONS_SHOWN] for kind, relations in groups.items()}
    ego = render_view(
        "ego", ws, fragment=True, pinyin=pinyin_labels, entity=found["id"], depth=1, max_nodes=80
    )
    return {"entity": found, "groups": groups, "counts": counts, "ego_html": ego}


@router.get("/entity/{entity_id:path}", response_class=HTMLResponse)
async def entity(request: Request, service: Service, entity_id: str) -> HTMLResponse:
    try:
        view = await service.run(entity_view, entity_id, wants_pinyin(request))
    except entities.EntityError as exc:
        raise entity_error(exc) from None
    return page(request, "entity.html", **view)


# -- sources --------------------------------------------------------------------------

SOURCE_RELATIONS_SHOWN = 200


def source_view(ws: Workspace, source_id: str) -> dict[str, Any]:
    """A source's record and the relations it states, with their sentences or lines."""
    G = ws.graph()
    source = G.graph.get("sources", {}).get(source_id)
    if source is None:
        raise APIError(404, f"no source {source_id!r}")
    stated, total = [], 0
    for u, v, key, data in G.edges(keys=True, data=True):
        statements = [p for p in data.get("provenance", []) if p.get("source_id") == source_id]
        if not statements:
            continue
        total += 1
        if len(stated) < SOURCE_RELATIONS_SHOWN:
            ends = (entities.summary(G, u), entities.summary(G, v))
            stated.append({"id": key, "type": data["type"], "ends": ends, "statements": statements})
    stated.sort(
        key=lambda r: (r["statements"][0].get("line") or 0, r["statements"][0].get("start") or 0)
    )
    return {"source": source, "relations": stated, "total": total}


def _position(relation: dict[str, Any]) -> tuple[int, int]:
    """Where in its source a relation was first stated: record line, or sentence offset."""
    first = relation["statements"][0]
    return (first.get("line") or 0, first.get("start") or 0)


@router.get("/source/{source_id}", response_class=HTMLResponse)
async def source_page(request: Request, service: Service, source_id: str) -> HTMLResponse:
    return page(request, "source.html", **await service.run(source_view, source_id))


# -- console --------------------------------------------------------------------------


@router.get("/console", response_class=HTMLResponse)
async def console_page(
    request: Request,
    service: Service,
    q: str = "",
    lang: str = "cypher",
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> HTMLResponse:
    if lang not in console.LANGUAGES:
        raise APIError(400, f"unknown query language {lang!r}; use cypher or sparql")
    result, error = None, None
    if q.strip():
        try:
            result = await console.run(service, lang, q, limit)
        except APIError as exc:
            error = exc.message
    query = q or console.EXAMPLES[lang]
    links = {
        fmt: "/console/download?" + urlencode({"lang": lang, "q": q, "limit": limit, "format": fmt})
        for fmt in ("csv", "json")
    }
    links["view"] = "/views/query?" + urlencode({"language": lang, "query": q})
    return page(
        request,
        "console.html",
        status=400 if error else 200,
        lang=lang,
        q=query,
        limit=limit,
        result=result,
        error=error,
        links=links,
        examples=console.EXAMPLES,
    )


@router.get("/console/download")
async def console_download(
    service: Service,
    q: str,
    lang: str = "cypher",
    format: str = "csv",
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> Response:
    if lang not in console.LANGUAGES or format not in ("csv", "json"):
        raise APIError(400, "lang must be cypher or sparql and format csv or json")
    result = await console.run(service, lang, q, limit)
    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return Response(
        result.table.render(format).encode("utf-8"),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="aidgraph-{lang}.{format}"'},
    )


# -- questions ------------------------------------------------------------------------


@router.get("/questions", response_class=HTMLResponse)
async def questions_page(request: Request) -> HTMLResponse:
    return page(request, "questions.html", questions=list_questions(), chosen=None)


@router.get("/questions/{name}", response_class=HTMLResponse)
async def question_page(request: Request, service: Service, name: str) -> HTMLResponse:
    params = {k: v for k, v in request.query_params.items() if v != ""}
    chosen = next((q for q in list_questions() if q["name"] == name), None)
    if chosen is None:
        raise APIError(404, f"no question named {name!r}")
    answer, error = None, None
    required = [p["name"] for p in chosen["parameters"] if p["required"]]
    if all(p in params for p in required):
        try:
            answer = await run_question(service, name, params)
        except APIError as exc:
            error = exc.message
    return page(
        request,
        "questions.html",
        status=400 if error else 200,
        questions=list_questions(),
        chosen=chosen,
        params=params,
        answer=answer,
        error=error,
        api_url=f"/api/questions/{name}?{urlencode(params)}",
    )


# -- network --------------------------------------------------------------------------

NETWORK_VIEWS = {"network": "The whole network", "flows": "Region-level flows"}
WHOLE_NETWORK_LIMIT = 5000


@router.get("/network", response_class=HTMLResponse)
async def network(
    request: Request, service: Service, view: str = "flows", anyway: bool = False
) -> HTMLResponse:
    if view not in NETWORK_VIEWS:
        raise APIError(400, f"unknown view {view!r}; choose {' or '.join(NETWORK_VIEWS)}")
    params = {k: v for k, v in request.query_params.items() if k not in ("view", "anyway")}
    if wants_pinyin(request):
        params.setdefault("pinyin", "1")
    src = f"/views/{view}" + (f"?{urlencode(params)}" if params else "")
    n_nodes = (await service.run(overview))["n_nodes"]
    # Drawing every node of a national graph is hundreds of megabytes of page that no
    # browser lays out; say so instead of embedding it, unless asked twice.
    too_big = view == "network" and n_nodes > WHOLE_NETWORK_LIMIT and not anyway
    return page(
        request,
        "network.html",
        view=view,
        views=NETWORK_VIEWS,
        src=src,
        n_nodes=n_nodes,
        too_big=too_big,
    )
