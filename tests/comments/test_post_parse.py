"""The one step after a parse, taken alike by ingestion, intake, the admin's re-parse and the command."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.shared import OxmlElement, qn

from comments.models import Letter
from comments.services import (
    filing_letters_process,
    letter_parse,
    letter_store_parsed,
    letter_text,
    letters_create_for_filing,
    letters_reparse_all,
    linking,
    private_letter_intake,
)
from comments.signals import letter_parsed
from filings.services import document_extract, document_store
from teams.models import Membership, Organisation, Role
from tests.comments.factories import (
    COMPANY_RESPONSE,
    STAFF_LETTER,
    Comment,
    Parsed,
    company_make,
    document_make,
    filing_make,
    letter_make,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def user():
    user = get_user_model().objects.create_user("paralegal", password="x")
    # Private letters belong to an organisation; a paralegal of the company's reporting team is an editor of it.
    team = Organisation.objects.create(name="Acme reporting", slug="acme-reporting")
    Membership.objects.create(user=user, organisation=team, role=Role.EDITOR)
    return user


def _hyperlink(paragraph, text: str, url: str) -> None:
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
    run = OxmlElement("w:r")
    words = OxmlElement("w:t")
    words.text = text
    run.append(words)
    link.append(run)
    paragraph._p.append(link)


def _company_response_docx() -> bytes:
    """COMPANY_RESPONSE as Word writes it: restated comments in bold italics, blank paragraphs for
    spacing, a soft line break after trailing spaces, and a hyperlink."""
    document = docx.Document()
    for paragraph in COMPANY_RESPONSE.split("\n\n"):
        if paragraph[:2] in ("1.", "2."):
            run = document.add_paragraph().add_run(paragraph)
            run.italic = run.bold = True
        elif paragraph.startswith("Response:"):
            first, _, rest = paragraph.partition(". ")
            body = document.add_paragraph()
            body.add_run("Response:").bold = True
            body.add_run(first.removeprefix("Response:") + ".   ").add_break()
            body.add_run(rest)
        else:
            document.add_paragraph(paragraph)
        document.add_paragraph("")
    _hyperlink(document.add_paragraph("Our filings are at "), "www.acme.example/investors", "https://www.acme.example/investors")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_it_reads_a_docx_the_same_through_intake_and_inside_a_filing(user):
    data = _company_response_docx()
    company = company_make()
    private = private_letter_intake(
        uploaded_file=SimpleUploadedFile("response.docx", data),
        company=company,
        organisation=user.memberships.get().organisation,
        user=user,
        form_type="CORRESP",
    ).letter
    filing = filing_make(company=company, form_type="CORRESP")
    draft = document_extract(filing=filing, sequence=1, type="CORRESP", filename="response.docx", description="", content=data)
    document_store(filing=filing, draft=draft)
    [public] = filing_letters_process(filing_id=filing.pk)

    (text, emphasis), (public_text, public_emphasis) = letter_text(letter=private), letter_text(letter=public)
    assert (text, emphasis) == (public_text, public_emphasis)
    restated = "1. Please quantify the effect of the price increase on net sales for each period presented."
    start = text.index(restated)
    assert {kind for s, e, kind in emphasis if (s, e) == (start, start + len(restated))} == {"i", "b"}
    assert "\n\n\n" not in text and "www.acme.example/investors" in text
    public.refresh_from_db()
    assert list(private.responses.values_list("number", "restated_comment")) == list(
        public.responses.values_list("number", "restated_comment")
    )


# --- a re-parse leaves the twin link as a first parse would ------------------------------------------


def _reparse_in_admin(client, letter: Letter) -> None:
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "x"))
    response = client.post("/admin/comments/letter/", {"action": "reparse_selected", "_selected_action": [letter.pk]})
    assert response.status_code == 302


REPARSE_PATHS = {
    "admin action": _reparse_in_admin,
    "command": lambda client, letter: call_command("reparse_letters", "--all"),
    "letters_reparse_all": lambda client, letter: letters_reparse_all(),
}


def _private_and_public(user) -> tuple[Letter, Letter]:
    company = company_make()
    private = private_letter_intake(
        uploaded_file=SimpleUploadedFile("letter.txt", STAFF_LETTER.encode()),
        company=company,
        organisation=user.memberships.get().organisation,
        user=user,
        form_type="UPLOAD",
    ).letter
    filing = filing_make(company=company, form_type="UPLOAD", filing_date=date(2015, 2, 10))
    document_make(filing=filing, text=STAFF_LETTER, type="LETTER", filename="filename1.pdf")
    [public] = letters_create_for_filing(filing_id=filing.pk)
    return private, public


@pytest.mark.parametrize("path", list(REPARSE_PATHS), ids=list(REPARSE_PATHS))
def test_it_keeps_the_twin_link_through_a_reparse(path, client, user):
    private, public = _private_and_public(user)
    filing_letters_process(filing_id=public.filing_id)
    REPARSE_PATHS[path](client, private)
    private.refresh_from_db()
    assert private.public_twin_id == public.pk


@pytest.mark.parametrize("path", list(REPARSE_PATHS), ids=list(REPARSE_PATHS))
def test_it_makes_the_twin_link_in_a_reparse_after_the_public_twin_appears(path, client, user):
    private, public = _private_and_public(user)
    # The public copy's first parse found a comment too many (an older parser), so no twin then.
    letter_store_parsed(
        letter=public, parsed=Parsed(letter_date=date(2015, 2, 10), comments=[Comment(1), Comment(2), Comment(3)])
    )
    assert not Letter.objects.filter(public_twin=public).exists()
    REPARSE_PATHS[path](client, public)
    private.refresh_from_db()
    assert private.public_twin_id == public.pk


def test_it_unlinks_twins_that_a_reparse_tells_apart(user):
    private, public = _private_and_public(user)
    filing_letters_process(filing_id=public.filing_id)
    Letter.objects.filter(pk=private.pk).update(text=STAFF_LETTER.replace("February 10, 2015", "February 11, 2015"))
    letter_parse(letter=Letter.objects.get(pk=private.pk), force=True)
    private.refresh_from_db()
    assert private.public_twin_id is None


# --- references once; the signal on commit -----------------------------------------------------------


def test_it_resolves_each_reference_once_per_parse(monkeypatch):
    calls = []
    monkeypatch.setattr(linking, "filing_reference_resolve", lambda **kwargs: calls.append(kwargs) and None)
    client = object()  # stands in for an EdgarClient: the stub above never uses it
    company = company_make()
    filing = filing_make(company=company, form_type="UPLOAD", filing_date=date(2015, 2, 10))
    document_make(filing=filing, text=STAFF_LETTER, type="LETTER", filename="filename1.pdf")
    filing_letters_process(filing_id=filing.pk, client=client)
    assert [(c["form"], c["filed"], c["client"]) for c in calls] == [("10-K", date(2015, 2, 2), client)]


def test_it_announces_a_stored_parse_once_the_transaction_commits(django_capture_on_commit_callbacks):
    heard = []

    def receiver(sender, *, letter_id, parser_version, **kwargs):
        heard.append((letter_id, parser_version))

    letter_parsed.connect(receiver, weak=False, dispatch_uid="test-listener")
    try:
        letter = letter_make(company=company_make(), is_private=True, text=STAFF_LETTER)
        with django_capture_on_commit_callbacks(execute=True):
            letter_parse(letter=letter)
            assert heard == []  # not before the commit
    finally:
        letter_parsed.disconnect(dispatch_uid="test-listener")
    assert heard == [(letter.pk, Letter.objects.get(pk=letter.pk).parser_version)]
