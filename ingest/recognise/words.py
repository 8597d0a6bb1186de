"""The word lists of the rules (boundary words, generic modifiers, technique and
programme words, role titles, speech verbs), loaded once from the data files and the
lexicon, each a :class:`_WordSet` that answers "does one of them end or start here?".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from aidgraph.ingest.lexicon import default_lexicon, load_map, load_words


class _WordSet:
    """A set of words that answers "does one of them end (or start) at this offset?"."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if w}
        self.by_last: dict[str, list[str]] = {}
        self.by_first: dict[str, list[str]] = {}
        for w in sorted(self.words, key=len, reverse=True):
            self.by_last.setdefault(w[-1], []).append(w)
            self.by_first.setdefault(w[0], []).append(w)

    def ending_at(self, s: str, pos: int) -> str | None:
        if pos <= 0:
            return None
        for w in self.by_last.get(s[pos - 1], ()):
            if s.endswith(w, 0, pos):
                return w
        return None

    def starting_at(self, s: str, pos: int) -> str | None:
        if pos >= len(s):
            return None
        for w in self.by_first.get(s[pos], ()):
            if s.startswith(w, pos):
                return w
        return None

    def covers(self, text: str) -> bool:
        """True if ``text`` splits entirely into words of the set (greedy from the right)."""
        pos = len(text)
        while pos > 0:
            w = self.ending_at(text, pos)
            if w is None:
                return False
            pos -= len(w)
        return True


_NAME_WORDS = _WordSet(
    ["协和", "仁和", "太和", "永和", "中和", "同仁", "同济", "同心", "为民", "首都", "成都", "经纬"]
)


@dataclass
class _Lists:
    """The word lists of the rules, loaded once."""

    stops: _WordSet
    generic: _WordSet
    tech_suffixes: _WordSet
    tech_generic: _WordSet
    tech_names: dict[str, str]  # standard names without a usual ending (ECMO, 热敏灸)
    program_words: _WordSet
    plan_suffixes: _WordSet
    roles: _WordSet
    speech: _WordSet
    press: _WordSet


@cache
def _lists() -> _Lists:
    lex = default_lexicon()
    return _Lists(
        stops=_WordSet(load_words("name_stops.txt")),
        generic=_WordSet(load_words("generic_modifiers.txt")),
        tech_suffixes=_WordSet(load_words("technique_suffixes.txt")),
        tech_generic=_WordSet(load_words("technique_generic.txt")),
        tech_names=load_map("technique_names.txt"),
        program_words=_WordSet(load_words("program_words.txt")),
        plan_suffixes=_WordSet(load_words("plan_suffixes.txt")),
        roles=_WordSet(lex.roles),
        speech=_WordSet(lex.speech_verbs),
        press=_WordSet(lex.press_roles),
    )
