"""Text edits that remember where every character came from.

:class:`TrackedText` is a text with an :class:`OffsetMap` back to the original: each edit
(deletions, replacements, regex substitutions) returns a new one whose map still sends
every character, or span, to the span of the original it stands for. Cleaning an article
is a chain of such edits, so any span of the clean text maps back exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable


class OffsetMap:
    """A piecewise map from positions of a derived text to spans of the original.

    Segment ``k`` covers text ``[t[k], t[k] + n[k])``. A linear segment maps its characters
    one to one onto ``[lo[k], hi[k])`` (``hi - lo == n``); a lump maps every character to
    the whole of ``[lo[k], hi[k])`` (a replacement that changed length, or a synthetic
    character with an empty span). Segments are never empty, so ``t`` is strictly
    increasing and a position's segment is found by bisection.
    """

    __slots__ = ("hi", "lin", "lo", "n", "t")

    def __init__(self) -> None:
        self.t: list[int] = []
        self.lo: list[int] = []
        self.hi: list[int] = []
        self.n: list[int] = []
        self.lin: list[bool] = []

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        m = cls()
        m.add(0, 0, length, length, True)
        return m

    def add(self, t: int, lo: int, hi: int, n: int, linear: bool) -> None:
        if n <= 0:
            return
        if (
            linear
            and self.t
            and self.lin[-1]
            and self.t[-1] + self.n[-1] == t
            and self.hi[-1] == lo
        ):
            self.n[-1] += n
            self.hi[-1] = hi
            return
        self.t.append(t)
        self.lo.append(lo)
        self.hi.append(hi)
        self.n.append(n)
        self.lin.append(linear)

    def _seg(self, x: int) -> int:
        return bisect_right(self.t, x) - 1

    def start(self, x: int) -> int:
        """Original start of text character ``x``."""
        k = self._seg(x)
        return self.lo[k] + (x - self.t[k]) if self.lin[k] else self.lo[k]

    def end(self, x: int) -> int:
        """Original end (exclusive) of text character ``x``."""
        k = self._seg(x)
        return self.lo[k] + (x - self.t[k]) + 1 if self.lin[k] else self.hi[k]

    def last_end(self) -> int:
        """Original end of the last character mapped so far (``end`` of it, without the
        bisection: a linear segment ends where its last character does)."""
        return self.hi[-1]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original span of text ``[a, b)`` (``a < b``): the start of ``a``, the end of
        ``b - 1`` (never before that start).

        One bisection when both ends lie in one segment, as they mostly do: provenance
        asks this for every mention and sentence.
        """
        t, lo = self.t, self.lo
        k = bisect_right(t, a) - 1
        start = lo[k] + (a - t[k]) if self.lin[k] else lo[k]
        last = b - 1
        if last >= t[k] + self.n[k]:
            k = bisect_right(t, last, k + 1) - 1
        end = lo[k] + (last - t[k]) + 1 if self.lin[k] else self.hi[k]
        return (start, max(start, end))

    def copy_range(self, a: int, b: int, out: OffsetMap, at: int) -> None:
        """Append to ``out`` (at text position ``at``) the mapping of this text's ``[a, b)``.

        The segments wholly inside ``[a, b)`` are copied as slices, shifted to their new
        position, not one by one: an article full of pinyin glosses has a segment per
        gloss, and every later edit, and the final text, copies them all again.
        """
        if a >= b:
            return
        t, n = self.t, self.n
        k = bisect_right(t, a) - 1
        if b <= t[k] + n[k]:  # inside one segment, as most ranges are
            self._copy_part(k, a, b, out, at)
            return
        last = bisect_right(t, b - 1, k) - 1
        self._copy_part(k, a, t[k] + n[k], out, at)
        shift = at - a  # from positions here to positions in ``out``
        if last > k + 1:
            # Consecutive segments of a map never continue one another (add merges them),
            # so the whole ones need no merging.
            out.t.extend([x + shift for x in t[k + 1 : last]])
            out.lo.extend(self.lo[k + 1 : last])
            out.hi.extend(self.hi[k + 1 : last])
            out.n.extend(n[k + 1 : last])
            out.lin.extend(self.lin[k + 1 : last])
        self._copy_part(last, t[last], b, out, t[last] + shift)

    def _copy_part(self, k: int, a: int, b: int, out: OffsetMap, at: int) -> None:
        """Append to ``out`` (at ``at``) the mapping of ``[a, b)``, a part of segment ``k``."""
        if self.lin[k]:
            start = self.lo[k] + a - self.t[k]
            out.add(at, start, start + b - a, b - a, True)
        else:
            out.add(at, self.lo[k], self.hi[k], b - a, False)


class TrackedText:
    """Text plus the map of its characters back to the original."""

    __slots__ = ("map", "text")

    def __init__(self, text: str, map_: OffsetMap) -> None:
        self.text = text
        self.map = map_

    @classmethod
    def of(cls, text: str) -> TrackedText:
        return cls(text, OffsetMap.identity(len(text)))

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> TrackedText:
        """Apply sorted, non-overlapping ``(start, end, replacement)`` edits.

        A replacement of the same length maps character by character; any other maps every
        new character to the whole replaced span (an insertion, to an empty span).
        """
        text, old = self.text, self.map
        size = len(text)
        parts: list[str] = []
        new = OffsetMap()
        pos = 0
        at = 0
        changed = False
        for s, e, rep in edits:
            if s < pos:
                continue  # overlapping edit: the earlier one wins
            changed = True
            parts.append(text[pos:s])
            old.copy_range(pos, s, new, at)
            at += s - pos
            if len(rep) == e - s:
                old.copy_range(s, e, new, at)
            elif rep:
                # an insertion at the very end maps to the end of the last character
                lo = old.start(s) if s < size else (old.end(size - 1) if size else 0)
                hi = old.end(e - 1) if e > s else lo
                new.add(at, lo, max(lo, hi), len(rep), False)
            parts.append(rep)
            at += len(rep)
            pos = e
        if not changed:
            return self
        parts.append(text[pos:])
        old.copy_range(pos, size, new, at)
        return TrackedText("".join(parts), new)

    def replace_text(self, text: str) -> TrackedText:
        """The same map over a text of the same length (a one-for-one conversion)."""
        return TrackedText(text, self.map)

    def sub(self, pattern: re.Pattern[str], repl: str = "") -> TrackedText:
        """Replace every match of ``pattern`` by ``repl`` (a fixed string; ``""`` deletes)."""
        return self.edit((m.start(), m.end(), repl) for m in pattern.finditer(self.text))
