from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from comments import parser
from comments.models import Acknowledgement, CompanyResponse, Letter, StaffComment
from comments.services import letter_parse, letter_store_parsed, letters_create_for_filing
from filings.models import Document, Filing
from filings.signals import filing_documents_stored
from tests.comments.factories import (
    COMPANY_RESPONSE,
    STAFF_LETTER,
    Comment,
    Parsed,
    Response,
    all_acknowledged,
    assignment_make,
    company_make,
    document_make,
    filing_make,
    letter_make,
)

pytestmark = pytest.mark.django_db


def _store(filing: Filing, captured) -> None:
    with captured(execute=True):
        filing_documents_stored.send(
            sender=Filing, filing_id=filing.pk, accession_number=filing.accession_number, form_type=filing.form_type
        )


def _snapshot(letter: Letter) -> dict:
    return {
        "letter": Letter.objects.filter(pk=letter.pk).values().get(),
        "comments": list(StaffComment.objects.filter(letter=letter).values().order_by("pk")),
        "responses": list(CompanyResponse.objects.filter(letter=letter).values().order_by("pk")),
        "acks": list(Acknowledgement.objects.filter(letter=letter).values().order_by("pk")),
    }


@pytest.fixture
def corresp(django_capture_on_commit_callbacks):
    company = company_make()
    filing = filing_make(company=company, form_type="CORRESP", filing_date=date(2015, 3, 2))
    document_make(filing=filing, text=COMPANY_RESPONSE)
    _store(filing, django_capture_on_commit_callbacks)
    return filing


def test_it_turns_a_stored_corresp_document_into_a_parsed_letter(corresp):
    letter = Letter.objects.get(filing=corresp)
    assert letter.parse_status == Letter.ParseStatus.PARSED
    assert letter.kind == Letter.Kind.COMPANY_RESPONSE
    assert letter.direction == Letter.Direction.COMPANY
    assert letter.letter_date == date(2015, 3, 2)
    assert letter.parser_version == parser.PARSER_VERSION


def test_it_stores_the_responses_of_a_corresp_letter(corresp):
    letter = Letter.objects.get(filing=corresp)
    assert list(letter.responses.values_list("number", flat=True)) == [1, 2]
    assert letter.responses.get(number=1).makes_commitment


def test_it_stores_the_acknowledgements_of_a_corresp_letter(corresp):
    letter = Letter.objects.get(filing=corresp)
    acks = {a.statement: (a.present, a.required) for a in letter.acknowledgements.all()}
    assert acks == dict.fromkeys(("responsibility", "no_foreclosure", "no_defense"), (True, True))


def test_it_stores_the_comments_of_a_staff_letter(django_capture_on_commit_callbacks):
    company = company_make()
    filing = filing_make(company=company, form_type="UPLOAD", filing_date=date(2015, 2, 10))
    document_make(filing=filing, text=STAFF_LETTER, type="LETTER", filename="filename1.pdf")
    _store(filing, django_capture_on_commit_callbacks)
    letter = Letter.objects.get(filing=filing)
    assert letter.kind == Letter.Kind.STAFF_COMMENT_LETTER
    assert [c.number for c in letter.comments.all()] == [1, 2]
    assert letter.comments.get(number=2).text.startswith("Please tell us how you determine")


def test_it_changes_nothing_when_the_pipeline_runs_twice(corresp, django_capture_on_commit_callbacks):
    letter = Letter.objects.get(filing=corresp)
    before = _snapshot(letter)
    _store(corresp, django_capture_on_commit_callbacks)
    assert Letter.objects.filter(filing=corresp).count() == 1
    assert _snapshot(letter) == before


def test_it_reparses_after_a_parser_version_bump_and_keeps_assignments(monkeypatch, django_capture_on_commit_callbacks):
    company = company_make()
    filing = filing_make(company=company, form_type="UPLOAD", filing_date=date(2015, 2, 10))
    document_make(filing=filing, text=STAFF_LETTER, type="LETTER", filename="filename1.pdf")
    _store(filing, django_capture_on_commit_callbacks)
    letter = Letter.objects.get(filing=filing)
    comment = letter.comments.get(number=2)
    assignment = assignment_make(comment=comment)

    monkeypatch.setattr(parser, "PARSER_VERSION", f"{parser.PARSER_VERSION}+bump")
    call_command("reparse_letters", "--outdated")

    letter.refresh_from_db()
    assignment.refresh_from_db()
    assert letter.parser_version.endswith("+bump")
    assert assignment.comment_id == comment.pk
    assert assignment.comment.number == 2 and assignment.comment.in_latest_parse


def test_it_does_not_reparse_a_letter_parsed_by_the_current_version():
    letter = letter_make(company=company_make(), text="x", is_private=True)
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1)]), parser_version=parser.PARSER_VERSION)
    parsed_at = Letter.objects.get(pk=letter.pk).parsed_at
    letter_parse(letter=Letter.objects.get(pk=letter.pk))
    assert Letter.objects.get(pk=letter.pk).parsed_at == parsed_at


def test_it_keeps_assignments_on_comments_that_a_reparse_moves():
    letter = letter_make(company=company_make())
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1, "A"), Comment(2, "B")]))
    second = letter.comments.get(number=2)
    assignment_make(comment=second)
    # The new parse finds an extra comment first; number 2 under heading B is still the same comment.
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1, "Intro"), Comment(1, "A"), Comment(2, "B")]))
    second.refresh_from_db()
    assert (second.position, second.heading, second.workflow_assignments.count()) == (3, "B", 1)


