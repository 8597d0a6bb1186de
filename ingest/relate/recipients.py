"""Who is given to: the recipients of a support verb and the entities generic
references stand for.

Recipients are the actors after the verb (or between 对/向 and it, or 与 and it), less
the places written as the next name's prefix; 受援医院, 当地, 该院, 其 and 成员医院 stand
for entities the article named before.
"""

from __future__ import annotations

import re

from aidgraph.graph.model import DEPARTMENT, HOSPITAL, REGION
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.context import _Ctx
from aidgraph.ingest.relate.patterns import (
    _CONTRACTS,
    _GENERIC_RECIPIENTS,
    _ITS,
    _LOCAL_AFTER_VERB,
    _MEMBER_HOSPITALS,
    _MEMBER_UNITS,
    _OPENS_AT,
    _PAIRED_AFTER,
    _REFERENCE_HINT,
    _THIS_HOSPITAL,
)
from aidgraph.ingest.relate.positions import _between
from aidgraph.ingest.resolve import Resolution
from aidgraph.ingest.spans import _clause_end, _clause_start, crosses_clause


class RecipientRules:
    """The recipients of support verbs and what references stand for."""

    def _references(
        self, s: str, res: Resolution, ctx: _Ctx, ms: list[Mention]
    ) -> list[tuple[int, int, list[str]]]:
        """Generic references in ``s`` with the entities they stand for: 受援医院 → the
        recipients so far; 当地 → the latest one; 联盟成员 → the alliance; 该院 → the
        latest hospital, 我院 → the article's hospital. ``ms``: the mentions of ``s``."""
        out: list[tuple[int, int, list[str]]] = []
        if not _REFERENCE_HINT.search(s):
            return out  # most sentences: before their hospitals are listed
        hospitals = [m for m in ms if m.type is HOSPITAL]
        for m in _LOCAL_AFTER_VERB.finditer(s):
            if ctx.recipients:
                out.append((m.start(), m.end(), [ctx.recipients[-1]]))
        for m in _MEMBER_UNITS.finditer(s):
            if ctx.last_alliance:
                out.append((m.start(), m.end(), [ctx.last_alliance]))
        # 接收成员医院骨干进修: the member hospitals of the alliance last named.
        for m in _MEMBER_HOSPITALS.finditer(s):
            members = ctx.members.get(ctx.last_alliance or "", [])
            if members:
                out.append((m.start(), m.end(), list(dict.fromkeys(members))))
        # 理塘县人民医院…，华西医院将帮助其建设…: 其 is the hospital the sentence opens with.
        first = hospitals[0] if hospitals else None
        for m in _ITS.finditer(s):
            if first is not None and first.end <= m.start():
                out.append((m.start(), m.end(), [res.of[id(first)]]))
        for m in _GENERIC_RECIPIENTS.finditer(s):
            if ctx.recipients:
                out.append((m.start(), m.end(), list(ctx.recipients)))
        for m in _THIS_HOSPITAL.finditer(s):
            target = ctx.main_hospital if m.group() == "我院" else ctx.last_hospital
            # A与B签订协议，托管该院…: 该院 is the hospital last named before it.
            named = [h for h in hospitals if h.end <= m.start()]
            if m.group() == "该院" and named:
                target = res.of[id(named[-1])]
            if target:
                out.append((m.start(), m.end(), [target]))
        return out

    def _its(
        self, s: str, refs: list[tuple[int, int, list[str]]], d: str, r: str, res: Resolution
    ) -> bool:
        """理塘县人民医院…华西医院帮助其…: a hospital named as 其 is helped by the other
        hospital, even one of the same province."""
        if not refs or res.entities[d].type is not HOSPITAL:
            return False
        return any(s[a:b] == "其" and r in ids for a, b, ids in refs)

    def _recipients(
        self,
        s: str,
        actors: list[Mention],
        refs: list[tuple[int, int, list[str]]],
        trig: re.Match[str],
        res: Resolution,
    ) -> list[str]:
        """Entities the support verb ``trig`` goes to."""
        # 对 X、Y…进行扶持: the recipients sit between 对 and the verb.
        at = trig.start()
        lo = s.rfind("对", max(0, at - 60), at)
        # 向A县、B县、C县、D县5个对口县派驻医疗队: a listed destination runs long.
        to = max(s.rfind("向", max(0, at - 40), at), s.rfind("给", max(0, at - 20), at))
        if (
            lo >= 0
            and not crosses_clause(s, lo, at)
            and trig.group() in ("扶持", "支援", "帮扶", "帮助", "援助")
        ):
            span = (lo, at)
        elif (
            to >= 0
            and not crosses_clause(s, to, at)
            and trig.group() in ("选派", "派出", "派驻", "下沉", "援派")
        ):
            span = (to, at)  # 江苏共向汉中派出医疗专家
        else:
            end = _clause_end(s, trig.end())
            span = (trig.end(), end)
            # 分赴新疆…执行任务，其中，新疆和田地区…: the breakdown after 其中 names more.
            rest = s[end:]
            if rest[:1] in "，," and rest[1:3] == "其中":
                span = (trig.end(), len(s))
        inside = _between(actors, span[0], span[1])
        out = self._heads(inside, res)
        for a, b, ids in refs:
            if span[0] <= a and b <= span[1]:
                out += ids
        return list(dict.fromkeys(out))

    def _partners_before(
        self, s: str, actors: list[Mention], trig: re.Match[str], res: Resolution
    ) -> list[str]:
        """与X…建立结对帮扶关系 with nothing named after the verb: the recipients sit
        between 与 and the verb, in its clause."""
        if s.rfind("与", 0, trig.start()) < 0:
            return []  # most verbs: no 与 before them, so no clause start to find
        lo = _clause_start(s, trig.start())
        k = s.rfind("与", lo, trig.start())
        if k < 0 or not _PAIRED_AFTER.match(s[trig.end() : _clause_end(s, trig.end())]):
            return []
        return self._heads(_between(actors, k + 1, trig.start()), res)

    def _heads(self, ms: list[Mention], res: Resolution) -> list[str]:
        """Entity ids of ``ms`` less the places written as the next name's prefix
        (云南省昭通市, 新疆和田地区人民医院: the recipient is the latter)."""
        out = []
        for k, m in enumerate(ms):
            nxt = ms[k + 1] if k + 1 < len(ms) else None
            if (
                nxt is not None
                and m.type is REGION
                and nxt.start == m.end
                and (m in nxt.prefix or self._encloses(res.entity_of(m), res.entity_of(nxt)))
            ):
                continue
            out.append(res.of[id(m)])
        return out

    def _contracted_for(
        self,
        s: str,
        ms: list[Mention],
        trig: re.Match[str],
        res: Resolution,
        earlier: list[str],
        ctx: _Ctx | None = None,
        first: bool = False,
    ) -> list[str]:
        """A包建H心内科，B包建普外科 / 在H，B托管儿科: a contracting verb whose clause names a
        department and no hospital works for the recipient of the clause before it, else for
        the hospital the sentence opens at with 在, else (以院包科 broken down in a sentence
        of its own: A医院包建心内科、B医院负责儿科) for the hospital last supported.
        ``first``: only a department right after the verb (A医院负责儿科、B医院负责…), before
        any other reading of the clause."""
        if trig.group() not in _CONTRACTS:
            return []  # most verbs: not a contracting one, so no clause end to find
        end = _clause_end(s, trig.end())
        if first:
            end = min(end, trig.end() + 2)
        if not any(o.type is DEPARTMENT and trig.end() <= o.start < end for o in ms):
            return []
        last = [ctx.recipients[-1]] if ctx is not None and ctx.recipients else []
        return earlier or self._opening_site(s, ms, res) or last

    def _opening_site(self, s: str, ms: list[Mention], res: Resolution) -> list[str]:
        """在H，…: the hospital a sentence opens at."""
        at = _OPENS_AT.match(s)
        return [
            res.of[id(o)]
            for o in ms
            if at and o.type is HOSPITAL and o.start == at.end() and s[o.end : o.end + 1] in "，,"
        ]
