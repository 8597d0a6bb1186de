"""Mention recognition on sentences of the genre (written for these tests, not from seeds)."""

from __future__ import annotations

import pytest

from aidgraph.graph.model import NodeType
from aidgraph.ingest.articles import default_extractor
from aidgraph.ingest.recognise import Mention, Recogniser, enumeration_items


@pytest.fixture(scope="module")
def rec() -> Recogniser:
    return default_extractor().recogniser


def found(rec: Recogniser, text: str, typ: NodeType) -> list[str]:
    return [m.surface for m in rec.mentions(text) if m.type is typ]


def test_hospitals_grow_over_places_and_stop_at_boundary_words(rec: Recogniser) -> None:
    text = "山西省太原市中心医院会同长治市人民医院，结对帮扶沁源县人民医院。"
    assert found(rec, text, NodeType.HOSPITAL) == [
        "太原市中心医院",
        "长治市人民医院",
        "沁源县人民医院",
    ]


def test_province_prefix_is_the_hospitals_location_not_its_name(rec: Recogniser) -> None:
    (h,) = [
        m
        for m in rec.mentions("助推云南省昭通市第一人民医院创三甲。")
        if m.type is NodeType.HOSPITAL
    ]
    assert h.surface == "昭通市第一人民医院"
    assert [p.surface for p in h.prefix] == ["云南省"]


def test_city_prefixed_district_hospital_keeps_each_written_form(rec: Recogniser) -> None:
    # 江苏省苏州市吴中区人民医院: 苏州市吴中区人民医院 is the form the article may use later.
    (h,) = [
        m
        for m in rec.mentions("江苏省苏州市吴中区人民医院派出专家。")
        if m.type is NodeType.HOSPITAL
    ]
    assert h.attrs["aliases"] == ["江苏省苏州市吴中区人民医院", "苏州市吴中区人民医院"]


def test_generic_hospital_references_are_not_names(rec: Recogniser) -> None:
    text = "两家受援医院和3所县级医院、铜仁市三甲医院及基层医院都参与了培训。"
    assert found(rec, text, NodeType.HOSPITAL) == []


def test_university_hospitals_and_their_short_forms(rec: Recogniser) -> None:
    text = "四川大学华西医院与川北医学院附属医院、浙大二院签订协议。"
    assert found(rec, text, NodeType.HOSPITAL) == [
        "四川大学华西医院",
        "川北医学院附属医院",
        "浙大二院",
    ]


def test_place_abbreviation_hospital_needs_a_place(rec: Recogniser) -> None:
    assert found(rec, "专家赴和田二院坐诊。", NodeType.HOSPITAL) == ["和田二院"]
    assert found(rec, "两院共建二院门诊。", NodeType.HOSPITAL) == []


def test_organisations_ending_variants_and_bare_city_organ(rec: Recogniser) -> None:
    ms = rec.mentions("市卫健委与甘肃省卫生健康委员会、国家卫生健康委共同召开会议。")
    orgs = [
        (m.surface, m.key, m.attrs.get("inherit")) for m in ms if m.type is NodeType.ORGANIZATION
    ]
    assert orgs == [
        ("市卫健委", None, "市"),
        ("甘肃省卫生健康委员会", None, None),
        ("国家卫生健康委", "国家卫生健康委员会", None),
    ]


def test_two_places_sharing_one_organ_are_two_readings(rec: Recogniser) -> None:
    (m,) = [
        m
        for m in rec.mentions("由杭州恩施两地卫生健康局负责协调。")
        if m.type is NodeType.ORGANIZATION
    ]
    assert [r.surface for r in m.attrs["split"]] == ["杭州卫生健康局", "恩施卫生健康局"]


def test_alliances_named_and_generic(rec: Recogniser) -> None:
    text = "绍兴市妇产科专科联盟成立后，将组建专科联盟并推广5个专科联盟的经验。"
    assert found(rec, text, NodeType.ALLIANCE) == ["绍兴市妇产科专科联盟"]


