"""Hospital, Organization and Alliance mentions by name morphology: an ending
(人民医院, 卫健委, 医联体 …) found first, the name grown leftwards over places, earlier
names and a few free characters to a boundary word; generic heads are references, not
names, and a bare 市卫生健康委 inherits the article's place.
"""

from __future__ import annotations

from typing import Any

from aidgraph.graph.model import ALLIANCE, HOSPITAL, ORGANIZATION, REGION, NodeType
from aidgraph.ingest.recognise.enumerations import quoted_spans
from aidgraph.ingest.recognise.mention import Mention, is_cjk, is_name_char
from aidgraph.ingest.recognise.patterns import (
    _ADMIN_WORDS,
    _ADVERBS_BEFORE_VERB,
    _BARE_ALLIANCE,
    _BODY_ENDINGS,
    _CLASSIFIERS,
    _INHERIT_PREFIXES,
    _NUMERALS,
    _TOWN_CHARS_NOT,
    _TOWN_MARK,
)
from aidgraph.ingest.recognise.words import _NAME_WORDS


class InstitutionRules:
    """Institution names grown leftwards from their endings."""

    def _institutions(self, s: str, regions: list[Mention], named: list[Mention]) -> list[Mention]:
        matches = self.suffix_auto.every(s)
        if not matches:
            return []
        # An ending inside a longer ending is not one (大学 in 大学医学院, 医院 in 人民医院);
        # _outermost also puts them in order of their ends.
        matches = _outermost(matches)
        suffix_ends = {m[1] for m in matches}
        anchors: dict[int, Mention] = {r.end: r for r in regions}
        for n in named:
            anchors[n.end] = n
        found: list[Mention] = []
        for suf_start, end, (typ, canon_suffix) in matches:  # by end, from _outermost
            if self._suffix_continues(s, end, typ):
                continue
            suffix = s[suf_start:end]  # (read once: four tests below want it)
            m = self._grow(s, suf_start, end, typ, anchors, found, suffix_ends)
            if m is None:
                continue
            if canon_suffix != suffix and typ is HOSPITAL and not self._plain_abbrev(m, suf_start):
                if m.parts or suf_start - m.start != 2:
                    continue
                canon_suffix = suffix  # 北医三院: a school's short form, kept as written
            if self._hospital_unit(s, m, suf_start, end, found) or _loose_alliance(s, m, suffix):
                continue
            if self._internal_office(s, m, suf_start, end):
                found = [f for f in found if not f.inside(m) or f.type is HOSPITAL]
                continue
            m.attrs["suffix"] = suffix
            m.attrs["canonical_suffix"] = canon_suffix
            for reading in m.attrs.get("split", ()):
                reading.attrs["canonical_suffix"] = canon_suffix
            # Names inside a name are parts of it, except members named in an alliance's name.
            if found:
                found = [
                    f
                    for f in found
                    if not f.inside(m) or (m.type is ALLIANCE and f.type is not m.type)
                ]
            found.append(m)
            anchors[m.end] = m
        return found

    @staticmethod
    def _internal_office(s: str, m: Mention, suf_start: int, end: int) -> bool:
        """A医院医联体管理办公室: an office inside a hospital is the hospital's, not a body
        of its own (its head works for the hospital)."""
        if m.type is not ORGANIZATION or not m.parts or s[suf_start:end] != "办公室":
            return False
        last = m.parts[-1]
        # 医联体管理办公室: the office of the hospital's own alliance work is the hospital's.
        return last.type is HOSPITAL or any(
            p.type is HOSPITAL and p.start == last.start for p in last.parts
        )

    @staticmethod
    def _hospital_unit(s: str, m: Mention, suf_start: int, end: int, found: list[Mention]) -> bool:
        """A县人民医院远程医学中心主任: a centre written right after a hospital's name is
        a unit of that hospital, not a hospital of its own."""
        return (
            m.type is HOSPITAL
            and s[suf_start:end].endswith("中心")
            and any(f.type is HOSPITAL and f.end == m.start for f in found)
        )

    @staticmethod
    def _plain_abbrev(m: Mention, suf_start: int) -> bool:
        """喀什二院 is a place plus 二院 and nothing else."""
        return bool(m.parts) and m.parts[-1].end == suf_start and m.parts[0].start == m.start

    def _suffix_continues(self, s: str, end: int, typ: NodeType) -> bool:
        """The ending runs on into another word (大学生, 医院长 …) or is itself generic."""
        nxt = s[end : end + 1]
        return (s.endswith("大学", 0, end) and nxt in "生习") or (
            typ is ALLIANCE and s.startswith("模式", end)
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
                    a.type is HOSPITAL
                    and cur < (parts[-1].start if parts else suf_start)
                    and not s.startswith("附属", cur)
                ):
                    break  # A医院全面托管B医院: another name across free words is not a part
                parts.append(a)
                cur = a.start
                continue
            # (The dict test first: few characters end a name word, and it spares the call.)
            word = s[cur - 1] in _NAME_WORDS.by_last and _NAME_WORDS.ending_at(s, cur)
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
            typ is HOSPITAL
            and tail in _ADMIN_WORDS
            and parts
            and parts[-1].type is REGION
            and not parts[-1].attrs.get("full")
            and not self._cands(parts[-1].surface + tail)
        ):
            return None  # 百色县医院: 百色 is no county, so this 县医院 is generic
        if typ is HOSPITAL and tail and tail not in _ADMIN_WORDS:
            # 遵义市三甲医院, 苏州发挥市级三甲医院: generic words right before the ending
            # make a reference, not a name.
            generic_end = self.lists.generic.ending_at(tail, len(tail))
            # 陇原人民医院, 中原医院: one generic character (原, 新) ending an otherwise
            # proper name is part of the name, not a modifier.
            proper = len(generic_end or "") == 1 < len(tail) and not self.lists.generic.covers(tail)
            if generic_end and generic_end not in _ADMIN_WORDS and not proper:
                return None
        if (
            typ is ALLIANCE
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
        # (The distance first: it rules out most boundaries without a search for 镇/乡.)
        if not 2 <= suf_start - k <= 6:
            return False
        if not (_TOWN_MARK.search(s, 0, suf_start) or s.startswith("社区", suf_start)):
            return False
        if s[k] in _TOWN_CHARS_NOT or self.lists.stops.ending_at(s, cur) != s[k]:
            return False
        before = anchors.get(k)
        if before is not None and before.type is REGION:
            return True
        if s[k] == "将" and s[k - 1 : k] in _ADVERBS_BEFORE_VERB:
            return False  # 并将会川镇卫生院…: 并将 is "and takes", the town starts after it
        return k == 0 or not is_name_char(s[k - 1]) or bool(self.lists.stops.ending_at(s, k))

    def _split_pair(self, s: str, parts: list[Mention], start: int, suf_start: int) -> bool:
        """宁波延边两市卫生健康局: two places then 两市/两地 before the ending."""
        rest = s[parts[-1].end : suf_start]
        return (
            len(parts) == 2
            and all(p.type is REGION for p in parts)
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
        stops = self.lists.stops
        # (A CJK character, the usual case, is a name character: is_name_char's call spared.)
        if not ("\u4e00" <= c <= "\u9fff" or is_name_char(c)) or (
            c in stops.by_last and stops.ending_at(s, cur)
        ):
            return True
        return c in _CLASSIFIERS and cur >= 2 and (s[cur - 2].isdigit() or s[cur - 2] in _NUMERALS)

    def _inherit(
        self, s: str, start: int, suf_start: int, end: int, typ: NodeType
    ) -> Mention | None:
        """市卫生健康委 / 本市卫健委: an organ of the article's own place."""
        if typ is ALLIANCE:
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
        if typ is not ORGANIZATION or not s[suf_start:end].endswith(_BODY_ENDINGS):
            return None
        lo = max(0, suf_start - 14)
        best = None
        for a in anchors.values():
            if a.type is REGION and lo <= a.start and a.end <= suf_start:
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
        if typ is HOSPITAL:
            # 西藏自治区日喀则市人民医院: full-form places before another place are the
            # hospital's location, not its name.
            while (
                len(parts) >= 2
                and parts[0].type is REGION
                and (parts[0].attrs.get("full") or self._province(parts[0].surface))
                and parts[1].type is REGION
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


def _loose_alliance(s: str, m: Mention, suffix: str) -> bool:
    """成员单位用好联盟, 率先接入协作网: a bare 联盟/协作网 with no place or body in its
    name is a name only when quoted (“京冀远程医疗协作网”); 专科联盟, 医联体 say more."""
    if m.type is not ALLIANCE or m.parts or suffix not in _BARE_ALLIANCE:
        return False
    return not any(a <= m.start and m.end <= b for a, b in quoted_spans(s))


def _outermost(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """The spans not inside a longer one, by end. At each end only the longest span can
    be outermost, and it is unless one ending later starts at or before it: one pass over
    the ends from the right, keeping the leftmost start seen (no sort keyed by a lambda)."""
    longest: dict[int, tuple[int, int, Any]] = {}
    for span in spans:
        held = longest.get(span[1])
        if held is None or span[0] < held[0]:
            longest[span[1]] = span
    out: list[tuple[int, int, Any]] = []
    low = None
    for end in sorted(longest, reverse=True):
        span = longest[end]
        if low is None or span[0] < low:
            out.append(span)
            low = span[0]
    out.reverse()
    return out


def _coordinated_names(s: str, regions: list[Mention], insts: list[Mention]) -> list[Mention]:
    """玛沁县、达日县、甘德县人民医院: places listed before a hospital's name share its
    ending, one hospital each."""
    if not insts:
        return insts
    by_end: dict[int, Mention] | None = None  # built for the first hospital with a list mark
    out = list(insts)
    for m in insts:
        if m.type is not HOSPITAL or len(m.parts) != 1:
            continue
        place = m.parts[0]
        if place.type is not REGION or place.start != m.start:
            continue
        if s[m.start - 1 : m.start] not in ("、", "和", "及"):
            continue  # nothing listed before it (the loop below would not start)
        if by_end is None:
            by_end = {r.end: r for r in regions if r.attrs.get("full")}
        ending = s[place.end : m.end]
        k = m.start
        while s[k - 1 : k] in ("、", "和", "及") and (r := by_end.get(k - 1)) is not None:
            if not _county_like(r.surface) or not _county_like(place.surface):
                break
            key = r.surface + ending
            out.append(Mention(HOSPITAL, r.surface, r.start, r.end, key, parts=[r]))
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
