"""Decode an article file's bytes into text, and refuse what is not text.

BOMs first (UTF-8, UTF-16/32, GB18030's), then UTF-16 without a BOM, UTF-8, GB18030 (which
also reads GBK and GB2312), Big5 where GB18030 reads it as nonsense, and last
charset-normalizer's guess; control bytes, NULs and replacement characters mark binary
data. What cannot be read raises :class:`UnreadableSource`, naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


class UnreadableSource(Exception):
    """A source file that cannot be read as an article: binary, undecodable, empty, missing.

    ``name`` is the file name and ``reason`` a short phrase; ``str(exc)`` says both, so a
    caller that skips the file can report it as is.
    """

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


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
