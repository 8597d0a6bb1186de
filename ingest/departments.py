"""Clinical department names: one canonical form per department, and a morphology test.

Hospitals name the same department many ways (心内科, 心血管内科, 心脏内科; ICU, 重症医学科),
and the graph wants one Department node per department of a hospital. The lexicon in
``data/departments.tsv`` lists the national catalogue of clinical subjects
(《医疗机构诊疗科目名录》) and the sub-specialties hospitals use, each with its synonyms
and its parent department. Names the list lacks (小儿骨科, 普外二科) are still recognised
by :meth:`DepartmentLexicon.looks_like_department` and related to a listed department
by :meth:`DepartmentLexicon.base`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

_COLUMNS = ("name", "synonyms", "parent", "code")
# Units that end like departments but are administrative, not clinical.
_NON_CLINICAL = (
    "医务", "财务", "人事", "保卫", "宣传", "信息", "设备", "总务", "科教", "科研", "后勤",
    "党", "院办", "质控", "质量", "医保", "审计", "采购", "基建", "监察", "纪检", "教学",
    "教育", "招标", "办公", "工会", "团委", "护理部", "统计", "档案", "门诊部", "预算",
)  # fmt: skip
# Words ending in 科 that are not departments (医科大学, 重点学科, 本科生).
_GENERIC_KE = ("学科", "专科", "本科", "百科", "分科", "预科", "前科", "文科", "理科", "工科",
               "农科", "医科", "教科", "牙科学")  # fmt: skip
# Centres that are institutions in their own right, not departments of a hospital.
_ORG_CENTRES = ("疾病预防控制中心", "疾控中心", "急救中心", "血液中心", "卫生服务中心",
                "医学中心", "医疗中心", "卫生中心", "服务中心", "管理中心", "指导中心",
                "培训中心", "研究中心", "体检中心", "健康管理中心")  # fmt: skip
# Morphemes that make a 中心 clinical (卒中中心, 血液净化中心, 胸痛中心).
_CLINICAL_MORPHEMES = (
    "心", "脑", "血", "肿瘤", "癌", "卒中", "胸痛", "创伤", "内镜", "透析", "生殖", "康复",
    "重症", "影像", "病理", "检验", "介入", "手术", "麻醉", "移植", "骨", "眼", "耳", "鼻",
    "喉", "口腔", "皮肤", "肝", "肾", "肺", "胃", "肠", "儿", "妇", "产", "糖尿病", "睡眠",
    "疼痛", "呼吸", "消化", "神经", "精神", "烧伤", "整形", "美容", "中医", "诊疗", "治疗",
    "诊断", "急诊", "母婴", "胎儿", "遗传", "营养", "感染", "结核", "甲状腺", "乳腺",
)  # fmt: skip
# 普外二科, 心内一病区, 骨科门诊: a numbered ward or clinic of a department.
_ORDINAL = re.compile(
    r"^(?P<stem>.+?)(?P<num>[一二三四五六七八九十\d]*)(?P<tail>科|病区|病房|门诊)$"
)
_MAX_LEN = 14
_ICU_TAILS = ("ICU", "监护室", "监护病房")


@dataclass(frozen=True)
class DepartmentName:
    """A listed department: canonical name, its other names, its parent's name."""

    name: str
    synonyms: tuple[str, ...]
    parent: str | None
    code: str | None = None  # the national catalogue code, for top-level subjects


def normalise(surface: str) -> str:
    """Fold full-width forms and case (ＩＣＵ, icu -> ICU) and drop spaces."""
    return "".join(unicodedata.normalize("NFKC", surface).split()).upper()


