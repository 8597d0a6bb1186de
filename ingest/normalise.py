"""Read scraped articles and clean them into simplified-Chinese body text with exact offsets.

The pipeline works on the decoded original (:mod:`~aidgraph.ingest.decoding`) and keeps,
for every character of the cleaned text, the original span it came from
(:mod:`~aidgraph.ingest.offsets`: runs of characters that map one to one, and "lumps" where
a replacement changed length), so any span of :attr:`Document.text` maps back to
:attr:`Document.original` exactly (:meth:`Document.original_span`). Every stage is a
handful of regex passes or one OpenCC call per 64 KB block, so the cost is linear in the
input (about 9 MB/s of one core, see BENCHMARKS.md).

Stages, in order:

1. character clean-up on the original: ``\\r``, zero-width and control characters, pinyin
   glosses after characters (``醫(yī)療``: single tone-marked syllables in parentheses; real
   parentheticals such as ``(记者 蒋若静)``, ``(2018~2020年)`` or ``(MRI)`` carry no tone mark
   and stay), broken gloss fragments of garbled spans, stray commas before other
   punctuation (``,,`` ``,。`` ``,、``) and doubled punctuation;
2. OpenCC ``t2s`` (not ``tw2s``/``tw2sp``, which rewrite 支援→支持), in blocks of lines;
   where a phrase conversion would change a line's length, the line is realigned so the
   offsets stay exact; then full-width ASCII forms become ASCII (，→, （→( １→1, as NFKC
   does) and corner quotes curly ones (「」→“”), one character for one (:func:`to_canonical`);
3. lines (:mod:`~aidgraph.ingest.body`): hard-wrapped paragraphs are joined; page furniture
   is dropped by shape and a small generic vocabulary: breadcrumb and link-bar lines,
   metadata lines (来源/责任编辑/发布时间…), counters, bare dates, share and promo widgets,
   copyright lines, "related articles" headline lists and the headline-like lines before and
   after the article body. Inside the body, subheads (one line, or two joined), section headings,
   enumerated, bulleted or colon-introduced lists and table rows stay. The title is kept
   once as the first paragraph (with a ——subtitle under it), its repeats dropped;
4. repeated paragraphs are kept once (also :mod:`~aidgraph.ingest.body`), including a
   paragraph that re-states earlier ones glued together (a common scrape artefact): a
   paragraph whose clauses were nearly all seen already is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from aidgraph.ingest.body import CJK, body_paragraphs
from aidgraph.ingest.decoding import UnreadableSource, decode_bytes
from aidgraph.ingest.offsets import OffsetMap, TrackedText

__all__ = [
    "Document",
    "UnreadableSource",
    "decode_bytes",
    "load_document",
    "normalise",
    "to_canonical",
    "to_simplified",
]

#: Files larger than this are refused (reported as unreadable) rather than read whole.
MAX_BYTES = 256 * 1024 * 1024


# ---------------------------------------------------------------------------------------
# Document


@dataclass(frozen=True)
class Document:
    """One article, decoded and cleaned.

    ``original`` is the decoded text of the file (BOM removed). For an ``.html``/``.htm``
    page it is the main text that trafilatura extracted from the page, not the markup:
    offsets from :meth:`original_span` point into that extracted text.

    ``text`` is the cleaned simplified-Chinese body: furniture dropped, glosses and stray
    punctuation removed, repeated paragraphs kept once, one paragraph per line (``"\\n"``
    between paragraphs, none at the end). Its characters are in :func:`to_canonical` form:
    ASCII punctuation and digits for their full-width forms, “” for 「」.
    """

    name: str
    original: str
    text: str
    encoding: str
    title: str | None = None
    _map: OffsetMap | None = field(default=None, repr=False, compare=False)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``text[start:end]`` to the ``(start, end)`` of the original it came from.

        Characters of ``text`` that cleaning left alone map one to one (their simplified
        form equals ``to_simplified`` of the original slice); a span that crosses a dropped
        part (a gloss, a furniture line) covers it in the original. The paragraph
        separator ``"\\n"`` maps to an empty span at the end of the paragraph before it.
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"span ({start}, {end}) outside text of length {n}")
        m = self._map
        if n == 0 or m is None:
            return (0, 0)
        if start == end:
            pos = m.start(start) if start < n else m.end(n - 1)
            return (pos, pos)
        return m.span(start, end)

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []


# ---------------------------------------------------------------------------------------
# Simplification


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese with OpenCC's ``t2s`` (one cached converter)."""
    if not text:
        return text
    return _converter().convert(text)


