"""Entity search, resolution, description, neighbourhoods and paths on the small aid network."""

from __future__ import annotations

import json

import pytest

from aidgraph.queries.entities import (
    EntityError,
    get_entity,
    neighbors,
    paths,
    resolve,
    search_entities,
)
from aidgraph.queries.workspace import Workspace
from fixtures.aidnet import KS1, RKZ, XH, ZS


def test_traditional_query_finds_simplified_name(aid_graph):
    result = search_entities(aid_graph, "北京協和醫院")
    assert result.results[0]["id"] == XH
    assert result.results[0]["match"] == "name"


def test_traditional_alias_matches_as_typed(aid_graph):
    # The alias is stored traditional; the query matches it raw even though t2s changes it.
    result = search_entities(aid_graph, "協和醫院")
    assert [r["id"] for r in result.results] == [XH]
    assert result.results[0]["match"] in {"name", "alias"}


def test_ranking_exact_name_before_alias_before_prefix_before_substring(aid_graph):
    result = search_entities(aid_graph, "新疆", limit=50)
    assert result.results[0] == {
        "id": "Region:新疆维吾尔自治区",
        "type": "Region",
        "name": "新疆维吾尔自治区",
        "aliases": ["新疆"],
        "match": "alias",
        "degree": 1,
    }
    kinds = [r["match"] for r in search_entities(aid_graph, "喀什", limit=50).results]
    assert kinds == sorted(kinds, key=["name", "alias", "prefix", "substring"].index)
    assert kinds[0] == "prefix"


def test_pagination_reports_total(aid_graph):
    first = search_entities(aid_graph, "医院", type="hospital", limit=3, offset=0)
    second = search_entities(aid_graph, "医院", type="Hospital", limit=3, offset=3)
    assert first.total == second.total == 9
    assert len(first.results) == len(second.results) == 3
    assert not {r["id"] for r in first.results} & {r["id"] for r in second.results}
    assert first.table().truncated


def test_search_through_a_workspace(aid_db):
    with Workspace(aid_db) as ws:
        assert search_entities(ws, "铜仁", type="Region").results[0]["id"] == "Region:铜仁市"


def test_unknown_type_is_a_clear_error(aid_graph):
    with pytest.raises(EntityError, match="unknown entity type 'Clinic'"):
        search_entities(aid_graph, "医院", type="Clinic")


def test_resolve_by_id_name_alias_and_typed_id(aid_graph):
    assert resolve(aid_graph, KS1) == KS1
    assert resolve(aid_graph, "喀什一院") == KS1
    assert resolve(aid_graph, "Hospital:喀什一院") == KS1
    assert resolve(aid_graph, "西藏", type="Region") == "Region:西藏自治区"


def test_ambiguous_alias_lists_candidates(aid_graph):
    with pytest.raises(EntityError, match="ambiguous") as info:
        resolve(aid_graph, "中山医院")
    assert info.value.candidates == ["Hospital:中山大学附属第一医院", ZS]


def test_unknown_name_suggests_close_names(aid_graph):
    with pytest.raises(EntityError, match="no entity named '日喀则'") as info:
        resolve(aid_graph, "日喀则")
    assert "Region:日喀则市" in info.value.candidates


def test_get_entity_lists_relations_with_provenance(aid_graph):
    entity = get_entity(aid_graph, "喀什一院")
    assert entity["aliases"] == ["喀什一院"]
    assert entity["degree"] == len(entity["relations"]) == 8
    supports = [r for r in entity["relations"] if r["type"] == "SUPPORTS"]
    assert {r["other"]["id"] for r in supports} == {ZS, "Hospital:上海市第六人民医院"}
    assert all(r["direction"] == "in" for r in supports)
    zs = next(r for r in supports if r["other"]["id"] == ZS)
    assert zs["figures"]["experts_sent"]["value"] == 12
    assert zs["provenance"][0]["sentence"] == "中山医院组团式支援喀什一院，派出专家12名。"
    assert zs["provenance"][0]["uri"] == "https://example.org/aid.html"
    pairs = [r for r in entity["relations"] if r["type"] == "PAIRS_WITH"]
    assert [r["direction"] for r in pairs] == ["both"]
    json.dumps(entity, ensure_ascii=False)  # JSON-ready


def test_neighbors_depth_and_type_filter(aid_graph):
    one = neighbors(aid_graph, RKZ, depth=1, types="supports")
    assert {n["id"] for n in one["nodes"]} == {RKZ, XH, "Hospital:上海市第六人民医院"}
    assert {e["type"] for e in one["edges"]} == {"SUPPORTS"}
    two = neighbors(aid_graph, RKZ, depth=2, types=["SUPPORTS"])
    depths = {n["id"]: n["depth"] for n in two["nodes"]}
    assert depths[KS1] == 2
    assert not two["truncated"]


def test_neighbors_cap_sets_truncated(aid_graph):
    result = neighbors(aid_graph, KS1, depth=2, max_nodes=4)
    assert len(result["nodes"]) == 4
    assert result["truncated"]


def test_paths_shortest_first_and_bounded(aid_graph):
    result = paths(aid_graph, "东莞市人民医院", "铜仁市人民医院", max_len=3)
    lengths = [len(p["edges"]) for p in result["paths"]]
    assert lengths == sorted(lengths)
    assert lengths[0] == 1
    assert all(n <= 3 for n in lengths)
    # SUPPORTS and PAIRS_WITH are parallel: one node path, reported once.
    assert sum(1 for n in lengths if n == 1) == 1


def test_no_path_within_bound(aid_graph):
    result = paths(aid_graph, "东莞市人民医院", "北京协和医院", max_len=2)
    assert result["paths"] == []


def test_bad_type_in_relation_filter(aid_graph):
    with pytest.raises(EntityError, match="unknown relation type 'HELPS'"):
        neighbors(aid_graph, KS1, types="HELPS")


@pytest.mark.parametrize("query", ["医院", "市", "喀什", "PCI", "pci", "人民医院儿科", "x"])
def test_search_finds_exactly_the_substring_matches(aid_graph, query):
    expected = {
        node
        for node, data in aid_graph.nodes(data=True)
        if any(query.casefold() in s.casefold() for s in [data["name"], *data["aliases"]])
    }
    result = search_entities(aid_graph, query, limit=1000)
    assert result.total == len(expected)
    assert {r["id"] for r in result.results} == expected


def test_empty_query_lists_everything_paged(aid_graph):
    result = search_entities(aid_graph, "", type="Region", limit=2)
    assert result.total == 11 and len(result.results) == 2
