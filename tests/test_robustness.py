"""No input crashes the reader: empty, binary, huge, mixed-encoding, punctuation-free files;
a file it cannot read raises UnreadableSource naming it; the work of cleaning grows in
proportion to its input.

Nothing here is timed (a loaded machine must not fail the suite): growth is measured in
function calls (the ``count_calls`` fixture), and throughput in ``bench/bench_normalise.py``
and ``bench/bench_extract.py``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidgraph.graph.model import Source, SourceKind
from aidgraph.ingest.articles import extract_document
from aidgraph.ingest.normalise import UnreadableSource, decode_bytes, load_document, normalise
from aidgraph.ingest.numerals import find_figures, find_years
from aidgraph.ingest.sentences import MAX_SENTENCE, split_sentences

PARAGRAPH = (
    "{i}年来,浙江省人民医院持续对口支援四川省阿坝藏族羌族自治州人民医院,先后选派{n}名专家"
    "赴阿坝开展为期半年的帮扶工作,协助建设胸痛中心和卒中中心,培训医务人员近{m}人次。"
)


def realistic_text(size_bytes: int, seed: int = 0) -> str:
    """Article-like text of about ``size_bytes`` UTF-8 bytes, paragraphs all different."""
    rnd = random.Random(seed)
    parts = []
    total = 0
    i = 0
    while total < size_bytes:
        para = PARAGRAPH.format(i=i, n=rnd.randint(1, 999), m=rnd.randint(1, 9999))
        if i % 7 == 0:
            para = "醫(yī)療隊,,在當地開展義診。" + para
        if i % 11 == 0:
            para += "\n分享到:\n微信"
        parts.append(para)
        total += len(para.encode()) + 1
        i += 1
    return "\n".join(parts)


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(UnreadableSource, match=r"empty\.txt"):
        load_document(p)


def test_whitespace_file(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_text("\n  \n\u3000\n")
    with pytest.raises(UnreadableSource, match=r"blank\.txt"):
        load_document(p)


def test_binary_junk(tmp_path):
    rnd = random.Random(3)
    p = tmp_path / "junk.txt"
    p.write_bytes(bytes(rnd.randrange(256) for _ in range(100_000)))
    with pytest.raises(UnreadableSource, match=r"junk\.txt"):
        load_document(p)


def test_binary_with_nuls(tmp_path):
    p = tmp_path / "image.html"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 1000 + "医院".encode())
    with pytest.raises(UnreadableSource, match=r"image\.html"):
        load_document(p)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UnreadableSource, match=r"nothing\.txt"):
        load_document(tmp_path / "nothing.txt")
    d = tmp_path / "adir.txt"
    d.mkdir()
    with pytest.raises(UnreadableSource, match=r"adir\.txt"):
        load_document(d)


def test_unreadable_source_is_an_exception_with_name_and_reason():
    exc = UnreadableSource("a.txt", "empty file")
    assert isinstance(exc, Exception)
    assert (exc.name, exc.reason) == ("a.txt", "empty file")
    assert str(exc) == "a.txt: empty file"


def test_caller_skips_unreadable(tmp_path):
    (tmp_path / "good.txt").write_text(PARAGRAPH.format(i=1, n=2, m=3))
    (tmp_path / "bad.txt").write_bytes(b"")
    docs, skipped = [], []
    for p in sorted(tmp_path.iterdir()):
        try:
            docs.append(load_document(p))
        except UnreadableSource as exc:
            skipped.append(exc.name)
    assert [d.name for d in docs] == ["good.txt"] and skipped == ["bad.txt"]


def test_mixed_encodings(tmp_path):
    p = tmp_path / "mixed.txt"
    utf8 = "上海市衛生健康委持續推進醫療人才組團式支援工作,成效顯著。\n".encode()
    gbk = "江苏省人民医院与伊犁州友谊医院共建远程会诊中心,开展会诊1176例。\n".encode("gbk")
    p.write_bytes(utf8 + gbk + utf8.replace("上海".encode(), "北京".encode()))
    doc = load_document(p)
    assert doc.encoding == "mixed"
    assert "上海市卫生健康委持续推进医疗人才组团式支援工作" in doc.text
    assert "江苏省人民医院与伊犁州友谊医院共建远程会诊中心" in doc.text


def test_mostly_utf8_with_a_broken_byte(tmp_path):
    p = tmp_path / "broken.txt"
    body = "浙江省人民医院持续对口支援阿坝州人民医院,选派12名专家。".encode()
    p.write_bytes(body + b"\xff" + body.replace("浙江".encode(), "江苏".encode()))
    doc = load_document(p)
    assert "浙江省人民医院持续对口支援阿坝州人民医院" in doc.text


def test_one_megabyte_line_without_punctuation(tmp_path):
    p = tmp_path / "line.txt"
    p.write_text("医" * 350_000)  # ~1 MB of UTF-8
    doc = load_document(p)
    sentences = split_sentences(doc.text)
    assert "".join(s.text for s in sentences) == doc.text == "医" * 350_000
    assert all(len(s.text) <= MAX_SENTENCE for s in sentences)
    for s in sentences[:5]:
        find_figures(s.text)
        find_years(s.text)


def test_one_megabyte_of_digits_and_signs():
    text = ("1,2,3,4,5~6-7至8万" * 60_000)[:1_000_000]
    doc = normalise(text)
    sentences = split_sentences(doc.text)
    assert doc.text and all(len(s.text) <= MAX_SENTENCE for s in sentences)
    for s in sentences:
        assert find_figures(s.text) == []  # a list of numbers counts nothing
        find_years(s.text)


def test_numerals_on_long_runs():
    """Runs of digits or years too long to be numerals finish and yield nothing."""
    for text in ("一" * 200_000, "1" * 200_000, "2018~" * 40_000):
        assert find_figures(text) == []
        assert find_years(text) == []


def test_numerals_work_grows_linearly(count_calls):
    for unit in ("一", "2018~"):
        small = count_calls(lambda u=unit: (find_figures(u * 4_000), find_years(u * 4_000)))
        big = count_calls(lambda u=unit: (find_figures(u * 40_000), find_years(u * 40_000)))
        assert big <= 12 * small, (unit, small, big)


def test_cleaning_work_grows_linearly(count_calls):
    """Ten times the text costs about ten times the calls (a step that rescans what it
    has read, like the unwrapping of long headline runs once did, grows faster)."""

    def clean(size: int) -> Callable[[], object]:
        return lambda: split_sentences(normalise(realistic_text(size, seed=2)).text)

    small, big = count_calls(clean(200_000)), count_calls(clean(2_000_000))
    assert big <= 12 * small, (small, big)


@pytest.mark.slow
def test_fifty_megabyte_file(tmp_path):
    p = tmp_path / "huge.txt"
    text = realistic_text(50_000_000)
    p.write_text(text)
    doc = load_document(p)
    assert doc.text
    assert doc.text.endswith("人次。")  # read to the very end
    # offsets still exact at the far end
    i = len(doc.text) - 10
    a, b = doc.original_span(i, i + 5)
    assert doc.original[a:b] == doc.text[i : i + 5]


def test_big_html_page(tmp_path):
    """Over 1 MB of markup, trafilatura runs without its fallbacks; the title comes from
    the page head."""
    paras = "".join(f"<p>{PARAGRAPH.format(i=i, n=i % 97 + 1, m=i)}</p>\n" for i in range(10_000))
    page = (
        "<html><head><title>浙江援川医疗队工作纪实 - 示例健康网</title></head><body>"
        "<nav><a href='/'>首页</a> | <a href='/n'>新闻</a></nav>"
        f"<article><h1>浙江援川医疗队工作纪实</h1>{paras}</article>"
        "<footer>版权所有 © 示例健康网</footer></body></html>"
    )
    p = tmp_path / "big.html"
    p.write_text(page, encoding="utf-8")
    assert p.stat().st_size > 1_000_000
    doc = load_document(p)
    assert doc.title == "浙江援川医疗队工作纪实"
    assert doc.paragraphs[0] == doc.title
    assert len(doc.paragraphs) == 10_001
    assert "首页" not in doc.text and "版权" not in doc.text


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_any_bytes(data):
    try:
        text, encoding = decode_bytes(data, "x.txt")
    except UnreadableSource as exc:
        assert exc.name == "x.txt"
        return
    assert isinstance(text, str) and text.strip()
    assert encoding


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=50),
            st.text(max_size=50).map(lambda s: s.encode("utf-8")),
            st.text(alphabet="医院支援上海喀什。,（）(yī)年万名", max_size=50).map(
                lambda s: s.encode("gb18030")
            ),
        ),
        max_size=10,
    ).map(b"\n".join),
    st.sampled_from([".txt", ".html", ".htm", ""]),
)
def test_load_any_file(tmp_path, data, suffix):
    p = tmp_path / f"f{suffix}"
    p.write_bytes(data)
    try:
        doc = load_document(p)
    except UnreadableSource as exc:
        assert exc.name == p.name
        return
    finally:
        os.unlink(p)
    for s in split_sentences(doc.text):
        assert doc.text[s.start : s.end] == s.text
        a, b = doc.original_span(s.start, s.end)
        assert 0 <= a <= b <= len(doc.original)
        find_figures(s.text)
        find_years(s.text)


# Pieces of the genre: names, endings, list marks, counts, verbs. Any sequence of them is a
# sentence the rules may meet on a scraped page, however odd.
_GENRE_PIECES = [
    *("北京协和医院", "某市第一人民医院", "某县中医院", "卫健委", "医共体", "专科联盟", "骨科"),
    *("心内科", "中心", "胸痛中心", "腹腔镜手术", "技术", "项", "家", "名", "等", "、", "和"),
    *("及", "与", "对口支援", "帮扶", "结对", "培训", "带教", "收", "为徒", "主任", "医生"),
    *("王", "李", "扎西", "·", "“", "”", "（", "）", "(", ")", "，", "。", "；", "3", "十"),
    *("首例", "开展", "填补", "空白", "于", "赴", "在", "下", "由", "牵头", "成立", "加入"),
    *("该院", "我院", "当地", "其", "双方", "分别", "省", "市", "县", "州", "年", "万余人次"),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_GENRE_PIECES), min_size=1, max_size=30))
def test_extraction_never_raises_on_genre_shaped_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    doc = normalise(text, name="fuzz.txt")
    extraction = extract_document(doc, Source("0" * 64, SourceKind.ARTICLE, "fuzz.txt"))
    for item in [*extraction.nodes.values(), *extraction.edges.values()]:
        for prov in item.provenance:
            assert prov.start is None or 0 <= prov.start <= prov.end <= len(doc.original)
