"""Build ingest/data/regions.tsv, the administrative-division table behind the gazetteer.

Why a generated table: jionlp ships a good, current tree of China's divisions with
adcodes, but it is heavy to install and slow to load (hundreds of MB, seconds on first
call). aidgraph only needs the province, prefecture and county levels, so this script
reads jionlp's data ONCE and writes a compact TSV that is committed to the repo.
Coordinates come from cpca's bundled ``adcodes.csv``, read straight from its wheel
(importing cpca 0.5.5 fails on current setuptools).

Run it in a throwaway venv, never in the project venv::

    python3 -m venv /tmp/gazvenv
    /tmp/gazvenv/bin/pip install jionlp==1.5.31 jieba==0.42.1
    /tmp/gazvenv/bin/pip download --no-deps cpca==0.5.5 -d /tmp/cpcawheel
    /tmp/gazvenv/bin/python scripts/build_gazetteer.py --out ingest/data/regions.tsv \\
        --cpca-wheel /tmp/cpcawheel/cpca-0.5.5-py3-none-any.whl

The committed table was built from jionlp 1.5.31, jieba 0.42.1 and cpca 0.5.5; the
output is deterministic, so rebuilding with the same versions reproduces it byte for byte.

Output columns (tab-separated, one header line):
adcode, name, level (province|prefecture|county), parent adcode (empty for provinces),
short names ("|"-joined), common-word short names (the subset that are frequent
Chinese words by jieba's dictionary), aliases (other full forms: X地区 for a
prefecture-level city X市, the 兵团 division names of the XPCC's cities), former names
(from jionlp's record of renamings), lat, lon. List fields are "|"-joined.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# The 56 officially recognised ethnic groups; autonomous-area names embed them.
ETHNIC_GROUPS = (
    "汉",
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "高山",
)

# Autonomous suffix -> the generic suffix its short form keeps (玉树藏族自治州 -> 玉树州).
AUTONOMOUS_SUFFIXES = {"自治区": "", "自治州": "州", "自治县": "县", "自治旗": "旗"}
# Plain suffixes stripped to get the bare stem, longest first.
PLAIN_SUFFIXES = (
    *("特别行政区", "地区", "新区", "矿区", "特区"),
    *("省", "市", "县", "区", "旗", "盟"),
)
# Former names too generic to keep (they were names of several places).
GENERIC_FORMER = {"城区", "矿区", "郊区", "市辖区", "市区", "南郊区", "北郊区", "新城区"}
# Statistical zones (开发区, 管理区 ...) carry codes but no admin short names: theirs are
# generic (高新区, 经开区) or everyday words, so they keep only their full name.
ZONE_MARKERS = (
    "开发区",
    "园区",
    "管理区",
    "示范区",
    "实验区",
    "管委会",
    "行政委员会",
    "产业园",
    "海域",
)
# Renamings jionlp's change list lacks: 地区 -> 市 conversions in the aid regions and
# the county seats renamed with them. (old name, current full name, current parent).
EXTRA_RENAMINGS = (
    ("日喀则地区", "日喀则市", "540000"),
    ("昌都地区", "昌都市", "540000"),
    ("林芝地区", "林芝市", "540000"),
    ("山南地区", "山南市", "540000"),
    ("那曲地区", "那曲市", "540000"),
    ("昌都县", "卡若区", "540300"),
    ("林芝县", "巴宜区", "540400"),
    ("乃东县", "乃东区", "540500"),
    ("那曲县", "色尼区", "540600"),
    ("吐鲁番地区", "吐鲁番市", "650000"),
    ("哈密地区", "哈密市", "650000"),
    ("海东地区", "海东市", "630000"),
    ("乐都县", "乐都区", "630200"),
    ("平安县", "平安区", "630200"),
    ("铜仁地区", "铜仁市", "520000"),
    ("毕节地区", "毕节市", "520000"),
    ("思茅市", "普洱市", "530000"),
    ("宣武区", "西城区", "110000"),
    ("崇文区", "东城区", "110000"),
    ("卢湾区", "黄浦区", "310000"),
    ("闸北区", "静安区", "310000"),
    ("南汇区", "浦东新区", "310000"),
)
# XPCC divisions administered together with a city (师市合一).
XPCC_DIVISIONS = (
    ("第一师", "阿拉尔市"),
    ("第二师", "铁门关市"),
    ("第三师", "图木舒克市"),
    ("第四师", "可克达拉市"),
    ("第五师", "双河市"),
    ("第六师", "五家渠市"),
    ("第七师", "胡杨河市"),
    ("第八师", "石河子市"),
    ("第九师", "白杨市"),
    ("第十师", "北屯市"),
    ("第十三师", "新星市"),
    ("第十四师", "昆玉市"),
)
# Colloquial short forms the suffix rules cannot derive.
EXTRA_SHORTS = {
    "内蒙古自治区": ("内蒙",),
    "克孜勒苏柯尔克孜自治州": ("克州",),
    "巴音郭楞蒙古自治州": ("巴州",),
    "博尔塔拉蒙古自治州": ("博州",),
    "西双版纳傣族自治州": ("版纳",),
}
# jieba tags for words that are not names (verbs, adjectives, locatives, numerals ...).
WORD_TAGS = {"v", "vn", "vd", "a", "ad", "an", "b", "c", "d", "f", "m", "p", "q", "r", "s", "t"}
# Two of these characters make a generic place word (城西, 河东, 南湖, 新市), not a name.
GENERIC_CHARS = set("东西南北中上下前后内外左右城市区郊镇新老古河江湖山海港桥天")
# Short forms that are everyday words although jieba tags them as place names or counts
# them rarely: landmarks, regions and common nouns (中原, 南海, 泰山, 新建, 商城), and the
# set phrases of policy news (惠民政策, 长治久安, 安居乐业, 科教兴国) and a common Tibetan
# given name (尼玛). They count at any level below the province.
COMMON_EXTRA = {
    *("中原", "新建", "南海", "古城", "泰山", "天山", "长寿", "安宁", "商城", "太平", "东海"),
    *("太湖", "天涯", "牡丹", "海棠", "元宝", "宝塔", "七星", "红星", "麒麟", "紫金", "同心"),
    *("小店", "平房", "回民", "富民", "爱民", "安居", "民权", "兴业", "龙门", "黄埔", "九龙"),
    *("惠民", "长治", "民乐", "康乐", "乐业", "和顺", "兴国", "长乐", "吉利", "万全", "尼玛"),
}
# Prefecture names jieba mis-tags as ordinary words.
NOT_COMMON = {"保定", "大连", "大同", "海口"}
PSEUDO_LEVELS = ("省直辖", "市直辖", "自治区直辖", "县级行政区划")
LEVELS = ("province", "prefecture", "county")
MIN_SHORT = 2
COMMON_MIN_FREQ = 300  # jieba count above which a word is "frequent"
COMMON_PLACE_FREQ = 3000  # the same for a word jieba tags as a place name


@dataclass
class Row:
    adcode: str
    name: str
    level: str
    parent: str
    shorts: list[str] = field(default_factory=list)
    common: list[str] = field(default_factory=list)
    former: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    lat: str = ""
    lon: str = ""


def _ethnic_forms() -> list[str]:
    # One-character names (回, 水, 藏 ...) only count with 族: bare they are too common.
    forms = [e + "族" for e in ETHNIC_GROUPS] + [e for e in ETHNIC_GROUPS if len(e) >= 2]
    return sorted([*forms, "各族"], key=len, reverse=True)


ETHNIC_FORMS = _ethnic_forms()


def _strip_ethnic(stem: str) -> str:
    """Strip trailing ethnic-group names and 各族, repeatedly, keeping >= 2 chars."""
    while True:
        form = next((f for f in ETHNIC_FORMS if stem.endswith(f)), None)
        if form is None or len(stem) - len(form) < MIN_SHORT:
            return stem
        stem = stem[: -len(form)]


def short_forms(name: str) -> list[str]:
    """Short forms of a full official name by rule, most specific first.

    玉树藏族自治州 -> [玉树州, 玉树]; 新疆维吾尔自治区 -> [新疆];
    鄂温克族自治旗 -> [鄂温克旗, 鄂温克]; 喀什地区 -> [喀什]; 管城回族区 -> [管城];
    峰峰矿区 -> [峰峰]; 六枝特区 -> [六枝].
    """
    for suffix, generic in AUTONOMOUS_SUFFIXES.items():
        if name.endswith(suffix):
            stem = _strip_ethnic(name[: -len(suffix)])
            # 鄂温克族自治旗: the stem is the ethnic name itself; drop its 族.
            bare = stem[:-1] if stem.endswith("族") else stem
            out = [bare + generic, bare] if generic else [bare]
            return [s for s in dict.fromkeys(out) if len(s) >= MIN_SHORT and s != name]
    if name.endswith("林区") and len(name) >= 5:
        return [name[:-2]]  # 神农架林区 (a forestry district), but 万柏林区 is 万柏林's
    for suffix in PLAIN_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_SHORT:
            # Ethnic districts (管城回族区) shed their ethnic name too.
            return [_strip_ethnic(name[: -len(suffix)])]
    return []


def read_jionlp_tree(text: str) -> list[Row]:
    """Parse jionlp's tab-indented china_location.txt, keeping the top three levels."""
    rows: list[Row] = []
    stack: list[Row | None] = [None, None, None]
    seen: set[str] = set()
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2 or not line.strip():
            continue
        parts = line.strip("\t").split("\t")
        name = parts[0]
        code = parts[1] if len(parts) > 1 else ""
        jio_short = parts[2] if len(parts) > 2 else ""
        parent = next((r for r in reversed(stack[:depth]) if r is not None), None)
        stack[depth:] = [None] * (3 - depth)
        if not re.fullmatch(r"\d{6}", code):
            continue  # e.g. Taiwan's districts carry no code
        if name.startswith(PSEUDO_LEVELS) or code in seen:
            # 省直辖行政区划 / 北京市 under 北京市: a container, not a place; children
            # attach to the nearest real ancestor.
            continue
        seen.add(code)
        level = LEVELS[depth]
        if parent is not None and parent.level == "province" and depth == 2:
            level = "county"  # districts of municipalities, 省直辖 county-level cities
        row = Row(code, name, level, parent.adcode if parent else "")
        if name.endswith(ZONE_MARKERS) or code[4:] >= "70":
            rows.append(row)
            stack[depth] = row
            continue
        row.shorts = short_forms(name) + list(EXTRA_SHORTS.get(name, ()))
        # jionlp's own short form adds the odd irregular one the rules miss; one that
        # only drops the last character (井陉矿 of 井陉矿区) is not how anyone writes it.
        if len(jio_short) >= MIN_SHORT and jio_short not in (name, name[:-1], *row.shorts):
            row.shorts.append(jio_short)
        rows.append(row)
        stack[depth] = row
    return rows


