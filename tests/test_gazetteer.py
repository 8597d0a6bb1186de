"""Tests for the administrative-division gazetteer on the packaged table."""

from __future__ import annotations

import functools
import importlib.util
import sys
import time
from pathlib import Path

import pytest

from aidgraph.ingest.gazetteer import COLUMNS, Gazetteer, Place, default_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    start = time.perf_counter()
    g = default_gazetteer()
    print(f"gazetteer load: {time.perf_counter() - start:.3f} s, {len(g)} places")
    return g


def name_of(place: Place | None) -> str | None:
    return place.name if place else None


@pytest.mark.parametrize(
    ("surface", "full", "level"),
    [
        ("玉树州", "玉树藏族自治州", "prefecture"),
        ("玉树", "玉树藏族自治州", "prefecture"),
        ("沿河县", "沿河土家族自治县", "county"),
        ("沿河", "沿河土家族自治县", "county"),
        ("鄂温克旗", "鄂温克族自治旗", "county"),
        ("喀什", "喀什地区", "prefecture"),
        ("喀什市", "喀什市", "county"),
        ("日喀则", "日喀则市", "prefecture"),
        ("日喀则地区", "日喀则市", "prefecture"),
        ("新疆", "新疆维吾尔自治区", "province"),
        ("内蒙古", "内蒙古自治区", "province"),
        ("内蒙", "内蒙古自治区", "province"),
        ("克州", "克孜勒苏柯尔克孜自治州", "prefecture"),
        ("巴州", "巴音郭楞蒙古自治州", "prefecture"),
        ("阿坝州", "阿坝藏族羌族自治州", "prefecture"),
        ("广西", "广西壮族自治区", "province"),
        ("宁夏", "宁夏回族自治区", "province"),
        ("西藏", "西藏自治区", "province"),
        ("上海", "上海市", "province"),
        ("河南", "河南省", "province"),
        ("湘西州", "湘西土家族苗族自治州", "prefecture"),
        ("龙胜", "龙胜各族自治县", "county"),
        ("双江县", "双江拉祜族佤族布朗族傣族自治县", "county"),
        ("木垒县", "木垒哈萨克自治县", "county"),
        ("浦东", "浦东新区", "county"),
        ("襄樊", "襄阳市", "prefecture"),
        ("盘县", "盘州市", "county"),
        ("石河子", "石河子市", "county"),
        ("榆林地区", "榆林市", "prefecture"),
        ("宣武区", "西城区", "county"),
        ("兵团第八师", "石河子市", "county"),
        ("新疆生产建设兵团第一师", "阿拉尔市", "county"),
        ("北京市朝阳区", "朝阳区", "county"),
        ("新疆喀什", "喀什地区", "prefecture"),
        ("广西省", "广西壮族自治区", "province"),
        ("新疆省", "新疆维吾尔自治区", "province"),
        ("阿里市", "阿里地区", "prefecture"),
    ],
)
def test_resolve_short_forms(gaz: Gazetteer, surface: str, full: str, level: str) -> None:
    place = gaz.resolve(surface)
    assert place is not None, surface
    assert (place.name, place.level) == (full, level)


def test_unknown_surface(gaz: Gazetteer) -> None:
    assert gaz.resolve("亚特兰蒂斯") is None
    assert gaz.resolve("喀什省") is None  # a suffix of the wrong level
    assert gaz.candidates("亚特兰蒂斯") == []


def test_ancestors_of_county_nearest_first(gaz: Gazetteer) -> None:
    county = gaz.resolve("沿河县")
    assert county is not None
    assert [a.name for a in gaz.ancestors(county)] == ["铜仁市", "贵州省"]
    assert name_of(gaz.parent(county)) == "铜仁市"
    province = gaz.resolve("贵州")
    assert province is not None
    assert gaz.is_within(county, province)
    assert not gaz.is_within(province, county)
    assert gaz.ancestors(province) == []


