"""JSON routes for the named network questions (who supports whom, flows, brokers, ...).

The registry in :mod:`aidgraph.queries.questions` is the one list of questions; these
routes only describe it and run one with the query string as its arguments, so a new
question appears in the API, the CLI and the web UI at once.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request

from aidgraph.api.deps import Service
from aidgraph.api.entity_routes import ERRORS
from aidgraph.api.errors import APIError
from aidgraph.api.schemas import TABLE, ok
from aidgraph.queries.questions import QUESTIONS, QuestionError, ask
from aidgraph.queries.workspace import Workspace

router = APIRouter(prefix="/api", tags=["questions"])


def list_questions() -> list[dict[str, Any]]:
    """Every question as JSON: name, summary, doc and typed parameters."""
    return [q.to_dict() for _, q in sorted(QUESTIONS.items())]


async def run_question(service: Service, name: str, params: dict[str, str]) -> dict[str, Any]:
    """Ask question ``name`` with string arguments; unknown names and bad arguments are 4xx."""
    if name not in QUESTIONS:
        raise APIError(404, f"no question named {name!r}; GET /api/questions lists them")

    def run(ws: Workspace) -> Any:
        return ask(ws, name, **params)

    try:
        table = await service.run(run)
    except QuestionError as exc:
        raise APIError(400, str(exc)) from None
    return {"question": name, "params": params, **table.to_dict()}


@router.get("/questions", summary="The named network questions")
async def questions() -> dict[str, Any]:
    """Every question with its description and parameters."""
    return {"questions": list_questions()}


@router.get(
    "/questions/{name}",
    responses={**ERRORS, **ok(TABLE)},
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
