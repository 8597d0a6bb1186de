"""Relations from short articles written for these tests (not from the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aidgraph.graph.model import Approx, EdgeType, Extraction
from aidgraph.ingest.articles import extract_file


def extract(tmp_path: Path, text: str, name: str = "a.txt") -> Extraction:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_file(path)[1]


def rels(ext: Extraction, typ: EdgeType) -> set[tuple[str, str]]:
    names = {nid: n.name for nid, n in ext.nodes.items()}
    return {(names[e.source], names[e.target]) for e in ext.edges.values() if e.type is typ}


def edge(ext: Extraction, typ: EdgeType, source: str, target: str):
    names = {nid: n.name for nid, n in ext.nodes.items()}
    (e,) = [
        e
        for e in ext.edges.values()
        if e.type is typ and names[e.source] == source and names[e.target] == target
    ]
    return e


ENUMERATION = (
    "杭州对口帮扶工作综述\n"
    "杭州市卫生健康委员会主任孙立新介绍，2022年以来，杭州市共选派专家210名，"
    "分赴恩施土家族苗族自治州、黔东南苗族侗族自治州执行帮扶任务。\n"
    "杭州市第一人民医院对口帮扶建始县人民医院、巴东县人民医院，重点建设心血管内科。\n"
)


def test_dispatch_to_an_enumeration_gives_one_support_per_member(tmp_path: Path) -> None:
    ext = extract(tmp_path, ENUMERATION)
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("杭州市", "恩施土家族苗族自治州") in supports
    assert ("杭州市", "黔东南苗族侗族自治州") in supports
    assert ("杭州市第一人民医院", "建始县人民医院") in supports
    assert ("杭州市第一人民医院", "巴东县人民医院") in supports


def test_figures_and_years_ride_on_the_edge(tmp_path: Path) -> None:
    e = edge(extract(tmp_path, ENUMERATION), EdgeType.SUPPORTS, "杭州市", "恩施土家族苗族自治州")
    assert e.start == 2022
    assert e.figures["experts"].value == 210


def test_located_in_from_names_and_the_gazetteer(tmp_path: Path) -> None:
    located = rels(extract(tmp_path, ENUMERATION), EdgeType.LOCATED_IN)
    assert ("杭州市卫生健康委员会", "杭州市") in located
    assert ("建始县人民医院", "恩施土家族苗族自治州") in located
    assert ("杭州市第一人民医院", "杭州市") in located


def test_affiliation_and_department(tmp_path: Path) -> None:
    ext = extract(tmp_path, ENUMERATION)
    assert ("孙立新", "杭州市卫生健康委员会") in rels(ext, EdgeType.AFFILIATED_WITH)
    assert ext.nodes["Person:孙立新"].attrs["role"] == "主任"
    assert ("心血管内科", "巴东县人民医院") in rels(ext, EdgeType.DEPARTMENT_OF)


def test_implicit_subject_takes_the_articles_donor(tmp_path: Path) -> None:
    text = (
        "厦门临夏协作纪实\n"
        "近年来，厦门市持续支援临夏回族自治州，成效显著。\n"
        "在临夏州有关部门的协作下，全面开展对口帮扶康乐县人民医院、和政县人民医院。\n"
    )
    supports = rels(extract(tmp_path, text), EdgeType.SUPPORTS)
    assert ("厦门市", "临夏回族自治州") in supports
    assert ("厦门市", "康乐县人民医院") in supports
    assert ("厦门市", "和政县人民医院") in supports
    assert not any(src == "临夏回族自治州" for src, _ in supports)


def test_pairing_and_support_with_partner(tmp_path: Path) -> None:
    text = (
        "甬丽医疗协作\n"
        "宁波市第二医院会同宁波市中医院，结对帮扶丽江市人民医院。\n"
        "宁波市妇女儿童医院携手丽江市妇幼保健院，共建新生儿科。\n"
    )
    ext = extract(tmp_path, text)
    assert rels(ext, EdgeType.SUPPORTS) >= {
        ("宁波市第二医院", "丽江市人民医院"),
        ("宁波市中医院", "丽江市人民医院"),
    }
    pairs = {tuple(sorted(p)) for p in rels(ext, EdgeType.PAIRS_WITH)}
    assert ("丽江市人民医院", "宁波市第二医院") in pairs
    assert ("丽江市妇幼保健院", "宁波市妇女儿童医院") in pairs


def test_training_for_a_recipient_and_between_people(tmp_path: Path) -> None:
    text = (
        "人才培养\n"
        "南京医科大学为盐城市第三人民医院培训骨干医师40名。\n"
        "名中医周国平教授收该院青年医生陈晓为徒。\n"
    )
    trained = rels(extract(tmp_path, text), EdgeType.TRAINED)
    assert ("南京医科大学", "盐城市第三人民医院") in trained
    assert ("周国平", "陈晓") in trained


def test_alliance_members_from_founders_and_joiners(tmp_path: Path) -> None:
    text = (
        "温州儿科联盟成立\n"
        "由温州市人民医院牵头，联合瑞安市人民医院、乐清市人民医院组建的温州市儿科专科联盟正式成立。\n"
        "今年，永嘉县人民医院也加入了该联盟，共享专家资源。\n"
    )
    members = rels(extract(tmp_path, text), EdgeType.ALLIANCE_MEMBER)
    alliance = "温州市儿科专科联盟"
    assert members == {
        ("温州市人民医院", alliance),
        ("瑞安市人民医院", alliance),
        ("乐清市人民医院", alliance),
        ("永嘉县人民医院", alliance),
    }


def test_technique_at_the_hospital_named_before_it(tmp_path: Path) -> None:
    text = "在专家帮助下，墨脱县人民医院开展了腹腔镜阑尾切除术、无痛胃镜等新技术12项。\n"
    at = rels(extract(tmp_path, text), EdgeType.TECHNIQUE_AT)
    assert at == {("腹腔镜阑尾切除术", "墨脱县人民医院"), ("无痛胃镜", "墨脱县人民医院")}


def test_program_on_support_edge(tmp_path: Path) -> None:
    text = "按照东西部协作安排，青岛市对口帮扶陇南市，投入帮扶资金1200万元。\n"
    e = edge(extract(tmp_path, text), EdgeType.SUPPORTS, "青岛市", "陇南市")
    assert e.program == "东西部协作"
    assert e.figures["money_yuan"].value == 12_000_000


def test_approximate_figures_keep_their_approximation(tmp_path: Path) -> None:
    text = "济南市向临沧市派出医疗专家300余名。\n"
    e = edge(extract(tmp_path, text), EdgeType.SUPPORTS, "济南市", "临沧市")
    assert e.figures["experts"].approx is Approx.OVER


@pytest.mark.parametrize(
    "text",
    ["", "\n\n\n", "医院医院医院" * 1000, "支援" * 5000, "。" * 1000, "对口支援，" * 2000],
)
def test_odd_articles_never_crash(tmp_path: Path, text: str) -> None:
    path = tmp_path / "odd.txt"
    path.write_text(text or " ", encoding="utf-8")
    try:
        _, ext = extract_file(path)
    except Exception as exc:  # only an unreadable-source report is allowed
        assert type(exc).__name__ == "UnreadableSource"
        return
    assert all(e.source in ext.nodes and e.target in ext.nodes for e in ext.edges.values())


# Shapes met in articles written blind (tests/data/blind); sentences written anew here.
BLIND_SHAPES = (
    "湘鄂协作见成效\n"
    "宜昌市中心医院全面托管五峰土家族自治县人民医院。\n"
    "鹤峰县人民医院则由宜昌市第一人民医院以“以院包科”方式帮扶儿科。\n"
    "长阳土家族自治县人民医院、秭归县人民医院等6家医院首批加入宜昌市卒中专科联盟。\n"
    "宜昌市中心医院神经内科专家陈立军收五峰县医生田晓燕为徒。\n"
    "现任五峰土家族自治县人民医院院长的周文斌是宜昌市中心医院派出的骨干。\n"
    "医疗队赴远安县、兴山县、当阳市人民医院开展义诊。\n"
)


def test_blind_shapes(tmp_path: Path) -> None:
    ext = extract(tmp_path, BLIND_SHAPES)
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("宜昌市第一人民医院", "鹤峰县人民医院") in supports  # passive 由…帮扶
    members = rels(ext, EdgeType.ALLIANCE_MEMBER)
    assert ("长阳土家族自治县人民医院", "宜昌市卒中专科联盟") in members
    assert ("秭归县人民医院", "宜昌市卒中专科联盟") in members
    assert ("陈立军", "田晓燕") in rels(ext, EdgeType.TRAINED)
    assert ("周文斌", "宜昌市中心医院") in rels(ext, EdgeType.AFFILIATED_WITH)
    hospitals = {n.name for n in ext.nodes.values() if n.type.value == "Hospital"}
    assert {"远安县人民医院", "兴山县人民医院", "当阳市人民医院"} <= hospitals


def test_donor_written_with_its_province_prefix_is_the_inner_place(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "两地协作\n近年来，江苏省常州市结对帮扶贵州省铜仁市松桃苗族自治县，选派医生30名。\n",
    )
    assert ("常州市", "松桃苗族自治县") in rels(ext, EdgeType.SUPPORTS)
    assert ("江苏省", "松桃苗族自治县") not in rels(ext, EdgeType.SUPPORTS)


def test_this_hospital_is_the_one_last_named_in_its_sentence(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "以院包科见成效\n广州市花城医院派出医疗队抵达黔东南苗族侗族自治州。\n"
        "2022年起，广州市花城医院与剑河县人民医院签订协议，整建制托管该院眼科和麻醉科。\n",
    )
    assert ("广州市花城医院", "剑河县人民医院") in rels(ext, EdgeType.SUPPORTS)
    assert ("剑河县人民医院", "广州市花城医院") not in rels(ext, EdgeType.SUPPORTS)
    assert ("眼科", "剑河县人民医院") in rels(ext, EdgeType.DEPARTMENT_OF)


def test_every_listed_pupil_is_trained(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "师带徒\n结对仪式上，骨科专家周明收日喀则市人民医院医生扎西顿珠、白玛为徒。\n",
    )
    trained = rels(ext, EdgeType.TRAINED)
    assert ("周明", "扎西顿珠") in trained and ("周明", "白玛") in trained


def test_branch_hospital_short_name_and_its_seat(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "分院揭牌\n上海市东海骨科医院云南医院在云南省昆明市揭牌运行。\n"
        "目前，云南医院已开展新技术20项。\n",
    )
    hospitals = {n.name for n in ext.nodes.values() if n.type.value == "Hospital"}
    assert "云南医院" not in hospitals
    located = rels(ext, EdgeType.LOCATED_IN)
    assert ("上海市东海骨科医院云南医院", "昆明市") in located
    assert ("上海市东海骨科医院云南医院", "上海市") not in located


def test_technique_goes_where_its_clause_says_not_to_the_donor_before_it(tmp_path: Path) -> None:
    text = (
        "技术落地\n"
        "温州市第一人民医院帮助丘北县人民医院建成卒中中心，其中“经皮肾镜取石术”在丘北县属首次开展。\n"
        "温州市第一人民医院院长李明表示，将把胸腔镜肺叶切除术等10项技术平移到丘北县人民医院。\n"
        "目前，丘北县人民医院已完成腹腔镜疝修补术30例，填补了文山州该项技术空白。\n"
    )
    at = rels(extract(tmp_path, text), EdgeType.TECHNIQUE_AT)
    assert ("经皮肾镜取石术", "丘北县") in at
    assert ("经皮肾镜取石术", "丘北县人民医院") not in at
    assert ("胸腔镜肺叶切除术", "丘北县人民医院") in at
    assert ("胸腔镜肺叶切除术", "温州市第一人民医院") not in at
    assert ("腹腔镜疝修补术", "丘北县人民医院") in at
    assert ("腹腔镜疝修补术", "文山壮族苗族自治州") in at


def test_respective_pairs_partner_after_a_role_and_first_members(tmp_path: Path) -> None:
    text = (
        "医联体建设\n"
        "绍兴市人民医院、绍兴市中医院分别与会泽县人民医院、会泽县中医医院结对，组建“绍会医联体”。\n"
        "杭州市滨江骨科医院作为输出医院，与云南省滇池人民医院合作共建云南医院。\n"
        "宜宾市儿科专科联盟成立，兴文县人民医院、珙县人民医院等8家医疗机构成为首批成员单位。\n"
    )
    ext = extract(tmp_path, text)
    pairs = {frozenset(p) for p in rels(ext, EdgeType.PAIRS_WITH)}
    assert frozenset(("绍兴市人民医院", "会泽县人民医院")) in pairs
    assert frozenset(("绍兴市中医院", "会泽县中医医院")) in pairs
    assert frozenset(("绍兴市人民医院", "会泽县中医医院")) not in pairs
    assert frozenset(("杭州市滨江骨科医院", "云南省滇池人民医院")) in pairs
    members = rels(ext, EdgeType.ALLIANCE_MEMBER)
    for h in ("绍兴市人民医院", "绍兴市中医院", "会泽县人民医院", "会泽县中医医院"):
        assert (h, "绍会医联体") in members
    assert ("兴文县人民医院", "宜宾市儿科专科联盟") in members
    assert ("珙县人民医院", "宜宾市儿科专科联盟") in members


def test_contracted_departments_belong_to_the_recipient(tmp_path: Path) -> None:
    text = (
        "以院包科\n"
        "按照“以院包科”模式，由青岛市海滨医院包建安顺市人民医院神经内科，"
        "烟台市港城医院包建眼科，从制度建设、人才培养等方面提升科室能力。\n"
    )
    ext = extract(tmp_path, text)
    depts = rels(ext, EdgeType.DEPARTMENT_OF)
    assert ("神经内科", "安顺市人民医院") in depts
    assert ("眼科", "安顺市人民医院") in depts and ("眼科", "烟台市港城医院") not in depts
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("青岛市海滨医院", "安顺市人民医院") in supports
    assert ("烟台市港城医院", "安顺市人民医院") in supports
    assert ("烟台市港城医院", "安顺市人民医院") not in rels(ext, EdgeType.TRAINED)
    ext = extract(tmp_path, "以院包科\n在平坝区人民医院，青岛市海滨医院整建制托管儿科。\n")
    assert ("儿科", "平坝区人民医院") in rels(ext, EdgeType.DEPARTMENT_OF)
    assert ("青岛市海滨医院", "平坝区人民医院") in rels(ext, EdgeType.SUPPORTS)


def test_team_after_a_contracting_breakdown_is_the_article_donors(tmp_path: Path) -> None:
    text = (
        "援黔医疗队\n"
        "山东省对口支援安顺市以来，先后选派医疗人才200余名。\n"
        "按照“以院包科”模式，由青岛市海滨医院包建安顺市人民医院神经内科，烟台市港城医院包建眼科。\n"
        "此外，医疗队还深入普定县、镇宁布依族苗族自治县开展义诊。\n"
    )
    supports = rels(extract(tmp_path, text), EdgeType.SUPPORTS)
    assert ("山东省", "普定县") in supports
    assert ("烟台市港城医院", "普定县") not in supports


def test_the_start_of_a_hospital_name_before_a_title_is_no_person(tmp_path: Path) -> None:
    text = (
        "华山医院帮扶记\n"
        "复旦大学附属华山医院对口支援阿里地区人民医院。华山专家在该院指导开展手术。\n"
    )
    ext = extract(tmp_path, text)
    assert "华山" not in {n.name for n in ext.nodes.values() if n.type.value == "Person"}


def test_members_listed_after_the_alliance_is_named(tmp_path: Path) -> None:
    text = (
        "联盟扩容\n"
        "日前，喀什地区胸痛专科联盟召开年会。"
        "目前联盟成员单位包括：喀什地区第一人民医院、疏附县人民医院和伽师县人民医院。\n"
    )
    got = rels(extract(tmp_path, text), EdgeType.ALLIANCE_MEMBER)
    assert got == {
        (h, "喀什地区胸痛专科联盟")
        for h in ("喀什地区第一人民医院", "疏附县人民医院", "伽师县人民医院")
    }


def test_pupils_after_their_hospital_and_title_and_a_pair_by_jiewei(tmp_path: Path) -> None:
    text = (
        "师徒结对\n"
        "上海市第六人民医院骨科主任医师钱志刚收喀什地区第一人民医院骨科医生"
        "阿卜杜拉·买买提、艾力·吐尔逊为徒。\n"
        "护士长宋晓红与莎车县人民医院护士卓玛央金结为师徒。\n"
        "上海市第六人民医院还与莎车县人民医院结为对口帮扶医院。\n"
    )
    ext = extract(tmp_path, text)
    assert rels(ext, EdgeType.TRAINED) >= {
        ("钱志刚", "阿卜杜拉·买买提"),
        ("钱志刚", "艾力·吐尔逊"),
        ("宋晓红", "卓玛央金"),
    }
    assert ("上海市第六人民医院", "莎车县人民医院") in rels(ext, EdgeType.SUPPORTS)
    assert ("上海市第六人民医院", "莎车县人民医院") in rels(ext, EdgeType.PAIRS_WITH)


def test_two_hospitals_of_one_province_tied_by_a_stated_support_pair(tmp_path: Path) -> None:
    text = "省内帮扶\n中南大学湘雅医院还与湘西土家族苗族自治州人民医院结为紧密型对口帮扶医院。\n"
    ext = extract(tmp_path, text)
    assert ("中南大学湘雅医院", "湘西土家族苗族自治州人民医院") in rels(ext, EdgeType.SUPPORTS)


def test_member_hospitals_its_and_both_sides_with_a_new_topic_hospital(tmp_path: Path) -> None:
    text = (
        "湘雅医联体\n"
        "中南大学湘雅医院与怀化市8家县级医院签订协议，"
        "辰溪县人民医院、溆浦县人民医院成为“湘雅怀化医联体”首批成员单位。"
        "湘雅医院每年接收成员医院骨干医师进修不少于50人次。"
        "辰溪县人民医院患者多，湘雅医院将重点帮助其建设神经外科；"
        "溆浦县人民医院地处山区，双方将重点共建儿科。\n"
    )
    ext = extract(tmp_path, text)
    assert rels(ext, EdgeType.TRAINED) >= {
        ("中南大学湘雅医院", "辰溪县人民医院"),
        ("中南大学湘雅医院", "溆浦县人民医院"),
    }
    assert ("中南大学湘雅医院", "辰溪县人民医院") in rels(ext, EdgeType.SUPPORTS)
    assert ("神经外科", "辰溪县人民医院") in rels(ext, EdgeType.DEPARTMENT_OF)
    assert ("中南大学湘雅医院", "溆浦县人民医院") in rels(ext, EdgeType.PAIRS_WITH)


def test_an_office_inside_a_hospital_is_the_hospitals(tmp_path: Path) -> None:
    text = "医联体\n中南大学湘雅医院医联体管理办公室主任钟明远介绍，帮扶将持续五年。\n"
    ext = extract(tmp_path, text)
    assert rels(ext, EdgeType.AFFILIATED_WITH) == {("钟明远", "中南大学湘雅医院")}


def test_a_visitors_home_hospital_is_not_where_the_technique_went(tmp_path: Path) -> None:
    text = (
        "专家援黔\n"
        "广州市第一人民医院对口帮扶从江县人民医院。"
        "在从江县人民医院的手术室里，来自广东省广州市第一人民医院的专家王海涛完成了首例经皮肾镜碎石术。"
        "广州市第一人民医院泌尿外科主任医师李振东在从江县坐诊期间，指导其开展输尿管软镜碎石术。\n"
    )
    ext = extract(tmp_path, text)
    got = rels(ext, EdgeType.TECHNIQUE_AT)
    assert ("经皮肾镜碎石术", "从江县人民医院") in got
    assert ("输尿管软镜碎石术", "广州市第一人民医院") not in got


def test_organiser_and_the_bodies_it_sends_respectively_and_a_dated_subject(
    tmp_path: Path,
) -> None:
    text = (
        "东西部协作\n"
        "佛山市顺德区卫生健康局先后组织佛山市顺德区第一人民医院、佛山市顺德区中医院选派医务人员，"
        "分别进驻凌云县人民医院和凌云县中医医院开展帮扶。"
        "2022年以来佛山市向百色市派出医疗人才80余名。\n"
    )
    got = rels(extract(tmp_path, text), EdgeType.SUPPORTS)
    names = {n for pair in got for n in pair}
    bureau = next(n for n in names if n.endswith("卫生健康局"))
    first = next(n for n in names if n.endswith("第一人民医院"))
    tcm = next(n for n in names if n.endswith("区中医院"))
    assert {
        (bureau, "凌云县人民医院"),
        (bureau, "凌云县中医医院"),
        (first, "凌云县人民医院"),
        (tcm, "凌云县中医医院"),
        ("佛山市", "百色市"),
    } <= got
    assert (first, "凌云县中医医院") not in got


def test_a_county_hospital_is_the_countys_peoples_hospital(tmp_path: Path) -> None:
    text = (
        "无锡帮扶会宁纪实\n"
        "2021年以来，无锡市人民医院对口帮扶会宁县人民医院，先后派出专家30余人次。\n"
        "无锡市人民医院派驻专家，重点帮助县医院建设胸痛中心和卒中中心。\n"
    )
    ext = extract(tmp_path, text)
    names = {n.name for n in ext.nodes.values()}
    assert "会宁县医院" not in names
    assert ("胸痛中心", "会宁县人民医院") in rels(ext, EdgeType.DEPARTMENT_OF)


def test_hospital_per_department_breakdown_supports_the_recipient(tmp_path: Path) -> None:
    # 以院包科 broken down in a sentence of its own: each donor builds one of the
    # recipient's departments, not its own.
    text = (
        "江苏以院包科助力伊犁\n"
        "2022年以来，江苏省多家医院以“以院包科”方式对口支援伊犁哈萨克自治州友谊医院。\n"
        "其中，南京市鼓楼医院负责心血管内科、苏州市立医院负责儿科，"
        "无锡市人民医院包建肾内科，每家医院每年派出3名骨干。\n"
    )
    ext = extract(tmp_path, text)
    supports = rels(ext, EdgeType.SUPPORTS)
    depts = rels(ext, EdgeType.DEPARTMENT_OF)
    pairs = (
        ("南京市鼓楼医院", "心血管内科"),
        ("苏州市立医院", "儿科"),
        ("无锡市人民医院", "肾内科"),
    )
    for donor, dept in pairs:
        assert (donor, "伊犁哈萨克自治州友谊医院") in supports
        assert (dept, "伊犁哈萨克自治州友谊医院") in depts
        assert (dept, donor) not in depts
    assert ("南京市鼓楼医院", "苏州市立医院") not in supports
    assert "每家医院" not in {n.name for n in ext.nodes.values()}


def test_counted_county_hospitals_and_a_long_list_of_destinations(tmp_path: Path) -> None:
    text = (
        "天津援助甘南纪实\n"
        "2020年以来，天津市持续向甘南藏族自治州夏河县、玛曲县、碌曲县、卓尼县、迭部县"
        "5个对口县派驻医疗队，帮助5县人民医院全部通过二级甲等医院评审。\n"
    )
    ext = extract(tmp_path, text)
    supports = rels(ext, EdgeType.SUPPORTS)
    for county in ("夏河县", "玛曲县", "碌曲县", "卓尼县", "迭部县"):
        assert ("天津市", county) in supports
    assert not [n for n in ext.nodes.values() if n.name.endswith("县人民医院")]


def test_members_of_a_medical_group_and_a_county_community(tmp_path: Path) -> None:
    text = (
        "天水医联体建设观察\n"
        "甘谷县县域医共体以甘谷县人民医院为牵头医院，整合甘谷县中医医院、甘谷县妇幼保健院和"
        "全县15个乡镇卫生院，实行统一管理。\n"
        "在天水市区，天水市城市医疗集团吸纳了麦积区人民医院、秦州区中医医院和4家社区卫生服务中心。\n"
    )
    members = rels(extract(tmp_path, text), EdgeType.ALLIANCE_MEMBER)
    for h in ("甘谷县人民医院", "甘谷县中医医院", "甘谷县妇幼保健院"):
        assert (h, "甘谷县县域医共体") in members
    for h in ("麦积区人民医院", "秦州区中医医院"):
        assert (h, "天水市城市医疗集团") in members


def test_a_technique_told_by_the_donors_speaker_is_at_the_recipient(tmp_path: Path) -> None:
    text = (
        "苏州援疆纪实\n"
        "2021年以来，苏州大学附属第一医院对口帮扶伊犁哈萨克自治州新华医院，先后派出专家40余人次。\n"
        "领队、苏州大学附属第一医院副院长王建国介绍，援疆专家带领当地团队完成首例经导管主动脉瓣置换术。\n"
    )
    techs = rels(extract(tmp_path, text), EdgeType.TECHNIQUE_AT)
    assert techs == {("经导管主动脉瓣置换术", "伊犁哈萨克自治州新华医院")}


def test_organiser_of_the_clause_before_and_partners_before_a_pairing_tie(
    tmp_path: Path,
) -> None:
    # 由X牵头，组织A、B支援C: X organises; 与D州的N家机构建立结对帮扶关系: D is supported.
    text = (
        "浙江援川纪实\n"
        "2020年，由浙江省卫生健康委员会牵头，组织浙江大学医学院附属第一医院、"
        "浙江省人民医院2家医院对口支援四川省凉山彝族自治州第一人民医院。\n"
        "2021年以来，宁波市卫生健康委员会先后组织宁波市第一医院、宁波市第二医院等9家医院，"
        "与贵州省黔西南布依族苗族自治州8个县的15家医疗机构建立结对帮扶关系。\n"
    )
    ext = extract(tmp_path, text)
    got = rels(ext, EdgeType.SUPPORTS)
    assert {
        ("浙江省卫生健康委员会", "凉山彝族自治州第一人民医院"),
        ("浙江大学医学院附属第一医院", "凉山彝族自治州第一人民医院"),
        ("宁波市卫生健康委员会", "黔西南布依族苗族自治州"),
        ("宁波市第一医院", "黔西南布依族苗族自治州"),
    } <= got
    pairs = rels(ext, EdgeType.PAIRS_WITH)
    assert not any("黔西南布依族苗族自治州" in p for p in pairs)


def test_dated_and_quoted_pairings_and_a_dispatch_after_the_pairing(tmp_path: Path) -> None:
    # A自2019年起与B结对，先后派出…帮扶: a pair and a support; A与B“院院结对”: a pair.
    text = (
        "县域帮扶\n"
        "福建省晋江市医院自2019年起与宁夏回族自治区隆德县人民医院结对，"
        "先后派出9名医务人员驻点帮扶。\n"
        "福建医科大学附属协和医院与宁夏回族自治区固原市人民医院“院院结对”，确定心内科为共建科室。\n"
    )
    ext = extract(tmp_path, text)
    pairs = {frozenset(p) for p in rels(ext, EdgeType.PAIRS_WITH)}
    assert frozenset(("晋江市医院", "隆德县人民医院")) in pairs
    assert frozenset(("福建医科大学附属协和医院", "固原市人民医院")) in pairs
    assert ("晋江市医院", "隆德县人民医院") in rels(ext, EdgeType.SUPPORTS)


def test_hospitals_take_a_recipients_departments_and_a_region_supports(tmp_path: Path) -> None:
    # 组织A、B分别“包”下C的科室: each sent hospital supports C; X将继续支持C: X supports C.
    text = (
        "安徽以院包科援疆\n"
        "2020年以来，安徽省卫生健康委员会按照“以院包科”模式，组织安徽医科大学第一附属医院、"
        "安徽省立医院，分别“包”下新疆维吾尔自治区和田地区人民医院的骨科、眼科。\n"
        "下一步，安徽省将继续支持和田地区人民医院创建三级甲等医院。\n"
    )
    got = rels(extract(tmp_path, text), EdgeType.SUPPORTS)
    assert {
        ("安徽省卫生健康委员会", "和田地区人民医院"),
        ("安徽医科大学第一附属医院", "和田地区人民医院"),
        ("安徽省立医院", "和田地区人民医院"),
        ("安徽省", "和田地区人民医院"),
    } <= got


def test_a_hospital_without_the_ordinal_is_not_the_numbered_one(tmp_path: Path) -> None:
    text = (
        "苏陕协作\n"
        "中山大学孙逸仙纪念医院、中山大学孙逸仙纪念第二医院分别派出专家支援汉中市中心医院。\n"
    )
    names = {n.name for n in extract(tmp_path, text).nodes.values()}
    assert {"中山大学孙逸仙纪念医院", "中山大学孙逸仙纪念第二医院"} <= names


def test_a_hospital_page_masthead_is_the_we_hospital(tmp_path: Path) -> None:
    # The page opens with the hospital's name; 我院 is it although others are named more.
    text = (
        "浙江大学医学院附属第一医院\n"
        "甘孜藏族自治州人民医院学科建设再上台阶\n"
        "浙江大学医学院附属第一医院长期对口支援理塘县人民医院。\n"
        "甘孜藏族自治州人民医院与理塘县人民医院共建远程会诊网络。\n"
        "甘孜藏族自治州人民医院护理部主任拉姆卓玛等5名骨干来我院进修急诊护理。\n"
        "在理塘县人民医院，我院援藏护士长周晓燕在该院急诊科带教当地护士。\n"
        "甘孜藏族自治州人民医院院长表示感谢。\n"
    )
    ext = extract(tmp_path, text)
    trained = rels(ext, EdgeType.TRAINED)
    assert ("浙江大学医学院附属第一医院", "甘孜藏族自治州人民医院") in trained
    assert ("浙江大学医学院附属第一医院", "拉姆卓玛") in trained
    assert ("周晓燕", "理塘县人民医院") in trained
    assert ("周晓燕", "浙江大学医学院附属第一医院") in rels(ext, EdgeType.AFFILIATED_WITH)


def test_lead_merged_and_branch_hospitals_are_members_of_the_community(tmp_path: Path) -> None:
    # 以A为牵头医院，整合B、C…组建“X”; D、E等作为医共体分院: all are members of X, and the
    # short 某县医共体 is the same body as 某县医疗卫生共同体.
    text = (
        "威宁自治县医共体建设见成效\n"
        "2022年，威宁彝族回族苗族自治县以威宁彝族回族苗族自治县人民医院为牵头医院，整合"
        "威宁彝族回族苗族自治县中医院和35家乡镇卫生院，组建“威宁彝族回族苗族自治县医疗卫生共同体”。\n"
        "草海镇卫生院、金钟镇卫生院等作为医共体分院，实现统一管理。\n"
    )
    ext = extract(tmp_path, text)
    alliances = [n.name for n in ext.nodes.values() if n.type.value == "Alliance"]
    assert alliances == ["威宁彝族回族苗族自治县医疗卫生共同体"]
    members = {a for a, _ in rels(ext, EdgeType.ALLIANCE_MEMBER)}
    assert {
        "威宁彝族回族苗族自治县人民医院",
        "威宁彝族回族苗族自治县中医院",
        "草海镇卫生院",
        "金钟镇卫生院",
    } <= members


def test_staff_selected_by_a_hospital_belong_to_it(tmp_path: Path) -> None:
    text = (
        "苏州医疗队完成任务\n"
        "苏州市立医院根据江苏省卫生健康委员会统一部署，选派眼科周敏、骨科吴强2名骨干，"
        "赴阿图什市人民医院开展帮扶。\n"
    )
    aff = rels(extract(tmp_path, text), EdgeType.AFFILIATED_WITH)
    assert {("周敏", "苏州市立医院"), ("吴强", "苏州市立医院")} <= aff


def test_this_hospital_is_the_last_one_named_in_the_sentence(tmp_path: Path) -> None:
    text = (
        "宁波援黔\n"
        "宁波市第一医院选派医师王平到黔西南布依族苗族自治州人民医院挂职，"
        "并与该院医生杨春结为师徒。\n"
        "黔西南布依族苗族自治州人民医院远程医学中心主任罗江说，远程会诊很方便。\n"
    )
    aff = rels(extract(tmp_path, text), EdgeType.AFFILIATED_WITH)
    assert ("杨春", "黔西南布依族苗族自治州人民医院") in aff
    assert ("罗江", "黔西南布依族苗族自治州人民医院") in aff


def test_alliance_members_by_office_network_and_member_list(tmp_path: Path) -> None:
    text = (
        "专科联盟成立\n"
        "“黔南州心血管病专科联盟”成立。该联盟由贵州省人民医院牵头组建，"
        "黔南布依族苗族自治州人民医院任副理事长单位。\n"
        "依托“筑南远程医疗协作网”，都匀市人民医院、独山县人民医院等4家医院率先接入协作网。\n"
    )
    mem = rels(extract(tmp_path, text), EdgeType.ALLIANCE_MEMBER)
    assert ("黔南布依族苗族自治州人民医院", "黔南州心血管病专科联盟") in mem
    assert {
        ("都匀市人民医院", "筑南远程医疗协作网"),
        ("独山县人民医院", "筑南远程医疗协作网"),
    } <= mem


def test_a_titled_name_is_found_again_untitled(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "师带徒\n厦门大学附属第一医院骨科主任医师方志远在龙陵县人民医院坐诊。"
        "队员们与本地医生结对，其中方志远收该院医生杨晓东为徒。\n",
    )
    assert ("方志远", "杨晓东") in rels(ext, EdgeType.TRAINED)


def test_pupil_moved_before_shou_wei_tudi(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "师带徒\n厦门市中医院副主任医师邱文华挂职德宏州中医医院副院长，"
        "并将该院针灸科医生杨光明收为徒弟。\n",
    )
    assert ("邱文华", "杨光明") in rels(ext, EdgeType.TRAINED)


def test_a_department_before_a_title_is_of_the_persons_home(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "组团式帮扶\n厦门大学附属第一医院选派眼科副主任医师林海涛、麻醉科陈丽娜、骨科王建国等骨干赴龙陵县人民医院开展帮扶。\n",
    )
    deps = rels(ext, EdgeType.DEPARTMENT_OF)
    assert ("眼科", "厦门大学附属第一医院") in deps
    assert ("麻醉科", "厦门大学附属第一医院") in deps
    assert ("眼科", "龙陵县人民医院") not in deps


def test_helping_this_hospital_build_gives_it_the_department(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "组团式帮扶\n龙陵县人民医院是云南省保山市的县级医院。\n"
        "龙陵县人民医院近年发展迅速，龙陵县人民医院有职工500人。\n"
        "厦门大学附属第一医院选派专家赴龙陵县，帮助该院新建病理科、血液透析室等科室。\n"
        "龙陵县人民医院院长杨光明表示感谢。\n",
    )
    deps = rels(ext, EdgeType.DEPARTMENT_OF)
    assert ("病理科", "龙陵县人民医院") in deps
    assert ("病理科", "厦门大学附属第一医院") not in deps


def test_the_lead_of_a_joint_aid_gives_with_those_it_joins(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "浙江援疆综述\n以浙江省人民医院为牵头单位，联合杭州市第一人民医院等5家医院，"
        "对阿克苏地区第一人民医院实施“组团式”帮扶。\n",
    )
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("浙江省人民医院", "阿克苏地区第一人民医院") in supports
    assert ("杭州市第一人民医院", "阿克苏地区第一人民医院") in supports


def test_the_body_under_whose_guidance_a_hospital_works_supports_it(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "远程医疗见成效\n去年，在瑞金医院专家远程指导下，隆子县人民医院完成了首例溶栓治疗。\n"
        "在苏州市东西部协作帮扶下，铜仁市县域就诊率明显提升。\n"
        "在浙江专家的带领下，威信县人民医院开展了新技术。\n",
    )
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("瑞金医院", "隆子县人民医院") in supports
    assert ("苏州市", "铜仁市") in supports
    # experts called by their province: not the province's support
    assert ("浙江省", "威信县人民医院") not in supports


def test_sending_trainees_to_the_donor_is_not_support(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "闽宁协作十年\n福建省立医院对口支援固原市人民医院，派出专家10名。\n"
        "固原市先后选派80名医务人员赴福建进修学习。\n",
    )
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("福建省立医院", "固原市人民医院") in supports
    assert not any(src == "固原市" for src, _ in supports)


def test_the_whole_province_is_the_province_last_named(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "援疆十年\n自2014年辽宁省启动医疗人才援疆工作以来，全省先后选派200名医疗专家"
        "赴新疆维吾尔自治区塔城地区开展支援。\n",
    )
    assert ("辽宁省", "塔城地区") in rels(ext, EdgeType.SUPPORTS)


def test_hospitals_listed_as_a_donors_charges_are_supported_by_it(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "远程协作网建成\n其中，墨竹工卡县人民医院、达孜区人民医院等北京对口支援的两家医院"
        "率先接入协作网。\n",
    )
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("北京市", "墨竹工卡县人民医院") in supports
    assert ("北京市", "达孜区人民医院") in supports


def test_an_organiser_named_after_a_leading_clause_gives_too(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "援青医疗队出征\n2022年起，按照江苏省卫生健康委员会统一部署，南京市第一医院对口帮扶"
        "玉树州人民医院。\n"
        "今后，南京市第一医院将按照江苏省卫生健康委员会的要求，继续支援玉树州人民医院。\n",
    )
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("南京市第一医院", "玉树藏族自治州人民医院") in supports
    assert ("江苏省卫生健康委员会", "玉树藏族自治州人民医院") in supports


def test_an_organiser_is_no_co_donor_when_a_body_precedes_it(tmp_path: Path) -> None:
    ext = extract(
        tmp_path,
        "援青医疗队出征\n今后，南京市第一医院将按照江苏省卫生健康委员会的要求，继续支援"
        "玉树州人民医院。\n",
    )
    supports = rels(ext, EdgeType.SUPPORTS)
    assert ("南京市第一医院", "玉树藏族自治州人民医院") in supports
    assert ("江苏省卫生健康委员会", "玉树藏族自治州人民医院") not in supports