def test_municipality_districts_hang_off_the_province(gaz: Gazetteer) -> None:
    district = gaz.by_code("310115")
    assert district is not None and district.name == "浦东新区"
    assert [a.name for a in gaz.ancestors(district)] == ["上海市"]


def test_direct_administered_county_city_under_province(gaz: Gazetteer) -> None:
    place = gaz.resolve("石河子市")
    assert place is not None and place.level == "county"
    assert name_of(gaz.parent(place)) == "新疆维吾尔自治区"


def test_context_disambiguates_shared_full_name(gaz: Gazetteer) -> None:
    assert {p.adcode for p in gaz.by_name("朝阳区")} == {"110105", "220104"}
    assert gaz.resolve("朝阳区") is None  # two districts, no context: ambiguous
    beijing, changchun = gaz.resolve("北京"), gaz.resolve("长春")
    assert beijing is not None and changchun is not None
    beijing_district = gaz.resolve("朝阳区", [beijing])
    changchun_district = gaz.resolve("朝阳区", [changchun])
    assert beijing_district is not None and beijing_district.adcode == "110105"
    assert changchun_district is not None and changchun_district.adcode == "220104"


def test_context_sibling_beats_unrelated(gaz: Gazetteer) -> None:
    # 城关区 exists in several cities; a sibling district picks Lhasa's.
    lhasa_sibling = gaz.resolve("堆龙德庆区")
    assert lhasa_sibling is not None
    place = gaz.resolve("城关区", [lhasa_sibling])
    assert place is not None
    assert name_of(gaz.parent(place)) == "拉萨市"


def test_suffix_selects_level(gaz: Gazetteer) -> None:
    # 朝阳 alone: the prefecture-level city wins; 朝阳县 names the county.
    assert gaz.resolve("朝阳") == gaz.by_code("211300")
    county = gaz.resolve("朝阳县")
    assert county is not None and county.level == "county"


def test_candidates_cover_short_and_full(gaz: Gazetteer) -> None:
    names = {p.name for p in gaz.candidates("玉树")}
    assert names == {"玉树藏族自治州", "玉树市"}


def test_risky_short_forms(gaz: Gazetteer) -> None:
    for word in ("东方", "和平", "城关", "长安", "朝阳", "通道", "比如", "新城"):
        assert gaz.is_risky_short(word), word
    for safe in ("上海", "北京", "西藏", "新疆", "青海", "内蒙古", "广东", "贵州", "喀什", "玉树"):
        assert not gaz.is_risky_short(safe), safe
    assert not gaz.is_risky_short("玉树藏族自治州")  # a full name is not a short form
    assert not gaz.is_risky_short("沛县")


def test_generic_district_names_are_risky(gaz: Gazetteer) -> None:
    surfaces = dict(gaz.surfaces())
    for word in ("城区", "郊区", "矿区", "东区"):
        assert gaz.candidates(word), word  # real districts ...
        assert gaz.is_risky_short(word), word  # ... but ordinary words first
        assert surfaces[word] is False, word
    assert surfaces["朝阳区"] is True
    assert "东方" in gaz.risky_shorts()


def test_generic_county_words_risky_prefectures_not(gaz: Gazetteer) -> None:
    # County short forms made of generic characters or naming landmarks and regions.
    for word in ("城西", "南湖", "中原", "新建", "南海", "平原", "惠民", "长治", "尼玛"):
        assert gaz.is_risky_short(word), word
    # The same kind of characters naming a prefecture stay usable.
    for word in ("山南", "内江", "那曲", "林芝", "昌都", "阿里", "和田", "海东"):
        assert not gaz.is_risky_short(word), word


def test_surfaces_mark_full_names(gaz: Gazetteer) -> None:
    surfaces = dict(gaz.surfaces())
    assert surfaces["玉树藏族自治州"] is True
    assert surfaces["玉树州"] is False
    assert surfaces["日喀则地区"] is True
    assert len(surfaces) > 5000


