"""Find entity mentions in one sentence: places, institutions, people, departments, techniques,
programmes and alliances.

No statistical model is involved (they need downloads and do not know 以院包科 from a
hospital). Each type has its own evidence:

- Region: the gazetteer's names and short forms (Aho-Corasick, longest match), risky short
  forms (朝阳, 和平) only when nothing better is there;
- Hospital, Organization, Alliance: name *morphology*. An ending (人民医院, 中医院, 卫健委,
  工作组, 大学, 专科联盟, 医联体 …) is found first, then the name is grown leftwards over
  place names, earlier names and a few free characters until a boundary word (的, 和, 帮扶,
  成立 …). Names whose free part is only generic words (受援医院, 三甲医院, 市级专科联盟) are
  references, not names; a bare 市卫生健康委 is kept with ``attrs["inherit"]`` so the
  resolver can give it the article's own city;
- Person: a surname plus one or two characters next to a role title (副主任赵某某, 王某院长)
  or before a speech verb (某某介绍); names of press staff (记者, 编辑 …) are marked
  ``attrs["press"]`` so they are never kept;
- Department: the departments list, plus items of an enumeration with a listed department
  that end like one (…中心, …基地);
- Technique: quoted or enumerated phrases ending like a procedure (…术, …治疗, …镜) after
  开展/完成/首例 or before 等N项技术;
- Program: the programme lexicon, 《…》 titles of plans and agreements, quoted phrases with
  programme words (“京蒙省际”, “五个一”), “X”模式 and 探索X模式;
- the national bodies lexicon (国家卫生计生委, 中组部 …).

Offsets of a :class:`Mention` are into the sentence string. Work per sentence is linear
in its length (the sentence splitter bounds that length), so odd input cannot blow up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from aidgraph.graph.model import NodeType
from aidgraph.ingest.lexicon import (
    Lexicon,
    PrefixMatcher,
    SuffixMatcher,
    build_automaton,
    default_lexicon,
    load_map,
    load_words,
    longest_matches,
)

QUOTES_OPEN = "“‘「『\"'"
QUOTES_CLOSE = "”’」』\"'"
_PUNCT = (
    set("，,。；;：:！!？?、（）()《》〈〉【】[]—…·•　 \t") | set(QUOTES_OPEN) | set(QUOTES_CLOSE)
)
_ADMIN_WORDS = ("自治区", "自治州", "省", "市", "县", "区", "州", "旗")
_FULL_ENDINGS = (*_ADMIN_WORDS, "地区", "盟")  # a place written in full (玉树州, 阿里地区)
_INHERIT_PREFIXES = ("本市", "该市", "全市", "本省", "该省", "本县", "该县", "本区", "该区")
_CLASSIFIERS = set("所家个名位批支台例项座")
_NUMERALS = set("一二三四五六七八九十百千万两几多余数")
# Characters that (almost) never occur in a given name: they end a false name early.
_NOT_IN_NAMES = set(
    "医院科队部局处委会省市县区州镇乡村疗术病药诊的了在是和与及等中上下个名位批项年月日号第"
    "专师长员主任工作援助支持帮扶开展完成培训技能带教驻"
)
_CACHE_LIMIT = 200_000
_NAME_ENDS = ("大学", "学院", "医院", "中心", "附属")
_BODY_ENDINGS = ("办公室", "工作组", "工作小组", "工作队", "指挥部", "领导小组")
INSTITUTIONS = (NodeType.HOSPITAL, NodeType.ORGANIZATION, NodeType.ALLIANCE)


@dataclass(slots=True)
class Mention:
    """One mention of an entity in a sentence.

    ``key`` is what the recogniser already knows of the canonical form (a lexicon's
    canonical name, a department's standard name, a region surface). ``parts`` are the
    region and institution mentions a name was built from (玉树州 in 玉树州人民医院);
    ``prefix`` the full-form places written before a hospital's own name (西藏自治区 in
    西藏自治区日喀则市人民医院), which the resolver turns into LOCATED_IN.
    """

    type: NodeType
    surface: str
    start: int
    end: int
    key: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    parts: list[Mention] = field(default_factory=list)
    prefix: list[Mention] = field(default_factory=list)

    def overlaps(self, other: Mention) -> bool:
        return self.start < other.end and other.start < self.end

    def inside(self, other: Mention) -> bool:
        return other.start <= self.start and self.end <= other.end and self is not other


def is_name_char(c: str) -> bool:
    return ("\u4e00" <= c <= "\u9fff") or (c.isascii() and c.isalpha()) or c == "·"


def is_cjk(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


class _WordSet:
    """A set of words that answers "does one of them end (or start) at this offset?"."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if w}
        self.by_last: dict[str, list[str]] = {}
        self.by_first: dict[str, list[str]] = {}
        for w in sorted(self.words, key=len, reverse=True):
            self.by_last.setdefault(w[-1], []).append(w)
            self.by_first.setdefault(w[0], []).append(w)

    def ending_at(self, s: str, pos: int) -> str | None:
        if pos <= 0:
            return None
        for w in self.by_last.get(s[pos - 1], ()):
            if s.endswith(w, 0, pos):
                return w
        return None

    def starting_at(self, s: str, pos: int) -> str | None:
        if pos >= len(s):
            return None
        for w in self.by_first.get(s[pos], ()):
            if s.startswith(w, pos):
                return w
        return None

    def covers(self, text: str) -> bool:
        """True if ``text`` splits entirely into words of the set (greedy from the right)."""
        pos = len(text)
        while pos > 0:
            w = self.ending_at(text, pos)
            if w is None:
                return False
            pos -= len(w)
        return True


_NAME_WORDS = _WordSet(
    ["协和", "仁和", "太和", "永和", "中和", "同仁", "同济", "同心", "为民", "首都", "成都", "经纬"]
)


@dataclass
class _Lists:
    """The word lists of the rules, loaded once."""

    stops: _WordSet
    generic: _WordSet
    tech_suffixes: _WordSet
    tech_generic: _WordSet
    program_words: _WordSet
    plan_suffixes: _WordSet
    roles: _WordSet
    speech: _WordSet
    press: _WordSet


@cache
def _lists() -> _Lists:
    lex = default_lexicon()
    return _Lists(
        stops=_WordSet(load_words("name_stops.txt")),
        generic=_WordSet(load_words("generic_modifiers.txt")),
        tech_suffixes=_WordSet(load_words("technique_suffixes.txt")),
        tech_generic=_WordSet(load_words("technique_generic.txt")),
        program_words=_WordSet(load_words("program_words.txt")),
        plan_suffixes=_WordSet(load_words("plan_suffixes.txt")),
        roles=_WordSet(lex.roles),
        speech=_WordSet(lex.speech_verbs),
        press=_WordSet(lex.press_roles),
    )


