"""The :class:`Mention` the recogniser finds, and the character classes its rules
share (a name character, a CJK character).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from aidgraph.graph.model import NodeType


@dataclass(slots=True)
class Mention:
    """One mention of an entity in a sentence.

    ``key`` is what the recogniser already knows of the canonical form (a lexicon's
    canonical name, a department's standard name, a region surface). ``parts`` are the
    region and institution mentions a name was built from (玉树州 in 玉树州人民医院);
    ``prefix`` the full-form places written before a hospital's own name (西藏自治区 in
    西藏自治区日喀则市人民医院), which the resolver turns into LOCATED_IN.
    """

    type: NodeType
    surface: str
    start: int
    end: int
    key: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    parts: list[Mention] = field(default_factory=list)
    prefix: list[Mention] = field(default_factory=list)

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: Mention) -> bool:
        return other.start <= self.start and self.end <= other.end and self is not other


def overlaps_any(start: int, end: int, others: Iterable[Mention]) -> bool:
    """True if the span ``start``..``end`` overlaps one of ``others``. (A plain loop: the
    rules ask this for most candidates, and any() over a generator costs more.)"""
    for o in others:  # noqa: SIM110 (any() over a generator is the cost this avoids)
        if start < o.end and o.start < end:
            return True
    return False


def is_name_char(c: str) -> bool:
    return ("\u4e00" <= c <= "\u9fff") or (c.isascii() and c.isalpha()) or c == "·"


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"
