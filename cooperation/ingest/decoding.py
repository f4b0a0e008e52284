"""Bytes of a text file -> text: its encoding (UTF-8, UTF-16, Windows-1252, lines of both mixed), whether it is binary,
and the delimiter its header uses."""

from __future__ import annotations

import io

DELIMITERS = ",;\t"


def decode(data: bytes, partial: bool = False) -> tuple[str | None, str]:
    """Text and the encoding it was read with; (None, 'binary') for binary data.

    `partial`: `data` is the beginning of a file, so a character cut at its end is dropped.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data[:len(data) - len(data) % 2 if partial else None].decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            if not partial:
                return None, "undecodable"
            return data[:len(data) - len(data) % 2].decode("utf-16", errors="ignore"), "utf-16"
    if b"\x00" in data[:4096] and (utf16 := _utf16_without_bom(data)) is not None:
        try:
            return data[:len(data) - len(data) % 2 if partial else None].decode(utf16), utf16
        except UnicodeDecodeError:
            return None, "undecodable"
    if _looks_binary(data[:4096]):
        return None, "binary"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if partial and exc.start >= len(data) - 3:
            return data[:exc.start].decode("utf-8"), "utf-8"
    if not partial and (mixed := _mixed_decode(data)) is not None:
        return mixed, MIXED_ENCODING
    from charset_normalizer import from_bytes  # only for files that are not UTF-8

    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "utf_16"]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("latin-1"), "latin_1"


MIXED_ENCODING = "utf-8+cp1252"


def _line_encoding(line: bytes) -> str:
    """'ascii', 'utf-8' (valid, with non-ASCII characters) or 'other' for one line of bytes."""
    if line.isascii():
        return "ascii"
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return "other"
    return "utf-8"


def _mixed_decode(data: bytes) -> str | None:
    """The text of a file whose lines are partly UTF-8 and partly Windows-1252 (two files pasted together, a
    UTF-8 row added in an old Excel), each line decoded in its own encoding; None when the file is not so."""
    lines = data.splitlines(keepends=True)
    kinds = [_line_encoding(line) for line in lines]
    if "utf-8" not in kinds or "other" not in kinds:
        return None
    return "".join(line.decode("utf-8") if kind != "other" else _cp1252(line) for line, kind in zip(lines, kinds,
                                                                                                    strict=True))


def _cp1252(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return line.decode("latin-1")


def first_non_utf8_line(data: bytes) -> int:
    for number, line in enumerate(data.splitlines(), start=1):
        if _line_encoding(line) == "other":
            return number
    return 0


# Bytes that text never holds (C0 controls but tab, line feed, form feed and carriage return); a stray NUL in a text
# file is a damaged cell, stripped with a warning, not a reason to refuse the file.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def _looks_binary(sample: bytes) -> bool:
    """True when more than 1 % of `sample` (at least 4 bytes) are control bytes: a binary file, not text."""
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > max(4, len(sample) // 100)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when `data` looks like UTF-16 text without a byte-order mark: the zero high
    bytes of Latin text on every other byte, and none on the others."""
    sample = data[:4096 - 4096 % 2] if len(data) >= 4096 else data[:len(data) - len(data) % 2]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= half // 2 and even <= half // 100:
        return "utf-16-le"
    if even >= half // 2 and odd <= half // 100:
        return "utf-16-be"
    return None


def sniff_delimiter(text: str) -> str:
    """The delimiter that occurs most often in the first non-blank line (the header)."""
    header = next((line for line in io.StringIO(text.lstrip("\ufeff")) if line.strip()), "")
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


__all__ = ["DELIMITERS", "MIXED_ENCODING", "decode", "first_non_utf8_line", "sniff_delimiter"]
