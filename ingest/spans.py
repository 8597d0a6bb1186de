"""Where a clause or a sentence of a sentence string starts or ends.

Shared by :mod:`aidgraph.ingest.recognise` and :mod:`aidgraph.ingest.relate`, whose rules
read a phrase only as far as its clause (up to a comma) or its sentence (up to a full stop
or semicolon).
"""

from __future__ import annotations

import re


def _clause_end(s: str, pos: int) -> int:
    m = _CLAUSE_END_RE.search(s, pos)
    return m.start() if m else len(s)


_CLAUSE_END_RE = re.compile(r"[，,。；;！？!?]")


def _sentence_end(s: str, pos: int) -> int:
    m = _SENTENCE_END_RE.search(s, pos)
    return m.start() if m else len(s)


_SENTENCE_END_RE = re.compile(r"[。；;！？!?]")


def crosses_clause(s: str, lo: int, hi: int) -> bool:
    """A comma, full stop or semicolon lies within ``s[lo:hi]``: the two ends are in
    different clauses."""
    return _CLAUSE_BREAK_RE.search(s, lo, hi) is not None


_CLAUSE_BREAK_RE = re.compile(r"[，,。；;]")


def crosses_sentence(s: str, lo: int, hi: int) -> bool:
    """A full stop or semicolon lies within ``s[lo:hi]``."""
    return _SENTENCE_BREAK_RE.search(s, lo, hi) is not None


_SENTENCE_BREAK_RE = re.compile(r"[。；;]")


def _clause_start(s: str, pos: int) -> int:
    # The last break before pos, found by a regex over the reversed prefix rather than a
    # loop in Python over each character back to it.
    if pos <= 0:
        return pos
    m = _CLAUSE_END_RE.search(s[pos - 1 :: -1])
    return pos - m.start() if m else 0
