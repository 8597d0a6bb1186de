"""The word lists the article extractor rests on, loaded once from ``ingest/data``.

Recognition in aidgraph is lexicon- and morphology-driven (no downloaded NER model), so
every list lives in a plain text file a researcher can read and extend: hospital and
organisation name endings, alliance endings, national bodies and named programmes with
their aliases, role titles, speech verbs, press roles and surnames. This module only
reads those files and builds Aho-Corasick automatons over them; the rules that use the
lists live in :mod:`aidgraph.ingest.recognise`.

File formats: ``*.txt`` hold one entry a line (``surnames.txt`` allows several, space
separated); ``*.tsv`` hold ``canonical<TAB>aliases|...<TAB>context``. Blank lines and
lines starting with ``#`` are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import ahocorasick

DATA_PACKAGE = "aidgraph.ingest"


def _lines(name: str) -> list[str]:
    text = resources.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def load_words(name: str) -> list[str]:
    """The entries of a one-per-line list (the first tab-separated field of each line)."""
    return [ln.split("\t")[0].strip() for ln in _lines(name)]


def load_map(name: str) -> dict[str, str]:
    """A ``surface<TAB>canonical`` list as a dict; a line without a tab maps to itself."""
    out: dict[str, str] = {}
    for ln in _lines(name):
        parts = ln.split("\t")
        out[parts[0].strip()] = (parts[1].strip() if len(parts) > 1 else "") or parts[0].strip()
    return out


@dataclass(frozen=True)
class Named:
    """A lexicon entry with a canonical name, its aliases and an optional context word."""

    canonical: str
    aliases: tuple[str, ...] = ()
    context: str | None = None


def load_named(name: str) -> list[Named]:
    """Entries of a ``canonical<TAB>alias|alias<TAB>context`` file."""
    out = []
    for ln in _lines(name):
        parts = [p.strip() for p in ln.split("\t")]
        aliases = tuple(a for a in (parts[1].split("|") if len(parts) > 1 else []) if a)
        context = parts[2] if len(parts) > 2 and parts[2] else None
        out.append(Named(parts[0], aliases, context))
    return out


def build_automaton(words: dict[str, object]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton mapping each word to its payload ``(word, payload)``."""
    auto = ahocorasick.Automaton()
    for word, payload in words.items():
        if word:
            auto.add_word(word, (word, payload))
    if len(auto):
        auto.make_automaton()
    return auto


class PrefixMatcher:
    """Longest-leftmost matching of many words of two or more characters.

    For thousands of CJK words pyahocorasick slows down with the width of its root (each
    step scans the children), so large lists use this instead: a regex finds the
    positions where some word can start (a first character followed by a possible second
    one, which skips most of the places a first character alone would stop at), and a
    dict keyed by the first two characters gives the few words to try there, longest
    first.
    """

    def __init__(self, words: dict[str, object]) -> None:
        by2: dict[str, list[tuple[str, object]]] = {}
        for word, payload in words.items():
            if len(word) >= 2:
                by2.setdefault(word[:2], []).append((word, payload))
        for cands in by2.values():
            cands.sort(key=lambda wp: -len(wp[0]))
        self.by2 = by2
        firsts = "".join(sorted({w[0] for w in by2}))
        seconds = "".join(sorted({w[1] for w in by2}))
        self.first_re = re.compile(
            f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])" if firsts else "(?!)"
        )

    def __len__(self) -> int:
        return sum(len(c) for c in self.by2.values())

    def longest(self, text: str) -> list[tuple[int, int, object]]:
        """Non-overlapping longest-leftmost matches as (start, end, payload)."""
        out: list[tuple[int, int, object]] = []
        reach = 0
        by2 = self.by2
        for m in self.first_re.finditer(text):
            i = m.start()
            if i < reach:
                continue
            cands = by2.get(text[i : i + 2])
            if not cands:
                continue
            for word, payload in cands:
                if text.startswith(word, i):
                    out.append((i, i + len(word), payload))
                    reach = i + len(word)
                    break
        return out


