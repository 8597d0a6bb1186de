"""The patterns the relation rules read: support, training and joint verbs, the
words around subjects, references and alliances, and the entity types that can act.

Compiled once at import; each rule module takes the ones it needs.
"""

from __future__ import annotations

import re

from aidgraph.graph.model import (
    ALLIANCE,
    HOSPITAL,
    ORGANIZATION,
    PAIRS_WITH,
    REGION,
    SUPPORTS,
)
from aidgraph.ingest.lexicon import WordGated

ACTORS = (REGION, HOSPITAL, ORGANIZATION, ALLIANCE)
DONORS = (REGION, HOSPITAL, ORGANIZATION)

_SUPPORT = (
    "对口支援|对口帮扶|结对帮扶|结对支援|组团式帮扶|支援|帮扶|援助|援建|助推|助力|扶持|帮助|托管|包建|"
    "援派|支医|派驻|分赴|奔赴|深入|进驻|选派|派出|下沉|承包|抵达|"
    # A医院负责心内科、B医院负责儿科 (以院包科): taking charge of a department to build.
    "负责(?=[^，,。；;、]{0,4}?(?:建设|组建|包建)?[\u4e00-\u9fff]{0,8}?(?:科|病区|中心)(?:[、，,。；;]|$))|"
    # 分别“包”下X的心内科、儿科: a hospital takes a recipient's departments in charge.
    "包(?=[”」’]?下)|"
    # 江西将继续支持A医院创建…; not 在X的支持下 (X supports the subject) nor 的支持.
    # (The lookbehind after 支: with every alternative opening on a character, re scans
    # for those characters instead of trying the pattern at every position.)
    "支(?<![的和与]支)持(?!下)|"
    # 赴X开展/坐诊…: a visit to work there (赴X进修 is training at X, not support).
    "赴(?=[^，,。；;]{2,30}?(?:开展|指导|坐诊|帮扶|义诊|支医|驻点|执行|巡诊|带教|手术|工作))"
)
_SUPPORT_RE = re.compile(_SUPPORT)
# 哈密市选派20名医生赴郑州进修: a dispatch of trainees to the donor, not support.
_SENDS_TRAINEES = re.compile(
    r"(?:选派|派出|派驻|援派)[^，,。；;]{0,20}?(?:赴|到|前往|来)[^，,。；;]{1,20}?"
    r"(?:进修|学习|培训|跟岗|规培)"
)
# What two parties do jointly after "A与B": sign, pair, build together.
_JOINT_VERB = re.compile(
    r"^[“「]?(?:院院|共同)?(?:签订|签署|签约|结成|结为|结对|共建|建立|组建|(?:深度|全面|紧密|深入)?合作)"
)
_SITE_VERB = re.compile(r"成立|建立|揭牌|挂牌|落户|设立|启用")
_ASPECTS = re.compile(r"从[^，,。；;]{2,30}?等(?:各个|多个|各)?方面")
_TRAIN_RE = re.compile(r"培训|培养|带教|传帮带|授课|进修|跟岗|规培|传承人|收徒|师带徒")
_TEAM_RE = re.compile(
    r"援[藏疆青蒙渝黔滇甘宁桂][^，,。；]{0,4}医疗队|医疗队|专家团队|医疗团队|援派医生"
)
_CLAUSE_BREAK = "，,；;：:"
_SUBJECT_BOUNDS = _CLAUSE_BREAK + "。！？!?”」"
_NOT_SUBJECT_BEFORE = (
    "在",
    "对",
    "向",
    "赴",
    "到",
    "为",
    "与",
    "和",
    "给",
    "从",
    "据",
    "帮助",
    "推动",
)
_PARTNER_RE = re.compile(r"^(?:会同|联合|携手|和|与|及|、)$")
# 与X建立结对帮扶关系 / 与X结成帮扶对子: the verb ends on the tie, X before it is the party.
_PAIRED_AFTER = re.compile(r"(?:工作)?(?:关系|对子|协议)|$")
# A clause that opens on this sends the bodies after it for the subject of the clause before.
_ORGANISED = re.compile(r"(?:[还也并]|先后|积极)?(?:组织|动员|统筹|协调)")
# 以A为牵头单位，联合B、C…帮扶D: a clause that opens on this joins the lead of the clause
# before it, which gives too.
_JOINED = re.compile(r"(?:[还也并]|共同)?(?:联合|会同|携手|协同|带领)")
_LEAD_CLAUSE = re.compile(
    r"[^，,。；;]{0,6}?以([^，,。；;]{2,40}?)为(?:牵头|龙头|核心|主体)(?:单位|医院)?"
)
_GENERIC_RECIPIENTS = WordGated(
    r"(?:两家|各|该|这些|[二三四五六七八九十\d]+家)?受援(?:医院|单位)", "受援"
)
# (every alternative opens on a character, so re scans for those characters instead of
# trying the pattern at every position: 该院|本院|我院, not [该本我]院)
_REFERENCE_HINT = re.compile(
    r"当地|成员|受援|该院|本院|我院|帮助其|帮扶其|支援其|协助其|助力其|指导其"
)
_THIS_HOSPITAL = re.compile(r"该院|本院|我院")
# (the lookbehind after 其: a pattern opening on one is tried at every position)
_ITS = re.compile(r"其(?<=帮助其|帮扶其|支援其|协助其|助力其|指导其)")
_COUNTED = re.compile(r"\d|[一二三四五六七八九十两几多][个名家所批]")
# 2023年以来深圳市向…: a date before the subject is an adverbial, not a count.
_DATE_LEAD = re.compile(r"^\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来|起|来|至今|初|底)?")

