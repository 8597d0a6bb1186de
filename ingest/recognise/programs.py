"""Program mentions: 《…》 titles of plans, “X”模式 and 探索X模式, quoted phrases used
as programmes, paired-province programmes (闽宁协作), state building projects and 工程.
"""

from __future__ import annotations

from aidgraph.graph.model import PROGRAM
from aidgraph.ingest.recognise.enumerations import quoted_spans
from aidgraph.ingest.recognise.mention import Mention, is_cjk, is_name_char, overlaps_any
from aidgraph.ingest.recognise.patterns import (
    _LATIN_PROJECT,
    _LISTED_REST,
    _MENTORING,
    _NOT_PROGRAMS,
    _PAIR_PROGRAM,
    _PROGRAM_CHARS,
    _PROGRAM_FOLLOWERS_RE,
    _PROGRAM_HINT,
    _PROGRAM_LEAD,
    _PROVINCE_CHARS,
    _QUOTED_MODEL,
    _SHORT_TAIL,
    _STATE_PROJECT,
    _TAKES_PART,
    _TITLE,
    _TRAILING_PAREN,
    _VERB_MODEL,
    _WORKS,
)
from aidgraph.ingest.spans import _clause_end, _clause_start


class ProgramRules:
    """Programmes from titles, quotes and programme shapes."""

    def _programs(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        if not _PROGRAM_HINT.search(s):
            return out  # no title, quote or programme word: nothing to look at
        for m in _TITLE.finditer(s):
            title = m.group(1)
            bare = _TRAILING_PAREN.sub("", title)
            if self.lists.plan_suffixes.ending_at(bare, len(bare)):
                out.append(Mention(PROGRAM, title, m.start(1), m.end(1)))
        for m in _QUOTED_MODEL.finditer(s):
            if m.group(1) in _MENTORING:
                continue  # “师带徒”模式 is a way of teaching, not a programme
            name = f"{m.group(1)}{m.group(3)}模式"
            out.append(
                Mention(
                    PROGRAM,
                    m.group(0),
                    m.start(),
                    m.end(),
                    key=name,
                    attrs={"aliases": [m.group(1), name]},
                )
            )
        for m in _VERB_MODEL.finditer(s):
            out.append(Mention(PROGRAM, m.group(1), m.start(1), m.end(1)))
        for start, end in quoted_spans(s):
            if any(start >= o.start and end <= o.end for o in out):
                continue
            m = self._program_phrase(s, start, end)
            if m is not None:
                out.append(m)
        for m in _PAIR_PROGRAM.finditer(s):
            # 辽宁省对口支援…, 宁陕县…: two province characters that spell a place are no pair.
            if (
                m.group(1)[0] != m.group(1)[1]
                and not (m.start() and s[m.start() - 1] in _PROVINCE_CHARS)
                and not self._cands(m.group(1))
            ):
                out.append(Mention(PROGRAM, m.group(0), m.start(), m.end()))
        for m in _LATIN_PROJECT.finditer(s):
            out.append(Mention(PROGRAM, m.group(0), m.start(), m.end()))
        for m in _STATE_PROJECT.finditer(s):
            out.append(Mention(PROGRAM, m.group(0), m.start(), m.end()))
        for m in _WORKS.finditer(s):
            start = self._left_bound(s, m.end() - 2, m.start())
            text = s[start : m.end()]
            if len(text) >= 5 and not self.lists.generic.covers(text[:-2]):
                out.append(Mention(PROGRAM, text, start, m.end()))
        kept: list[Mention] = []
        for m in sorted(out, key=lambda m: (m.start, -m.end)):
            if overlaps_any(m.start, m.end, kept) or overlaps_any(m.start, m.end, blockers):
                continue
            kept.append(m)
        return kept

    def _program_phrase(self, s: str, start: int, end: int) -> Mention | None:
        """A quoted phrase that names a programme: it carries a programme word and is used
        as one (“京蒙省际”对口支援, 以“五个一”打造), or it is an item of a list of quoted
        items ending in 等…工作/项目/计划, or of what an actor 参加/承担."""
        text = s[start:end]
        # A titled plan may run long (“医疗卫生服务能力提升三年行动计划”); other phrases not.
        limit = 24 if self.lists.plan_suffixes.ending_at(text, len(text)) else 14
        if len(text) > limit or not _PROGRAM_CHARS.fullmatch(text) or text in _MENTORING:
            return None
        if self.lists.program_words.covers(text) or text.endswith(_NOT_PROGRAMS):
            return None
        entry = self.lex.program_index.get(text)
        key = entry.canonical if entry else None
        clause_end = _clause_end(s, end)
        rest = s[end + 1 : clause_end]
        lead = s[_clause_start(s, start) : start - 1]
        has_word = entry is not None or bool(self.program_word_re.search(text))
        listed = _LISTED_REST.match(rest)
        if listed or (lead.endswith("、") and "等" in rest):
            return Mention(PROGRAM, text, start, end, key)
        if _TAKES_PART.search(lead):
            tail = _SHORT_TAIL.match(rest)
            if tail and not self.lists.stops.starting_at(rest, 0):
                name = text + tail.group()
                return Mention(
                    PROGRAM,
                    s[start - 1 : end + 1 + len(tail.group())],
                    start - 1,
                    end + 1 + len(tail.group()),
                    name,
                    attrs={"aliases": [text, name]},
                )
            return Mention(PROGRAM, text, start, end, key)
        if not has_word:
            return None
        if _PROGRAM_LEAD.search(lead):
            return Mention(PROGRAM, text, start, end, key)
        if not (rest and is_cjk(rest[0])) or _PROGRAM_FOLLOWERS_RE.match(rest):
            return Mention(PROGRAM, text, start, end, key)
        return None

    def _left_bound(self, s: str, pos: int, limit: int) -> int:
        stops = self.lists.stops
        cur = pos
        while cur > limit:
            c = s[cur - 1]
            # (The dict test first: most characters end no boundary word; it spares the call.
            # A CJK character, the usual case, is a name character without is_name_char.)
            if not ("\u4e00" <= c <= "\u9fff" or is_name_char(c)) or (
                c in stops.by_last and stops.ending_at(s, cur)
            ):
                break
            cur -= 1
        return cur
