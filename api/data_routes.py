"""Whole-graph data in and out: ``GET /api/export`` and the token-guarded ``POST /api/ingest``.

Export writes with the same functions as ``aidgraph export`` into a temporary folder
and streams the file (CSV, a folder of three files, comes as a zip). It reads the store
through a connection of its own on a thread of its own, so the graph thread is free.

Ingest is the only route that changes the graph, so it is off unless the operator set a
token (``AIDGRAPH_TOKEN``): without one every ingest is 403, without the right bearer
token 401/403. Uploads are kept beside the database in ``<db>.uploads/`` (so a
relation's provenance points at a file that exists) and land in one transaction: the
whole upload or nothing, and the response says what landed.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from aidgraph.api.deps import Service
from aidgraph.api.errors import ERROR_SCHEMA, APIError
from aidgraph.api.query_routes import needs_extra
from aidgraph.queries.workspace import Workspace

router = APIRouter(prefix="/api", tags=["data"])

_ERROR = {"content": {"application/json": {"schema": ERROR_SCHEMA}}}

#: format → (file suffix, media type)
EXPORTS: dict[str, tuple[str, str]] = {
    "graphml": (".graphml", "application/graphml+xml"),
    "gexf": (".gexf", "application/gexf+xml"),
    "csv": (".zip", "application/zip"),
    "jsonl": (".jsonl", "application/x-ndjson"),
    "turtle": (".ttl", "text/turtle"),
    "jsonld": (".jsonld", "application/ld+json"),
    "nquads": (".nq", "application/n-quads"),
}
RDF_FORMATS = ("turtle", "jsonld", "nquads")

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
UPLOAD_SUFFIXES = (".csv", ".jsonl", ".txt", ".html", ".htm")


@router.get(
    "/export",
    summary="Download the whole graph",
    responses={
        200: {"content": {media: {} for _, media in EXPORTS.values()}},
        422: {"description": "Unknown format", **_ERROR},
    },
)
async def export(
    service: Service,
    format: Annotated[str, Query(pattern="^(" + "|".join(EXPORTS) + ")$")] = "jsonl",
) -> FileResponse:
    """The whole graph as GraphML, GEXF, CSV (a zip of nodes, edges, provenance),
    JSON Lines, Turtle, JSON-LD or N-Quads."""
    suffix, media_type = EXPORTS[format]
    folder = Path(tempfile.mkdtemp(prefix="aidgraph-export-"))
    try:
        # A national graph takes a minute to export: on a connection and thread of its
        # own, so queries on the graph thread go on meanwhile; one export at a time.
        async with _EXPORTING:
            path = await asyncio.to_thread(_write_export, service.db_path, format, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=media_type,
        filename=f"aidgraph{suffix}",
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


_EXPORTING = asyncio.Semaphore(1)


def _write_export(db_path: Path, fmt: str, folder: Path) -> Path:
    with Workspace(db_path) as ws:
        return _write_store(ws.store, fmt, folder)


def _write_store(store: Any, fmt: str, folder: Path) -> Path:
    if fmt in RDF_FORMATS:
        with needs_extra("sparql"):
            from aidgraph.queries.rdf import export_rdf

        out = folder / f"aidgraph{EXPORTS[fmt][0]}"
        export_rdf(store, fmt, out)
        return out
    from aidgraph.graph.export import export_graph

    out = folder / ("aidgraph" if fmt == "csv" else f"aidgraph{EXPORTS[fmt][0]}")
    export_graph(store, fmt, out)
    if fmt == "csv":
        return Path(shutil.make_archive(str(folder / "aidgraph-csv"), "zip", out))
    return out


# -- ingest ---------------------------------------------------------------------------


async def check_token(request: Request) -> None:
    """401 without a bearer token, 403 with a wrong one or when none is configured."""
    expected: str | None = request.app.state.token
    if not expected:
        raise APIError(
            403,
            "ingest over HTTP is disabled: the operator has not set AIDGRAPH_TOKEN",
        )
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise APIError(
            401,
            "ingest needs 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="aidgraph"'},
        )
    if not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise APIError(403, "wrong token")


def safe_name(filename: str | None) -> str:
    """The upload's base name with anything path-like or odd replaced."""
    base = re.split(r"[\\/]", filename or "")[-1]
    base = re.sub(r"[^\w.\-一-鿿]", "_", base).lstrip(".")
    return base[:120] or "upload"


@router.post(
    "/ingest",
    # A dependency, so a request without the token is refused before its body is judged.
    dependencies=[Depends(check_token)],
    summary="Add record files or articles (needs the operator's token)",
    responses={
        400: {"description": "A file could not be read; nothing landed", **_ERROR},
        401: {"description": "No bearer token", **_ERROR},
        403: {"description": "Wrong token, or ingest disabled", **_ERROR},
        413: {"description": "Upload too large", **_ERROR},
        422: {"description": "Malformed request", **_ERROR},
    },
)
async def ingest(
    service: Service,
    files: Annotated[
        list[UploadFile], File(description="Record files (.csv, .jsonl) or articles (.txt, .html)")
    ],
) -> dict[str, Any]:
    """Land the uploaded files in one transaction: all of them, or none.

    The answer counts the sources, nodes and edges added or merged, and lists files
    skipped because the graph already holds their exact content.
    """
    uploads = await _read_uploads(files)
    try:
        return await service.run(_land_uploads, uploads)
    finally:
        service.changed()


async def _read_uploads(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    uploads: list[tuple[str, bytes]] = []
    total = 0
    for upload in files:
        name = safe_name(upload.filename)
        if not name.lower().endswith(UPLOAD_SUFFIXES):
            raise APIError(
                400,
                f"{upload.filename or name}: not a record file or article "
                f"(expected one of {', '.join(UPLOAD_SUFFIXES)}); nothing landed",
            )
        data = await upload.read()
        total += len(data)
        if total > MAX_UPLOAD_BYTES:
            raise APIError(413, f"upload larger than {MAX_UPLOAD_BYTES // 2**20} MiB")
        uploads.append((name, data))
    if not uploads:
        raise APIError(400, "no files uploaded")
    return uploads


def _land_uploads(ws: Workspace, uploads: list[tuple[str, bytes]]) -> dict[str, Any]:
    """Keep each upload under ``<db>.uploads/<hash>/<name>`` and ingest them together."""
    from aidgraph.ingest import IngestError, ingest_paths

    keep = ws.db_path.with_name(ws.db_path.name + ".uploads")
    placed: list[Path] = []
    created: list[Path] = []
    for name, data in uploads:
        folder = keep / hashlib.sha256(data).hexdigest()[:16]
        path = folder / name
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            created.append(folder)
        placed.append(path)
    shown = {str(path): name for path, (name, _) in zip(placed, uploads, strict=True)}
    try:
        report = ingest_paths(ws.store, placed)
    except IngestError as exc:
        for folder in created:
            shutil.rmtree(folder, ignore_errors=True)
        raise APIError(400, f"{_shown(str(exc), shown)}; nothing landed") from None
    landed = report.to_dict()
    for key in ("sources_added", "sources_skipped"):
        landed[key] = [shown.get(uri, uri) for uri in landed[key]]
    return {**landed, "files": [name for name, _ in uploads], "revision": ws.store.revision()}


def _shown(message: str, shown: dict[str, str]) -> str:
    """Name files in a message as the uploader named them, not by their kept path."""
    for path, name in shown.items():
        message = message.replace(path, name)
    return message