class Recogniser:
    """Mentions of every entity type in a sentence, from the gazetteer, the departments
    list and the lexicon. Build once, call :meth:`mentions` per sentence."""

    def __init__(self, gazetteer: Any, departments: Any, lexicon: Lexicon | None = None) -> None:
        self.gaz = gazetteer
        self.deps = departments
        self.lex = lexicon or default_lexicon()
        self.lists = _lists()
        self.region_auto = PrefixMatcher(
            {s: full for s, full in gazetteer.surfaces() if len(s) >= 2}
        )
        suffixes: dict[str, object] = {}
        for s, canon in self.lex.hospital_suffixes.items():
            suffixes[s] = (NodeType.HOSPITAL, canon)
        for s, canon in self.lex.org_suffixes.items():
            suffixes[s] = (NodeType.ORGANIZATION, canon)
        for s in self.lex.alliance_suffixes:
            suffixes[s] = (NodeType.ALLIANCE, s)
        self.suffix_auto = build_automaton(suffixes)
        self._cache: dict[tuple[str, str], Any] = {}
        self.role_re = _alternation(self.lex.roles)
        self.press_re = _alternation(self.lex.press_roles)
        self.speech_re = _alternation(self.lex.speech_verbs)
        self.dept_auto = SuffixMatcher({s: True for s in departments.surfaces() if len(s) >= 2})
        # The last characters of the listed departments and of 科/中心: a sentence with none
        # of them names no department, and one search says so.
        ends = {s[-1] for s in departments.surfaces() if len(s) >= 2} | {"科", "心"}
        self.dept_hint = re.compile(f"[{re.escape(''.join(sorted(ends)))}]")
        words = self.lists.program_words.words
        self.program_word_re = _alternation(words) if words else re.compile("(?!)")
        self.tech_names = load_map("technique_names.txt")
        self.tech_auto = build_automaton(self.tech_names)

    # ------------------------------------------------------------------ entry point

    def mentions(self, s: str, context: str = "") -> list[Mention]:
        """Every mention in sentence ``s``, sorted by start; nested names are kept only
        where they matter (a hospital inside an alliance name). ``context`` is the whole
        article, for lexicon entries that need a word of it (兵团 needs 新疆)."""
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()  # bounded memory over a corpus of any size
        regions = self._regions(s)
        named = self._named(s, context or s)
        bodies = [n for n in named if n.type is NodeType.ORGANIZATION]
        insts = [self._dash_joined(s, m) for m in self._institutions(s, regions, bodies)]
        insts, hidden = _paren_aliases(s, insts)
        insts = _coordinated_names(s, regions, insts)
        techs = self._techniques(s, insts)
        progs = self._programs(s, techs)
        if progs:
            # A programme's title or quote swallows what is written inside it.
            insts = [m for m in insts if not any(m.inside(p) for p in progs)]
            progs = [p for p in progs if not any(p.overlaps(m) for m in insts)]
        out: list[Mention] = [*insts, *techs, *progs]
        taken = [*out, *hidden]
        for m in [*regions, *named]:
            if not any(m.start < t.end and t.start < m.end for t in taken):
                out.append(m)
                taken.append(m)
        out += self._departments(s, out[:])
        out += self._persons(s, [m for m in out if m.type is not NodeType.PERSON])
        out.sort(key=lambda m: (m.start, -m.end))
        return out

    @staticmethod
    def _dash_joined(s: str, m: Mention) -> Mention:
        """“华西—甘孜医联体”: an alliance named after its two parties joined by a dash is
        the whole quoted name, not only the part after the dash."""
        if m.type is not NodeType.ALLIANCE or s[m.start - 1 : m.start] not in ("—", "－", "-"):
            return m
        for a, b in quoted_spans(s):
            if a < m.start and m.end <= b:
                head = s[a : m.start - 1]
                if head and all(is_name_char(c) for c in head):
                    return Mention(m.type, s[a : m.end], a, m.end, None, m.attrs, m.parts, m.prefix)
        return m

    # Lookups repeat across sentences and articles; their answers never change.

    def _cands(self, surface: str) -> list[Any]:
        got = self._cache.get(("c", surface))
        if got is None:
            got = self._cache[("c", surface)] = self.gaz.candidates(surface)
        return got

    def _risky(self, surface: str) -> bool:
        got = self._cache.get(("r", surface))
        if got is None:
            got = self._cache[("r", surface)] = self.gaz.is_risky_short(surface)
        return got

    def _dep_like(self, surface: str) -> bool:
        got = self._cache.get(("d", surface))
        if got is None:
            got = self._cache[("d", surface)] = self.deps.looks_like_department(surface)
        return got

    def _dep_canon(self, surface: str) -> str | None:
        key = ("k", surface)
        if key not in self._cache:
            self._cache[key] = self.deps.canonical(surface)
        return self._cache[key]

    # ------------------------------------------------------------------ regions

    def _regions(self, s: str) -> list[Mention]:
        out: list[Mention] = []
        for start, end, full in self._conjunction_first(s, longest_matches(self.region_auto, s)):
            surface = s[start:end]
            full = full or (len(surface) >= 3 and surface.endswith(_FULL_ENDINGS))
            if not full and (self._risky(surface) or self._county_short(surface)):
                continue
            prev = out[-1] if out and out[-1].end == start else None
            # A province's short form (北京, 四川) is a place even glued to a word before it.
            glued = not full and self._short_in_word(s, start, end, prev)
            if glued and (prev is not None or len(surface) < 2 or not self._province(surface)):
                continue
            out.append(Mention(NodeType.REGION, surface, start, end, surface, {"full": full}))
        return out

    def _conjunction_first(
        self, s: str, matches: list[tuple[int, int, Any]]
    ) -> list[tuple[int, int, Any]]:
        """A医院和田林县医院: a short form starting with 和 (和田) right after a word, where
        a full place name starts after the 和, is the conjunction and that place."""
        out: list[tuple[int, int, Any]] = []
        for start, end, full in matches:
            if out and start < out[-1][1]:
                continue  # covered by a place taken after its 和
            if not full and s[start] == "和" and start > 0 and is_cjk(s[start - 1]):
                nxt = longest_matches(self.region_auto, s[start + 1 : start + 12])
                if nxt and nxt[0][0] == 0 and nxt[0][2] and nxt[0][1] > end - start - 1:
                    out.append((start + 1, start + 1 + nxt[0][1], nxt[0][2]))
                    continue
            out.append((start, end, full))
        return out

    def _province(self, surface: str) -> bool:
        return any(p.level == "province" for p in self._cands(surface))

    def _county_short(self, surface: str) -> bool:
        """A bare county short form (同心, 红旗, 古城) is far more often an ordinary word."""
        return all(p.level == "county" for p in self._cands(surface))

    def _short_in_word(self, s: str, start: int, end: int, prev: Mention | None) -> bool:
        """A short form (no 省/市/县) inside a longer word is not a place: 古城 in 中南门古城,
        松山 in 某市松山湖科技园. It needs a boundary on its left (punctuation, a boundary word,
        another place) and, after a place it does not lie in, a boundary on its right."""
        if prev is not None:
            inside = any(
                self.gaz.is_within(c, p)
                for c in self._cands(s[start:end])
                for p in self._cands(prev.surface)
            )
            nxt = s[end : end + 1]
            glued = bool(nxt) and is_cjk(nxt) and nxt not in _NUMERALS
            return not inside and glued and not self.lists.stops.starting_at(s, end)
        if start == 0 or not is_cjk(s[start - 1]):
            return False
        # 北京大学深圳医院: a place right after a school's or hospital's name starts a name.
        return not (self.lists.stops.ending_at(s, start) or s.endswith(_NAME_ENDS, 0, start))

    def _named(self, s: str, context: str) -> list[Mention]:
        out = []
        for start, end, (typ, entry) in longest_matches(self.lex.named_auto, s):
            if entry.context and entry.context not in context:
                continue
            if end - start <= 3 and typ == "Program" and not _quoted(s, start, end):
                continue  # 组团式 alone is an adjective; “组团式” is the programme
            out.append(Mention(NodeType(typ), s[start:end], start, end, entry.canonical))
        return out

    # ------------------------------------------------------------------ institutions

    def _institutions(self, s: str, regions: list[Mention], named: list[Mention]) -> list[Mention]:
        matches = [
            (end_idx + 1 - len(word), end_idx + 1, payload)
            for end_idx, (word, payload) in self.suffix_auto.iter(s)
        ]
        if not matches:
            return []
        # An ending inside a longer ending is not one (大学 in 大学医学院, 医院 in 人民医院).
        matches = _outermost(matches)
        suffix_ends = {m[1] for m in matches}
        anchors: dict[int, Mention] = {r.end: r for r in regions}
        for n in named:
            anchors[n.end] = n
        found: list[Mention] = []
        for suf_start, end, (typ, canon_suffix) in matches:  # by end, from _outermost
            if self._suffix_continues(s, end, typ):
                continue
            abbreviated = canon_suffix != s[suf_start:end]
            m = self._grow(s, suf_start, end, typ, anchors, found, suffix_ends)
            if m is None:
                continue
            if abbreviated and typ is NodeType.HOSPITAL and not self._plain_abbrev(m, suf_start):
                if m.parts or suf_start - m.start != 2:
                    continue
                canon_suffix = s[suf_start:end]  # 北医三院: a school's short form, kept as written
            if self._internal_office(s, m, suf_start, end):
                found = [f for f in found if not f.inside(m) or f.type is NodeType.HOSPITAL]
                continue
            m.attrs["suffix"] = s[suf_start:end]
            m.attrs["canonical_suffix"] = canon_suffix
            for reading in m.attrs.get("split", ()):
                reading.attrs["canonical_suffix"] = canon_suffix
            # Names inside a name are parts of it, except members named in an alliance's name.
            found = [
                f
                for f in found
                if not f.inside(m) or (m.type is NodeType.ALLIANCE and f.type is not m.type)
            ]
            found.append(m)
            anchors[m.end] = m
        return found

    @staticmethod
    def _internal_office(s: str, m: Mention, suf_start: int, end: int) -> bool:
        """A医院医联体管理办公室: an office inside a hospital is the hospital's, not a body
        of its own (its head works for the hospital)."""
        if m.type is not NodeType.ORGANIZATION or not m.parts or s[suf_start:end] != "办公室":
            return False
        last = m.parts[-1]
        # 医联体管理办公室: the office of the hospital's own alliance work is the hospital's.
        return last.type is NodeType.HOSPITAL or any(
            p.type is NodeType.HOSPITAL and p.start == last.start for p in last.parts
        )

    @staticmethod
    def _plain_abbrev(m: Mention, suf_start: int) -> bool:
        """喀什二院 is a place plus 二院 and nothing else."""
        return bool(m.parts) and m.parts[-1].end == suf_start and m.parts[0].start == m.start

    def _suffix_continues(self, s: str, end: int, typ: NodeType) -> bool:
        """The ending runs on into another word (大学生, 医院长 …) or is itself generic."""
        nxt = s[end : end + 1]
        return (s.endswith("大学", 0, end) and nxt in "生习") or (
            typ is NodeType.ALLIANCE and s.startswith("模式", end)
        )

    def _grow(
        self,
        s: str,
        suf_start: int,
        end: int,
        typ: NodeType,
        anchors: dict[int, Mention],
        found: list[Mention],
        suffix_ends: set[int],
    ) -> Mention | None:
        cur, free, parts = suf_start, 0, []
        while cur > 0:
            a = anchors.get(cur)
            if a is not None and a.start < cur:
                if (
                    a.type is NodeType.HOSPITAL
                    and cur < (parts[-1].start if parts else suf_start)
                    and not s.startswith("附属", cur)
                ):
                    break  # A医院全面托管B医院: another name across free words is not a part
                parts.append(a)
                cur = a.start
                continue
            word = _NAME_WORDS.ending_at(s, cur)
            if word and free + len(word) <= 10:
                cur -= len(word)  # 协和, 同仁: name words that look like boundary words
                free += len(word)
                continue
            if (
                (self._left_stop(s, cur) and not self._town_initial(s, cur, suf_start, anchors))
                or cur in suffix_ends
                or free >= 10
            ):
                break
            cur -= 1
            free += 1
        parts.reverse()
        if parts and cur < parts[0].start:
            # 承包果洛州人民医院: free words before the leftmost place are not the name.
            cur = parts[0].start
        start = cur
        head = s[start:suf_start]
        if not parts and len(head) < 2 and not (head and s[suf_start] == "大"):  # 浙大一院
            inherited = self._inherit(s, start, suf_start, end, typ)
            if inherited is not None:
                return inherited
            return self._anchor_fallback(s, suf_start, end, typ, anchors)
        if not parts and self.lists.generic.covers(head):
            return None
        tail_end = parts[-1].end if parts else start
        tail = s[tail_end:suf_start]
        if (
            typ is NodeType.HOSPITAL
            and tail in _ADMIN_WORDS
            and parts
            and parts[-1].type is NodeType.REGION
            and not parts[-1].attrs.get("full")
            and not self._cands(parts[-1].surface + tail)
        ):
            return None  # 百色县医院: 百色 is no county, so this 县医院 is generic
        if typ is NodeType.HOSPITAL and tail and tail not in _ADMIN_WORDS:
            # 遵义市三甲医院, 苏州发挥市级三甲医院: generic words right before the ending
            # make a reference, not a name.
            generic_end = self.lists.generic.ending_at(tail, len(tail))
            # 陇原人民医院, 中原医院: one generic character (原, 新) ending an otherwise
            # proper name is part of the name, not a modifier.
            proper = len(generic_end or "") == 1 < len(tail) and not self.lists.generic.covers(tail)
            if generic_end and generic_end not in _ADMIN_WORDS and not proper:
                return None
        if (
            typ is NodeType.ALLIANCE
            and tail == "县域"
            and parts
            and not _county_like(parts[-1].surface)
            and not s.startswith("联盟", end)  # 浙江省县域医共体联盟 is one
        ):
            return None  # 固原县域医共体: a city's county communities, not one named body
        if len(parts) >= 2 and self._split_pair(s, parts, start, suf_start):
            return self._pair_mention(s, parts, suf_start, end, typ)
        return self._finish(s, start, end, typ, parts)

    def _town_initial(self, s: str, cur: int, suf_start: int, anchors: dict[int, Mention]) -> bool:
        """西吉县将台堡镇卫生院, 和将台堡镇卫生院: a township health centre's town name may
        start with a boundary character (将, 同, 和); it does when a place or another
        boundary comes right before it, where a verb 将 would have its subject."""
        k = cur - 1
        town = _TOWN_MARK.search(s, 0, suf_start) or s.startswith("社区", suf_start)
        if not town or not 2 <= suf_start - k <= 6:
            return False
        if s[k] in _TOWN_CHARS_NOT or self.lists.stops.ending_at(s, cur) != s[k]:
            return False
        before = anchors.get(k)
        if before is not None and before.type is NodeType.REGION:
            return True
        return k == 0 or not is_name_char(s[k - 1]) or bool(self.lists.stops.ending_at(s, k))

    def _split_pair(self, s: str, parts: list[Mention], start: int, suf_start: int) -> bool:
        """宁波延边两市卫生健康局: two places then 两市/两地 before the ending."""
        rest = s[parts[-1].end : suf_start]
        return (
            len(parts) == 2
            and all(p.type is NodeType.REGION for p in parts)
            and rest in ("两市", "两地", "两县", "两区", "两省", "两州")
        )

    def _pair_mention(
        self, s: str, parts: list[Mention], suf_start: int, end: int, typ: NodeType
    ) -> Mention:
        """One mention spanning both names; ``attrs["split"]`` holds the two readings."""
        m = Mention(typ, s[parts[0].start : end], parts[0].start, end)
        level = s[parts[-1].end + 1]
        m.attrs["split"] = [
            Mention(
                typ,
                p.surface + s[suf_start:end],
                m.start,
                end,
                parts=[p],
                attrs={"admin": level, "suffix": s[suf_start:end]},
            )
            for p in parts
        ]
        return m

    def _left_stop(self, s: str, cur: int) -> bool:
        """A name cannot grow left past ``cur``: punctuation, a boundary word, or a
        classifier after a numeral (6所, 两家, 10个)."""
        c = s[cur - 1]
        if not is_name_char(c) or self.lists.stops.ending_at(s, cur):
            return True
        return c in _CLASSIFIERS and cur >= 2 and (s[cur - 2].isdigit() or s[cur - 2] in _NUMERALS)

    def _keeps_generic(self, suffix: str, free_text: str) -> bool:
        """县 + 医院 (甘谷县医院) and 中心 + 医院 are names; 县级 + 医院 is not."""
        return free_text in _ADMIN_WORDS

    def _inherit(
        self, s: str, start: int, suf_start: int, end: int, typ: NodeType
    ) -> Mention | None:
        """市卫生健康委 / 本市卫健委: an organ of the article's own place."""
        if typ is NodeType.ALLIANCE:
            return None
        head = s[max(0, suf_start - 2) : suf_start]
        if s.startswith("委", suf_start) and head.endswith("区两级"):
            return None
        for word in (*_INHERIT_PREFIXES, *_ADMIN_WORDS):
            if head.endswith(word):
                begin = suf_start - len(word)
                before = s[begin - 1 : begin] if begin > 0 else ""
                if before and is_cjk(before) and not self.lists.stops.ending_at(s, begin):
                    return None
                if before and (before.isdigit() or before in _NUMERALS):
                    return None  # 帮助5县人民医院通过评审: counted, so no one county's
                level = word[-1]
                m = Mention(typ, s[begin:end], begin, end)
                m.attrs["inherit"] = level
                return m
        return None

    def _anchor_fallback(
        self, s: str, suf_start: int, end: int, typ: NodeType, anchors: dict[int, Mention]
    ) -> Mention | None:
        """成立宁波市医疗组团式帮扶办公室: a place a few characters back starts the name even
        though a verb-like word lies between, provided nothing but name characters do."""
        if typ is not NodeType.ORGANIZATION or not s[suf_start:end].endswith(_BODY_ENDINGS):
            return None
        lo = max(0, suf_start - 14)
        best = None
        for a in anchors.values():
            if a.type is NodeType.REGION and lo <= a.start and a.end <= suf_start:
                between = self._unplaced(s[a.end : suf_start])
                plain = all(is_name_char(c) for c in between) and not any(
                    w in between for w in ("的", "和", "与", "及", "在", "赴", "到", "向", "为")
                )
                if plain and (best is None or a.start > best.start):
                    best = a
        if best is None or suf_start - best.end < 2:
            return None
        return self._finish(s, best.start, end, typ, [best])

    def _unplaced(self, text: str) -> str:
        """援疆和田: the 和 that starts a place name (和田, 和静) is no conjunction."""
        return "".join(
            "·"
            if c == "和" and (self._cands(text[k : k + 2]) or self._cands(text[k : k + 3]))
            else c
            for k, c in enumerate(text)
        )

    def _finish(self, s: str, start: int, end: int, typ: NodeType, parts: list[Mention]) -> Mention:
        prefix: list[Mention] = []
        if typ is NodeType.HOSPITAL:
            # 西藏自治区日喀则市人民医院: full-form places before another place are the
            # hospital's location, not its name.
            while (
                len(parts) >= 2
                and parts[0].type is NodeType.REGION
                and (parts[0].attrs.get("full") or self._province(parts[0].surface))
                and parts[1].type is NodeType.REGION
                and parts[1].start == parts[0].end
                and parts[0].start == start
            ):
                prefix.append(parts.pop(0))
                start = prefix[-1].end
        m = Mention(typ, s[start:end], start, end, parts=parts, prefix=prefix)
        if prefix:
            # 赤峰市松山区医院 as written, and 福建省福州市仓山区中心医院 less each leading place
            # (福州市仓山区中心医院), the form the article may use elsewhere.
            m.attrs["aliases"] = [s[p.start : end] for p in prefix]
        return m

    # ------------------------------------------------------------------ departments

    def _departments(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        if not self.dept_hint.search(s):
            return out
        for start, end, _ in longest_matches(self.dept_auto, s):
            m = Mention(NodeType.DEPARTMENT, s[start:end], start, end)
            if any(m.overlaps(b) for b in blockers):
                continue
            # A医院骨科医生某某: right after a hospital's name, a department before a
            # doctor's title is that hospital's.
            staff = s.startswith(_STAFF_WORDS, end) and any(
                b.end == start and b.type is NodeType.HOSPITAL for b in blockers
            )
            if not staff and self._dept_runs_on(s, start, end):
                continue
            out.append(m)
        for m in _DEPT_ENDS.finditer(s):
            if any(b.start < m.end() and m.start() < b.end for b in blockers):
                continue  # 科 or 中心 inside a name: any department ending there overlaps it
            start = self._left_bound(s, m.start(), max(0, m.start() - 10))
            # 建起县域首个胸痛中心, 检验科三个学科: a count ends what stands before the name.
            counts = [c.end() for c in _COUNTED.finditer(s, start, m.start())]
            if counts:
                start = counts[-1]
            # 华西医院肝脏外科: a short department starts right after the hospital's name.
            start = max(
                [start, *(b.end for b in blockers if start < b.end <= m.start() <= b.end + 4)]
            )
            while start < m.start() - 1:
                text = s[start : m.end()]
                if self._dep_like(text):
                    break
                start += 1
            if start >= m.start() - 1 or not self._dep_like(s[start : m.end()]):
                continue
            probe = Mention(NodeType.DEPARTMENT, s[start : m.end()], start, m.end())
            if any(probe.overlaps(b) for b in blockers) or self._dept_runs_on(s, start, m.end()):
                continue
            out = [o for o in out if not o.inside(probe)]
            if not any(probe.inside(o) or probe.overlaps(o) for o in out):
                out.append(probe)
        out = self._bare_department_filter(s, out)
        out += self._enumerated_departments(s, out, blockers)
        for m in out:
            m.key = self._dep_canon(m.surface) or m.key or m.surface
        return sorted(out, key=lambda m: m.start)

    def _dept_runs_on(self, s: str, start: int, end: int) -> bool:
        """外科 in 外科微创手术, 骨科 in 骨科医院: the word continues into a longer name."""
        nxt = s[end : end + 1]
        title = self.lists.roles.starting_at(s, end)
        if title and title not in _STAFF_WORDS:
            return False  # 肝脏外科教授, 骨科主任: a title follows the department
        if nxt and nxt in "医院学室研技普长员目级教":
            return True
        if nxt and (nxt.isdigit() or nxt in "两三四五六七八九十"):
            return False  # 消化内科两个重点专科: a count starts the next phrase
        if not nxt or not is_cjk(nxt) or self.lists.stops.starting_at(s, end):
            return False
        if s[start:end].endswith(("科", "中心")):
            # 肿瘤科主任, 骨科建设 are fine; 外科微创手术 runs on into another word.
            return not (self.lists.roles.starting_at(s, end) or s.startswith(_DEPT_FOLLOWERS, end))
        return True

    def _bare_department_filter(self, s: str, found: list[Mention]) -> list[Mention]:
        """A department word without 科 (急诊, 眼底) counts only beside other departments."""
        return [m for m in found if m.surface.endswith(("科", "中心")) or len(found) >= 2]

    def _enumerated_departments(
        self, s: str, found: list[Mention], blockers: list[Mention]
    ) -> list[Mention]:
        """感染性疾病科、卒中中心、高原病诊疗基地等 / 骨科、急诊、脑病科: items beside a
        listed department that end like one, or are one without its 科."""
        if not found:
            return []
        out: list[Mention] = []
        # Departments of one list share its bounds: read each list once, not once per item.
        bounds = {_enumeration_bounds(s, m.start, m.end, parens=False) for m in found}
        spans = {span for lo, hi in bounds for span in _enumeration_within(s, lo, hi, [])}
        for start, end in sorted(spans):
            if any(o.start == start for o in out):
                continue
            text = s[start:end]
            if len(text) > 10 or any(m.start < end and start < m.end for m in (*found, *blockers)):
                continue
            probe = Mention(NodeType.DEPARTMENT, text, start, end)
            if text.endswith(("中心", "基地", "科", "病区", "门诊")) and len(text) >= 3:
                out.append(probe)
            elif self._dep_canon(text + "科"):
                probe.key = self._dep_canon(text + "科")
                out.append(probe)
        return out

    # ------------------------------------------------------------------ persons

    def _persons(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        for m in self.press_re.finditer(s):
            n = self._name_after(s, m.end()) or self._ethnic_name_after(s, m.end())
            if n:
                out.append(
                    Mention(
                        NodeType.PERSON,
                        s[m.end() : m.end() + n],
                        m.end(),
                        m.end() + n,
                        attrs={"press": True},
                    )
                )
        for m in self.role_re.finditer(s):
            role, i = m.group(), m.end()
            # 院长的陈某某是…: a relative clause puts 的 between the title and the name.
            if s.startswith("的", i):
                i += 1
            # ROLE + NAME (副主任赵某某, 队长某某同志, 院长扎西次仁)
            n = self._name_after(s, i) or self._ethnic_name_after(s, i)
            if n:
                out.append(Mention(NodeType.PERSON, s[i : i + n], i, i + n, attrs={"role": role}))
            # NAME + ROLE (王某院长); not a specialty (麻醉医师, 骨科 without 科)
            n = self._name_before(s, m.start())
            if n and self._dep_canon(s[m.start() - n : m.start()] + "科"):
                n = 0
            if n:
                out.append(
                    Mention(
                        NodeType.PERSON,
                        s[m.start() - n : m.start()],
                        m.start() - n,
                        m.start(),
                        attrs={"role": role},
                    )
                )
        for m in self.speech_re.finditer(s):
            # NAME + speech verb (某某介绍); 医院的刘洋则带领…: an adverb may come between.
            end = m.start()
            n = 0
            if s[end - 1 : end] in _ADVERBS_AFTER_NAME:
                n = self._name_before(s, end - 1)
                end -= 1 if n else 0
            n = n or self._name_before(s, end)
            if n:
                out.append(Mention(NodeType.PERSON, s[end - n : end], end - n, end))
        dotted = self._dotted_names(s)
        out = dotted + [m for m in out if not any(m.overlaps(d) for d in dotted)]
        out.sort(key=lambda m: (m.start, -len(m.attrs)))
        kept: list[Mention] = []
        for m in out:
            if any(m.overlaps(b) for b in blockers):
                continue
            if kept and kept[-1].overlaps(m):
                continue
            kept.append(m)
        # 医生次仁多吉、卓玛为徒: names listed after a named person share their title.
        k = 0
        while k < len(kept):
            m = kept[k]
            i = m.end + 1
            nxt = kept[k + 1] if k + 1 < len(kept) else None
            if s[m.end : i] in ("、", "和") and (nxt is None or nxt.start > i):
                n = self._name_after(s, i) or self._ethnic_name_after(s, i)
                if n and s[i + n : i + n + 1] in ("、", "和", "为", "等", "，", ",", "。", ""):
                    p = Mention(NodeType.PERSON, s[i : i + n], i, i + n, attrs=dict(m.attrs))
                    if not any(p.overlaps(b) for b in blockers):
                        kept.insert(k + 1, p)
            k += 1
        return kept

    def _dotted_names(self, s: str) -> list[Mention]:
        """古丽娜尔·买买提等16名护士长: a dotted name anywhere; 吐尔洪则走了: a last
        character that is a following word (则) is dropped when that leaves a boundary."""
        out = []
        for m in _DOTTED_NAME.finditer(s):
            end = m.end()
            if not self._name_follows_ok(s, end) and self._name_follows_ok(s, end - 1):
                end -= 1 if s[end - 3] not in "·•" else 0
            out.append(Mention(NodeType.PERSON, s[m.start() : end], m.start(), end))
        return out

    @staticmethod
    def _plausible_given(name: str, surname_len: int) -> bool:
        return _NOT_IN_NAMES.isdisjoint(name[surname_len:])

    def _ethnic_name_after(self, s: str, i: int) -> int:
        """A Tibetan or Uyghur name (扎西次仁, 买买提) right after a role title: a run of
        transliteration characters followed by a boundary."""
        n = 0
        while (
            i + n < len(s)
            and n < 10
            and (
                s[i + n] in _TRANSLITERATION
                or (s[i + n] in "·•" and n and s[i + n + 1 : i + n + 2] in _TRANSLITERATION)
            )
        ):
            n += 1
        while n >= 2:
            if self._name_follows_ok(s, i + n):
                return n
            n -= 1
        return 0

    def _surname_len(self, s: str, i: int) -> int:
        if s[i : i + 2] in self.lex.surnames:
            return 2
        return 1 if s[i : i + 1] in self.lex.surnames else 0

    def _name_after(self, s: str, i: int) -> int:
        """Length of a person's name starting at ``i`` (0 if none)."""
        sl = self._surname_len(s, i)
        if not sl:
            return 0
        for given in (2, 1):
            n = sl + given
            if i + n > len(s) or not _CJK_RUN.fullmatch(s, i, i + n):
                continue
            if not self._plausible_given(s[i : i + n], sl):
                continue
            if given == 2 and self.lists.speech.starting_at(s, i + n - 1):
                continue  # 专家周明说: the verb after a two-character name is no part of it
            if given == 2 and s[i + n - 1] in "到赴":
                continue  # 选派骨干李明到当地: 到 is where he goes, not his name
            if self._name_follows_ok(s, i + n):
                return n
        return 0

    def _name_before(self, s: str, i: int) -> int:
        """Length of a person's name ending at ``i`` (0 if none)."""
        for n in (3, 2, 4):
            b = i - n
            if b < 0 or not _CJK_RUN.fullmatch(s, b, i):
                continue
            sl = self._surname_len(s, b)
            if not sl or n - sl not in (1, 2) or not self._plausible_given(s[b:i], sl):
                continue
            if self._name_precedes_ok(s, b):
                return n
        return 0

    def _name_follows_ok(self, s: str, j: int) -> bool:
        if j >= len(s) or s[j] in _PUNCT or not is_cjk(s[j]):
            return True
        lists = self.lists
        return bool(
            lists.roles.starting_at(s, j)
            or lists.speech.starting_at(s, j)
            or s[j] in "等为在是的和与及也还就将已对从同作共担带率获每曾驻牵当结赴现先则正到"
            or s.startswith(("如此", "一行", "一同", "一起", "带领", "率领"), j)
            # 专家某某主刀, 医师某某手把手指导, 副主任某某援疆到任后: what the person does.
            or s.startswith(("主刀", "主持", "手把手", "援疆", "援藏", "援青", "援派"), j)
        )

    def _name_precedes_ok(self, s: str, b: int) -> bool:
        if b > 0 and (s[b - 1].isdigit() or s[b - 1] in _NUMERALS):
            return False
        if b == 0 or s[b - 1] in _PUNCT or not is_cjk(s[b - 1]):
            return True
        return bool(
            self.lists.roles.ending_at(s, b)
            or s[b - 1] in "据由请和与及对向给让被的"
            or self.lists.press.ending_at(s, b)
        )

    # ------------------------------------------------------------------ techniques

    def _techniques(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        if not _TECH_HINT.search(s):
            return out
        for start, end in quoted_spans(s):
            text = s[start:end]
            if self._technique_shaped(text) and len(text) >= 4:
                out.append(Mention(NodeType.TECHNIQUE, text, start, end))
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
                out.append(Mention(NodeType.TECHNIQUE, s[span[0] : span[1]], *span))
                joint = re.match(r"、|和|及|以及", s[span[1] :])
                span = self._item_after(s, span[1] + joint.end()) if joint else None
        # Last, so that the same span found with its bracketed alias above wins.
        out += self._named_techniques(s)
        kept: list[Mention] = []
        for m in sorted(out, key=lambda m: (m.start, -m.end)):
            if any(m.overlaps(k) for k in kept) or any(m.overlaps(b) for b in blockers):
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
            out.append(Mention(NodeType.TECHNIQUE, s[start:end], start, end, canon))
        return out

    def _technique_shaped(self, text: str) -> bool:
        if text in self.tech_names:
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
                out.append(Mention(NodeType.TECHNIQUE, text, a, b, attrs=attrs))
        return out

    def _technique_item(self, s: str, a: int, b: int) -> tuple[int, int, str | None]:
        """Trim an enumerated item to its technique: 首例/了 before it, and ERCP（经内镜…术）
        gives the spelled-out name with the abbreviation as alias."""
        while a < b:
            lead = next((w for w in _TECH_LEADS if s.startswith(w, a)), None)
            if lead is None:
                break
            a += len(lead)
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
            if s[end] == "等" or (
                end > pos and self.lists.stops.starting_at(s, end) in ("和", "及")
            ):
                break
            end += 1
        start = pos
        while start < end:
            lead = next((w for w in _TECH_LEADS if s.startswith(w, start)), None)
            if lead is None:
                break
            start += len(lead)
        # 开展了州内首例X: the procedure starts after the last 首例 in front of it.
        first = _FIRST_IN_ITEM.match(s, start, end)
        if first:
            start = first.end()
        return (start, end) if end - start >= 3 else None

    # ------------------------------------------------------------------ programs

    def _programs(self, s: str, blockers: list[Mention]) -> list[Mention]:
        out: list[Mention] = []
        if not _PROGRAM_HINT.search(s):
            return out  # no title, quote or programme word: nothing to look at
        for m in _TITLE.finditer(s):
            title = m.group(1)
            bare = _TRAILING_PAREN.sub("", title)
            if self.lists.plan_suffixes.ending_at(bare, len(bare)):
                out.append(Mention(NodeType.PROGRAM, title, m.start(1), m.end(1)))
        for m in _QUOTED_MODEL.finditer(s):
            if m.group(1) in _MENTORING:
                continue  # “师带徒”模式 is a way of teaching, not a programme
            name = f"{m.group(1)}{m.group(3)}模式"
            out.append(
                Mention(
                    NodeType.PROGRAM,
                    m.group(0),
                    m.start(),
                    m.end(),
                    key=name,
                    attrs={"aliases": [m.group(1), name]},
                )
            )
        for m in _VERB_MODEL.finditer(s):
            out.append(Mention(NodeType.PROGRAM, m.group(1), m.start(1), m.end(1)))
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
                out.append(Mention(NodeType.PROGRAM, m.group(0), m.start(), m.end()))
        for m in _LATIN_PROJECT.finditer(s):
            out.append(Mention(NodeType.PROGRAM, m.group(0), m.start(), m.end()))
        for m in _STATE_PROJECT.finditer(s):
            out.append(Mention(NodeType.PROGRAM, m.group(0), m.start(), m.end()))
        for m in _WORKS.finditer(s):
            start = self._left_bound(s, m.end() - 2, m.start())
            text = s[start : m.end()]
            if len(text) >= 5 and not self.lists.generic.covers(text[:-2]):
                out.append(Mention(NodeType.PROGRAM, text, start, m.end()))
        kept: list[Mention] = []
        for m in sorted(out, key=lambda m: (m.start, -m.end)):
            if any(m.overlaps(k) for k in kept) or any(m.overlaps(b) for b in blockers):
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
            return Mention(NodeType.PROGRAM, text, start, end, key)
        if _TAKES_PART.search(lead):
            tail = _SHORT_TAIL.match(rest)
            if tail and not self.lists.stops.starting_at(rest, 0):
                name = text + tail.group()
                return Mention(
                    NodeType.PROGRAM,
                    s[start - 1 : end + 1 + len(tail.group())],
                    start - 1,
                    end + 1 + len(tail.group()),
                    name,
                    attrs={"aliases": [text, name]},
                )
            return Mention(NodeType.PROGRAM, text, start, end, key)
        if not has_word:
            return None
        if _PROGRAM_LEAD.search(lead):
            return Mention(NodeType.PROGRAM, text, start, end, key)
        if not (rest and is_cjk(rest[0])) or _PROGRAM_FOLLOWERS_RE.match(rest):
            return Mention(NodeType.PROGRAM, text, start, end, key)
        return None

    def _left_bound(self, s: str, pos: int, limit: int) -> int:
        cur = pos
        while cur > limit and is_name_char(s[cur - 1]) and not self.lists.stops.ending_at(s, cur):
            cur -= 1
        return cur


# 镇卫生院, 乡卫生院, 街道社区卫生服务中心: a health centre named after its town.
_TOWN_MARK = re.compile(r"(?:镇|乡|街道)$")
# 刘洋则带领: adverbs between a name and its verb.
_ADVERBS_AFTER_NAME = "则也还就已曾"
_TOWN_CHARS_NOT = set("的在是了由为对向到赴与及等")
_TECH_TAIL = re.compile(r"治疗|疗法|手术|检查|术")
_UNIT_AFTER = re.compile(r"中心|室|科|病区|病房|基地|门诊|专科")
_LATIN_AROUND = re.compile(r"[A-Za-z0-9]")
_TECH_LIST_END = re.compile(
    r"等(?:[\u4e00-\u9fff]{0,5}?"
    r"(?:[\d一二三四五六七八九十百多余]+[项个例台种]|新技术|新项目|技术|手术|项目|新业务)"
    r"|(?=[。，；,;]))"
)
_TECH_HINT = re.compile(rf"[{QUOTES_OPEN}]|等|首例|首台|首次|开展|完成|实施|带教|填补|落地")
_TECH_LEADS = ("首例", "首台", "一例", "了", "开展", "完成", "实施", "引进")
# Two provinces' one-character names then 协作/对口支援 (闽宁协作, 鲁渝扶贫协作, 京蒙省际):
# the paired-provinces programmes of east-west cooperation.
_PROVINCE_CHARS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔滇藏陕甘陇青宁新"
_PAIR_PROGRAM = re.compile(
    rf"([{_PROVINCE_CHARS}][{_PROVINCE_CHARS}])(?:[\u4e00-\u9fff]{{0,6}}?)"
    r"(?:扶贫协作|协作|对口支援|省际)(?:(?:框架)?协议|工作方案)?"
)
_DEPT_FOLLOWERS = (
    "建设",
    "项目",
    "门诊",
    "病房",
    "病区",
    "团队",
    "专家",
    "骨干",
    "医护",
    "技术",
    "诊疗",
    "能力",
    "水平",
    "服务",
    "作为",
    "成为",
    "被",
    "获",
    "开展",
    "完成",
    "实现",
    "填补",
    "共建",
    "联合",
    "进修",
)
# (Each alternative a plain word, so re skips to where a match can start instead of trying
# every character.)
_PROGRAM_HINT = re.compile(
    "|".join(map(re.escape, "《" + QUOTES_OPEN)) + "|模式|项目|工程|协作|对口支援|省际"
)
_NOT_PROGRAMS = (
    "奖",
    "奖章",
    "个人",
    "集体",
    "称号",
    "工作者",
    "先进",
    "医生",
    "团队",
    "标兵",
    "模范",
)
_PROGRAM_FOLLOWERS = r"^(?:对口支援|支援|帮扶|援[藏疆青蒙]|工作|项目|计划|工程|行动)"
_PROGRAM_FOLLOWERS_RE = re.compile(_PROGRAM_FOLLOWERS)
# The rules' patterns, compiled once (each sentence would otherwise pay re's cache lookup).
_DEPT_ENDS = re.compile(r"科|中心")
# 已完成X12例: a procedure counted in cases after 完成 is named too.
_TECH_FIRSTS = re.compile(
    r"(?:首例|首台|(?:首次|率先|成功|独立)(?:开展|完成|实施)|开展了|带教|指导[^，,。；;]{0,8}?开展"
    r"|完成了?(?=[\u4e00-\u9fff]{3,20}?[\d一二三四五六七八九十百]+[例台]))"
)
# Role words that name staff rather than a post: 神经内科医生 is no department mention.
_STAFF_WORDS = ("医生", "医师", "大夫", "专家", "护士", "护师")
_COUNTED = re.compile(r"(?:[\d一二三四五六七八九十两几多]+|首)[个项家所]")
_FIRST_IN_ITEM = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:首例|首台|首次)")
# X、Y在全州属首次开展 / X填补了…空白: procedures named before what they achieved.
_TECH_ACHIEVED = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:在[^，,。；;]{1,10}?(?:属|尚属|为)?首次(?:开展|实施|完成)|填补了?"
    r"|(?:也|已|均)?于[^，,。；;]{1,8}?(?:落地|开展|实施))"
)
_ABBREV_PAREN = re.compile(r"([^（(]+)[（(]([^）)]+)[)）]")
_TITLE = re.compile(r"《([^《》]{2,60})》")
_TRAILING_PAREN = re.compile(r"[（(][^（）()]*[)）]$")
_QUOTED_MODEL = re.compile(
    rf"[{QUOTES_OPEN}]([^{QUOTES_CLOSE}{QUOTES_OPEN}]{{2,16}})[{QUOTES_CLOSE}]"
    r"(的?)([\u4e00-\u9fff]{0,4}?)(模式)"
)
_VERB_MODEL = re.compile(
    r"(?:探索|创新|推行|推广|采取|形成|构建|实行|实施)([\u4e00-\u9fff]{3,14}?模式)"
)
_LATIN_PROJECT = re.compile(r"[A-Z]{2,10}项目")
# A state-run building project is named by its level and what it builds (国家临床重点专科建设项目,
# 省级区域医疗中心建设项目); a bare 建设项目 of a hospital is not.
_STATE_PROJECT = re.compile(r"(?:国家|省级)[\u4e00-\u9fff]{2,10}?建设项目")
_WORKS = re.compile(r"[\u4e00-\u9fff]{4,12}(?:工程)")
_LISTED_REST = re.compile(
    r"^(?:[、和及][^。；]{0,30}?)*等[^。；]{0,12}(?:工作|项目|计划|活动|工程|行动)"
)
_TAKES_PART = re.compile(r"(?:参加|参与|承担)")
_SHORT_TAIL = re.compile(r"^[一-鿿]{1,6}?(?=[、和及等，,。；]|$)")
_PROGRAM_LEAD = re.compile(
    r"(?:以|通过|实施|开展|推行|采取|启动|推进|深化|落实|形式是|纳入|列入|入选)$"
)
# Ways of teaching written in quotes like programmes: not programmes of their own.
_MENTORING = frozenset(("师带徒", "传帮带", "手拉手", "结对子", "一对一", "一帮一", "师徒结对"))
_CLAUSE_PUNCT = re.compile(r"[，,。；;！？!?]")
_QUOTED = re.compile(rf"[{QUOTES_OPEN}]([^{QUOTES_OPEN}{QUOTES_CLOSE}]{{1,30}})[{QUOTES_CLOSE}]")
_OPEN_PAREN = re.compile(r"[（(]")
# Runs of characters, for checks that would otherwise loop over a span in Python.
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z·]+")  # is_name_char throughout
_PROGRAM_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z·+]*")