def test_coordinates_present_for_most(gaz: Gazetteer) -> None:
    place = gaz.resolve("拉萨")
    assert place is not None and place.lat is not None and place.lon is not None
    assert 29 < place.lat < 30.5 and 90 < place.lon < 92
    with_coords = sum(1 for p in gaz if p.lat is not None)
    assert with_coords / len(gaz) > 0.9
    # A county turned district (长乐市 -> 长乐区) keeps its seat's coordinates.
    changle = gaz.resolve("长乐区")
    assert changle is not None and changle.lat is not None and changle.lon is not None
    assert 25.5 < changle.lat < 26.5 and 119 < changle.lon < 120


def test_every_parent_exists_and_is_higher(gaz: Gazetteer) -> None:
    for place in gaz:
        parent = gaz.parent(place)
        if place.level == "province":
            assert parent is None, place
        else:
            assert parent is not None, place
            assert parent.rank < place.rank, place


def test_bad_row_names_file_line_and_field(tmp_path) -> None:
    header = "\t".join(COLUMNS)
    path = tmp_path / "bad.tsv"
    path.write_text(header + "\n110000\t北京市\tcity\t\t北京\t\t\t\t\t\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:2: field level"):
        Gazetteer.from_tsv(path)


def test_small_table_from_tsv(tmp_path) -> None:
    header = "\t".join(COLUMNS)
    rows = [
        "990000\t甲乙省\tprovince\t\t甲乙\t\t\t\t\t",
        "990100\t丙丁市\tprefecture\t990000\t丙丁\t\t丙丁地区\t\t1.5\t2.5",
        "990101\t丙丁县\tcounty\t990100\t丙丁\t\t\t戊县\t\t",
    ]
    path = tmp_path / "mini.tsv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    g = Gazetteer.from_tsv(path)
    assert len(g) == 3
    assert name_of(g.resolve("丙丁")) == "丙丁市"  # nested chain: the higher level
    assert name_of(g.resolve("丙丁县")) == "丙丁县"
    assert not g.is_risky_short("丙丁")
    assert name_of(g.resolve("丙丁地区")) == "丙丁市"
    assert name_of(g.resolve("戊县")) == "丙丁县"
    assert dict(g.surfaces())["戊县"] is True


def test_wrong_header_is_reported(tmp_path) -> None:
    path = tmp_path / "old.tsv"
    path.write_text("adcode\tname\n110000\t北京市\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"old.tsv:1: expected columns"):
        Gazetteer.from_tsv(path)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("甘肃省天水市甘谷县医院", ["甘肃省", "天水市", "甘谷县"]),
        ("吉林省长春市朝阳区人民医院", ["吉林省", "长春市", "朝阳区"]),
        ("新疆喀什地区第一人民医院", ["新疆维吾尔自治区", "喀什地区"]),
        ("玉树州人民医院", ["玉树藏族自治州"]),
        ("上海交通大学医学院", ["上海市"]),
        ("广东省中山市人民医院", ["广东省", "中山市"]),
        ("中山大学附属第一医院", []),  # a risky short form on its own is not taken
        ("东方医院", []),
        ("人民医院", []),
    ],
)
def test_leading_places(gaz: Gazetteer, text: str, names: list[str]) -> None:
    assert [p.name for _, p in gaz.leading_places(text)] == names


def test_leading_places_surfaces_are_the_text(gaz: Gazetteer) -> None:
    chain = gaz.leading_places("北京市朝阳区某某医院")
    assert [s for s, _ in chain] == ["北京市", "朝阳区"]
    assert chain[1][1].adcode == "110105"


def test_unique_name(gaz: Gazetteer) -> None:
    beijing = gaz.by_code("110105")
    changchun = gaz.by_code("220104")
    yushu = gaz.resolve("玉树")
    assert beijing and changchun and yushu
    assert gaz.unique_name(beijing) == "北京市朝阳区"
    assert gaz.unique_name(changchun) == "长春市朝阳区"
    assert gaz.unique_name(yushu) == "玉树藏族自治州"
    names = [gaz.unique_name(p) for p in gaz]
    assert len(names) == len(set(names))


