"""Private intake: a letter a company received by email, weeks before EDGAR publishes it.

Uploads are hostile until shown otherwise: the content must be what the name says, under 10 MB,
a DOCX must not unpack to more than it claims, and HTML must carry no script. A rejected upload
raises ValidationError (resending the same file cannot help) and leaves nothing stored.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from comments.models import Letter
from filings.forms import LETTER_FORMS
from filings.models import Company

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A DOCX is a zip: a few KB can unpack to gigabytes. Real letters unpack to well under this.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_DOCX_MEMBERS = 1000

_KIND_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "txt"}
_HTML_TAG = re.compile(rb"<\s*(?:!doctype|html|head|body|p|div|table|br|span|font|script|b|i)\b", re.I)
_ACTIVE_HTML = re.compile(
    rb"<\s*(?:script|iframe|frame|object|embed|applet|form|base|link|meta\s[^>]*http-equiv)\b"
    rb"|<[^>]*\son[a-z]+\s*="
    rb"|(?:javascript|vbscript)\s*:",
    re.I,
)


@dataclass(frozen=True)
class Upload:
    kind: str  # pdf | docx | html | txt
    filename: str
    data: bytes


def _reject(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _sniff(data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    head = data[:65536]
    if b"\x00" in head:
        return "binary"
    return "html" if _HTML_TAG.search(head) else "txt"


def _check_docx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except zipfile.BadZipFile as exc:
        raise _reject(f"the file is not a readable DOCX ({exc})", "corrupt") from exc
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise _reject("the file is a zip archive but not a Word document (.docx)", "wrong_type")
    if len(members) > MAX_DOCX_MEMBERS:
        raise _reject(f"the DOCX holds {len(members)} parts; a letter has far fewer", "docx_bomb")
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise _reject(f"the DOCX unpacks to {unpacked:,} bytes, over the {MAX_DOCX_UNPACKED_BYTES:,}-byte limit", "docx_bomb")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_DOCX_RATIO * max(member.compress_size, 1):
            raise _reject(f"the DOCX part {member.filename} is compressed suspiciously hard (a zip bomb?)", "docx_bomb")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise _reject("the DOCX carries macros; save the letter without them", "active_content")


def upload_validate(*, uploaded_file: Any) -> Upload:
    """Check an upload by its content, not its name. Raises ValidationError; never stores anything."""
    filename = PurePath(getattr(uploaded_file, "name", "") or "").name
    suffix = PurePath(filename).suffix.lower()
    expected = _KIND_BY_SUFFIX.get(suffix)
    if expected is None:
        raise _reject(f"{filename or 'the file'}: only PDF, DOCX, HTML or TXT letters are accepted", "unsupported_type")
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _reject(f"{filename} is {size:,} bytes, over the {MAX_UPLOAD_BYTES:,}-byte limit", "too_large")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _reject(f"{filename} is over the {MAX_UPLOAD_BYTES:,}-byte limit", "too_large")
    if not data.strip():
        raise _reject(f"{filename} is empty", "empty")
    actual = _sniff(data)
    if actual == "zip":
        _check_docx(data)
        actual = "docx"
    if actual != expected:
        what = {"binary": "binary data", "zip": "a zip archive"}.get(actual, actual.upper())
        raise _reject(f"{filename} is named {suffix} but its content is {what}", "wrong_type")
    if actual == "html" and _ACTIVE_HTML.search(data):
        raise _reject(f"{filename} carries scripts or other active HTML content; upload it as PDF or plain text", "active_content")
    return Upload(kind=actual, filename=filename, data=data)


def _docx_text(data: bytes) -> tuple[str, list[list[Any]]]:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []
    emphasis: list[list[Any]] = []
    offset = 0
    for paragraph in document.paragraphs:
        start = offset
        for run in paragraph.runs:
            if run.text and (run.italic or run.bold):
                emphasis.append([offset, offset + len(run.text), "i" if run.italic else "b"])
            offset += len(run.text)
        parts.append(paragraph.text)
        offset = start + len(paragraph.text) + 2  # paragraphs are joined with a blank line
    return "\n\n".join(parts), emphasis


def _extract(upload: Upload, form_type: str) -> tuple[str, list[list[Any]]]:
    if upload.kind == "docx":
        try:
            return _docx_text(upload.data)
        except Exception as exc:  # python-docx raises many kinds on a damaged file
            raise _reject(f"{upload.filename}: cannot read this DOCX ({exc})", "corrupt") from exc
    from filings.extraction import ExtractionError, extract_text

    try:
        extraction = extract_text(upload.data, filename=upload.filename, doc_type=form_type)
    except ExtractionError as exc:
        raise _reject(f"{upload.filename}: cannot read text from this file ({exc})", "corrupt") from exc
    return extraction.text, [list(span) for span in extraction.emphasis]


def private_letter_intake(*, uploaded_file: Any, company: Company, user: Any, form_type: str) -> Letter:
    """Store and parse a privately received letter with the same parser as public ones."""
    from comments.services.letters import letter_direction, letter_parse
    from comments.services.linking import private_letter_link_twin, staff_letter_answers_relink

    form_type = (form_type or "").upper().strip()
    if form_type not in LETTER_FORMS:
        raise _reject(f"form type must be one of {', '.join(sorted(LETTER_FORMS))}", "bad_form_type")
    upload = upload_validate(uploaded_file=uploaded_file)
    text, emphasis = _extract(upload, form_type)
    if not text.strip():
        raise _reject(f"{upload.filename} has no text to read (a scanned image?)", "no_text")
    letter = Letter(
        company=company,
        form_type=form_type,
        direction=letter_direction(form_type=form_type),
        is_private=True,
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        original_filename=upload.filename[:255],
        text=text,
        emphasis=emphasis,
    )
    letter.uploaded_file.save(upload.filename, ContentFile(upload.data), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except Exception:
        letter.uploaded_file.delete(save=False)  # no row, so no file either
        raise
    letter = letter_parse(letter=letter)
    private_letter_link_twin(letter=letter)
    if letter.is_staff_letter:
        staff_letter_answers_relink(letter=letter)
    return letter
