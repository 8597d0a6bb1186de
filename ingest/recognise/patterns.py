"""The word constants and patterns the recognition rules read: quotes and
punctuation, administrative words, numerals and classifiers, technique and programme
shapes, the characters of transliterated names.

Compiled once at import; each rule module takes the ones it needs.
"""

from __future__ import annotations

import re

from aidgraph.graph.model import ALLIANCE, HOSPITAL, ORGANIZATION
from aidgraph.ingest.lexicon import WordGated

QUOTES_OPEN = "“‘「『\"'"
QUOTES_CLOSE = "”’」』\"'"
_PUNCT = (
    set("，,。；;：:！!？?、（）()《》〈〉【】[]—…·•　 \t") | set(QUOTES_OPEN) | set(QUOTES_CLOSE)
)
_ADMIN_WORDS = ("自治区", "自治州", "省", "市", "县", "区", "州", "旗")
_FULL_ENDINGS = (*_ADMIN_WORDS, "地区", "盟")  # a place written in full (玉树州, 阿里地区)
_INHERIT_PREFIXES = ("本市", "该市", "全市", "本省", "该省", "本县", "该县", "本区", "该区")
_CLASSIFIERS = set("所家个名位批支台例项座")
_NUMERALS = set("一二三四五六七八九十百千万两几多余数")
# Characters that (almost) never occur in a given name: they end a false name early.
_NOT_IN_NAMES = set(
    "医院科队部局处委会省市县区州镇乡村疗术病药诊的了在是和与及等中上下个名位批项年月日号第"
    "专师长员主任工作援助支持帮扶开展完成培训技能带教驻"
)
_CACHE_LIMIT = 200_000
_NAME_ENDS = ("大学", "学院", "医院", "中心", "附属")
_BODY_ENDINGS = ("办公室", "工作组", "工作小组", "工作队", "指挥部", "领导小组")
INSTITUTIONS = (HOSPITAL, ORGANIZATION, ALLIANCE)

