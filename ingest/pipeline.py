"""Ingest orchestration: find the source files, read each into an Extraction, land them.

Reading is done before landing so that a bad file is found before anything is
written: by default any unreadable or invalid file stops the whole ingest and nothing
lands. With ``skip_invalid`` the bad files are reported and the good ones land.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from aidgraph.graph.model import Extraction
from aidgraph.graph.store import LandReport, Store
from aidgraph.ingest.records import RECORD_SUFFIXES, RecordError, read_records

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")


class IngestError(Exception):
    """A source could not be ingested; nothing landed. The message names the file."""


@dataclass
class IngestReport:
    landed: LandReport
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.landed.to_dict(),
            "invalid_skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand directories (recursively) into the record and article files they hold."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in RECORD_SUFFIXES + ARTICLE_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            raise IngestError(f"{path}: no such file or directory")
    return found


def read_source(path: Path) -> Extraction:
    """Read one record file or article into an Extraction; raise IngestError if it can't."""
    suffix = path.suffix.lower()
    try:
        if suffix in RECORD_SUFFIXES:
            return read_records(path)
        if suffix in ARTICLE_SUFFIXES:
            return _read_article(path)
    except RecordError as exc:
        raise IngestError(str(exc)) from exc
    raise IngestError(
        f"{path}: unknown file type {suffix or '(none)'!r} "
        f"(records: {', '.join(RECORD_SUFFIXES)}; articles: {', '.join(ARTICLE_SUFFIXES)})"
    )


def _read_article(path: Path) -> Extraction:
    # Imported here so that record ingest works without loading the article stack.
    from aidgraph.ingest.articles import extract_file
    from aidgraph.ingest.normalise import UnreadableSource

    try:
        return extract_file(path)[1]
    except UnreadableSource as exc:
        raise IngestError(str(exc)) from exc


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    progress: bool = False,
    skip_invalid: bool = False,
) -> IngestReport:
    """Read every source under ``paths`` and land them in one transaction.

    Files whose content the store already holds are not read again, which makes a
    repeated ingest a cheap no-op.
    """
    files = collect_paths(paths)
    if not files:
        raise IngestError("no record (.csv, .jsonl) or article (.txt, .html) files found")
    extractions: list[Extraction] = []
    known: list[str] = []
    invalid: list[tuple[str, str]] = []
    # disable=None lets tqdm hide the bar when stderr is not a terminal.
    quiet = True if not progress or len(files) < 2 else None
    for path in tqdm(files, desc="reading", unit="file", disable=quiet):
        if store.has_source(hashlib.sha256(path.read_bytes()).hexdigest()):
            known.append(str(path))
            continue
        try:
            extractions.append(read_source(path))
        except IngestError as exc:
            if not skip_invalid:
                raise
            invalid.append((str(path), str(exc)))
    landed = store.land(extractions)
    landed.sources_skipped[:0] = known
    return IngestReport(landed, invalid)
