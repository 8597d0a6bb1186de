"""Extraction quality on the blind set: ten articles written (with their gold) before the
extractor's rules were read, to measure how it does on text it was not built from.

tests/data/blind holds each article (.txt or .html: other provinces and pairings, two in
traditional characters, breadcrumbs, share widgets, related-headline lists, a pinyin-glossed
one, a repeated paragraph) beside its gold JSON. The rules were tuned on this set after its
first measurement (entities 0.860, relations 0.633; 0.952 / 0.827 after), so the
thresholds below guard the tuned level. tests/data/blind2 holds three more articles written
after the tuning and kept out of it (0.932 / 0.679 before, 0.945 / 0.802 after); new unseen
articles stay the honest measure.

tests/data/blind3 holds six more (闽宁, 辽宁→那曲 as an .html page, 湖州→昭觉 with pinyin
glosses and a repeated paragraph, a 国家区域医疗中心 story, 江苏→海南州 and 济南→巫溪; two
in traditional characters), written with their gold before the rules were read. First
measured at entities 0.912, relations 0.677 over all six. Four were then used for tuning
(0.908 / 0.624 before, 0.963 / 0.744 after); js_hainanzhou_trad and sd_wuxi were chosen
before tuning and kept out of it (0.920 / 0.775 before, 0.930 / 0.807 after).

tests/data/blind4 holds eight more (深圳龙华→田林, 北京→和田 师徒 training, 安徽→错那 and
华西→甘孜 in traditional characters, 河北→巴州 stroke alliance as an .html page, 上海→日喀则,
福建→固原 medical groups, 浙江→毕节), gold written by someone who never saw the code. First
measured at entities 0.860, relations 0.590 over all eight. Five were used for tuning
(0.850 / 0.621 before, 0.941 / 0.880 after); b4_02, b4_06 and b4_08 were kept out of it
and scored once at the end (0.874 / 0.545 before, 0.874 / 0.560 after). They were then used
for tuning too (以院包科 breakdowns, 医疗集团/县域医共体 members, town health centres, a
technique list): 0.960 / 0.863 (those three), 0.944 / 0.886 (the five), so no part of
blind4 is unseen any more.

tests/data/blind5 holds eight more (江西→阿克苏 以院包科, 山西→阿里, 吉林大学第一医院→日喀则
as an .html page written by the donor, 湖南→山南 in traditional characters, 重庆→昌都
remote network, 广州→黔南 specialist alliance as an .html page, 天津→临夏, 复旦中山→果洛
medical group). Measured untuned at entities 0.907, relations 0.680; all eight were then
used for tuning (organisers of 组织A、B…, 与X建立结对帮扶关系, dated and quoted pairings,
“包”下, 支持, hospital names differing by an ordinal, 某某则带领): 0.917 / 0.739 after.

tests/data/blind6 holds eight more (首都医科大学宣武医院 branch in 张家口 as an .html page,
大连→六枝 county medical community, 广东→林芝 one doctor's story, 江苏→克州 team, 辽宁→那曲
neonatal team, 上海奉贤→正安, a 协和医院 nursing alliance page written as 我院, 浙江→阿克苏
remote centre as an .html page). Measured untuned at entities 0.855, relations 0.697; all
eight were then used for tuning (a masthead or donor hospital as 我院, 来我院进修, procedures
done for a patient, 此类手术, “组团式”援疆 aliases, 以A为牵头…组建X and 作为医共体分院
members, 医共体 for 医疗卫生共同体, generic 紧密型 unions): 0.916 / 0.769 after.

tests/data/blind7 holds eight more (河南→哈密, 湖北→琼结, 江苏→海南州 as an .html page,
山东→门源 written as 我院, 广东→甘孜 specialty co-building, 湘雅 neurology alliance in 湘西
as an .html page, 福州→渭源 county medical community, 天津→昌都 remote network). Measured
untuned at entities 0.901, relations 0.695 (first measured 0.896 / 0.692 before the previous
round); all eight were then used for tuning (湘西自治州 short forms, teams listed as
department + name, staff selected by a body, 该院 in its sentence, centres inside a hospital,
quoted networks and 医疗健康总院 as alliances with their members, 任副理事长单位,
中心卫生院): 0.949 / 0.769 after.

tests/data/blind8 holds eight more (北京朝阳医院→乌兰察布 以院包科, 仁济→文山 in traditional
characters, a 广州 paediatric alliance in 毕节 as an .html page, 济南→花垣 中医 with pinyin
glosses, a 深圳→河池 remote ECG network as an .html page, 四川省人民医院→甘孜 counties with a
repeated paragraph, 新疆医科大学一附院→克州 以院包科, 宁波→延边 进修), written last and
measured once, untuned, at entities 0.915, relations 0.716: the honest figure for text the
rules have not seen. Its thresholds guard that level; it is not tuned on.

Every set, or part of a set, is one case of the parametrised test below; the thresholds
sit a small margin under the measured level.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_extraction_score import score

DATA = Path(__file__).parent / "data"
# Articles of a set kept out of a round of tuning, scored apart from the rest.
HELD_OUT_OF = {
    "blind3": ("js_hainanzhou_trad", "sd_wuxi"),
    "blind4": (
        "b4_02_shanghai_rikaze_trad",
        "b4_06_fujian_guyuan_medgroup",
        "b4_08_zhejiang_bijie",
    ),
}
# (set, part: all / tuned / held-out, entities F1 and relations F1 each must reach)
CASES = [
    ("blind", "all", 0.93, 0.80),
    ("blind2", "all", 0.92, 0.77),
    ("blind3", "tuned", 0.95, 0.73),
    ("blind3", "held-out", 0.92, 0.79),
    ("blind4", "tuned", 0.92, 0.86),
    ("blind4", "held-out", 0.93, 0.83),
    ("blind5", "all", 0.90, 0.72),
    ("blind6", "all", 0.89, 0.74),
    ("blind7", "all", 0.92, 0.74),
    ("blind8", "all", 0.89, 0.69),
]


def _part(base: Path, kept_out: tuple[str, ...], tmp: Path, held_out: bool) -> Path:
    """The tuned (or the held-out) articles of a set, with their gold, in one folder."""
    tmp.mkdir()
    for gold in base.glob("*.json"):
        if (gold.stem in kept_out) == held_out:
            for f in base.glob(gold.stem + ".*"):
                shutil.copy(f, tmp / f.name)
    return tmp


@pytest.mark.parametrize(
    ("name", "part", "entities", "relations"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_blind_set(name: str, part: str, entities: float, relations: float, tmp_path: Path) -> None:
    folder = DATA / name
    if part != "all":
        folder = _part(folder, HELD_OUT_OF[name], tmp_path / "in", part == "held-out")
    result = score(folder, folder, tmp_path / "out")
    assert result["entities"]["f1"] >= entities, result["entities"]
    assert result["relations"]["f1"] >= relations, result["relations"]
