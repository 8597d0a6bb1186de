"""The :class:`Relater`: the article context first, then each sentence through the
rule groups, then the article-level relations, deduplicated.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from aidgraph.graph.model import (
    ALLIANCE_MEMBER,
    HOSPITAL,
    PAIRS_WITH,
    PERSON,
    SUPPORTS,
)
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.context import Relation, _Ctx
from aidgraph.ingest.relate.figures import FigureRules
from aidgraph.ingest.relate.membership import MembershipRules
from aidgraph.ingest.relate.pairing import PairingRules
from aidgraph.ingest.relate.patterns import _PAIRING, _REFERENCE_HINT, _TEAM_RE, ACTORS
from aidgraph.ingest.relate.places import PlaceRules
from aidgraph.ingest.relate.recipients import RecipientRules
from aidgraph.ingest.relate.sites import SiteRules
from aidgraph.ingest.relate.subjects import SubjectRules, _co_donors
from aidgraph.ingest.relate.support import SupportRules
from aidgraph.ingest.relate.training import TrainingRules
from aidgraph.ingest.resolve import Resolution


class Relater(
    SubjectRules,
    RecipientRules,
    SupportRules,
    PairingRules,
    TrainingRules,
    SiteRules,
    MembershipRules,
    PlaceRules,
    FigureRules,
):
    """Finds the relations of one article (see :mod:`aidgraph.ingest.relate`)."""

    def __init__(self, gazetteer: Any) -> None:
        self.gaz = gazetteer
        self._side_cache: dict[tuple[str, str], bool] = {}
        self._subj_cache: dict[tuple[int, int], list[str]] = {}
        self._trig_cache: dict[int, list[re.Match[str]]] = {}
        self._opens_cache: dict[int, bool] = {}

    def relate(
        self, texts: list[str], sentences: list[list[Mention]], res: Resolution
    ) -> list[Relation]:
        self._side_cache = {}
        self._subj_cache = {}
        self._trig_cache = {}
        self._opens_cache = {}
        of = res.of  # (a local: read once, not per mention)
        sentences = [[m for m in ms if id(m) in of] for ms in sentences]
        ctx = self._context(texts, sentences, res)
        out: list[Relation] = []
        for i, (s, ms) in enumerate(zip(texts, sentences, strict=True)):
            found = self._sentence(i, s, ms, res, ctx)
            self._annotate(found, s, ms, res)
            out += found
            for m in ms:
                if m.type is HOSPITAL:
                    ctx.last_hospital = res.of[id(m)]
                elif m.type is PERSON:
                    ctx.last_person = res.of[id(m)]
        out += self._located(res)
        out += self._alliance_parts(res)
        return _dedupe(out)

    def _context(self, texts: list[str], sentences: list[list[Mention]], res: Resolution) -> _Ctx:
        ctx = _Ctx()
        donors: Counter[str] = Counter()
        for s, ms in zip(texts, sentences, strict=True):
            if not ms:
                continue  # no one named, no subject: the verbs are left for _sentence
            for trig in self._support_triggers(s, ms):
                for d in self._subjects(s, ms, trig.start(), res):
                    donors[d] += 1
        hospitals: Counter[str] = Counter()
        for ent in res.entities.values():
            if ent.type is HOSPITAL:
                hospitals[ent.id] = len(ent.mentions)
        if donors:
            top = donors.most_common(1)[0][0]
            ctx.donor = self._place_of(res.entities[top], res) or top
        if hospitals:
            hid, count = hospitals.most_common(1)[0]
            if count >= 3:
                ctx.main_hospital = hid
        donor = ctx.donor if ctx.donor and res.entities[ctx.donor].type is HOSPITAL else None
        ctx.own_hospital = _masthead(texts, sentences, res) or donor
        return ctx

    def _sentence(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        out: list[Relation] = []
        if _TEAM_RE.search(s):
            ctx.last_team = i
        if not ms and not _REFERENCE_HINT.search(s):
            return out  # nothing named, nothing referred to: no relation to find
        actors = [m for m in ms if m.type in ACTORS]
        refs = self._references(s, res, ctx, ms)
        explicit: list[str] = []
        earlier: list[str] = []
        for trig in self._support_triggers(s, ms):
            recips = self._contracted_for(s, ms, trig, res, earlier, ctx, first=True)
            recips = recips or self._recipients(s, actors, refs, trig, res)
            recips = recips or self._contracted_for(s, ms, trig, res, earlier, ctx)
            # A组织B、C与D州的21家机构建立结对帮扶关系: D's bodies are unnamed, so D is
            # supported but not a pairing party of its own.
            partners = [] if recips else self._partners_before(s, actors, trig, res)
            recips = recips or partners
            if not recips:
                continue
            earlier = recips
            donors = subjects = self._subjects(s, ms, trig.start(), res) or self._whole_region(
                s, ms, trig.start(), res
            )
            if donors:
                # the organiser first: the subject's edge is the one 双方 later refers to
                donors = list(dict.fromkeys(_co_donors(s, actors, trig.start(), res) + donors))
                explicit = donors
            else:
                # 我院根据A统一部署，选派…赴B: the organiser gives with the unnamed subject.
                co = _co_donors(s, actors, trig.start(), res)
                donors = list(dict.fromkeys(co + self._implicit_donors(s, ctx)))
            for d, r in self._donor_pairs(s, trig, donors, recips):
                if d != r and (self._its(s, refs, d, r, res) or not self._same_side(d, r, res)):
                    out.append(Relation(SUPPORTS, d, r, i))
                    # 结对帮扶 pairs the subject with the recipient, not the organiser.
                    if (
                        trig.group().startswith("结对")
                        and (d in subjects or not subjects)
                        and not partners
                    ):
                        out.append(Relation(PAIRS_WITH, d, r, i))
                    if r not in ctx.recipients and res.entities[r].type is HOSPITAL:
                        ctx.recipients.append(r)
        out += self._passive_support(i, s, actors, res)
        out += self._guided_support(i, s, actors, res)
        out += self._listed_support(i, s, actors, res)
        out += self._participation(i, s, ms, actors, res)
        if ctx.donor and not any(r.type is SUPPORTS for r in out):
            # No support stated yet: the article's donor may stand behind the sentence.
            out += self._through_support(i, s, actors, res, ctx) or self._team_support(
                i, s, ms, actors, res, ctx
            )
        out += self._pairs(i, s, actors, res)
        out += self._both_sides(i, s, ctx, out, actors, res)
        out += self._training(i, s, ms, actors, refs, res, ctx, out)
        for rel in out:
            if rel.type is SUPPORTS and res.entities[rel.target].type is HOSPITAL:
                ctx.supported[rel.source] = rel.target
        affiliations = self._affiliations(i, s, ms, res, ctx)
        homes = {r.source: r.target for r in affiliations}
        out += self._departments(i, s, ms, res, ctx, homes)
        out += self._techniques(i, s, ms, res, ctx)
        out += affiliations
        out += self._memberships(i, s, ms, res, ctx)
        for rel in out:
            if rel.type is ALLIANCE_MEMBER:
                ctx.members.setdefault(rel.target, []).append(rel.source)
        out += self._sited(i, s, ms, res)
        if explicit:
            ctx.last_donors = explicit
        pair = next((r for r in reversed(out) if r.type in _PAIRING and r.source != r.target), None)
        if pair is not None:
            ctx.last_pair = (pair.source, pair.target)
        return out


def _masthead(texts: list[str], sentences: list[list[Mention]], res: Resolution) -> str | None:
    """A hospital's own news page opens with its name on a line of its own (“某某医院” then
    the menu); there 我院 is that hospital, however often others are named. Without one,
    我院 is the article's donor hospital (我院选派专家赴…) if a hospital is the donor."""
    if not any("我院" in s for s in texts):
        return None
    for s, ms in zip(texts[:3], sentences[:3], strict=False):
        hs = [m for m in ms if m.type is HOSPITAL]
        if len(hs) == 1 and s.strip() == hs[0].surface:
            return res.of[id(hs[0])]
    return None


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen: dict[tuple[str, str, str], Relation] = {}
    for r in rels:
        if r.source == r.target:
            continue
        ends = (r.source, r.target)
        if r.type is PAIRS_WITH:
            ends = tuple(sorted(ends))  # type: ignore[assignment]
        key = (str(r.type), *ends)
        if key not in seen:
            seen[key] = r
        else:
            kept = seen[key]
            kept.program = kept.program or r.program
            for k, v in r.figures.items():
                kept.figures.setdefault(k, v)
    return list(seen.values())
