"""China's administrative divisions: canonical names, codes and hierarchy for Region nodes.

Articles name places loosely (玉树, 玉树州, 沿河县, 鄂温克旗, 日喀则地区); the graph wants one
node per place under its full official name (玉树藏族自治州). This module answers two
questions for the recogniser: which places could a surface form mean
(:meth:`Gazetteer.candidates`), and which one does it mean here
(:meth:`Gazetteer.resolve`, using the other places already seen as context).

The data is ``data/regions.tsv``: provinces, prefectures and counties (districts count
as counties) with adcodes, generated once from jionlp's tables by
``scripts/build_gazetteer.py`` so that nothing heavy is imported at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from aidgraph.graph.admin import LEVELS, level_by_suffix

_RANK = {level: i for i, level in enumerate(LEVELS)}
# Suffixes informal writing puts on a short form, and the levels each may then name.
_LOOSE_SUFFIXES = (
    ("省", ("province",)),
    ("市", ("prefecture", "county")),
    ("州", ("prefecture",)),
    ("县", ("county",)),
    ("旗", ("county",)),
)
_AUTONOMOUS = ("自治州", "自治县", "自治旗")
# 城区, 郊区, 矿区, 东区 ...: district names that are ordinary words.
_GENERIC_DISTRICT_HEADS = frozenset("城郊矿东西南北中新老")
# Names ending in these are full official names even when they are former names.
_ADMIN_SUFFIXES = ("省", "市", "县", "区", "旗", "盟", "州", "地区")
COLUMNS = (
    "adcode",
    "name",
    "level",
    "parent",
    "short_names",
    "common_word_shorts",
    "aliases",
    "former_names",
    "lat",
    "lon",
)


@dataclass(frozen=True)
class Place:
    """One administrative division. ``parent`` is the parent's adcode."""

    adcode: str
    name: str
    level: str
    parent: str | None
    short_names: tuple[str, ...]
    lat: float | None
    lon: float | None
    former_names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other full forms: 榆林地区, 兵团第八师

    @property
    def rank(self) -> int:
        """0 for a province, 1 for a prefecture, 2 for a county."""
        return _RANK[self.level]