# 河南省启动援疆工作以来，全省先后选派…: 全省 is the province last named.
_WHOLE_REGION = re.compile(r"(?:全|我|该)(省|市|区|州)")

_CONTINUES = ("并", "同时", "还", "并在", "此外")

_LEADING_PAREN = re.compile(r"^[（(][^（）()]{1,30}[)）]")
# Between members and the alliance they join: 等19家医院首批加入, 也加入了.
_JOINS_ALLIANCE = re.compile(
    r"(?:等[^，,。；;]{0,12}?)?(?:首批|正式|先后|陆续|均|都|也|还|已|共同|一起)*"
    r"(?:加入|成为)了?[“「]?"
)
# Between a founder and the alliance: 牵头成立的“…”, 加入了.
_FOUNDS_ALLIANCE = re.compile(
    r"[也还已]?(?:牵头)?(?:成立|组建|发起|创建|牵头)(?:发起)?(?:了|的)?[“「]?|成为"
)
# 加入联盟 / 加入该医联体: a bare reference to the alliance last named.
_ALLIANCE_REF = re.compile(
    r"(?:加入|成为|接入)了?(?:该|本|这一)?(联盟|医联体|医共体|专科联盟|协作网)"
    r"(?![\u4e00-\u9fff]{0,2}(?:的|建设))"
)

# 等8家医疗机构成为首批成员单位: the listed bodies join the alliance without naming it;
# A、B等作为医共体分院: so do branches of the one community.
_BECOMES_MEMBER = WordGated(
    r"(?:首批|正式|均|都|也)*成为了?(?:首批|该联盟|联盟|其)?的?(?:首批)?(?:成员单位|成员)"
    r"|作为(?:该|其)?(?:联盟|医联体|医共体)的?(?:分院|成员单位|成员)"
    # 到A、B等医共体成员单位巡诊: the listed are the members the sentence calls them.
    r"|(?<=等)(?:该|其)?(?:联盟|医联体|医共体|协作网)?成员(?:单位|医院)"
    # 联盟由A牵头，B任副理事长单位: an office in the alliance makes a member.
    r"|(?:任|为|担任)(?:常务)?(?:副)?(?:理事长|主席|秘书长|理事|会长)单位",
    *("成员", "单位", "分院"),  # every shape of it holds one of these
)
# 以A为牵头医院，整合B、C…，组建“X” / 以A为龙头，组建覆盖全县的紧密型医共体“X”: from the
# lead's 为牵头 on to the alliance's name.
_LEADS_AND_BUILDS = re.compile(
    r"为(?:牵头|龙头|核心)(?:医院|单位)?[，,][^。；;]{0,60}?(?:组建|成立|组成)了?"
    r"(?:[^。；;，,“「]{0,30}?的)?[^。；;，,“「]{0,8}?[“「]?$"
)

# Right after an alliance's name, what it is made of: 以A为牵头医院，整合B、C; 吸纳了B、C;
# 由A牵头、B、C参与.
_ALLIANCE_TAKES = re.compile(
    r"(?:以[^，,。；;]{2,30}?为(?:牵头|龙头|核心)(?:医院|单位)?[，,]?)?"
    r"(?:吸纳了?|吸收了?|整合了?|纳入了?|包括|涵盖了?|囊括了?|由(?=[^。；;]{2,80}?(?:牵头|参与)))"
)

# 目前的成员单位包括：A、B和C: the members of the alliance last named, listed after.
_MEMBER_LIST = re.compile(r"成员(?:单位|医院)?(?:包括|有|涵盖|分别是|分别为)[:：]?")