def attach_former_names(rows: list[Row], changes: str) -> None:
    """Record renamings (日喀则地区 => 日喀则市) as former names of the current place."""
    by_path: dict[tuple[str, ...], Row] = {}
    by_code = {r.adcode: r for r in rows}
    for r in rows:
        path = [r.name]
        p = by_code.get(r.parent)
        while p is not None:
            path.insert(0, p.name)
            p = by_code.get(p.parent)
        by_path[tuple(path)] = r
    current = {r.name for r in rows} | {s for r in rows for s in r.shorts}
    claimed: dict[str, set[str]] = {}
    for line in changes.splitlines():
        line = line.strip()
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        old_f = old.split("\t")[2:]
        new_f = [f for f in new.split("\t") if f]
        old_fulls, old_shorts = old_f[0::2], old_f[1::2]
        target = _find_target(by_path, new_f)
        if target is None or len(old_fulls) != len(new_f):
            continue
        old_full, old_short = old_fulls[-1], old_shorts[-1] if old_shorts else ""
        if old_full == target.name:
            continue
        for name in (old_full, old_short):
            if len(name) >= MIN_SHORT and name not in GENERIC_FORMER and name not in current:
                claimed.setdefault(name, set()).add(target.adcode)
    for old, new, parent in EXTRA_RENAMINGS:
        hit = [r for r in rows if r.name == new and r.parent == parent]
        if hit and old not in current:
            claimed.setdefault(old, set()).add(hit[0].adcode)
    for name, codes in claimed.items():
        if len(codes) == 1:  # a former name that meant several places is too vague
            by_code[codes.pop()].former.append(name)


