"""Labels for readers who don't read Chinese: a node's pinyin, or its English label if known.

Pages render every entity name with its romanised form beside it (hidden until the
reader switches the pinyin toggle on), so the toggle needs no second request. Tone marks
are kept: they are how a reader tells 山西 (Shānxī) from 陕西 (Shǎnxī).
"""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def pinyin(text: str) -> str:
    """``东莞市人民医院`` → ``Dōng Guǎn Shì Rén Mín Yī Yuàn``; non-Chinese text passes through."""
    syllables = lazy_pinyin(text, style=Style.TONE, errors=lambda chars: [chars])
    return " ".join(s[:1].upper() + s[1:] for s in syllables if s.strip())


def romanised(name: str, attrs: dict | None = None) -> str:
    """The English label a source gave (``attrs["label_en"]``), else the pinyin of ``name``."""
    label = (attrs or {}).get("label_en")
    return str(label) if label else pinyin(name)