# 某某来自A / 某某是A派出的: where a person comes from.
_CAME_FROM = re.compile(r"[^，,。；;]{0,4}?(?:来自|是)")
_SENT_BY = re.compile(r"(?:派出|选派|派驻|援派|委派)")
# 根据A部署, 按照A安排: a body whose plan is followed, not the one that acts.
_FOLLOWED = re.compile(r"(?:根据|按照|依据|依照|受)")
# 收P为徒 / 与P结成师徒 / 带教P / 在他的带教下，…P: a teacher and a named pupil.
_MENTOR_RE = re.compile(
    r"(?:收|接收)(?P<pupil>[^，,。；;]{0,50}?)为(?:徒|徒弟|学生)"
    # 将该院医生某某收为徒弟: the pupil is between 将 and 收为.
    r"|将(?P<moved>[^，,。；;]{0,40}?)收为(?:徒|徒弟|学生)"
    r"|与(?P<pair>[^，,。；;]{0,30}?)结[成为]?师徒"
    r"|(?:带教|手把手指导|传帮带)(?=[^，,。；;]{0,12}?(?:医生|医师|护士|骨干))"
    r"|在[他她]的(?:带教|指导|培养)下"
)
_PAIRING = (SUPPORTS, PAIRS_WITH)
# Between the two parties of a joint verb: 与, or a role first (作为输出医院，与).
# A自2020年起与B结对: a date between the first party and 与 too.
_WITH_PARTNER = re.compile(
    r"(?:作为[^，,。；;]{1,12}[，,]?)?(?:(?:自|从|于)?\d{4}年(?:\d{1,2}月)?(?:起|以来)?)?"
    r"[还也已将]?(?:与|和|同)"
)
# 结对，先后派出N名医务人员驻点帮扶: a dispatch after the pairing, by its first party.
_SENDS_AFTER = re.compile(r"(?:派出|派驻|选派)[^。；;]{0,20}?(?:帮扶|支援)")
# 双方签约共建 / 两院结对: the two parties last named act together.
_BOTH = r"(?:双方|两院|两家医院)"
_BOTH_JOIN = re.compile(_BOTH + r"[^，,。；;]{0,6}?(?:签约|签订|签署|共建|结对|组建|携手)")
_BOTH_BUILD = re.compile(_BOTH + r"[^，,。；;]{0,8}?(?:共建|组建|成立)")
_BUILDS = re.compile(
    r"帮扶|支援|援建|托管|包建|共建|新建|建起|建成|成立|设立|开设|帮助其|协助其|负责"
)
# Verbs by which a donor hospital takes charge of a recipient's department (以院包科).
_CONTRACTS = ("托管", "包建", "承包", "负责")
_CONTRACT_DONE = re.compile(r"(?:托管|包建|承包|负责)[\u4e00-\u9fff]{1,10}$")
_OPENS_AT = re.compile(r"^[^，,。；;]{0,12}?在")
# After a technique: 在X(属首次)开展 / 平移到X: where it went (_technique_site).
_TECH_SITE = re.compile(r"在|(?:平移|引进|引入|推广|复制|移植|带|下沉|落地)(?:到|至)")
_PERFORMED = re.compile(
    r"(?:属|尚属|为|是)?(?:首次|首例|率先|成功|正式|顺利)?(?:开展|实施|完成|应用|落地|开通)"
)
# 填补了甘肃省该项技术空白 / 填补了某县的空白: the place the gap was in.
_FILLS_GAP = re.compile(
    r"填补了?([\u4e00-\u9fff]{2,12}?)(?:的)?(?:该项|此项|这项|该|这一)?(?:技术)?(?:的)?空白"
)
# Between a department and a person's name: nothing, or a post title (副主任医师, 年轻医生);
# not 专家, which names what a visitor does (骨科专家某某帮助B医院骨科…), not a post.
_POST_GAP = re.compile(r"(?:的)?(?:[^\s，,。；;、和与]{0,6}(?:医师|医生|护士长|护士|主任|技师))?")
# 帮助该院新建X科 / 帮助受援医院建成X: the aided hospital gets the department.
_HELPS_BUILD = re.compile(r"帮助(?:该院|受援医院)(?:新建|建成|建立|组建|建设)")
# 医院新建了…, 帮助医院建立…: the hospital the story is at, written without its name.
_UNNAMED_HOSPITAL = re.compile(r"(?:^|[，,；;]|帮助|推动|协助|使|让)(?:医院|全院)")