def test_medical_groups_and_county_communities_named_with_a_place(rec: Recogniser) -> None:
    # A place's 城市医疗集团 / a county's 县域医共体 are named bodies; the bare words, and a
    # city's 县域医共体 (its counties' communities in general), are not.
    text = "天水“县域医共体”和“城市医疗集团”建设中，天水市城市医疗集团与甘谷县县域医共体结对。"
    assert found(rec, text, NodeType.ALLIANCE) == ["天水市城市医疗集团", "甘谷县县域医共体"]
    assert found(rec, "天水县域医共体跑出加速度", NodeType.ALLIANCE) == []


def test_persons_by_role_and_speech_never_the_press(rec: Recogniser) -> None:
    text = "（记者 孙晓明）省卫生健康委副主任刘建华介绍，李海燕院长和主任医师欧阳明带队。"
    ms = [m for m in rec.mentions(text) if m.type is NodeType.PERSON]
    kept = [(m.surface, m.attrs.get("role")) for m in ms if not m.attrs.get("press")]
    assert kept == [("刘建华", "副主任"), ("李海燕", "院长"), ("欧阳明", "主任医师")]
    assert [m.surface for m in ms if m.attrs.get("press")] == []


def test_press_names_are_flagged(rec: Recogniser) -> None:
    ms = rec.mentions("责任编辑王海涛")
    assert [(m.surface, m.attrs.get("press")) for m in ms if m.type is NodeType.PERSON] == [
        ("王海涛", True)
    ]


def test_common_words_next_to_roles_are_not_names(rec: Recogniser) -> None:
    text = "派出专家高度重视，医生开始独当一面，任医疗队长。"
    assert found(rec, text, NodeType.PERSON) == []


def test_transliterated_names_after_a_title(rec: Recogniser) -> None:
    assert found(rec, "那曲市人民医院院长次仁多吉表示。", NodeType.PERSON) == ["次仁多吉"]


def test_departments_listed_and_shaped(rec: Recogniser) -> None:
    text = "协助新建介入科、疼痛诊疗中心、高原病研究基地等学科，急诊、儿科同步建设。"
    deps = found(rec, text, NodeType.DEPARTMENT)
    assert deps == ["介入科", "疼痛诊疗中心", "高原病研究基地", "急诊", "儿科"]


def test_department_words_inside_other_words_are_not_departments(rec: Recogniser) -> None:
    assert found(rec, "开展中医药科普和外科大中型手术。", NodeType.DEPARTMENT) == []


def test_techniques_quoted_enumerated_and_first_cases(rec: Recogniser) -> None:
    text = "开展“经皮肾镜碎石术”“无痛分娩”等新技术，并完成首例心脏搭桥手术。"
    # 无痛分娩 is a new service brought to the recipient: a Technique by the gold guide.
    assert found(rec, text, NodeType.TECHNIQUE) == ["经皮肾镜碎石术", "无痛分娩", "心脏搭桥手术"]


def test_technique_abbreviation_in_parentheses(rec: Recogniser) -> None:
    (m,) = [
        m
        for m in rec.mentions("引进了PCI（经皮冠状动脉介入治疗）、血液透析等新技术。")
        if m.type is NodeType.TECHNIQUE and m.surface.startswith("经皮")
    ]
    assert m.surface == "经皮冠状动脉介入治疗"
    assert m.attrs["aliases"] == ["PCI"]


def test_programs_titles_quotes_modes_and_paired_provinces(rec: Recogniser) -> None:
    text = (
        "根据《沪滇卫生健康协作三年行动计划（2021-2023年）》，以“院包科”方式推进沪滇协作，"
        "探索“专家+基地”模式。"
    )
    progs = [(m.surface, m.key) for m in rec.mentions(text) if m.type is NodeType.PROGRAM]
    assert progs == [
        ("沪滇卫生健康协作三年行动计划（2021-2023年）", None),
        ("院包科", None),
        ("沪滇协作", None),
        ("“专家+基地”模式", "专家+基地模式"),
    ]