class DepartmentLexicon:
    """Canonical department names with synonyms and a parent hierarchy."""

    def __init__(self, entries: Iterable[DepartmentName]) -> None:
        self._entries: dict[str, DepartmentName] = {}
        self._canonical: dict[str, str] = {}
        for entry in entries:
            if entry.name in self._entries:
                raise ValueError(f"department {entry.name!r} listed twice")
            self._entries[entry.name] = entry
            for surface in (entry.name, *entry.synonyms):
                key = normalise(surface)
                other = self._canonical.setdefault(key, entry.name)
                if other != entry.name:
                    raise ValueError(f"{surface!r} names both {other!r} and {entry.name!r}")
        for entry in self._entries.values():
            if entry.parent is not None and entry.parent not in self._entries:
                raise ValueError(f"{entry.name!r}: unknown parent {entry.parent!r}")
        # Longest first, so 小儿骨科 relates to 骨科 rather than to a shorter tail.
        self._by_length = sorted(self._canonical, key=len, reverse=True)

    @classmethod
    def from_tsv(cls, path: str | Path) -> DepartmentLexicon:
        return cls(_parse_tsv(Path(path).read_text(encoding="utf-8"), str(path)))

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[DepartmentName]:
        return iter(self._entries.values())

    def entry(self, name: str) -> DepartmentName | None:
        """The listed department whose canonical name is ``name``."""
        return self._entries.get(name)

    def canonical(self, surface: str) -> str | None:
        """The canonical name for a listed name or synonym: 心内科 -> 心血管内科."""
        return self._canonical.get(normalise(surface))

    def parent(self, name: str) -> str | None:
        entry = self._entries.get(self.canonical(name) or "")
        return entry.parent if entry else None

    def ancestors(self, name: str) -> list[str]:
        """Parent departments, nearest first: 肝胆外科 -> [普通外科, 外科]."""
        out: list[str] = []
        current = self.parent(name)
        while current is not None and current not in out:
            out.append(current)
            current = self.parent(current)
        return out

    def surfaces(self) -> Iterator[str]:
        """Every listed name and synonym as written in the list, for a fast matcher."""
        for entry in self._entries.values():
            yield entry.name
            yield from entry.synonyms

    def base(self, surface: str) -> str | None:
        """The listed department a surface is, or is a kind or a ward of.

        心内科 -> 心血管内科; 普外二科 and 心内一病区 -> the department numbered;
        乳腺中心 -> 乳腺外科 (a centre named for a department's subject); 小儿骨科 -> 骨科
        (the longest listed name it ends with). None if nothing fits.
        """
        key = normalise(surface)
        if key in self._canonical:
            return self._canonical[key]
        m = _ORDINAL.match(key)
        if m and (m["num"] or m["tail"] != "科"):
            for candidate in (m["stem"] + "科", m["stem"]):
                if candidate in self._canonical:
                    return self._canonical[candidate]
            key = m["stem"] + "科"
        if key.endswith("中心") and len(key) > 3:
            # 乳腺中心, 骨关节中心: a centre named for a listed department's subject.
            stem = key[: -len("中心")]
            for tail in ("", "科", "外科", "内科", "病科"):
                if stem + tail in self._canonical:
                    return self._canonical[stem + tail]
        for known in self._by_length:
            if key.endswith(known) and len(known) >= 2:
                return self._canonical[known]
        return None

    def looks_like_department(self, surface: str) -> bool:
        """True for listed names and for names shaped like a clinical department:
        ending in 科 (小儿骨科, 甲乳外科), a numbered ward (普外二科, 心内一病区), a
        department's intensive-care unit (神经外科ICU) or a clinical 中心 (卒中中心).
        False for administrative units (医务科), generic words (学科, 专科, 医科) and
        institutions (疾控中心, 急救中心).
        """
        key = normalise(surface)
        if self.canonical(key) is not None:
            return True
        if not 2 <= len(key) <= _MAX_LEN or not _is_name_like(key):
            return False
        if any(marker in key for marker in _NON_CLINICAL):
            return False
        if key.endswith("中心"):
            return _clinical_centre(key)
        if key.endswith(_ICU_TAILS):
            # 神经外科ICU, 心外监护室: an intensive-care unit of a named department.
            stem = next(key[: -len(t)] for t in _ICU_TAILS if key.endswith(t))
            return any(m in stem for m in _CLINICAL_MORPHEMES) or self.base(stem) is not None
        m = _ORDINAL.match(key)
        if m is None or len(m["stem"]) < 1:
            return False
        if m["tail"] == "科":
            return not key.endswith(_GENERIC_KE) and len(key) >= 3
        # A ward or clinic: the department part must itself look like one.
        return self.base(key) is not None or any(c in m["stem"] for c in _CLINICAL_MORPHEMES)


def _is_name_like(key: str) -> bool:
    """Only CJK characters, ASCII letters and digits: no punctuation or spaces."""
    return all("\u4e00" <= c <= "\u9fff" or (c.isascii() and c.isalnum()) for c in key)


def _clinical_centre(key: str) -> bool:
    if key.endswith(_ORG_CENTRES) or len(key) < 4:
        return False
    stem = key[: -len("中心")]
    return any(m in stem for m in _CLINICAL_MORPHEMES)


def _parse_tsv(text: str, source: str) -> list[DepartmentName]:
    entries: list[DepartmentName] = []
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if not header_seen:
            if tuple(cols) != _COLUMNS:
                raise ValueError(f"{source}:{lineno}: expected header {_COLUMNS}, got {cols}")
            header_seen = True
            continue
        if len(cols) > len(_COLUMNS):
            raise ValueError(f"{source}:{lineno}: expected {len(_COLUMNS)} fields, got {len(cols)}")
        # Trailing empty fields may be left off.
        name, synonyms, parent, code = (c.strip() for c in cols + [""] * (4 - len(cols)))
        if not name:
            raise ValueError(f"{source}:{lineno}: field name: empty")
        syns = tuple(s.strip() for s in synonyms.split("|") if s.strip())
        entries.append(DepartmentName(name, syns, parent or None, code or None))
    return entries


@functools.cache
def default_departments() -> DepartmentLexicon:
    """The packaged department lexicon, loaded once per process."""
    data = resources.files("aidgraph.ingest").joinpath("data", "departments.tsv")
    return DepartmentLexicon(_parse_tsv(data.read_text(encoding="utf-8"), _PACKAGED))


_PACKAGED = "aidgraph/ingest/data/departments.tsv"
