"""Invariants of the plain model objects: identity, merging, validation."""

import pytest

from aidgraph.graph.model import (
    Approx,
    Edge,
    EdgeType,
    Extraction,
    Figure,
    Node,
    NodeType,
    Provenance,
    Source,
    SourceKind,
    endpoint_problem,
)

SOURCE = Source("a" * 64, SourceKind.ARTICLE, "a.txt")


def test_node_id_is_type_and_canonical_name():
    node = Node(NodeType.HOSPITAL, "铜仁市人民医院", {"铜仁人医"})
    assert node.id == "Hospital:铜仁市人民医院"
    assert Node("Region", "铜仁市").id == "Region:铜仁市"


def test_node_drops_its_own_name_and_blanks_from_aliases():
    node = Node(NodeType.REGION, "贵州省", {"贵州省", "贵州", ""})
    assert node.aliases == {"贵州"}


def test_node_rejects_empty_name_and_unknown_type():
    with pytest.raises(ValueError):
        Node(NodeType.REGION, "  ")
    with pytest.raises(ValueError):
        Node("Village", "某村")


def test_node_merge_unions_aliases_and_provenance_keeps_first_attribute():
    first = Node(
        "Region",
        "玉树藏族自治州",
        {"玉树"},
        {"level": "prefecture"},
        [Provenance("src:1", "x", line=2)],
    )
    second = Node(
        "Region",
        "玉树藏族自治州",
        {"玉树州"},
        {"level": "county", "adcode": "632700"},
        [Provenance("src:2", "x", line=9)],
    )
    first.merge(second)
    assert first.aliases == {"玉树", "玉树州"}
    assert first.attrs == {"level": "prefecture", "adcode": "632700"}
    assert [p.source_id for p in first.provenance] == ["src:1", "src:2"]
    first.merge(second)  # merging the same statement again changes nothing
    assert len(first.provenance) == 2


def test_merge_refuses_a_different_entity():
    with pytest.raises(ValueError):
        Node("Region", "甲市").merge(Node("Region", "乙市"))


def test_pairs_with_is_undirected_and_supports_is_not():
    a, b = "Hospital:甲医院", "Hospital:乙医院"
    assert Edge(EdgeType.PAIRS_WITH, a, b).id == Edge(EdgeType.PAIRS_WITH, b, a).id
    assert Edge(EdgeType.SUPPORTS, a, b).id != Edge(EdgeType.SUPPORTS, b, a).id
    assert Edge(EdgeType.SUPPORTS, a, b, program="甲").id != Edge(EdgeType.SUPPORTS, a, b).id


def test_edge_rejects_self_loops_and_reversed_years():
    with pytest.raises(ValueError):
        Edge(EdgeType.SUPPORTS, "Region:甲", "Region:甲")
    with pytest.raises(ValueError):
        Edge(EdgeType.SUPPORTS, "Region:甲", "Region:乙", start=2020, end=2018)


def test_edge_merge_widens_years_and_keeps_first_figure():
    edge = Edge(
        "SUPPORTS", "Region:甲", "Region:乙", start=2018, end=2019, figures={"experts": Figure(30)}
    )
    edge.merge(
        Edge(
            "SUPPORTS",
            "Region:甲",
            "Region:乙",
            start=2016,
            end=2021,
            figures={"experts": Figure(31), "funds": Figure(2e6, Approx.OVER)},
        )
    )
    assert (edge.start, edge.end) == (2016, 2021)
    assert edge.figures["experts"].value == 30
    assert edge.figures["funds"].approx is Approx.OVER


def test_figure_round_trips_through_dict():
    figure = Figure(12000, Approx.OVER, "人次", "1.2万余人次")
    assert Figure.from_dict(figure.to_dict()) == figure
    assert Figure.from_dict(5) == Figure(5)


def test_extraction_merges_repeated_statements():
    extraction = Extraction(SOURCE)
    extraction.add_node(Node("Region", "拉萨市", {"拉萨"}))
    extraction.add_node(Node("Region", "拉萨市", {"逻些"}))
    assert len(extraction.nodes) == 1
    assert extraction.nodes["Region:拉萨市"].aliases == {"拉萨", "逻些"}


def test_endpoint_rules_follow_the_annotation_guide():
    assert endpoint_problem("DEPARTMENT_OF", "Department", "Hospital") is None
    assert "cannot start" in endpoint_problem("DEPARTMENT_OF", "Hospital", "Department")
    assert "cannot end" in endpoint_problem("ALLIANCE_MEMBER", "Hospital", "Region")
    assert endpoint_problem("SUPPORTS", "Region", "Alliance") is None
