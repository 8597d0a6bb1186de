"""Which lines of a cleaned page are the article, as paragraphs.

Hard-wrapped paragraphs are joined; page furniture is dropped by its shape and a small
generic vocabulary (breadcrumbs, link bars, metadata, counters, share and promo widgets,
copyright lines, "related articles" lists, the headline-like lines around the body);
subheads, section headings, lists and table rows inside the body stay; the title is kept
once; a paragraph seen before, or made of clauses seen before, is dropped.
:func:`body_paragraphs` does all of it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

#: The Chinese characters: CJK unified ideographs, extension A and compatibility ideographs.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def body_paragraphs(text: str, title_hint: str | None) -> tuple[list[list[Line]], str | None]:
    """The article's paragraphs (each a list of :class:`Line`) and its title."""
    paragraphs, title = _select_lines(_split_lines(text), title_hint)
    return _dedupe(paragraphs), title


_TERMINAL = "。！？!?；;…"
_CLOSERS = "”’」』)）】》\"'"
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;]")
# A line ends like prose: an end mark, closing quotes, maybe a byline "(记者 XXX)" after it.
_ENDS_TERMINAL = re.compile(
    rf"[{_TERMINAL}][{re.escape(_CLOSERS)}]*(?:\s*[(（][^()（）。！？]{{1,30}}[)）])?$"
)