def test_awards_in_quotes_are_not_programs(rec: Recogniser) -> None:
    assert found(rec, "获评“对口支援先进集体”和“援疆工作先进个人”。", NodeType.PROGRAM) == []


def test_bare_team_adjective_is_not_the_programme(rec: Recogniser) -> None:
    assert found(rec, "深化组团式医疗帮扶。", NodeType.PROGRAM) == []
    assert [m.key for m in rec.mentions("开展“组团式”援疆。") if m.type is NodeType.PROGRAM] == [
        "组团式支援"
    ]


def test_county_short_forms_alone_are_not_places(rec: Recogniser) -> None:
    text = "树起一面鲜红旗帜，参观古城和同心广场。"
    assert found(rec, text, NodeType.REGION) == []


def test_short_place_glued_to_another_place_name_is_dropped(rec: Recogniser) -> None:
    assert found(rec, "东莞市松山湖中心医院", NodeType.HOSPITAL) == ["东莞市松山湖中心医院"]


def test_enumeration_items_split_on_separators() -> None:
    s = "开展了甲术、乙丙术和丁戊术等三项。"
    assert [s[a:b] for a, b in enumeration_items(s, 3, 12)] == ["甲术", "乙丙术", "丁戊术"]


@pytest.mark.parametrize(
    "text",
    ["", "。。。", "a" * 5000, "医院" * 300, "“" * 200, "卫生健康委员会" * 50, "\u0000\ufffd医院"],
)
def test_odd_sentences_never_crash(rec: Recogniser, text: str) -> None:
    ms = rec.mentions(text)
    assert all(isinstance(m, Mention) and 0 <= m.start <= m.end <= len(text) for m in ms)


def test_proper_name_ending_in_one_generic_character(rec: Recogniser) -> None:
    # 原/新 alone at the end of a longer free part is part of the name, not a modifier.
    assert found(rec, "青海省河原人民医院派出专家。", NodeType.HOSPITAL) == ["青海省河原人民医院"]
    assert found(rec, "铜仁市三甲医院派出专家。", NodeType.HOSPITAL) == []


def test_medical_centre_hospital_and_exporting_hospital(rec: Recogniser) -> None:
    text = "江西省赣江医学中心医院作为输出医院，与萍乡市人民医院合作。"
    assert found(rec, text, NodeType.HOSPITAL) == ["江西省赣江医学中心医院", "萍乡市人民医院"]


def test_department_stops_at_this_hospital_and_contracting_verb(rec: Recogniser) -> None:
    assert found(rec, "整建制托管该院眼科和麻醉科。", NodeType.DEPARTMENT) == ["眼科", "麻醉科"]
    assert found(rec, "甲医院包建肾内科。", NodeType.DEPARTMENT) == ["肾内科"]


def test_persons_listed_after_a_named_person_and_apprentice_title(rec: Recogniser) -> None:
    text = "专家周明说，他收当地医生扎西顿珠、王小川为徒。"
    assert found(rec, text, NodeType.PERSON) == ["周明", "扎西顿珠", "王小川"]
    assert found(rec, "他带教的徒弟次仁，已能独立完成这类手术。", NodeType.PERSON) == ["次仁"]
    assert found(rec, "卫生健康局局长索朗平措表示。", NodeType.PERSON) == ["索朗平措"]


