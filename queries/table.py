"""The one result shape every query returns: named columns, rows of plain values.

Named questions, Cypher and SPARQL SELECT all answer with a :class:`Table`, so the CLI,
the API and the views format and page results one way. ``truncated`` says that a row cap
cut the answer short, so nobody mistakes a partial answer for the whole.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("table", "json", "csv")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        return {"columns": self.columns, "rows": self.rows, "truncated": self.truncated}

    def render(self, fmt: str = "table") -> str:
        """The table as aligned text, JSON or CSV."""
        if fmt == "json":
            return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, default=str)
        if fmt == "csv":
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(self.columns)
            writer.writerows([[_cell(v) for v in row] for row in self.rows])
            return buffer.getvalue()
        if fmt == "table":
            return self._aligned()
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")

    def _aligned(self) -> str:
        cells = [self.columns] + [[_cell(v) for v in row] for row in self.rows]
        widths = [max(_width(row[i]) for row in cells) for i in range(len(self.columns))]
        lines = [
            "  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        footer = f"({len(self.rows)} rows{', truncated' if self.truncated else ''})"
        return "\n".join([*lines, footer])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