# 镇卫生院, 乡卫生院, 街道社区卫生服务中心: a health centre named after its town.
_TOWN_MARK = re.compile(r"(?:镇|乡|街道)$")
# 刘洋则带领: adverbs between a name and its verb.
_ADVERBS_AFTER_NAME = "则也还就已曾"
# What closes a listed person (周敏、 / 吴强2名骨干 / 吴强等): a list mark or a count.
_LISTED_AFTER = re.compile(r"[、和及等]|[\d一二三四五六七八九十两]+名")
# 并将会川镇卫生院: an adverb before 将 makes it the verb, not a town's first character.
_ADVERBS_BEFORE_VERB = "并还也又已"
# Alliance endings that say nothing on their own (用好联盟, 挂职医共体): named only when
# quoted or grown over a place or body.
_BARE_ALLIANCE = ("联盟", "协作网", "医共体", "医联体")
_TOWN_CHARS_NOT = set("的在是了由为对向到赴与及等")
_TECH_TAIL = re.compile(r"治疗|疗法|手术|检查|术")
_UNIT_AFTER = re.compile(r"中心|室|科|病区|病房|基地|门诊|专科")
_LATIN_AROUND = re.compile(r"[A-Za-z0-9]")
_TECH_LIST_END = WordGated(
    r"等(?:[\u4e00-\u9fff]{0,5}?"
    r"(?:[\d一二三四五六七八九十百多余]+[项个例台种]|新技术|新项目|技术|手术|项目|新业务)"
    r"|(?=[。，；,;]))",
    "等",
)
# (Each quote its own alternative, like the words: a pattern whose alternatives all open on
# a plain character lets re skip to where one can start instead of trying every position.)
_TECH_HINT = re.compile(
    "|".join(map(re.escape, QUOTES_OPEN)) + "|等|首例|首台|首次|开展|完成|实施|接受|带教|填补|落地"
)
# “组团式”援疆, “组团式”帮扶: the aid word written right after a quoted programme word.
_QUOTED_TAIL = re.compile(r"(?:医疗)?援[藏疆青]|支援|帮扶")
_TECH_LEADS = ("首例", "首台", "一例", "了", "开展", "完成", "实施", "引进")
# The first of _TECH_LEADS written at a position, in one match instead of a loop of
# startswith calls (re tries the alternatives in the tuple's order, as the loop did).
_TECH_LEAD = re.compile("|".join(map(re.escape, _TECH_LEADS)))
# Two provinces' one-character names then 协作/对口支援 (闽宁协作, 鲁渝扶贫协作, 京蒙省际):
# the paired-provinces programmes of east-west cooperation.
_PROVINCE_CHARS = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔滇藏陕甘陇青宁新"
_PAIR_PROGRAM = WordGated(
    rf"([{_PROVINCE_CHARS}][{_PROVINCE_CHARS}])(?:[\u4e00-\u9fff]{{0,6}}?)"
    r"(?:扶贫协作|协作|对口支援|省际)(?:(?:框架)?协议|工作方案)?",
    *("协作", "对口支援", "省际"),
)
_DEPT_FOLLOWERS = (
    "建设",
    "项目",
    "门诊",
    "病房",
    "病区",
    "团队",
    "专家",
    "骨干",
    "医护",
    "技术",
    "诊疗",
    "能力",
    "水平",
    "服务",
    "作为",
    "成为",
    "被",
    "获",
    "开展",
    "完成",
    "实现",
    "填补",
    "共建",
    "联合",
    "进修",
)
# (Each alternative a plain word, so re skips to where a match can start instead of trying
# every character.)
_PROGRAM_HINT = re.compile(
    "|".join(map(re.escape, "《" + QUOTES_OPEN)) + "|模式|项目|工程|协作|对口支援|省际"
)
_NOT_PROGRAMS = (
    "奖",
    "奖章",
    "个人",
    "集体",
    "称号",
    "工作者",
    "先进",
    "医生",
    "团队",
    "标兵",
    "模范",
)
_PROGRAM_FOLLOWERS = r"^(?:对口支援|支援|帮扶|援[藏疆青蒙]|工作|项目|计划|工程|行动)"
_PROGRAM_FOLLOWERS_RE = re.compile(_PROGRAM_FOLLOWERS)
# The rules' patterns, compiled once (each sentence would otherwise pay re's cache lookup).
_DEPT_ENDS = re.compile(r"科|中心")
# 已完成X12例: a procedure counted in cases after 完成 is named too; so is the one done
# for a patient (为一名患者实施X, 接受X的患者).
# (首次/率先/成功/独立 each written out, so that every alternative opens on a character.)
_TECH_FIRSTS = re.compile(
    r"(?:首例|首台|首次(?:开展|完成|实施)|率先(?:开展|完成|实施)|成功(?:开展|完成|实施)"
    r"|独立(?:开展|完成|实施)|开展了|带教|指导[^，,。；;]{0,8}?开展"
    r"|患者(?:成功)?(?:实施|施行|进行)了?|接受了?(?=[\u4e00-\u9fff]{3,20}?的患者)"
    r"|完成了?(?=[\u4e00-\u9fff]{3,20}?[\d一二三四五六七八九十百]+[例台]))"
)
# Role words that name staff rather than a post: 神经内科医生 is no department mention.
_STAFF_WORDS = ("医生", "医师", "大夫", "专家", "护士", "护师")
_COUNTED = re.compile(r"(?:[\d一二三四五六七八九十两几多]+|首)[个项家所]")
_FIRST_IN_ITEM = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:首例|首台|首次)")
# X、Y在全州属首次开展 / X填补了…空白: procedures named before what they achieved, right
# after a CJK character. (The check on that character comes after each alternative's first
# character, 在(?<=[一-鿿]在) for (?<=[一-鿿])在, so that every alternative opens on a
# character and re skips to where one can start instead of trying every position.)
_TECH_ACHIEVED = WordGated(
    "|".join(
        rf"{w[0]}(?<=[\u4e00-\u9fff]{w[0]}){w[1:]}"
        for w in (
            r"在[^，,。；;]{1,10}?(?:属|尚属|为)?首次(?:开展|实施|完成)",
            r"填补了?",
            *(rf"{c}于[^，,。；;]{{1,8}}?(?:落地|开展|实施)" for c in "也已均"),
            r"于[^，,。；;]{1,8}?(?:落地|开展|实施)",
        )
    ),
    *("于", "首次", "填补"),
)
_ABBREV_PAREN = re.compile(r"([^（(]+)[（(]([^）)]+)[)）]")
_TITLE = WordGated(r"《([^《》]{2,60})》", "《")
_TRAILING_PAREN = re.compile(r"[（(][^（）()]*[)）]$")
_QUOTED_MODEL = WordGated(
    rf"[{QUOTES_OPEN}]([^{QUOTES_CLOSE}{QUOTES_OPEN}]{{2,16}})[{QUOTES_CLOSE}]"
    r"(的?)([\u4e00-\u9fff]{0,4}?)(模式)",
    "模式",
)
_VERB_MODEL = WordGated(
    r"(?:探索|创新|推行|推广|采取|形成|构建|实行|实施)([\u4e00-\u9fff]{3,14}?模式)", "模式"
)
# ([A-Z][A-Z]{1,9} for [A-Z]{2,10}: opening on a class, not a repeat, lets re skip to the
# capital letters instead of trying every position.)
_LATIN_PROJECT = WordGated(r"[A-Z][A-Z]{1,9}项目", "项目")
# A state-run building project is named by its level and what it builds (国家临床重点专科建设项目,
# 省级区域医疗中心建设项目); a bare 建设项目 of a hospital is not.
_STATE_PROJECT = WordGated(r"(?:国家|省级)[\u4e00-\u9fff]{2,10}?建设项目", "项目")
_WORKS = WordGated(r"[\u4e00-\u9fff]{4,12}(?:工程)", "工程")
_LISTED_REST = re.compile(
    r"^(?:[、和及][^。；]{0,30}?)*等[^。；]{0,12}(?:工作|项目|计划|活动|工程|行动)"
)
_TAKES_PART = re.compile(r"(?:参加|参与|承担)")
_SHORT_TAIL = re.compile(r"^[一-鿿]{1,6}?(?=[、和及等，,。；]|$)")
_PROGRAM_LEAD = re.compile(
    r"(?:以|通过|实施|开展|推行|采取|启动|推进|深化|落实|形式是|纳入|列入|入选)$"
)
# Ways of teaching written in quotes like programmes: not programmes of their own.
_MENTORING = frozenset(("师带徒", "传帮带", "手拉手", "结对子", "一对一", "一帮一", "师徒结对"))

