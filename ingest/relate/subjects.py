"""Who gives: the support verbs of a sentence and their donors.

The donor of a support verb is the nearest actor that opens a clause before it, with its
会同/联合/和 partners, the organiser of the clause before (组织A医院…) and the bodies an
opening 按照…部署 or 从…选派 names; a sentence without one takes the article's donor.
"""

from __future__ import annotations

import re

from aidgraph.graph.model import HOSPITAL, ORGANIZATION, PERSON, REGION
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.context import _Ctx
from aidgraph.ingest.relate.patterns import (
    _CONTINUES,
    _CONTRACT_DONE,
    _COUNTED,
    _DATE_LEAD,
    _JOINED,
    _LEAD_CLAUSE,
    _NOT_SUBJECT_BEFORE,
    _ORGANISED,
    _ORGANISER,
    _PARTNER_RE,
    _PLAN_WORD,
    _SENDERS,
    _SENDS_TRAINEES,
    _SUBJECT_BOUNDS,
    _SUPPORT_RE,
    _TEAM_RE,
    _WHOLE_REGION,
    ACTORS,
    DONORS,
)
from aidgraph.ingest.relate.positions import _between
from aidgraph.ingest.resolve import Resolution
from aidgraph.ingest.spans import _clause_start, crosses_sentence

# compiled once here rather than looked up in re's cache on every subject search
_COMMA_PARTNER = re.compile(r"^(?:会同|联合|携手)$")
_COMMA = re.compile(r"[，,]")
_SENDS_BODY = re.compile(r"(?:[还也]|先后|多次|积极)?(?:组织|发动|组织发动|动员|推动|带领|协调)")


class SubjectRules:
    """The support verbs of a sentence and the donors before them."""

    @staticmethod
    def _donor_pairs(
        s: str, trig: re.Match[str], donors: list[str], recips: list[str]
    ) -> list[tuple[str, str]]:
        """Every donor with every recipient, but 组织A、B选派…，分别进驻X和Y: the organiser
        with all, A with X and B with Y."""
        n = len(recips)
        if s.endswith("分别", 0, trig.start()) and len(donors) == n + 1 and n >= 2:
            return [(donors[0], r) for r in recips] + list(zip(donors[1:], recips, strict=True))
        return [(d, r) for d in donors for r in recips]

    def _support_triggers(self, s: str, ms: list[Mention]) -> list[re.Match[str]]:
        """The support verbs of sentence ``s`` (memoised: the article context asks first)."""
        key = id(s)
        if key not in self._trig_cache:
            self._trig_cache[key] = [
                t for t in _triggers(_SUPPORT_RE, s, ms) if not _SENDS_TRAINEES.match(s, t.start())
            ]
        return self._trig_cache[key]

    def _subjects(self, s: str, ms: list[Mention], pos: int, res: Resolution) -> list[str]:
        """The donors of a verb at ``pos``: the nearest actor opening a clause before it,
        with its 会同/联合/和 partners (memoised: the article context asks first)."""
        key = (id(s), pos)
        if key not in self._subj_cache:
            self._subj_cache[key] = self._find_subjects(s, ms, pos, res)
        return list(self._subj_cache[key])

    def _find_subjects(self, s: str, ms: list[Mention], pos: int, res: Resolution) -> list[str]:
        before = _between(ms, max(0, pos - 200), pos, DONORS)
        for k in range(len(before) - 1, max(-1, len(before) - 9), -1):
            m = before[k]
            if not self._opens_clause(s, m, ms):
                continue
            opens = m.start
            # 浙江省湖州市结对帮扶…: the subject is the place its prefix encloses.
            while k + 1 < len(before) and self._prefix_of(before[k], before[k + 1], res):
                k += 1
            m = before[k]
            group = [m]
            j = k + 1
            while j < len(before) and _PARTNER_RE.match(s[group[-1].end : before[j].start]):
                group.append(before[j])
                j += 1
            # 宁波市中医院会同宁波市第二医院，结对帮扶…: a partner after a comma too.
            if j < len(before) and _COMMA_PARTNER.match(s[group[-1].end : before[j].start]):
                group.append(before[j])
            # 天津市还组织A医院结对帮扶…: the organiser and the body it sends both give.
            if j < len(before) and _SENDS_BODY.fullmatch(s[group[-1].end : before[j].start]):
                # 组织深圳市A医院、深圳市B医院选派…: the bodies sent, less their place prefixes.
                while j + 1 < len(before) and self._prefix_of(before[j], before[j + 1], res):
                    j += 1
                group.append(before[j])
                j += 1
                while j < len(before) and _PARTNER_RE.match(s[group[-1].end : before[j].start]):
                    while j + 1 < len(before) and self._prefix_of(before[j], before[j + 1], res):
                        j += 1
                    group.append(before[j])
                    j += 1
            if crosses_sentence(s, group[-1].end, pos):
                return []
            ids = [res.of[id(g)] for g in group]
            # 省卫健委牵头，组织A医院、B医院…支援C: the organiser of the clause before gives too.
            start = _clause_start(s, opens)
            if start > 0 and _ORGANISED.fullmatch(s, start, opens):
                ids = self._find_subjects(s, ms, start - 1, res) + ids
            elif start > 0 and _JOINED.fullmatch(s, start, opens):
                ids = _leads_before(s, ms, start - 1, res) + ids
            return list(dict.fromkeys(ids))
        return []

    def _opens_clause(self, s: str, m: Mention, ms: list[Mention]) -> bool:
        """The mention is a clause's subject: nothing but adverbials before it in its clause.
        (Memoised per mention: the verbs of a sentence ask of the same names.)"""
        key = id(m)
        if key not in self._opens_cache:
            self._opens_cache[key] = self._find_opens_clause(s, m, ms)
        return self._opens_cache[key]

    def _find_opens_clause(self, s: str, m: Mention, ms: list[Mention]) -> bool:
        k = _lead_start(s, m.start)
        lead = s[k : m.start]
        if len(lead) > 12:
            return False
        prev = _between(ms, k, m.start, ACTORS)
        # A place directly before a name is its prefix, and the name is the subject.
        if prev and (m.type is REGION or not all(o.type is REGION for o in prev)):
            return False
        if lead.endswith(_NOT_SUBJECT_BEFORE) or lead.startswith("在"):
            return False
        if _COUNTED.search(_DATE_LEAD.sub("", lead)):
            return False  # 3个宁波市名医工作站: a counted object, not a subject
        return len(lead) <= 12 and not _SUPPORT_RE.search(lead)

    def _whole_region(self, s: str, ms: list[Mention], pos: int, res: Resolution) -> list[str]:
        """河南省启动援疆工作以来，全省先后选派…: a clause opening on 全省/我市 before the verb
        at ``pos`` has the last province (city…) named before it for its subject."""
        lo = _clause_start(s, pos)
        m = _WHOLE_REGION.match(s, lo, pos)
        if not m:
            return []
        level = m.group(1)
        for o in reversed(_between(ms, 0, lo)):
            name = res.entities[res.of[id(o)]].name
            if o.type is REGION and name.endswith(level):
                return [res.of[id(o)]]
        return []

    def _implicit_donors(self, s: str, ctx: _Ctx) -> list[str]:
        # 此外，医疗队还深入…: the whole team is the article donor's, not the last clause's.
        if s.startswith(_CONTINUES) and ctx.last_donors and not _TEAM_RE.search(s):
            return list(ctx.last_donors)
        return [ctx.donor] if ctx.donor else []


