"""Private intake: a letter a company received by email, weeks before EDGAR publishes it.

A private letter belongs to one organisation, and only an editor (or an approver or admin) of it may
upload one; anyone else is refused with PermissionDenied before the file is read.

Uploads are hostile until shown otherwise: the content must be what the name says, under 10 MB,
a DOCX must not unpack to more than it claims nor carry macros, and HTML or text must carry no script.
A rejected upload raises ValidationError (resending the same file cannot help) and leaves nothing
stored. An accepted one is read exactly as a document inside a filing is (filings.extraction).

Intake is idempotent per organisation: the same bytes (by SHA-256) uploaded again by the same
organisation give back the letter it already has, marked as a duplicate, and store nothing. Another
organisation uploading the same file gets a private letter of its own.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from comments.models import Letter
from comments.services.letters import letter_direction
from comments.services.parsing import letter_parse
from filings.extraction import Extraction, ExtractionError, extract_text, sniff
from filings.forms import LETTER_FORMS
from filings.models import Company
from teams.models import Organisation
from teams.selectors import may_edit

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# A DOCX is a zip: a few KB can unpack to gigabytes. Real letters unpack to well under this.
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_DOCX_RATIO = 200
MAX_DOCX_MEMBERS = 1000

_KIND_BY_SUFFIX = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html", ".txt": "text"}
# Content a name may carry besides its own kind: plain text is harmless HTML.
_ALSO_ACCEPTED = {"html": {"text"}}
_CONTENT_NAMES = {"binary": "binary data", "zip": "a zip archive", "image": "an image", "text": "plain text"}
_ACTIVE_HTML = re.compile(
    rb"<\s*(?:script|iframe|frame|object|embed|applet|form|base|link|meta\s[^>]*http-equiv)\b"
    rb"|<[^>]*\son[a-z]+\s*="
    rb"|(?:javascript|vbscript)\s*:",
    re.I,
)


@dataclass(frozen=True)
class Upload:
    kind: str  # what the name says and the content allows: pdf | docx | html | text
    filename: str
    data: bytes


def _reject(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


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


def upload_validate(*, uploaded_file: File) -> Upload:
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
    actual = sniff(data)
    if actual in ("docx", "zip"):
        _check_docx(data)  # before anything unpacks it; says so when a zip is not a Word document
        actual = "docx"
    if actual != expected and actual not in _ALSO_ACCEPTED.get(expected, ()):
        what = _CONTENT_NAMES.get(actual, actual.upper())
        raise _reject(f"{filename} is named {suffix} but its content is {what}", "wrong_type")
    # Plain text too: markup inside a .txt is not rendered, but nothing should carry it onward.
    if actual in ("html", "text") and _ACTIVE_HTML.search(data):
        raise _reject(
            f"{filename} carries scripts or other active HTML content; upload it as PDF or plain text", "active_content"
        )
    return Upload(kind=expected, filename=filename, data=data)


def _extract(upload: Upload, form_type: str) -> Extraction:
    # The same extraction as a document inside a filing, so a letter reads the same whichever way it came.
    try:
        return extract_text(upload.data, filename=upload.filename, doc_type=form_type)
    except ExtractionError as exc:
        raise _reject(f"{upload.filename}: cannot read text from this file ({exc})", "corrupt") from exc


@dataclass(frozen=True)
class PrivateIntake:
    letter: Letter
    # The organisation had uploaded these very bytes before: `letter` is that letter, and nothing was stored.
    duplicate: bool = False


def private_letter_intake(
    *,
    uploaded_file: File,
    company: Company,
    organisation: Organisation,
    user: User | AnonymousUser | None,
    form_type: str,
) -> PrivateIntake:
    """Store and parse a privately received letter of `organisation` with the same extraction and parser
    as public ones; or give back the one it already has from the same file."""
    if not may_edit(user=user, organisation=organisation):
        raise PermissionDenied(f"Only an editor, approver or admin of {organisation} may upload its private letters.")
    form_type = (form_type or "").upper().strip()
    if form_type not in LETTER_FORMS:
        raise _reject(f"form type must be one of {', '.join(sorted(LETTER_FORMS))}", "bad_form_type")
    upload = upload_validate(uploaded_file=uploaded_file)
    sha256 = hashlib.sha256(upload.data).hexdigest()
    existing = Letter.objects.filter(organisation=organisation, upload_sha256=sha256).first()
    if existing is not None:
        return PrivateIntake(letter=existing, duplicate=True)
    extraction = _extract(upload, form_type)
    if not extraction.text.strip():
        raise _reject(f"{upload.filename} has no text to read (a scanned image?)", "no_text")
    letter = Letter(
        company=company,
        form_type=form_type,
        direction=letter_direction(form_type=form_type),
        is_private=True,
        organisation=organisation,
        upload_sha256=sha256,
        uploaded_by=user if isinstance(user, User) else None,
        original_filename=upload.filename[:255],
        text=extraction.text,
        emphasis=[list(span) for span in extraction.emphasis],
    )
    letter.uploaded_file.save(upload.filename, ContentFile(upload.data), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        # The same file from the same organisation, stored a moment ago by a concurrent upload.
        letter.uploaded_file.delete(save=False)
        existing = Letter.objects.filter(organisation=organisation, upload_sha256=sha256).first()
        if existing is None:
            raise
        return PrivateIntake(letter=existing, duplicate=True)
    except Exception:
        letter.uploaded_file.delete(save=False)  # no row, so no file either
        raise
    # No EDGAR client: an upload answers at once, and references EDGAR holds but we do not wait for ingestion.
    return PrivateIntake(letter=letter_parse(letter=letter))
