"""Tests for the clinical department lexicon on the packaged list."""

from __future__ import annotations

import pytest

from aidgraph.ingest.departments import (
    DepartmentLexicon,
    DepartmentName,
    default_departments,
)


@pytest.fixture(scope="module")
def deps() -> DepartmentLexicon:
    return default_departments()


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("心内科", "心血管内科"),
        ("心血管内科", "心血管内科"),
        ("ICU", "重症医学科"),
        ("icu", "重症医学科"),
        ("ＩＣＵ", "重症医学科"),
        ("重症医学科", "重症医学科"),
        ("感染科", "感染性疾病科"),
        ("传染科", "感染性疾病科"),
        ("骨科", "骨科"),
        ("血液透析室", "血液净化中心"),
        ("眼科", "眼科"),
        ("肾病科", "肾内科"),
        ("普外科", "普通外科"),
        ("呼吸内科", "呼吸与危重症医学科"),
        ("耳鼻喉科", "耳鼻咽喉科"),
        ("心外科", "心脏大血管外科"),
        ("儿外科", "小儿外科"),
        ("检验科", "检验科"),
        ("医学检验科", "检验科"),
        ("全科医疗科", "全科医学科"),
        ("急诊医学科", "急诊科"),
        ("康复科", "康复医学科"),
        ("藏医科", "藏医科"),
        ("治未病中心", "治未病科"),
        ("胸痛中心", "胸痛中心"),
    ],
)
def test_canonical(deps: DepartmentLexicon, surface: str, canonical: str) -> None:
    assert deps.canonical(surface) == canonical


def test_unknown_is_none(deps: DepartmentLexicon) -> None:
    assert deps.canonical("小儿骨科") is None
    assert deps.canonical("护理部") is None
    assert deps.canonical("") is None


def test_national_subjects_are_listed(deps: DepartmentLexicon) -> None:
    for subject in (
        "内科", "外科", "妇产科", "儿科", "眼科", "耳鼻咽喉科", "口腔科", "皮肤科", "医疗美容科",
        "精神科", "感染性疾病科", "结核病科", "肿瘤科", "急诊科", "康复医学科", "运动医学科",
        "职业病科", "麻醉科", "检验科", "病理科", "医学影像科", "中医科", "民族医学科",
        "中西医结合科", "重症医学科", "全科医学科", "疼痛科",
    ):  # fmt: skip
        entry = deps.entry(subject)
        assert entry is not None, subject
        assert entry.parent is None, subject


def test_hierarchy(deps: DepartmentLexicon) -> None:
    assert deps.parent("心内科") == "内科"
    assert deps.ancestors("肝胆外科") == ["普通外科", "外科"]
    assert deps.parent("藏医科") == "民族医学科"
    assert deps.parent("内科") is None
    assert deps.parent("脑病科") == "中医科"
    assert deps.parent("不存在的科") is None


def test_non_clinical_units_absent(deps: DepartmentLexicon) -> None:
    surfaces = set(deps.surfaces())
    for unit in ("护理部", "医务科", "财务科", "院办"):
        assert unit not in surfaces
    assert {"心内科", "心血管内科", "ICU"} <= surfaces


@pytest.mark.parametrize(
    ("surface", "base"),
    [
        ("心内科", "心血管内科"),
        ("小儿骨科", "骨科"),
        ("普外二科", "普通外科"),
        ("心内一病区", "心血管内科"),
        ("骨科门诊", "骨科"),
        ("创伤骨科", "创伤骨科"),
        ("乳腺中心", "乳腺外科"),
        ("眼科中心", "眼科"),
        ("中医脑病科", "脑病科"),
    ],
)
def test_base(deps: DepartmentLexicon, surface: str, base: str) -> None:
    assert deps.base(surface) == base


def test_base_none_for_non_departments(deps: DepartmentLexicon) -> None:
    assert deps.base("医务处") is None
    assert deps.base("人民医院") is None


@pytest.mark.parametrize(
    "surface",
    [
        "心内科",
        "小儿骨科",
        "甲乳外科",
        "普外二科",
        "心内一病区",
        "卒中中心",
        "胸痛中心",
        "神经外科ICU",
    ],
)
def test_looks_like_department(deps: DepartmentLexicon, surface: str) -> None:
    assert deps.looks_like_department(surface)


@pytest.mark.parametrize(
    "surface",
    ["医务科", "宣传科", "财务科", "重点学科", "专科", "本科", "医科", "护理部", "疾控中心",
     "急救中心", "体检中心", "消毒供应中心", "财务ICU", "监护室", "人民医院", "科", "心内科、",
     "一科"],
)  # fmt: skip
def test_does_not_look_like_department(deps: DepartmentLexicon, surface: str) -> None:
    assert not deps.looks_like_department(surface)


def test_conflicting_synonym_rejected() -> None:
    with pytest.raises(ValueError, match="names both"):
        DepartmentLexicon(
            [DepartmentName("甲科", ("乙科",), None), DepartmentName("丙科", ("乙科",), None)]
        )


def test_unknown_parent_rejected() -> None:
    with pytest.raises(ValueError, match="unknown parent"):
        DepartmentLexicon([DepartmentName("甲科", (), "不存在")])


def test_bad_file_names_line(tmp_path) -> None:
    path = tmp_path / "deps.tsv"
    path.write_text("# comment\nname\tsynonyms\tparent\tcode\n甲科\t\t\t\t多余\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"deps.tsv:3: expected 4 fields"):
        DepartmentLexicon.from_tsv(path)


def test_from_tsv_small(tmp_path) -> None:
    path = tmp_path / "deps.tsv"
    path.write_text(
        "name\tsynonyms\tparent\tcode\n甲科\t甲甲科\t\t01\n乙科\t\t甲科\n", encoding="utf-8"
    )
    lex = DepartmentLexicon.from_tsv(path)
    assert lex.canonical("甲甲科") == "甲科"
    assert lex.parent("乙科") == "甲科"
    entry = lex.entry("甲科")
    assert entry is not None and entry.code == "01"


def test_every_listed_surface_round_trips(deps: DepartmentLexicon) -> None:
    for entry in deps:
        for surface in (entry.name, *entry.synonyms):
            assert deps.canonical(surface) == entry.name, surface
            assert deps.base(surface) == entry.name, surface
            assert deps.looks_like_department(surface), surface
