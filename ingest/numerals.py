"""Numbers, counted figures and years in Chinese news text.

* :func:`parse_number` reads one numeral: Arabic (``1,176``, ``1.2``, full-width digits),
  Chinese (``三十一``, ``两``, ``一千二百``, ``二〇二一``) or mixed (``1.2万``, ``3千``).
* :func:`find_figures` finds counts with their measure word and approximation:
  ``1.2万余人次`` → 12000, over, 人次; ``近300名`` → 300, nearly, 名; ``200多例`` → 200,
  over, 例; ``两家`` → 2, 家; ``十年`` → 10, 年. Ordinals (``第六批``), years, dates,
  digit pairs that name a range of grades (``三四级手术``) and numbers without a measure
  word are not figures.
* :func:`find_years` finds years and year ranges: ``2018~2020年`` and ``2021-2025年`` →
  (2018, 2020) and (2021, 2025); ``2015年`` → (2015, None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aidgraph.graph.model import Approx, Figure

__all__ = [
    "FigureMention",
    "YearMention",
    "find_figures",
    "find_years",
    "parse_number",
]

_DIGITS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

_CN_DIGIT = "〇零○一壹两兩二贰貳三叁參四肆五伍六陆陸七柒八捌九玖"
_CN_CHARS = _CN_DIGIT + "十拾百佰千仟万萬亿億"
_ARABIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_ARABIC_HEAD = re.compile(r"^(\d[\d,]*(?:\.\d+)?)([十百千万亿拾佰仟萬億]*)$")


def parse_number(s: str) -> float | None:
    """The value of one numeral, or None if ``s`` is not one.

    ``"1.2万"`` → 12000, ``"三十一"`` → 31, ``"两"`` → 2, ``"1,176"`` → 1176,
    ``"二〇二一"`` → 2021; ``"三四"`` (a range of two digits) → None.
    """
    if s.isdigit() and s.isascii():
        return float(s)  # the common case, plain Arabic digits: what the rules below give
    if not s:
        return None
    s = s.strip().translate(_FULLWIDTH).replace(" ", "")
    if not s:
        return None
    # Split off trailing 万/亿 multipliers applied to an Arabic or Chinese head.
    m = _ARABIC_HEAD.match(s)
    if m:
        head, tail = m.groups()
        if not _ARABIC.match(head):
            return None
        value = float(head.replace(",", ""))
        if not tail:
            return value
        mult = _multiplier(tail)
        return None if mult is None else value * mult
    if all(ch in _CN_CHARS for ch in s):
        return _parse_chinese(s)
    return None


def _multiplier(tail: str) -> float | None:
    """百万 → 1e6, 千万 → 1e7, 万亿 → 1e12, 万 → 1e4; None for an ill-formed tail."""
    mult = 1.0
    last = None
    for ch in tail:
        unit = _SMALL_UNITS.get(ch) or _BIG_UNITS.get(ch)
        if unit is None:
            return None
        if last is not None and unit <= last and ch not in _BIG_UNITS:
            return None
        mult *= unit
        last = unit
    return mult


def _parse_chinese(s: str) -> float | None:
    # A string of digits only: one digit, or a year-style digit string (二〇二一).
    if all(ch in _DIGITS for ch in s):
        if len(s) == 1:
            return float(_DIGITS[s])
        if len(s) >= 3 or any(ch in "〇零○" for ch in s):
            return float("".join(str(_DIGITS[ch]) for ch in s))
        return None  # 三四, 十四五-style pairs are ranges or names, not numbers
    total = 0.0  # completed 亿/万 sections
    section = 0.0  # the part below the next 万/亿
    digit: int | None = None
    last_small = 10_000  # the last 十/百/千 seen in this section, for order checks
    zero_seen = False
    for i, ch in enumerate(s):
        if ch in _DIGITS:
            d = _DIGITS[ch]
            if d == 0:
                zero_seen = True
                if digit is not None:
                    return None
                continue
            if digit is not None:
                return None  # two digits in a row: 三四
            digit = d
        elif ch in _SMALL_UNITS:
            unit = _SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            if digit is None:
                if i == 0 or (unit == 10 and (s[i - 1] in _BIG_UNITS or zero_seen)):
                    digit = 1  # 十 → 10, 百余 → 100, 一万十 → 10010
                else:
                    return None
            section += digit * unit
            digit = None
            last_small = unit
            zero_seen = False
        elif ch in _BIG_UNITS:
            unit = _BIG_UNITS[ch]
            if digit is not None:
                section += digit
                digit = None
            if section == 0 and total == 0:
                return None  # 万 alone
            if unit == 100_000_000:
                total = (total + section) * unit
            else:
                total += section * unit
            section = 0.0
            last_small = 10_000
            zero_seen = False
        else:
            return None
    if digit is not None:
        # A trailing digit after a unit is an abbreviation (一万二 = 12000, 三百五 = 350)
        # unless a zero stood between them (一百零五 = 105).
        if last_small < 10_000 and last_small > 10 and not zero_seen:
            section += digit * last_small // 10
        elif section == 0 and total > 0 and not zero_seen:
            # 一万二 = 12000, 一亿五 = 1.5亿: a digit right after the big unit
            big = 100_000_000 if s.rstrip(_CN_DIGIT)[-1] in "亿億" else 10_000
            section += digit * big // 10
        else:
            section += digit
    return total + section


# ---------------------------------------------------------------------------------------
# Figures

# Measure words and units a count is stated in (longest first in the pattern).
_MEASURES = sorted(
    [
        "人次",
        "例次",
        "台次",
        "批次",
        "架次",
        "车次",
        "人",
        "名",
        "位",
        "个",
        "家",
        "所",
        "座",
        "项",
        "例",
        "台",
        "场",
        "批",
        "次",
        "篇",
        "部",
        "本",
        "份",
        "年",
        "个月",
        "月",
        "周",
        "天",
        "日",
        "小时",
        "学时",
        "课时",
        "期",
        "届",
        "支",
        "队",
        "组",
        "种",
        "类",
        "套",
        "件",
        "张",
        "床",
        "间",
        "辆",
        "架",
        "层",
        "门",
        "节",
        "万元",
        "亿元",
        "元",
        "美元",
        "平方米",
        "平米",
        "亩",
        "公里",
        "千米",
        "吨",
        "岁",
        "分钟",
        "倍",
        "%",
        "县",
        "区",
        "市",
        "省",
        "镇",
        "乡",
        "村",
        "州",
        "旗",
        "盟",
        "户",
        "条",
        "处",
        "块",
        "剂",
        "盒",
        "瓶",
    ],
    key=len,
    reverse=True,
)
_MEASURE_RE = "|".join(re.escape(m) for m in _MEASURES)

_PRE_APPROX = {
    "近": Approx.NEARLY, "将近": Approx.NEARLY, "接近": Approx.NEARLY, "逼近": Approx.NEARLY,
    "约": Approx.ABOUT, "大约": Approx.ABOUT, "大概": Approx.ABOUT, "约有": Approx.ABOUT,
    "逾": Approx.OVER, "超过": Approx.OVER, "超": Approx.OVER, "多于": Approx.OVER,
}  # fmt: skip
_POST_APPROX = {"余": Approx.OVER, "多": Approx.OVER, "来": Approx.ABOUT, "几": Approx.OVER}
_AFTER_UNIT = {
    "以上": Approx.OVER,
    "多": Approx.OVER,
    "余": Approx.OVER,
    "左右": Approx.ABOUT,
    "上下": Approx.ABOUT,
}

# Bounded lengths keep the search linear on a long run of digits (a longer numeral is
# not a count anyway, and the character before the match rejects a piece of one).
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}}){{1,5}}|\d{{1,15}})(?:\.\d{{1,6}})?|[{_CN_CHARS}]{{1,12}}"
_PRE_WORDS = "将近|接近|逼近|大约|大概|约|近|逾|超过|超"
_FIGURE = re.compile(
    rf"(?P<pre>{_PRE_WORDS})?"
    rf"(?P<num>{_NUM})"
    rf"(?:(?P<range>[至到~～\-－—])(?P<num2>{_NUM}))?"
    rf"(?P<mult>[十百千万亿]*)"
    rf"(?P<post>[余多来几])?"
    rf"(?P<unit>{_MEASURE_RE})"
    rf"(?P<half>半(?![天年月日]))?"
    rf"(?P<after>以上|左右|上下)?"
)
# The characters a figure starts with. _FIGURE starts with an optional word, so re would
# try it at every character of a sentence; find_figures tries it only at these.
_FIGURE_START = re.compile(
    rf"[{''.join(sorted({w[0] for w in _PRE_WORDS.split('|')}))}\d{_CN_CHARS}]"
)
# Characters that, right before a numeral, make it part of a word or an ordinal.
_BAD_BEFORE = re.compile(rf"[第初周礼星\d.,A-Za-z{_CN_CHARS}]$")
# Before a Chinese numeral these make it vague: 数百名, 几十家, 上千人, 成百.
_VAGUE_BEFORE = re.compile(r"[数几上成]$")
# Characters after the measure word that turn it into another word (二级医院, 三甲).
_BAD_AFTER_UNIT = {"年": "代级度初底末中前后终轻", "月": "份底初", "日": "前后本", "点": "评"}
# Digits inside words, idioms and names (一大批, 统一, 一线, 一流): the numeral must be the
# whole Chinese run, and a run of one 一 before these is not a count.
_WORDY_ONE = re.compile(
    r"^一(?=(体|同|起|道|致|直|些|定|律|般|切|旦|再|向|贯|线|流|带|路|站|方|样|边|面))"
)


@dataclass(frozen=True)
class FigureMention:
    """A counted figure in a sentence: ``近300名`` → 300, nearly, 名.

    ``upper`` is the upper bound of a range (``3至4所`` → value 3, upper 4).
    ``start``/``end`` are offsets into the sentence string given to :func:`find_figures`.
    """

    value: float
    approx: Approx | None
    unit: str
    text: str
    start: int
    end: int
    upper: float | None = None

    def to_figure(self) -> Figure:
        value = int(self.value) if float(self.value).is_integer() else self.value
        return Figure(value=value, approx=self.approx, unit=self.unit, text=self.text)


def find_figures(sentence: str) -> list[FigureMention]:
    """The counted figures of ``sentence``, in order."""
    out: list[FigureMention] = []
    pos = 0
    while (start := _FIGURE_START.search(sentence, pos)) is not None:
        m = _FIGURE.match(sentence, start.start())
        if m is None:
            pos = start.start() + 1
            continue
        fig = _figure(sentence, m)
        if fig is not None:
            out.append(fig)
        pos = m.end()
    return out


def _ends_with(pattern: re.Pattern[str], s: str, end: int) -> bool:
    """``pattern`` (one character class then ``$``) matches ``s[:end]``.

    Only the last two characters can take part (``$`` also matches before a final
    newline), so the search looks at those instead of scanning the whole prefix, which
    made every figure cost time in proportion to its offset in the sentence.
    """
    return pattern.search(s, max(0, end - 2), end) is not None


def _figure(sentence: str, m: re.Match[str]) -> FigureMention | None:
    # the groups read at once: each m.group(name) is a call and a name lookup
    pre, num, _range, num2, mult, post, unit, half, tail = m.groups()
    at = m.start("num")
    start = at if not pre else m.start()
    if not pre and _ends_with(_BAD_BEFORE, sentence, at):
        return None
    if not num[0].isdigit() and _ends_with(_VAGUE_BEFORE, sentence, at):
        return None
    if pre and _ends_with(_BAD_BEFORE, sentence, m.start()) and not sentence.endswith(pre, 0, at):
        return None
    value = parse_number(num + mult)
    if value is None:
        return None
    is_chinese = not num[0].isdigit()
    # _WORDY_ONE looks one character past the numeral: slice that, not the rest
    if is_chinese and _WORDY_ONE.match(num + sentence[m.end("num") : m.end("num") + 1]):
        return None
    # A year (2018年) or a date part is not a count.
    if unit == "年" and not is_chinese and len(num) == 4 and not post and not pre:
        return None
    if unit in ("月", "日") and not post and not pre:
        return None
    end = m.end()
    after = sentence[end : end + 1]
    bad_after = _BAD_AFTER_UNIT.get(unit)
    if bad_after and after and after in bad_after:
        return None
    if unit == "年" and after == "级":
        return None
    approx = None
    if pre:
        approx = _PRE_APPROX.get(pre)
    if post:
        approx = _POST_APPROX[post]
    if tail:
        approx = _AFTER_UNIT[tail]
    if half:
        if unit not in _HALVES:
            return _figure_without_half(sentence, m, start, value, approx)
        value += 0.5
    upper = None
    if num2:
        upper = parse_number(num2 + mult)
        if upper is None or upper < value:
            return None
    return FigureMention(
        value=value,
        approx=approx,
        unit=unit,
        text=sentence[start:end],
        start=start,
        end=end,
        upper=upper,
    )


# Units a 半 may follow: 1年半 = 1.5 years, 3个月半 is not said but harmless.
_HALVES = frozenset({"年", "个月", "小时", "天", "周", "倍"})


def _figure_without_half(
    sentence: str, m: re.Match[str], start: int, value: float, approx: Approx | None
) -> FigureMention:
    end = m.start("half")
    return FigureMention(value, approx, m.group("unit"), sentence[start:end], start, end)


# ---------------------------------------------------------------------------------------
# Years

_YEAR_NUM = r"(?:19|20)\d{2}|[一二〇零○][〇零○一二三四五六七八九]{3}"
_YEARS = re.compile(
    rf"(?<![\d.])(?P<y1>{_YEAR_NUM})(?:年(?:度)?)?"
    rf"(?:\s*(?P<sep>[~～\-－–—至到]|—{{1,2}})\s*(?P<y2>{_YEAR_NUM}|\d{{2}}(?=年)))?"
    rf"(?P<nian>年)?"
)


@dataclass(frozen=True)
class YearMention:
    """A year or a range of years in a sentence: ``2018~2020年`` → (2018, 2020).

    ``start``/``end`` are offsets into the sentence; ``years`` gives ``(first, last)`` with
    ``last`` None for a single year.
    """

    first: int
    last: int | None
    text: str
    start: int
    end: int

    @property
    def years(self) -> tuple[int, int | None]:
        return (self.first, self.last)


def find_years(sentence: str) -> list[YearMention]:
    """Years and year ranges (a year needs 年 after it, or after the range's end)."""
    out: list[YearMention] = []
    if "年" not in sentence:
        return out  # every year found needs one (the pattern alone scans every position)
    for m in _YEARS.finditer(sentence):
        y1 = _year(m.group("y1"))
        if y1 is None:
            continue
        text = m.group(0)
        has_nian = "年" in text
        if not has_nian:
            continue
        if m.end() < len(sentence) and sentence[m.end()] in "代级":
            continue
        y2 = None
        if m.group("y2"):
            raw = m.group("y2")
            y2 = _year(raw) if len(raw) == 4 else y1 // 100 * 100 + int(raw)
            if y2 is None or y2 < y1:
                y2 = None
                # keep the first year only; trim the text to it
                end = m.start("y1") + len(m.group("y1"))
                if end < len(sentence) and sentence[end] == "年":
                    end += 1
                out.append(YearMention(y1, None, sentence[m.start() : end], m.start(), end))
                continue
        out.append(YearMention(y1, y2, text, m.start(), m.end()))
    return out


def _year(raw: str) -> int | None:
    value = parse_number(raw)
    if value is None:
        return None
    year = int(value)
    return year if 1900 <= year <= 2100 else None
