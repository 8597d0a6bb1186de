"""Numerals, counted figures with approximations, years."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidgraph.graph.model import Approx, Figure
from aidgraph.ingest.numerals import FigureMention, find_figures, find_years, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.2万", 12000),
        ("三十一", 31),
        ("两", 2),
        ("1,176", 1176),
        ("896", 896),
        ("十", 10),
        ("十八", 18),
        ("二十", 20),
        ("一百零五", 105),
        ("一千二百", 1200),
        ("两千", 2000),
        ("一万二", 12000),
        ("三百五", 350),
        ("百", 100),
        ("十万", 100000),
        ("一亿五千万", 150_000_000),
        ("3千", 3000),
        ("780万", 7_800_000),
        ("1.5亿", 150_000_000),
        ("二〇二一", 2021),
        ("１２", 12),
        ("零", 0),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "三四", "十四五", "万", "abc", "1,17", "1.2.3", "名", "一二", "十百"]
)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


def figs(sentence: str) -> list[tuple]:
    return [(f.value, f.approx, f.unit) for f in find_figures(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("为受援医院培训医务人员1.2万余人次。", [(12000, Approx.OVER, "人次")]),
        ("来自省市两级近200名援疆医疗队员", [(200, Approx.NEARLY, "名")]),
        ("来自省市两级将近200名援疆医疗队员", [(200, Approx.NEARLY, "名")]),
        ("远程病例讨论200多例。", [(200, Approx.OVER, "例")]),
        ("已能独立完成腹腔镜胆囊切除术等三四级手术。", []),
        ("参与了两家受援医院的学科建设。", [(2, None, "家")]),
        ("十年来,共选派25批医疗队", [(10, None, "年"), (25, None, "批")]),
        ("约500名群众参加义诊", [(500, Approx.ABOUT, "名")]),
        ("苏州援黔医生数量保持在50人以上", [(50, Approx.OVER, "人")]),
        ("撰写科研论文百余篇", [(100, Approx.OVER, "篇")]),
        ("累计带出了数百名本地医生", []),
        ("第六批“组团式”援藏医疗队", []),
        ("2016年6月29日,健康报报道", []),
        ("党的十八大以来", []),
        ("《“十四五”时期协作方案》", []),
        ("开展培训1,024场,引进新技术87项", [(1024, None, "场"), (87, None, "项")]),
        ("投入资金650万元", [(6_500_000, None, "元")]),
        ("新疆喀什地区及1区3县120名", [(1, None, "区"), (3, None, "县"), (120, None, "名")]),
        ("赴梵净医馆就医总人数10万余人次", [(100000, Approx.OVER, "人次")]),
        ("制定医疗管理制度36余项", [(36, Approx.OVER, "项")]),
        ("中日医院是国家队,一大批本地医生", []),
        ("开展为期1年或1年半的支援工作", [(1, None, "年"), (1.5, None, "年")]),
        ("派出5名半天的义诊队", [(5, None, "名")]),
    ],
)
def test_find_figures(sentence, expected):
    assert figs(sentence) == expected


def test_figure_mention_fields_and_offsets():
    s = "为受援医院培训医务人员1.2万余人次。"
    [f] = find_figures(s)
    assert isinstance(f, FigureMention)
    assert f.text == "1.2万余人次" == s[f.start : f.end]
    assert f.to_figure() == Figure(value=12000, approx=Approx.OVER, unit="人次", text="1.2万余人次")
    [f] = find_figures("共派出近300名专家")
    assert f.text == "近300名"


def test_figure_range():
    [f] = find_figures("每个帮扶组团由3至4所医院组成")
    assert (f.value, f.upper, f.unit) == (3, 4, "所")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("持续推动《三年行动计划(2018~2020年)》的落实", [(2018, 2020)]),
        ("根据《2021-2025年粤黔医疗卫生协作框架协议》", [(2021, 2025)]),
        ("2018年至2020年间", [(2018, 2020)]),
        ("2015年,李明院长带队奔赴延安", [(2015, None)]),
        ("厦门于2022年5月建立工作小组", [(2022, None)]),
        ("二〇二一年,医疗队出发", [(2021, None)]),
        ("2016年、2018年两次获奖", [(2016, None), (2018, None)]),
        ("惠及市民2000余人", []),
        ("上世纪80年代", []),
        ("十年来", []),
        ("2018—20年", [(2018, 2020)]),
    ],
)
def test_find_years(sentence, expected):
    assert [y.years for y in find_years(sentence)] == expected


def test_year_mention_offsets():
    s = "计划(2018~2020年)落实"
    [y] = find_years(s)
    assert s[y.start : y.end] == y.text == "2018~2020年"
    assert (y.first, y.last) == (2018, 2020)


# --- properties -------------------------------------------------------------------------

_DIG = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """A plain Chinese numeral for 0 <= n < 10**12 (the test's own writer)."""
    if n == 0:
        return "零"

    def below_10000(x: int) -> str:
        out = []
        zero = False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, x = divmod(x, unit)
            if d:
                if zero and out:
                    out.append("零")
                out.append(_DIG[d] + name)
                zero = False
            else:
                zero = True
        return "".join(out)

    parts = []
    for unit, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        d, n = divmod(n, unit)
        if d:
            if parts and d < 1000:  # 一万零五百, 一亿零五百万
                parts.append("零")
            parts.append(below_10000(d) + name)
    text = "".join(parts)
    return text


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=0, max_value=10**11))
def test_parse_number_roundtrip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n
    assert parse_number(to_chinese(n)) == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=99999), st.sampled_from(["名", "家", "项", "例", "人次"]))
def test_figure_roundtrip(n, unit):
    s = f"共派出{n}{unit}专家"
    [f] = find_figures(s)
    assert (f.value, f.unit, f.approx) == (n, unit, None)
    s = f"共派出{n}余{unit}专家"
    [f] = find_figures(s)
    assert (f.value, f.approx) == (n, Approx.OVER)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("0123456789.,一二两三十百千万亿余多近约名家年~-至第数()")),
        max_size=40,
    )
)
def test_numerals_never_crash(s):
    parse_number(s)
    for f in find_figures(s):
        assert s[f.start : f.end] == f.text
        assert f.value >= 0
    for y in find_years(s):
        assert s[y.start : y.end] == y.text
        assert 1900 <= y.first <= 2100
        assert y.last is None or y.last >= y.first
