"""The synthetic aid network: exact size, determinism, valid types, the real network's shape."""

from __future__ import annotations

from collections import Counter

import pytest

from aidgraph.graph.model import endpoint_problem
from aidgraph.graph.nxgraph import to_networkx
from aidgraph.graph.store import Store
from aidgraph.graph.synthetic import build_synthetic_store, generate
from aidgraph.queries.regions import places

N_NODES, N_EDGES = 3000, 12000


@pytest.fixture(scope="module")
def extractions():
    return generate(N_NODES, N_EDGES, seed=7)


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.db"
    report = build_synthetic_store(path, N_NODES, N_EDGES, seed=7)
    assert (report.nodes_added, report.edges_added) == (N_NODES, N_EDGES)
    with Store(path) as store:
        assert sum(store.counts()["edges"].values()) == N_EDGES
        return to_networkx(store)


def _facts(extractions):
    nodes = {
        i: (n.type, n.name, sorted(n.aliases), n.attrs)
        for e in extractions
        for i, n in e.nodes.items()
    }
    edges = {
        i: (
            e.type,
            e.source,
            e.target,
            e.program,
            e.start,
            e.end,
            {k: f.value for k, f in e.figures.items()},
        )
        for x in extractions
        for i, e in x.edges.items()
    }
    return nodes, edges


def test_exact_size(extractions):
    assert sum(len(e.nodes) for e in extractions) == N_NODES
    assert sum(len(e.edges) for e in extractions) == N_EDGES


def test_deterministic_for_a_seed(extractions):
    assert _facts(generate(N_NODES, N_EDGES, seed=7)) == _facts(extractions)
    assert _facts(generate(N_NODES, N_EDGES, seed=8))[1] != _facts(extractions)[1]


def test_every_relation_joins_allowed_types(extractions):
    types = {i: n.type for e in extractions for i, n in e.nodes.items()}
    for extraction in extractions:
        for edge in extraction.edges.values():
            assert endpoint_problem(edge.type, types[edge.source], types[edge.target]) is None


def test_every_relation_type_and_provenance_present(extractions):
    kinds = Counter(str(e.type) for x in extractions for e in x.edges.values())
    assert set(kinds) == {
        "SUPPORTS",
        "PAIRS_WITH",
        "TRAINED",
        "ALLIANCE_MEMBER",
        "LOCATED_IN",
        "DEPARTMENT_OF",
        "TECHNIQUE_AT",
        "AFFILIATED_WITH",
    }
    assert all(e.provenance for x in extractions for e in x.edges.values())


def test_region_hierarchy_places_every_hospital(synthetic_graph):
    placed = places(synthetic_graph)
    levels = Counter(placed.level.values())
    assert set(levels) == {"province", "prefecture", "county"}
    hospitals = [n for n, t in synthetic_graph.nodes(data="type") if t == "Hospital"]
    assert all(placed.region_at(h, "province") for h in hospitals)


def test_support_flows_east_to_west_and_is_heavy_tailed(synthetic_graph):
    placed = places(synthetic_graph)
    provinces = sorted(n for n, lv in placed.level.items() if lv == "province")
    east = set(provinces[: round(len(provinces) * 0.4)])
    donors: Counter[str] = Counter()
    for u, v, d in synthetic_graph.edges(data=True):
        if d["type"] == "SUPPORTS":
            assert placed.region_at(u, "province") in east
            assert placed.region_at(v, "province") not in east
            donors[u] += 1
    top = sum(count for _, count in donors.most_common(len(donors) // 20))
    assert top > 0.2 * sum(donors.values())  # the top 5% of donors carry over a fifth
    experts = [
        d["figures"]["experts"]["value"]
        for _, _, d in synthetic_graph.edges(data=True)
        if "experts" in d["figures"]
    ]
    assert experts and min(experts) >= 1


def test_too_small_is_a_clear_error():
    with pytest.raises(ValueError, match="too small"):
        generate(50, 100)
    with pytest.raises(ValueError, match="structural edges"):
        generate(3000, 100)