class Gazetteer:
    """Lookup of places by name, short form, former name and adcode."""

    def __init__(self, places: Iterable[Place], common_words: Iterable[str] = ()) -> None:
        self._by_code: dict[str, Place] = {}
        self._full: dict[str, list[Place]] = {}
        self._short: dict[str, list[Place]] = {}
        self._other: dict[str, list[Place]] = {}
        for place in places:
            if place.adcode in self._by_code:
                raise ValueError(f"duplicate adcode {place.adcode} ({place.name})")
            self._by_code[place.adcode] = place
            self._full.setdefault(place.name, []).append(place)
            for short in place.short_names:
                self._short.setdefault(short, []).append(place)
            for other in (*place.aliases, *place.former_names):
                self._other.setdefault(other, []).append(place)
        # 撤县设市: counties keep being made county-level cities (米林县 → 米林市); the
        # newer 市 name finds the county until the table catches up.
        for place in self._by_code.values():
            if place.level == "county" and place.name.endswith("县") and len(place.name) >= 3:
                city = place.name[:-1] + "市"
                if city not in self._full and city not in self._other:
                    self._other[city] = [place]
        # 湘西自治州, 门源自治县: an autonomous place written as its short form and the
        # bare 自治州/自治县 without the peoples' names is still that place in full.
        for place in self._by_code.values():
            for kind in _AUTONOMOUS:
                if place.name.endswith(kind) and len(place.name) > len(kind) + 2:
                    for short in place.short_names:
                        loose = short + kind
                        if len(short) >= 2 and loose not in self._full:
                            self._other.setdefault(loose, [place])
        self._common_words = frozenset(common_words)
        # Ancestor chains, memoised: the extractor asks for the same few places per sentence.
        self._ancestors: dict[tuple[str, str | None], tuple[Place, ...]] = {}
        self._ancestor_codes: dict[tuple[str, str | None], frozenset[str]] = {}
        self._max_len = max(
            (len(s) for index in (self._full, self._other, self._short) for s in index),
            default=0,
        )

    @classmethod
    def from_tsv(cls, path: str | Path) -> Gazetteer:
        """Load the table written by ``scripts/build_gazetteer.py``."""
        text = Path(path).read_text(encoding="utf-8")
        places, common = _parse_tsv(text, str(path))
        return cls(places, common)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_code.values())

    def by_code(self, adcode: str) -> Place | None:
        return self._by_code.get(adcode)

    def by_name(self, name: str) -> list[Place]:
        """Places whose full official name is ``name`` (several: 朝阳区, 城关区 ...)."""
        return list(self._full.get(name, ()))

    def candidates(self, surface: str) -> list[Place]:
        """Every place whose full, short or former name is ``surface``, highest level first."""
        found: dict[str, Place] = {}
        for index in (self._full, self._other, self._short):
            for place in index.get(surface, ()):
                found.setdefault(place.adcode, place)
        return sorted(found.values(), key=lambda p: (p.rank, p.adcode))

    def resolve(self, surface: str, context: Iterable[Place] = ()) -> Place | None:
        """The one place ``surface`` most likely means, or None if it stays ambiguous.

        In order: an exact full (or former full) name; a candidate related to a context
        place (inside it, containing it, or sharing its parent); the level a suffix names
        (沿河县 -> county); the top of a chain of nested places (喀什 -> 喀什地区 rather than
        its seat 喀什市); the single highest-level candidate. A surface no place has may
        still be a chain spelled as one word (北京市朝阳区) or a short form with an
        informal suffix (广西省).
        """
        context = list(context)
        cands = self.candidates(surface)
        exact = self._full.get(surface) or self._other.get(surface)
        if exact:
            cands = list(exact)
        if not cands:
            return self._resolve_compound(surface, context) or self._resolve_loose(surface, context)
        if len(cands) == 1:
            return cands[0]
        cands = self._by_context(cands, context)
        cands = _by_suffix(cands, surface)
        if len(cands) == 1:
            return cands[0]
        if self._nested(cands):
            return min(cands, key=lambda p: p.rank)
        top = min(p.rank for p in cands)
        highest = [p for p in cands if p.rank == top]
        return highest[0] if len(highest) == 1 else None

    def leading_places(self, text: str, context: Iterable[Place] = ()) -> list[tuple[str, Place]]:
        """The chain of places ``text`` starts with, each inside the one before.

        "甘肃省天水市甘谷县医院" -> [(甘肃省, ...), (天水市, ...), (甘谷县, ...)]. Meant for the
        location prefix of hospital and organisation names. Longest surface first; a
        risky short form (东方, 中山) is only taken inside an enclosing place already
        matched, so 中山大学 and 东方医院 yield nothing.
        """
        chain: list[tuple[str, Place]] = []
        ctx = list(context)
        pos = 0
        while (hit := self._place_at(text, pos, ctx, bool(chain))) is not None:
            chain.append(hit)
            ctx.append(hit[1])
            pos += len(hit[0])
        return chain

    def unique_name(self, place: Place) -> str:
        """A name no other place has: the full name, or for a name several places share
        (朝阳区, 城关区) the parent's name prefixed (北京市朝阳区, 长春市朝阳区)."""
        if len(self._full.get(place.name, ())) <= 1:
            return place.name
        parent = self.parent(place)
        return parent.name + place.name if parent else place.name

    def parent(self, place: Place) -> Place | None:
        return self._by_code.get(place.parent) if place.parent else None

    def ancestors(self, place: Place) -> list[Place]:
        """Enclosing places, nearest first (county -> prefecture -> province)."""
        key = (place.adcode, place.parent)
        chain = self._ancestors.get(key)
        if chain is None:
            out: list[Place] = []
            current = self.parent(place)
            while current is not None and len(out) < len(LEVELS):
                out.append(current)
                current = self.parent(current)
            chain = self._ancestors[key] = tuple(out)
        return list(chain)

    def is_within(self, place: Place, other: Place) -> bool:
        """True if ``place`` is ``other`` or lies inside it."""
        if place.adcode == other.adcode:
            return True
        key = (place.adcode, place.parent)
        codes = self._ancestor_codes.get(key)
        if codes is None:
            codes = frozenset(a.adcode for a in self.ancestors(place))
            self._ancestor_codes[key] = codes
        return other.adcode in codes

    def province_of(self, place: Place) -> Place:
        chain = [place, *self.ancestors(place)]
        return chain[-1]

    def surfaces(self) -> Iterator[tuple[str, bool]]:
        """Every (surface form, is_full_name) pair, each once, for building a matcher.

        Generic division names (城区, 郊区, 矿区, 东区) are ordinary words first, so they
        come as short forms (False) and :meth:`is_risky_short` flags them.
        """
        seen: set[str] = set()
        for name in self._full:
            seen.add(name)
            yield name, not _is_generic_name(name)
        for other, places in self._other.items():
            if other not in seen:
                seen.add(other)
                yield other, _is_full_other(other, places)
        for short in self._short:
            if short not in seen:
                seen.add(short)
                yield short, False

    def is_risky_short(self, surface: str) -> bool:
        """True if ``surface`` as a bare short form should not be trusted without a suffix
        or strong context: it is a frequent ordinary word (东方, 和平, 通道) or it names
        several unrelated places (朝阳, 城关, 长安). Province short forms are never risky;
        full names are not short forms and so never risky either, except the generic
        division names (城区, 郊区, 矿区, 东区) which are ordinary words first.
        """
        if surface in self._full:
            return _is_generic_name(surface)
        places = self._short.get(surface, []) + self._other.get(surface, [])
        if not places:
            return False
        if any(p.level == "province" for p in places):
            return False
        if surface in self._common_words:
            return True
        return not self._nested(places)

    def needs_boundary(self, surface: str) -> bool:
        """True if a match of ``surface`` inside running text may be the tail of one word
        and the head of the next rather than a place: every short form, and the
        two-character full names (提高县级 holds 高县, 形成县域 成县, 振兴县域 兴县). A
        recogniser should take these only at a word boundary or after an enclosing place.
        """
        if surface in self._full:
            return len(surface) <= 2
        return surface in self._short or surface in self._other

    def risky_shorts(self) -> list[str]:
        """All risky short forms (and generic names), sorted."""
        return sorted(s for s, full in self.surfaces() if not full and self.is_risky_short(s))

    def _place_at(
        self, text: str, pos: int, context: list[Place], inside: bool
    ) -> tuple[str, Place] | None:
        """The longest acceptable place surface starting at ``pos``."""
        for end in range(min(len(text), pos + self._max_len), pos + 1, -1):
            surface = text[pos:end]
            if surface not in self._full and surface not in self._other:
                if surface not in self._short:
                    continue
                if self.is_risky_short(surface) and not inside:
                    continue
            place = self.resolve(surface, context)
            if place is None:
                continue
            if inside and not self.is_within(place, context[-1]):
                continue
            return surface, place
        return None

    def _resolve_compound(self, surface: str, context: list[Place]) -> Place | None:
        """北京市朝阳区, 新疆喀什: a chain of nested places spelled as one word."""
        chain = self.leading_places(surface, context)
        if len(chain) > 1 and sum(len(s) for s, _ in chain) == len(surface):
            return chain[-1][1]
        return None

    def _resolve_loose(self, surface: str, context: list[Place]) -> Place | None:
        """A short form with a wrong or informal suffix: 广西省, 新疆省, 阿里市."""
        for suffix, levels in _LOOSE_SUFFIXES:
            stem = surface[: -len(suffix)]
            if surface.endswith(suffix) and len(stem) >= 2 and stem in self._short:
                place = self.resolve(stem, context)
                return place if place is not None and place.level in levels else None
        return None

    def _nested(self, places: list[Place]) -> bool:
        """True if the places lie on one chain of ancestors (喀什地区 ⊃ 喀什市)."""
        ordered = sorted(places, key=lambda p: p.rank)
        return all(self.is_within(inner, ordered[0]) for inner in ordered[1:])

    def _by_context(self, cands: list[Place], context: list[Place]) -> list[Place]:
        if not context:
            return cands
        scored = [(self._affinity(p, context), p) for p in cands]
        best = max(score for score, _ in scored)
        return [p for score, p in scored if score == best] if best > 0 else cands

    def _affinity(self, place: Place, context: list[Place]) -> int:
        """How closely ``place`` relates to the context: itself > inside > contains >
        sibling > same province > unrelated."""
        score = 0
        for ctx in context:
            if ctx.adcode == place.adcode:
                score = max(score, 5)  # the same place again: 和田地区 … 和田
            elif self.is_within(place, ctx):
                score = max(score, 4)
            elif self.is_within(ctx, place):
                score = max(score, 3)
            elif place.parent is not None and place.parent == ctx.parent:
                score = max(score, 2)
            elif self.province_of(place).adcode == self.province_of(ctx).adcode:
                score = max(score, 1)
        return score


