"""The names of one article's entities: an institution's canonical name, rebuilt from the
parts the recogniser found, and which entities are one thing written two ways.

The canonical name (``canonical_name``): every place part becomes its full name
(遵义汇川区 → 遵义市汇川区, 喀什 → 喀什地区), every inner name its canonical name, the
ending its standard form (卫健委 → 卫生健康委员会, 二院 → 第二人民医院); a place word
inside a proper name stays as written (上海交通大学).

Variants (``merge_variants``): once every mention has an entity, entities of one type that
are one thing written two ways are folded into the fuller writing, shortest name first:

- a declared other name: 南京鼓楼医院 after 南京大学医学院附属鼓楼医院（南京鼓楼医院）;
- the same variant key: 遵义市中医院 and 遵义市中医医院, 援疆工作组 and 援疆工作小组,
  某县医共体 and 某县医疗卫生共同体, a programme with and without its trailing year range;
- hospitals: 朝阳区中日医院 is 中日医院 when the article has 中日医院; 甘肃医院 is the
  branch 天津市某某医院甘肃医院; 浙大一院 and 北医三院 abbreviate the one fuller name;
- organisations, alliances, programmes: a shorter writing that leaves characters out
  (援疆工作组 for 宁波援疆工作小组).

The folded entity's aliases, mentions and places go to the fuller one. Quotes are no part
of a name (``strip_quotes``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from aidgraph.graph.model import ALLIANCE, HOSPITAL, ORGANIZATION, PERSON, PROGRAM, REGION, NodeType
from aidgraph.ingest.recognise import QUOTES_CLOSE, QUOTES_OPEN, Mention

if TYPE_CHECKING:
    from aidgraph.ingest.resolve import Entity, Resolution

# Types whose names have shorter writings that leave characters out (援疆工作组).
_SHORTENED_TYPES = (ORGANIZATION, ALLIANCE, PROGRAM)

_QUOTE_RE = re.compile(f"[{QUOTES_OPEN}{QUOTES_CLOSE}]")
TRAILING_PAREN = re.compile(r"[（(][^（）()]*[)）]$")


def strip_quotes(text: str) -> str:
    """``text`` without quotation marks: they enclose a name, they are no part of it."""
    return _QUOTE_RE.sub("", text)


# Government organs: a place's organ lies in that place whatever stands between.
ORGANS = (
    "卫生健康委员会",
    "卫生和计划生育委员会",
    "卫生健康局",
    "卫生计生局",
    "卫生局",
    "卫生健康厅",
    "卫生厅",
    "人民政府",
    "医疗保障局",
    "中医药管理局",
)


def canonical_name(m: Mention, places: dict[str, Any], res: Resolution) -> str:
    """The official name rebuilt from parts: places in full, inner names canonical."""
    attrs = m.attrs
    suffix = attrs.get("suffix", "")
    surface_end = m.end - len(suffix)
    ending = attrs.get("canonical_suffix") or suffix
    if not m.parts:  # most names: the surface without its written ending
        return strip_quotes(_slice(m, m.start, surface_end) + ending)
    out, pos = [], m.start
    parts = sorted(m.parts, key=lambda p: p.start) if len(m.parts) > 1 else m.parts
    boundaries = {p.start for p in parts}
    boundaries.add(surface_end)
    keep = m.type is ORGANIZATION and attrs.get("canonical_suffix") not in ORGANS
    bare = m.type is HOSPITAL and suffix == "医院"
    for part in parts:
        if part.start < pos:
            continue
        out.append(_slice(m, pos, part.start))
        if part.type is REGION and (part.end not in boundaries or keep or bare):
            # 上海交通大学, 南京医科大学, 宁波援疆工作小组: a place word inside a proper
            # name stays as written; only organs of a place (玉树州卫健委) take its full name.
            out.append(part.surface)
        else:
            out.append(_part_name(part, places, res))
        pos = part.end
    out.append(_slice(m, pos, surface_end))
    out.append(ending)
    return strip_quotes("".join(out))


def _part_name(part: Mention, places: dict[str, Any], res: Resolution) -> str:
    """A part as its institution's name writes it: a place in full, an inner name as its
    entity is named, else the recogniser's key."""
    if part.type is REGION:
        place = places.get(part.surface)
        return place.name if place is not None else part.surface
    ent = res.entity_of(part)
    if ent is not None:
        return ent.name
    return part.key or part.surface


