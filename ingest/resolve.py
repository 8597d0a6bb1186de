"""Turn the mentions of one article into entities with canonical names and aliases.

A mention is what the text says (玉树州人民医院, 市卫生健康委, 中日医院); an entity is what
the graph keeps (玉树藏族自治州人民医院, 北京市卫生健康委员会, 中日医院). Resolution is
per article, in this order:

1. places: each region surface is resolved with the gazetteer, using the unambiguous
   places of the same article as context (朝阳区 in an article about Beijing is Beijing's);
   a full name shared by several places (朝阳区) is prefixed with its parent
   (北京市朝阳区);
2. institutions: the canonical name is rebuilt from the parts the recogniser found
   (:mod:`aidgraph.ingest.names`): every place part becomes its full name (遵义汇川区 →
   遵义市汇川区, 喀什 → 喀什地区), every inner name its canonical name, the ending its
   standard form (卫健委 → 卫生健康委员会, 二院 → 第二人民医院). 市卫生健康委 is the
   article's only city health commission, or the commission of the article's main city;
3. every other type keys on its normalised surface (quotes and a trailing year range
   dropped for programmes);
4. article-level merging (:mod:`aidgraph.ingest.names`): 遵义市中医院 and 遵义市中医医院
   are one hospital; 朝阳区中日医院 is 中日医院 when the article has 中日医院; 援疆工作组 and
   宁波援疆工作小组 are one body.

Every surface seen becomes an alias of its entity. Regions written only inside a
hospital's name are not entities of their own (the gold convention); those inside an
organisation's or alliance's name are, since the text names the place as the body's seat.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from aidgraph.graph.model import (
    ALLIANCE,
    HOSPITAL,
    ORGANIZATION,
    PERSON,
    PROGRAM,
    REGION,
    TECHNIQUE,
    NodeType,
)
from aidgraph.ingest.names import (
    ORGANS,
    TRAILING_PAREN,
    canonical_name,
    merge_variants,
    strip_quotes,
)
from aidgraph.ingest.recognise import Mention


@dataclass
class Entity:
    """An entity of the article, with every mention that names it (sentence index, mention)."""

    type: NodeType
    name: str
    aliases: set[str] = field(default_factory=set)
    attrs: dict[str, Any] = field(default_factory=dict)
    mentions: list[tuple[int, Mention]] = field(default_factory=list)
    place: Any = None
    # (region entity id, sentence index) the names make plain: 西藏自治区日喀则市人民医院.
    located: list[tuple[str, int]] = field(default_factory=list)

    id: str = field(init=False, default="")

    def __post_init__(self) -> None:
        # The name never changes once the entity exists, so its id is computed once.
        self.id = _node_id(self.type, self.name)

    def locate(self, region_id: str, sentence: int) -> None:
        """Record a place the names put this entity in (once per place: the first sentence)."""
        for rid, _ in self.located:
            if rid == region_id:
                return
        self.located.append((region_id, sentence))


@dataclass
class Resolution:
    """The article's entities by id, and which entity each mention names."""

    entities: dict[str, Entity] = field(default_factory=dict)
    of: dict[int, str] = field(default_factory=dict)

    def entity_of(self, mention: Mention) -> Entity | None:
        eid = self.of.get(id(mention))
        return self.entities.get(eid) if eid else None


def flatten(mentions: list[Mention]) -> list[Mention]:
    """Replace a two-body mention (宁波延边两市卫生健康局) by its two readings."""
    out: list[Mention] = []
    for m in mentions:
        out.extend(m.attrs.get("split") or [m])
    return out


