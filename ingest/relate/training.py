"""TRAINED and AFFILIATED_WITH: who trains whom (A为B培训, A接收B进修, 到A进修,
teacher and pupil between people) and which body a person belongs to (the body before the
role title, 来自A, 该院, or the article's hospital).
"""

from __future__ import annotations

import re

from aidgraph.graph.model import (
    AFFILIATED_WITH,
    HOSPITAL,
    ORGANIZATION,
    PERSON,
    REGION,
    SUPPORTS,
    TRAINED,
)
from aidgraph.ingest.recognise import INSTITUTIONS, Mention
from aidgraph.ingest.relate.context import Relation, _Ctx
from aidgraph.ingest.relate.patterns import (
    _ASPECTS,
    _BREAK_OR_JOIN,
    _CAME_FROM,
    _CAME_TO_US,
    _CONTINUES,
    _FOLLOWED,
    _GOES_TO,
    _HE_SHE,
    _MENTOR_RE,
    _POSTED,
    _RECEIVES,
    _SENT_BY,
    _THIS_HOSPITAL,
    _TRAIN_RE,
)
from aidgraph.ingest.resolve import Resolution
from aidgraph.ingest.spans import _clause_start, crosses_clause, crosses_sentence


class TrainingRules:
    """Training, mentoring and the affiliations of people."""

    def _training(
        self,
        i: int,
        s: str,
        ms: list[Mention],
        actors: list[Mention],
        refs: list[tuple[int, int, list[str]]],
        res: Resolution,
        ctx: _Ctx,
        found: list[Relation],
    ) -> list[Relation]:
        out = self._mentoring(i, s, ms, res, ctx)
        # 从制度建设、人才培养等方面提升: an aspect of the support named, not a training.
        # (the aspects are looked for only when a training word is there to filter)
        train = list(_TRAIN_RE.finditer(s))
        if train:
            aspects = [a.span() for a in _ASPECTS.finditer(s)]
            train = [t for t in train if not any(a <= t.start() < b for a, b in aspects)]
        if not train:
            return out
        # A接收B进修医师 / 接受黔南州20名医生作为传承人: trainer A, trainee B.
        for r in _RECEIVES.finditer(s):
            t = next((t for t in train if 0 < t.start() - r.end() <= 24), None)
            if t is None or crosses_clause(s, r.end(), t.start()):
                continue
            # 接收A医院医生到合肥进修: the place after 到 is where, not who.
            to = _GOES_TO.search(s[r.end() : t.start()])
            stop = r.end() + to.start() if to else t.start()
            trainees = self._heads([a for a in actors if r.end() <= a.start and a.end <= stop], res)
            trainees += [x for a, b, ids in refs if r.end() <= a and b <= stop for x in ids]
            trainers = self._subjects(s, ms, r.start(), res) or self._implicit_donors(s, ctx)
            out += [Relation(TRAINED, d, x, i) for d in trainers for x in trainees if d != x]
        # 培训当地医务人员: the trainee is the recipient the article is at.
        for t in train:
            for a, _b, ids in refs:
                if a == t.end():
                    trainers = (
                        self._clause_person(s, ms, t.start(), res)
                        or self._subjects(s, ms, t.start(), res)
                        or self._implicit_donors(s, ctx)
                    )
                    out += [Relation(TRAINED, d, x, i) for d in trainers for x in ids if d != x]
        # 选派医生到A进修: A trains the sender (the subject, else the latest hospital).
        for t in train:
            if t.group() not in ("进修", "培训", "跟岗"):
                continue
            k = max(s.rfind("到", 0, t.start()), s.rfind("赴", 0, t.start()))
            if t.group() == "进修":
                k = max(k, s.rfind("在", 0, t.start()))  # 某某曾在A医院进修一年
            hosts = [a for a in actors if k >= 0 and k < a.start and a.end <= t.start()]
            if not hosts and ctx.own_hospital:
                out += self._own_trainees(i, s, ms, t.start(), res, ctx.own_hospital)
                continue
            if not hosts or crosses_clause(s, k, t.start()):
                continue
            if _RECEIVES.search(s[_clause_start(s, k) : k]):
                continue  # 接收B的医生到A进修: the 接收 rule above reads it
            # 副院长某某曾在A进修: the person named just before is the one trained.
            lo = _clause_start(s, k)
            person = [p for p in ms if p.type is PERSON and lo <= p.start and p.end <= k]
            if person and k - person[-1].end <= 3:
                senders = [res.of[id(person[-1])]]
            elif _HE_SHE.match(s[lo:k]) and ctx.last_person:
                senders = [ctx.last_person]  # 她曾在A进修: the person last named
            else:
                senders = self._subjects(s, ms, k, res) or (
                    [ctx.last_hospital] if ctx.last_hospital else []
                )
            host = res.of[id(hosts[-1])]
            # 到北京进修 said of a Beijing hospital's own staff: a place, not a trainer.
            home = hosts[-1].type is REGION
            out += [
                Relation(TRAINED, host, x, i)
                for x in senders
                if x != host and not (home and self._same_side(host, x, res))
            ]
        # A 为 B 培训/培养: trainer and trainee around 为.
        for t in train:
            k = s.rfind("为", max(0, t.start() - 30), t.start())
            if k < 0 or crosses_clause(s, k, t.start()) or s[k - 1 : k] in "成作认以":
                continue
            trainees = self._heads([a for a in actors if k < a.start and a.end <= t.start()], res)
            trainees += [x for a, b, ids in refs if k < a and b <= t.start() for x in ids]
            trainers = self._subjects(s, ms, k, res) or self._implicit_donors(s, ctx)
            for d in trainers:
                for r in dict.fromkeys(trainees):
                    if d != r:
                        out.append(Relation(TRAINED, d, r, i))
        if out:
            return out
        # A sentence that already says who supports whom and mentions training.
        for rel in found:
            if rel.type is SUPPORTS:
                out.append(Relation(TRAINED, rel.source, rel.target, i))
        if out or not ctx.donor:
            return out
        # 并…接受黔南州20名医生作为技术传承人: the previous sentence's donors train here.
        trainers = ctx.last_donors if s.startswith(_CONTINUES) else []
        # 援疆医疗队…。根据和田地区…带教: the article's donor (its team just named) trains
        # the place or hospital named.
        if not trainers and ctx.last_team is not None and i - ctx.last_team <= 1:
            trainers = [ctx.donor]
        for d in trainers:
            for a in actors:
                eid = res.of[id(a)]
                if any(p.type is PERSON and 0 <= p.start - a.end <= 12 for p in ms):
                    continue  # 湘雅二医院援藏专家某某介绍: the speaker's home, not a trainee
                if eid != d and not self._same_side(d, eid, res) and a.type in (REGION, HOSPITAL):
                    out.append(Relation(TRAINED, d, eid, i))
        return out

    @staticmethod
    def _clause_person(s: str, ms: list[Mention], t: int, res: Resolution) -> list[str]:
        """援藏护士长某某在该院带教当地护士: the person the clause is about is the teacher."""
        lo = _clause_start(s, t)
        people = [p for p in ms if p.type is PERSON and lo <= p.start and p.end <= t]
        return [res.of[id(people[-1])]] if people else []

    def _own_trainees(
        self, i: int, s: str, ms: list[Mention], t: int, res: Resolution, own: str
    ) -> list[Relation]:
        """A医院骨干某某等5人来我院进修: the article's own hospital trains the people and the
        hospital of the clause that comes to it."""
        come = _CAME_TO_US.search(s[:t])
        if come is None:
            return []
        lo = _clause_start(s, come.start())
        people = [
            res.of[id(p)]
            for p in ms
            if p.type is PERSON and lo <= p.start and p.end <= come.start()
        ]
        senders = self._subjects(s, ms, come.start(), res) + people
        return [Relation(TRAINED, own, x, i) for x in dict.fromkeys(senders) if x != own]

    def _mentoring(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        """Teacher and pupil between people: 收P为徒, 与P结成师徒, A带教P, 在他的带教下…P.
        A teacher written 他/她 is the person last named."""
        people = [p for p in ms if p.type is PERSON]
        out = []
        if not people:
            return out  # every rule needs a named pupil
        for m in _MENTOR_RE.finditer(s):
            named = next((g for g in ("pupil", "moved", "pair") if m.group(g) is not None), None)
            if named:
                lo, hi = m.span(named)
                pupils = [p for p in people if lo <= p.start and p.end <= hi]
                # 收A医院医生P、Q为徒: every person listed last is a pupil.
                while len(pupils) > 1 and s[pupils[0].end : pupils[1].start] not in ("、", "和"):
                    pupils = pupils[1:]
            else:
                pupils = [p for p in people if p.start >= m.end()][:1]
            teachers = [p for p in people if p.end <= m.start()]
            clause = s[_clause_start(s, m.start()) : m.start()]
            teacher = res.of[id(teachers[-1])] if teachers else None
            if teacher is None and (
                _HE_SHE.search(clause) or s.startswith(("他", "她")) or not clause
            ):
                teacher = ctx.last_person
            for p in pupils:
                if teacher and teacher != res.of[id(p)]:
                    out.append(Relation(TRAINED, teacher, res.of[id(p)], i))
        return out

    def _affiliations(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        out = []
        for m in ms:
            if m.type is not PERSON:
                continue
            pid = res.of[id(m)]
            # 张某来自A医院: the home is said outright.
            came = _CAME_FROM.match(s, m.end)
            origin = [o for o in ms if came and o.type in INSTITUTIONS and o.start == came.end()]
            if came and came.group().endswith("是"):
                # 某某是A医院派出的援疆干部: only a sender after 是 is the home.
                origin = [o for o in origin if _SENT_BY.match(s, o.end)]
            if origin:
                out.append(Relation(AFFILIATED_WITH, pid, res.of[id(origin[0])], i))
                continue
            home = [
                o
                for o in ms
                if o.type in (HOSPITAL, ORGANIZATION)
                and o.end <= m.start
                and m.start - o.end <= 14
                and not _BREAK_OR_JOIN.search(s[o.end : m.start])
            ]
            # 浙大一院援凉专家、昭觉县人民医院执行院长X: home is the sending hospital.
            sent = [
                o
                for o in ms
                if o.type in (HOSPITAL, ORGANIZATION)
                and o.end <= m.start
                and m.start - o.end <= 30
                and not crosses_clause(s, o.end, m.start)
                and _POSTED.match(s[o.end :])
            ]
            if sent or home:
                target = (sent or home)[-1]
                out.append(Relation(AFFILIATED_WITH, pid, res.of[id(target)], i))
                continue
            # 该院护士长某某 is of the hospital last named; 我院护士长某某 of the article's own.
            lo = max(0, m.start - 12)
            ref = _THIS_HOSPITAL.search(s, lo, m.start)
            own = ctx.own_hospital if ref and ref.group() == "我院" else None
            # A医院选派P到B医院挂职，与该院医生Q结对: 该院 is B, the last hospital before it.
            near = [o for o in ms if o.type is HOSPITAL and ref and o.end <= ref.start()]
            this = res.of[id(near[-1])] if near else ctx.last_hospital
            if ref and (own or this):
                out.append(Relation(AFFILIATED_WITH, pid, own or this, i))
                continue
            sender = self._sender_home(s, m, ms, res, ctx)
            if sender:
                out.append(Relation(AFFILIATED_WITH, pid, sender, i))
                continue
            role = m.attrs.get("role") or ""
            if ctx.main_hospital and role in (
                "院长",
                "副院长",
                "教授",
                "主任医师",
                "老中医",
            ):
                out.append(Relation(AFFILIATED_WITH, pid, ctx.main_hospital, i))
                continue
            # 消化内科专家某某 with no body named: an expert comes from the one donor hospital.
            donors = [d for d in ctx.supported if res.entities[d].type is HOSPITAL]
            if role == "专家" and len(donors) == 1:
                out.append(Relation(AFFILIATED_WITH, pid, donors[0], i))
        return out

    def _sender_home(
        self, s: str, m: Mention, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> str | None:
        """我院根据省卫健委部署，选派眼科医师P、骨科Q赴…: the body that selects the staff
        (not the one whose plan it follows) is their home."""
        sent = [v for v in _SENT_BY.finditer(s, 0, m.start) if m.start - v.end() <= 60]
        if not sent or crosses_sentence(s, sent[-1].end(), m.start):
            return None
        verb = sent[-1].start()
        bodies = [
            (o.end, res.of[id(o)])
            for o in ms
            if o.type in (HOSPITAL, ORGANIZATION)
            and o.end <= verb
            and not _FOLLOWED.search(s, max(0, o.start - 4), o.start)
        ]
        if ctx.own_hospital:
            bodies += [(r.end(), ctx.own_hospital) for r in re.finditer("我院", s[:verb])]
        return max(bodies)[1] if bodies else None
