"""Split cleaned article text into sentences with offsets.

Sentences end at 。！？；(and their ASCII forms ``!?;``), at an ellipsis ``……`` that is
followed by a new paragraph, and at each paragraph break ``"\\n"``. Closing quotes and
brackets that follow the mark stay with the sentence (``“……。”`` ends after ``”``). Runs
without any of these marks are cut into pieces of at most :data:`MAX_SENTENCE` characters,
preferably after a comma or a space, so a 1 MB line without punctuation cannot produce
one 1 MB sentence. A sentence never starts with a comma or colon, and pieces with no
letter, digit or character at all (a stray ``!``) are not sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["MAX_SENTENCE", "Sentence", "split_sentences"]

#: The longest piece a sentence is cut to when its text has no sentence-ending mark.
MAX_SENTENCE = 400

_CLOSERS = "”’」』)）】》\"'"
# A sentence: anything up to and including a run of end marks and the closers after them,
# or up to the end of the paragraph. (The first part is greedy over what is not an end
# mark, so re does not try the end at every character.)
_SENTENCE = re.compile(rf"[^\n。！？!?；;]*(?:[。！？!?；;]+[{re.escape(_CLOSERS)}]*|$)", re.M)
_SOFT_BREAK = re.compile(r"[，,、：:…—\s]")
_WS = " \t\u3000\u00a0"
# A sentence does not start with these (a comma left after a garbled span, say).
_LEAD = _WS + ",，、;；:："
_WORD = re.compile(r"\w")


@dataclass(frozen=True)
class Sentence:
    """A sentence of :attr:`Document.text`: ``doc_text[start:end] == text``."""

    text: str
    start: int
    end: int
    paragraph: int


def split_sentences(doc_text: str) -> list[Sentence]:
    """Sentences of ``doc_text`` (a :attr:`Document.text`), in order, white space trimmed."""
    out: list[Sentence] = []
    pos = 0
    for paragraph, line in enumerate(doc_text.split("\n")):
        for m in _SENTENCE.finditer(line):
            if m.start() == m.end():
                continue
            _emit(out, line, m.start(), m.end(), pos, paragraph)
        pos += len(line) + 1
    return out


def _emit(out: list[Sentence], line: str, s: int, e: int, offset: int, paragraph: int) -> None:
    while s < e and line[s] in _LEAD:
        s += 1
    while e > s and line[e - 1] in _WS:
        e -= 1
    if s >= e or not _WORD.search(line, s, e):
        return  # nothing but punctuation (a stray "!" of a garbled span)
    while e - s > MAX_SENTENCE:
        cut = _cut_point(line, s, s + MAX_SENTENCE)
        _emit(out, line, s, cut, offset, paragraph)
        s = cut
        while s < e and line[s] in _LEAD:
            s += 1
    if s < e and _WORD.search(line, s, e):
        out.append(Sentence(line[s:e], offset + s, offset + e, paragraph))


def _cut_point(line: str, s: int, limit: int) -> int:
    """Where to cut ``line[s:limit]``: after the last soft break in its second half."""
    half = s + (limit - s) // 2
    best = -1
    for m in _SOFT_BREAK.finditer(line, half, limit):
        best = m.end()
    return best if best > s else limit