def _find_target(by_path: dict[tuple[str, ...], Row], new_f: list[str]) -> Row | None:
    key = tuple(new_f)
    if key in by_path:
        return by_path[key]
    # Municipality districts: jionlp's change file repeats 北京市 as the prefecture.
    if len(key) == 3 and key[0] == key[1]:
        return by_path.get((key[0], key[2]))
    return None


def attach_coordinates(rows: list[Row], cpca_csv: str) -> int:
    """Add lat/lon from cpca's adcodes.csv (a 2020 snapshot).

    A place takes the coordinates of the cpca row with its code and name; failing that,
    of a cpca row in the same prefecture (same first four code digits) under one of its
    former names or with its stem (长乐市 -> 长乐区, 大同县 -> 云州区): a county turned
    district keeps its seat.
    """
    coords: dict[str, tuple[str, str, str]] = {}
    by_stem: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for rec in csv.DictReader(io.StringIO(cpca_csv)):
        code = rec["adcode"][:6]
        if rec["adcode"][6:].strip("0") != "" or not rec["latitude"]:
            continue
        coords[code] = (rec["name"], rec["latitude"], rec["longitude"])
        for key in (rec["name"], *short_forms(rec["name"])):
            by_stem.setdefault((code[:4], key), []).append((rec["latitude"], rec["longitude"]))
    hits = 0
    for r in rows:
        got = coords.get(r.adcode)
        if got and got[0] == r.name:
            r.lat, r.lon = _fmt(got[1]), _fmt(got[2])
            hits += 1
            continue
        # Statistical zones (no short forms) have no seat of their own to inherit.
        for key in (*r.former, *(short_forms(r.name) if r.shorts else ())):
            found = by_stem.get((r.adcode[:4], key), [])
            if len(found) == 1:
                r.lat, r.lon = _fmt(found[0][0]), _fmt(found[0][1])
                hits += 1
                break
    return hits