def _is_generic_name(name: str) -> bool:
    """城区, 郊区, 矿区, 东区, 西区: a district named for what it is, not a proper name."""
    return len(name) == 2 and name[1] == "区" and name[0] in _GENERIC_DISTRICT_HEADS


def _is_full_other(surface: str, places: list[Place]) -> bool:
    """Aliases are full forms; a former name is one if it ends like a division (盘县),
    not if it was itself a short form (襄樊)."""
    return surface.endswith(_ADMIN_SUFFIXES) or any(surface in p.aliases for p in places)


def _by_suffix(cands: list[Place], surface: str) -> list[Place]:
    """Keep the candidates of the level the surface's suffix names, if any remain."""
    level = level_by_suffix(surface)
    kept = [p for p in cands if p.level == level]
    return kept or cands


def _parse_tsv(text: str, source: str) -> tuple[list[Place], set[str]]:
    lines = text.splitlines()
    header = tuple(lines[0].split("\t")) if lines else ()
    if header != COLUMNS:
        raise ValueError(f"{source}:1: expected columns {COLUMNS}, got {header}")
    places: list[Place] = []
    common: set[str] = set()
    for lineno, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) != len(COLUMNS):
            raise ValueError(f"{source}:{lineno}: expected {len(COLUMNS)} fields, got {len(cols)}")
        row = dict(zip(COLUMNS, cols, strict=True))
        places.append(_place(row, f"{source}:{lineno}"))
        common.update(_split(row["common_word_shorts"]))
    return places, common


def _place(row: dict[str, str], where: str) -> Place:
    if not (row["adcode"].isdigit() and len(row["adcode"]) == 6):
        raise ValueError(f"{where}: field adcode: not a 6-digit code: {row['adcode']!r}")
    if row["level"] not in _RANK:
        raise ValueError(f"{where}: field level: {row['level']!r} not one of {LEVELS}")
    return Place(
        adcode=row["adcode"],
        name=row["name"],
        level=row["level"],
        parent=row["parent"] or None,
        short_names=_split(row["short_names"]),
        lat=_coord(row["lat"], where, "lat"),
        lon=_coord(row["lon"], where, "lon"),
        former_names=_split(row["former_names"]),
        aliases=_split(row["aliases"]),
    )


def _split(field: str) -> tuple[str, ...]:
    return tuple(s for s in field.split("|") if s)


def _coord(value: str, where: str, field: str) -> float | None:
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{where}: field {field}: not a number: {value!r}") from None


_PACKAGED = "aidgraph/ingest/data/regions.tsv"


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once per process."""
    data = resources.files("aidgraph.ingest").joinpath("data", "regions.tsv")
    places, common = _parse_tsv(data.read_text(encoding="utf-8"), _PACKAGED)
    return Gazetteer(places, common)
