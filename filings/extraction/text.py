"""Decoding and light normalisation shared by the extractors, and the merging of emphasis spans."""

from __future__ import annotations

import codecs
import re

from filings.extraction.limits import MAX_TEXT_CHARS
from filings.extraction.result import ExtractionError

_TRAILING_WS_RE = re.compile(r"[ \t\u00a0]+$", re.M)
_BLANK_RUN_RE = re.compile(r"\n{3,}")
# C0 controls other than tab, line feed, carriage return and form feed, and DEL: no letter means them,
# terminals act on them, and PostgreSQL refuses NUL in text.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Longest first: the UTF-32 little-endian mark starts with the UTF-16 one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def unicode_bom(data: bytes) -> str | None:
    """The codec a UTF-16 or UTF-32 byte-order mark names, if the bytes start with one."""
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def decode(data: bytes, warnings: list[str]) -> str:
    codec = unicode_bom(data)
    if codec:
        try:
            return data.decode(codec)  # the codec reads and drops the mark
        except UnicodeDecodeError:
            warnings.append(f"not valid {codec.upper()}; undecodable bytes replaced")
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append("not valid UTF-8; decoded as Windows-1252")
        # cp1252 leaves five bytes undefined; latin-1 maps them so decoding never fails.
        undefined = any(b in data for b in (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"))
        return data.decode("latin-1") if undefined else data.decode("cp1252", errors="ignore")


def tidy(text: str) -> str:
    """Light normalisation only: LF line ends, form feed as a blank line, no trailing spaces, one blank line at most."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _TRAILING_WS_RE.sub("", text)
    return _BLANK_RUN_RE.sub("\n\n", text).strip("\n")


def check_text_size(length: int) -> None:
    if length > MAX_TEXT_CHARS:
        raise ExtractionError(f"document gives over {MAX_TEXT_CHARS:,} characters of text; refused as a decompression bomb")


def merge_spans(spans: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Join spans of one kind that overlap or are separated only by whitespace (one span per run of italics)."""
    merged: list[tuple[int, int, str]] = []
    for kind in ("i", "b"):
        current: tuple[int, int] | None = None
        for start, end in sorted((s, e) for s, e, k in spans if k == kind):
            gap = text[current[1] : start] if current else ""
            if current and (start <= current[1] or (not gap.strip() and "\n\n" not in gap)):
                current = (current[0], max(current[1], end))
            else:
                if current:
                    merged.append((current[0], current[1], kind))
                current = (start, end)
        if current:
            merged.append((current[0], current[1], kind))
    return sorted(merged)


def trailing_whitespace_runs(text: str):
    return _TRAILING_WS_RE.finditer(text)