def _co_donors(s: str, actors: list[Mention], pos: int, res: Resolution) -> list[str]:
    """Bodies that give alongside the subject of the support verb at ``pos``: the
    organiser an opening 按照…部署 names and the hospitals 从…选派 draws staff from."""
    found: list[re.Match[str]] = []
    # (an organiser's clause ends on 部署, 安排…: most verbs have none before them, and
    # then no clause start is tried)
    if _PLAN_WORD.search(s, 0, pos):
        # each clause start before the verb (a regex finds the commas, not a loop in Python)
        starts = [0] + [c.end() for c in _COMMA.finditer(s, 0, pos)]
        tried = [_ORGANISER.match(s, k, pos) for k in starts]
        # 中日医院将按照A的要求…: a body named before 按照 is the actor, A no co-donor.
        found = [
            m for m in tried if m and not any(m.start() <= a.start < m.start(1) for a in actors)
        ]
    spans = [m.span(1) for m in [*found, _SENDERS.search(s, 0, pos)] if m]
    if not spans:
        return []  # most verbs: no organiser and no senders, so no actor to test
    return [
        res.of[id(a)]
        for a in actors
        if a.type in (HOSPITAL, ORGANIZATION)
        and any(lo <= a.start and a.end <= hi for lo, hi in spans)
    ]


def _lead_start(s: str, start: int) -> int:
    """Where the clause of a name at ``start`` opens, looking back at most 13 characters
    (start - 13 if no bound is nearer): after a clause bound, or after a 、 that ends a
    contracting clause (A医院负责心内科、B医院负责儿科: B opens a clause of its own)."""
    lo = max(0, start - 13)
    # the last bound by a regex over the reversed window, not a loop in Python
    bound = _SUBJECT_BOUND_RE.search(s[lo:start][::-1])
    k = start - bound.start() if bound else lo
    j = s.rfind("、", k, start)
    while j >= 0:
        if _CONTRACT_DONE.search(s, max(0, j - 15), j):
            return j + 1
        j = s.rfind("、", k, j)
    return k


_SUBJECT_BOUND_RE = re.compile("[" + re.escape(_SUBJECT_BOUNDS) + "]")


def _leads_before(s: str, ms: list[Mention], end: int, res: Resolution) -> list[str]:
    """以甲医院为牵头单位，联合乙医院…: the lead the clause ending at ``end`` names."""
    m = _LEAD_CLAUSE.fullmatch(s, _clause_start(s, end), end)
    if not m:
        return []
    lead = _between(ms, *m.span(1), DONORS)
    # 以江苏省人民医院为牵头单位: the hospital, not the place its name opens with.
    bodies = [a for a in lead if a.type is not REGION]
    return [res.of[id(a)] for a in bodies or lead]


def _triggers(pattern: re.Pattern[str], s: str, ms: list[Mention]) -> list[re.Match[str]]:
    """Matches of ``pattern`` outside every mention (支医 in 宁波支医工作小组 is a name)."""
    found = list(pattern.finditer(s))
    if not found:
        return found  # most sentences: no verb, so no mention spans to build
    # the spans once per sentence, not once per match; plain loops, not any() over a
    # generator, which costs a frame per match
    spans = [(m.start, m.end) for m in ms if m.type is not PERSON]
    out = []
    for t in found:
        at = t.start()
        for a, b in spans:
            if a <= at < b:
                break
        else:
            out.append(t)
    return out
