"""A synthetic counterpart-aid network of any size, for benchmarks and scale tests.

Real data is a few hundred relations; the questions, indexes and views must also stay
fast on a national-scale graph. This generator builds one with the real network's
shape, deterministically for a seed:

- Regions: provinces → prefectures → counties (LOCATED_IN), each with ``level`` and a
  synthetic ``adcode``; the first 40% of provinces are eastern donors, the rest western
  recipients;
- Hospitals LOCATED_IN a county or prefecture, Departments DEPARTMENT_OF hospitals,
  Persons AFFILIATED_WITH hospitals, Organizations (health commissions) LOCATED_IN
  provinces, Techniques, Programs, Alliances;
- aid relations, heavy-tailed (a few big donors carry most support, Zipf-like):
  SUPPORTS from eastern hospitals, organizations and provinces to western hospitals,
  departments and prefectures; PAIRS_WITH between donor and recipient hospitals;
  TRAINED person → person and hospital → hospital; ALLIANCE_MEMBER; TECHNIQUE_AT
  techniques introduced at western hospitals. Each carries a program, start/end years,
  and SUPPORTS carries ``experts`` (and sometimes ``trainings``) figures.

Names are synthetic (合成03省, 合成医院000123) but typed like real ones. Every node and edge
carries provenance pointing at one of a few synthetic record sources (by line), so
provenance questions have something to answer.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import hashlib
import itertools
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aidgraph.graph.model import (
    Edge,
    Extraction,
    Figure,
    Node,
    Provenance,
    Source,
    SourceKind,
)
from aidgraph.graph.store import LandReport, Store

EXTRACTOR = "aidgraph.synthetic/1"
N_SOURCES = 8
DEPARTMENTS = (
    "心内科",
    "消化内科",
    "神经内科",
    "普外科",
    "骨科",
    "妇产科",
    "儿科",
    "急诊科",
    "麻醉科",
    "影像科",
)
PROGRAMS = ("组团式支援", "以院包科", "东西部协作", "对口支援", "专科联盟", "医联体建设")
# Share of the aid edges (those beyond the structural ones) per relation type.
AID_MIX = (
    ("SUPPORTS", 0.35),
    ("TRAINED", 0.25),
    ("PAIRS_WITH", 0.15),
    ("TECHNIQUE_AT", 0.15),
    ("ALLIANCE_MEMBER", 0.10),
)


@dataclass
class _Plan:
    """How many of each kind of node a graph of ``n_nodes`` gets."""

    provinces: int
    prefectures_per_province: int
    counties_per_prefecture: int
    programs: int
    alliances: int
    techniques: int
    organizations: int
    hospitals: int
    departments: int
    persons: int

    @classmethod
    def for_size(cls, n_nodes: int) -> _Plan:
        provinces = _clamp(n_nodes // 1000, 4, 31)
        per_province = _clamp(round(n_nodes / 10_000), 2, 12)
        per_prefecture = _clamp(round(n_nodes / 12_500), 2, 10)
        regions = provinces * (1 + per_province * (1 + per_prefecture))
        programs = len(PROGRAMS) + _clamp(n_nodes // 5000, 0, 40)
        alliances = _clamp(n_nodes // 500, 2, 300)
        techniques = max(3, n_nodes // 50)
        organizations = max(provinces, n_nodes // 100)
        hospitals = max(8, n_nodes * 15 // 100)
        departments = n_nodes * 30 // 100
        fixed = regions + programs + alliances + techniques + organizations + hospitals
        persons = n_nodes - fixed - departments
        if persons < 2:
            raise ValueError(f"n_nodes={n_nodes} is too small for a synthetic aid network")
        return cls(
            provinces,
            per_province,
            per_prefecture,
            programs,
            alliances,
            techniques,
            organizations,
            hospitals,
            departments,
            persons,
        )


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass
class _Builder:
    """Accumulates nodes and edges; edges are spread over a few sources for provenance."""

    rng: random.Random
    sources: list[Source]
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[dict[str, Edge]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    line: int = 0

    def node(self, node_type: str, name: str, aliases: Sequence[str] = (), **attrs: object) -> str:
        node = Node(node_type, name, set(aliases), dict(attrs))
        self.line += 1
        node.provenance.append(Provenance(self.sources[0].id, EXTRACTOR, line=self.line))
        self.nodes[node.id] = node
        return node.id

    def edge_count(self) -> int:
        return len(self.seen)

    def edge(self, edge_type: str, source: str, target: str, **fields: object) -> bool:
        """Add an edge unless the same fact exists; returns whether it was new."""
        edge = Edge(edge_type, source, target, **fields)
        key = edge.id
        if key in self.seen:
            return False
        self.seen.add(key)
        self.line += 1
        bucket = self.line % N_SOURCES
        edge.provenance.append(Provenance(self.sources[bucket].id, EXTRACTOR, line=self.line))
        self.edges[bucket][key] = edge
        return True


def generate(n_nodes: int = 100_000, n_edges: int = 500_000, seed: int = 0) -> list[Extraction]:
    """A synthetic aid network of exactly ``n_nodes`` nodes and ``n_edges`` edges.

    The same arguments always give the same graph. Returns one extraction per synthetic
    record source; the first holds every node, so landing them in order is valid.
    """
    with _no_gc():
        return _generate(n_nodes, n_edges, seed)


def _generate(n_nodes: int, n_edges: int, seed: int) -> list[Extraction]:
    plan = _Plan.for_size(n_nodes)
    sources = [_source(seed, n_nodes, n_edges, i) for i in range(N_SOURCES)]
    b = _Builder(random.Random(seed), sources, edges=[{} for _ in range(N_SOURCES)])
    world = _regions(b, plan)
    _actors(b, plan, world)
    structural = b.edge_count()
    if n_edges < structural:
        raise ValueError(
            f"n_edges={n_edges} is below the {structural} structural edges "
            f"(LOCATED_IN, DEPARTMENT_OF, AFFILIATED_WITH) that {n_nodes} nodes need"
        )
    _aid(b, world, n_edges)
    if len(b.nodes) != n_nodes:  # pragma: no cover - the plan's arithmetic guarantees it
        raise AssertionError(f"planned {n_nodes} nodes, built {len(b.nodes)}")
    extractions = [Extraction(source) for source in sources]
    extractions[0].nodes = b.nodes
    for extraction, bucket in zip(extractions, b.edges, strict=True):
        extraction.edges = bucket
    return extractions


def build_synthetic_store(
    path: str | Path, n_nodes: int = 100_000, n_edges: int = 500_000, seed: int = 0
) -> LandReport:
    """Generate a synthetic network and land it into the store at ``path`` in one transaction."""
    extractions = generate(n_nodes, n_edges, seed)
    with _no_gc(), Store(path) as store:
        return store.land(extractions)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic GC: millions of long-lived small objects would be rescanned often."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _source(seed: int, n_nodes: int, n_edges: int, index: int) -> Source:
    uri = f"synthetic://aid/{seed}/{n_nodes}x{n_edges}/records-{index}.csv"
    digest = hashlib.sha256(uri.encode()).hexdigest()
    return Source(digest, SourceKind.RECORDS, uri, f"合成援助记录{index}")


@dataclass
class _World:
    """Ids of what the aid relations are drawn between."""

    east_provinces: list[str] = field(default_factory=list)
    west_prefectures: list[str] = field(default_factory=list)
    east_hospitals: list[str] = field(default_factory=list)
    west_hospitals: list[str] = field(default_factory=list)
    west_departments: list[str] = field(default_factory=list)
    east_persons: list[str] = field(default_factory=list)
    west_persons: list[str] = field(default_factory=list)
    east_organizations: list[str] = field(default_factory=list)
    techniques: list[str] = field(default_factory=list)
    alliances: list[str] = field(default_factory=list)
    programs: list[str] = field(default_factory=list)
    east_places: list[str] = field(default_factory=list)  # prefectures and counties
    west_places: list[str] = field(default_factory=list)


def _regions(b: _Builder, plan: _Plan) -> _World:
    world = _World()
    n_east = max(1, round(plan.provinces * 0.4))
    for p in range(1, plan.provinces + 1):
        east = p <= n_east
        code = 10 + p
        province = b.node("Region", f"合成{p:02d}省", level="province", adcode=f"{code}0000")
        if east:
            world.east_provinces.append(province)
        places = world.east_places if east else world.west_places
        for f in range(1, plan.prefectures_per_province + 1):
            prefecture = b.node(
                "Region", f"合成{p:02d}{f:02d}市", level="prefecture", adcode=f"{code}{f:02d}00"
            )
            b.edge("LOCATED_IN", prefecture, province)
            places.append(prefecture)
            if not east:
                world.west_prefectures.append(prefecture)
            for c in range(1, plan.counties_per_prefecture + 1):
                county = b.node(
                    "Region",
                    f"合成{p:02d}{f:02d}{c:02d}县",
                    level="county",
                    adcode=f"{code}{f:02d}{c:02d}",
                )
                b.edge("LOCATED_IN", county, prefecture)
                places.append(county)
    return world


def _actors(b: _Builder, plan: _Plan, world: _World) -> None:
    rng = b.rng
    for i in range(plan.programs):
        name = PROGRAMS[i] if i < len(PROGRAMS) else f"合成项目{i:03d}"
        world.programs.append(b.node("Program", name))
    for i in range(plan.techniques):
        world.techniques.append(b.node("Technique", f"合成技术{i:05d}"))
    for i in range(plan.alliances):
        world.alliances.append(b.node("Alliance", f"合成专科联盟{i:04d}"))
    provinces = [n for n in b.nodes if b.nodes[n].attrs.get("level") == "province"]
    for i in range(plan.organizations):
        province = provinces[i % len(provinces)]
        org = b.node("Organization", f"合成卫生健康委员会{i:05d}")
        b.edge("LOCATED_IN", org, province)
        if province in world.east_provinces:
            world.east_organizations.append(org)
    n_east = (
        len(world.east_places) * plan.hospitals // (len(world.east_places) + len(world.west_places))
    )
    hospital_places: dict[str, bool] = {}
    for i in range(plan.hospitals):
        east = i < max(1, n_east)
        place = rng.choice(world.east_places if east else world.west_places)
        aliases = [f"合成{i:06d}院"] if i % 10 == 0 else []
        hospital = b.node("Hospital", f"合成医院{i:06d}", aliases, grade=rng.choice("123"))
        b.edge("LOCATED_IN", hospital, place)
        hospital_places[hospital] = east
        (world.east_hospitals if east else world.west_hospitals).append(hospital)
    hospitals = list(hospital_places)
    for i in range(plan.departments):
        hospital = hospitals[i % len(hospitals)]
        kind = DEPARTMENTS[(i // len(hospitals)) % len(DEPARTMENTS)]
        department = b.node("Department", f"{hospital.split(':', 1)[1]}{kind}{i:06d}")
        b.edge("DEPARTMENT_OF", department, hospital)
        if not hospital_places[hospital]:
            world.west_departments.append(department)
    for i in range(plan.persons):
        hospital = hospitals[rng.randrange(len(hospitals))]
        person = b.node("Person", f"合成人员{i:06d}", role=rng.choice(("医生", "护士", "院长")))
        b.edge("AFFILIATED_WITH", person, hospital)
        east = hospital_places[hospital]
        (world.east_persons if east else world.west_persons).append(person)


def _zipf(population: Sequence[str], rng: random.Random, alpha: float = 1.1) -> Callable[[], str]:
    """A sampler that favours the first items of ``population`` heavily (a few big donors)."""
    if not population:
        raise ValueError("empty population")
    return _weighted(
        population, [1.0 / (rank + 1) ** alpha for rank in range(len(population))], rng
    )


def _weighted(
    population: Sequence[str], weights: Sequence[float], rng: random.Random
) -> Callable[[], str]:
    # bisect on precomputed cumulative weights: random.choices redoes setup on every call.
    cumulative = list(itertools.accumulate(weights))
    total, last = cumulative[-1], len(population) - 1
    return lambda: population[min(bisect.bisect(cumulative, rng.random() * total), last)]


def _uniform(population: Sequence[str], rng: random.Random) -> Callable[[], str]:
    if not population:
        raise ValueError("empty population")
    return lambda: population[rng.randrange(len(population))]


def _aid(b: _Builder, world: _World, n_edges: int) -> None:
    rng = b.rng
    donors = _zipf(world.east_hospitals, rng, 0.8)
    recipients = _uniform(world.west_hospitals, rng)
    samplers = {
        "SUPPORTS": _supports(world, rng, donors, recipients),
        "TRAINED": _trained(world, rng, donors, recipients),
        "PAIRS_WITH": _pair(donors, recipients),
        "TECHNIQUE_AT": _pair(_zipf(world.techniques, rng, 0.8), recipients),
        "ALLIANCE_MEMBER": _members(world, rng),
    }
    pick_type = _weighted([t for t, _ in AID_MIX], [w for _, w in AID_MIX], rng)
    program = _zipf(world.programs, rng, 1.0)
    misses = 0
    while b.edge_count() < n_edges:
        edge_type = pick_type()
        source, target = samplers[edge_type]()
        start = rng.randint(2010, 2024)
        end = start + rng.randint(0, 5) if rng.random() < 0.5 else None
        fields: dict[str, object] = {
            "program": program().split(":", 1)[1],
            "start": start,
            "end": end,
        }
        if edge_type == "SUPPORTS":
            fields["figures"] = _figures(rng)
        if b.edge(edge_type, source, target, **fields):
            misses = 0
        else:
            misses += 1
            if misses > 10_000:
                raise ValueError(f"cannot place {n_edges} distinct edges on this many nodes")


def _pair(sources: Callable[[], str], targets: Callable[[], str]) -> Callable:
    return lambda: (sources(), targets())


def _supports(world: _World, rng: random.Random, donors, recipients) -> Callable:
    provinces = _zipf(world.east_provinces, rng)
    orgs = _zipf(world.east_organizations or world.east_hospitals, rng)
    prefectures = _uniform(world.west_prefectures, rng)
    departments = _uniform(world.west_departments or world.west_hospitals, rng)

    def sample() -> tuple[str, str]:
        roll = rng.random()
        if roll < 0.05:
            return provinces(), prefectures()
        if roll < 0.12:
            return orgs(), prefectures()
        if roll < 0.40:
            return donors(), departments()
        return donors(), recipients()

    return sample


def _trained(world: _World, rng: random.Random, donors, recipients) -> Callable:
    trainers = _zipf(world.east_persons or world.east_hospitals, rng, 0.9)
    trainees = _uniform(world.west_persons or world.west_hospitals, rng)

    def sample() -> tuple[str, str]:
        if rng.random() < 0.7:
            return trainers(), trainees()
        return donors(), recipients()

    return sample


def _members(world: _World, rng: random.Random) -> Callable:
    alliances = _zipf(world.alliances, rng, 0.9)
    members = _uniform(world.east_hospitals + world.west_hospitals, rng)
    return _pair(members, alliances)


def _figures(rng: random.Random) -> dict[str, Figure]:
    figures = {}
    if rng.random() < 0.7:
        figures["experts"] = Figure(int(rng.paretovariate(1.5) * 2), unit="名")
    if rng.random() < 0.3:
        figures["trainings"] = Figure(rng.randint(10, 2000), unit="人次")
    return figures