# Line-level vocabulary of page furniture (simplified; lines are matched after t2s).
_META = re.compile(
    r"^[\[【(（]?\s*(来源|稿源|来源于|作者|责任编辑|责编|编辑|审核|审校|校对|终审|初审|复审|发布时间|发布日期|"
    r"发表时间|更新时间|时间|日期|浏览次数|浏览量|阅读量|阅读数|点击数|点击量|字号|字体|摄影|图片来源|"
    r"供稿|通讯员|文/图|文图|制图|监制|策划|出品)\s*[:：]"
)
_META_ANY = re.compile(
    r"(来源|责任编辑|责编|发布时间|发布日期|审核|校对|浏览次数|阅读量|点击数)\s*[:：]"
)
_DATE_TIME = re.compile(r"(19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}")
# A case-insensitive pattern cannot skip ahead to the characters that could start a match
# (re tries it at every position of the line), so the Chinese vocabulary is matched
# case-sensitively and the few Latin words apart (…_LATIN, …_START), the Latin ones only
# on lines with an ASCII letter: each of these words has a letter whose only case
# variants are ASCII, so without one it cannot match.
_COPYRIGHT = re.compile(
    r"©|版权所有|版权声明|版权归|公网安备|网安备|"
    r"违法和不良信息|举报电话|举报邮箱|联系我们|网站地图|关于我们|广告服务|免责声明|侵犯您的|"
    r"转载请注明|未经授权|不得转载|禁止转载|本站部分|本网部分|技术支持[:：]|主办单位|承办单位"
)
_COPYRIGHT_LATIN = re.compile(r"copyright|all rights reserved|ICP备|ICP证", re.I)
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WIDGET = re.compile(
    r"^(分享到|分享|一键分享|收藏|打印|关闭|关闭窗口|打印本页|关闭本页|返回顶部|回到顶部|返回首页|返回|"
    r"上一篇|下一篇|上一页|下一页|首页|尾页|更多|更多>>|查看更多|点击查看|阅读全文|展开全文|"
    r"字号|大|中|小|默认|生成海报|海报|微信|微博|QQ|QQ空间|朋友圈|扫一扫|二维码|"
    r"pdf|pdf版|pdf下载|下载pdf|大图|查看大图|查看原图|原图|放大|缩小|[\[【]?(打印|关闭|收藏|顶部)[\]】]?)$",
    re.I,
)
_PROMO = re.compile(
    r"扫一扫|扫描|二维码|关注.{0,8}(公众号|微信|微博|我们)|公众号|服务号|订阅号|客户端|"
    r"下载.{0,6}(?i:app|客户端)|"
    r"分享到|点击(进入|查看|阅读|这里|此处|下载)|阅读原文|继续阅读|查看更多|更多内容|更多精彩|精彩文章|"
    r"请您继续阅读|阅读更多|欢迎关注|长按|识别二维码|生成海报|当前位置|您的位置|你的位置"
)
_PROMO_START = re.compile(
    r"tag[:：]|标签[:：]|关键词[:：]|上一篇|下一篇|上一条|下一条|上篇|下篇", re.I
)
_BREADCRUMB = re.compile(r"(>>|»|›|＞|(^|\s)>(\s|$)|\s>\s|>\s*\S+\s*>)")
_LINK_BAR = re.compile(r"[|｜丨].*[|｜丨]|(\S\s+[|｜丨]\s+\S)")
# Every breadcrumb and link bar has one of these: the two patterns above (which re tries
# at every position) run only on the few lines that do.
_NAV_CHAR = re.compile(r"[>»›＞|｜丨]")
_RELATED = re.compile(
    r"^[\[【]?(相关新闻|相关阅读|相关文章|相关链接|相关报道|相关推荐|推荐阅读|延伸阅读|热点推荐|热门推荐|"
    r"热门文章|热点新闻|热门新闻|猜你喜欢|您可能感兴趣|你可能感兴趣|您可能还喜欢|你可能还喜欢|精彩推荐|为你推荐|"
    r"为您推荐|相关内容|最新文章|最新新闻|排行榜|阅读排行|点击排行|往期回顾|往期推荐|今日推荐|编辑推荐|"
    r"图片新闻|专题推荐|网友评论|发表评论|评论)[\]】]?\s*[:：]?\s*(>>|更多)?\s*$"
)
# Counters and bare dates: 阅读(1234), 浏览:56次, 2023-05-16 星期二 10:20.
_COUNTER = re.compile(
    r"^[\[【(（]?(阅读|浏览|点击|评论|点赞|收藏|分享|转发|人气|热度)\s*[(（:：]?\s*\d*\s*[)）]?\s*次?[\]】)）]?$"
)
_BARE_DATE = re.compile(
    r"^[\[【(（]?(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(\s*(星期|周|礼拜)[一二三四五六日天])?(\s*\d{1,2}:\d{2}(:\d{2})?)?[\]】)）]?$"
)
# End marks and editor lines in brackets: (完), 【责任编辑:…】, (编辑 张三); bylines of
# reporters, (记者 XXX), stay.
_EDITOR = re.compile(
    r"^[(（【\[]\s*(完|终|全文完|责任编辑|编辑|责编|审核|审校|校对|来源|稿源|供稿|编审|终审|"
    r"监制|制作|排版|美编|初审|复审)([\s:：].{0,30})?[)）】\]]$"
)
# A line made only of widget words: "点赞 收藏 评论 分享", "打印 | 关闭".
_WIDGET_WORDS_TEXT = (
    "分享 分享到 收藏 点赞 评论 转发 打印 关闭 返回 顶部 返回顶部 微信 微博 QQ QQ空间 朋友圈 "
    "复制链接 举报 纠错 字号 字体 大 中 小 默认 放大 缩小 上一篇 下一篇 更多 推荐 关注 扫码 二维码 "
    "打印本页 关闭窗口 收藏本页 【打印】 【关闭】 [打印] [关闭] 在看 赞 喜欢"
)
_WIDGET_WORDS = frozenset(_WIDGET_WORDS_TEXT.split())
_TOKEN_SPLIT = re.compile(r"[\s|｜丨/·•]+")
# What a line's comparison key keeps. (Joining the runs it finds is faster than deleting
# the rest: re matches a run of a positive class in one tight loop.)
_KEY_RUN = re.compile(rf"[0-9A-Za-z{CJK}]+")
_CJK_CHAR = re.compile(rf"[{CJK}]")
# Twenty CJK characters (anywhere in the span matched), without listing them all.
_CJK_20 = re.compile(rf"(?:[^{CJK}]*[{CJK}]){{20}}")


def _key(s: str) -> str:
    """A comparison key for a line: letters, digits and characters only, case-folded."""
    return "".join(_KEY_RUN.findall(s)).lower()


def _is_terminal(line: str) -> bool:
    return bool(_ENDS_TERMINAL.search(line))


def _is_body(line: str) -> bool:
    """A line that reads as article prose (not a headline or a widget)."""
    n = len(line)
    if n >= 60 and _CJK_20.match(line, 0, 400):
        return True
    return n >= 20 and _is_terminal(line) and bool(_SENTENCE_PUNCT.search(line))


