"""Relations between the entities of one article, sentence by sentence, with the article as
context.

Aid news states who helps whom in a handful of shapes, and these rules read them:

- SUPPORTS (donor → recipient): a support verb (支援, 帮扶, 助推, 扶持, 援建 …) or a
  dispatch (选派…赴, 分赴, 深入, 派驻) with the recipients after it (an enumeration gives one
  relation per member; a place written as the prefix of the next name is that name's
  location, not a recipient), or 对 X…扶持 with the recipients between. The donor is the
  nearest actor that opens a clause before the verb, joined by 会同/联合/携手 partners; a
  sentence without one (全面开展对口帮扶X, 援藏医疗队… X) takes the article's donor:
  the place of the actor most often found as an explicit donor;
- PAIRS_WITH: 结对 (结对帮扶 gives both), 携手, A和B…共建;
- TRAINED: A为B培训/培养, a training word in a sentence that already has a support
  relation, 收/接收 P 为徒 between people;
- ALLIANCE_MEMBER: a hospital named inside an alliance's name, or the subject of
  加入/牵头/组建 with the alliance as object;
- LOCATED_IN: the places in or before an institution's name (the most specific one that is
  an entity of the article, else its nearest enclosing place that is), and, for two places
  of the article, the nearer of them that encloses the other (gazetteer);
- DEPARTMENT_OF / TECHNIQUE_AT: the nearest hospital before the department or technique in
  its sentence (else the first after, else the hospital 该院 refers to), for a technique
  else the nearest place;
- AFFILIATED_WITH: the organisation or hospital right before a person's role title
  (天津市卫生健康委员会干部处处长X), the hospital 该院 refers to, or, for a hospital
  role with no name nearby, the hospital the article is about.

Generic references resolve through the article too: 受援医院/两家受援医院 stand for the
hospitals already found as recipients.

Edge figures come from :func:`aidgraph.ingest.numerals.find_figures` on the evidence
sentence, keyed by what is counted: ``experts``, ``staff`` (medical staff, talents,
backbones), ``teams`` (批 of medical teams), ``surgeries``, ``trainings`` (training
sessions), ``person_times`` (人次), ``new_techniques``, ``hospitals``, ``counties``,
``apprentices``, ``graduate_students``, ``money_yuan`` (amounts converted to yuan); a count
of something else is ``count_<unit>``. Years (``start``/``end``) come from
:func:`~aidgraph.ingest.numerals.find_years`; the programme is the first Program named in
the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from aidgraph.graph.model import EdgeType, Figure, NodeType
from aidgraph.ingest.numerals import find_figures, find_years
from aidgraph.ingest.recognise import INSTITUTIONS, Mention
from aidgraph.ingest.resolve import Entity, Resolution

ACTORS = (NodeType.REGION, NodeType.HOSPITAL, NodeType.ORGANIZATION, NodeType.ALLIANCE)
DONORS = (NodeType.REGION, NodeType.HOSPITAL, NodeType.ORGANIZATION)

_SUPPORT = (
    "对口支援|对口帮扶|结对帮扶|结对支援|组团式帮扶|支援|帮扶|援助|援建|助推|助力|扶持|帮助|托管|包建|"
    "援派|支医|派驻|分赴|奔赴|深入|进驻|选派|派出|下沉|承包|抵达|"
    # A医院负责心内科、B医院负责儿科 (以院包科): taking charge of a department to build.
    "负责(?=[^，,。；;、]{0,4}?(?:建设|组建|包建)?[\u4e00-\u9fff]{0,8}?(?:科|病区|中心)(?:[、，,。；;]|$))|"
    # 分别“包”下X的心内科、儿科: a hospital takes a recipient's departments in charge.
    "包(?=[”」’]?下)|"
    # 江西将继续支持A医院创建…; not 在X的支持下 (X supports the subject) nor 的支持.
    "(?<![的和与])支持(?!下)|"
    # 赴X开展/坐诊…: a visit to work there (赴X进修 is training at X, not support).
    "赴(?=[^，,。；;]{2,30}?(?:开展|指导|坐诊|帮扶|义诊|支医|驻点|执行|巡诊|带教|手术|工作))"
)
_SUPPORT_RE = re.compile(_SUPPORT)
# What two parties do jointly after "A与B": sign, pair, build together.
_JOINT_VERB = re.compile(
    r"^[“「]?(?:院院|共同)?(?:签订|签署|签约|结成|结为|结对|共建|建立|组建|(?:深度|全面|紧密|深入)?合作)"
)
_SITE_VERB = re.compile(r"成立|建立|揭牌|挂牌|落户|设立|启用")
_ASPECTS = re.compile(r"从[^，,。；;]{2,30}?等(?:各个|多个|各)?方面")
_TRAIN_RE = re.compile(r"培训|培养|带教|传帮带|授课|进修|跟岗|规培|传承人|收徒|师带徒")
_TEAM_RE = re.compile(
    r"援[藏疆青蒙渝黔滇甘宁桂][^，,。；]{0,4}医疗队|医疗队|专家团队|医疗团队|援派医生"
)
_CLAUSE_BREAK = "，,；;：:"
_SUBJECT_BOUNDS = _CLAUSE_BREAK + "。！？!?”」"
_NOT_SUBJECT_BEFORE = (
    "在",
    "对",
    "向",
    "赴",
    "到",
    "为",
    "与",
    "和",
    "给",
    "从",
    "据",
    "帮助",
    "推动",
)
_PARTNER_RE = re.compile(r"^(?:会同|联合|携手|和|与|及|、)$")
# 与X建立结对帮扶关系 / 与X结成帮扶对子: the verb ends on the tie, X before it is the party.
_PAIRED_AFTER = re.compile(r"(?:工作)?(?:关系|对子|协议)|$")
# A clause that opens on this sends the bodies after it for the subject of the clause before.
_ORGANISED = re.compile(r"(?:[还也并]|先后|积极)?(?:组织|动员|统筹|协调)")
_GENERIC_RECIPIENTS = re.compile(r"(?:两家|各|该|这些|[二三四五六七八九十\d]+家)?受援(?:医院|单位)")
_REFERENCE_HINT = re.compile(r"当地|成员|受援|[该本我]院|(?:帮助|帮扶|支援|协助|助力|指导)其")
_THIS_HOSPITAL = re.compile(r"该院|本院|我院")
_ITS = re.compile(r"(?<=帮助|帮扶|支援|协助|助力|指导)其")
_COUNTED = re.compile(r"\d|[一二三四五六七八九十两几多][个名家所批]")
# 2023年以来深圳市向…: a date before the subject is an adverbial, not a count.
_DATE_LEAD = re.compile(r"^\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|起|来|至今|初|底)?")


def _clause_end(s: str, pos: int) -> int:
    m = _CLAUSE_END_RE.search(s, pos)
    return m.start() if m else len(s)


_CLAUSE_END_RE = re.compile(r"[，,。；;！？!?]")


def _sentence_end(s: str, pos: int) -> int:
    m = _SENTENCE_END_RE.search(s, pos)
    return m.start() if m else len(s)


_SENTENCE_END_RE = re.compile(r"[。；;！？!?]")


def _clause_start(s: str, pos: int) -> int:
    k = pos
    while k > 0 and s[k - 1] not in "，,。；;！？!?":
        k -= 1
    return k


_CONTINUES = ("并", "同时", "还", "并在", "此外")

_LEADING_PAREN = re.compile(r"^[（(][^（）()]{1,30}[)）]")
# Between members and the alliance they join: 等19家医院首批加入, 也加入了.
_JOINS_ALLIANCE = re.compile(
    r"(?:等[^，,。；;]{0,12}?)?(?:首批|正式|先后|陆续|均|都|也|还|已|共同|一起)*"
    r"(?:加入|成为)了?[“「]?"
)
# Between a founder and the alliance: 牵头成立的“…”, 加入了.
_FOUNDS_ALLIANCE = re.compile(
    r"[也还已]?(?:牵头)?(?:成立|组建|发起|创建|牵头)(?:发起)?(?:了|的)?[“「]?|成为"
)
# 加入联盟 / 加入该医联体: a bare reference to the alliance last named.
_ALLIANCE_REF = re.compile(
    r"(?:加入|成为)了?(?:该|本|这一)?(联盟|医联体|医共体|专科联盟)(?![\u4e00-\u9fff]{0,2}(?:的|建设))"
)

# 等8家医疗机构成为首批成员单位: the listed bodies join the alliance without naming it.
_BECOMES_MEMBER = re.compile(
    r"(?:首批|正式|均|都|也)*成为了?(?:首批|该联盟|联盟|其)?的?(?:首批)?(?:成员单位|成员)"
)

# Right after an alliance's name, what it is made of: 以A为牵头医院，整合B、C; 吸纳了B、C;
# 由A牵头、B、C参与.
_ALLIANCE_TAKES = re.compile(
    r"(?:以[^，,。；;]{2,30}?为(?:牵头|龙头|核心)(?:医院|单位)?[，,]?)?"
    r"(?:吸纳了?|吸收了?|整合了?|纳入了?|包括|涵盖了?|囊括了?|由(?=[^。；;]{2,80}?(?:牵头|参与)))"
)

# 目前的成员单位包括：A、B和C: the members of the alliance last named, listed after.
_MEMBER_LIST = re.compile(r"成员(?:单位|医院)?(?:包括|有|涵盖|分别是|分别为)[:：]?")


def _enumerated_before(s: str, bodies: list[Mention], pos: int) -> list[Mention]:
    """The bodies of an enumeration that ends right before ``pos`` in its clause
    (A、B和C等N家医院 加入…)."""
    before = [o for o in bodies if o.end <= pos]
    if not before or re.search(r"[，,。；;]", s[before[-1].end : pos]):
        return []
    out = [before[-1]]
    for o in reversed(before[:-1]):
        if not re.fullmatch(r"[、和及与]|以及", s[o.end : out[0].start]):
            break
        out.insert(0, o)
    return out


@dataclass
class Relation:
    """A relation found in sentence ``sentence`` (its index) between two entity ids."""

    type: EdgeType
    source: str
    target: str
    sentence: int
    program: str | None = None
    start: int | None = None
    end: int | None = None
    figures: dict[str, Figure] = field(default_factory=dict)


@dataclass
class _Ctx:
    """What the article as a whole says: its donor, its recipients so far, its hospital."""

    donor: str | None = None
    recipients: list[str] = field(default_factory=list)
    main_hospital: str | None = None
    last_hospital: str | None = None
    last_donors: list[str] = field(default_factory=list)
    last_team: int | None = None
    last_alliance: str | None = None
    last_person: str | None = None
    # donor hospital → the hospital it was last said to support
    supported: dict[str, str] = field(default_factory=dict)
    last_pair: tuple[str, str] | None = None
    # alliance → its members named so far (成员医院 stands for them)
    members: dict[str, list[str]] = field(default_factory=dict)


class Relater:
    """Finds the relations of one article (see the module docstring)."""

    def __init__(self, gazetteer: Any) -> None:
        self.gaz = gazetteer
        self._side_cache: dict[tuple[str, str], bool] = {}
        self._subj_cache: dict[tuple[int, int], list[str]] = {}
        self._trig_cache: dict[int, list[re.Match[str]]] = {}

    def relate(
        self, texts: list[str], sentences: list[list[Mention]], res: Resolution
    ) -> list[Relation]:
        self._side_cache = {}
        self._subj_cache = {}
        self._trig_cache = {}
        sentences = [[m for m in ms if id(m) in res.of] for ms in sentences]
        ctx = self._context(texts, sentences, res)
        out: list[Relation] = []
        for i, (s, ms) in enumerate(zip(texts, sentences, strict=True)):
            found = self._sentence(i, s, ms, res, ctx)
            self._annotate(found, s, ms, res)
            out += found
            for m in ms:
                if m.type is NodeType.HOSPITAL:
                    ctx.last_hospital = res.of[id(m)]
                elif m.type is NodeType.PERSON:
                    ctx.last_person = res.of[id(m)]
        out += self._located(res)
        out += self._alliance_parts(res)
        return _dedupe(out)

    # ------------------------------------------------------------------ article context

    def _context(self, texts: list[str], sentences: list[list[Mention]], res: Resolution) -> _Ctx:
        ctx = _Ctx()
        donors: Counter[str] = Counter()
        for s, ms in zip(texts, sentences, strict=True):
            for trig in self._support_triggers(s, ms):
                for d in self._subjects(s, ms, trig.start(), res):
                    donors[d] += 1
        hospitals: Counter[str] = Counter()
        for ent in res.entities.values():
            if ent.type is NodeType.HOSPITAL:
                hospitals[ent.id] = len(ent.mentions)
        if donors:
            top = donors.most_common(1)[0][0]
            ctx.donor = self._place_of(res.entities[top], res) or top
        if hospitals:
            hid, count = hospitals.most_common(1)[0]
            if count >= 3:
                ctx.main_hospital = hid
        return ctx

    def _place_of(self, ent: Entity, res: Resolution) -> str | None:
        """The region an organisation is the organ of (天津市卫生健康委员会 → 天津市)."""
        if ent.type is NodeType.REGION:
            return ent.id
        if ent.type is NodeType.ORGANIZATION:
            for rid, _ in ent.located:
                if rid in res.entities:
                    return rid
        return None

    # ------------------------------------------------------------------ one sentence

    def _sentence(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        out: list[Relation] = []
        if _TEAM_RE.search(s):
            ctx.last_team = i
        if not ms and not _REFERENCE_HINT.search(s):
            return out  # nothing named, nothing referred to: no relation to find
        actors = [m for m in ms if m.type in ACTORS]
        refs = self._references(s, res, ctx, [m for m in ms if m.type is NodeType.HOSPITAL])
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
            donors = subjects = self._subjects(s, ms, trig.start(), res)
            if donors:
                donors = list(dict.fromkeys(donors + _co_donors(s, actors, trig.start(), res)))
                explicit = donors
            else:
                donors = self._implicit_donors(s, ctx)
            for d, r in self._donor_pairs(s, trig, donors, recips):
                if d != r and (self._its(s, refs, d, r, res) or not self._same_side(d, r, res)):
                    out.append(Relation(EdgeType.SUPPORTS, d, r, i))
                    # 结对帮扶 pairs the subject with the recipient, not the organiser.
                    if (
                        trig.group().startswith("结对")
                        and (d in subjects or not subjects)
                        and not partners
                    ):
                        out.append(Relation(EdgeType.PAIRS_WITH, d, r, i))
                    if r not in ctx.recipients and res.entities[r].type is NodeType.HOSPITAL:
                        ctx.recipients.append(r)
        out += self._passive_support(i, s, actors, res)
        out += self._participation(i, s, ms, actors, res)
        out += self._through_support(i, s, ms, actors, res, ctx, out)
        out += self._team_support(i, s, ms, actors, res, ctx, out)
        out += self._pairs(i, s, actors, res)
        out += self._both_sides(i, s, ctx, out, actors, res)
        out += self._training(i, s, ms, actors, refs, res, ctx, out)
        for rel in out:
            if rel.type is EdgeType.SUPPORTS and res.entities[rel.target].type is NodeType.HOSPITAL:
                ctx.supported[rel.source] = rel.target
        out += self._departments(i, s, ms, res, ctx)
        out += self._techniques(i, s, ms, res, ctx)
        out += self._affiliations(i, s, ms, res, ctx)
        out += self._memberships(i, s, ms, res, ctx)
        for rel in out:
            if rel.type is EdgeType.ALLIANCE_MEMBER:
                ctx.members.setdefault(rel.target, []).append(rel.source)
        out += self._sited(i, s, ms, res)
        if explicit:
            ctx.last_donors = explicit
        pair = next((r for r in reversed(out) if r.type in _PAIRING and r.source != r.target), None)
        if pair is not None:
            ctx.last_pair = (pair.source, pair.target)
        return out

    def _both_sides(
        self,
        i: int,
        s: str,
        ctx: _Ctx,
        found: list[Relation],
        actors: list[Mention] | None = None,
        res: Resolution | None = None,
    ) -> list[Relation]:
        """双方签约共建…: 双方/两院 are the donor and recipient last named together (in this
        sentence if it names them, which then already says how they are tied); B医院地处…，
        双方将共建…: a hospital the sentence opens with is the donor's new partner."""
        if any(r.type in _PAIRING for r in found):
            return []
        if ctx.last_pair is None or not _BOTH_JOIN.search(s):
            return []
        first = actors[0] if actors and res is not None else None
        if (
            first is not None
            and first.type is NodeType.HOSPITAL
            and first.start <= 3
            and res.of[id(first)] not in ctx.last_pair
        ):
            return [Relation(EdgeType.PAIRS_WITH, ctx.last_pair[0], res.of[id(first)], i)]
        return [Relation(EdgeType.PAIRS_WITH, *ctx.last_pair, i)]

    def _references(
        self, s: str, res: Resolution, ctx: _Ctx, hospitals: list[Mention] | None = None
    ) -> list[tuple[int, int, list[str]]]:
        """Generic references in ``s`` with the entities they stand for: 受援医院 → the
        recipients so far; 当地 → the latest one; 联盟成员 → the alliance; 该院 → the
        latest hospital, 我院 → the article's hospital."""
        out: list[tuple[int, int, list[str]]] = []
        if not _REFERENCE_HINT.search(s):
            return out
        for m in re.finditer(r"(?<=为|训|教|养)当地", s):
            if ctx.recipients:
                out.append((m.start(), m.end(), [ctx.recipients[-1]]))
        for m in re.finditer(r"联盟成员|成员单位", s):
            if ctx.last_alliance:
                out.append((m.start(), m.end(), [ctx.last_alliance]))
        # 接收成员医院骨干进修: the member hospitals of the alliance last named.
        for m in re.finditer(r"成员医院", s):
            members = ctx.members.get(ctx.last_alliance or "", [])
            if members:
                out.append((m.start(), m.end(), list(dict.fromkeys(members))))
        # 理塘县人民医院…，华西医院将帮助其建设…: 其 is the hospital the sentence opens with.
        first = (hospitals or [None])[0]
        for m in _ITS.finditer(s):
            if first is not None and first.end <= m.start():
                out.append((m.start(), m.end(), [res.of[id(first)]]))
        for m in _GENERIC_RECIPIENTS.finditer(s):
            if ctx.recipients:
                out.append((m.start(), m.end(), list(ctx.recipients)))
        for m in _THIS_HOSPITAL.finditer(s):
            target = ctx.main_hospital if m.group() == "我院" else ctx.last_hospital
            # A与B签订协议，托管该院…: 该院 is the hospital last named before it.
            named = [h for h in (hospitals or []) if h.end <= m.start()]
            if m.group() == "该院" and named:
                target = res.of[id(named[-1])]
            if target:
                out.append((m.start(), m.end(), [target]))
        return out

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

    def _its(
        self, s: str, refs: list[tuple[int, int, list[str]]], d: str, r: str, res: Resolution
    ) -> bool:
        """理塘县人民医院…华西医院帮助其…: a hospital named as 其 is helped by the other
        hospital, even one of the same province."""
        if res.entities[d].type is not NodeType.HOSPITAL:
            return False
        return any(s[a:b] == "其" and r in ids for a, b, ids in refs)

    def _support_triggers(self, s: str, ms: list[Mention]) -> list[re.Match[str]]:
        """The support verbs of sentence ``s`` (memoised: the article context asks first)."""
        key = id(s)
        if key not in self._trig_cache:
            self._trig_cache[key] = _triggers(_SUPPORT_RE, s, ms)
        return self._trig_cache[key]

    def _subjects(self, s: str, ms: list[Mention], pos: int, res: Resolution) -> list[str]:
        """The donors of a verb at ``pos``: the nearest actor opening a clause before it,
        with its 会同/联合/和 partners (memoised: the article context asks first)."""
        key = (id(s), pos)
        if key not in self._subj_cache:
            self._subj_cache[key] = self._find_subjects(s, ms, pos, res)
        return list(self._subj_cache[key])

    def _find_subjects(self, s: str, ms: list[Mention], pos: int, res: Resolution) -> list[str]:
        before = [m for m in _between(ms, max(0, pos - 200), pos) if m.type in DONORS]
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
            if j < len(before) and re.match(
                r"^(?:会同|联合|携手)$", s[group[-1].end : before[j].start]
            ):
                group.append(before[j])
            # 天津市还组织A医院结对帮扶…: the organiser and the body it sends both give.
            if j < len(before) and re.fullmatch(
                r"(?:[还也]|先后|多次|积极)?(?:组织|发动|组织发动|动员|推动|带领|协调)",
                s[group[-1].end : before[j].start],
            ):
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
            between = s[group[-1].end : pos]
            if re.search(r"[。；;]", between):
                return []
            ids = [res.of[id(g)] for g in group]
            # 省卫健委牵头，组织A医院、B医院…支援C: the organiser of the clause before gives too.
            start = _clause_start(s, opens)
            if start > 0 and _ORGANISED.fullmatch(s, start, opens):
                ids = self._find_subjects(s, ms, start - 1, res) + ids
            return list(dict.fromkeys(ids))
        return []

    def _opens_clause(self, s: str, m: Mention, ms: list[Mention]) -> bool:
        """The mention is a clause's subject: nothing but adverbials before it in its clause."""
        k = m.start
        while k > 0 and m.start - k <= 12 and s[k - 1] not in _SUBJECT_BOUNDS:
            if s[k - 1] == "、" and _CONTRACT_DONE.search(s, max(0, k - 16), k - 1):
                break  # A医院负责心内科、B医院负责儿科: B opens a clause of its own
            k -= 1
        lead = s[k : m.start]
        if len(lead) > 12:
            return False
        prev = [o for o in _between(ms, k, m.start) if o.type in ACTORS]
        # A place directly before a name is its prefix, and the name is the subject.
        if prev and (m.type is NodeType.REGION or not all(o.type is NodeType.REGION for o in prev)):
            return False
        if lead.endswith(_NOT_SUBJECT_BEFORE) or lead.startswith("在"):
            return False
        if _COUNTED.search(_DATE_LEAD.sub("", lead)):
            return False  # 3个宁波市名医工作站: a counted object, not a subject
        return len(lead) <= 12 and not _SUPPORT_RE.search(lead)

    def _implicit_donors(self, s: str, ctx: _Ctx) -> list[str]:
        # 此外，医疗队还深入…: the whole team is the article donor's, not the last clause's.
        if s.startswith(_CONTINUES) and ctx.last_donors and not _TEAM_RE.search(s):
            return list(ctx.last_donors)
        return [ctx.donor] if ctx.donor else []

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
        lo = s.rfind("对", max(0, trig.start() - 60), trig.start())
        # 向A县、B县、C县、D县5个对口县派驻医疗队: a listed destination runs long.
        to = max(
            s.rfind("向", max(0, trig.start() - 40), trig.start()),
            s.rfind("给", max(0, trig.start() - 20), trig.start()),
        )
        if (
            lo >= 0
            and not re.search(r"[，,。；;]", s[lo : trig.start()])
            and trig.group() in ("扶持", "支援", "帮扶", "帮助", "援助")
        ):
            span = (lo, trig.start())
        elif (
            to >= 0
            and not re.search(r"[，,。；;]", s[to : trig.start()])
            and trig.group() in ("选派", "派出", "派驻", "下沉", "援派")
        ):
            span = (to, trig.start())  # 江苏共向汉中派出医疗专家
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
                and m.type is NodeType.REGION
                and nxt.start == m.end
                and (m in nxt.prefix or self._encloses(res.entity_of(m), res.entity_of(nxt)))
            ):
                continue
            out.append(res.of[id(m)])
        return out

    def _encloses(self, outer: Entity | None, inner: Entity | None) -> bool:
        if outer is None or inner is None or outer.place is None:
            return False
        if inner.place is not None:
            return self.gaz.is_within(inner.place, outer.place) and inner.place != outer.place
        return any(rid == outer.id for rid, _ in inner.located)

    def _same_side(self, a: str, b: str, res: Resolution) -> bool:
        """A donor never supports its own place, its own organ or its own alliance
        (宁波市 → 宁波市第一医院, 宁波市中医院 → 浙江省, 华西医院 → 华西医院医联体)."""
        ea, eb = res.entities[a], res.entities[b]
        if ea.name in eb.name or eb.name in ea.name:
            return True
        key = (a, b)
        if key not in self._side_cache:
            pa, pb = self._places(ea, res), self._places(eb, res)
            self._side_cache[key] = any(
                self.gaz.is_within(x, y) or self.gaz.is_within(y, x) for x in pa for y in pb
            )
        return self._side_cache[key]

    def _places(self, ent: Entity, res: Resolution) -> list[Any]:
        if ent.place is not None:
            return [ent.place]
        out = []
        for rid, _ in ent.located:
            reg = res.entities.get(rid)
            place = reg.place if reg is not None else self._place_by_id(rid)
            if place is not None:
                out.append(place)
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
        end = _clause_end(s, trig.end())
        if first:
            end = min(end, trig.end() + 2)
        if trig.group() not in _CONTRACTS or not any(
            o.type is NodeType.DEPARTMENT and trig.end() <= o.start < end for o in ms
        ):
            return []
        last = [ctx.recipients[-1]] if ctx is not None and ctx.recipients else []
        return earlier or self._opening_site(s, ms, res) or last

    def _opening_site(self, s: str, ms: list[Mention], res: Resolution) -> list[str]:
        """在H，…: the hospital a sentence opens at."""
        at = _OPENS_AT.match(s)
        return [
            res.of[id(o)]
            for o in ms
            if at
            and o.type is NodeType.HOSPITAL
            and o.start == at.end()
            and s[o.end : o.end + 1] in "，,"
        ]

    def _passive_support(
        self, i: int, s: str, actors: list[Mention], res: Resolution
    ) -> list[Relation]:
        """B则由A以“以院包科”方式帮扶: the recipient is the subject, the donor follows 由."""
        out = []
        if "由" not in s:
            return out
        for m in re.finditer(r"(?:则|也|还|均|将|现)?由", s):
            recip = next((a for a in actors if a.end == m.start()), None)
            donor = next((a for a in actors if a.start == m.end()), None)
            if recip is None or donor is None or recip.type is NodeType.REGION:
                continue
            clause = s[donor.end : _clause_end(s, donor.end)]
            if not re.search(r"^[^，,。；;]{0,16}?(?:对口)?(?:帮扶|支援|托管|援建|扶持)", clause):
                continue
            d, r = res.of[id(donor)], res.of[id(recip)]
            if d != r and not self._same_side(d, r, res):
                out.append(Relation(EdgeType.SUPPORTS, d, r, i))
        return out

    def _participation(
        self, i: int, s: str, ms: list[Mention], actors: list[Mention], res: Resolution
    ) -> list[Relation]:
        """组织A医院、B医院等5家医院共同参与东西部协作，提升C…: each named institution
        supports the place the programme serves."""
        m = re.search(r"参与|参加", s)
        if not m:
            return []
        progs = [p for p in ms if p.type is NodeType.PROGRAM and p.start >= m.end()]
        if not progs or progs[0].start - m.end() > 4:
            return []
        lo = _clause_start(s, m.start())
        members = [
            a
            for a in actors
            if a.type in (NodeType.HOSPITAL, NodeType.ORGANIZATION) and lo <= a.start < m.start()
        ]
        places = [a for a in actors if a.type is NodeType.REGION and a.start > progs[0].end]
        out = []
        for a in members:
            for p in places:
                src_id, tgt = res.of[id(a)], res.of[id(p)]
                if not self._same_side(src_id, tgt, res):
                    out.append(Relation(EdgeType.SUPPORTS, src_id, tgt, i))
                    break
        return out

    def _through_support(
        self,
        i: int,
        s: str,
        ms: list[Mention],
        actors: list[Mention],
        res: Resolution,
        ctx: _Ctx,
        found: list[Relation],
    ) -> list[Relation]:
        """通过团队帮扶，A医院…: the hospital after the support phrase is the recipient."""
        if any(r.type is EdgeType.SUPPORTS for r in found) or not ctx.donor:
            return []
        m = re.match(r"^(?:通过|经过|在)[^，,。；]{0,12}(?:帮扶|支援|援助)(?:下)?[，,]", s)
        if not m:
            return []
        nxt = [a for a in actors if a.start >= m.end() and a.start - m.end() <= 2]
        if not nxt or nxt[0].type is not NodeType.HOSPITAL:
            return []
        tgt = res.of[id(nxt[0])]
        if self._same_side(ctx.donor, tgt, res):
            return []
        return [Relation(EdgeType.SUPPORTS, ctx.donor, tgt, i)]

    def _team_support(
        self,
        i: int,
        s: str,
        ms: list[Mention],
        actors: list[Mention],
        res: Resolution,
        ctx: _Ctx,
        found: list[Relation],
    ) -> list[Relation]:
        """援疆医疗队…和田地区人民医院: the donor's team working at a named hospital."""
        if not ctx.donor or any(r.type is EdgeType.SUPPORTS for r in found):
            return []
        if not _TEAM_RE.search(s):
            return []
        out = []
        for m in actors:
            eid = res.of[id(m)]
            clause = s[_clause_start(s, m.start) : _clause_end(s, m.end)]
            if re.search(r"由.*(?:选派|派出|组成)", clause):
                continue  # 由A医院、B医院选派的骨干组成: senders, not recipients
            if any(p.type is NodeType.PERSON and 0 <= p.start - m.end <= 12 for p in ms):
                continue  # 协和医院副院长某某: the speaker's home, not a recipient
            if (
                m.type is NodeType.HOSPITAL
                and eid != ctx.donor
                and not self._same_side(ctx.donor, eid, res)
            ):
                out.append(Relation(EdgeType.SUPPORTS, ctx.donor, eid, i))
        return out

    def _pairs(self, i: int, s: str, actors: list[Mention], res: Resolution) -> list[Relation]:
        """A携手B; A与B签订…协议 / 结成帮扶对子 / 共建… (帮扶 in the phrase: A supports B)."""
        out = []
        if len(actors) < 2:
            return out
        # 与赤峰市松山区医院: a place written before the next name is not a party; the
        # name starts where its prefix does.
        lead: dict[int, int] = {}
        kept = []
        for k, a in enumerate(actors):
            if k + 1 < len(actors) and self._prefix_of(a, actors[k + 1], res):
                lead[id(actors[k + 1])] = lead.get(id(a), a.start)
            else:
                kept.append(a)
        for a, b in pairwise(kept):
            # A（A的简称）与B: the bracketed other name is not between the parties.
            between = _LEADING_PAREN.sub("", s[a.end : lead.get(id(b), b.start)])
            after = s[b.end : b.end + 14]
            verb = _JOINT_VERB.match(after)
            if between in ("携手", "结对", "牵手"):
                pass
            elif _WITH_PARTNER.fullmatch(between) and verb:
                if a.type is NodeType.REGION and b.type is not NodeType.REGION:
                    continue
            else:
                continue
            ea, eb = res.of[id(a)], res.of[id(b)]
            if ea == eb:
                continue
            out.append(Relation(EdgeType.PAIRS_WITH, ea, eb, i))
            phrase = s[b.end : _clause_end(s, b.end)] if verb else ""
            # A与B结对，先后派出…帮扶: the clauses after a bare pairing say who gives.
            sent = _SENDS_AFTER.search(s, b.end, _sentence_end(s, b.end)) if verb else None
            if sent and "结对" in verb.group() and not _between(actors, b.end, sent.start()):
                phrase += sent.group()
            # 华西医院与甘孜州人民医院结为对口帮扶医院: said outright, so two hospitals
            # of one province are two sides too.
            both = res.entities[ea].type is res.entities[eb].type is NodeType.HOSPITAL
            if re.search(r"帮扶|支援", phrase) and (both or not self._same_side(ea, eb, res)):
                out.append(Relation(EdgeType.SUPPORTS, ea, eb, i))
        for a, b in _respective_pairs(s, actors):
            out.append(Relation(EdgeType.PAIRS_WITH, res.of[id(a)], res.of[id(b)], i))
        return out

    def _prefix_of(self, a: Mention, b: Mention, res: Resolution) -> bool:
        """``a`` is written as the place prefix of ``b`` (贵州省黔东南州, 赤峰市松山区医院)."""
        if a in b.prefix:
            return True
        return (
            a.type is NodeType.REGION
            and b.start == a.end
            and self._encloses(res.entity_of(a), res.entity_of(b))
        )

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
        aspects = [a.span() for a in _ASPECTS.finditer(s)]
        train = [
            t for t in _TRAIN_RE.finditer(s) if not any(a <= t.start() < b for a, b in aspects)
        ]
        if not train:
            return out
        # A接收B进修医师 / 接受黔南州20名医生作为传承人: trainer A, trainee B.
        for r in re.finditer(r"(?:接收|接受|接纳|招收)", s):
            t = next((t for t in train if 0 < t.start() - r.end() <= 24), None)
            if t is None or re.search(r"[，,。；;]", s[r.end() : t.start()]):
                continue
            # 接收A医院医生到合肥进修: the place after 到 is where, not who.
            to = re.search(r"[到赴]", s[r.end() : t.start()])
            stop = r.end() + to.start() if to else t.start()
            trainees = self._heads([a for a in actors if r.end() <= a.start and a.end <= stop], res)
            trainees += [x for a, b, ids in refs if r.end() <= a and b <= stop for x in ids]
            trainers = self._subjects(s, ms, r.start(), res) or self._implicit_donors(s, ctx)
            out += [
                Relation(EdgeType.TRAINED, d, x, i) for d in trainers for x in trainees if d != x
            ]
        # 培训当地医务人员: the trainee is the recipient the article is at.
        for t in train:
            for a, _b, ids in refs:
                if a == t.end():
                    trainers = self._subjects(s, ms, t.start(), res) or self._implicit_donors(
                        s, ctx
                    )
                    out += [
                        Relation(EdgeType.TRAINED, d, x, i) for d in trainers for x in ids if d != x
                    ]
        # 选派医生到A进修: A trains the sender (the subject, else the latest hospital).
        for t in train:
            if t.group() not in ("进修", "培训", "跟岗"):
                continue
            k = max(s.rfind("到", 0, t.start()), s.rfind("赴", 0, t.start()))
            if t.group() == "进修":
                k = max(k, s.rfind("在", 0, t.start()))  # 某某曾在A医院进修一年
            hosts = [a for a in actors if k >= 0 and k < a.start and a.end <= t.start()]
            if not hosts or re.search(r"[，,。；;]", s[k : t.start()]):
                continue
            if re.search(r"接收|接受|接纳|招收", s[_clause_start(s, k) : k]):
                continue  # 接收B的医生到A进修: the 接收 rule above reads it
            # 副院长某某曾在A进修: the person named just before is the one trained.
            lo = _clause_start(s, k)
            person = [p for p in ms if p.type is NodeType.PERSON and lo <= p.start and p.end <= k]
            if person and k - person[-1].end <= 3:
                senders = [res.of[id(person[-1])]]
            elif re.match(r"[他她]", s[lo:k]) and ctx.last_person:
                senders = [ctx.last_person]  # 她曾在A进修: the person last named
            else:
                senders = self._subjects(s, ms, k, res) or (
                    [ctx.last_hospital] if ctx.last_hospital else []
                )
            host = res.of[id(hosts[-1])]
            # 到北京进修 said of a Beijing hospital's own staff: a place, not a trainer.
            home = hosts[-1].type is NodeType.REGION
            out += [
                Relation(EdgeType.TRAINED, host, x, i)
                for x in senders
                if x != host and not (home and self._same_side(host, x, res))
            ]
        # A 为 B 培训/培养: trainer and trainee around 为.
        for t in train:
            k = s.rfind("为", max(0, t.start() - 30), t.start())
            if k < 0 or re.search(r"[，,。；;]", s[k : t.start()]) or s[k - 1 : k] in "成作认以":
                continue
            trainees = self._heads([a for a in actors if k < a.start and a.end <= t.start()], res)
            trainees += [x for a, b, ids in refs if k < a and b <= t.start() for x in ids]
            trainers = self._subjects(s, ms, k, res) or self._implicit_donors(s, ctx)
            for d in trainers:
                for r in dict.fromkeys(trainees):
                    if d != r:
                        out.append(Relation(EdgeType.TRAINED, d, r, i))
        if out:
            return out
        # A sentence that already says who supports whom and mentions training.
        for rel in found:
            if rel.type is EdgeType.SUPPORTS:
                out.append(Relation(EdgeType.TRAINED, rel.source, rel.target, i))
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
                if any(p.type is NodeType.PERSON and 0 <= p.start - a.end <= 12 for p in ms):
                    continue  # 湘雅二医院援藏专家某某介绍: the speaker's home, not a trainee
                if (
                    eid != d
                    and not self._same_side(d, eid, res)
                    and a.type in (NodeType.REGION, NodeType.HOSPITAL)
                ):
                    out.append(Relation(EdgeType.TRAINED, d, eid, i))
        return out

    def _mentoring(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        """Teacher and pupil between people: 收P为徒, 与P结成师徒, A带教P, 在他的带教下…P.
        A teacher written 他/她 is the person last named."""
        people = [p for p in ms if p.type is NodeType.PERSON]
        out = []
        if not people:
            return out  # every rule needs a named pupil
        for m in _MENTOR_RE.finditer(s):
            named = next((g for g in ("pupil", "pair") if m.group(g) is not None), None)
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
                re.search(r"[他她]", clause) or s.startswith(("他", "她")) or not clause
            ):
                teacher = ctx.last_person
            for p in pupils:
                if teacher and teacher != res.of[id(p)]:
                    out.append(Relation(EdgeType.TRAINED, teacher, res.of[id(p)], i))
        return out

    def _hospital_near(
        self,
        m: Mention,
        ms: list[Mention],
        s: str,
        ctx: _Ctx,
        res: Resolution,
        places: bool = False,
    ) -> str | None:
        kinds = (NodeType.HOSPITAL, NodeType.REGION) if places else (NodeType.HOSPITAL,)
        for kind in kinds:
            # 来自(深圳市)A医院: a person's home, not where the department or technique is.
            homes = [o for o in ms if o.type is kind and s.endswith("来自", 0, _lead(o))]
            # A医院骨科主任医师某某…指导其开展X: a person's home is not the site either.
            staff = [o for o in ms if places and o.type is kind and _staff_of(s, o, ms)]
            cands = [o for o in ms if o.type is kind and o is not m and o not in homes + staff]
            # 在麻醉科，来自A医院的医师…: with only a visitor's home named, the department
            # is the article's hospital's.
            visitor = kind is NodeType.HOSPITAL and homes and not cands
            if visitor and ctx.main_hospital not in {None, *(res.of[id(o)] for o in homes)}:
                return ctx.main_hospital
            if kind is NodeType.REGION:
                cands = [o for o in cands if res.of[id(o)] != ctx.donor]
            before = [o for o in cands if o.end <= m.start]
            if before:
                return res.of[id(before[-1])]
            ref = _THIS_HOSPITAL.search(s[: m.start])
            if ref and kind is NodeType.HOSPITAL:
                target = ctx.main_hospital if ref.group() == "我院" else ctx.last_hospital
                if target:
                    return target
            after = [o for o in cands if o.start >= m.end]
            if after:
                return res.of[id(after[0])]
        return None

    def _departments(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        out = []
        for m in ms:
            if m.type is NodeType.DEPARTMENT:
                h = self._hospital_near(m, ms, s, ctx, res) or _unnamed_hospital(s, ctx)
                # 协和把帮扶重点放在消化内科, A医院帮扶麻醉科: a donor helps build the
                # department of the hospital it supports.
                builds = _BUILDS.search(s, _clause_start(s, m.start), m.start)
                if h in ctx.supported and builds:
                    h = ctx.supported[h]
                elif builds and builds.group() in _CONTRACTS:
                    # 在H，B医院托管儿科: the department is the opening hospital's.
                    h = next(iter(self._opening_site(s, ms, res)), h)
                if h:
                    out.append(Relation(EdgeType.DEPARTMENT_OF, res.of[id(m)], h, i))
        return out

    def _techniques(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        out = []
        for m in ms:
            if m.type is NodeType.TECHNIQUE:
                h = self._technique_site(s, m, ms, res)
                h = h or self._hospital_near(m, ms, s, ctx, res, places=True)
                h = h or _unnamed_hospital(s, ctx)
                # 领队、A医院副院长某某介绍，…开展X: a donor hospital brings the technique to
                # the hospital it supports.
                h = ctx.supported.get(h, h) if h else h
                if h:
                    out.append(Relation(EdgeType.TECHNIQUE_AT, res.of[id(m)], h, i))
                # 填补了甘肃省该项技术空白: the place whose gap it fills has it too.
                gap = _FILLS_GAP.search(s, m.end, _sentence_end(s, m.end))
                for o in ms if gap else []:
                    if o.type is NodeType.REGION and (o.start, o.end) == gap.span(1):
                        out.append(Relation(EdgeType.TECHNIQUE_AT, res.of[id(m)], res.of[id(o)], i))
        return out

    def _technique_site(self, s: str, m: Mention, ms: list[Mention], res: Resolution) -> str | None:
        """Where the clause after a technique says it went: X在昭觉县属首次开展 (the place
        after 在), 把X…平移到甘肃医院 (the hospital after the transfer verb); not the donor
        or speaker named before it."""
        hit = _TECH_SITE.search(s, m.end, _clause_end(s, m.end))
        if hit is None:
            return None
        sites = [
            o for o in ms if o.start == hit.end() and o.type in (NodeType.HOSPITAL, NodeType.REGION)
        ]
        if not sites:
            return None
        site = max(sites, key=lambda o: o.end)
        if hit.group().endswith("在") and not _PERFORMED.match(s, site.end):
            return None  # 在北京进修: a place of the sentence, not where the technique went
        return res.of[id(site)]

    def _affiliations(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        out = []
        for m in ms:
            if m.type is not NodeType.PERSON:
                continue
            pid = res.of[id(m)]
            # 张某来自A医院: the home is said outright.
            came = _CAME_FROM.match(s, m.end)
            origin = [o for o in ms if came and o.type in INSTITUTIONS and o.start == came.end()]
            if came and came.group().endswith("是"):
                # 某某是A医院派出的援疆干部: only a sender after 是 is the home.
                origin = [o for o in origin if _SENT_BY.match(s, o.end)]
            if origin:
                out.append(Relation(EdgeType.AFFILIATED_WITH, pid, res.of[id(origin[0])], i))
                continue
            home = [
                o
                for o in ms
                if o.type in (NodeType.HOSPITAL, NodeType.ORGANIZATION)
                and o.end <= m.start
                and m.start - o.end <= 14
                and not re.search(r"[，,。；;、和与]", s[o.end : m.start])
            ]
            # 浙大一院援凉专家、昭觉县人民医院执行院长X: home is the sending hospital.
            sent = [
                o
                for o in ms
                if o.type in (NodeType.HOSPITAL, NodeType.ORGANIZATION)
                and o.end <= m.start
                and m.start - o.end <= 30
                and not re.search(r"[，,。；;]", s[o.end : m.start])
                and re.match(r"^(?:援[\u4e00-\u9fff]{0,2}|派驻|挂职|选派)", s[o.end :])
            ]
            if sent or home:
                target = (sent or home)[-1]
                out.append(Relation(EdgeType.AFFILIATED_WITH, pid, res.of[id(target)], i))
                continue
            ref = _THIS_HOSPITAL.search(s[max(0, m.start - 12) : m.start])
            if ref and ctx.last_hospital:
                out.append(Relation(EdgeType.AFFILIATED_WITH, pid, ctx.last_hospital, i))
                continue
            role = m.attrs.get("role") or ""
            if ctx.main_hospital and role in (
                "院长",
                "副院长",
                "教授",
                "主任医师",
                "老中医",
            ):
                out.append(Relation(EdgeType.AFFILIATED_WITH, pid, ctx.main_hospital, i))
                continue
            # 消化内科专家某某 with no body named: an expert comes from the one donor hospital.
            donors = [d for d in ctx.supported if res.entities[d].type is NodeType.HOSPITAL]
            if role == "专家" and len(donors) == 1:
                out.append(Relation(EdgeType.AFFILIATED_WITH, pid, donors[0], i))
        return out

    def _memberships(
        self, i: int, s: str, ms: list[Mention], res: Resolution, ctx: _Ctx
    ) -> list[Relation]:
        """由A牵头，联合B、C等组建的X联盟 (all of them are members); A、B等N家医院加入X;
        A牵头成立的X; 在A牵头下…加入X; X吸纳A、B为成员单位; A与B…组建X; A加入该联盟."""
        out = []
        if ctx.last_alliance is None and all(m.type is not NodeType.ALLIANCE for m in ms):
            return out  # no alliance named here or before
        bodies = [
            o for o in ms if o.type in (NodeType.HOSPITAL, NodeType.ORGANIZATION, NodeType.ALLIANCE)
        ]
        for m in ms:
            if m.type is not NodeType.ALLIANCE:
                continue
            aid = res.of[id(m)]
            ctx.last_alliance = aid
            members = self._members_before(s, m, bodies) + self._members_after(s, m, bodies)
            ids = [res.of[id(o)] for o in members]
            if not ids and ctx.last_pair and _BOTH_BUILD.search(s, 0, m.start):
                ids = list(ctx.last_pair)  # 双方签约共建X: the two parties are members
            for oid in dict.fromkeys(ids):
                if oid != aid:
                    out.append(Relation(EdgeType.ALLIANCE_MEMBER, oid, aid, i))
        ref = _ALLIANCE_REF.search(s)
        if (
            ref
            and ctx.last_alliance
            and not any(o.type is NodeType.ALLIANCE and o.start <= ref.start(1) < o.end for o in ms)
        ):
            for o in _enumerated_before(s, bodies, ref.start()):
                out.append(Relation(EdgeType.ALLIANCE_MEMBER, res.of[id(o)], ctx.last_alliance, i))
        listed = _MEMBER_LIST.search(s)
        if listed and ctx.last_alliance:
            for o in bodies:
                if o.start >= listed.end() and o.type is not NodeType.ALLIANCE:
                    oid = res.of[id(o)]
                    out.append(Relation(EdgeType.ALLIANCE_MEMBER, oid, ctx.last_alliance, i))
        # X成立，A、B等8家医疗机构成为首批成员单位: members of the alliance last named.
        became = _BECOMES_MEMBER.search(s)
        if became and ctx.last_alliance:
            for o in _enumerated_before(s, bodies, became.start()):
                if o.type is not NodeType.ALLIANCE:
                    oid = res.of[id(o)]
                    out.append(Relation(EdgeType.ALLIANCE_MEMBER, oid, ctx.last_alliance, i))
        return out

    def _members_before(self, s: str, m: Mention, bodies: list[Mention]) -> list[Mention]:
        before = [o for o in bodies if o.end <= m.start and o is not m]
        if not before:
            return []
        lead = s[: before[0].start]
        if re.search(r"^由|[，,]由", lead) and re.search(
            r"组建|发起|组成|成立|牵头", s[before[0].end : m.start]
        ):
            return before
        between = s[before[-1].end : m.start]
        if _JOINS_ALLIANCE.fullmatch(between):
            members = _enumerated_before(s, bodies, m.start)
            # 在A牵头下，B、C…加入X: the leader is a member too.
            lead_m = re.search(r"在([^，,。；]{2,40})牵头下[，,]?", s[: members[0].start])
            if lead_m:
                members = [o for o in before if o.start >= lead_m.start(1)]
            return members
        if _FOUNDS_ALLIANCE.fullmatch(between):
            return [before[-1]]
        # A与B深度合作，组建X: the two parties build it together.
        if re.search(r"(?:组建|共建|成立)了?[“「]?$", between):
            clause = [o for o in before if not re.search(r"[。；;]", s[o.end : m.start])]
            # A、B分别与C、D结对，组建X: all four build it.
            parties = [o for pair in _respective_pairs(s, clause) for o in pair]
            if parties:
                return list({id(o): o for o in sorted(parties, key=lambda o: o.start)}.values())
            for a, b in pairwise(clause):
                if re.fullmatch(r"[还也已将]?(?:与|和|同|携手)", s[a.end : b.start]):
                    return [a, b]
        return []

    def _members_after(self, s: str, m: Mention, bodies: list[Mention]) -> list[Mention]:
        """X…吸纳/吸收/接纳A、B为成员(单位); X以A为牵头医院，整合B、C (X吸纳了B、C; X由A牵头、
        B、C参与): the bodies the alliance's own clause takes in."""
        took = re.compile(r"(?:吸纳|吸收|接纳|纳入)([^。；;]{2,80}?)为(?:其)?(?:成员|会员)")
        hit = took.search(s, m.end)
        if not hit or re.search(r"[。；;]", s[m.end : hit.start()]):
            takes = _ALLIANCE_TAKES.match(s, m.end)
            if takes is None:
                return []
            end = _clause_end(s, takes.end())
            return [o for o in bodies if m.end <= o.start and o.end <= end]
        return [o for o in bodies if hit.start(1) <= o.start and o.end <= hit.end(1)]

    def _sited(self, i: int, s: str, ms: list[Mention], res: Resolution) -> list[Relation]:
        """X联盟在汉中成立 / 在毕节市…建立X: a body without a place in its name lies there."""
        out = []
        for r in ms:
            at = self._at(s, r, ms, res) if r.type is NodeType.REGION else -1
            if at < 0:
                continue
            verb = _SITE_VERB.search(s, r.end)
            if verb is None or re.search(r"[。；;]", s[r.end : verb.start()]):
                continue
            kinds = (NodeType.ALLIANCE, NodeType.HOSPITAL, NodeType.ORGANIZATION)
            if verb.start() - r.end <= 2:  # X联盟在汉中成立: the subject is sited
                bodies = [m for m in ms if m.type in kinds and 0 <= at - m.end <= 2]
            else:  # A在毕节市…建立X: what is built is sited, not its builder
                bodies = [m for m in ms if m.type in kinds and 0 <= m.start - verb.end() <= 2]
            for b in bodies:
                ent = res.entity_of(b)
                if ent is None:
                    continue
                if not ent.located and at == r.start - 1:
                    out.append(Relation(EdgeType.LOCATED_IN, ent.id, res.of[id(r)], i))
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
        outer = next((o for o in ms if o.end == r.start and o.type is NodeType.REGION), None)
        if outer is not None and s[outer.start - 1 : outer.start] == "在":
            return outer.start - 1 if self._prefix_of(outer, r, res) else -1
        return -1

    # ------------------------------------------------------------------ article-level

    def _alliance_parts(self, res: Resolution) -> list[Relation]:
        out = []
        for ent in res.entities.values():
            if ent.type is not NodeType.ALLIANCE:
                continue
            for i, m in ent.mentions:
                for p in m.parts:
                    pid = res.of.get(id(p))
                    if pid and res.entities[pid].type is NodeType.HOSPITAL:
                        out.append(Relation(EdgeType.ALLIANCE_MEMBER, pid, ent.id, i))
        return out

    def _located(self, res: Resolution) -> list[Relation]:
        out = []
        regions = {e.id: e for e in res.entities.values() if e.type is NodeType.REGION and e.place}
        by_code = {e.place.adcode: e for e in regions.values()}
        for ent in res.entities.values():
            if ent.type is NodeType.REGION and ent.place is not None:
                for anc in self.gaz.ancestors(ent.place):
                    if anc.adcode in by_code:
                        out.append(
                            Relation(
                                EdgeType.LOCATED_IN,
                                ent.id,
                                by_code[anc.adcode].id,
                                _first_together(ent, by_code[anc.adcode]),
                            )
                        )
                        break
            elif ent.type in (NodeType.HOSPITAL, NodeType.ORGANIZATION, NodeType.ALLIANCE):
                target = self._seat(ent, res, by_code)
                if target:
                    out.append(Relation(EdgeType.LOCATED_IN, ent.id, target[0], target[1]))
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

    def _place_by_id(self, rid: str) -> Any:
        name = rid.split(":", 1)[1]
        places = self.gaz.by_name(name)
        return places[0] if len(places) == 1 else None

    # ------------------------------------------------------------------ attributes

    def _annotate(self, rels: list[Relation], s: str, ms: list[Mention], res: Resolution) -> None:
        """Program, years and figures of the sentence on its SUPPORTS/TRAINED/PAIRS edges."""
        wanted = [r for r in rels if r.type in _ANNOTATED]
        if not wanted:
            return
        programs = [res.of[id(m)] for m in ms if m.type is NodeType.PROGRAM]
        years = find_years(s)
        figures = sentence_figures(s)
        for r in wanted:
            if programs:
                r.program = res.entities[programs[0]].name
            if years:
                first, last = years[0].years
                r.start = first
                r.end = last
            r.figures = dict(figures)


_ANNOTATED = (EdgeType.SUPPORTS, EdgeType.TRAINED, EdgeType.PAIRS_WITH)
_FIGURE_NOUNS = (
    ("专家", "experts"),
    ("医疗专家", "experts"),
    ("医务人员", "staff"),
    ("医护人员", "staff"),
    ("医疗人才", "staff"),
    ("技术人才", "staff"),
    ("专业技术人才", "staff"),
    ("技术骨干", "staff"),
    ("管理干部", "managers"),
    ("行政干部", "managers"),
    ("医疗队", "teams"),
    ("研究生", "graduate_students"),
    ("传承人", "apprentices"),
    ("徒弟", "apprentices"),
    ("医生", "doctors"),
    ("县", "counties"),
    ("医院", "hospitals"),
    ("新技术", "new_techniques"),
    ("技术", "new_techniques"),
)
_FIGURE_NOUN_RES = [
    (re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?{noun}"), key) for noun, key in _FIGURE_NOUNS
]
_ANY_FIGURE_NOUN = re.compile("|".join(re.escape(noun) for noun, _ in _FIGURE_NOUNS))
_UNIT_KEYS = {"台": "surgeries", "场": "trainings", "人次": "person_times", "例": "cases"}


# 某某来自A / 某某是A派出的: where a person comes from.
_CAME_FROM = re.compile(r"[^，,。；;]{0,4}?(?:来自|是)")
_SENT_BY = re.compile(r"(?:派出|选派|派驻|援派|委派)")
# 收P为徒 / 与P结成师徒 / 带教P / 在他的带教下，…P: a teacher and a named pupil.
_MENTOR_RE = re.compile(
    r"(?:收|接收)(?P<pupil>[^，,。；;]{0,50}?)为(?:徒|徒弟|学生)"
    r"|与(?P<pair>[^，,。；;]{0,20}?)结[成为]?师徒"
    r"|(?:带教|手把手指导|传帮带)(?=[^，,。；;]{0,12}?(?:医生|医师|护士|骨干))"
    r"|在[他她]的(?:带教|指导|培养)下"
)
_PAIRING = (EdgeType.SUPPORTS, EdgeType.PAIRS_WITH)
# Between the two parties of a joint verb: 与, or a role first (作为输出医院，与).
# A自2020年起与B结对: a date between the first party and 与 too.
_WITH_PARTNER = re.compile(
    r"(?:作为[^，,。；;]{1,12}[，,]?)?(?:(?:自|从|于)?\d{4}年(?:\d{1,2}月)?(?:起|以来)?)?"
    r"[还也已将]?(?:与|和|同)"
)
# 结对，先后派出N名医务人员驻点帮扶: a dispatch after the pairing, by its first party.
_SENDS_AFTER = re.compile(r"(?:派出|派驻|选派)[^。；;]{0,20}?(?:帮扶|支援)")
# 双方签约共建 / 两院结对: the two parties last named act together.
_BOTH = r"(?:双方|两院|两家医院)"
_BOTH_JOIN = re.compile(_BOTH + r"[^，,。；;]{0,6}?(?:签约|签订|签署|共建|结对|组建|携手)")
_BOTH_BUILD = re.compile(_BOTH + r"[^，,。；;]{0,8}?(?:共建|组建|成立)")
_BUILDS = re.compile(
    r"帮扶|支援|援建|托管|包建|共建|新建|建起|建成|成立|设立|开设|帮助其|协助其|负责"
)
# Verbs by which a donor hospital takes charge of a recipient's department (以院包科).
_CONTRACTS = ("托管", "包建", "承包", "负责")
_CONTRACT_DONE = re.compile(r"(?:托管|包建|承包|负责)[\u4e00-\u9fff]{1,10}$")
_OPENS_AT = re.compile(r"^[^，,。；;]{0,12}?在")
# After a technique: 在X(属首次)开展 / 平移到X: where it went (_technique_site).
_TECH_SITE = re.compile(r"在|(?:平移|引进|引入|推广|复制|移植|带|下沉|落地)(?:到|至)")
_PERFORMED = re.compile(
    r"(?:属|尚属|为|是)?(?:首次|首例|率先|成功|正式|顺利)?(?:开展|实施|完成|应用|落地|开通)"
)
# 填补了甘肃省该项技术空白 / 填补了某县的空白: the place the gap was in.
_FILLS_GAP = re.compile(
    r"填补了?([\u4e00-\u9fff]{2,12}?)(?:的)?(?:该项|此项|这项|该|这一)?(?:技术)?(?:的)?空白"
)
# 医院新建了…, 帮助医院建立…: the hospital the story is at, written without its name.
_UNNAMED_HOSPITAL = re.compile(r"(?:^|[，,；;]|帮助|推动|协助|使|让)(?:医院|全院)")


def _staff_of(s: str, h: Mention, ms: list[Mention]) -> bool:
    """A医院骨科主任医师某某: the hospital is written as the home of a specialist after it
    (a department between; 某医院执行院长某某 may well be the posted-to hospital)."""
    dept = [d for d in ms if d.type is NodeType.DEPARTMENT and d.start == h.end]
    return bool(dept) and any(
        p.type is NodeType.PERSON
        and 0 < p.start - h.end <= 12
        and not re.search(r"[，,。；;、和与]", s[h.end : p.start])
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


# 按照A统一部署，B帮扶C / 由A从B、C等8家医院选派: the organiser and the senders give too.
_ORGANISER = re.compile(
    r"^[^，,。；;]{0,10}?(?:按照|根据|在)([^，,。；;]{2,40}?)的?(?:统一)?(?:部署|安排|要求|组织下|统筹下)"
)
_SENDERS = re.compile(r"从([^，,。；;]{2,120}?)(?:选派|遴选|抽调|抽选|选拔)")


def _co_donors(s: str, actors: list[Mention], pos: int, res: Resolution) -> list[str]:
    """Bodies that give alongside the subject of the support verb at ``pos``: the
    organiser an opening 按照…部署 names and the hospitals 从…选派 draws staff from."""
    spans = [m.span(1) for m in (_ORGANISER.match(s), _SENDERS.search(s, 0, pos)) if m]
    return [
        res.of[id(a)]
        for a in actors
        if a.type in (NodeType.HOSPITAL, NodeType.ORGANIZATION)
        and any(lo <= a.start and a.end <= hi for lo, hi in spans)
    ]


# A、B分别与C、D结对: each before 分别与 pairs with the one in the same place after it.
_RESPECTIVELY = re.compile(r"分别(?:与|和|同)")
_JOINT_AFTER = re.compile(r"[^，,。；;]{0,6}?(?:结对|签订|签署|签约|结成|共建|建立|组建|合作|携手)")


def _respective_pairs(s: str, actors: list[Mention]) -> list[tuple[Mention, Mention]]:
    """A、B分别与C、D结对 gives A–C and B–D; A分别与C、D签约 gives A–C and A–D (hospitals
    and bodies only: a place before a name is its prefix)."""
    bodies = [a for a in actors if a.type in (NodeType.HOSPITAL, NodeType.ORGANIZATION)]
    out: list[tuple[Mention, Mention]] = []
    for m in _RESPECTIVELY.finditer(s):
        left = _enumerated_before(s, bodies, m.start())
        right: list[Mention] = []
        pos = m.end()
        for o in bodies:
            if o.start == pos:
                right.append(o)
                sep = re.match(r"、|和|及|以及", s[o.end :])
                pos = o.end + sep.end() if sep else -1
        if not left or not right or not _JOINT_AFTER.match(s, right[-1].end):
            continue
        if len(left) == len(right):
            out += list(zip(left, right, strict=True))
        elif len(left) == 1:
            out += [(left[0], b) for b in right]
    return out


def _between(ms: list[Mention], lo: int, hi: int) -> list[Mention]:
    """The mentions of ``ms`` (sorted by start) lying within ``lo``..``hi``."""
    i = bisect_left(ms, lo, key=lambda m: m.start)
    out = []
    for m in ms[i:]:
        if m.start >= hi:
            break
        if m.end <= hi:
            out.append(m)
    return out


def _triggers(pattern: re.Pattern[str], s: str, ms: list[Mention]) -> list[re.Match[str]]:
    """Matches of ``pattern`` outside every mention (支医 in 宁波支医工作小组 is a name)."""
    return [
        t
        for t in pattern.finditer(s)
        if not any(m.start <= t.start() < m.end for m in ms if m.type is not NodeType.PERSON)
    ]


def sentence_figures(s: str) -> dict[str, Figure]:
    """Figures of a sentence keyed by what they count (see the module docstring)."""
    out: dict[str, Figure] = {}
    for f in find_figures(s):
        key = _figure_key(s, f)
        if key and key not in out:
            out[key] = f.to_figure()
    return out


def _figure_key(s: str, f: Any) -> str | None:
    unit = f.unit or ""
    if unit in ("年", "月", "个月", "天", "周", "日"):
        return None
    if "元" in unit:
        return "money_yuan"
    tail = s[f.end : f.end + 8]
    if _ANY_FIGURE_NOUN.search(tail):  # most figures count no noun of the list: one search
        for pattern, key in _FIGURE_NOUN_RES:
            if pattern.match(tail):
                return key
    head = s[max(0, f.start - 6) : f.start]
    for noun, key in _FIGURE_NOUNS:
        if head.endswith(noun):  # 派出医疗专家300余名
            return key
    if unit in _UNIT_KEYS:
        return _UNIT_KEYS[unit]
    if "手术" in head:
        return "surgeries"
    if "培训" in head:
        return "trainings"
    return f"count_{unit}" if unit else None


def _first_together(a: Entity, b: Entity) -> int:
    sa = {i for i, _ in a.mentions}
    both = sorted(sa & {i for i, _ in b.mentions})
    return both[0] if both else min(sa) if sa else 0


def _dedupe(rels: list[Relation]) -> list[Relation]:
    seen: dict[tuple[str, str, str], Relation] = {}
    for r in rels:
        if r.source == r.target:
            continue
        ends = (r.source, r.target)
        if r.type is EdgeType.PAIRS_WITH:
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