def _clause_end(s: str, pos: int) -> int:
    m = _CLAUSE_PUNCT.search(s, pos)
    return m.start() if m else len(s)


def _clause_start(s: str, pos: int) -> int:
    k = pos
    while k > 0 and s[k - 1] not in "，,。；;！？!?":
        k -= 1
    return k


def _outermost(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """The spans not inside a longer one, in one sweep (longest first at each start)."""
    out: list[tuple[int, int, Any]] = []
    reach = -1
    for span in sorted(spans, key=lambda m: (m[0], -m[1])):
        if span[1] > reach:
            out.append(span)
            reach = span[1]
    return sorted(out, key=lambda m: m[1])


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


# Characters of Tibetan, Uyghur and Mongolian names in Chinese transliteration.
_TRANSLITERATION = set(
    "扎西次仁索南才让格桑达瓦尼玛卓旦增白多吉平措曲珍拉巴央金德加强久美顿珠普布尔罗琼杰"
    "阿买提艾力热依木斯坦汗克孜古丽努娜帕米吐逊江别那日苏赫特其乐图门"
    "泽姆兰旺洛桑嘎玛布赤列边穆卡哈亚娅夏合"
    "朗苏则惹沙俄"  # 索朗, 阿苏拉则, 沙马: Tibetan and Yi names
    "降"  # 降央泽仁
)
# Uyghur names written with the middle dot (阿不都热依木·艾合买提): the dot makes the
# name plain, so more transliteration characters may take part and no title is needed.
_DOT_NAME_CHARS = "".join(
    sorted(_TRANSLITERATION | set("不都曼拜洪麦迪伊纳塔吾库班萨玉素甫赛迈罕默再娃莎比凯卜杜明"))
)
_DOTTED_NAME = re.compile(f"[{_DOT_NAME_CHARS}]{{2,7}}[·•][{_DOT_NAME_CHARS}]{{2,7}}")


def _quoted(s: str, start: int, end: int) -> bool:
    return start > 0 and s[start - 1] in QUOTES_OPEN and s[end : end + 1] in QUOTES_CLOSE


def _coordinated_names(s: str, regions: list[Mention], insts: list[Mention]) -> list[Mention]:
    """玛沁县、达日县、甘德县人民医院: places listed before a hospital's name share its
    ending, one hospital each."""
    if not insts:
        return insts
    by_end = {r.end: r for r in regions if r.attrs.get("full")}
    out = list(insts)
    for m in insts:
        if m.type is not NodeType.HOSPITAL or len(m.parts) != 1:
            continue
        place = m.parts[0]
        if place.type is not NodeType.REGION or place.start != m.start:
            continue
        ending = s[place.end : m.end]
        k = m.start
        while s[k - 1 : k] in ("、", "和", "及") and (r := by_end.get(k - 1)) is not None:
            if not _county_like(r.surface) or not _county_like(place.surface):
                break
            key = r.surface + ending
            out.append(Mention(NodeType.HOSPITAL, r.surface, r.start, r.end, key, parts=[r]))
            k = r.start
    return sorted(out, key=lambda m: m.start)


def _county_like(name: str) -> bool:
    """远安县, 当阳市, 鄂温克族自治旗: a county-level name (as far as its ending says)."""
    return name.endswith(("县", "市", "区", "旗")) and not name.endswith(("自治区", "地区"))


def _paren_aliases(s: str, insts: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """安徽省立医院（中国科学技术大学附属第一医院）: a name of the same kind filling the
    brackets right after a name is that body's other name, not a second body. Returns the
    names kept and the bracketed ones folded into them."""
    out: list[Mention] = []
    hidden: list[Mention] = []
    for m in insts:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type is m.type
            and s[prev.end : m.start] in ("（", "(")
            and s[m.end : m.end + 1] in ("）", ")")
        ):
            aliases = [*prev.attrs.get("aliases", ()), m.surface]
            prev.attrs = {**prev.attrs, "aliases": aliases}
            hidden.append(m)
            continue
        out.append(m)
    return out, hidden


def quoted_spans(s: str) -> list[tuple[int, int]]:
    """Offsets of the insides of quoted phrases (“…”, 「…」, ‘…’)."""
    return [m.span(1) for m in _QUOTED.finditer(s)]


_ENUM_SEP = "、"
_ENUM_LAST = ("和", "及", "与", "以及")


def enumeration_items(
    s: str, first: int, last: int, blockers: list[Mention] | None = None, parens: bool = False
) -> list[tuple[int, int]]:
    """The items of the enumeration (A、B和C等) around offsets ``first``..``last``.

    Items are separated by 、 (and 和/及/与 before the last one); the enumeration stops at
    other punctuation. The first item starts after the nearest boundary word or mention.
    """
    lo, hi = _enumeration_bounds(s, first, last, parens)
    return _enumeration_within(s, lo, hi, blockers or [])


def _enumeration_bounds(s: str, first: int, last: int, parens: bool) -> tuple[int, int]:
    """The span of the enumeration around ``first``..``last``: from the punctuation before
    it to the punctuation (or 等) after it."""
    stops = "，,。；;：:！？!?\n" + ("" if parens else "（）()")
    lo = first
    while lo > 0 and s[lo - 1] not in stops:
        lo -= 1
    hi = last
    while hi < len(s) and s[hi] not in stops + "等":
        hi += 1
    return lo, hi


def _enumeration_within(s: str, lo: int, hi: int, blockers: list[Mention]) -> list[tuple[int, int]]:
    """The items of the enumeration ``s[lo:hi]`` (see :func:`enumeration_items`)."""
    seg = s[lo:hi]
    pieces: list[tuple[int, int]] = []
    pos = lo
    for part in seg.split(_ENUM_SEP):
        pieces.append((pos, pos + len(part)))
        pos += len(part) + 1
    items = []
    for a, b in pieces:
        while a < b and s[a] in QUOTES_OPEN + QUOTES_CLOSE:
            a += 1
        while b > a and s[b - 1] in QUOTES_OPEN + QUOTES_CLOSE:
            b -= 1
        if a < b:
            items.append((a, b))
    if len(items) < 1:
        return []
    items = _trim_first(s, items, blockers)
    items = _split_last(s, items)
    return [(a, b) for a, b in items if b - a >= 2]


def _trim_first(
    s: str, items: list[tuple[int, int]], blockers: list[Mention]
) -> list[tuple[int, int]]:
    a, b = items[0]
    cut = a
    for m in blockers:
        if a <= m.end <= b and m.end > cut and m.start >= a:
            cut = m.end
    stops = _lists().stops
    paren = _OPEN_PAREN.search(s[cut:b])
    scan_end = cut + paren.start() if paren else b  # never cut inside ERCP（经内镜…）
    for i in range(scan_end - 1, cut, -1):
        w = stops.ending_at(s, i)
        if w and i - len(w) >= cut:
            cut = max(cut, i)
            break
    return [(cut, b), *items[1:]] if cut < b else items[1:]


def _split_last(s: str, items: list[tuple[int, int]]) -> list[tuple[int, int]]:
    a, b = items[-1]
    text = s[a:b]
    for conj in _ENUM_LAST:
        k = text.find(conj)
        if k >= 2 and len(text) - k - len(conj) >= 2:
            return [*items[:-1], (a, a + k), (a + k + len(conj), b)]
    return items
