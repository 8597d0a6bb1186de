"""JSON routes for the named network questions (who supports whom, flows, brokers, ...).

The registry in :mod:`aidgraph.queries.questions` is the one list of questions; these
routes only describe it and run one with the query string as its arguments, so a new
question appears in the API, the CLI and the web UI at once.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from aidgraph.api.deps import Service
from aidgraph.api.entity_routes import ERRORS
from aidgraph.api.errors import APIError
from aidgraph.queries.workspace import Workspace

router = APIRouter(prefix="/api", tags=["questions"])

TABLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "columns": {"type": "array", "items": {"type": "string"}},
        "rows": {"type": "array", "items": {"type": "array"}},
        "truncated": {"type": "boolean"},
    },
}


def _registry() -> dict[str, Any]:
    try:
        from aidgraph.queries.questions import QUESTIONS
    except ImportError:  # a checkout without the questions module answers "none"
        return {}
    return dict(QUESTIONS)


def describe(name: str, question: Any) -> dict[str, Any]:
    """A registry entry as JSON: name, one-line description, parameters with defaults."""
    fn = getattr(question, "fn", None) or getattr(question, "func", None) or question
    doc = getattr(question, "description", None) or inspect.getdoc(fn) or ""
    params = getattr(question, "params", None)
    if params is None and callable(fn):
        params = [
            {
                "name": p.name,
                "default": None if p.default is inspect.Parameter.empty else p.default,
                "required": p.default is inspect.Parameter.empty,
            }
            for p in list(inspect.signature(fn).parameters.values())[1:]
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
        ]
    return {
        "name": name,
        "title": getattr(question, "title", None) or doc.split("\n", 1)[0],
        "description": doc,
        "params": _jsonable(params or []),
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "__dataclass_fields__"):
        return _jsonable(dict(value.__dict__))
    return str(value)


def list_questions() -> list[dict[str, Any]]:
    return [describe(name, q) for name, q in sorted(_registry().items())]


async def run_question(service: Service, name: str, params: dict[str, str]) -> dict[str, Any]:
    """Ask question ``name`` with string arguments; unknown names and bad arguments are 4xx."""
    from aidgraph.queries.questions import QuestionError, ask

    if name not in _registry():
        raise APIError(404, f"no question named {name!r}; GET /api/questions lists them")

    def run(ws: Workspace) -> Any:
        return ask(ws, name, **params)

    try:
        table = await service.run(run)
    except QuestionError as exc:
        raise APIError(400, str(exc)) from None
    except TypeError as exc:  # an argument the question doesn't take
        raise APIError(400, f"question {name}: {exc}") from None
    return {"question": name, "params": params, **table.to_dict()}


@router.get("/questions", summary="The named network questions")
async def questions() -> dict[str, Any]:
    """Every question with its description and parameters."""
    return {"questions": list_questions()}


@router.get(
    "/questions/{name}",
    responses={**ERRORS, 200: {"content": {"application/json": {"schema": TABLE_SCHEMA}}}},
    summary="Answer one named question",
)
async def question(
    service: Service,
    request: Request,
    name: Annotated[str, Path(description="A name from GET /api/questions")],
) -> dict[str, Any]:
    """The answer as a table: `columns`, `rows` and whether a row cap `truncated` it.

    The question's parameters are passed as query-string arguments.
    """
    return await run_question(service, name, dict(request.query_params))
