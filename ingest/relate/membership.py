"""ALLIANCE_MEMBER: the bodies that found, join or are taken into an alliance
(由A牵头…组建的X, A、B加入X, X吸纳A、B为成员单位, 成员单位包括…), and the hospitals named
inside an alliance's own name.
"""

from __future__ import annotations

import re
from itertools import pairwise

from aidgraph.graph.model import (
    ALLIANCE,
    ALLIANCE_MEMBER,
    HOSPITAL,
    ORGANIZATION,
)
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.context import Relation, _Ctx
from aidgraph.ingest.relate.pairing import _respective_pairs
from aidgraph.ingest.relate.patterns import (
    _ALLIANCE_REF,
    _ALLIANCE_TAKES,
    _BECOMES_MEMBER,
    _BOTH_BUILD,
    _BUILDS_BEFORE,
    _FOUNDS,
    _FOUNDS_ALLIANCE,
    _JOINS_ALLIANCE,
    _LEADS_AND_BUILDS,
    _LED_FROM,
    _MEMBER_LIST,
    _UNDER_LEAD,
    _WITH_JOINT,
)
from aidgraph.ingest.relate.positions import _enumerated_before, _has_type
from aidgraph.ingest.resolve import Resolution
from aidgraph.ingest.spans import _clause_end, crosses_sentence


class MembershipRules:
    """Members of alliances."""

    def _memberships(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        """由A牵头，联合B、C等组建的X联盟 (all of them are members); A、B等N家医院加入X;
        A牵头成立的X; 在A牵头下…加入X; X吸纳A、B为成员单位; A与B…组建X; A加入该联盟."""
        out = []
        if ctx.last_alliance is None and not _has_type(ms, ALLIANCE):
            return out  # no alliance named here or before
        bodies = [o for o in ms if o.type in (HOSPITAL, ORGANIZATION, ALLIANCE)]
        for m in ms:
            if m.type is not ALLIANCE:
                continue
            aid = res.of[id(m)]
            ctx.last_alliance = aid
            members = self._members_before(s, m, bodies) + self._members_after(s, m, bodies)
            ids = [res.of[id(o)] for o in members]
            if not ids and ctx.last_pair and _BOTH_BUILD.search(s, 0, m.start):
                ids = list(ctx.last_pair)  # 双方签约共建X: the two parties are members
            for oid in dict.fromkeys(ids):
                if oid != aid:
                    out.append(Relation(ALLIANCE_MEMBER, oid, aid, i))
        ref = _ALLIANCE_REF.search(s)
        if (
            ref
            and ctx.last_alliance
            and not any(o.type is ALLIANCE and o.start <= ref.start(1) < o.end for o in ms)
        ):
            for o in _enumerated_before(s, bodies, ref.start()):
                out.append(Relation(ALLIANCE_MEMBER, res.of[id(o)], ctx.last_alliance, i))
        listed = _MEMBER_LIST.search(s)
        if listed and ctx.last_alliance:
            for o in bodies:
                if o.start >= listed.end() and o.type is not ALLIANCE:
                    oid = res.of[id(o)]
                    out.append(Relation(ALLIANCE_MEMBER, oid, ctx.last_alliance, i))
        # X成立，A、B等8家医疗机构成为首批成员单位: members of the alliance last named.
        became = _BECOMES_MEMBER.search(s)
        if became and ctx.last_alliance:
            for o in _enumerated_before(s, bodies, became.start()):
                if o.type is not ALLIANCE:
                    oid = res.of[id(o)]
                    out.append(Relation(ALLIANCE_MEMBER, oid, ctx.last_alliance, i))
        return out

    def _members_before(self, s: str, m: Mention, bodies: list[Mention]) -> list[Mention]:
        before = [o for o in bodies if o.end <= m.start and o is not m]
        if not before:
            return []
        lead = s[: before[0].start]
        if _LED_FROM.search(lead) and _FOUNDS.search(s[before[0].end : m.start]):
            return before
        led = self._led_and_merged(s, m, before)
        if led:
            return led
        between = s[before[-1].end : m.start]
        if _JOINS_ALLIANCE.fullmatch(between):
            members = _enumerated_before(s, bodies, m.start)
            # 在A牵头下，B、C…加入X: the leader is a member too.
            lead_m = _UNDER_LEAD.search(s[: members[0].start])
            if lead_m:
                members = [o for o in before if o.start >= lead_m.start(1)]
            return members
        if _FOUNDS_ALLIANCE.fullmatch(between):
            return [before[-1]]
        # A与B深度合作，组建X: the two parties build it together.
        if _BUILDS_BEFORE.search(between):
            clause = [o for o in before if not crosses_sentence(s, o.end, m.start)]
            # A、B分别与C、D结对，组建X: all four build it.
            parties = [o for pair in _respective_pairs(s, clause) for o in pair]
            if parties:
                return list({id(o): o for o in sorted(parties, key=lambda o: o.start)}.values())
            for a, b in pairwise(clause):
                if _WITH_JOINT.fullmatch(s[a.end : b.start]):
                    return [a, b]
        return []

    @staticmethod
    def _led_and_merged(s: str, m: Mention, before: list[Mention]) -> list[Mention]:
        """某县以A为牵头医院，整合B、C和N家卫生院，组建“X”: the lead and the merged are
        all members."""
        for k, o in enumerate(before):
            if s.endswith("以", 0, o.start) and _LEADS_AND_BUILDS.match(s, o.end, m.start):
                return before[k:]
        return []

    def _members_after(self, s: str, m: Mention, bodies: list[Mention]) -> list[Mention]:
        """X…吸纳/吸收/接纳A、B为成员(单位); X以A为牵头医院，整合B、C (X吸纳了B、C; X由A牵头、
        B、C参与): the bodies the alliance's own clause takes in."""
        took = re.compile(r"(?:吸纳|吸收|接纳|纳入)([^。；;]{2,80}?)为(?:其)?(?:成员|会员)")
        hit = took.search(s, m.end)
        if not hit or crosses_sentence(s, m.end, hit.start()):
            takes = _ALLIANCE_TAKES.match(s, m.end)
            if takes is None:
                return []
            end = _clause_end(s, takes.end())
            return [o for o in bodies if m.end <= o.start and o.end <= end]
        return [o for o in bodies if hit.start(1) <= o.start and o.end <= hit.end(1)]

    def _alliance_parts(self, res: Resolution) -> list[Relation]:
        out = []
        for ent in res.entities.values():
            if ent.type is not ALLIANCE:
                continue
            for i, m in ent.mentions:
                for p in m.parts:
                    pid = res.of.get(id(p))
                    if pid and res.entities[pid].type is HOSPITAL:
                        out.append(Relation(ALLIANCE_MEMBER, pid, ent.id, i))
        return out