# One-for-one folds after t2s: full-width ASCII forms to ASCII (as NFKC does: ，→, （→(
# １→1 Ａ→A), corner quotes to the curly quotes simplified Chinese uses (「」→“” 『』→‘’).
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({ord("「"): "“", ord("」"): "”", ord("『"): "‘", ord("』"): "’"})
# Hong Kong variants t2s leaves alone: 衞生健康委員會 is 卫生健康委员会.
_FOLD.update({ord("衞"): "卫", ord("晩"): "晚"})
_FOLDABLE = re.compile("[\uff01-\uff5e「」『』衞晩]")


def to_canonical(text: str) -> str:
    """The character-level form of :attr:`Document.text`: t2s, then full-width ASCII forms
    to ASCII and corner quotes to curly quotes. Every step maps one character to one, so a
    lexicon entry put through it matches the cleaned text."""
    out = to_simplified(text)
    return out.translate(_FOLD) if _FOLDABLE.search(out) else out


# ---------------------------------------------------------------------------------------
# Character-level clean-up

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLL = rf"[a-zü]{{0,6}}[{_TONED}][a-zü{_TONED}]{{0,5}}"

# \r\n → \n, lone \r → \n (handled separately), zero-width and control characters, U+FFFD.
# (One character class first, \r's condition after it, so re skips to candidates.)
_JUNK_CHARS = re.compile(
    r"[\u200b-\u200f\u2028\u2029\u2060\ufeff\ufffd\x00-\x08\x0b\x0e-\x1f\x7f\r](?:(?<!\r)|(?=\n))"
)
_LONE_CR = re.compile(r"\r")
_FORM_FEED = re.compile(r"\f")
# A pinyin gloss right after a character: 醫(yī) → 醫. (Patterns here start with a
# character class, lookbehinds after it: re then skips to candidate characters instead of
# trying every position of the article.)
_GLOSS = re.compile(rf"[(（](?<=[{CJK}][(（]){_SYLL}[)）]")
# What is left of glosses in garbled spans: a tone-marked syllable with a "?" for one of
# its brackets (帶?guī)…, 當?shù)?), or a complete gloss after a non-CJK character.
_BROKEN_GLOSS = re.compile(
    rf"[?？(（](?:(?<=[(（]){_SYLL}[)）?？]|(?<=[?？])(?:{_SYLL}[)）?？]|{_SYLL}(?=[{CJK}])))"
)
# A comma right before other punctuation is a scraping artefact: ",," ",。" ",、".
_STRAY_COMMA = re.compile(r"[,，](?=[,，。、；;：！!？?])")
# The same punctuation mark doubled (not … or —, which come in pairs).
_DOUBLED = re.compile(r"([。、，,；;：])\1+")
# A run of two or more spaces, or one odd space (any but " ").
_ODD_SPACE = r"\t\u3000\u00a0\u2002-\u200a\u202f\u205f"
_SPACES = re.compile(rf"[ {_ODD_SPACE}](?:(?<=[{_ODD_SPACE}])[ {_ODD_SPACE}]*|[ {_ODD_SPACE}]+)")


def _clean_chars(t: TrackedText) -> TrackedText:
    t = t.sub(_JUNK_CHARS)
    t = t.sub(_LONE_CR, "\n").sub(_FORM_FEED, "\n")
    t = t.sub(_GLOSS)
    t = t.sub(_BROKEN_GLOSS)
    t = t.sub(_STRAY_COMMA)
    # Keep the first of a doubled mark and the first of a run of spaces, so the kept
    # character still maps one to one; an odd space (ideographic, tab) becomes " ".
    t = t.edit((m.start() + 1, m.end(), "") for m in _DOUBLED.finditer(t.text))
    edits = []
    for m in _SPACES.finditer(t.text):
        if t.text[m.start()] != " ":
            edits.append((m.start(), m.start() + 1, " "))
        if m.end() - m.start() > 1:
            edits.append((m.start() + 1, m.end(), ""))
    return t.edit(edits)


# ---------------------------------------------------------------------------------------
# Simplification with offsets

_PIECES = re.compile(r"[^，,。、；;：！!？?\s]+|[，,。、；;：！!？?\s]+")


_BLOCK = 1 << 16