def test_paired_provinces_at_sentence_start_and_state_building_projects(rec: Recogniser) -> None:
    assert found(rec, "苏陕协作结硕果", NodeType.PROGRAM) == ["苏陕协作"]
    text = "该院入选省级区域医疗中心建设项目，医院建设项目已完工。"
    assert found(rec, text, NodeType.PROGRAM) == ["省级区域医疗中心建设项目"]
    progs = [m.key for m in rec.mentions("国家区域医疗中心揭牌。") if m.type is NodeType.PROGRAM]
    assert progs == ["国家区域医疗中心建设项目"]
    assert found(rec, "宁夏回族自治区对口支援工作会议召开", NodeType.PROGRAM) == []


def test_haemodialysis_room_is_named_whole(rec: Recogniser) -> None:
    assert found(rec, "帮助镇雄县人民医院建成儿科和血液透析室。", NodeType.DEPARTMENT) == [
        "儿科",
        "血液透析室",
    ]


def test_names_after_titles_before_what_the_person_does(rec: Recogniser) -> None:
    text = "援派专家刘建国主刀，护士长郑婉华则负责带教，副主任农海燕介绍，主任王丽援藏一年。"
    assert found(rec, text, NodeType.PERSON) == ["刘建国", "郑婉华", "农海燕", "王丽"]


def test_a_specialty_before_a_title_is_no_name(rec: Recogniser) -> None:
    assert found(rec, "麻醉医师孙晓明手把手指导。", NodeType.PERSON) == ["孙晓明"]


def test_dotted_uyghur_names_with_or_without_a_title(rec: Recogniser) -> None:
    text = "医生阿不都克力木·吐尔逊、买买提·依明为徒，带教该院的努尔古丽·艾买提等护士。"
    assert found(rec, text, NodeType.PERSON) == [
        "阿不都克力木·吐尔逊",
        "买买提·依明",
        "努尔古丽·艾买提",
    ]


def test_tibetan_name_after_a_nurse_title(rec: Recogniser) -> None:
    assert found(rec, "她与护士央金卓玛结为师徒，院长降央多吉说。", NodeType.PERSON) == [
        "央金卓玛",
        "降央多吉",
    ]


def test_headquarters_named_after_a_place_starting_with_he(rec: Recogniser) -> None:
    text = "天津市援疆和静指挥部联合天津市卫生健康委员会组织专家。"
    assert found(rec, text, NodeType.ORGANIZATION) == [
        "天津市援疆和静指挥部",
        "天津市卫生健康委员会",
    ]


def test_dotted_name_before_a_following_word(rec: Recogniser) -> None:
    assert found(rec, "医生努尔江·艾力则走了另一条路。", NodeType.PERSON) == ["努尔江·艾力"]


def test_he_between_two_names_is_a_conjunction_before_a_full_place(rec: Recogniser) -> None:
    text = "分别进驻隆林各族自治县人民医院和田东县中医医院。"
    assert found(rec, text, NodeType.HOSPITAL) == ["隆林各族自治县人民医院", "田东县中医医院"]
    assert found(rec, "支援和田地区人民医院。", NodeType.HOSPITAL) == ["和田地区人民医院"]


def test_techniques_after_guided_start_landing_and_pain_relief(rec: Recogniser) -> None:
    assert found(rec, "医师指导本地医生开展超声引导下臂丛神经阻滞麻醉。", NodeType.TECHNIQUE) == [
        "超声引导下臂丛神经阻滞麻醉"
    ]
    assert found(rec, "在骨科，经皮椎体成形术也于今年5月落地。", NodeType.TECHNIQUE) == [
        "经皮椎体成形术"
    ]
    assert found(rec, "开展了该院首例腰硬联合分娩镇痛。", NodeType.TECHNIQUE) == [
        "腰硬联合分娩镇痛"
    ]


def test_department_between_a_hospital_and_a_doctors_title(rec: Recogniser) -> None:
    text = "收喀什地区第二人民医院眼科医生艾力·买买提为徒，他曾在上海市第十人民医院眼科进修。"
    assert found(rec, text, NodeType.DEPARTMENT) == ["眼科", "眼科"]
    assert found(rec, "他是一名骨科医生。", NodeType.DEPARTMENT) == []


