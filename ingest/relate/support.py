"""SUPPORTS in the shapes without a support verb and its recipients after it:
passive (B由A帮扶), participation in a programme (A、B共同参与东西部协作), support named
before the recipient (通过团队帮扶，A医院…) and the donor's medical team at a hospital.
"""

from __future__ import annotations

import re

from aidgraph.graph.model import (
    HOSPITAL,
    ORGANIZATION,
    PERSON,
    PROGRAM,
    REGION,
    SUPPORTS,
)
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.context import Relation, _Ctx
from aidgraph.ingest.relate.patterns import (
    _BY,
    _EXPERTS_OF,
    _GUIDED,
    _MADE_UP_BY,
    _PARTICIPATES,
    _SUPPORT_IN_CLAUSE,
    _SUPPORTED_LIST,
    _TEAM_RE,
    _THROUGH_AID,
)
from aidgraph.ingest.relate.positions import _between, _enumerated_before
from aidgraph.ingest.resolve import Resolution
from aidgraph.ingest.spans import _clause_end, _clause_start


class SupportRules:
    """SUPPORTS read from passive, participation and team shapes."""

    def _passive_support(
        self, i: int, s: str, actors: list[Mention], res: Resolution
    ) -> list[Relation]:
        """B则由A以“以院包科”方式帮扶: the recipient is the subject, the donor follows 由."""
        out = []
        if "由" not in s:
            return out
        for m in _BY.finditer(s):
            recip = next((a for a in actors if a.end == m.start()), None)
            donor = next((a for a in actors if a.start == m.end()), None)
            if recip is None or donor is None or recip.type is REGION:
                continue
            clause = s[donor.end : _clause_end(s, donor.end)]
            if not _SUPPORT_IN_CLAUSE.search(clause):
                continue
            d, r = res.of[id(donor)], res.of[id(recip)]
            if d != r and not self._same_side(d, r, res):
                out.append(Relation(SUPPORTS, d, r, i))
        return out

    def _participation(
        self, i: int, s: str, ms: list[Mention], actors: list[Mention], res: Resolution
    ) -> list[Relation]:
        """组织A医院、B医院等5家医院共同参与东西部协作，提升C…: each named institution
        supports the place the programme serves."""
        m = _PARTICIPATES.search(s)
        if not m:
            return []
        progs = [p for p in ms if p.type is PROGRAM and p.start >= m.end()]
        if not progs or progs[0].start - m.end() > 4:
            return []
        lo = _clause_start(s, m.start())
        members = [
            a for a in actors if a.type in (HOSPITAL, ORGANIZATION) and lo <= a.start < m.start()
        ]
        places = [a for a in actors if a.type is REGION and a.start > progs[0].end]
        out = []
        for a in members:
            for p in places:
                src_id, tgt = res.of[id(a)], res.of[id(p)]
                if not self._same_side(src_id, tgt, res):
                    out.append(Relation(SUPPORTS, src_id, tgt, i))
                    break
        return out

    def _through_support(
        self, i: int, s: str, actors: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        """通过团队帮扶，A医院…: the hospital after the support phrase is the recipient of
        the article's donor (``ctx.donor``, set by the caller)."""
        m = _THROUGH_AID.match(s)
        if not m:
            return []
        nxt = [a for a in actors if a.start >= m.end() and a.start - m.end() <= 2]
        if not nxt or nxt[0].type is not HOSPITAL:
            return []
        tgt = res.of[id(nxt[0])]
        if self._same_side(ctx.donor, tgt, res):
            return []
        return [Relation(SUPPORTS, ctx.donor, tgt, i)]

    def _team_support(
        self, i: int, s: str, ms: list[Mention], actors: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        """援疆医疗队…和田地区人民医院: the donor's team working at a named hospital (the
        article's donor, ``ctx.donor``, set by the caller)."""
        if not _TEAM_RE.search(s):
            return []
        out = []
        for m in actors:
            eid = res.of[id(m)]
            clause = s[_clause_start(s, m.start) : _clause_end(s, m.end)]
            if _MADE_UP_BY.search(clause):
                continue  # 由A医院、B医院选派的骨干组成: senders, not recipients
            if any(p.type is PERSON and 0 <= p.start - m.end <= 12 for p in ms):
                continue  # 协和医院副院长某某: the speaker's home, not a recipient
            if m.type is HOSPITAL and eid != ctx.donor and not self._same_side(ctx.donor, eid, res):
                out.append(Relation(SUPPORTS, ctx.donor, eid, i))
        return out

    def _guided_support(
        self, i: int, s: str, actors: list[Mention], res: Resolution
    ) -> list[Relation]:
        """在甲医院专家指导下，乙医院… / 乙医院骨科在甲市专家带领下…: the body named in
        the 在…下 phrase supports the hospital or place whose clause it opens or follows."""
        out = []
        for m in _GUIDED.finditer(s):
            named = _between(actors, *m.span(1))
            # 在浙江专家带领下: experts called by their province are not the province's
            # gift (a hospital sent them); 在大连市帮扶下 and 在安徽援疆医疗队推动下 are.
            named = [a for a in named if a.type is not REGION or not _EXPERTS_OF.match(s[a.end :])]
            donors = self._heads(named, res)
            recip = _guided_one(s, m, actors)
            if recip is None:
                continue
            r = res.of[id(recip)]
            for d in donors:
                if d != r and not self._same_side(d, r, res):
                    out.append(Relation(SUPPORTS, d, r, i))
        return out

    def _listed_support(
        self, i: int, s: str, actors: list[Mention], res: Resolution
    ) -> list[Relation]:
        """甲县医院、乙县医院等A市对口支援的两家医院: A supports each one listed."""
        out = []
        for m in _SUPPORTED_LIST.finditer(s):
            donors = self._heads(_between(actors, *m.span(1)), res)
            hospitals = [a for a in actors if a.type is HOSPITAL]
            for h in _enumerated_before(s, hospitals, m.start()):
                r = res.of[id(h)]
                out += [
                    Relation(SUPPORTS, d, r, i)
                    for d in donors
                    if d != r and not self._same_side(d, r, res)
                ]
        return out


def _guided_one(s: str, m: re.Match[str], actors: list[Mention]) -> Mention | None:
    """The hospital or place right after the 在…下 phrase, else the one opening its
    clause before it (乙医院神经外科在…下)."""
    after = [a for a in actors if m.end() <= a.start <= m.end() + 2]
    lo = _clause_start(s, m.start())
    before = [a for a in actors if lo <= a.start < m.start()]
    for a in after[:1] or before[:1]:
        if a.type in (HOSPITAL, REGION):
            return a
    return None
