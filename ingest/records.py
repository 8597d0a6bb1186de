"""Program records: the spreadsheets researchers keep, one relation per row.

A record file is CSV (UTF-8, with a header) or JSON Lines, with these fields:

============== ======== ===========================================================
field          required meaning
============== ======== ===========================================================
source         yes      the source entity's canonical name (simplified Chinese)
source_type    yes      Region, Hospital, Organization, Department, Person,
                        Technique, Program or Alliance
relation       yes      SUPPORTS, PAIRS_WITH, TRAINED, ALLIANCE_MEMBER, LOCATED_IN,
                        DEPARTMENT_OF, TECHNIQUE_AT or AFFILIATED_WITH
target         yes      the target entity's canonical name
target_type    yes      as source_type
program        no       the aid program the relation belongs to (also becomes a
                        Program node)
start, end     no       years, e.g. 2016
figures        no       counts: CSV ``experts=896; trained=12000+``, JSON
                        ``{"experts": 896}``; a value may carry ``+`` (more than,
                        余/多), ``~`` (about, 约) or ``<`` (nearly, 近)
source_ref     no       where the fact is documented (a URL or citation)
note           no       free text
source_aliases no       other names of the source entity, ``|``-separated in CSV,
target_aliases          a list in JSON
============== ======== ===========================================================

Every row is validated. A bad row stops the whole file with an error that names the
file, the line and the field; nothing from that file lands.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from aidgraph.graph.model import (
    Approx,
    Edge,
    EdgeType,
    Extraction,
    Figure,
    Node,
    NodeType,
    Provenance,
    Source,
    SourceKind,
    endpoint_problem,
)
from aidgraph.ingest.enrich import enrich_regions

EXTRACTOR = "aidgraph.records/1"
RECORD_SUFFIXES = (".csv", ".jsonl")
FIELDS = (
    "source",
    "source_type",
    "relation",
    "target",
    "target_type",
    "program",
    "start",
    "end",
    "figures",
    "source_ref",
    "note",
    "source_aliases",
    "target_aliases",
)
_APPROX_MARKS = {"+": Approx.OVER, "~": Approx.ABOUT, "<": Approx.NEARLY}


class RecordError(ValueError):
    """A record file that cannot be ingested; the message names file, line and field."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str):
        self.path, self.line, self.field, self.problem = str(path), line, field, problem
        where = self.path + (f":{line}" if line else "")
        super().__init__(f"{where}: {'field ' + repr(field) + ': ' if field else ''}{problem}")


