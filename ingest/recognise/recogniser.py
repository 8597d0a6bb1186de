"""The :class:`Recogniser`: built once from the gazetteer, the departments list and
the lexicon; :meth:`~Recogniser.mentions` runs the rule groups over a sentence and settles
overlaps between them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from aidgraph.graph.model import ALLIANCE, HOSPITAL, ORGANIZATION, PERSON, PROGRAM, NodeType
from aidgraph.ingest.lexicon import (
    Lexicon,
    PrefixMatcher,
    SuffixMatcher,
    build_automaton,
    default_lexicon,
    longest_matches,
)
from aidgraph.ingest.recognise.departments import DepartmentRules
from aidgraph.ingest.recognise.enumerations import _quoted, quoted_spans
from aidgraph.ingest.recognise.institutions import (
    InstitutionRules,
    _coordinated_names,
    _paren_aliases,
)
from aidgraph.ingest.recognise.mention import Mention, is_name_char, overlaps_any
from aidgraph.ingest.recognise.patterns import _CACHE_LIMIT, _QUOTED_TAIL
from aidgraph.ingest.recognise.persons import PersonRules
from aidgraph.ingest.recognise.programs import ProgramRules
from aidgraph.ingest.recognise.regions import RegionRules
from aidgraph.ingest.recognise.techniques import TechniqueRules
from aidgraph.ingest.recognise.words import _lists


class Recogniser(
    RegionRules, InstitutionRules, DepartmentRules, PersonRules, TechniqueRules, ProgramRules
):
    """Mentions of every entity type in a sentence, from the gazetteer, the departments
    list and the lexicon. Build once, call :meth:`mentions` per sentence."""

    def __init__(self, gazetteer: Any, departments: Any, lexicon: Lexicon | None = None) -> None:
        self.gaz = gazetteer
        self.deps = departments
        self.lex = lexicon or default_lexicon()
        self.lists = _lists()
        self.region_auto = PrefixMatcher(
            {s: full for s, full in gazetteer.surfaces() if len(s) >= 2}
        )
        suffixes: dict[str, object] = {}
        for s, canon in self.lex.hospital_suffixes.items():
            suffixes[s] = (HOSPITAL, canon)
        for s, canon in self.lex.org_suffixes.items():
            suffixes[s] = (ORGANIZATION, canon)
        for s in self.lex.alliance_suffixes:
            suffixes[s] = (ALLIANCE, s)
        # Institution endings share few last characters (院, 委, 局, 体 …): matched from the
        # right, like the departments, the automaton's scan is faster than from the left.
        self.suffix_auto = SuffixMatcher(suffixes, min_len=1)
        self._cache: dict[tuple[str, str], Any] = {}
        self.role_re = _alternation(self.lex.roles)
        self.press_re = _alternation(self.lex.press_roles)
        self.speech_re = _alternation(self.lex.speech_verbs)
        self.dept_auto = SuffixMatcher({s: True for s in departments.surfaces() if len(s) >= 2})
        # The last characters of the listed departments and of 科/中心: a sentence with none
        # of them names no department, and one search says so.
        ends = {s[-1] for s in departments.surfaces() if len(s) >= 2} | {"科", "心"}
        self.dept_hint = re.compile(f"[{re.escape(''.join(sorted(ends)))}]")
        words = self.lists.program_words.words
        self.program_word_re = _alternation(words) if words else re.compile("(?!)")
        self.tech_auto = build_automaton(self.lists.tech_names)

    def mentions(self, s: str, context: str = "") -> list[Mention]:
        """Every mention in sentence ``s``, sorted by start; nested names are kept only
        where they matter (a hospital inside an alliance name). ``context`` is the whole
        article, for lexicon entries that need a word of it (兵团 needs 新疆)."""
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()  # bounded memory over a corpus of any size
        regions = self._regions(s)
        named = self._named(s, context or s)
        bodies = [n for n in named if n.type is ORGANIZATION]
        insts = [self._dash_joined(s, m) for m in self._institutions(s, regions, bodies)]
        insts, hidden = _paren_aliases(s, insts)
        insts = _coordinated_names(s, regions, insts)
        techs = self._techniques(s, insts)
        progs = self._programs(s, techs)
        if progs:
            # “筑南远程医疗协作网”: a quote that is wholly an alliance's name is the alliance.
            progs = [p for p in progs if not any(_same_alliance(p, m) for m in insts)]
            # A programme's title or quote swallows what is written inside it.
            insts = [m for m in insts if not any(m.inside(p) for p in progs)]
            progs = [p for p in progs if not any(p.overlaps(m) for m in insts)]
        out: list[Mention] = [*insts, *techs, *progs]
        for m in [*progs, *named]:
            if m.type is PROGRAM and "aliases" not in m.attrs:
                _with_quoted_tail(s, m)
        taken = [*out, *hidden]
        for m in [*regions, *named]:
            if not overlaps_any(m.start, m.end, taken):
                out.append(m)
                taken.append(m)
        out += self._departments(s, out[:])
        out += self._persons(s, [m for m in out if m.type is not PERSON])
        out.sort(key=lambda m: (m.start, -m.end))
        return out

    @staticmethod
    def _dash_joined(s: str, m: Mention) -> Mention:
        """“华西—甘孜医联体”: an alliance named after its two parties joined by a dash is
        the whole quoted name, not only the part after the dash."""
        if m.type is not ALLIANCE or s[m.start - 1 : m.start] not in ("—", "－", "-"):
            return m
        for a, b in quoted_spans(s):
            if a < m.start and m.end <= b:
                head = s[a : m.start - 1]
                if head and all(is_name_char(c) for c in head):
                    return Mention(m.type, s[a : m.end], a, m.end, None, m.attrs, m.parts, m.prefix)
        return m

    # Lookups repeat across sentences and articles; their answers never change.

    def _cands(self, surface: str) -> list[Any]:
        got = self._cache.get(("c", surface))
        if got is None:
            got = self._cache[("c", surface)] = self.gaz.candidates(surface)
        return got

    def _risky(self, surface: str) -> bool:
        got = self._cache.get(("r", surface))
        if got is None:
            got = self._cache[("r", surface)] = self.gaz.is_risky_short(surface)
        return got

    def _dep_like(self, surface: str) -> bool:
        got = self._cache.get(("d", surface))
        if got is None:
            got = self._cache[("d", surface)] = self.deps.looks_like_department(surface)
        return got

    def _dep_canon(self, surface: str) -> str | None:
        key = ("k", surface)
        if key not in self._cache:
            self._cache[key] = self.deps.canonical(surface)
        return self._cache[key]

    def _named(self, s: str, context: str) -> list[Mention]:
        out = []
        for start, end, (typ, entry) in longest_matches(self.lex.named_auto, s):
            if entry.context and entry.context not in context:
                continue
            if end - start <= 3 and typ == "Program" and not _quoted(s, start, end):
                continue  # 组团式 alone is an adjective; “组团式” is the programme
            out.append(Mention(_NAMED_TYPES[typ], s[start:end], start, end, entry.canonical))
        return out


# The lexicon's type names of its named entries, as node types: a dict read instead of
# NodeType(typ), whose by-value lookup runs through the enum machinery per match.
_NAMED_TYPES: dict[str, NodeType] = {"Program": PROGRAM, "Organization": ORGANIZATION}


def _same_alliance(p: Mention, m: Mention) -> bool:
    return m.type is ALLIANCE and (m.start, m.end) == (p.start, p.end)


def _with_quoted_tail(s: str, m: Mention) -> None:
    """“组团式”援疆: the aid word after the closing quote belongs to the written name, so
    the whole (“组团式”援疆, 组团式援疆) is an alias of the programme."""
    tail = _QUOTED_TAIL.match(s, m.end + 1)
    if tail and m.start and _quoted(s, m.start, m.end):
        written = s[m.start - 1 : tail.end()]
        m.attrs["aliases"] = [written, m.surface + tail.group()]


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
