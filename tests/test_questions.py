"""Named questions on the small hand-built aid network: every answer is checked by hand."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from aidgraph.queries.questions import (
    QUESTIONS,
    QuestionError,
    alliance_subgraph,
    ask,
    ego_subgraph,
    flow_graph,
    list_questions,
    parse_arguments,
    program_subgraph,
    warm_up,
)
from aidgraph.queries.workspace import Workspace
from fixtures.aidnet import DG, KS1, KS_GI, LY, RKZ, SC, TR, XH, ZS, ZS_KS1

EXPECTED = {
    "supporters",
    "recipients",
    "flows",
    "multi-donor",
    "portfolios",
    "pairings",
    "shortest-path",
    "paths",
    "ego",
    "centrality",
    "communities",
    "brokers",
    "techniques",
    "departments",
    "timeline",
    "provenance",
}


def by(table, column):
    """Rows keyed by one column's value."""
    return {record[column]: record for record in table.records()}


# -- the registry ------------------------------------------------------------------------


def test_every_question_is_registered_with_summary_and_parameters():
    assert set(QUESTIONS) >= EXPECTED
    supporters = QUESTIONS["supporters"]
    assert supporters.summary.startswith("Who supports an entity")
    params = {p.name: p for p in supporters.parameters}
    assert list(params) == ["entity", "rollup", "level", "program", "limit"]
    assert params["entity"].type == "entity" and params["entity"].required
    assert params["rollup"].type == "bool" and params["rollup"].default is True
    assert params["level"].choices == ("province", "prefecture", "county")
    assert params["limit"].default == 100 and params["limit"].help
    listed = list_questions()
    assert len(listed.rows) == len(QUESTIONS)
    assert QUESTIONS["flows"].to_dict()["parameters"][0]["name"] == "level"


def test_string_arguments_are_converted(aid_graph):
    table = ask(aid_graph, "supporters", entity="喀什地区", rollup="false", limit="5")
    assert [r["supporter"] for r in table.records()] == ["上海市"]
    assert ask(aid_graph, "ego", entity=KS1, depth="0").rows[0][0] == KS1


@pytest.mark.parametrize(
    ("name", "arguments", "message"),
    [
        ("suporters", {"entity": "新疆"}, "unknown question 'suporters'; did you mean supporters"),
        ("supporters", {"entity": "新疆", "depth": "2"}, "has no parameter 'depth'"),
        ("supporters", {}, "parameter 'entity' is required"),
        ("supporters", {"entity": "新疆", "limit": "many"}, "expected an integer, got 'many'"),
        ("supporters", {"entity": "新疆", "rollup": "perhaps"}, "expected true or false"),
        ("flows", {"level": "city"}, "'city' is not one of province, prefecture, county"),
        ("supporters", {"entity": "中山医院"}, "ambiguous"),
        ("supporters", {"entity": "火星医院"}, "no entity named '火星医院'"),
        ("provenance", {"edge": "e:nope"}, "no relation with id 'e:nope'"),
        ("centrality", {"relations": "HELPS"}, "unknown relation type 'HELPS'"),
        ("supporters", {"entity": "新疆", "limit": "-1"}, "limit must not be negative"),
    ],
)
def test_user_mistakes_are_question_errors(aid_graph, name, arguments, message):
    with pytest.raises(QuestionError, match=message):
        ask(aid_graph, name, **arguments)


def test_hyphenated_parameter_names_and_workspace_source(aid_db):
    with Workspace(aid_db) as ws:
        table = ask(ws, "multi_donor", **{"min-donors": "2"})
    assert {r["recipient_id"] for r in table.records()} == {KS1, RKZ}


# -- who aids whom -----------------------------------------------------------------------