def _is_copyright(line: str) -> bool:
    """A copyright, licence or site-owner line (ICP备…, 版权所有, all rights reserved)."""
    if _COPYRIGHT.search(line):
        return True
    return bool(_ASCII_LETTER.search(line) and _COPYRIGHT_LATIN.search(line))


def _is_navigation(line: str) -> bool:
    """A breadcrumb (首页 > 新闻) or a bar of links (首页 | 新闻 | 图片)."""
    if not _NAV_CHAR.search(line):
        return False
    return bool(_BREADCRUMB.search(line) or _LINK_BAR.search(line))


def _is_furniture(line: str) -> bool:
    """A line that is page furniture by its shape and a small generic vocabulary."""
    n = len(line)
    if n == 0:
        return True
    if _WIDGET.match(line):
        return True
    if n <= 40:
        if _COUNTER.match(line) or _BARE_DATE.match(line) or _EDITOR.match(line):
            return True
        tokens = [tok for tok in _TOKEN_SPLIT.split(line) if tok]
        if tokens and all(tok in _WIDGET_WORDS or tok.isdigit() for tok in tokens):
            return True
    if n <= 120 and _is_copyright(line):
        return True
    if n <= 80:
        if _META.match(line) or (_META_ANY.search(line) and not _is_terminal(line)):
            return True
        if _DATE_TIME.search(line) and not _SENTENCE_PUNCT.search(line):
            return True
        if not _is_terminal(line):
            if _PROMO.search(line) or _PROMO_START.match(line) or _is_navigation(line):
                return True
            if _RELATED.match(line):
                return True
        if n <= 24 and not _CJK_CHAR.search(line) and not any(ch.isdigit() for ch in line):
            return True  # "?", "| |", "TAG:", stray Latin widget text
    return False


@dataclass
class Line:
    """One line of the page: where it is in the cleaned text and what it was judged to be."""

    start: int  # offsets of the stripped line in the tracked text
    end: int
    text: str
    body: bool = False
    furniture: bool = False
    blank_before: bool = False
    item: bool = False  # a list item: bullet (stripped) or enumeration mark (kept)
    table: bool = False  # a table row "| a | b |" (outer bars stripped)
    join_next: bool = False  # the first half of a subhead broken over two lines
    pieces: list[tuple[int, int]] | None = None  # the lines an unwrapped line was joined from

    def spans(self) -> list[tuple[int, int]]:
        return self.pieces or [(self.start, self.end)]


