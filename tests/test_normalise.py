"""Article normalisation: decoding, glosses, punctuation, simplification, furniture, repeats,
offsets; on the example articles under tests/data/articles and on the shared seeds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aidgraph.ingest import normalise as norm
from aidgraph.ingest.normalise import (
    Document,
    UnreadableSource,
    decode_bytes,
    load_document,
    normalise,
    to_canonical,
    to_simplified,
)

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
GLOSS = re.compile(rf"[(（][a-zü]*[{TONED}][a-zü]*[)）]")
STRAY = re.compile(r"[,，][,，。、；;！？!?]")


def article(name: str) -> Document:
    return load_document(ARTICLES / name)


# --- decoding ---------------------------------------------------------------------------


def test_decode_utf8_bom():
    text, enc = decode_bytes(b"\xef\xbb\xbf" + "上海市卫生健康委".encode(), "a.txt")
    assert text == "上海市卫生健康委"
    assert enc == "utf-8-sig"


def test_decode_gbk():
    text, enc = decode_bytes("喀什地区第二人民医院开展远程会诊。".encode("gbk"), "a.txt")
    assert text == "喀什地区第二人民医院开展远程会诊。"
    assert enc == "gb18030"


def test_decode_utf16_bom():
    text, enc = decode_bytes("\ufeff醫療隊".encode("utf-16-le"), "a.txt")
    assert text == "醫療隊"
    assert enc.startswith("utf-16")


def test_decode_mixed_lines():
    data = "第一行是UTF-8编码的中文。\n".encode() + "第二行是GBK编码的中文。\n".encode("gbk")
    text, enc = decode_bytes(data, "mixed.txt")
    assert "第一行是UTF-8编码的中文。" in text
    assert "第二行是GBK编码的中文。" in text
    assert enc == "mixed"


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", "\ufeff".encode()])
def test_decode_empty_is_unreadable(data):
    with pytest.raises(UnreadableSource) as exc:
        decode_bytes(data, "empty.txt")
    assert "empty.txt" in str(exc.value)


def test_decode_binary_is_unreadable():
    rnd = random.Random(7)
    data = bytes(rnd.randrange(256) for _ in range(4096))
    with pytest.raises(UnreadableSource) as exc:
        decode_bytes(data, "junk.bin")
    assert "junk.bin" in str(exc.value)


def test_gbk_article_file():
    doc = article("gbk_article.txt")
    assert doc.encoding == "gb18030"
    assert "江苏省人民医院与新疆伊犁哈萨克自治州友谊医院共建远程会诊中心" in doc.text
    assert "发布时间" not in doc.text and "扫一扫" not in doc.text


def test_bom_article_file():
    doc = article("utf8_bom.txt")
    assert doc.encoding == "utf-8-sig"
    assert not doc.original.startswith("\ufeff")
    assert doc.text.startswith("广东援藏医疗队在林芝开展义诊\n")
    assert doc.title == "广东援藏医疗队在林芝开展义诊"


# --- simplification ---------------------------------------------------------------------


def test_t2s_keeps_support_words():
    # t2s, not tw2s/tw2sp: 支援 must not become 支持.
    assert to_simplified("對口支援醫療隊") == "对口支援医疗队"
    assert to_simplified("內涵") == "内涵"
    assert to_simplified("") == ""


def test_text_is_simplified():
    doc = article("trad_furniture.txt")
    assert to_simplified(doc.text) == doc.text
    assert "浙江省人民医院持续对口支援四川省阿坝藏族羌族自治州人民医院" in doc.text


def test_full_width_forms_and_corner_quotes_folded():
    doc = normalise("（記者　張三）醫院「國家隊」派出１２名專家，成效顯著！")
    assert doc.text == "(记者 张三)医院“国家队”派出12名专家,成效显著!"
    assert to_canonical("「京蒙省際」１２") == "“京蒙省际”12"
    _check_offsets(doc)


def test_hong_kong_variants_folded():
    # t2s keeps 衞 (the Hong Kong form of 卫): 衞生健康委員會 is still the health commission.
    assert to_canonical("廣州市衞生健康委員會") == "广州市卫生健康委员会"


# --- glosses and punctuation ------------------------------------------------------------


def test_glosses_removed_parentheticals_kept():
    doc = article("glosses.txt")
    assert not GLOSS.search(doc.text)
    assert "卫生健康委员会" in doc.text and "医疗人才" in doc.text
    assert "(记者 蒋若静)" in doc.text
    assert "(2018~2020年)" in doc.text
    assert "(MRI)" in doc.text


def test_stray_and_doubled_punctuation_removed():
    doc = article("glosses.txt")
    assert not STRAY.search(doc.text)
    assert "。。" not in doc.text
    assert "“以院包科”模式、同时" in doc.text
    assert doc.text.endswith("磁共振成像(MRI)设备由上海统一配置。")


def test_gloss_without_tone_mark_is_not_a_gloss():
    doc = normalise("医院(yiyuan)开展手术。磁共振(MRI)检查。", name="x")
    assert "(yiyuan)" in doc.text and "(MRI)" in doc.text


def test_gloss_after_non_cjk_is_kept_intact_text():
    doc = normalise("上海(Shànghǎi)是一座城市,也是对口支援的重要力量。")
    assert "(Shànghǎi)" in doc.text  # two syllables: a romanisation, not a gloss


# --- furniture --------------------------------------------------------------------------


def test_traditional_page_furniture_dropped():
    doc = article("trad_furniture.txt")
    assert doc.title == "浙江援川医疗队助力阿坝州人民医院建设胸痛中心"
    for furniture in (
        "当前位置",
        "来源",
        "责任编辑",
        "分享",
        "微信",
        "微博",
        "相关新闻",
        "打印",
        "版权所有",
        "ICP",
    ):
        assert furniture not in doc.text, furniture
    # the related-articles headline list after the marker goes too
    assert "浙江省第二批援川医疗队出征" not in doc.text
    assert "杭州市与阿坝州签订卫生健康协作协议" not in doc.text
    # the subhead stays, as its own paragraph; the title once
    assert "一、以技术带动学科" in doc.paragraphs
    assert doc.text.count("浙江援川医疗队助力阿坝州人民医院建设胸痛中心") == 1
    assert doc.paragraphs[0] == doc.title


def test_messy_page():
    doc = article("messy_page.txt")
    assert doc.title == "湖南湘雅医院“组团式”帮扶湘西州人民医院"
    assert doc.paragraphs == [
        "湖南湘雅医院“组团式”帮扶湘西州人民医院",
        "——三年培养本地骨干医生200余名",
        "湖南湘雅医院自2018年起“组团式”帮扶湘西土家族苗族自治州人民医院,累计派出管理和"
        "技术骨干86人次,帮助受援医院新建重症医学科、介入放射科等5个临床科室。",
        "一、专家驻点带教",
        "湘雅医院派驻专家在湘西州人民医院开展“师带徒”活动,三年来共培养本地骨干医生200余名,"
        "完成四级手术近300台。",
        "图为湘雅医院专家在湘西州人民医院指导手术。(通讯员 张明 摄)",
        "二、远程会诊全覆盖",
        "依托湘雅医院远程医学中心,湘西州人民医院与湘雅医院实现远程会诊全覆盖,"
        "2020年开展远程会诊1,200余例。",
    ]


def test_html_page():
    doc = article("page.html")
    assert doc.title == "山东援渝医疗队助力重庆巫山县人民医院创建二甲"
    assert "山东省立医院自2019年起对口支援重庆市巫山县人民医院" in doc.text
    for furniture in (
        "首页",
        "当前位置",
        "关于我们",
        "相关阅读",
        "山东第三批援渝干部人才抵达巫山",
        "版权所有",
        "联系我们",
        "责任编辑",
    ):
        assert furniture not in doc.text, furniture
    # for HTML, original is the extracted main text, not the markup
    assert "<p>" not in doc.original
    assert len(doc.paragraphs) == 4


def test_html_without_text_is_unreadable(tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><title></title></head><body><script>var a=1;</script></body></html>")
    with pytest.raises(UnreadableSource) as exc:
        load_document(p)
    assert "blank.html" in str(exc.value)


def test_subheads_inside_body_are_kept():
    body = "医疗队在当地开展了大量工作,帮助受援医院提升了服务能力和管理水平,群众看病更方便了。"
    other = body.replace("医疗队", "援藏队")
    text = f"标题:示例\n{body}\n近200名援疆医疗队员\n接力奔赴天山南北\n{other}\n"
    doc = normalise(text)
    assert "近200名援疆医疗队员接力奔赴天山南北" in doc.paragraphs


def test_trailing_headline_list_dropped():
    body = "江苏省卫生健康委员会先后选派12批医疗队共340名专家,分赴青海、新疆执行对口支援任务。"
    tail = [
        "秋冬季节天气干燥,小编为大家整理了几款润肺的家常汤品,做法简单味道也",
        "很多人早上起床后喜欢先喝一杯淡盐水,认为这样可以清理肠胃,其实这种做",
        "艾灸是流传已久的传统保健方法,但专家提醒并非所有人都适合,尤其是下面几",
    ]
    doc = normalise(body + "(记者 张三)\n" + "\n".join(tail) + "\n")
    assert doc.text == body + "(记者 张三)"


def test_only_short_lines_kept_when_no_prose():
    doc = normalise("医疗队出发\n")
    assert doc.text == "医疗队出发"


def test_hard_wrapped_paragraphs_joined():
    text = (
        "医疗队出发了\n\n"
        "　　浙江省人民医院持续对口支援四川省阿坝藏族羌族自治州人民医\n"
        "院,先后选派12名专家赴阿坝开展为期半年的帮扶工作,协助建设胸\n"
        "痛中心和卒中中心,培训医务人员近600人次。\n\n"
        "　　医疗队还帮助当地医院开展新技术18项,填补了州内多项技术空\n"
        "白。\n"
    )
    doc = normalise(text)
    assert doc.paragraphs == [
        "医疗队出发了",
        "浙江省人民医院持续对口支援四川省阿坝藏族羌族自治州人民医院,先后选派12名专家赴阿坝开展"
        "为期半年的帮扶工作,协助建设胸痛中心和卒中中心,培训医务人员近600人次。",
        "医疗队还帮助当地医院开展新技术18项,填补了州内多项技术空白。",
    ]
    i = doc.text.index("医院,先后")
    a, b = doc.original_span(i, i + 5)
    assert doc.original[a:b] == "医\n院,先后"
    _check_offsets(doc)


def test_latin_words_across_a_wrap_get_a_space():
    text = (
        "浙江省人民医院医疗队在阿坝州人民医院使用 da Vinci\n"
        "Surgical System 完成了首例机器人辅助手术。\n"
    )
    doc = normalise(text)
    assert doc.text == (
        "浙江省人民医院医疗队在阿坝州人民医院使用 da Vinci Surgical System "
        "完成了首例机器人辅助手术。"
    )
    _check_offsets(doc)


def test_widget_and_metadata_lines_dropped():
    text = (
        "首页 | 新闻 | 健康\n【字体:大 中 小】\n点赞 收藏 评论 分享\n阅读(1234)\n"
        "2023-05-16 星期二\n作者:张三 | 来源:示例网\n医疗队援藏成效显著!\n"
        "浙江省人民医院持续对口支援四川省阿坝藏族羌族自治州人民医院,先后选派12名专家赴阿坝开展帮扶工作。\n"
        "图片来源:网络\n医疗队还帮助当地医院开展新技术18项,填补了州内多项技术空白。\n"
        "(完)\n(编辑 张三)\n上一篇:浙江医疗队抵达阿坝\n下一篇:阿坝州召开卫生工作会议\n"
    )
    doc = normalise(text)
    assert doc.title == "医疗队援藏成效显著!"
    assert doc.paragraphs == [
        "医疗队援藏成效显著!",
        "浙江省人民医院持续对口支援四川省阿坝藏族羌族自治州人民医院,先后选派12名专家赴阿坝开展帮扶工作。",
        "医疗队还帮助当地医院开展新技术18项,填补了州内多项技术空白。",
    ]


def test_txt_file_holding_html_is_read_as_html(tmp_path):
    p = tmp_path / "page.txt"
    p.write_text((ARTICLES / "page.html").read_text(encoding="utf-8"), encoding="utf-8")
    doc = load_document(p)
    assert "<p>" not in doc.text and "山东省立医院自2019年起对口支援" in doc.text


@pytest.mark.parametrize("codec", ["big5", "utf-16-le", "utf-16-be"])
def test_decode_other_encodings(codec):
    trad = "醫療隊援藏成效顯著\n浙江省人民醫院持續對口支援四川省阿壩藏族羌族自治州人民醫院。\n"
    text, enc = decode_bytes(trad.encode(codec), "x.txt")
    assert text == trad
    assert enc == codec


BODY = (
    "浙江省人民医院持续对口支援四川省阿坝藏族羌族自治州人民医院,"
    "先后选派12名专家赴阿坝开展帮扶工作。"
)


def test_enumerated_and_introduced_lists_kept():
    text = (
        f"医疗队援藏成效显著\n{BODY}\n"
        "1.选派专家到阿坝驻点指导\n2.支持阿坝医疗卫生人才培养\n3.积极开展指导活动\n"
        f"{BODY.replace('12', '15')}\n"
        "一是加强人才培养\n二是推进学科建设\n三是深化远程医疗\n"
        f"{BODY.replace('12', '18')}\n"
        "主要做法有:\n建立专家工作站\n开展远程会诊\n培训本地医生\n"
        f"{BODY.replace('12', '20')}\n"
    )
    paras = normalise(text).paragraphs
    for item in (
        "1.选派专家到阿坝驻点指导",
        "3.积极开展指导活动",
        "一是加强人才培养",
        "三是深化远程医疗",
        "主要做法有:",
        "建立专家工作站",
        "培训本地医生",
    ):
        assert item in paras, item


def test_html_tables_and_lists_kept():
    page = (
        "<html><body><article><h1>援建名单</h1>"
        f"<p>{BODY}</p>"
        "<table><tr><th>支援医院</th><th>受援医院</th><th>人数</th></tr>"
        "<tr><td>浙江省人民医院</td><td>阿坝州人民医院</td><td>12</td></tr></table>"
        "<p>主要内容包括:</p><ul><li>选派专家驻点指导</li><li>支持人才培养</li>"
        "<li>积极开展指导活动</li></ul>"
        f"<p>{BODY.replace('12', '15')}</p></article></body></html>"
    )
    doc = normalise(page, html=True)
    paras = doc.paragraphs
    assert "浙江省人民医院 | 阿坝州人民医院 | 12" in paras
    assert not any("---" in p for p in paras)
    i = paras.index("主要内容包括:")
    assert paras[i : i + 4] == [
        "主要内容包括:",
        "选派专家驻点指导",
        "支持人才培养",
        "积极开展指导活动",
    ]
    _check_offsets(doc)


# --- repeats ----------------------------------------------------------------------------


def test_repeated_paragraphs_once():
    doc = article("repeated.txt")
    paras = doc.paragraphs
    assert len(paras) == len(set(paras)) == 4
    assert doc.text.count("医疗队帮助玉树州人民医院成立感染性疾病科") == 1
    # the glued re-statement of the whole article at the end is dropped too
    assert doc.text.count("先后培养本地医务人员数百名") == 1


# --- offsets ----------------------------------------------------------------------------


def _check_offsets(doc: Document, samples: int = 200, seed: int = 0) -> None:
    text, original = doc.text, doc.original
    # every character maps into the original, monotonically
    prev = 0
    for i, ch in enumerate(text):
        s, e = doc.original_span(i, i + 1)
        assert 0 <= s <= e <= len(original)
        assert s >= prev or ch == "\n"
        prev = s
        if ch == " ":
            assert original[s:e].isspace()
        elif ch != "\n":
            assert to_canonical(original[s:e]) == ch, (i, ch, original[s:e])
    # random spans of sentences (not crossing a paragraph) map to the same simplified text
    # wherever cleaning removed nothing inside them
    rnd = random.Random(seed)
    for _ in range(samples):
        if not text:
            break
        a = rnd.randrange(len(text))
        b = min(len(text), a + rnd.randint(1, 40))
        span = text[a:b]
        if "\n" in span:
            continue
        s, e = doc.original_span(a, b)
        if e - s == b - a:
            assert _spaces(to_canonical(original[s:e])) == _spaces(span)


def _spaces(s: str) -> str:
    return re.sub(r"\s", " ", s)


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.iterdir()))
def test_offsets_map_back_exactly_examples(name):
    _check_offsets(article(name))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_offsets_map_back_exactly_seeds(path):
    _check_offsets(load_document(path), samples=500)


def test_original_span_bounds():
    doc = normalise("上海市卫生健康委员会持续推进对口支援工作,成效显著。")
    assert doc.original_span(0, 0) == (0, 0)
    n = len(doc.text)
    assert doc.original_span(0, n) == (0, len(doc.original))
    with pytest.raises(IndexError):
        doc.original_span(0, n + 1)
    empty = Document(name="e", original="", text="", encoding="utf-8")
    assert empty.original_span(0, 0) == (0, 0)


def test_span_over_removed_gloss_covers_it():
    doc = normalise("醫(yī)療隊支援喀什。")
    assert doc.text == "医疗队支援喀什。"
    s, e = doc.original_span(0, 3)
    assert doc.original[s:e] == "醫(yī)療隊"


def test_length_changing_conversion_keeps_offsets(monkeypatch):
    """A conversion that changes a line's length is realigned piece by piece."""

    class Fake:
        def convert(self, s: str) -> str:
            return s.replace("甲", "甲甲").replace("乙丙", "丁").replace("國", "国")

    monkeypatch.setattr(norm, "_converter", lambda: Fake())
    doc = normalise("國家甲隊,乙丙醫院開展對口支援工作。")
    assert doc.text == "国家甲甲隊,丁醫院開展對口支援工作。"
    i = doc.text.index("甲甲")
    assert doc.original[slice(*doc.original_span(i, i + 2))] == "甲"
    assert doc.original[slice(*doc.original_span(i + 1, i + 2))] == "甲"
    j = doc.text.index("丁")
    assert doc.original[slice(*doc.original_span(j, j + 1))] == "乙丙"
    k = doc.text.index("隊")
    assert doc.original[slice(*doc.original_span(0, k + 1))] == "國家甲隊"