# 按照A统一部署，B帮扶C / 由A从B、C等8家医院选派: the organiser and the senders give too.
# (matched at each clause start before the verb: 作为…，我院根据A统一部署，选派…)
_PLANS = r"部署|安排|要求|组织下|统筹下"
_ORGANISER = re.compile(
    rf"[^，,。；;]{{0,10}}?(?:按照|根据|在)([^，,。；;]{{2,40}}?)的?(?:统一)?(?:{_PLANS})"
)
# What every _ORGANISER match ends on: before a verb without one, no organiser is tried.
_PLAN_WORD = re.compile(_PLANS)
_SENDERS = re.compile(r"从([^，,。；;]{2,120}?)(?:选派|遴选|抽调|抽选|选拔)")

# A、B分别与C、D结对: each before 分别与 pairs with the one in the same place after it.
_RESPECTIVELY = re.compile(r"分别(?:与|和|同)")
_JOINT_AFTER = re.compile(r"[^，,。；;]{0,6}?(?:结对|签订|签署|签约|结成|共建|建立|组建|合作|携手)")

# 在A医院专家远程指导下，B医院… / 在C市（东西部协作）帮扶下，D县…: A gives to B, C to D.
_GUIDED = re.compile(
    r"在([^，,。；;“”]{2,30}?)(?:的)?(?:远程|悉心|精心|全力)?"
    r"(?:指导|带领|带教|帮扶|帮助|支持|援助|推动|支援)下[，,]?"
)
# A医院、B医院等天津对口支援的4家县医院: the listed are those the body before 对口支援的
# supports.
_SUPPORTED_LIST = re.compile(r"等([^，,。；;、]{2,12}?)(?:对口|结对)?(?:支援|帮扶|援建|托管)的")

# Words and shapes single rules test (named here, compiled once, not looked up per call).
# What stands between two items of an enumeration.
_LIST_JOIN = re.compile(r"[、和及与]|以及")
# 由A牵头 / ，由A…: the clause names who founds or leads.
_LED_FROM = re.compile(r"^由|[，,]由")
_FOUNDS = re.compile(r"组建|发起|组成|成立|牵头")
# 在A牵头下，…: A leads what the sentence then builds.
_UNDER_LEAD = re.compile(r"在([^，,。；]{2,40})牵头下[，,]?")
# A与B…组建“X”: a founding verb right before the alliance's name.
_BUILDS_BEFORE = re.compile(r"(?:组建|共建|成立)了?[“「]?$")
_WITH_JOINT = re.compile(r"[还也已将]?(?:与|和|同|携手)")
_AID_WORD = re.compile(r"帮扶|支援")
# 为当地…, 培训当地…: 当地 as the object of a verb is the recipient.
_LOCAL_AFTER_VERB = re.compile(r"当地(?<=[为训教养]当地)")  # lookbehind last, as _ITS
_MEMBER_UNITS = re.compile(r"联盟成员|成员单位")
_MEMBER_HOSPITALS = re.compile(r"成员医院")
# A clause break or a conjunction: what separates two names that do not belong together.
_BREAK_OR_JOIN = re.compile(r"[，,。；;、和与]")
# A由B…: the passive's agent follows 由.
_BY = re.compile(r"(?:则|也|还|均|将|现)?由")
_SUPPORT_IN_CLAUSE = re.compile(r"^[^，,。；;]{0,16}?(?:对口)?(?:帮扶|支援|托管|援建|扶持)")
# A参与/参加B: A takes part in what B names (see _participation).
_PARTICIPATES = re.compile(r"参与|参加")
# 通过A的帮扶，B…: a sentence opening on the aid it owes.
_THROUGH_AID = re.compile(r"^(?:通过|经过|在)[^，,。；]{0,12}(?:帮扶|支援|援助)(?:下)?[，,]")
_MADE_UP_BY = re.compile(r"由.*(?:选派|派出|组成)")
_EXPERTS_OF = re.compile(r"的?专家")
# A接收B进修: A takes trainees in.
_RECEIVES = re.compile(r"(?:接收|接受|接纳|招收)")
_GOES_TO = re.compile(r"[到赴]")
_HE_SHE = re.compile(r"[他她]")
# 来我院进修: trainees who came to the hospital that writes.
_CAME_TO_US = re.compile(r"[来到赴]我院[^，,。；;]{0,6}$")
# A医院援藏专家P / A派驻P: a person posted away by A.
_POSTED = re.compile(r"^(?:援[\u4e00-\u9fff]{0,2}|派驻|挂职|选派)")