_QUOTED = re.compile(rf"[{QUOTES_OPEN}]([^{QUOTES_OPEN}{QUOTES_CLOSE}]{{1,30}})[{QUOTES_CLOSE}]")
_OPEN_PAREN = re.compile(r"[（(]")
# Runs of characters, for checks that would otherwise loop over a span in Python.
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_NAME_RUN = re.compile(r"[\u4e00-\u9fffA-Za-z·]+")  # is_name_char throughout
_PROGRAM_CHARS = re.compile(r"[\u4e00-\u9fffA-Za-z·+]*")

# Characters of Tibetan, Uyghur and Mongolian names in Chinese transliteration.
_TRANSLITERATION = set(
    "扎西次仁索南才让格桑达瓦尼玛卓旦增白多吉平措曲珍拉巴央金德加强久美顿珠普布尔罗琼杰"
    "阿买提艾力热依木斯坦汗克孜古丽努娜帕米吐逊江别那日苏赫特其乐图门"
    "泽姆兰旺洛桑嘎玛布赤列边穆卡哈亚娅夏合"
    "朗苏则惹沙俄"  # 索朗, 阿苏拉则, 沙马: Tibetan and Yi names
    "降"  # 降央泽仁
    "东智堆"  # 才让东智, 洛桑旺堆
)
# Uyghur names written with the middle dot (阿不都热依木·艾合买提): the dot makes the
# name plain, so more transliteration characters may take part and no title is needed.
_DOT_NAME_CHARS = "".join(
    sorted(_TRANSLITERATION | set("不都曼拜洪麦迪伊纳塔吾库班萨玉素甫赛迈罕默再娃莎比凯卜杜明马木"))
)
_DOTTED_NAME = WordGated(f"[{_DOT_NAME_CHARS}]{{2,7}}[·•][{_DOT_NAME_CHARS}]{{2,7}}", "·", "•")

_ENUM_SEP = "、"
_QUOTE_MARKS = QUOTES_OPEN + QUOTES_CLOSE  # trimmed off an enumeration's items
# What bounds an enumeration (A、B和C等): clause punctuation, and brackets unless its items
# may carry them (ERCP（经内镜…术）); after it, 等 too. Keyed by ``parens``.
_ENUM_STOPS = "，,。；;：:！？!?\n"
_ENUM_BEFORE = {
    parens: re.compile(f"[{re.escape(_ENUM_STOPS + ('' if parens else '（）()'))}]")
    for parens in (False, True)
}
_ENUM_AFTER = {
    parens: re.compile(f"[{re.escape(_ENUM_STOPS + ('' if parens else '（）()') + '等')}]")
    for parens in (False, True)
}
_ENUM_LAST = ("和", "及", "与", "以及")

# Between two items of a list: A、B, A和B, A及B, A以及B.
_ITEM_JOINT = re.compile(r"、|和|及|以及")