def _fmt(value: str) -> str:
    return f"{float(value):.4f}"


def flag_common_words(rows: list[Row], freqs: dict[str, tuple[int, str]]) -> None:
    """Mark short forms that are frequent ordinary words (东方, 和平, 比如, 通道).

    jieba's tags are noisy, so the rule is graded by level. Province short forms are
    always safe. A prefecture short form counts only if jieba tags it as a non-name
    word (verb, adjective, locative ...). A county short form counts if it is frequent
    and not tagged as a place (ns): recall lost there is small, since articles usually
    name counties with their suffix (比如县). A word tagged as a place counts at county
    level only when very frequent (平原, 江南). County short forms built of generic
    characters (城西, 南湖), and short forms listed in COMMON_EXTRA at any level below
    the province, count whatever jieba says.
    """
    # A surface is judged at the highest level that uses it: 大理 is a prefecture's
    # short form before it is its seat's.
    top: dict[str, str] = {}
    for r in rows:
        for s in r.shorts:
            if s not in top or LEVELS.index(r.level) < LEVELS.index(top[s]):
                top[s] = r.level
    for r in rows:
        for s in r.shorts:
            freq, tag = freqs.get(s, (0, ""))
            level = top[s]
            if level == "province" or freq < COMMON_MIN_FREQ or s in NOT_COMMON:
                continue
            if tag in WORD_TAGS or (level == "county" and _county_word(freq, tag)):
                r.common.append(s)
        for s in r.shorts:
            if s in r.common or top[s] == "province":
                continue
            generic = top[s] == "county" and len(s) == 2 and set(s) <= GENERIC_CHARS
            if generic or s in COMMON_EXTRA:
                r.common.append(s)


