"""Where things are: DEPARTMENT_OF and TECHNIQUE_AT (the nearest hospital, else the
hospital supported, else the place) and LOCATED_IN (the places in an institution's name,
在X成立, and the nearer of two places of the article that encloses the other).
"""

from __future__ import annotations

from aidgraph.graph.model import (
    ALLIANCE,
    DEPARTMENT,
    DEPARTMENT_OF,
    HOSPITAL,
    LOCATED_IN,
    ORGANIZATION,
    PERSON,
    REGION,
    TECHNIQUE,
    TECHNIQUE_AT,
)
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.context import Relation, _Ctx
from aidgraph.ingest.relate.patterns import (
    _BREAK_OR_JOIN,
    _BUILDS,
    _CONTRACTS,
    _FILLS_GAP,
    _HELPS_BUILD,
    _PERFORMED,
    _POST_GAP,
    _SITE_VERB,
    _TECH_SITE,
    _THIS_HOSPITAL,
    _UNNAMED_HOSPITAL,
)
from aidgraph.ingest.resolve import Entity, Resolution
from aidgraph.ingest.spans import _clause_end, _clause_start, _sentence_end, crosses_sentence


class SiteRules:
    """Departments, techniques and the places institutions lie in."""

    def _hospital_near(
        self,
        m: Mention,
        ms: list[Mention],
        s: str,
        ctx: _Ctx,
        res: Resolution,
        places: bool = False,
    ) -> str | None:
        kinds = (HOSPITAL, REGION) if places else (HOSPITAL,)
        for kind in kinds:
            # 来自(深圳市)A医院: a person's home, not where the department or technique is.
            homes = [o for o in ms if o.type is kind and s.endswith("来自", 0, _lead(o))]
            # A医院骨科主任医师某某…指导其开展X: a person's home is not the site either.
            staff = [o for o in ms if o.type is kind and _staff_of(s, o, ms)] if places else []
            cands = [o for o in ms if o.type is kind and o is not m and o not in homes + staff]
            # 在麻醉科，来自A医院的医师…: with only a visitor's home named, the department
            # is the article's hospital's.
            visitor = kind is HOSPITAL and homes and not cands
            if visitor and ctx.main_hospital not in {None, *(res.of[id(o)] for o in homes)}:
                return ctx.main_hospital
            if kind is REGION:
                cands = [o for o in cands if res.of[id(o)] != ctx.donor]
            before = [o for o in cands if o.end <= m.start]
            if before:
                return res.of[id(before[-1])]
            ref = _THIS_HOSPITAL.search(s[: m.start])
            if ref and kind is HOSPITAL:
                target = ctx.main_hospital if ref.group() == "我院" else ctx.last_hospital
                if target:
                    return target
            after = [o for o in cands if o.start >= m.end]
            if after:
                return res.of[id(after[0])]
        return None

    def _departments(
        self,
        i: int,
        s: str,
        ms: list[Mention],
        res: Resolution,
        ctx: _Ctx,
        homes: dict[str, str] | None = None,
    ) -> list[Relation]:
        out = []
        for m in ms:
            if m.type is DEPARTMENT:
                # 选派眼科主任医师王某、骨科李某: a department that is a person's post is
                # of that person's home hospital, not of the hospital named nearest.
                home = _post_of(s, m, ms, res, homes or {})
                if home:
                    out.append(Relation(DEPARTMENT_OF, res.of[id(m)], home, i))
                    continue
                h = self._hospital_near(m, ms, s, ctx, res) or _unnamed_hospital(s, ctx)
                # 选派专家赴B县，帮助该院新建病理科: the department is the aided hospital's.
                helped = _HELPS_BUILD.search(s, 0, m.start)
                if helped and ctx.main_hospital and ctx.main_hospital not in ctx.supported:
                    out.append(Relation(DEPARTMENT_OF, res.of[id(m)], ctx.main_hospital, i))
                    continue
                # 协和把帮扶重点放在消化内科, A医院帮扶麻醉科: a donor helps build the
                # department of the hospital it supports.
                builds = _BUILDS.search(s, _clause_start(s, m.start), m.start)
                if h in ctx.supported and builds:
                    h = ctx.supported[h]
                elif builds and builds.group() in _CONTRACTS:
                    # 在H，B医院托管儿科: the department is the opening hospital's.
                    h = next(iter(self._opening_site(s, ms, res)), h)
                if h:
                    out.append(Relation(DEPARTMENT_OF, res.of[id(m)], h, i))
        return out

    def _techniques(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        out = []
        for m in ms:
            if m.type is TECHNIQUE:
                h = self._technique_site(s, m, ms, res)
                h = h or self._hospital_near(m, ms, s, ctx, res, places=True)
                h = h or _unnamed_hospital(s, ctx)
                # 领队、A医院副院长某某介绍，…开展X: a donor hospital brings the technique to
                # the hospital it supports.
                h = ctx.supported.get(h, h) if h else h
                if h:
                    out.append(Relation(TECHNIQUE_AT, res.of[id(m)], h, i))
                # 填补了甘肃省该项技术空白: the place whose gap it fills has it too.
                gap = _FILLS_GAP.search(s, m.end, _sentence_end(s, m.end))
                for o in ms if gap else []:
                    if o.type is REGION and (o.start, o.end) == gap.span(1):
                        out.append(Relation(TECHNIQUE_AT, res.of[id(m)], res.of[id(o)], i))
        return out

    def _technique_site(self, s: str, m: Mention, ms: list[Mention], res: Resolution) -> str | None:
        """Where the clause after a technique says it went: X在昭觉县属首次开展 (the place
        after 在), 把X…平移到甘肃医院 (the hospital after the transfer verb); not the donor
        or speaker named before it."""
        hit = _TECH_SITE.search(s, m.end, _clause_end(s, m.end))
        if hit is None:
            return None
        sites = [o for o in ms if o.start == hit.end() and o.type in (HOSPITAL, REGION)]
        if not sites:
            return None
        site = max(sites, key=lambda o: o.end)
        if hit.group().endswith("在") and not _PERFORMED.match(s, site.end):
            return None  # 在北京进修: a place of the sentence, not where the technique went
        return res.of[id(site)]

    def _sited(self, i: int, s: str, ms: list[Mention], res: Resolution) -> list[Relation]:
        """X联盟在汉中成立 / 在毕节市…建立X: a body without a place in its name lies there."""
        out = []
        if "在" not in s or not _SITE_VERB.search(s):
            return out  # every reading needs a 在 before the place and a site verb after it
        for r in ms:
            at = self._at(s, r, ms, res) if r.type is REGION else -1
            if at < 0:
                continue
            verb = _SITE_VERB.search(s, r.end)
            if verb is None or crosses_sentence(s, r.end, verb.start()):
                continue
            kinds = (ALLIANCE, HOSPITAL, ORGANIZATION)
            if verb.start() - r.end <= 2:  # X联盟在汉中成立: the subject is sited
                bodies = [m for m in ms if m.type in kinds and 0 <= at - m.end <= 2]
            else:  # A在毕节市…建立X: what is built is sited, not its builder
                bodies = [m for m in ms if m.type in kinds and 0 <= m.start - verb.end() <= 2]
            for b in bodies:
                ent = res.entity_of(b)
                if ent is None:
                    continue
                if not ent.located and at == r.start - 1:
                    out.append(Relation(LOCATED_IN, ent.id, res.of[id(r)], i))
                elif ent.located and self._encloses(
                    res.entities.get(ent.located[0][0]), res.entity_of(r)
                ):
                    ent.locate(res.of[id(r)], i)  # 甘肃医院在甘肃省兰州市揭牌: the nearer seat
        return out

    def _at(self, s: str, r: Mention, ms: list[Mention], res: Resolution) -> int:
        """Where the 在 before the place is, directly or before the place that encloses it
        (在甘肃省兰州市); -1 if none."""
        if s[r.start - 1 : r.start] == "在":
            return r.start - 1
        outer = next((o for o in ms if o.end == r.start and o.type is REGION), None)
        if outer is not None and s[outer.start - 1 : outer.start] == "在":
            return outer.start - 1 if self._prefix_of(outer, r, res) else -1
        return -1

    def _located(self, res: Resolution) -> list[Relation]:
        out = []
        regions = {e.id: e for e in res.entities.values() if e.type is REGION and e.place}
        by_code = {e.place.adcode: e for e in regions.values()}
        for ent in res.entities.values():
            if ent.type is REGION and ent.place is not None:
                for anc in self.gaz.ancestors(ent.place):
                    if anc.adcode in by_code:
                        out.append(
                            Relation(
                                LOCATED_IN,
                                ent.id,
                                by_code[anc.adcode].id,
                                _first_together(ent, by_code[anc.adcode]),
                            )
                        )
                        break
            elif ent.type in (HOSPITAL, ORGANIZATION, ALLIANCE):
                target = self._seat(ent, res, by_code)
                if target:
                    out.append(Relation(LOCATED_IN, ent.id, target[0], target[1]))
        return out

    def _seat(
        self, ent: Entity, res: Resolution, by_code: dict[str, Entity]
    ) -> tuple[str, int] | None:
        """The most specific region of the article the institution's name places it in."""
        best: tuple[int, str, int] | None = None
        for rid, i in ent.located:
            reg = res.entities.get(rid)
            place = reg.place if reg is not None else None
            if place is None:
                place = self._place_by_id(rid)
            if place is None:
                continue
            chain = [place, *self.gaz.ancestors(place)]
            for depth, p in enumerate(chain):
                if p.adcode in by_code:
                    rank = p.rank * 10 - depth
                    if best is None or rank > best[0]:
                        best = (rank, by_code[p.adcode].id, i)
                    break
        return (best[1], best[2]) if best else None


def _staff_of(s: str, h: Mention, ms: list[Mention]) -> bool:
    """A医院骨科主任医师某某: the hospital is written as the home of a specialist after it
    (a department between; 某医院执行院长某某 may well be the posted-to hospital)."""
    dept = [d for d in ms if d.type is DEPARTMENT and d.start == h.end]
    return bool(dept) and any(
        p.type is PERSON
        and 0 < p.start - h.end <= 12
        and not _BREAK_OR_JOIN.search(s[h.end : p.start])
        for p in ms
    )


def _lead(m: Mention) -> int:
    """Where a name starts as written, its place prefix included (深圳市龙华区…医院)."""
    return m.prefix[0].start if m.prefix else m.start


def _unnamed_hospital(s: str, ctx: _Ctx) -> str | None:
    """The latest recipient when the sentence speaks of 医院 without naming it."""
    if ctx.recipients and _UNNAMED_HOSPITAL.search(s):
        return ctx.recipients[-1]
    return None


def _first_together(a: Entity, b: Entity) -> int:
    sa = {i for i, _ in a.mentions}
    both = sorted(sa & {i for i, _ in b.mentions})
    return both[0] if both else min(sa) if sa else 0


def _post_of(
    s: str, m: Mention, ms: list[Mention], res: Resolution, homes: dict[str, str]
) -> str | None:
    """The home of the person whose title the department opens (骨科医生王某, 眼科李某)."""
    for p in ms:
        if p.type is not PERSON or p.start < m.end:
            continue
        gap = s[m.end : p.start]
        if _POST_GAP.fullmatch(gap) and res.of[id(p)] in homes:
            return homes[res.of[id(p)]]
        return None
    return None