def _slice(m: Mention, a: int, b: int) -> str:
    """``m``'s surface between the text offsets ``a`` and ``b``."""
    return m.surface[a - m.start : b - m.start] if b > a else ""


def merge_variants(res: Resolution) -> None:
    """Fold entities that are one thing written two ways into the fuller one."""
    by_type: dict[NodeType, list[Entity]] = {}
    for ent in res.entities.values():
        by_type.setdefault(ent.type, []).append(ent)
    moved: dict[str, str] = {}
    for typ, ents in by_type.items():
        if len(ents) < 2 or typ in (REGION, PERSON):
            continue
        group = _Group(ents)
        if typ is not HOSPITAL and typ not in _SHORTENED_TYPES and group.settled():
            continue  # departments, techniques: only the declared and same-key rules
        for ent in sorted(ents, key=lambda e: len(e.name)):
            if ent.id not in group.live:
                continue
            target = _variant_of(ent, group)
            if target is not None and target is not ent:
                group.fold(ent)
                _fold(res, ent, target)
                moved[ent.id] = target.id
    if moved:
        _redirect(res, moved)


def _variant_of(ent: Entity, group: _Group) -> Entity | None:
    """The live entity of the group that ``ent`` is another writing of, if any."""
    keys = group.keys
    key = keys[ent.id]
    live = group.live.values()
    # 南京鼓楼医院 after 南京大学医学院附属鼓楼医院（南京鼓楼医院）: a declared other name.
    if ent.name in group.declared:
        declared = [
            o for o in live if o is not ent and ent.name in o.aliases and o.name not in ent.aliases
        ]
        if len(declared) == 1:
            return declared[0]
    if key in group.shared_keys:
        same = [
            o for o in live if o is not ent and keys[o.id] == key and len(o.name) >= len(ent.name)
        ]
        if same:
            return max(same, key=lambda o: (len(o.name), o.name))
    if ent.type is HOSPITAL:
        return _hospital_variant_of(ent, live)
    # 援疆工作组 / 汉中市医学专科联盟: a shorter writing of a fuller name (of at least
    # four characters, see _shorter_form).
    if ent.type in _SHORTENED_TYPES and len(key) >= 4:
        fuller = [
            o
            for o in live
            if len(o.name) > len(ent.name) and _shorter_form(ent, key, o, keys[o.id])
        ]
        if len(fuller) == 1:
            return fuller[0]
    return None


def _hospital_variant_of(ent: Entity, live: Iterable[Entity]) -> Entity | None:
    """The fuller hospital among the ``live`` ones that ``ent`` is a shorter writing of."""
    name = ent.name
    if ent.attrs.get("region_parts"):
        # 朝阳区中日医院 is 中日医院 when the article names 中日医院 alone (bare), and
        # 甘肃医院 after 天津市某某医院甘肃医院 is the branch a hospital runs in that place,
        # written with the place alone (branch). A bare name is no longer than ``name``,
        # a branch's longer, so one pass sorts the others into both.
        bare, branch = [], []
        for o in live:
            if o is ent:
                continue
            if name.endswith(o.name):
                if not o.attrs.get("region_parts"):
                    bare.append(o)
            elif o.name.endswith(name) and o.name[: -len(name)].endswith("医院"):
                branch.append(o)
        if len(bare) == 1:
            return bare[0]
        if len(branch) == 1:
            return branch[0]
    elif len(name) >= 4:
        # 浙大一院, 协和医院, 中日医院: a short form of the one fuller name it abbreviates
        # (of at least four characters, see _abbreviates).
        fuller = [o for o in live if len(o.name) > len(name) and _abbreviates(ent, o)]
        if len(fuller) == 1:
            return fuller[0]
    return None