class Resolver:
    """Resolves the mentions of one article (see the module docstring for the rules)."""

    def __init__(self, gazetteer: Any, departments: Any) -> None:
        self.gaz = gazetteer
        self.deps = departments
        self._cands: dict[str, list[Any]] = {}
        self._regions: dict[str, tuple[str, str]] = {}  # adcode -> (entity name, id)

    def resolve(self, sentences: list[list[Mention]]) -> Resolution:
        res = Resolution()
        flat = [(i, m) for i, ms in enumerate(sentences) for m in ms]
        # The places written in each name, gathered once: the place lookup, the regions and
        # the institutions' seats all need them.
        regions_in = {id(m): _region_parts(m) for _, m in flat if m.parts}
        places = self._places(flat, regions_in)
        regions, insts, rest = _by_kind(flat)
        for i, m in regions:
            self._add_region(res, i, m, places)
        home = self._home_places(res)
        for i, m in insts:
            for part in m.prefix:
                self._add_region(res, i, part, places)
            if m.type is not HOSPITAL:
                for part in regions_in.get(id(m), ()):
                    self._add_region(res, i, part, places)
        pending = []
        for i, m in sorted(insts, key=lambda im: im[1].end - im[1].start):
            if m.attrs.get("inherit"):
                pending.append((i, m))
                continue
            self._add_institution(res, i, m, places, regions_in.get(id(m), []))
        for i, m in pending:
            self._add_inherited(res, i, m, home)
        no_person = self._no_persons(rest, res)
        for i, m in rest:
            if m.type is PERSON and m.surface in no_person:
                continue
            self._add_plain(res, i, m)
        merge_variants(res)
        return res

    @staticmethod
    def _no_persons(rest: list[tuple[int, Mention]], res: Resolution) -> set[str]:
        """The person surfaces among ``rest`` that name no person: press credits, and the
        start of an institution's name (华西专家 beside 华西医院)."""
        persons = [m for _, m in rest if m.type is PERSON]
        if not persons:
            return set()
        out = {m.surface for m in persons if m.attrs.get("press")}
        names = sorted(
            n
            for e in res.entities.values()
            if e.type in _INSTITUTION_TYPES
            for n in (e.name, *e.aliases)
        )
        for m in persons:
            # The names longer than the surface that start with it sort right after it.
            at = bisect_right(names, m.surface)
            if at < len(names) and names[at].startswith(m.surface):
                out.add(m.surface)
        return out

    # ------------------------------------------------------------------ places

    def _places(
        self, flat: list[tuple[int, Mention]], regions_in: dict[int, list[Mention]]
    ) -> dict[str, Any]:
        """Surface → Place, resolved with the article's unambiguous places as context
        (``regions_in``: the places written in each name, by mention id)."""
        surfaces: list[str] = []
        for _, m in flat:
            if m.type is REGION:
                surfaces.append(m.surface)
            if m.parts:
                surfaces += [r.surface for r in regions_in[id(m)] if r.type is REGION]
            if m.prefix:
                surfaces += [r.surface for r in m.prefix if r.type is REGION]
        unique = list(dict.fromkeys(surfaces))
        cands = {s: self._candidates(s) for s in unique}
        context = [c[0] for c in cands.values() if len(c) == 1]
        return {
            s: (cands[s][0] if len(cands[s]) == 1 else self.gaz.resolve(s, context)) for s in unique
        }

    def _candidates(self, surface: str) -> list[Any]:
        got = self._cands.get(surface)
        if got is None:
            got = self._cands[surface] = self.gaz.candidates(surface)
        return got

    def _region(self, place: Any) -> tuple[str, str]:
        """The name and id of the place's entity, computed once per place: its full name,
        prefixed by its parent's when several places share it (朝阳区 → 北京市朝阳区)."""
        got = self._regions.get(place.adcode)
        if got is None:
            name = place.name
            if len(self.gaz.by_name(place.name)) > 1:
                parent = self.gaz.parent(place)
                if parent is not None:
                    name = parent.name + place.name
            got = self._regions[place.adcode] = (name, _node_id(REGION, name))
        return got

    def _add_region(self, res: Resolution, i: int, m: Mention, places: dict[str, Any]) -> None:
        place = places.get(m.surface)
        if place is None:
            return
        name, eid = self._region(place)
        ent = res.entities.get(eid)
        if ent is None:
            ent = _get(res, REGION, name)
        ent.place = place
        ent.attrs["adcode"] = place.adcode
        ent.attrs["level"] = place.level
        ent.aliases |= {m.surface, place.name}
        ent.mentions.append((i, m))
        res.of[id(m)] = ent.id

    def _home_places(self, res: Resolution) -> dict[str, str]:
        """The article's own place per admin ending (市, 省, 县, 区): the most mentioned."""
        best: dict[str, tuple[str, int]] = {}  # ending -> (entity id, mentions)
        for ent in res.entities.values():
            if ent.type is not REGION:
                continue
            endings = [ent.name[-1:]]
            if ent.name.endswith("自治区"):
                endings.append("省")  # an autonomous region ranks as a province
            count = len(ent.mentions)
            for ending in endings:
                # The first of the most mentioned wins a tie.
                if ending in _HOME_ENDINGS and (ending not in best or count > best[ending][1]):
                    best[ending] = (ent.id, count)
        return {ending: eid for ending, (eid, _) in best.items()}

    # ------------------------------------------------------------------ institutions

    def _add_institution(
        self,
        res: Resolution,
        i: int,
        m: Mention,
        places: dict[str, Any],
        region_parts: list[Mention],
    ) -> None:
        """Add the institution ``m`` names; ``region_parts`` are the places written in it."""
        if m.key:  # a national body from the lexicon
            name = m.key
        elif m.attrs.get("admin"):  # one reading of 宁波延边两市卫生健康局
            part = m.parts[0]
            place = places.get(part.surface)
            base = place.name if place is not None else part.surface + m.attrs["admin"]
            name = base + (m.attrs.get("canonical_suffix") or "")
        else:
            name = canonical_name(m, places, res)
        ent = _get(res, m.type, name)
        ent.aliases.add(strip_quotes(m.surface))
        ent.aliases.update(m.attrs.get("aliases", ()))
        ent.mentions.append((i, m))
        res.of[id(m)] = ent.id
        ent.attrs.setdefault("region_parts", [])
        if m.parts or m.prefix:  # most names: no place written in them
            self._place_institution(ent, i, m, places, region_parts)

    def _place_institution(
        self,
        ent: Entity,
        i: int,
        m: Mention,
        places: dict[str, Any],
        region_parts: list[Mention],
    ) -> None:
        """Record the places ``m``'s name puts ``ent`` in, and the places written in it."""
        located = [p for p in m.prefix if p.type is REGION]
        seats = located + region_parts
        # 天津市某某医院甘肃医院: a branch lies in the place written after its parent's name.
        parent = [p for p in m.parts if p.type is HOSPITAL]
        if m.type is HOSPITAL and parent:
            seats = located + [p for p in region_parts if p.start >= parent[-1].end] or seats
        if m.type is ORGANIZATION and not self._is_seat(m, region_parts):
            seats = []
            region_parts = [p for p in region_parts if p.start == m.start]
        for p in seats:
            place = places.get(p.surface)
            if place is not None:
                ent.locate(self._region(place)[1], i)
        for p in region_parts:
            place = places.get(p.surface)
            if place is not None and place.name not in ent.attrs["region_parts"]:
                ent.attrs["region_parts"].append(place.name)

    def _is_seat(self, m: Mention, region_parts: list[Mention]) -> bool:
        """An organisation lies in the place its name starts with when the rest is short
        (上海市卫生健康委, 上海交通大学医学院), not in a working group's long name."""
        if m.attrs.get("admin"):
            return True  # one reading of 宁波延边两市卫生健康局
        if not region_parts or region_parts[0].start != m.start:
            return False
        free = m.end - region_parts[-1].end - len(m.attrs.get("suffix", ""))
        return free <= 3 or m.attrs.get("canonical_suffix") in ORGANS

    def _add_inherited(self, res: Resolution, i: int, m: Mention, home: dict[str, str]) -> None:
        """市卫生健康委: the article's one city commission, else its main city's."""
        level = m.attrs["inherit"]
        suffix = m.attrs.get("canonical_suffix") or m.attrs.get("suffix", "")
        same = [
            e
            for e in res.entities.values()
            if e.type is m.type
            and e.name.endswith(suffix)
            and e.attrs.get("region_parts")
            and e.attrs["region_parts"][0].endswith(level)
            and len(e.name) - len(suffix) <= len(e.attrs["region_parts"][0])
        ]
        # 重点帮助县医院建设急诊科: a county's 县医院 is its people's hospital when the
        # article names that one (西吉县人民医院) and no 西吉县医院.
        people = [
            e
            for e in res.entities.values()
            if e.type is HOSPITAL is m.type
            and suffix == "医院"
            and e.attrs.get("region_parts")
            and e.attrs["region_parts"][0].endswith(level)
            and e.name == e.attrs["region_parts"][0] + "人民医院"
        ]
        if not same and len(people) > 1 and level in home:
            own = res.entities[home[level]].name
            people = [e for e in people if e.attrs["region_parts"][0] == own]
        if len(same) == 1:
            ent = same[0]
        elif not same and len(people) == 1:
            ent = people[0]
        elif level in home:
            region = res.entities[home[level]]
            ent = _get(res, m.type, region.name + suffix)
            ent.locate(region.id, i)
            ent.attrs.setdefault("region_parts", [region.name])
        else:
            return
        ent.aliases.add(m.surface)
        ent.mentions.append((i, m))
        res.of[id(m)] = ent.id

    # ------------------------------------------------------------------ the rest

    def _add_plain(self, res: Resolution, i: int, m: Mention) -> None:
        if m.type is not PROGRAM and not m.attrs.get("aliases"):
            self._add_simple(res, i, m)
            return
        name = m.key or m.surface
        aliases = {m.surface, *m.attrs.get("aliases", ())}
        if m.type is PROGRAM:
            bare = strip_quotes(m.surface)
            aliases |= {bare, TRAILING_PAREN.sub("", bare), TRAILING_PAREN.sub("", m.surface)}
        if m.type is TECHNIQUE:
            name = strip_quotes(name)
        ent = _get(res, m.type, name)
        ent.aliases |= {strip_quotes(a) if m.type is not PROGRAM else a for a in aliases}
        if m.type is PERSON and m.attrs.get("role"):
            ent.attrs.setdefault("role", m.attrs["role"])
        ent.mentions.append((i, m))
        res.of[id(m)] = ent.id

    @staticmethod
    def _add_simple(res: Resolution, i: int, m: Mention) -> None:
        """``_add_plain`` for the common mention that is no programme and has no aliases:
        its one alias is its surface without quotes."""
        name = m.key or m.surface
        if m.type is TECHNIQUE:
            name = strip_quotes(name)
        ent = _get(res, m.type, name)
        ent.aliases |= {strip_quotes(m.surface)}  # |= as _add_plain: the same set growth
        if m.type is PERSON and m.attrs.get("role"):
            ent.attrs.setdefault("role", m.attrs["role"])
        ent.mentions.append((i, m))
        res.of[id(m)] = ent.id