# --- seeds ------------------------------------------------------------------------------


def test_the_shared_seeds_are_beside_the_repository():
    assert SEED_FILES, "expected ../shared/seeds/*.txt beside the repository"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_clean(path):
    doc = load_document(path)
    assert doc.text
    assert not GLOSS.search(doc.text), GLOSS.search(doc.text)
    assert ",," not in doc.text and ",。" not in doc.text and ",、" not in doc.text
    assert to_simplified(doc.text) == doc.text
    paras = doc.paragraphs
    assert len(paras) == len(set(paras)), "a paragraph repeated"
    assert all(p.strip() == p and p for p in paras)
    # each long paragraph's first clause occurs once: no glued re-statement either
    for p in paras:
        if len(p) >= 40:
            assert doc.text.count(p[:24]) == 1, p[:24]


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "utf-16-le", "utf-16-be", "utf-8-sig"])
@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_decodes_back_from_other_encodings(path, codec):
    # A GBK page cannot hold characters GBK lacks (the garbled spans of a mis-decoded
    # page): compare against the text such a page could hold.
    text = path.read_text(encoding="utf-8").encode(codec, errors="ignore").decode(codec)
    data = text.encode(codec)
    decoded, _ = decode_bytes(data, path.name)
    assert decoded == text


def _seed(prefix: str) -> Document:
    [path] = [p for p in SEED_FILES if p.name.startswith(prefix)]
    return load_document(path)