class Record(BaseModel):
    """One validated row."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source: str
    source_type: NodeType
    relation: EdgeType
    target: str
    target_type: NodeType
    program: str | None = None
    start: int | None = None
    end: int | None = None
    figures: dict[str, Figure] = {}
    source_ref: str | None = None
    note: str | None = None
    source_aliases: list[str] = []
    target_aliases: list[str] = []

    @field_validator("source", "target")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value:
            raise ValueError("must not be empty")
        return value

    @field_validator("program", "source_ref", "note", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("start", "end", mode="before")
    @classmethod
    def _year(cls, value: Any) -> int | None:
        if value in (None, ""):
            return None
        if isinstance(value, str) and not re.fullmatch(r"\d{4}", value.strip()):
            raise ValueError(f"expected a four-digit year, got {value!r}")
        year = int(value)
        if not 1949 <= year <= 2100:
            raise ValueError(f"year {year} is out of range 1949–2100")
        return year

    @field_validator("source_aliases", "target_aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> Any:
        if value in (None, ""):
            return []
        if isinstance(value, str):
            return [a.strip() for a in value.split("|") if a.strip()]
        return value

    @field_validator("figures", mode="before")
    @classmethod
    def _figures(cls, value: Any) -> dict[str, Figure]:
        if value in (None, ""):
            return {}
        if isinstance(value, str):
            return parse_figures(value)
        if not isinstance(value, dict):
            raise ValueError("expected an object of name → count")
        return {str(k): _figure_value(k, v) for k, v in value.items()}

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        problem = endpoint_problem(self.relation, self.source_type, self.target_type)
        if problem:
            raise ValueError(problem)
        if self.source == self.target and self.source_type == self.target_type:
            raise ValueError("source and target are the same entity")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


def parse_figures(text: str) -> dict[str, Figure]:
    """Parse ``experts=896; trained=12000+`` into figures."""
    figures: dict[str, Figure] = {}
    for part in filter(None, (p.strip() for p in text.split(";"))):
        name, sep, raw = part.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"expected name=count, got {part!r}")
        figures[name.strip()] = _figure_value(name.strip(), raw.strip())
    return figures


def _figure_value(name: str, raw: Any) -> Figure:
    if isinstance(raw, dict):
        return Figure.from_dict(raw)
    if isinstance(raw, bool):
        raise ValueError(f"figure {name!r}: expected a number, got {raw!r}")
    if isinstance(raw, int | float):
        return Figure(value=raw)
    text = str(raw).strip()
    approx = None
    for mark, kind in _APPROX_MARKS.items():
        if text.startswith(mark) or text.endswith(mark):
            approx, text = kind, text.strip(mark).strip()
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise ValueError(f"figure {name!r}: expected a number, got {raw!r}") from None
    if value < 0:
        raise ValueError(f"figure {name!r}: a count cannot be negative")
    return Figure(value=int(value) if value.is_integer() else value, approx=approx)


def read_records(path: Path) -> Extraction:
    """Validate a CSV or JSON Lines record file into one Extraction, or raise RecordError."""
    path = Path(path)
    data = _read_bytes(path)
    source = Source(
        sha256=hashlib.sha256(data).hexdigest(),
        kind=SourceKind.RECORDS,
        uri=str(path),
        title=path.name,
    )
    extraction = Extraction(source)
    rows = _csv_rows(path, data) if path.suffix.lower() == ".csv" else _jsonl_rows(path, data)
    for line, raw in rows:
        record = _validate(path, line, raw)
        _add_record(extraction, record, Provenance(source.id, EXTRACTOR, line=line))
    if not extraction.edges:
        raise RecordError(path, None, None, "no records in file")
    enrich_regions(extraction)
    return extraction


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RecordError(path, None, None, f"cannot read file ({exc.strerror})") from exc


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RecordError(path, line, None, "not UTF-8 text (save the file as UTF-8)") from exc


def _csv_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(_decode(path, data).splitlines(keepends=True))
    header = reader.fieldnames or []
    unknown = [name for name in header if name not in FIELDS]
    if unknown:
        raise RecordError(path, 1, unknown[0], f"unknown column (expected: {', '.join(FIELDS)})")
    for row in reader:
        if None in row:
            raise RecordError(path, reader.line_num, None, "more cells than header columns")
        if any((v or "").strip() for v in row.values()):
            yield reader.line_num, {k: v for k, v in row.items() if v is not None}


def _jsonl_rows(path: Path, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, text in enumerate(_decode(path, data).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise RecordError(path, number, None, f"invalid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise RecordError(path, number, None, "expected a JSON object per line")
        yield number, row


def _validate(path: Path, line: int, raw: dict[str, Any]) -> Record:
    try:
        return Record.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or None
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "enum":
            allowed = EdgeType if field == "relation" else NodeType
            choices = ", ".join(str(member) for member in allowed)
            message = f"unknown value {error['input']!r} (expected one of: {choices})"
        if error["type"] == "missing":
            message = "required field is missing"
        if error["type"] == "extra_forbidden":
            message = f"unknown field (expected: {', '.join(FIELDS)})"
        raise RecordError(path, line, field, message) from None


def _add_record(extraction: Extraction, record: Record, provenance: Provenance) -> None:
    source = extraction.add_node(
        Node(record.source_type, record.source, set(record.source_aliases), provenance=[provenance])
    )
    target = extraction.add_node(
        Node(record.target_type, record.target, set(record.target_aliases), provenance=[provenance])
    )
    if record.program:
        extraction.add_node(Node(NodeType.PROGRAM, record.program, provenance=[provenance]))
    attrs = {k: v for k, v in (("source_ref", record.source_ref), ("note", record.note)) if v}
    extraction.add_edge(
        Edge(
            type=record.relation,
            source=source.id,
            target=target.id,
            program=record.program,
            start=record.start,
            end=record.end,
            figures=dict(record.figures),
            attrs=attrs,
            provenance=[provenance],
        )
    )