def test_it_keeps_a_vanished_comment_that_has_assignments_outside_the_latest_parse():
    letter = letter_make(company=company_make())
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1), Comment(2)]))
    assignment = assignment_make(comment=letter.comments.get(number=2))
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1)]))
    assignment.refresh_from_db()
    assert (assignment.comment.in_latest_parse, assignment.comment.position) == (False, None)


def test_it_deletes_a_vanished_comment_that_has_no_workflow():
    letter = letter_make(company=company_make())
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1), Comment(2)]))
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1)]))
    assert list(letter.comments.values_list("number", flat=True)) == [1]


def test_it_revives_a_kept_comment_when_a_later_parse_finds_it_again():
    letter = letter_make(company=company_make())
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1), Comment(2)]))
    kept = letter.comments.get(number=2)
    assignment_make(comment=kept)
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1)]))
    letter_store_parsed(letter=letter, parsed=Parsed(comments=[Comment(1), Comment(2)]))
    kept.refresh_from_db()
    assert (kept.in_latest_parse, kept.position) == (True, 2)


def test_it_requires_acknowledgements_from_responses_dated_before_2016_10_05():
    letter = letter_make(company=company_make(), form_type="CORRESP")
    parsed = Parsed(kind="company_response", letter_date=date(2016, 10, 4), acknowledgements=all_acknowledged(False))
    letter_store_parsed(letter=letter, parsed=parsed)
    assert set(letter.acknowledgements.values_list("required", flat=True)) == {True}


def test_it_does_not_require_acknowledgements_from_responses_dated_from_2016_10_05():
    letter = letter_make(company=company_make(), form_type="CORRESP")
    parsed = Parsed(kind="company_response", letter_date=date(2016, 10, 5), acknowledgements=all_acknowledged(False))
    letter_store_parsed(letter=letter, parsed=parsed)
    assert set(letter.acknowledgements.values_list("required", flat=True)) == {False}


def test_it_makes_one_letter_per_letter_document_and_skips_images_and_the_text_extract():
    company = company_make()
    filing = filing_make(company=company, form_type="UPLOAD")
    letter_doc = document_make(filing=filing, text=STAFF_LETTER, type="LETTER", filename="filename1.pdf")
    document_make(filing=filing, text=STAFF_LETTER, sequence=2, type="TEXT-EXTRACT", filename="filename2.txt")
    document_make(
        filing=filing, text="", sequence=3, type="GRAPHIC", filename="logo.jpg", status=Document.ExtractionStatus.SKIPPED
    )
    letters = letters_create_for_filing(filing_id=filing.pk)
    assert [letter.document_id for letter in letters] == [letter_doc.pk]


def test_it_reads_the_text_extract_when_the_pdf_gave_no_text():
    company = company_make()
    filing = filing_make(company=company, form_type="UPLOAD")
    document_make(filing=filing, text="", type="LETTER", filename="filename1.pdf", status=Document.ExtractionStatus.FAILED)
    extract = document_make(filing=filing, text=STAFF_LETTER, sequence=2, type="TEXT-EXTRACT", filename="filename2.txt")
    letters = letters_create_for_filing(filing_id=filing.pk)
    assert [letter.document_id for letter in letters] == [extract.pk]


def test_it_makes_no_letter_for_a_filing_that_is_not_correspondence():
    filing = filing_make(company=company_make(), form_type="10-K")
    document_make(filing=filing, text="Annual report")
    assert letters_create_for_filing(filing_id=filing.pk) == []


def test_it_marks_a_letter_without_text_as_failed_and_says_why():
    filing = filing_make(company=company_make(), form_type="UPLOAD")
    document_make(filing=filing, text="", type="LETTER", filename="filename1.pdf", status=Document.ExtractionStatus.FAILED)
    letter = letter_parse(letter=letters_create_for_filing(filing_id=filing.pk)[0])
    assert letter.parse_status == Letter.ParseStatus.FAILED
    assert "no text" in letter.parse_error


def test_it_keeps_response_rows_when_a_reparse_changes_their_text():
    letter = letter_make(company=company_make(), form_type="CORRESP")
    letter_store_parsed(letter=letter, parsed=Parsed(kind="company_response", responses=[Response(1), Response(2)]))
    ids = list(letter.responses.values_list("pk", flat=True))
    letter_store_parsed(letter=letter, parsed=Parsed(kind="company_response", responses=[Response(1, text="New"), Response(2)]))
    assert list(letter.responses.values_list("pk", flat=True)) == ids


def test_it_reparses_even_current_letters_with_all():
    letter = letter_make(company=company_make(), is_private=True, text=STAFF_LETTER)
    letter_parse(letter=letter)
    parsed_at = Letter.objects.get(pk=letter.pk).parsed_at
    call_command("reparse_letters", "--all")
    assert Letter.objects.get(pk=letter.pk).parsed_at > parsed_at


def test_it_ignores_stored_filings_that_are_not_correspondence(django_capture_on_commit_callbacks):
    filing = filing_make(company=company_make(), form_type="10-K")
    document_make(filing=filing, text=STAFF_LETTER)
    _store(filing, django_capture_on_commit_callbacks)
    assert not Letter.objects.exists()
