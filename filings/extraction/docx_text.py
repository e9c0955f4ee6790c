"""DOCX (a zip of XML parts) to text with italic and bold spans, inflating no more than the caps allow."""

from __future__ import annotations

import io
import itertools
import struct
import zipfile
import zlib
from importlib.metadata import version

from filings.extraction.limits import (
    MAX_DOCX_MEMBER_BYTES,
    MAX_DOCX_MEMBERS,
    MAX_DOCX_RATIO,
    MAX_DOCX_UNPACKED_BYTES,
    MAX_DOCX_XML_BYTES,
)
from filings.extraction.result import Extraction, ExtractionError
from filings.extraction.text import check_text_size, merge_spans, trailing_whitespace_runs

_END_OF_DIRECTORY = b"PK\x05\x06"
_MAX_DIRECTORY_BYTES = 2**20  # a letter's zip lists ~20 parts in ~2 KB; names may be 64 KB each
_READ_CHUNK = 2**16
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


def _directory_fits(data: bytes) -> bool:
    """Whether the zip's central directory is small enough to list: zipfile reads all of it into objects."""
    at = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 22 - 65535))
    if at < 0 or len(data) < at + 22:
        return True  # not a zip zipfile can open; it will say so
    entries, directory_bytes = struct.unpack_from("<HI", data, at + 10)
    # 0xFFFF entries means a ZIP64 directory: no letter needs one.
    return entries <= MAX_DOCX_MEMBERS and entries != 0xFFFF and directory_bytes <= _MAX_DIRECTORY_BYTES


def zip_names(data: bytes) -> list[str] | None:
    """The member names of a zip, or None when it cannot be read or lists more parts than a letter has."""
    if not _directory_fits(data):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except _ZIP_ERRORS:
        return None


def _refuse(message: str) -> ExtractionError:
    return ExtractionError(f"DOCX refused as a decompression bomb: {message}")


def check_docx_package(data: bytes) -> None:
    """Refuse a zip that unpacks to more than a letter could. The declared sizes are checked first, so a
    bomb that admits its size is refused without inflating a byte; then every member is inflated in
    bounded chunks and counted, because a header may lie."""
    if not _directory_fits(data):
        raise _refuse(f"its directory lists more than {MAX_DOCX_MEMBERS} parts or over {_MAX_DIRECTORY_BYTES:,} bytes")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_DOCX_MEMBERS:
                raise _refuse(f"it holds {len(members)} parts, over {MAX_DOCX_MEMBERS}")
            declared = sum(m.file_size for m in members)
            if declared > MAX_DOCX_UNPACKED_BYTES:
                raise _refuse(f"it unpacks to {declared:,} bytes, over the {MAX_DOCX_UNPACKED_BYTES:,}-byte cap")
            total = 0
            for member in members:
                _check_member(member, member.file_size)
                size = 0
                with archive.open(member) as stream:
                    while chunk := stream.read(_READ_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        _check_member(member, size)
                        if total > MAX_DOCX_UNPACKED_BYTES:
                            raise _refuse(f"it unpacks to over {MAX_DOCX_UNPACKED_BYTES:,} bytes")
    except _ZIP_ERRORS as exc:
        raise ExtractionError(f"corrupt DOCX: {exc}") from None


def _check_member(member: zipfile.ZipInfo, size: int) -> None:
    cap = MAX_DOCX_XML_BYTES if member.filename.lower().endswith((".xml", ".rels")) else MAX_DOCX_MEMBER_BYTES
    if size > cap:
        raise _refuse(f"part {member.filename!r} unpacks to over {cap:,} bytes")
    if size > 2**20 and size > MAX_DOCX_RATIO * max(member.compress_size, 1):
        raise _refuse(f"part {member.filename!r} is compressed over {MAX_DOCX_RATIO} to 1")


def extract_docx(data: bytes) -> Extraction:
    import docx  # python-docx, imported lazily: only DOCX work pays for loading it
    from docx.text.run import Run

    check_docx_package(data)  # python-docx would read every part whole
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for a damaged package
        raise ExtractionError(f"corrupt DOCX: {exc}") from None
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    length = 0
    for paragraph in document.paragraphs:
        # A hyperlink holds runs of its own; its words are part of the paragraph's text.
        runs = [r for item in paragraph.iter_inner_content() for r in ([item] if isinstance(item, Run) else item.runs)]
        text, own = _docx_paragraph([(r.text.replace("\r", ""), bool(r.italic), bool(r.bold)) for r in runs])
        if not text:
            continue  # empty paragraphs are spacing, not content
        start = length + 2 * len(parts)  # paragraphs are joined by a blank line
        parts.append(text)
        length += len(text)
        check_text_size(length)
        spans.extend((start + s, start + e, kind) for s, e, kind in own)
    raw = "\n\n".join(parts)
    return Extraction(text=raw, emphasis=merge_spans(spans, raw), extractor=f"python-docx {version('python-docx')}")


def _docx_paragraph(runs: list[tuple[str, bool, bool]]) -> tuple[str, list[tuple[int, int, str]]]:
    """A paragraph's text, trimmed (and each line of it), and its italic and bold runs as spans over it.
    A run both italic and bold gives both spans: the parser weighs emphasis, not which kind."""
    joined = "".join(text for text, _, _ in runs)
    core = joined.strip()
    lead = len(joined) - len(joined.lstrip())
    keep = [lead <= i < lead + len(core) for i in range(len(joined))]
    for match in trailing_whitespace_runs(joined):
        keep[match.start() : match.end()] = [False] * (match.end() - match.start())
    at = list(itertools.accumulate(keep, initial=0))  # at[i]: how many characters before joined[i] are kept
    spans: list[tuple[int, int, str]] = []
    offset = 0
    for text, italic, bold in runs:
        start, end = at[offset], at[offset + len(text)]
        offset += len(text)
        spans.extend((start, end, kind) for flag, kind in ((italic, "i"), (bold, "b")) if flag and end > start)
    return "".join(c for c, kept in zip(joined, keep) if kept), spans