class SuffixMatcher:
    """Longest matching anchored on words' last characters (rightmost-longest), for lists
    whose words share few endings (departments end in 科, 中心, 室 …).

    An Aho-Corasick automaton over the reversed words, run over the reversed text: with
    only a handful of distinct endings its root is narrow, and its longest-leftmost scan
    in C is about three times faster than :class:`PrefixMatcher`'s candidates in Python.
    """

    def __init__(self, words: dict[str, object], min_len: int = 2) -> None:
        self.auto = build_automaton({w[::-1]: p for w, p in words.items() if len(w) >= min_len})

    def __len__(self) -> int:
        return len(self.auto)

    def longest(self, text: str) -> list[tuple[int, int, object]]:
        """Non-overlapping rightmost-longest matches as (start, end, payload), by start."""
        if not len(self.auto):
            return []
        n = len(text)
        hits = [
            (n - 1 - end, n - 1 - end + len(w), p)
            for end, (w, p) in self.auto.iter_long(text[::-1])
        ]
        hits.reverse()
        return hits

    def every(self, text: str) -> list[tuple[int, int, object]]:
        """Every match, nested and overlapping ones too, as (start, end, payload), in no
        promised order (the scan runs from the text's end)."""
        if not len(self.auto):
            return []
        n = len(text)
        return [
            (n - 1 - end, n - 1 - end + len(w), p) for end, (w, p) in self.auto.iter(text[::-1])
        ]


class WordGated:
    """A pattern that can only match where one of ``words`` is written: scanned only there.

    An ``in`` test costs less than a scan, and most sentences lack the word; some of these
    patterns also open on a class of common characters (any CJK character), which re must
    try at nearly every position of a sentence to find nothing.
    """

    __slots__ = ("pattern", "words")

    def __init__(self, pattern: str, *words: str) -> None:
        self.pattern = re.compile(pattern)
        self.words = words

    def finditer(self, s: str) -> Iterator[re.Match[str]] | tuple[()]:
        return self.pattern.finditer(s) if self._may_match(s) else ()

    def search(self, s: str) -> re.Match[str] | None:
        return self.pattern.search(s) if self._may_match(s) else None

    def _may_match(self, s: str) -> bool:
        for word in self.words:  # noqa: SIM110 (any() over a generator costs more here)
            if word in s:
                return True
        return False


def longest_matches(
    auto: ahocorasick.Automaton | PrefixMatcher | SuffixMatcher, text: str
) -> list[tuple[int, int, object]]:
    """Non-overlapping longest-leftmost matches of ``auto`` in ``text`` as (start, end, payload)
    (rightmost-longest for a :class:`SuffixMatcher`)."""
    if isinstance(auto, (PrefixMatcher, SuffixMatcher)):
        return auto.longest(text)
    if not len(auto):
        return []
    return [(end + 1 - len(w), end + 1, p) for end, (w, p) in auto.iter_long(text)]


@dataclass
class Lexicon:
    """Every list the extractor uses, with automatons for the multi-pattern ones."""

    hospital_suffixes: dict[str, str]
    org_suffixes: dict[str, str]
    alliance_suffixes: list[str]
    national_bodies: list[Named]
    programs: list[Named]
    roles: list[str]
    speech_verbs: list[str]
    press_roles: list[str]
    surnames: set[str]
    program_index: dict[str, Named] = field(default_factory=dict)
    body_index: dict[str, Named] = field(default_factory=dict)
    named_auto: ahocorasick.Automaton | None = None

    def __post_init__(self) -> None:
        for entry in self.programs:
            for surface in (entry.canonical, *entry.aliases):
                self.program_index[surface] = entry
        for entry in self.national_bodies:
            for surface in (entry.canonical, *entry.aliases):
                self.body_index[surface] = entry
        words: dict[str, object] = {s: ("Program", e) for s, e in self.program_index.items()}
        words.update({s: ("Organization", e) for s, e in self.body_index.items()})
        self.named_auto = build_automaton(words)


def _surnames() -> set[str]:
    return {tok for ln in _lines("surnames.txt") for tok in ln.split()}


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped in ``ingest/data`` (built once per process)."""
    return Lexicon(
        hospital_suffixes=load_map("hospital_suffixes.txt"),
        org_suffixes=load_map("org_suffixes.txt"),
        alliance_suffixes=load_words("alliance_suffixes.txt"),
        national_bodies=load_named("national_bodies.tsv"),
        programs=load_named("programs.tsv"),
        roles=load_words("roles.txt"),
        speech_verbs=load_words("speech_verbs.txt"),
        press_roles=load_words("press_roles.txt"),
        surnames=_surnames(),
    )