class _Group:
    """The entities of one type while their variants are folded: those still live, their
    variant keys, and what lets most entities skip the pairwise rules of ``_variant_of``."""

    def __init__(self, ents: list[Entity]) -> None:
        self.live = {e.id: e for e in ents}
        self.keys = {e.id: _variant_key(e) for e in ents}
        # The keys several entities share (mostly none): only those have same-key variants.
        keys = list(self.keys.values())
        self.shared_keys: set[str] = set()
        if len(set(keys)) < len(keys):
            self.shared_keys = {k for k, n in Counter(keys).items() if n > 1}
        # Every alias an entity has besides its own name (or gains by a fold): only those
        # can be the name of an entity that another one declares as its other name.
        self.declared = {a for e in ents for a in e.aliases if a != e.name}

    def settled(self) -> bool:
        """Whether neither a declared other name nor a shared key joins two entities."""
        return not self.shared_keys and self.declared.isdisjoint(e.name for e in self.live.values())

    def fold(self, ent: Entity) -> None:
        """``ent`` is about to be folded into another entity, which takes its name and aliases."""
        del self.live[ent.id]
        self.declared |= ent.aliases
        self.declared.add(ent.name)


def _variant_key(ent: Entity) -> str:
    """The writing ``ent``'s name shares with its variants."""
    return _variant_key_of(ent.type, ent.name)


def _variant_key_of(typ: NodeType, name: str) -> str:
    name = strip_quotes(name)
    if typ is HOSPITAL:
        return name.replace("中医医院", "中医院")
    if typ is ORGANIZATION:
        return name.replace("工作小组", "工作组")
    if typ is PROGRAM:
        return TRAILING_PAREN.sub("", name)
    if typ is ALLIANCE:
        # 某县医共体 is the short writing of 某县医疗卫生共同体.
        for full, short in _ALLIANCE_SHORT:
            name = name.replace(full, short)
    return name


_ALLIANCE_SHORT = (("医疗卫生共同体", "医共体"), ("医疗共同体", "医共体"), ("医疗联合体", "医联体"))


def _shorter_form(short: Entity, a: str, full: Entity, b: str) -> bool:
    """``short`` (variant key ``a``) reads as ``full`` (key ``b``) with some characters left
    out, same ending, and no place of its own that ``full`` lacks."""
    if a[-2:] != b[-2:]:
        return False
    own = set(short.attrs.get("region_parts") or [])
    if own - set(full.attrs.get("region_parts") or []):
        return False
    it = iter(b)
    return all(ch in it for ch in a) and len(a) >= 4


_ORDINALS = frozenset("一二三四五六七八九十")


def _abbreviates(short: Entity, full: Entity) -> bool:
    """``short`` keeps the first and last characters of ``full`` and only characters of it,
    or is how ``full`` ends when more than its places come before."""
    a, b = short.name, full.name
    if len(a) < 4 or a[-1] != b[-1]:
        return False  # every reading below needs both
    # 江苏大学附属医院 is not 江苏大学附属第二医院: a short form keeps the ordinal (苏大二院).
    if not _ORDINALS.isdisjoint(b) and not _ORDINALS.isdisjoint(set(b) - set(a)):
        return False
    if a[0] == b[0] and all(ch in b for ch in a):
        return True  # 北医三院 for 北京大学第三医院: the characters, not their order
    if b.endswith(a):
        # 盛京医院 in 中国医科大学附属盛京医院, but not 中日医院 in 朝阳区中日医院 (the place
        # is no part of the name: that one folds the other way).
        return b[: -len(a)] not in ("".join(full.attrs.get("region_parts") or []), "")
    return False


def _fold(res: Resolution, ent: Entity, target: Entity) -> None:
    """Fold ``ent`` into ``target``; the caller redirects ``ent``'s mentions (``_redirect``)."""
    target.aliases |= ent.aliases | {ent.name}
    target.mentions += ent.mentions
    for rid, i in ent.located:
        target.locate(rid, i)
    for k, v in ent.attrs.items():
        target.attrs.setdefault(k, v)
    del res.entities[ent.id]


def _redirect(res: Resolution, moved: dict[str, str]) -> None:
    """Point every mention of a folded entity at the entity it ended in, in one pass over
    the mentions rather than one per fold (a target may itself be folded later)."""
    for mid, eid in res.of.items():
        if eid in moved:
            while eid in moved:
                eid = moved[eid]
            res.of[mid] = eid
