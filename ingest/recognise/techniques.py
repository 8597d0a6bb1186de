"""Technique mentions: the techniques list, and quoted or enumerated phrases shaped
like a procedure (…术, …治疗, …镜) after 开展/完成/首例 or before 等N项技术.
"""

from __future__ import annotations

from aidgraph.graph.model import TECHNIQUE
from aidgraph.ingest.lexicon import longest_matches
from aidgraph.ingest.recognise.enumerations import enumeration_items, quoted_spans
from aidgraph.ingest.recognise.mention import Mention, is_name_char, overlaps_any
from aidgraph.ingest.recognise.patterns import (
    _ABBREV_PAREN,
    _FIRST_IN_ITEM,
    _ITEM_JOINT,
    _LATIN_AROUND,
    _NAME_RUN,
    _TECH_ACHIEVED,
    _TECH_FIRSTS,
    _TECH_HINT,
    _TECH_LEAD,
    _TECH_LIST_END,
    _TECH_TAIL,
    _UNIT_AFTER,
)


class TechniqueRules:
    """Procedures named, listed or quoted."""

    def _techniques(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        if not _TECH_HINT.search(s):
            return out
        for start, end in quoted_spans(s):
            text = s[start:end]
            if self._technique_shaped(text) and len(text) >= 4:
                out.append(Mention(TECHNIQUE, text, start, end))
        for m in _TECH_LIST_END.finditer(s):
            out += self._enumerated_techniques(s, m.start(), blockers, out)
        for m in _TECH_ACHIEVED.finditer(s):
            # The enumeration ends where the achievement starts: cut the sentence there.
            out += [
                t
                for t in self._enumerated_techniques(s[: m.start()], m.start(), blockers, out)
                if self._technique_shaped(t.surface)
            ]
        for m in _TECH_FIRSTS.finditer(s):
            span = self._item_after(s, m.end())
            # 首次开展X和Y / X、Y: every coordinated item that is shaped like a procedure.
            while span and self._technique_shaped(s[span[0] : span[1]]):
                out.append(Mention(TECHNIQUE, s[span[0] : span[1]], *span))
                joint = _ITEM_JOINT.match(s[span[1] :])
                span = self._item_after(s, span[1] + joint.end()) if joint else None
        # Last, so that the same span found with its bracketed alias above wins.
        out += self._named_techniques(s)
        kept: list[Mention] = []
        for m in sorted(out, key=lambda m: (m.start, -m.end)):
            if overlaps_any(m.start, m.end, kept) or overlaps_any(m.start, m.end, blockers):
                continue
            kept.append(m)
        return kept

    def _named_techniques(self, s: str) -> list[Mention]:
        """Standard names from the techniques list (体外膜肺氧合, ECMO, 热敏灸), with a
        treatment word written right after (穴位埋线治疗); not inside a longer Latin word."""
        out = []
        for start, end, canon in longest_matches(self.tech_auto, s):
            around = s[start - 1 : start] + s[end : end + 1]
            if s[start:end].isascii() and _LATIN_AROUND.search(around):
                continue
            if _UNIT_AFTER.match(s, end):
                continue  # 血液透析中心, 血液透析室: a department named after the service
            tail = _TECH_TAIL.match(s, end)
            if tail:
                end, canon = tail.end(), None
            out.append(Mention(TECHNIQUE, s[start:end], start, end, canon))
        return out

    def _technique_shaped(self, text: str) -> bool:
        if text in self.lists.tech_names:
            return True
        if len(text) < 3 or len(text) > 20 or not _NAME_RUN.fullmatch(text):
            return False
        lists = self.lists
        if not lists.tech_suffixes.ending_at(text, len(text)):
            return False
        return not lists.tech_generic.covers(text)

    def _enumerated_techniques(
        self, s: str, pos: int, blockers: list[Mention], found: list[Mention]
    ) -> list[Mention]:
        """A、B、C等N项…: items before 等 that look like procedures."""
        out = []
        items = enumeration_items(s, pos - 1, pos, blockers=blockers, parens=True)
        items = [self._technique_item(s, a, b) for a, b in items]
        shaped = [it for it in items if self._technique_shaped(s[it[0] : it[1]])]
        if not shaped:
            return []
        tail = s[pos : pos + 12]
        technical = any(w in tail for w in ("技术", "项目", "手术", "新业务"))
        for a, b, alias in items:
            text = s[a:b]
            if (a, b, alias) in shaped or (
                technical
                and 4 <= len(text) <= 16
                and not self.lists.tech_generic.covers(text)
                and all(is_name_char(c) for c in text)
            ):
                attrs = {"aliases": [alias]} if alias else {}
                out.append(Mention(TECHNIQUE, text, a, b, attrs=attrs))
        return out

    def _technique_item(self, s: str, a: int, b: int) -> tuple[int, int, str | None]:
        """Trim an enumerated item to its technique: 首例/了 before it, and ERCP（经内镜…术）
        gives the spelled-out name with the abbreviation as alias."""
        while a < b:
            lead = _TECH_LEAD.match(s, a)
            if lead is None:
                break
            a = lead.end()
        m = _ABBREV_PAREN.fullmatch(s[a:b])
        if m:
            inner_a = a + m.start(2)
            inner = (inner_a, inner_a + len(m.group(2)))
            if self._technique_shaped(m.group(2)):
                return (inner[0], inner[1], m.group(1))
            return (a, a + len(m.group(1)), m.group(2))
        return (a, b, None)

    def _item_after(self, s: str, pos: int) -> tuple[int, int] | None:
        end = pos
        while end < len(s) and is_name_char(s[end]) and end - pos < 20:
            # 接受X的患者: 的 ends the procedure's name.
            if s[end] in "等的" or (
                end > pos and self.lists.stops.starting_at(s, end) in ("和", "及")
            ):
                break
            end += 1
        start = pos
        while start < end:
            lead = _TECH_LEAD.match(s, start)
            if lead is None:
                break
            start = lead.end()
        # 开展了州内首例X: the procedure starts after the last 首例 in front of it.
        first = _FIRST_IN_ITEM.match(s, start, end)
        if first:
            start = first.end()
        return (start, end) if end - start >= 3 else None