def _county_word(freq: int, tag: str) -> bool:
    # Tagged a place name, a county short form still needs to be very frequent to be
    # an ordinary word first (平原, 江南); tagged anything else, frequent is enough.
    return freq >= COMMON_PLACE_FREQ if tag in {"ns", "nrt", "j"} else True


def load_jieba_freqs() -> dict[str, tuple[int, str]]:
    import jieba  # only needed here, at build time

    path = Path(jieba.__file__).parent / "dict.txt"
    out: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and len(parts[0]) <= 4:
            out[parts[0]] = (int(parts[1]), parts[2] if len(parts) > 2 else "")
    return out


def attach_aliases(rows: list[Row]) -> None:
    """Other full forms a place goes by.

    X地区 for a prefecture-level city X市: most western ones were 地区 until recently
    (榆林, 日喀则, 哈密) and articles still write X地区 for the area. And the XPCC
    (新疆生产建设兵团) divisions that share an administration with a city (师市合一):
    jionlp lists the cities, not the 兵团, so its divisions are aliases of their city.
    """
    taken = {r.name for r in rows} | {f for r in rows for f in r.former}
    for r in rows:
        if r.level == "prefecture" and r.name.endswith("市"):
            form = r.name[:-1] + "地区"
            if form not in taken:
                r.aliases.append(form)
    by_name = {r.name: r for r in rows if r.parent == "650000"}
    for division, city in XPCC_DIVISIONS:
        row = by_name.get(city)
        if row is None:
            continue
        row.aliases += [f"新疆生产建设兵团{division}", f"兵团{division}", f"{division}{city}"]


def write_tsv(rows: list[Row], out: Path) -> None:
    header = ["adcode", "name", "level", "parent", "short_names", "common_word_shorts"]
    header += ["aliases", "former_names", "lat", "lon"]
    lines = ["\t".join(header)]
    for r in sorted(rows, key=lambda r: r.adcode):
        cols = [r.adcode, r.name, r.level, r.parent, "|".join(r.shorts), "|".join(r.common)]
        cols += ["|".join(r.aliases), "|".join(r.former), r.lat, r.lon]
        lines.append("\t".join(cols))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--cpca-wheel", type=Path, help="cpca wheel for coordinates")
    args = ap.parse_args(argv)

    import jionlp  # heavy; only the build needs it

    dict_dir = Path(jionlp.__file__).parent / "dictionary"
    with zipfile.ZipFile(dict_dir / "china_location.zip") as zf:
        tree = zf.read("china_location.txt").decode("utf-8")
    rows = read_jionlp_tree(tree)
    changes = (dict_dir / "china_location_change.txt").read_text(encoding="utf-8")
    attach_former_names(rows, changes)
    attach_aliases(rows)
    hits = 0
    if args.cpca_wheel:
        with zipfile.ZipFile(args.cpca_wheel) as zf:
            hits = attach_coordinates(rows, zf.read("cpca/resources/adcodes.csv").decode())
    flag_common_words(rows, load_jieba_freqs())
    write_tsv(rows, args.out)
    print(f"{len(rows)} places, {hits} with coordinates -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