def _simplify(t: TrackedText) -> TrackedText:
    """OpenCC t2s over the tracked text, in blocks of whole lines.

    A block whose conversion keeps its shape (every piece between punctuation the same
    length) changes characters one for one, so the map stays as it is; a block that does
    not is converted line by line, and a line that changes shape is realigned.
    """
    convert = _converter().convert
    text = t.text
    if text.isascii():
        return t
    out_parts: list[str] = []
    edits: list[tuple[int, int, str]] = []
    pos = 0
    size = len(text)
    while pos < size:
        end = text.find("\n", min(size, pos + _BLOCK))
        end = size if end < 0 else end + 1
        block = text[pos:end]
        out = convert(block)
        if out == block or (len(out) == len(block) and _same_shape(block, out)):
            out_parts.append(out)
        else:
            line_pos = pos
            for line in block.split("\n"):
                conv = convert(line) if line and not line.isascii() else line
                if len(conv) == len(line) and (conv == line or _same_shape(line, conv)):
                    out_parts.append(conv)
                else:
                    out_parts.append(line)
                    edits.extend(_simplify_realigned(line, line_pos, convert))
                out_parts.append("\n")
                line_pos += len(line) + 1
            out_parts.pop()
        pos = end
    result = t.replace_text("".join(out_parts))
    if edits:
        result = result.edit(edits)
    foldable = set(_FOLDABLE.findall(result.text))
    if foldable:
        # One str.replace per distinct character (a handful: ，（）：…) rather than
        # translate, which would look up every character. No fold yields a foldable
        # character, so the order of the replacements does not matter.
        folded = result.text
        for ch in foldable:
            folded = folded.replace(ch, ch.translate(_FOLD))
        result = result.replace_text(folded)
    return result


_PUNCT_SPLIT = re.compile(r"[，,。、；;：！!？?\s]")


def _same_shape(line: str, out: str) -> bool:
    """Whether a same-length conversion kept every piece between punctuation the same length
    (two length changes that cancel out would otherwise shift the offsets)."""
    return [len(p) for p in _PUNCT_SPLIT.split(line)] == [len(p) for p in _PUNCT_SPLIT.split(out)]


def _simplify_realigned(line: str, offset: int, convert) -> list[tuple[int, int, str]]:
    """Convert a line whose conversion changes its shape, keeping offsets exact.

    Pieces between punctuation are converted whole (phrases need their context). A piece
    whose length changes is aligned against its character-by-character conversion: the
    stretches where both agree map character by character, the rest (the phrase that
    changed length) map as a whole to the original characters they replace.
    """
    edits: list[tuple[int, int, str]] = []
    for m in _PIECES.finditer(line):
        piece = m.group(0)
        out = convert(piece)
        if out == piece:
            continue
        base = offset + m.start()
        if len(out) == len(piece):
            edits.append((base, base + len(piece), out))
            continue
        edits.extend((base + s, base + e, rep) for s, e, rep in _align(piece, out, convert))
    return edits


