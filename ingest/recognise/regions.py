"""Region mentions: the gazetteer's names and short forms (longest match), risky
and county short forms only where nothing better is there, and a short form glued into a
longer word left out.
"""

from __future__ import annotations

from typing import Any

from aidgraph.graph.model import REGION
from aidgraph.ingest.recognise.mention import Mention, is_cjk
from aidgraph.ingest.recognise.patterns import _FULL_ENDINGS, _NAME_ENDS, _NUMERALS


class RegionRules:
    """Places from the gazetteer."""

    def _regions(self, s: str) -> list[Mention]:
        out: list[Mention] = []
        for start, end, full in self._conjunction_first(s, self.region_auto.longest(s)):
            surface = s[start:end]
            full = full or (len(surface) >= 3 and surface.endswith(_FULL_ENDINGS))
            if not full and self._weak_short(surface):
                continue
            prev = out[-1] if out and out[-1].end == start else None
            # A province's short form (北京, 四川) is a place even glued to a word before it.
            glued = not full and self._short_in_word(s, start, end, prev)
            if glued and (prev is not None or len(surface) < 2 or not self._province(surface)):
                continue
            out.append(Mention(REGION, surface, start, end, surface, {"full": full}))
        return out

    def _conjunction_first(
        self, s: str, matches: list[tuple[int, int, Any]]
    ) -> list[tuple[int, int, Any]]:
        """A医院和田林县医院: a short form starting with 和 (和田) right after a word, where
        a full place name starts after the 和, is the conjunction and that place."""
        if "和" not in s:
            return matches  # the usual case: no 和, nothing to re-read
        out: list[tuple[int, int, Any]] = []
        for start, end, full in matches:
            if out and start < out[-1][1]:
                continue  # covered by a place taken after its 和
            if not full and s[start] == "和" and start > 0 and is_cjk(s[start - 1]):
                nxt = self.region_auto.longest(s[start + 1 : start + 12])
                if nxt and nxt[0][0] == 0 and nxt[0][2] and nxt[0][1] > end - start - 1:
                    out.append((start + 1, start + 1 + nxt[0][1], nxt[0][2]))
                    continue
            out.append((start, end, full))
        return out

    def _weak_short(self, surface: str) -> bool:
        """A risky short form or a bare county short form: a place only when written in
        full. Asked of every short form found, so the answer is kept per surface."""
        got = self._cache.get(("w", surface))
        if got is None:
            got = self._cache[("w", surface)] = bool(
                self._risky(surface) or self._county_short(surface)
            )
        return got

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