def test_seed_000_glosses_and_repeats():
    doc = _seed("000_")
    assert "上海市卫生健康委副主任赵丹丹" in doc.text
    assert "(2018~2020年)" in doc.text
    assert doc.text.count("远程医疗咨询已达238例") == 1
    assert "1.2万余人次" in doc.text


def test_seed_001_related_headlines_dropped_subheads_kept():
    doc = _seed("001_")
    assert "近300名援藏医疗队员接续奔赴雪域高原" in doc.paragraphs
    assert "金银花" not in doc.text and "(记者 蒋若静)" in doc.text


def test_seed_002_traditional_page():
    doc = _seed("002_")
    assert doc.title and doc.title.startswith("勇担社会责任")
    assert doc.paragraphs[0] == doc.title
    assert doc.text.count("勇担社会责任") == 1
    for furniture in (
        "当前位置",
        "首页",
        "PDF",
        "服务号",
        "订阅号",
        "搜狐",
        "TAG",
        "您可能感兴趣",
        "维和",
    ):
        assert furniture not in doc.text, furniture
    assert "一、自主能动性是受援医院持续发展的内生动力" in doc.paragraphs
    assert "王辰院长" in doc.text


def test_seed_003_and_004_page_furniture():
    doc = _seed("003_")
    for furniture in ("来源", "责任编辑", "首页", "版权", "Copyright", "本站"):
        assert furniture not in doc.text, furniture
    assert doc.text.endswith("(东莞+)")
    doc = _seed("004_")
    for furniture in ("党报头条", "来源", "生成海报", "微信", "返回顶部", "责任编辑"):
        assert furniture not in doc.text, furniture
    assert "聚焦机制不畅,健全组织保障" in doc.paragraphs
    assert doc.text.count("宜宾市市级医学专科联盟成立仪式") == 1


# --- properties -------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    [
        *"上海市醫療隊對口支援喀什二院的了,，。、；！？!?()（）“”「」 \n\t\r0123456789万余名年",
        "(yī)",
        "(wèi)",
        "(MRI)",
        ",,",
        "。。",
        "来源:",
        "分享到",
        "\u3000",
        "\ufeff",
        "——",
        "……",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_normalise_properties(original):
    doc = normalise(original)
    assert to_simplified(doc.text) == doc.text
    assert not GLOSS.search(doc.text) or "(" in original
    assert "\n\n" not in doc.text
    assert doc.text == doc.text.strip()
    paras = doc.paragraphs
    assert len(paras) == len(set(paras))
    _check_offsets(doc, samples=20)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_normalise_any_text(original):
    doc = normalise(original)
    assert isinstance(doc.text, str)
    for i in range(len(doc.text)):
        s, e = doc.original_span(i, i + 1)
        assert 0 <= s <= e <= len(doc.original)