_STRIP = " \t\u3000\u00a0"
# Characters that take one column (all but the wide ones: CJK, Hangul, full-width forms).
_NARROW = re.compile(
    r"[^\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def _split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    blank = False
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped = raw.strip(_STRIP)
        if stripped and _TABLE_RULE.match(stripped):
            stripped = ""  # |---|---| under a table head
        if stripped:
            s = pos + len(raw) - len(raw.lstrip(_STRIP))
            e = s + len(stripped)
            item = table = False
            m = _BULLET.match(stripped) or _TABLE_ROW.match(stripped)
            if m and m.group("body"):
                table = m.re is _TABLE_ROW
                item = not table
                e = s + m.end("body")
                s += m.start("body")
                stripped = m.group("body")
            elif _ENUM.match(stripped):
                item = True
            lines.append(Line(s, e, stripped, blank_before=blank, item=item, table=table))
            blank = False
        else:
            blank = True
        pos = end + 1
    return _unwrap(lines, text)


_BULLET = re.compile(r"^[-*•·●○■□◆◇▪▸▶►]\s+(?P<body>\S.*)$")
_TABLE_ROW = re.compile(r"^\|\s*(?P<body>.*?)\s*\|$")
_TABLE_RULE = re.compile(r"^\|[\s|:\-]*\|$")
_ENUM = re.compile(
    r"^(\(?\d{1,2}[.、)]|\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}[是、]|"
    r"[①-⑳⑴-⒇]|第[一二三四五六七八九十]{1,3}[,、是:])"
)


def _width(text: str) -> int:
    """Display width in columns: two for a wide character, one for any other. (The narrow
    ones are counted: in Chinese text they are few, so finding them is cheaper.)"""
    return 2 * len(text) - len(_NARROW.findall(text))


def _unwrap(lines: list[Line], text: str) -> list[Line]:
    """Join paragraphs that were hard-wrapped at a fixed width.

    A run of lines without end marks, all of (about) the same display width, that ends in
    a line with an end mark no wider than them, is one paragraph. Headline lists do not
    end that way, and subheads are too short to count.
    """
    out: list[Line] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if (
            len(ln.text) >= 16
            and i + 1 < n
            and not lines[i + 1].blank_before
            and not _is_terminal(ln.text)
        ):
            raw_start = text.rfind("\n", 0, ln.start) + 1
            width = _width(text[raw_start : ln.end])
            run = [ln]
            j = i + 1
            joined = False
            while j < n and not lines[j].blank_before:
                nxt = lines[j]
                w = _width(text[text.rfind("\n", 0, nxt.start) + 1 : nxt.end])
                if _is_terminal(nxt.text):
                    if w <= width + 2:
                        run.append(nxt)
                        joined = True
                    break
                if abs(w - width) > 2:
                    break
                run.append(nxt)
                j += 1
            if joined:
                out.append(
                    Line(
                        run[0].start,
                        run[-1].end,
                        "".join(r.text for r in run),
                        blank_before=ln.blank_before,
                        pieces=[(r.start, r.end) for r in run],
                    )
                )
                i += len(run)
                continue
            # The lines of a run that did not end in an end mark cannot start one either:
            # skip them all, which keeps this linear on a long headline list.
            out.extend(run)
            i += len(run)
            continue
        out.append(ln)
        i += 1
    return out


_MAX_TITLE = 80
# A headline may end with ! or ? (成效显著!), never with 。 inside.
_HEADLINE_MARK = re.compile(r"^[^。；;]{4,50}[！!？?][”」』]?$")


def _find_title(lines: list[Line], first_body: int) -> int | None:
    """Index of the title line: a headline-shaped line before the body, preferring one the
    page repeats."""
    candidates = [
        i
        for i in range(first_body)
        if not lines[i].furniture
        and 5 <= len(lines[i].text) <= _MAX_TITLE
        and (not _is_terminal(lines[i].text) or _HEADLINE_MARK.search(lines[i].text))
    ]
    if not candidates:
        return None
    counts = Counter(ln.text for ln in lines if len(ln.text) <= _MAX_TITLE)
    return max(
        candidates,
        key=lambda i: (counts[lines[i].text] > 1, len(lines[i].text) >= 8, -i),
    )


_SUBTITLE = re.compile(r"^(——|—|--|－－)\s*\S.{1,60}$")
# Section headings: 一、 (一) 第一部分 1、
_SECTION = re.compile(
    r"^([一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)]|"
    r"第[一二三四五六七八九十]{1,3}(章|节|部分)|\d{1,2}、)"
)


def _is_related_marker(ln: Line) -> bool:
    return ln.furniture and bool(_RELATED.match(ln.text))


def _kept_in_run(lines: list[Line], run: list[int], intro: bool) -> list[int]:
    """Which lines of a run of non-prose lines inside the article are text.

    The run is taken in groups: table rows, list items (with the line introducing them),
    and plain lines. Table rows and items stay; plain lines stay as subheads when there are
    one or two of them, or when a colon introduced them; a longer group of plain lines is
    a headline list.
    """
    kept: list[int] = []
    group: list[int] = []
    colon = intro

    def flush() -> None:
        if group and (len(group) <= 2 or colon):
            kept.extend(group)
            if len(group) == 2 and not colon and group[1] == group[0] + 1:
                lines[group[0]].join_next = True
        group.clear()

    for k in run:
        ln = lines[k]
        if ln.item or ln.table:
            flush()
            kept.append(k)
            colon = False
            continue
        if ln.text.endswith(":"):
            flush()
            kept.append(k)  # introduces what follows
            colon = True
            continue
        group.append(k)
    flush()
    return sorted(kept)


def _select_lines(lines: list[Line], title_hint: str | None) -> tuple[list[list[Line]], str | None]:
    """Decide which lines are article text; return paragraphs (lists of lines) and the title."""
    for ln in lines:
        if ln.table:  # cells are separated by bars, which would read as a link bar
            ln.furniture = _is_copyright(ln.text)
        else:
            ln.furniture = _is_furniture(ln.text)
        ln.body = not ln.furniture and _is_body(ln.text)
    bodies = [i for i, ln in enumerate(lines) if ln.body]
    if not bodies:
        # No prose at all: keep whatever is not furniture (a short note, a bare list).
        kept = [[ln] for ln in lines if not ln.furniture]
        title = title_hint
        return kept, title
    first, last = bodies[0], bodies[-1]

    title_idx = None
    title = title_hint
    if title_hint is None:
        title_idx = _find_title(lines, first)
        if title_idx is not None:
            title = lines[title_idx].text
    else:
        # The page's own title (HTML metadata): keep its first occurrence in the text.
        hint_key = _key(title_hint)
        for i in range(first):
            if _key(lines[i].text) == hint_key:
                title_idx = i
                break
    title_key = _key(title) if title else ""

    keep = [False] * len(lines)
    if title_idx is not None:
        keep[title_idx] = True
        sub = title_idx + 1
        if sub < first and not lines[sub].furniture and _SUBTITLE.match(lines[sub].text):
            keep[sub] = True  # ——a subtitle under the title
    in_related = False
    i = first
    while i <= last:
        ln = lines[i]
        if ln.body:
            keep[i] = True
            in_related = False
            i += 1
            continue
        if ln.furniture:
            if _RELATED.match(ln.text):
                in_related = True
            i += 1
            continue
        if in_related:  # headlines after a "related articles" marker, up to the next
            if not _SECTION.match(ln.text):  # prose or section heading
                i += 1
                continue
            in_related = False
        # A run of non-body lines inside the article: subheads (one or two lines) stay,
        # and so do lists the text introduces (a line ending in a colon), enumerated items
        # and table rows; other longer runs are headline lists.
        j = i
        while j <= last and not lines[j].body and not _is_related_marker(lines[j]):
            j += 1
        run = [k for k in range(i, j) if not lines[k].furniture]
        for k in _kept_in_run(lines, run, intro=lines[i - 1].text.endswith(":")):
            keep[k] = True
        i = j

    paragraphs: list[list[Line]] = []
    prev_kept = -2
    for i, ln in enumerate(lines):
        if not keep[i]:
            continue
        if title_key and i != title_idx and not ln.body and len(ln.text) <= len(title_key) + 20:
            k = _key(ln.text)
            if k and (k == title_key or (2 * len(k) >= len(title_key) and k in title_key)):
                continue  # a repeat of the title, or of its larger half
        prev = paragraphs[-1] if paragraphs else None
        joinable = (
            prev is not None
            and len(prev) == 1
            and prev_kept == i - 1
            and not ln.blank_before
            and not ln.body
            and prev[0].join_next
            and len(ln.text) <= 30
            and len(prev[0].text) <= 30
        )
        if joinable:
            prev.append(ln)  # a subhead broken over two lines
        else:
            paragraphs.append([ln])
        prev_kept = i
    return paragraphs, title


# Repeats

# Clauses of four characters or more (shorter ones say too little to count as repeats).
_CLAUSE = re.compile(r"[^，,。、；;：:！!？?\s“”\"「」『』‘’]{4,}")


def _dedupe(paragraphs: list[list[Line]]) -> list[list[Line]]:
    """Drop paragraphs seen before, and long ones made (≥ 85%) of clauses seen before."""
    seen_keys: set[str] = set()
    seen_clauses: set[int] = set()
    out = []
    for para in paragraphs:
        text = para[0].text if len(para) == 1 else "".join(ln.text for ln in para)
        key = text if len(text) > 200 else _key(text)
        if not key or key in seen_keys:
            continue
        clauses = _CLAUSE.findall(text)
        hashes = list(map(hash, clauses))
        # (Most paragraphs share no clause with earlier ones: isdisjoint tells that in C.)
        if len(text) >= 40 and clauses and not seen_clauses.isdisjoint(hashes):
            total = sum(map(len, clauses))
            covered = sum(len(c) for c, h in zip(clauses, hashes, strict=True) if h in seen_clauses)
            if total and covered >= 0.85 * total:
                continue
        seen_keys.add(key)
        seen_clauses.update(hashes)
        out.append(para)
    return out