_INSTITUTION_TYPES = (HOSPITAL, ORGANIZATION, ALLIANCE)
_HOME_ENDINGS = frozenset("市省县区州旗")


def _by_kind(
    flat: list[tuple[int, Mention]],
) -> tuple[list[tuple[int, Mention]], list[tuple[int, Mention]], list[tuple[int, Mention]]]:
    """The article's mentions of regions, of institutions and of the rest, in text order."""
    regions, insts, rest = [], [], []
    for im in flat:
        typ = im[1].type
        if typ is REGION:
            regions.append(im)
        elif typ in _INSTITUTION_TYPES:
            insts.append(im)
        else:
            rest.append(im)
    return regions, insts, rest


def _region_parts(m: Mention) -> list[Mention]:
    """The places in a name, including those of names nested in it (北京市海淀区北医三院医联体)."""
    if not m.parts:
        return []  # most mentions: no need to sort
    out: list[Mention] = []
    for p in m.parts:
        if p.type is REGION:
            out.append(p)
        else:
            out += [*p.prefix, *_region_parts(p)]
    return sorted(out, key=lambda p: p.start) if len(out) > 1 else out


def _node_id(typ: NodeType, name: str) -> str:
    """:func:`aidgraph.graph.model.node_id` for a type already known to be a NodeType, from
    a table of plain-string prefixes (concatenating a StrEnum member is slower)."""
    return _ID_PREFIX[typ] + name


_ID_PREFIX = {typ: typ.value + ":" for typ in NodeType}


def _get(res: Resolution, typ: NodeType, name: str) -> Entity:
    eid = _node_id(typ, name)
    ent = res.entities.get(eid)
    if ent is None:
        ent = res.entities[eid] = Entity(typ, name)
    return ent
