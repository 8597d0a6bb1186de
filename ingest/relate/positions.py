"""Mentions by position in a sentence: those lying within a span, and the members of
an enumeration that ends at an offset (A、B和C等N家医院 加入…).

The mentions of a sentence come sorted by start, so a span is found by bisection.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter

from aidgraph.graph.model import NodeType
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.patterns import _LIST_JOIN
from aidgraph.ingest.spans import crosses_clause

_START = attrgetter("start")  # one key function, not a new lambda per call


def _enumerated_before(s: str, bodies: list[Mention], pos: int) -> list[Mention]:
    """The bodies of an enumeration that ends right before ``pos`` in its clause
    (A、B和C等N家医院 加入…)."""
    before = [o for o in bodies if o.end <= pos]
    if not before or crosses_clause(s, before[-1].end, pos):
        return []
    out = [before[-1]]
    for o in reversed(before[:-1]):
        if not _LIST_JOIN.fullmatch(s[o.end : out[0].start]):
            break
        out.insert(0, o)
    return out


def _between(
    ms: list[Mention], lo: int, hi: int, kinds: tuple[NodeType, ...] | None = None
) -> list[Mention]:
    """The mentions of ``ms`` (sorted by start) lying within ``lo``..``hi``, of one of
    ``kinds`` if given (the filter in the same pass: no second list)."""
    i = bisect_left(ms, lo, key=_START)
    out = []
    for m in ms[i:]:
        if m.start >= hi:
            break
        if m.end <= hi and (kinds is None or m.type in kinds):
            out.append(m)
    return out


def _has_type(ms: list[Mention], kind: NodeType) -> bool:
    """A mention of type ``kind`` is among ``ms``. (A plain loop: rules ask this of every
    sentence, and any() over a generator costs more on its short list.)"""
    for m in ms:  # noqa: SIM110 (any() over a generator is the cost this avoids)
        if m.type is kind:
            return True
    return False
