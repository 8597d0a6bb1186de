"""Where entities are: the region hierarchy and every node's place in it, for roll-ups.

"Who supports Kashgar" should count support to hospitals in Kashgar, and "aid flows
between provinces" needs every hospital's province. The hierarchy is built from
LOCATED_IN edges (hospital → county/city → prefecture → province → country) and a
node's place follows its anchors: a Department is where its hospital is
(DEPARTMENT_OF), a Person where their hospital is (AFFILIATED_WITH).

A region's level is, in order of trust: its ``level`` attribute; its name's suffix
(省/自治区 → province, 地区/自治州/盟 → prefecture, 县/旗/区 → county; the four
municipalities are provinces); its parent's level plus one; province for a region with
no parent (country for 中华人民共和国). A ``市`` name alone is ambiguous (prefecture- or
county-level city), hence the parent rule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from aidgraph.graph.admin import LEVELS as ADMIN_LEVELS
from aidgraph.graph.admin import level_by_suffix
from aidgraph.queries.derived import derived

LEVELS = ("country", *ADMIN_LEVELS)
ROLLUP_LEVELS = ADMIN_LEVELS
_RANK = {level: i for i, level in enumerate(LEVELS)}
_COUNTRY_NAMES = frozenset({"中华人民共和国", "中国"})
_MUNICIPALITIES = frozenset({"北京市", "上海市", "天津市", "重庆市"})
# Edges that place a node where another node is.
_ANCHORS = ("LOCATED_IN", "DEPARTMENT_OF", "AFFILIATED_WITH")


@dataclass
class Places:
    """Every node's enclosing regions by level, and every region's contents."""

    level: dict[str, str] = field(default_factory=dict)  # region id → level
    chain: dict[str, dict[str, str]] = field(default_factory=dict)  # node → level → region
    within: dict[str, set[str]] = field(default_factory=dict)  # region → nodes inside it
    at: dict[str, dict[str, str]] = field(default_factory=dict)  # level → node → region

    def region_at(self, node: str, level: str) -> str | None:
        """The region at ``level`` that holds ``node``; if it has none at that level (a
        municipality has no prefecture), the finest region above it; None if unplaced."""
        return self.at[level].get(node)

    def contents(self, region: str) -> set[str]:
        """Nodes inside ``region`` at any depth (not the region itself)."""
        return self.within.get(region, set())


def _at_level(chain: dict[str, str], level: str) -> str | None:
    if level in chain:
        return chain[level]
    coarser = [lv for lv in chain if _RANK[lv] < _RANK[level]]
    return chain[max(coarser, key=_RANK.__getitem__)] if coarser else None


def places(G: nx.MultiDiGraph) -> Places:
    """The (cached) placement of every node of ``G``."""
    return derived(G, "regions.places", lambda: _build(G))


def _build(G: nx.MultiDiGraph) -> Places:
    out = Places()
    regions = [n for n, t in G.nodes(data="type") if t == "Region"]
    parents = {r: _anchors(G, r) for r in regions}
    for region in regions:
        _region_level(G, region, parents, out.level, set())
    for node in G:
        chain = _chain(G, node, out, {})
        if chain:
            out.chain[node] = chain
    within: dict[str, set[str]] = defaultdict(set)
    for node, chain in out.chain.items():
        for region in chain.values():
            if region != node:
                within[region].add(node)
    out.within = dict(within)
    for level in LEVELS:
        found = ((node, _at_level(chain, level)) for node, chain in out.chain.items())
        out.at[level] = {node: region for node, region in found if region is not None}
    return out


def _anchors(G: nx.MultiDiGraph, node: str) -> list[str]:
    targets = {
        target
        for target, keyed in G._succ[node].items()
        if any(data["type"] in _ANCHORS for data in keyed.values())
    }
    return sorted(targets)


def _region_level(
    G: nx.MultiDiGraph,
    region: str,
    parents: dict[str, list[str]],
    levels: dict[str, str],
    visiting: set[str],
) -> str:
    if region in levels:
        return levels[region]
    data = G.nodes[region]
    level = (data.get("attrs") or {}).get("level")
    if level not in _RANK:
        level = _level_from_name(data.get("name") or "")
    if level is None:
        visiting.add(region)
        above = [
            _region_level(G, p, parents, levels, visiting)
            for p in parents.get(region, [])
            if p in parents and p not in visiting
        ]
        visiting.discard(region)
        if above:
            finest = max(above, key=_RANK.__getitem__)
            level = LEVELS[min(_RANK[finest] + 1, len(LEVELS) - 1)]
        else:
            level = "province"
    levels[region] = level
    return level


def _level_from_name(name: str) -> str | None:
    if name in _COUNTRY_NAMES:
        return "country"
    if name in _MUNICIPALITIES:
        return "province"
    return level_by_suffix(name)


def _chain(
    G: nx.MultiDiGraph, node: str, places: Places, memo: dict[str, dict[str, str]]
) -> dict[str, str]:
    """Level → enclosing region for ``node``, walking anchors upwards (cycles cut)."""
    done = places.chain.get(node)
    if done is not None:
        return done
    if node in memo:
        return memo[node]
    memo[node] = {}  # a cycle back here contributes nothing
    chain: dict[str, str] = {}
    level = places.level.get(node)
    for anchor in _anchors(G, node):
        upper = _chain(G, anchor, places, memo)
        for lv, region in upper.items():
            # A region's parents are coarser than it; keep the first found per level.
            if level is None or _RANK[lv] < _RANK[level]:
                chain.setdefault(lv, region)
    if level is not None:
        chain[level] = node
    memo[node] = chain
    if chain:
        places.chain[node] = chain
    return chain
