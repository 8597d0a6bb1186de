"""Sentence splitting: end marks, closing quotes, paragraphs, bounded pieces, offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aidgraph.ingest.normalise import normalise
from aidgraph.ingest.sentences import MAX_SENTENCE, Sentence, split_sentences


def texts(doc_text: str) -> list[str]:
    return [s.text for s in split_sentences(doc_text)]


def test_end_marks():
    assert texts("甲医院支援乙医院。丙来了!真的吗?是的;好") == [
        "甲医院支援乙医院。",
        "丙来了!",
        "真的吗?",
        "是的;",
        "好",
    ]
    assert texts("一。二！三？四；") == ["一。", "二！", "三？", "四；"]


def test_quote_endings_stay_with_sentence():
    t = "王辰强调:「中日医院将全力以赴。」他说:“要培养人才。”随后离开。"
    assert texts(t) == ["王辰强调:「中日医院将全力以赴。」", "他说:“要培养人才。”", "随后离开。"]


def test_quote_mid_sentence_does_not_split():
    assert texts("实施“手拉手”“结对子”计划,成效显著。") == ["实施“手拉手”“结对子”计划,成效显著。"]


def test_paragraphs_and_offsets():
    t = "二、远程医学平台\n通过专线对接。2015年开展会诊5400例。\n(记者 蒋若静)"
    ss = split_sentences(t)
    assert [(s.text, s.paragraph) for s in ss] == [
        ("二、远程医学平台", 0),
        ("通过专线对接。", 1),
        ("2015年开展会诊5400例。", 1),
        ("(记者 蒋若静)", 2),
    ]
    for s in ss:
        assert t[s.start : s.end] == s.text


def test_whitespace_trimmed_and_empty_skipped():
    t = "  甲。  乙。 \n\n 丙 "
    ss = split_sentences(t)
    assert [s.text for s in ss] == ["甲。", "乙。", "丙"]
    assert [s.paragraph for s in ss] == [0, 0, 2]
    for s in ss:
        assert t[s.start : s.end] == s.text
    assert split_sentences("") == []
    assert split_sentences("\n\n") == []


def test_stray_punctuation_and_leading_commas():
    t = "大力发展服务?!苯?,上海市卫生健康委副主任如此介绍。"
    assert texts(t) == ["大力发展服务?!", "苯?", "上海市卫生健康委副主任如此介绍。"]
    ss = split_sentences(t)
    assert all(t[s.start : s.end] == s.text for s in ss)


def test_long_run_cut_into_bounded_pieces():
    t = "援" * (5 * MAX_SENTENCE + 7)
    ss = split_sentences(t)
    assert all(len(s.text) <= MAX_SENTENCE for s in ss)
    assert "".join(s.text for s in ss) == t
    # a long run with commas is cut after a comma
    t = "医疗队开展义诊活动," * 200
    ss = split_sentences(t)
    assert all(len(s.text) <= MAX_SENTENCE for s in ss)
    assert all(s.text.endswith(",") for s in ss)


def test_one_megabyte_line_splits_in_linear_work(count_calls):
    """A 1 MB line without punctuation is cut into bounded pieces, and ten times the text
    costs about ten times the function calls (counted, not timed: speed is measured in
    bench/bench_normalise.py)."""
    t = "中" * 1_000_000
    ss = split_sentences(t)
    assert sum(len(s.text) for s in ss) == len(t)
    assert all(len(s.text) <= MAX_SENTENCE for s in ss)
    big = count_calls(lambda: split_sentences(t))
    small = count_calls(lambda: split_sentences(t[:100_000]))
    assert big <= 12 * small, (small, big)


def test_on_document_text():
    doc = normalise("廈門市第一醫院攜手臨夏州人民醫院。協商確定3個共建科室。\n")
    ss = split_sentences(doc.text)
    assert [s.text for s in ss] == ["厦门市第一医院携手临夏州人民医院。", "协商确定3个共建科室。"]
    s = ss[1]
    a, b = doc.original_span(s.start, s.end)
    assert doc.original[a:b] == "協商確定3個共建科室。"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("甲乙丙。！？!?；;,，“”「」()… \n")), max_size=200))
def test_split_properties(t):
    ss = split_sentences(t)
    prev_end = 0
    for s in ss:
        assert isinstance(s, Sentence)
        assert t[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= prev_end
        assert s.paragraph == t.count("\n", 0, s.start)
        assert "\n" not in s.text
        assert len(s.text) <= MAX_SENTENCE
        prev_end = s.end
    # nothing but white space and punctuation is left out
    covered = "".join(s.text for s in ss)
    assert [c for c in covered if c.isalnum()] == [c for c in t if c.isalnum()]
