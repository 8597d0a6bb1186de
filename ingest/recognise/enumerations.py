"""Spans the rules read items from: the insides of quoted phrases, and the items of
an enumeration (A、B和C等) around an offset.
"""

from __future__ import annotations

from aidgraph.ingest.recognise.mention import Mention
from aidgraph.ingest.recognise.patterns import (
    _ENUM_AFTER,
    _ENUM_BEFORE,
    _ENUM_LAST,
    _ENUM_SEP,
    _OPEN_PAREN,
    _QUOTE_MARKS,
    _QUOTED,
    QUOTES_CLOSE,
    QUOTES_OPEN,
)
from aidgraph.ingest.recognise.words import _lists


def _quoted(s: str, start: int, end: int) -> bool:
    return start > 0 and s[start - 1] in QUOTES_OPEN and s[end : end + 1] in QUOTES_CLOSE


def quoted_spans(s: str) -> list[tuple[int, int]]:
    """Offsets of the insides of quoted phrases (“…”, 「…」, ‘…’)."""
    return [m.span(1) for m in _QUOTED.finditer(s)]


def enumeration_items(
    s: str, first: int, last: int, blockers: list[Mention] | None = None, parens: bool = False
) -> list[tuple[int, int]]:
    """The items of the enumeration (A、B和C等) around offsets ``first``..``last``.

    Items are separated by 、 (and 和/及/与 before the last one); the enumeration stops at
    other punctuation. The first item starts after the nearest boundary word or mention.
    """
    lo, hi = _enumeration_bounds(s, first, last, parens)
    return _enumeration_within(s, lo, hi, blockers or [])


def _enumeration_bounds(s: str, first: int, last: int, parens: bool) -> tuple[int, int]:
    """The span of the enumeration around ``first``..``last``: from the punctuation before
    it to the punctuation (or 等) after it."""
    lo = first
    if lo > 0:
        # The nearest stop before ``first`` is the first one in the text read backwards.
        back = _ENUM_BEFORE[parens].search(s[first - 1 :: -1])
        lo = first - back.start() if back else 0
    ahead = _ENUM_AFTER[parens].search(s, last)
    hi = ahead.start() if ahead else max(last, len(s))
    return lo, hi


def _enumeration_within(s: str, lo: int, hi: int, blockers: list[Mention]) -> list[tuple[int, int]]:
    """The items of the enumeration ``s[lo:hi]`` (see :func:`enumeration_items`)."""
    items = []
    pos = lo
    for part in s[lo:hi].split(_ENUM_SEP):
        a = pos
        b = pos = pos + len(part)
        pos += 1  # past the 、
        while a < b and s[a] in _QUOTE_MARKS:
            a += 1
        while b > a and s[b - 1] in _QUOTE_MARKS:
            b -= 1
        if a < b:
            items.append((a, b))
    if not items:
        return []
    items = _trim_first(s, items, blockers)
    if not items:
        return []  # 北京协和医院等3项技术: the one item was a name, trimmed away whole
    items = _split_last(s, items)
    return [(a, b) for a, b in items if b - a >= 2]


def _trim_first(
    s: str, items: list[tuple[int, int]], blockers: list[Mention]
) -> list[tuple[int, int]]:
    a, b = items[0]
    cut = a
    for m in blockers:
        if a <= m.end <= b and m.end > cut and m.start >= a:
            cut = m.end
    stops = _lists().stops
    paren = _OPEN_PAREN.search(s, cut, b)
    scan_end = paren.start() if paren else b  # never cut inside ERCP（经内镜…）
    ends = stops.by_last
    for i in range(scan_end - 1, cut, -1):
        w = s[i - 1] in ends and stops.ending_at(s, i)
        if w and i - len(w) >= cut:
            cut = max(cut, i)
            break
    return [(cut, b), *items[1:]] if cut < b else items[1:]


def _split_last(s: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    a, b = items[-1]
    text = s[a:b]
    for conj in _ENUM_LAST:
        k = text.find(conj)
        if k >= 2 and len(text) - k - len(conj) >= 2:
            return [*items[:-1], (a, a + k), (a + k + len(conj), b)]
    return items
