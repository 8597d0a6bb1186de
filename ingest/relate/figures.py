"""The attributes of SUPPORTS/TRAINED/PAIRS_WITH edges: the programme, the years and
the figures of the evidence sentence, keyed by what they count (see
:mod:`aidgraph.ingest.relate`).
"""

from __future__ import annotations

import re
from typing import Any

from aidgraph.graph.model import PAIRS_WITH, PROGRAM, SUPPORTS, TRAINED, Figure
from aidgraph.ingest.numerals import find_figures, find_years
from aidgraph.ingest.recognise import Mention
from aidgraph.ingest.relate.context import Relation
from aidgraph.ingest.resolve import Resolution


class FigureRules:
    """Programme, years and figures on the relations of a sentence."""

    def _annotate(self, rels: list[Relation], s: str, ms: list[Mention], res: Resolution) -> None:
        """Program, years and figures of the sentence on its SUPPORTS/TRAINED/PAIRS edges."""
        if not rels:
            return  # most sentences
        wanted = [r for r in rels if r.type in _ANNOTATED]
        if not wanted:
            return
        programs = [res.of[id(m)] for m in ms if m.type is PROGRAM]
        years = find_years(s)
        figures = sentence_figures(s)
        for r in wanted:
            if programs:
                r.program = res.entities[programs[0]].name
            if years:
                first, last = years[0].years
                r.start = first
                r.end = last
            r.figures = dict(figures)


_ANNOTATED = (SUPPORTS, TRAINED, PAIRS_WITH)
_FIGURE_NOUNS = (
    ("专家", "experts"),
    ("医疗专家", "experts"),
    ("医务人员", "staff"),
    ("医护人员", "staff"),
    ("医疗人才", "staff"),
    ("技术人才", "staff"),
    ("专业技术人才", "staff"),
    ("技术骨干", "staff"),
    ("管理干部", "managers"),
    ("行政干部", "managers"),
    ("医疗队", "teams"),
    ("研究生", "graduate_students"),
    ("传承人", "apprentices"),
    ("徒弟", "apprentices"),
    ("医生", "doctors"),
    ("县", "counties"),
    ("医院", "hospitals"),
    ("新技术", "new_techniques"),
    ("技术", "new_techniques"),
)
_FIGURE_NOUN_RES = [
    (re.compile(rf"^[\u4e00-\u9fff]{{0,4}}?{noun}"), key) for noun, key in _FIGURE_NOUNS
]
_ANY_FIGURE_NOUN = re.compile("|".join(re.escape(noun) for noun, _ in _FIGURE_NOUNS))
# Each noun with its rank in _FIGURE_NOUNS, and the lengths nouns come in: the noun a head
# ends with is found by a few suffix look-ups, not by trying every noun.
_NOUN_RANKS = {noun: (rank, key) for rank, (noun, key) in enumerate(_FIGURE_NOUNS)}
_NOUN_LENGTHS = sorted({len(noun) for noun, _ in _FIGURE_NOUNS})
_UNIT_KEYS = {"台": "surgeries", "场": "trainings", "人次": "person_times", "例": "cases"}


def sentence_figures(s: str) -> dict[str, Figure]:
    """Figures of a sentence keyed by what they count (see :mod:`aidgraph.ingest.relate`)."""
    out: dict[str, Figure] = {}
    for f in find_figures(s):
        key = _figure_key(s, f)
        if key and key not in out:
            out[key] = f.to_figure()
    return out


def _figure_key(s: str, f: Any) -> str | None:
    unit = f.unit or ""
    if unit in ("年", "月", "个月", "天", "周", "日"):
        return None
    if "元" in unit:
        return "money_yuan"
    tail = s[f.end : f.end + 8]
    if _ANY_FIGURE_NOUN.search(tail):  # most figures count no noun of the list: one search
        for pattern, key in _FIGURE_NOUN_RES:
            if pattern.match(tail):
                return key
    head = s[max(0, f.start - 6) : f.start]
    noun_key = _noun_ending(head)  # 派出医疗专家300余名
    if noun_key:
        return noun_key
    if unit in _UNIT_KEYS:
        return _UNIT_KEYS[unit]
    if "手术" in head:
        return "surgeries"
    if "培训" in head:
        return "trainings"
    return f"count_{unit}" if unit else None


def _noun_ending(head: str) -> str | None:
    """The key of the first noun of _FIGURE_NOUNS that ``head`` ends with, if any."""
    found = [
        _NOUN_RANKS[head[-n:]] for n in _NOUN_LENGTHS if n <= len(head) and head[-n:] in _NOUN_RANKS
    ]
    return min(found)[1] if found else None