def test_supporters_roll_up_the_region_hierarchy(aid_graph):
    direct = ask(aid_graph, "supporters", entity="喀什地区", rollup=False)
    assert [r["supporter_id"] for r in direct.records()] == ["Region:上海市"]
    rolled = by(ask(aid_graph, "supporters", entity="喀什地区"), "supporter_id")
    assert {k: v["relations"] for k, v in rolled.items()} == {ZS: 3, LY: 1, "Region:上海市": 1}
    assert rolled[ZS]["recipients"] == sorted(
        ["喀什地区第一人民医院", KS_GI.split(":")[1], "莎车县人民医院"]
    )
    assert rolled[ZS]["experts_sent"] == 12 + 5
    assert len(rolled[ZS]["edges"]) == 3


def test_supporters_grouped_into_donor_provinces(aid_graph):
    table = ask(aid_graph, "supporters", entity="新疆", level="province")
    assert table.records()[0] | {"edges": None} == {
        "supporter_id": "Region:上海市",
        "supporter": "上海市",
        "supporter_type": "Region",
        "relations": 5,
        "recipients": [
            "喀什地区",
            "喀什地区第一人民医院",
            "喀什地区第一人民医院消化内科",
            "莎车县人民医院",
        ],
        "programs": ["组团式援疆"],
        "first_year": 1997,
        "last_year": 2020,
        "experts_sent": 25,
        "edges": None,
    }
    assert len(table.rows) == 1


def test_recipients_of_a_hospital_roll_up_departments(aid_graph):
    table = by(ask(aid_graph, "recipients", entity="上海市"), "recipient_id")
    assert set(table) == {KS1, "Region:喀什地区", KS_GI, RKZ, SC}
    assert table[KS1]["supporters"] == ["上海市第六人民医院", "复旦大学附属中山医院"]
    supporters_of_hospital = ask(aid_graph, "supporters", entity="喀什一院")
    assert (
        by(supporters_of_hospital, "supporter_id")[ZS]["relations"] == 2
    )  # hospital + its GI dept


def test_program_filter_accepts_the_program_name(aid_graph):
    tibet = ask(aid_graph, "supporters", entity=RKZ, program="组团式援藏")
    assert {r["supporter_id"] for r in tibet.records()} == {LY, XH}
    assert ask(aid_graph, "supporters", entity=RKZ, program="组团式援疆").rows == []


def test_flows_between_provinces_sum_figures(aid_graph):
    table = ask(aid_graph, "flows")
    flows = {
        (r["donor"], r["recipient"]): (r["relations"], r["experts_sent"]) for r in table.records()
    }
    assert flows == {
        ("上海市", "新疆维吾尔自治区"): (5, 25),
        ("上海市", "西藏自治区"): (1, 20),
        ("北京市", "西藏自治区"): (1, 3),
        ("广东省", "贵州省"): (1, 6),
    }
    assert table.records()[0]["donor"] == "上海市"  # largest flow first


def test_flows_at_prefecture_level_keep_municipalities(aid_graph):
    table = ask(aid_graph, "flows", level="prefecture")
    pairs = {(r["donor"], r["recipient"]): r["relations"] for r in table.records()}
    assert pairs == {
        ("上海市", "喀什地区"): 5,
        ("上海市", "日喀则市"): 1,
        ("东莞市", "铜仁市"): 1,
        ("北京市", "日喀则市"): 1,
    }


def test_flow_graph_for_drawing(aid_graph):
    flow = flow_graph(aid_graph, "province")
    assert isinstance(flow, nx.DiGraph)
    edge = flow.edges["Region:上海市", "Region:新疆维吾尔自治区"]
    assert edge["weight"] == edge["count"] == 5
    assert edge["figures"] == {"experts_sent": 25}
    assert flow.nodes["Region:贵州省"]["level"] == "province"


def test_multi_donor_recipients(aid_graph):
    table = by(ask(aid_graph, "multi-donor"), "recipient_id")
    assert set(table) == {KS1, RKZ}
    assert table[RKZ]["donor_names"] == ["上海市第六人民医院", "北京协和医院"]
    provinces = ask(aid_graph, "multi-donor", level="province")
    assert [(r["recipient"], r["donor_names"]) for r in provinces.records()] == [
        ("西藏自治区", ["上海市", "北京市"])
    ]
    assert ask(aid_graph, "multi-donor", min_donors=3).rows == []


