"""The text a view shows: node labels (optionally with pinyin) and tooltips.

Tooltips are plain text, never HTML: they quote source sentences and titles verbatim,
and vis-network renders a string title as text, so nothing from an article can inject
markup into a report. Lines are separated by newlines; the view's CSS keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin

from aidgraph.viz.style import edge_style, legend_label

# How many provenance entries an edge tooltip quotes before summarising the rest.
MAX_QUOTES = 3
APPROX_TEXT = {"over": "余", "nearly": "近", "about": "约"}


@lru_cache(maxsize=65536)
def to_pinyin(text: str) -> str:
    """Tone-marked pinyin, syllable by syllable: ``林芝市`` → ``Lín zhī shì``.

    Syllables are not grouped into words: that needs a segmenter, and a reader who
    does not read Chinese is served by a pronounceable label either way.
    """
    spaced = " ".join(lazy_pinyin(text, style=Style.TONE))
    spaced = re.sub(r"\s+", " ", spaced).strip()
    return spaced[:1].upper() + spaced[1:]


def node_label(name: str, attrs: dict[str, Any], pinyin: bool) -> str:
    """The label under a node: its Chinese name, then a romanised line when asked."""
    if not pinyin:
        return name
    return f"{name}\n{romanised(name, attrs)}"


def romanised(name: str, attrs: dict[str, Any]) -> str:
    # A curated English label (attrs.label_en) beats machine pinyin.
    return attrs.get("label_en") or to_pinyin(name)


def node_title(node_id: str, data: dict[str, Any], pinyin: bool) -> str:
    name = data.get("name") or node_id
    lines = [name]
    if pinyin:
        lines.append(romanised(name, data.get("attrs") or {}))
    lines.append(legend_label(data.get("type", "")))
    aliases = data.get("aliases") or []
    if aliases:
        lines.append("别名 aliases: " + "、".join(aliases[:8]) + (" …" if len(aliases) > 8 else ""))
    for key, value in sorted((data.get("attrs") or {}).items()):
        lines.append(f"{key}: {value}")
    lines.extend(f"{key}: {data[key]}" for key in ("count", "degree") if key in data)
    return "\n".join(lines)


def years_text(start: int | None, end: int | None) -> str | None:
    if start and end and start != end:
        return f"{start}–{end}"
    return str(start or end) if (start or end) else None


def figure_text(name: str, figure: dict[str, Any] | float | int) -> str:
    if not isinstance(figure, dict):
        return f"{name} {_number(figure)}"
    if figure.get("text"):
        return f"{name} {figure['text']}"
    approx = APPROX_TEXT.get(figure.get("approx") or "", "")
    return f"{name} {_number(figure['value'])}{approx}{figure.get('unit') or ''}"


def _number(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def edge_title(
    data: dict[str, Any], source_name: str, target_name: str, sources: dict[str, dict]
) -> str:
    """Everything a reader needs to check an edge: what, when, how much, said where."""
    edge_type = data.get("type", "")
    arrow = "→" if data.get("directed", True) else "—"
    lines = [f"{edge_type} {edge_style(edge_type).zh}: {source_name} {arrow} {target_name}"]
    if data.get("program"):
        lines.append(f"项目 program: {data['program']}")
    if data.get("programs"):
        lines.append("项目 programs: " + "、".join(data["programs"]))
    if "count" in data:
        lines.append(f"关系 relations: {data['count']}")
    years = years_text(data.get("start"), data.get("end"))
    if years:
        lines.append(f"年份 years: {years}")
    figures = data.get("figures") or {}
    if figures:
        lines.append("数字 figures: " + "; ".join(figure_text(k, v) for k, v in figures.items()))
    if data.get("provenance") or "count" not in data:
        lines.extend(provenance_lines(data.get("provenance") or [], sources))
    else:
        lines.append("来源 sources: ask `aidgraph ask supporters` for the relations behind this")
    return "\n".join(lines)


def provenance_lines(provenance: list[dict[str, Any]], sources: dict[str, dict]) -> list[str]:
    if not provenance:
        return ["来源 source: (none recorded)"]
    lines = []
    for i, p in enumerate(provenance[:MAX_QUOTES], 1):
        source = sources.get(p.get("source_id", ""), {})
        where = _source_name(p, source)
        lines.append(f"来源 source {i}/{len(provenance)}: {where}")
        if p.get("sentence"):
            lines.append(f"“{p['sentence']}”")
    if len(provenance) > MAX_QUOTES:
        lines.append(f"… and {len(provenance) - MAX_QUOTES} more statements")
    return lines


def _source_name(p: dict[str, Any], source: dict[str, Any]) -> str:
    title = p.get("title") or source.get("title")
    uri = p.get("uri") or source.get("uri") or p.get("source_id", "")
    where = f"《{title}》 {uri}" if title else str(uri)
    if p.get("line") is not None:
        where += f" line {p['line']}"
    return where


def cited_sources(edges: Iterable[dict[str, Any]], sources: dict[str, dict]) -> list[dict]:
    """The distinct sources the given edges' provenance cites, in first-cited order."""
    seen: dict[str, dict] = {}
    for data in edges:
        for p in data.get("provenance") or []:
            key = p.get("source_id") or p.get("uri") or ""
            if key and key not in seen:
                source = sources.get(key, {})
                seen[key] = {
                    "id": key,
                    "title": p.get("title") or source.get("title"),
                    "uri": p.get("uri") or source.get("uri") or key,
                }
    return list(seen.values())
