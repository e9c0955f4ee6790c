from __future__ import annotations

import html
import io
import zipfile
from datetime import date

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from comments.models import Letter
from comments.services import filing_letters_process, private_letter_intake
from comments.services.intake import MAX_UPLOAD_BYTES
from teams.models import Membership, Organisation, Role
from tests.comments.factories import STAFF_LETTER, company_make, document_make, filing_make

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def user():
    user = get_user_model().objects.create_user("paralegal", password="x")
    # Private letters belong to an organisation; a paralegal of the company's reporting team is an editor of it.
    team = Organisation.objects.create(name="Acme reporting", slug="acme-reporting")
    Membership.objects.create(user=user, organisation=team, role=Role.EDITOR)
    return user


def _docx(text: str) -> bytes:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _html(text: str, extra: str = "") -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n"))
    return f"<html><head>{extra}</head><body>{paragraphs}</body></html>".encode()


def _intake(name: str, data: bytes, company, user, form_type: str = "UPLOAD") -> Letter:
    return private_letter_intake(
        uploaded_file=SimpleUploadedFile(name, data),
        company=company,
        organisation=user.memberships.get().organisation,
        user=user,
        form_type=form_type,
    ).letter


def _stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


@pytest.mark.parametrize(
    "name,make",
    [("letter.txt", lambda t: t.encode()), ("letter.html", _html), ("letter.docx", _docx)],
    ids=["txt", "html", "docx"],
)
def test_it_parses_a_private_letter_like_a_public_one(name, make, user):
    letter = _intake(name, make(STAFF_LETTER), company_make(), user)
    assert (letter.is_private, letter.parse_status, letter.uploaded_by) == (True, Letter.ParseStatus.PARSED, user)
    assert [c.number for c in letter.comments.all()] == [1, 2]


def test_it_keeps_the_upload_under_private_letters(user, media):
    letter = _intake("letter.txt", STAFF_LETTER.encode(), company_make(), user)
    assert letter.uploaded_file.name.startswith("private-letters/")
    assert (media / letter.uploaded_file.name).read_bytes() == STAFF_LETTER.encode()


def test_it_links_a_private_letter_to_its_public_twin_when_that_is_ingested(user):
    company = company_make()
    private = _intake("letter.txt", STAFF_LETTER.encode(), company, user)
    filing = filing_make(company=company, form_type="UPLOAD", filing_date=date(2015, 2, 10))
    document_make(filing=filing, text=STAFF_LETTER, type="LETTER", filename="filename1.pdf")
    [public] = filing_letters_process(filing_id=filing.pk)
    private.refresh_from_db()
    assert private.public_twin_id == public.pk


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    return out.getvalue()


def _with_macros(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member, source.read(member))
        archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


HOSTILE = {
    "pdf named txt": ("letter.txt", b"%PDF-1.7\n1 0 obj<<>>endobj\n"),
    "executable named pdf": ("letter.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
    "html with script": ("letter.html", _html(STAFF_LETTER, "<script>alert(1)</script>")),
    "html with event handler": ("letter.htm", b'<html><body><img src=x onerror="alert(1)"><p>Dear Sir</p></body></html>'),
    "html named txt": ("letter.txt", _html(STAFF_LETTER)),
    "zip bomb docx": ("letter.docx", _zip_bomb()),
    "zip that is not a docx": ("letter.docx", (lambda: (b := io.BytesIO(), zipfile.ZipFile(b, "w").close(), b.getvalue())[2])()),
    "text with script": ("letter.txt", STAFF_LETTER.encode() + b"\n<script>alert(1)</script>\n"),
    "docx with macros": ("letter.docx", _with_macros(_docx(STAFF_LETTER))),
    "oversized": ("letter.txt", b"a" * (MAX_UPLOAD_BYTES + 1)),
    "empty": ("letter.txt", b"  \n"),
    "unsupported extension": ("letter.exe", b"hello"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_it_rejects_a_hostile_upload_and_stores_nothing(case, user, media):
    name, data = HOSTILE[case]
    with pytest.raises(ValidationError):
        _intake(name, data, company_make(), user)
    assert (Letter.objects.count(), _stored_files(media)) == (0, [])


def test_it_says_why_an_upload_was_rejected(user):
    with pytest.raises(ValidationError, match="named .txt but its content is PDF"):
        _intake("letter.txt", b"%PDF-1.7\n", company_make(), user)


def test_it_takes_an_html_upload_that_is_plain_text(user):
    letter = _intake("letter.html", STAFF_LETTER.replace("\n\n", "<br><br>").encode(), company_make(), user)
    assert letter.parse_status == Letter.ParseStatus.PARSED and [c.number for c in letter.comments.all()] == [1, 2]