def test_portfolios(aid_graph):
    table = by(ask(aid_graph, "portfolios"), "donor_id")
    assert table[LY]["recipients"] == 2
    assert table[LY]["recipient_provinces"] == ["新疆维吾尔自治区", "西藏自治区"]
    assert table[LY]["experts_sent"] == 28
    assert next(iter(table)) == ZS  # three recipients: the largest portfolio
    shanghai = ask(aid_graph, "portfolios", donor="上海市")
    assert {r["donor_id"] for r in shanghai.records()} == {ZS, LY, "Region:上海市"}


def test_pairings(aid_graph):
    table = ask(aid_graph, "pairings")
    assert [(r["a_id"], r["b_id"], r["start"]) for r in table.records()] == [
        (KS1, ZS, 2016),
        (DG, TR, 2018),
    ]
    assert [r["b_id"] for r in ask(aid_graph, "pairings", entity="贵州省").records()] == [TR]


def test_techniques_per_region(aid_graph):
    table = ask(aid_graph, "techniques")
    per_region = {}
    for r in table.records():
        per_region.setdefault(r["region"], []).append(r["technique"])
    assert per_region == {
        "新疆维吾尔自治区": ["经皮冠状动脉介入治疗"],
        "西藏自治区": ["腹腔镜手术", "经皮冠状动脉介入治疗"],  # by first year: 2016, 2018
    }
    kashgar = ask(aid_graph, "techniques", region="喀什地区", level="prefecture")
    assert [(r["region"], r["sites"]) for r in kashgar.records()] == [
        ("喀什地区", ["喀什地区第一人民医院"])
    ]


def test_departments_supported_per_hospital(aid_graph):
    table = ask(aid_graph, "departments", entity="新疆")
    assert [(r["hospital_id"], r["department_id"], r["supporters"]) for r in table.records()] == [
        (KS1, KS_GI, ["复旦大学附属中山医院"])
    ]
    assert ask(aid_graph, "departments", entity="西藏").rows == []
    every = ask(aid_graph, "departments", entity="西藏", supported_only=False)
    assert [(r["department"], r["supporters"]) for r in every.records()] == [
        ("日喀则市人民医院儿科", [])
    ]


def test_timeline_is_ordered_by_year_with_undated_last(aid_graph):
    table = ask(aid_graph, "timeline", entity=ZS)
    years = [r["year"] for r in table.records()]
    dated = [y for y in years if y is not None]
    assert dated == [2016, 2016, 2018, 2019]
    assert years[len(dated) :] == [None, None]
    supports = ask(aid_graph, "timeline", entity=ZS, relations="SUPPORTS")
    assert [r["other_id"] for r in supports.records()] == [KS1, SC, KS_GI]


def test_provenance_of_an_edge(aid_graph):
    edge = by(ask(aid_graph, "supporters", entity=KS1, rollup=False), "supporter_id")[ZS]["edges"][
        0
    ]
    table = ask(aid_graph, "provenance", edge=edge)
    (record,) = table.records()
    assert record["sentence"] == ZS_KS1
    assert record["uri"] == "https://example.org/aid.html"
    assert record["title"] == "援疆援藏报道"
    assert (record["source"], record["target"]) == ("复旦大学附属中山医院", "喀什地区第一人民医院")


# -- paths and neighbourhoods ------------------------------------------------------------


def test_shortest_path_is_shortest(aid_graph):
    table = ask(aid_graph, "shortest-path", source="张医生", target="北京协和医院")
    nodes = [r["node_id"] for r in table.records()]
    assert nodes[0] == "Person:张医生" and nodes[-1] == XH
    expected = nx.shortest_path_length(aid_graph.to_undirected(), "Person:张医生", XH)
    assert len(nodes) - 1 == expected
    for a, b in itertools.pairwise(nodes):
        assert aid_graph.has_edge(a, b) or aid_graph.has_edge(b, a)
    assert ask(aid_graph, "shortest-path", source=DG, target=XH, relations="PAIRS_WITH").rows == []