def _align(piece: str, out: str, convert) -> list[tuple[int, int, str]]:
    from difflib import SequenceMatcher

    chars = [convert(ch) for ch in piece]
    flat = "".join(chars)
    owner = [i for i, c in enumerate(chars) for _ in c]  # piece index of each char of flat
    cum = [0]
    for c in chars:
        cum.append(cum[-1] + len(c))
    coarse = [(0, len(piece), out)]
    edits: list[tuple[int, int, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, flat, out, autojunk=False).get_opcodes():
        o1 = owner[i1] if i1 < len(owner) else len(piece)
        o2 = owner[i2 - 1] + 1 if i2 > i1 else o1
        if cum[o1] != i1 or cum[o2] != i2:
            return coarse  # a block boundary inside one character's conversion
        if tag == "equal":
            for k in range(o1, o2):
                j = j1 + cum[k] - i1
                edits.append((k, k + 1, out[j : j + len(chars[k])]))
        else:
            edits.append((o1, o2, out[j1:j2]))
    return edits


# ---------------------------------------------------------------------------------------
# Entry points


def normalise(
    original: str, *, name: str = "<text>", html: bool = False, encoding: str = "utf-8"
) -> Document:
    """Clean an article's decoded text into a :class:`Document`.

    With ``html=True``, ``original`` is the page's markup: trafilatura extracts its main
    text (and title), and that extracted text becomes :attr:`Document.original`.
    """
    title_hint = None
    if html:
        original, title_hint = _extract_html(original, name)
    original = original.lstrip("\ufeff") if original.startswith("\ufeff") else original
    t = _clean_chars(TrackedText.of(original))
    t = _simplify(t)
    if title_hint:
        title_hint = _clean_title(title_hint)
    paragraphs, title = body_paragraphs(t.text, title_hint)

    parts: list[str] = []
    doc_map = OffsetMap()
    at = 0
    for para in paragraphs:
        if parts:
            parts.append("\n")  # the separator maps to an empty span after the paragraph
            end = doc_map.last_end()
            doc_map.add(at, end, end, 1, False)
            at += 1
        for a, b in (span for ln in para for span in ln.spans()):
            if parts and parts[-1] != "\n" and _needs_space(parts[-1], t.text[a:b]):
                parts.append(" ")  # words of a Latin phrase broken over two lines:
                end = doc_map.last_end()  # the space stands for the line break
                doc_map.add(at, end, max(end, t.map.start(a)), 1, False)
                at += 1
            parts.append(t.text[a:b])
            t.map.copy_range(a, b, doc_map, at)
            at += b - a
    text = "".join(parts)
    if title:
        title = title.strip() or None
    return Document(
        name=name,
        original=original,
        text=text,
        encoding=encoding,
        title=title,
        _map=doc_map,
    )


def _needs_space(left: str, right: str) -> bool:
    return (
        bool(left and right)
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalpha()
    )


def _clean_title(title: str) -> str:
    t = _clean_chars(TrackedText.of(title))
    return to_canonical(" ".join(t.text.split()))


@lru_cache(maxsize=1)
def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    # Chinese is dense: the defaults (sized for Latin text) would send short articles to
    # the whole-page baseline, which keeps navigation and joins paragraphs with spaces.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "10")
    config.set("DEFAULT", "MIN_EXTRACTED_COMM_SIZE", "10")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based; not for library use
    return config


_FAST_HTML = 1_000_000  # characters of markup
_OG_TITLE = re.compile(
    r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']+)|"
    r"<meta[^>]+content=[\"']([^\"']+)[\"'][^>]+property=[\"']og:title",
    re.I,
)
_TITLE_TAG = re.compile(r"<title[^>]*>([^<]+)</title>", re.I)
_SITE_SUFFIX = re.compile(r"\s*(?:[-_|｜—–]+\s*[^-_|｜—–]{1,30}){1,2}$")


def _head_title(markup: str) -> str | None:
    """The page title from its head (og:title, else <title> without a site-name suffix)."""
    from html import unescape

    head = markup[:65536]
    m = _OG_TITLE.search(head)
    if m:
        return unescape(m.group(1) or m.group(2)).strip() or None
    m = _TITLE_TAG.search(head)
    if not m:
        return None
    title = unescape(m.group(1)).strip()
    cut = _SITE_SUFFIX.sub("", title)
    return (cut if len(cut) >= 4 else title) or None


def _extract_html(markup: str, name: str) -> tuple[str, str | None]:
    """Main text (paragraphs on their own lines) and title of an HTML page, by trafilatura."""
    import trafilatura

    text = None
    title = None
    big = len(markup) > _FAST_HTML
    try:
        doc = trafilatura.bare_extraction(
            markup,
            include_comments=False,
            include_tables=True,
            include_links=False,
            include_images=False,
            deduplicate=False,
            # On big pages, the fallback extractors it compares against and its metadata
            # search (dates, authors) cost as much again: skip them, read the title here.
            fast=big,
            with_metadata=not big,
            config=_trafilatura_config(),
        )
    except Exception:  # trafilatura raises assorted errors on broken markup
        doc = None
    if doc is not None:
        get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
        text = get("text")
        title = _head_title(markup) if big else get("title")
    if not text or not text.strip():
        try:
            text = trafilatura.html2txt(markup)
        except Exception:
            text = None
    if not text or not text.strip():
        raise UnreadableSource(name, "HTML page without extractable text")
    return text, title or None


_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_HTML_SNIFF = re.compile(r"^\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<meta\s)", re.I)


def load_document(path: Path | str) -> Document:
    """Read, decode and clean one article file (``.html``/``.htm`` through trafilatura).

    Raises :class:`UnreadableSource` (naming the file) for anything that cannot be read
    as an article: a missing or unreadable file, an empty, binary or undecodable one.
    """
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UnreadableSource(name, f"too large ({size} bytes)")
        data = path.read_bytes()
    except UnreadableSource:
        raise
    except OSError as exc:
        raise UnreadableSource(name, f"cannot read: {exc.strerror or exc}") from None
    text, encoding = decode_bytes(data, name)
    html = path.suffix.lower() in _HTML_SUFFIXES or bool(_HTML_SNIFF.match(text[:1024]))
    try:
        return normalise(text, name=name, html=html, encoding=encoding)
    except UnreadableSource:
        raise
    except RecursionError as exc:  # pathological markup
        raise UnreadableSource(name, f"cannot parse: {exc}") from None