def test_town_health_centre_name_may_start_with_a_boundary_character(rec: Recogniser) -> None:
    # 将 and 同 open town names here (after a county, after 和), not verbs or conjunctions.
    text = "专家常驻会宁县将军堡镇卫生院和同安乡卫生院，医生将城关镇卫生院的病人转诊。"
    assert found(rec, text, NodeType.HOSPITAL) == [
        "会宁县将军堡镇卫生院",
        "同安乡卫生院",
        "城关镇卫生院",
    ]


def test_standard_technique_names_without_a_usual_ending(rec: Recogniser) -> None:
    text = "该院首次开展体外膜肺氧合（ECMO）和雷火灸、穴位贴敷治疗，并新设血液透析室。"
    techs = [(m.surface, m.key) for m in rec.mentions(text) if m.type is NodeType.TECHNIQUE]
    assert "体外膜肺氧合" in [t for t, _ in techs]
    assert ("ECMO", "体外膜肺氧合") in techs
    assert ("雷火灸", "雷火灸") in techs
    assert ("穴位贴敷治疗", None) in techs
    assert not [t for t, _ in techs if t.startswith("血液透析")]  # a department's name


def test_sent_staff_named_after_their_role(rec: Recogniser) -> None:
    text = (
        "医院选派护理骨干孙晓燕、院长助理郑国强赴当地，援派专家吴立新正在查房，"
        "选派骨干医生何志远到乡镇坐诊。"
    )
    assert found(rec, text, NodeType.PERSON) == ["孙晓燕", "郑国强", "吴立新", "何志远"]


def test_an_adverb_between_a_name_and_its_verb_is_no_part_of_the_name(rec: Recogniser) -> None:
    text = "四川省人民医院的刘洋则带领队员深入甘孜县开展义诊。"
    assert found(rec, text, NodeType.PERSON) == ["刘洋"]


def test_a_verb_before_a_bare_alliance_word_makes_no_alliance_name(rec: Recogniser) -> None:
    # 希望借助联盟平台, 下一步联盟将…: the bare word 联盟 refers back, it names nothing.
    assert found(rec, "她希望借助联盟平台提升护理水平。", NodeType.ALLIANCE) == []
    assert found(rec, "据悉，下一步联盟将建设培训平台。", NodeType.ALLIANCE) == []


def test_a_procedure_done_for_a_patient_is_a_technique(rec: Recogniser) -> None:
    # 为患者实施X / 接受X的患者: the procedure named; 此类手术 only points back to it.
    text = "专家为一名70岁患者实施经皮椎间孔镜髓核摘除术，这是该县首例此类手术。"
    assert found(rec, text, NodeType.TECHNIQUE) == ["经皮椎间孔镜髓核摘除术"]
    text = "刚刚接受腹腔镜下胰十二指肠切除术的患者已经出院。"
    assert found(rec, text, NodeType.TECHNIQUE) == ["腹腔镜下胰十二指肠切除术"]
    assert found(rec, "该院已能独立开展该项手术。", NodeType.TECHNIQUE) == []


def test_a_dotted_uyghur_name_with_ma_and_mu_is_one_person(rec: Recogniser) -> None:
    text = "喀什地区第一人民医院副院长阿不都·马木提介绍，医院已通过评审。"
    assert found(rec, text, NodeType.PERSON) == ["阿不都·马木提"]


def test_the_aid_word_after_a_quoted_programme_word_is_in_its_aliases(rec: Recogniser) -> None:
    # “组团式”援青: the written form and its unquoted one are aliases of the programme.
    (p,) = [m for m in rec.mentions("青海省推进“组团式”援青工作。") if m.type is NodeType.PROGRAM]
    assert p.attrs["aliases"] == ["“组团式”援青", "组团式援青"]
    assert p.key == "组团式支援"