def test_paths_up_to_length(aid_graph):
    all_paths = ask(aid_graph, "paths", source=ZS, target=LY, max_len=2)
    assert sorted(tuple(r["nodes"]) for r in all_paths.records()) == [
        (ZS, KS1, LY),
        (ZS, "Region:上海市", LY),
    ]
    supports = ask(aid_graph, "paths", source=ZS, target=LY, max_len=2, relations="SUPPORTS")
    assert [r["route"] for r in supports.records()] == [
        "复旦大学附属中山医院 →SUPPORTS→ 喀什地区第一人民医院 ←SUPPORTS← 上海市第六人民医院"
    ]
    assert ask(aid_graph, "paths", source=ZS, target=LY, max_len=1).rows == []


def test_ego_depth(aid_graph):
    one = ask(aid_graph, "ego", entity=RKZ, depth=1)
    assert {r["node_id"]: r["depth"] for r in one.records()} == {
        RKZ: 0,
        LY: 1,
        XH: 1,
        "Region:日喀则市": 1,
        "Technique:经皮冠状动脉介入治疗": 1,
        "Technique:腹腔镜手术": 1,
        "Department:日喀则市人民医院儿科": 1,
    }
    two = ask(aid_graph, "ego", entity=RKZ, depth=2, relations="SUPPORTS")
    assert {r["node_id"]: r["depth"] for r in two.records()} == {RKZ: 0, LY: 1, XH: 1, KS1: 2}


def test_ego_subgraph_for_drawing(aid_graph):
    sub = ego_subgraph(aid_graph, RKZ, depth=2, relations="SUPPORTS")
    assert set(sub) == {RKZ, LY, XH, KS1}
    assert sub.nodes[KS1]["depth"] == 2 and sub.nodes[KS1]["name"] == "喀什地区第一人民医院"
    assert {d["type"] for _, _, d in sub.edges(data=True)} == {"SUPPORTS"}
    assert sub.number_of_edges() == 3 and sub.graph["center"] == RKZ


def test_program_and_alliance_subgraphs(aid_graph):
    tibet = program_subgraph(aid_graph, "组团式援藏")
    assert set(tibet) == {LY, XH, RKZ, "Technique:腹腔镜手术", "Technique:经皮冠状动脉介入治疗"}
    assert {d["program"] for _, _, d in tibet.edges(data=True)} == {"组团式援藏"}
    alliance = alliance_subgraph(aid_graph, "喀什地区医疗联盟")
    assert set(alliance) == {"Alliance:喀什地区医疗联盟", KS1, SC}
    assert alliance.number_of_edges() == 2


# -- structure ---------------------------------------------------------------------------


def test_degree_centrality_order(aid_graph):
    table = ask(aid_graph, "centrality", relations="SUPPORTS", limit=3)
    assert [(r["id"], r["score"]) for r in table.records()] == [(ZS, 3), (LY, 2), (KS1, 2)]
    assert table.truncated
    hospitals = ask(aid_graph, "centrality", type="Region")
    assert {r["type"] for r in hospitals.records()} == {"Region"}


def test_pagerank_matches_networkx(aid_graph):
    table = ask(aid_graph, "centrality", measure="pagerank", limit=100)
    ours = {r["id"]: r["score"] for r in table.records()}
    # Parallel relations weigh as many edges, as networkx's pagerank does on a MultiDiGraph.
    digraph = nx.DiGraph()
    for u, v, d in aid_graph.edges(data=True):
        if d["type"] in {"SUPPORTS", "PAIRS_WITH", "TRAINED", "ALLIANCE_MEMBER"}:
            for a, b in [(u, v)] if d["directed"] else [(u, v), (v, u)]:
                weight = digraph[a][b]["weight"] + 1 if digraph.has_edge(a, b) else 1
                digraph.add_edge(a, b, weight=weight)
    expected = _pagerank_python(digraph, tol=1e-12, weight="weight")
    assert set(ours) == set(expected)
    for node, score in expected.items():
        assert ours[node] == pytest.approx(score, abs=1e-6)


