"""Every error the app returns: a JSON body with a status and a message, never a bare 500.

API clients get ``{"status": 404, "message": "...", "errors": [...]}``. A person on a web
page (a request that accepts HTML outside /api and /sparql) gets the same message as a
small HTML page instead. Bad input of any kind (unknown id, malformed query, wrong
parameter) is a 4xx here; a 500 means a bug in aidgraph, and says so.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

#: The OpenAPI description of the error body, for ``responses=`` on routes.
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "status": {"type": "integer"},
        "message": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["status", "message"],
}


class APIError(Exception):
    """An error with its HTTP status and a message meant for the person who sent the request."""

    def __init__(self, status: int, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def not_found(what: str) -> APIError:
    return APIError(404, f"no such {what}")


def install(app: FastAPI) -> None:
    """Register the handlers that turn every exception into a proper error response."""
    app.add_exception_handler(APIError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected)


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    if _wants_html(request):
        from aidgraph.api.pages import render_error  # the page layer imports this module

        return render_error(request, status, message, headers=headers)
    body: dict[str, Any] = {"status": status, "message": message}
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers)


def _wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api", "/sparql", "/openapi")):
        return False
    return "text/html" in request.headers.get("accept", "")


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, APIError)
    return error_response(request, exc.status, exc.message, headers=exc.headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    if exc.status_code == 404 and message == "Not Found":
        message = f"nothing at {request.url.path}"
    headers = getattr(exc, "headers", None)
    return error_response(request, exc.status_code, message, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    # Only location, message and kind: the raw input may be bytes that JSON can't carry.
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in exc.errors()
    ]
    summary = "; ".join(f"{'.'.join(e['loc'][1:]) or e['loc'][0]}: {e['msg']}" for e in errors)
    return error_response(request, 422, f"invalid request: {summary}", errors=errors)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, 500, f"internal error ({type(exc).__name__}); this is a bug")