def test_a_kind_of_medical_union_is_no_alliance_name(rec: Recogniser) -> None:
    # 紧密型县域医共体, 州县一体化医联体 say what kind of union; a place makes it one.
    assert found(rec, "全县推进紧密型县域医共体建设。", NodeType.ALLIANCE) == []
    assert found(rec, "组建州县一体化医联体。", NodeType.ALLIANCE) == []
    assert found(rec, "加入海原县紧密型医联体。", NodeType.ALLIANCE) == ["海原县紧密型医联体"]


def test_team_listed_as_department_and_name(rec: Recogniser) -> None:
    s = "医院选派眼科周敏、骨科吴强、儿科钱丽3名骨干为队员。"
    assert found(rec, s, NodeType.PERSON) == ["周敏", "吴强", "钱丽"]
    assert {"眼科", "骨科", "儿科"} <= set(found(rec, s, NodeType.DEPARTMENT))


def test_ethnic_names_with_dong_zhi_dui_and_names_before_chuxi(rec: Recogniser) -> None:
    assert found(rec, "州卫生健康委员会主任才让东智表示，", NodeType.PERSON) == ["才让东智"]
    assert found(rec, "远程医学中心主任洛桑旺堆说。", NodeType.PERSON) == ["洛桑旺堆"]
    assert found(rec, "县人民医院副院长赵立新出席会议。", NodeType.PERSON) == ["赵立新"]


def test_networks_quoted_are_alliances_bare_endings_are_not(rec: Recogniser) -> None:
    s = "依托“沪滇远程医疗协作网”开展帮扶，县医院率先接入协作网，专家挂职医共体副院长。"
    assert found(rec, s, NodeType.ALLIANCE) == ["沪滇远程医疗协作网"]
    assert found(rec, "组建紧密型医共体“宁县医疗健康总院”。", NodeType.ALLIANCE) == [
        "宁县医疗健康总院"
    ]


def test_town_central_health_centre_and_the_verb_before_it(rec: Recogniser) -> None:
    s = "他到白马镇中心卫生院巡诊，并将白马镇中心卫生院医生收为徒弟。"
    assert found(rec, s, NodeType.HOSPITAL) == ["白马镇中心卫生院", "白马镇中心卫生院"]


def test_a_list_whose_only_item_is_a_name_is_no_list_of_techniques(rec: Recogniser) -> None:
    # Trimming the name off left the enumeration without items, which used to raise.
    for s in ("北京协和医院等3项技术", "由某市第一人民医院等5项新技术"):
        assert found(rec, s, NodeType.TECHNIQUE) == []
        assert len(found(rec, s, NodeType.HOSPITAL)) == 1


def test_word_gated_patterns_find_what_their_pattern_finds() -> None:
    # A gate may only skip sentences the pattern cannot match: its words must be in every
    # match. Checked on every gated pattern over sentences built from their own pieces.
    import random

    from aidgraph.ingest.lexicon import WordGated
    from aidgraph.ingest.recognise import patterns as rp
    from aidgraph.ingest.relate import patterns as lp

    gated = [p for m in (rp, lp) for p in vars(m).values() if isinstance(p, WordGated)]
    assert len(gated) >= 10
    pieces = ["等", "3项", "技术", "于", "首次", "填补", "空白", "在", "开展", "“", "”", "模式"]
    pieces += ["《", "》", "计划", "项目", "ECMO", "国家", "建设", "工程", "协作", "对口支援"]
    pieces += ["浙川", "受援", "医院", "两家", "成员", "单位", "分院", "成为", "作为", "联盟"]
    pieces += ["古丽", "·", "买买提", "•", "，", "。", "某某", "人民", "医联体", "理事"]
    rng = random.Random(0)
    for _ in range(3000):
        s = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        for g in gated:
            assert [m.span() for m in g.finditer(s)] == [m.span() for m in g.pattern.finditer(s)]
            if g.pattern.search(s):
                assert g.search(s) is not None