def test_betweenness_ranks_the_bridge(two_clusters):
    table = ask(two_clusters, "centrality", measure="betweenness", limit=2)
    assert {r["name"] for r in table.records()} == {"医院A4", "医院B0"}
    assert table.records()[0]["approximate"] is False


def test_louvain_finds_two_clusters(two_clusters):
    table = ask(two_clusters, "communities", members=True)
    groups = {}
    for r in table.records():
        groups.setdefault(r["community"], set()).add(r["name"])
    assert sorted(groups.values(), key=min) == [
        {f"医院A{i}" for i in range(5)},
        {f"医院B{i}" for i in range(5)},
    ]
    summary = ask(two_clusters, "communities")
    assert [r["size"] for r in summary.records()] == [5, 5]
    assert ask(two_clusters, "communities").rows == summary.rows  # fixed seed: repeatable


def test_brokers_are_the_bridge_ends(two_clusters):
    table = ask(two_clusters, "brokers")
    assert {r["name"] for r in table.records()} == {"医院A4", "医院B0"}
    assert all(r["communities_reached"] == 1 for r in table.records())


# -- the shipped examples ----------------------------------------------------------------

EXAMPLE_ARGUMENTS = {
    "supporters": {"entity": "西藏自治区"},
    "recipients": {"entity": "中日友好医院"},
    "timeline": {"entity": "中日友好医院"},
    "ego": {"entity": "中日友好医院", "depth": "2"},
    "shortest-path": {"source": "中日友好医院", "target": "铜仁市"},
    "paths": {"source": "中日友好医院", "target": "北京市", "max_len": "2"},
    "departments": {"supported_only": "false"},
}


@pytest.mark.parametrize("name", sorted(EXPECTED - {"provenance"}))
def test_every_question_answers_on_the_examples(example_workspace, name):
    table = ask(example_workspace, name, **EXAMPLE_ARGUMENTS.get(name, {}))
    assert table.columns
    assert table.rows, f"{name} found nothing in the example records"


def test_example_flows_reach_tibet_from_beijing(example_workspace):
    flows = ask(example_workspace, "flows").records()
    assert any(r["donor"] == "北京市" and r["recipient"] == "西藏自治区" for r in flows)
    edge = ask(example_workspace, "supporters", entity="西藏自治区").records()[0]["edges"][0]
    assert ask(example_workspace, "provenance", edge=edge).rows


def test_paths_cut_at_limit_keep_the_shortest(aid_graph):
    table = ask(aid_graph, "paths", source=ZS, target=LY, max_len=4, limit=1)
    assert table.truncated
    assert [r["length"] for r in table.records()] == [2]


def test_command_line_words_become_arguments(aid_graph):
    words = ["新疆", "--level", "province", "--no-rollup", "--limit=3"]
    arguments = parse_arguments("supporters", words)
    assert arguments == {"entity": "新疆", "level": "province", "rollup": "false", "limit": "3"}
    assert parse_arguments("communities", ["--members"]) == {"members": "true"}
    assert parse_arguments("shortest-path", ["张医生", "北京协和医院"]) == {
        "source": "张医生",
        "target": "北京协和医院",
    }
    table = ask(aid_graph, "supporters", **arguments)
    assert [r["supporter"] for r in table.records()] == []  # no support to the province itself
    with pytest.raises(QuestionError, match="unexpected argument 'extra'"):
        parse_arguments("flows", ["extra"])
    with pytest.raises(QuestionError, match="--entity needs a value"):
        parse_arguments("supporters", ["--entity"])


def test_warm_up_returns_the_workspace_graph(aid_db):
    with Workspace(aid_db) as ws:
        G = warm_up(ws)
        assert G is ws.graph()
        assert ask(ws, "flows").rows


def test_communities_paged(two_clusters):
    first = ask(two_clusters, "communities", limit=1)
    assert len(first.rows) == 1 and first.truncated
    people = ask(two_clusters, "communities", members=True, limit=3)
    assert len(people.rows) == 3 and people.truncated
    assert not ask(two_clusters, "communities", members=True, limit=10).truncated