@functools.cache
def _build_script():
    path = Path(__file__).resolve().parents[1] / "scripts" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)  # jionlp is imported only inside main()
    return module


@pytest.mark.parametrize(
    ("name", "shorts"),
    [
        ("玉树藏族自治州", ["玉树州", "玉树"]),
        ("沿河土家族自治县", ["沿河县", "沿河"]),
        ("鄂温克族自治旗", ["鄂温克旗", "鄂温克"]),
        ("鄂伦春自治旗", ["鄂伦春旗", "鄂伦春"]),
        ("新疆维吾尔自治区", ["新疆"]),
        ("内蒙古自治区", ["内蒙古"]),
        ("西藏自治区", ["西藏"]),
        ("上海市", ["上海"]),
        ("喀什地区", ["喀什"]),
        ("龙胜各族自治县", ["龙胜县", "龙胜"]),
        ("积石山保安族东乡族撒拉族自治县", ["积石山县", "积石山"]),
        ("巴音郭楞蒙古自治州", ["巴音郭楞州", "巴音郭楞"]),
        ("管城回族区", ["管城"]),
        ("峰峰矿区", ["峰峰"]),
        ("六枝特区", ["六枝"]),
        ("神农架林区", ["神农架"]),
        ("万柏林区", ["万柏林"]),
        ("香港特别行政区", ["香港"]),
        ("盘县", []),  # a one-character stem is no short form
    ],
)
def test_short_form_rules(name: str, shorts: list[str]) -> None:
    assert _build_script().short_forms(name) == shorts


def test_every_place_resolves_by_unique_name_and_in_its_parent(gaz: Gazetteer) -> None:
    for place in gaz:
        parent = gaz.parent(place)
        assert gaz.resolve(place.name, [parent] if parent else []) == place, place
        assert gaz.resolve(gaz.unique_name(place)) == place, place


def test_safe_short_forms_resolve_to_their_place_or_an_enclosing_one(gaz: Gazetteer) -> None:
    # 玉树 (of 玉树市) gives 玉树藏族自治州, which encloses it: never an unrelated place.
    for place in gaz:
        parent = gaz.parent(place)
        for short in place.short_names:
            if gaz.is_risky_short(short):
                continue
            got = gaz.resolve(short, [parent] if parent else [])
            assert got is not None and gaz.is_within(place, got), (short, place.name)


def test_a_place_repeated_in_context_resolves_to_itself(gaz: Gazetteer) -> None:
    hotan = gaz.resolve("和田地区")
    assert hotan is not None
    assert gaz.resolve("和田", [hotan]) == hotan


def test_province_of_and_by_name(gaz: Gazetteer) -> None:
    county = gaz.resolve("尼木县")
    assert county is not None
    assert gaz.province_of(county).name == "西藏自治区"
    assert [p.adcode for p in gaz.by_name("尼木县")] == [county.adcode]
    assert gaz.by_name("不存在县") == []


def test_needs_boundary(gaz: Gazetteer) -> None:
    for surface in ("高县", "成县", "兴县", "和县", "玉树", "沿河县"):
        assert gaz.needs_boundary(surface), surface
    for surface in ("玉树藏族自治州", "尼木县", "北京市"):
        assert not gaz.needs_boundary(surface), surface
    assert not gaz.needs_boundary("不是地名")


@pytest.mark.parametrize(
    ("surface", "full"),
    [
        ("玉树自治州", "玉树藏族自治州"),
        ("沿河自治县", "沿河土家族自治县"),
        ("延边自治州", "延边朝鲜族自治州"),
    ],
)
def test_autonomous_place_without_its_peoples_names(gaz: Gazetteer, surface, full) -> None:
    assert name_of(gaz.resolve(surface)) == full
