"""Read scraped articles and clean them into simplified-Chinese body text with exact offsets.

The pipeline works on the decoded original and keeps, for every character of the cleaned
text, the original span it came from (a piecewise map: runs of characters that map one to
one, and "lumps" where a replacement changed length), so any span of
:attr:`Document.text` maps back to :attr:`Document.original` exactly
(:meth:`Document.original_span`). Every stage is a handful of regex passes or one OpenCC
call per 64 KB block, so the cost is linear in the input (about 5 MB/s of one core).

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
3. lines: hard-wrapped paragraphs are joined; page furniture is dropped by shape and a
   small generic vocabulary: breadcrumb and link-bar lines, metadata lines
   (来源/责任编辑/发布时间…), counters, bare dates, share and promo widgets, copyright lines,
   "related articles" headline lists and the headline-like lines before and after the
   article body. Inside the body, subheads (one line, or two joined), section headings,
   enumerated, bulleted or colon-introduced lists and table rows stay. The title is kept
   once as the first paragraph (with a ——subtitle under it), its repeats dropped;
4. repeated paragraphs are kept once, including a paragraph that re-states earlier ones
   glued together (a common scrape artefact): a paragraph whose clauses were nearly all
   seen already is dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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


class UnreadableSource(Exception):
    """A source file that cannot be read as an article: binary, undecodable, empty, missing.

    ``name`` is the file name and ``reason`` a short phrase; ``str(exc)`` says both, so a
    caller that skips the file can report it as is.
    """

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


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
    _map: _Map | None = field(default=None, repr=False, compare=False)

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
# Decoding

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", 3),
    (b"\xff\xfe\x00\x00", "utf-32-le", 4),
    (b"\x00\x00\xfe\xff", "utf-32-be", 4),
    (b"\xff\xfe", "utf-16-le", 2),
    (b"\xfe\xff", "utf-16-be", 2),
)
_GB_BOM = b"\x84\x31\x95\x33"  # GB18030's encoding of U+FEFF
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_UTF8_NON_ASCII = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode_bytes(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode an article's bytes; return ``(text, encoding)``.

    Handles a BOM (UTF-8, UTF-16/32, GB18030), strict UTF-8, strict GB18030/GBK, files that
    mix UTF-8 and GBK lines (decoded line by line, encoding ``"mixed"``), and, as a last
    resort, charset-normalizer's guess. Raises :class:`UnreadableSource` for empty,
    binary or undecodable input.
    """
    if not data or not data.strip():
        raise UnreadableSource(name, "empty file")
    for bom, codec, size in _BOMS:
        if data.startswith(bom):
            try:
                text = data[size:].decode(codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise UnreadableSource(
                    name, f"undecodable {codec} after its BOM ({exc.reason})"
                ) from None
            return _checked(text, codec, name)
    if data.startswith(_GB_BOM):
        try:
            return _checked(data[4:].decode("gb18030"), "gb18030", name)
        except UnicodeDecodeError:
            raise UnreadableSource(name, "undecodable gb18030 after its BOM") from None
    sample = data[:65536]
    utf16 = _sniff_utf16(data, sample)
    if utf16 is not None:
        return _checked(utf16[0], utf16[1], name)
    if (
        sample.count(b"\x00") > len(sample) // 100
        or len(_CONTROL_BYTES.findall(sample)) > len(sample) // 20
    ):
        raise UnreadableSource(name, "binary data, not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    try:
        gb = data.decode("gb18030")
    except UnicodeDecodeError:
        gb = None
    if gb is not None and not _has_utf8_lines(data):
        if _looks_like_big5(data, gb):
            try:
                return _checked(data.decode("big5hkscs"), "big5", name)
            except UnicodeDecodeError:
                pass
        return _checked(gb, "gb18030", name)
    # Some lines are UTF-8, others GBK, or a few bytes are broken: decode line by line.
    text, encoding = _decode_lines(data)
    bad = text.count("\ufffd")
    if bad <= max(2, len(text) // 200):
        return _checked(text.replace("\ufffd", ""), encoding, name)
    guess = _charset_guess(data)
    if guess is not None and guess[0].count("\ufffd") <= max(2, len(guess[0]) // 200):
        return _checked(guess[0], guess[1], name)
    raise UnreadableSource(name, "undecodable: neither UTF-8 nor GB18030 and no encoding detected")


def _sniff_utf16(data: bytes, sample: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: the zero bytes of its ASCII characters (newlines, digits) sit
    on one parity, and the decoded text is mostly CJK."""
    zeros = [i for i, b in enumerate(sample[:4096]) if b == 0]
    if len(data) % 2 or len(zeros) < 2:
        return None
    odd = sum(i & 1 for i in zeros)  # a character like U+4E00 puts a zero on the other side
    if odd >= 0.7 * len(zeros):
        codec = "utf-16-le"
    elif odd <= 0.3 * len(zeros):
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    head = text[:4096]
    if any(c < " " and c not in "\n\r\t" for c in head):
        return None
    wide = [c for c in head if not c.isspace() and not c.isascii()]
    cjk = sum(1 for c in wide if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    if len(wide) < 4 or cjk < 0.6 * len(wide):
        return None
    return text, codec


def _has_utf8_lines(data: bytes) -> bool:
    """Whether some line of ``data`` is valid UTF-8 with CJK in it (so the file mixes codecs)."""
    for line in data.split(b"\n"):
        if not _UTF8_NON_ASCII.search(line):
            continue
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if sum(1 for c in decoded if "\u4e00" <= c <= "\u9fff") >= 2:
            return True
    return False


def _decode_lines(data: bytes) -> tuple[str, str]:
    """Decode each line as UTF-8 or GB18030, whichever loses fewer characters (UTF-8 on a
    tie); the encoding is ``"utf-8"``, ``"gb18030"`` or ``"mixed"`` after what was used."""
    out = []
    used = set()
    for line in data.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
            if not line.isascii():
                used.add("utf-8")
            continue
        except UnicodeDecodeError:
            pass
        u = line.decode("utf-8", errors="replace")
        bad_u = u.count("\ufffd")
        if bad_u > max(1, len(u) // 100):
            try:
                out.append(line.decode("gb18030"))
                used.add("gb18030")
                continue
            except UnicodeDecodeError:
                g = line.decode("gb18030", errors="replace")
                if g.count("\ufffd") < bad_u:
                    out.append(g)
                    used.add("gb18030")
                    continue
        out.append(u)
        used.add("utf-8")
    encoding = "mixed" if len(used) > 1 else (used.pop() if used else "utf-8")
    return "\n".join(out), encoding


def _looks_like_big5(data: bytes, gb: str) -> bool:
    """A strict GB18030 decode can still be Big5 mojibake; ask charset-normalizer then."""
    rare = sum(1 for c in gb[:20000] if "\ue000" <= c <= "\uf8ff" or "\u3400" <= c <= "\u4dbf")
    if rare < 3:
        return False
    guess = _charset_guess(data[:200000], ("gb18030", "big5"))
    return guess is not None and guess[1] == "big5"


def _charset_guess(data: bytes, isolation: Iterable[str] | None = None) -> tuple[str, str] | None:
    try:
        from charset_normalizer import from_bytes

        kwargs = {"cp_isolation": list(isolation)} if isolation else {}
        best = from_bytes(data, **kwargs).best()
    except Exception:  # charset-normalizer is a heuristic; treat its failure as "no guess"
        return None
    if best is None:
        return None
    text = str(best)
    encoding = best.encoding.replace("_", "-")
    return text, encoding


def _checked(text: str, encoding: str, name: str) -> tuple[str, str]:
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise UnreadableSource(name, "empty file (only white space)")
    sample = text[:65536]
    control = sum(1 for c in sample if (c < " " and c not in "\n\r\t\f\v") or c == "\ufffd")
    if control > len(sample) // 20:
        raise UnreadableSource(name, f"binary data, not text (decoded as {encoding})")
    return text, encoding


# ---------------------------------------------------------------------------------------
# Offset-tracking edits


class _Map:
    """A piecewise map from positions of a derived text to spans of the original.

    Segment ``k`` covers text ``[t[k], t[k] + n[k])``. A linear segment maps its characters
    one to one onto ``[lo[k], hi[k])`` (``hi - lo == n``); a lump maps every character to
    the whole of ``[lo[k], hi[k])`` (a replacement that changed length, or a synthetic
    character with an empty span). Segments are never empty, so ``t`` is strictly
    increasing and a position's segment is found by bisection.
    """

    __slots__ = ("hi", "lin", "lo", "n", "t")

    def __init__(self) -> None:
        self.t: list[int] = []
        self.lo: list[int] = []
        self.hi: list[int] = []
        self.n: list[int] = []
        self.lin: list[bool] = []

    @classmethod
    def identity(cls, length: int) -> _Map:
        m = cls()
        m.add(0, 0, length, length, True)
        return m

    def add(self, t: int, lo: int, hi: int, n: int, linear: bool) -> None:
        if n <= 0:
            return
        if (
            linear
            and self.t
            and self.lin[-1]
            and self.t[-1] + self.n[-1] == t
            and self.hi[-1] == lo
        ):
            self.n[-1] += n
            self.hi[-1] = hi
            return
        self.t.append(t)
        self.lo.append(lo)
        self.hi.append(hi)
        self.n.append(n)
        self.lin.append(linear)

    def _seg(self, x: int) -> int:
        return bisect_right(self.t, x) - 1

    def start(self, x: int) -> int:
        """Original start of text character ``x``."""
        k = self._seg(x)
        return self.lo[k] + (x - self.t[k]) if self.lin[k] else self.lo[k]

    def end(self, x: int) -> int:
        """Original end (exclusive) of text character ``x``."""
        k = self._seg(x)
        return self.lo[k] + (x - self.t[k]) + 1 if self.lin[k] else self.hi[k]

    def last_end(self) -> int:
        """Original end of the last character mapped so far (``end`` of it, without the
        bisection: a linear segment ends where its last character does)."""
        return self.hi[-1]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original span of text ``[a, b)`` (``a < b``): the start of ``a``, the end of
        ``b - 1`` (never before that start).

        One bisection when both ends lie in one segment, as they mostly do: provenance
        asks this for every mention and sentence.
        """
        t, lo = self.t, self.lo
        k = bisect_right(t, a) - 1
        start = lo[k] + (a - t[k]) if self.lin[k] else lo[k]
        last = b - 1
        if last >= t[k] + self.n[k]:
            k = bisect_right(t, last, k + 1) - 1
        end = lo[k] + (last - t[k]) + 1 if self.lin[k] else self.hi[k]
        return (start, max(start, end))

    def copy_range(self, a: int, b: int, out: _Map, at: int) -> None:
        """Append to ``out`` (at text position ``at``) the mapping of this text's ``[a, b)``.

        The segments wholly inside ``[a, b)`` are copied as slices, shifted to their new
        position, not one by one: an article full of pinyin glosses has a segment per
        gloss, and every later edit, and the final text, copies them all again.
        """
        if a >= b:
            return
        t, n = self.t, self.n
        k = bisect_right(t, a) - 1
        if b <= t[k] + n[k]:  # inside one segment, as most ranges are
            self._copy_part(k, a, b, out, at)
            return
        last = bisect_right(t, b - 1, k) - 1
        self._copy_part(k, a, t[k] + n[k], out, at)
        shift = at - a  # from positions here to positions in ``out``
        if last > k + 1:
            # Consecutive segments of a map never continue one another (add merges them),
            # so the whole ones need no merging.
            out.t.extend([x + shift for x in t[k + 1 : last]])
            out.lo.extend(self.lo[k + 1 : last])
            out.hi.extend(self.hi[k + 1 : last])
            out.n.extend(n[k + 1 : last])
            out.lin.extend(self.lin[k + 1 : last])
        self._copy_part(last, t[last], b, out, t[last] + shift)

    def _copy_part(self, k: int, a: int, b: int, out: _Map, at: int) -> None:
        """Append to ``out`` (at ``at``) the mapping of ``[a, b)``, a part of segment ``k``."""
        if self.lin[k]:
            start = self.lo[k] + a - self.t[k]
            out.add(at, start, start + b - a, b - a, True)
        else:
            out.add(at, self.lo[k], self.hi[k], b - a, False)


class _Tracked:
    """Text plus the map of its characters back to the original."""

    __slots__ = ("map", "text")

    def __init__(self, text: str, map_: _Map) -> None:
        self.text = text
        self.map = map_

    @classmethod
    def of(cls, text: str) -> _Tracked:
        return cls(text, _Map.identity(len(text)))

    def edit(self, edits: Iterable[tuple[int, int, str]]) -> _Tracked:
        """Apply sorted, non-overlapping ``(start, end, replacement)`` edits.

        A replacement of the same length maps character by character; any other maps every
        new character to the whole replaced span (an insertion, to an empty span).
        """
        text, old = self.text, self.map
        size = len(text)
        parts: list[str] = []
        new = _Map()
        pos = 0
        at = 0
        changed = False
        for s, e, rep in edits:
            if s < pos:
                continue  # overlapping edit: the earlier one wins
            changed = True
            parts.append(text[pos:s])
            old.copy_range(pos, s, new, at)
            at += s - pos
            if len(rep) == e - s:
                old.copy_range(s, e, new, at)
            elif rep:
                # an insertion at the very end maps to the end of the last character
                lo = old.start(s) if s < size else (old.end(size - 1) if size else 0)
                hi = old.end(e - 1) if e > s else lo
                new.add(at, lo, max(lo, hi), len(rep), False)
            parts.append(rep)
            at += len(rep)
            pos = e
        if not changed:
            return self
        parts.append(text[pos:])
        old.copy_range(pos, size, new, at)
        return _Tracked("".join(parts), new)

    def replace_text(self, text: str) -> _Tracked:
        """The same map over a text of the same length (a one-for-one conversion)."""
        return _Tracked(text, self.map)

    def sub(self, pattern: re.Pattern[str], repl: str = "") -> _Tracked:
        """Replace every match of ``pattern`` by ``repl`` (a fixed string; ``""`` deletes)."""
        return self.edit((m.start(), m.end(), repl) for m in pattern.finditer(self.text))


# ---------------------------------------------------------------------------------------
# Character-level clean-up

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
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
_GLOSS = re.compile(rf"[(（](?<=[{_CJK}][(（]){_SYLL}[)）]")
# What is left of glosses in garbled spans: a tone-marked syllable with a "?" for one of
# its brackets (帶?guī)…, 當?shù)?), or a complete gloss after a non-CJK character.
_BROKEN_GLOSS = re.compile(
    rf"[?？(（](?:(?<=[(（]){_SYLL}[)）?？]|(?<=[?？])(?:{_SYLL}[)）?？]|{_SYLL}(?=[{_CJK}])))"
)
# A comma right before other punctuation is a scraping artefact: ",," ",。" ",、".
_STRAY_COMMA = re.compile(r"[,，](?=[,，。、；;：！!？?])")
# The same punctuation mark doubled (not … or —, which come in pairs).
_DOUBLED = re.compile(r"([。、，,；;：])\1+")
# A run of two or more spaces, or one odd space (any but " ").
_ODD_SPACE = r"\t\u3000\u00a0\u2002-\u200a\u202f\u205f"
_SPACES = re.compile(rf"[ {_ODD_SPACE}](?:(?<=[{_ODD_SPACE}])[ {_ODD_SPACE}]*|[ {_ODD_SPACE}]+)")


def _clean_chars(t: _Tracked) -> _Tracked:
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


def _simplify(t: _Tracked) -> _Tracked:
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
# Lines and furniture

_TERMINAL = "。！？!?；;…"
_CLOSERS = "”’」』)）】》\"'"
_SENTENCE_PUNCT = re.compile(r"[。！？!?；;]")
# A line ends like prose: an end mark, closing quotes, maybe a byline "(记者 XXX)" after it.
_ENDS_TERMINAL = re.compile(
    rf"[{_TERMINAL}][{re.escape(_CLOSERS)}]*(?:\s*[(（][^()（）。！？]{{1,30}}[)）])?$"
)

# Line-level vocabulary of page furniture (simplified; lines are matched after t2s).
_META = re.compile(
    r"^[\[【(（]?\s*(来源|稿源|来源于|作者|责任编辑|责编|编辑|审核|审校|校对|终审|初审|复审|发布时间|发布日期|"
    r"发表时间|更新时间|时间|日期|浏览次数|浏览量|阅读量|阅读数|点击数|点击量|字号|字体|摄影|图片来源|"
    r"供稿|通讯员|文/图|文图|制图|监制|策划|出品)\s*[:：]"
)
_META_ANY = re.compile(
    r"(来源|责任编辑|责编|发布时间|发布日期|审核|校对|浏览次数|阅读量|点击数)\s*[:：]"
)
_DATE_TIME = re.compile(r"(19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*\d{1,2}:\d{2}")
# A case-insensitive pattern cannot skip ahead to the characters that could start a match
# (re tries it at every position of the line), so the Chinese vocabulary is matched
# case-sensitively and the few Latin words apart (…_LATIN, …_START), the Latin ones only
# on lines with an ASCII letter: each of these words has a letter whose only case
# variants are ASCII, so without one it cannot match.
_COPYRIGHT = re.compile(
    r"©|版权所有|版权声明|版权归|公网安备|网安备|"
    r"违法和不良信息|举报电话|举报邮箱|联系我们|网站地图|关于我们|广告服务|免责声明|侵犯您的|"
    r"转载请注明|未经授权|不得转载|禁止转载|本站部分|本网部分|技术支持[:：]|主办单位|承办单位"
)
_COPYRIGHT_LATIN = re.compile(r"copyright|all rights reserved|ICP备|ICP证", re.I)
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_WIDGET = re.compile(
    r"^(分享到|分享|一键分享|收藏|打印|关闭|关闭窗口|打印本页|关闭本页|返回顶部|回到顶部|返回首页|返回|"
    r"上一篇|下一篇|上一页|下一页|首页|尾页|更多|更多>>|查看更多|点击查看|阅读全文|展开全文|"
    r"字号|大|中|小|默认|生成海报|海报|微信|微博|QQ|QQ空间|朋友圈|扫一扫|二维码|"
    r"pdf|pdf版|pdf下载|下载pdf|大图|查看大图|查看原图|原图|放大|缩小|[\[【]?(打印|关闭|收藏|顶部)[\]】]?)$",
    re.I,
)
_PROMO = re.compile(
    r"扫一扫|扫描|二维码|关注.{0,8}(公众号|微信|微博|我们)|公众号|服务号|订阅号|客户端|"
    r"下载.{0,6}(?i:app|客户端)|"
    r"分享到|点击(进入|查看|阅读|这里|此处|下载)|阅读原文|继续阅读|查看更多|更多内容|更多精彩|精彩文章|"
    r"请您继续阅读|阅读更多|欢迎关注|长按|识别二维码|生成海报|当前位置|您的位置|你的位置"
)
_PROMO_START = re.compile(
    r"tag[:：]|标签[:：]|关键词[:：]|上一篇|下一篇|上一条|下一条|上篇|下篇", re.I
)
_BREADCRUMB = re.compile(r"(>>|»|›|＞|(^|\s)>(\s|$)|\s>\s|>\s*\S+\s*>)")
_LINK_BAR = re.compile(r"[|｜丨].*[|｜丨]|(\S\s+[|｜丨]\s+\S)")
# Every breadcrumb and link bar has one of these: the two patterns above (which re tries
# at every position) run only on the few lines that do.
_NAV_CHAR = re.compile(r"[>»›＞|｜丨]")
_RELATED = re.compile(
    r"^[\[【]?(相关新闻|相关阅读|相关文章|相关链接|相关报道|相关推荐|推荐阅读|延伸阅读|热点推荐|热门推荐|"
    r"热门文章|热点新闻|热门新闻|猜你喜欢|您可能感兴趣|你可能感兴趣|您可能还喜欢|你可能还喜欢|精彩推荐|为你推荐|"
    r"为您推荐|相关内容|最新文章|最新新闻|排行榜|阅读排行|点击排行|往期回顾|往期推荐|今日推荐|编辑推荐|"
    r"图片新闻|专题推荐|网友评论|发表评论|评论)[\]】]?\s*[:：]?\s*(>>|更多)?\s*$"
)
# Counters and bare dates: 阅读(1234), 浏览:56次, 2023-05-16 星期二 10:20.
_COUNTER = re.compile(
    r"^[\[【(（]?(阅读|浏览|点击|评论|点赞|收藏|分享|转发|人气|热度)\s*[(（:：]?\s*\d*\s*[)）]?\s*次?[\]】)）]?$"
)
_BARE_DATE = re.compile(
    r"^[\[【(（]?(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(\s*(星期|周|礼拜)[一二三四五六日天])?(\s*\d{1,2}:\d{2}(:\d{2})?)?[\]】)）]?$"
)
# End marks and editor lines in brackets: (完), 【责任编辑:…】, (编辑 张三); bylines of
# reporters, (记者 XXX), stay.
_EDITOR = re.compile(
    r"^[(（【\[]\s*(完|终|全文完|责任编辑|编辑|责编|审核|审校|校对|来源|稿源|供稿|编审|终审|"
    r"监制|制作|排版|美编|初审|复审)([\s:：].{0,30})?[)）】\]]$"
)
# A line made only of widget words: "点赞 收藏 评论 分享", "打印 | 关闭".
_WIDGET_WORDS_TEXT = (
    "分享 分享到 收藏 点赞 评论 转发 打印 关闭 返回 顶部 返回顶部 微信 微博 QQ QQ空间 朋友圈 "
    "复制链接 举报 纠错 字号 字体 大 中 小 默认 放大 缩小 上一篇 下一篇 更多 推荐 关注 扫码 二维码 "
    "打印本页 关闭窗口 收藏本页 【打印】 【关闭】 [打印] [关闭] 在看 赞 喜欢"
)
_WIDGET_WORDS = frozenset(_WIDGET_WORDS_TEXT.split())
_TOKEN_SPLIT = re.compile(r"[\s|｜丨/·•]+")
# What a line's comparison key keeps. (Joining the runs it finds is faster than deleting
# the rest: re matches a run of a positive class in one tight loop.)
_KEY_RUN = re.compile(rf"[0-9A-Za-z{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
# Twenty CJK characters (anywhere in the span matched), without listing them all.
_CJK_20 = re.compile(rf"(?:[^{_CJK}]*[{_CJK}]){{20}}")


def _key(s: str) -> str:
    """A comparison key for a line: letters, digits and characters only, case-folded."""
    return "".join(_KEY_RUN.findall(s)).lower()


def _is_terminal(line: str) -> bool:
    return bool(_ENDS_TERMINAL.search(line))


def _is_body(line: str) -> bool:
    """A line that reads as article prose (not a headline or a widget)."""
    n = len(line)
    if n >= 60 and _CJK_20.match(line, 0, 400):
        return True
    return n >= 20 and _is_terminal(line) and bool(_SENTENCE_PUNCT.search(line))


def _is_copyright(line: str) -> bool:
    """A copyright, licence or site-owner line (ICP备…, 版权所有, all rights reserved)."""
    if _COPYRIGHT.search(line):
        return True
    return bool(_ASCII_LETTER.search(line) and _COPYRIGHT_LATIN.search(line))


def _is_navigation(line: str) -> bool:
    """A breadcrumb (首页 > 新闻) or a bar of links (首页 | 新闻 | 图片)."""
    if not _NAV_CHAR.search(line):
        return False
    return bool(_BREADCRUMB.search(line) or _LINK_BAR.search(line))


def _is_furniture(line: str) -> bool:
    """A line that is page furniture by its shape and a small generic vocabulary."""
    n = len(line)
    if n == 0:
        return True
    if _WIDGET.match(line):
        return True
    if n <= 40:
        if _COUNTER.match(line) or _BARE_DATE.match(line) or _EDITOR.match(line):
            return True
        tokens = [tok for tok in _TOKEN_SPLIT.split(line) if tok]
        if tokens and all(tok in _WIDGET_WORDS or tok.isdigit() for tok in tokens):
            return True
    if n <= 120 and _is_copyright(line):
        return True
    if n <= 80:
        if _META.match(line) or (_META_ANY.search(line) and not _is_terminal(line)):
            return True
        if _DATE_TIME.search(line) and not _SENTENCE_PUNCT.search(line):
            return True
        if not _is_terminal(line):
            if _PROMO.search(line) or _PROMO_START.match(line) or _is_navigation(line):
                return True
            if _RELATED.match(line):
                return True
        if n <= 24 and not _CJK_CHAR.search(line) and not any(ch.isdigit() for ch in line):
            return True  # "?", "| |", "TAG:", stray Latin widget text
    return False


@dataclass
class _Line:
    start: int  # offsets of the stripped line in the tracked text
    end: int
    text: str
    body: bool = False
    furniture: bool = False
    blank_before: bool = False
    item: bool = False  # a list item: bullet (stripped) or enumeration mark (kept)
    table: bool = False  # a table row "| a | b |" (outer bars stripped)
    join_next: bool = False  # the first half of a subhead broken over two lines
    pieces: list[tuple[int, int]] | None = None  # the lines an unwrapped line was joined from

    def spans(self) -> list[tuple[int, int]]:
        return self.pieces or [(self.start, self.end)]


_STRIP = " \t\u3000\u00a0"
# Characters that take one column (all but the wide ones: CJK, Hangul, full-width forms).
_NARROW = re.compile(
    r"[^\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    blank = False
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped = raw.strip(_STRIP)
        if stripped and _TABLE_RULE.match(stripped):
            stripped = ""  # |---|---| under a table head
        if stripped:
            s = pos + len(raw) - len(raw.lstrip(_STRIP))
            e = s + len(stripped)
            item = table = False
            m = _BULLET.match(stripped) or _TABLE_ROW.match(stripped)
            if m and m.group("body"):
                table = m.re is _TABLE_ROW
                item = not table
                e = s + m.end("body")
                s += m.start("body")
                stripped = m.group("body")
            elif _ENUM.match(stripped):
                item = True
            lines.append(_Line(s, e, stripped, blank_before=blank, item=item, table=table))
            blank = False
        else:
            blank = True
        pos = end + 1
    return _unwrap(lines, text)


_BULLET = re.compile(r"^[-*•·●○■□◆◇▪▸▶►]\s+(?P<body>\S.*)$")
_TABLE_ROW = re.compile(r"^\|\s*(?P<body>.*?)\s*\|$")
_TABLE_RULE = re.compile(r"^\|[\s|:\-]*\|$")
_ENUM = re.compile(
    r"^(\(?\d{1,2}[.、)]|\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}[是、]|"
    r"[①-⑳⑴-⒇]|第[一二三四五六七八九十]{1,3}[,、是:])"
)


def _width(text: str) -> int:
    """Display width in columns: two for a wide character, one for any other. (The narrow
    ones are counted: in Chinese text they are few, so finding them is cheaper.)"""
    return 2 * len(text) - len(_NARROW.findall(text))


def _unwrap(lines: list[_Line], text: str) -> list[_Line]:
    """Join paragraphs that were hard-wrapped at a fixed width.

    A run of lines without end marks, all of (about) the same display width, that ends in
    a line with an end mark no wider than them, is one paragraph. Headline lists do not
    end that way, and subheads are too short to count.
    """
    out: list[_Line] = []
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if (
            len(ln.text) >= 16
            and i + 1 < n
            and not lines[i + 1].blank_before
            and not _is_terminal(ln.text)
        ):
            raw_start = text.rfind("\n", 0, ln.start) + 1
            width = _width(text[raw_start : ln.end])
            run = [ln]
            j = i + 1
            joined = False
            while j < n and not lines[j].blank_before:
                nxt = lines[j]
                w = _width(text[text.rfind("\n", 0, nxt.start) + 1 : nxt.end])
                if _is_terminal(nxt.text):
                    if w <= width + 2:
                        run.append(nxt)
                        joined = True
                    break
                if abs(w - width) > 2:
                    break
                run.append(nxt)
                j += 1
            if joined:
                out.append(
                    _Line(
                        run[0].start,
                        run[-1].end,
                        "".join(r.text for r in run),
                        blank_before=ln.blank_before,
                        pieces=[(r.start, r.end) for r in run],
                    )
                )
                i += len(run)
                continue
            # The lines of a run that did not end in an end mark cannot start one either:
            # skip them all, which keeps this linear on a long headline list.
            out.extend(run)
            i += len(run)
            continue
        out.append(ln)
        i += 1
    return out


_MAX_TITLE = 80
# A headline may end with ! or ? (成效显著!), never with 。 inside.
_HEADLINE_MARK = re.compile(r"^[^。；;]{4,50}[！!？?][”」』]?$")


def _find_title(lines: list[_Line], first_body: int) -> int | None:
    """Index of the title line: a headline-shaped line before the body, preferring one the
    page repeats."""
    candidates = [
        i
        for i in range(first_body)
        if not lines[i].furniture
        and 5 <= len(lines[i].text) <= _MAX_TITLE
        and (not _is_terminal(lines[i].text) or _HEADLINE_MARK.search(lines[i].text))
    ]
    if not candidates:
        return None
    counts = Counter(ln.text for ln in lines if len(ln.text) <= _MAX_TITLE)
    return max(
        candidates,
        key=lambda i: (counts[lines[i].text] > 1, len(lines[i].text) >= 8, -i),
    )


_SUBTITLE = re.compile(r"^(——|—|--|－－)\s*\S.{1,60}$")
# Section headings: 一、 (一) 第一部分 1、
_SECTION = re.compile(
    r"^([一二三四五六七八九十]{1,3}、|[(][一二三四五六七八九十]{1,3}[)]|"
    r"第[一二三四五六七八九十]{1,3}(章|节|部分)|\d{1,2}、)"
)


def _is_related_marker(ln: _Line) -> bool:
    return ln.furniture and bool(_RELATED.match(ln.text))


def _kept_in_run(lines: list[_Line], run: list[int], intro: bool) -> list[int]:
    """Which lines of a run of non-prose lines inside the article are text.

    The run is taken in groups: table rows, list items (with the line introducing them),
    and plain lines. Table rows and items stay; plain lines stay as subheads when there are
    one or two of them, or when a colon introduced them; a longer group of plain lines is
    a headline list.
    """
    kept: list[int] = []
    group: list[int] = []
    colon = intro

    def flush() -> None:
        if group and (len(group) <= 2 or colon):
            kept.extend(group)
            if len(group) == 2 and not colon and group[1] == group[0] + 1:
                lines[group[0]].join_next = True
        group.clear()

    for k in run:
        ln = lines[k]
        if ln.item or ln.table:
            flush()
            kept.append(k)
            colon = False
            continue
        if ln.text.endswith(":"):
            flush()
            kept.append(k)  # introduces what follows
            colon = True
            continue
        group.append(k)
    flush()
    return sorted(kept)


def _select_lines(
    lines: list[_Line], title_hint: str | None
) -> tuple[list[list[_Line]], str | None]:
    """Decide which lines are article text; return paragraphs (lists of lines) and the title."""
    for ln in lines:
        if ln.table:  # cells are separated by bars, which would read as a link bar
            ln.furniture = _is_copyright(ln.text)
        else:
            ln.furniture = _is_furniture(ln.text)
        ln.body = not ln.furniture and _is_body(ln.text)
    bodies = [i for i, ln in enumerate(lines) if ln.body]
    if not bodies:
        # No prose at all: keep whatever is not furniture (a short note, a bare list).
        kept = [[ln] for ln in lines if not ln.furniture]
        title = title_hint
        return kept, title
    first, last = bodies[0], bodies[-1]

    title_idx = None
    title = title_hint
    if title_hint is None:
        title_idx = _find_title(lines, first)
        if title_idx is not None:
            title = lines[title_idx].text
    else:
        # The page's own title (HTML metadata): keep its first occurrence in the text.
        hint_key = _key(title_hint)
        for i in range(first):
            if _key(lines[i].text) == hint_key:
                title_idx = i
                break
    title_key = _key(title) if title else ""

    keep = [False] * len(lines)
    if title_idx is not None:
        keep[title_idx] = True
        sub = title_idx + 1
        if sub < first and not lines[sub].furniture and _SUBTITLE.match(lines[sub].text):
            keep[sub] = True  # ——a subtitle under the title
    in_related = False
    i = first
    while i <= last:
        ln = lines[i]
        if ln.body:
            keep[i] = True
            in_related = False
            i += 1
            continue
        if ln.furniture:
            if _RELATED.match(ln.text):
                in_related = True
            i += 1
            continue
        if in_related:  # headlines after a "related articles" marker, up to the next
            if not _SECTION.match(ln.text):  # prose or section heading
                i += 1
                continue
            in_related = False
        # A run of non-body lines inside the article: subheads (one or two lines) stay,
        # and so do lists the text introduces (a line ending in a colon), enumerated items
        # and table rows; other longer runs are headline lists.
        j = i
        while j <= last and not lines[j].body and not _is_related_marker(lines[j]):
            j += 1
        run = [k for k in range(i, j) if not lines[k].furniture]
        for k in _kept_in_run(lines, run, intro=lines[i - 1].text.endswith(":")):
            keep[k] = True
        i = j

    paragraphs: list[list[_Line]] = []
    prev_kept = -2
    for i, ln in enumerate(lines):
        if not keep[i]:
            continue
        if title_key and i != title_idx and not ln.body and len(ln.text) <= len(title_key) + 20:
            k = _key(ln.text)
            if k and (k == title_key or (2 * len(k) >= len(title_key) and k in title_key)):
                continue  # a repeat of the title, or of its larger half
        prev = paragraphs[-1] if paragraphs else None
        joinable = (
            prev is not None
            and len(prev) == 1
            and prev_kept == i - 1
            and not ln.blank_before
            and not ln.body
            and prev[0].join_next
            and len(ln.text) <= 30
            and len(prev[0].text) <= 30
        )
        if joinable:
            prev.append(ln)  # a subhead broken over two lines
        else:
            paragraphs.append([ln])
        prev_kept = i
    return paragraphs, title


# ---------------------------------------------------------------------------------------
# Repeats

# Clauses of four characters or more (shorter ones say too little to count as repeats).
_CLAUSE = re.compile(r"[^，,。、；;：:！!？?\s“”\"「」『』‘’]{4,}")


def _dedupe(paragraphs: list[list[_Line]]) -> list[list[_Line]]:
    """Drop paragraphs seen before, and long ones made (≥ 85%) of clauses seen before."""
    seen_keys: set[str] = set()
    seen_clauses: set[int] = set()
    out = []
    for para in paragraphs:
        text = para[0].text if len(para) == 1 else "".join(ln.text for ln in para)
        key = text if len(text) > 200 else _key(text)
        if not key or key in seen_keys:
            continue
        clauses = _CLAUSE.findall(text)
        hashes = list(map(hash, clauses))
        # (Most paragraphs share no clause with earlier ones: isdisjoint tells that in C.)
        if len(text) >= 40 and clauses and not seen_clauses.isdisjoint(hashes):
            total = sum(map(len, clauses))
            covered = sum(len(c) for c, h in zip(clauses, hashes, strict=True) if h in seen_clauses)
            if total and covered >= 0.85 * total:
                continue
        seen_keys.add(key)
        seen_clauses.update(hashes)
        out.append(para)
    return out


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
    t = _clean_chars(_Tracked.of(original))
    t = _simplify(t)
    if title_hint:
        title_hint = _clean_title(title_hint)
    lines = _split_lines(t.text)
    paragraphs, title = _select_lines(lines, title_hint)
    paragraphs = _dedupe(paragraphs)

    parts: list[str] = []
    doc_map = _Map()
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
    t = _clean_chars(_Tracked.of(title))
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
