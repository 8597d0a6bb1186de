"""China's administrative levels, and what the end of a division's name says about its level.

Shared by the gazetteer (which picks among same-named places) and the query layer
(which places regions of record files that carry no level); kept in the graph layer
because both sit above it.
"""

from __future__ import annotations

LEVELS = ("province", "prefecture", "county")

# A name's last characters say which level it names, when they are unambiguous; longer
# suffixes first (自治区 before 区). 市 is absent: cities are prefectures or counties.
_SUFFIX_LEVEL = (
    ("特别行政区", "province"),
    ("自治区", "province"),
    ("省", "province"),
    ("自治州", "prefecture"),
    ("地区", "prefecture"),
    ("盟", "prefecture"),
    ("州", "prefecture"),
    ("县", "county"),
    ("旗", "county"),
    ("区", "county"),
)


def level_by_suffix(name: str) -> str | None:
    """``province``, ``prefecture`` or ``county`` when the name's ending says so, else None."""
    return next((level for suffix, level in _SUFFIX_LEVEL if name.endswith(suffix)), None)
