"""Where entities lie, by the gazetteer: which place encloses which, whether a place
is written as a name's prefix, and whether two entities are on the same side (a donor
never supports its own place, organ or alliance).
"""

from __future__ import annotations

from typing import Any

from aidgraph.graph.model import ORGANIZATION, REGION
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.resolve import Entity, Resolution


class PlaceRules:
    """Gazetteer questions about the entities of an article."""

    def _place_of(self, ent: Entity, res: Resolution) -> str | None:
        """The region an organisation is the organ of (天津市卫生健康委员会 → 天津市)."""
        if ent.type is REGION:
            return ent.id
        if ent.type is ORGANIZATION:
            for rid, _ in ent.located:
                if rid in res.entities:
                    return rid
        return None

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

    def _prefix_of(self, a: Mention, b: Mention, res: Resolution) -> bool:
        """``a`` is written as the place prefix of ``b`` (贵州省黔东南州, 赤峰市松山区医院)."""
        if a in b.prefix:
            return True
        return (
            a.type is REGION
            and b.start == a.end
            and self._encloses(res.entity_of(a), res.entity_of(b))
        )

    def _place_by_id(self, rid: str) -> Any:
        name = rid.split(":", 1)[1]
        places = self.gaz.by_name(name)
        return places[0] if len(places) == 1 else None
