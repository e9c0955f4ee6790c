from __future__ import annotations

from datetime import date

import pytest

from comments.models import Letter
from comments.services import letter_store_parsed, private_letter_link_twin, references_resolve, response_link
from comments.services.linking import references_answered_by, staff_letter_answers_relink
from tests.comments.factories import (
    Comment,
    Parsed,
    Reference,
    Response,
    company_make,
    filing_make,
    letter_make,
)

pytestmark = pytest.mark.django_db


def _staff(company, when: date, numbers=(1, 2), **fields) -> Letter:
    letter = letter_make(company=company, form_type="UPLOAD", **fields)
    comments = [Comment(n, text=f"Comment {n} of {when}") for n in numbers]
    return letter_store_parsed(letter=letter, parsed=Parsed(letter_date=when, comments=comments))


def _answer(company, when: date, responds_to: date | None, numbers=(1, 2)) -> Letter:
    letter = letter_make(company=company, form_type="CORRESP")
    parsed = Parsed(
        kind="company_response",
        letter_date=when,
        responds_to_letter_date=responds_to,
        responses=[Response(n) for n in numbers],
    )
    return letter_store_parsed(letter=letter, parsed=parsed)


def test_it_links_each_response_to_the_comment_it_answers():
    company = company_make()
    _staff(company, date(2024, 1, 10))
    staff = _staff(company, date(2024, 3, 1))
    answer = _answer(company, date(2024, 3, 20), responds_to=date(2024, 3, 1))
    response_link(letter=answer)
    linked = {r.number: r.comment_id for r in answer.responses.all()}
    assert linked == {c.number: c.pk for c in staff.comments.all()}


def test_it_falls_back_to_the_latest_earlier_staff_letter_when_no_date_is_named():
    company = company_make()
    _staff(company, date(2024, 1, 10))
    latest = _staff(company, date(2024, 3, 1))
    _staff(company, date(2024, 4, 1))  # after the answer: cannot be what it answers
    answer = _answer(company, date(2024, 3, 20), responds_to=None)
    response_link(letter=answer)
    assert Letter.objects.get(pk=answer.pk).responds_to_id == latest.pk


def test_it_finds_the_staff_letter_by_its_upload_filing_date():
    company = company_make()
    filing = filing_make(company=company, form_type="UPLOAD", filing_date=date(2024, 3, 1))
    staff = _staff(company, None, filing=filing)
    answer = _answer(company, date(2024, 3, 20), responds_to=date(2024, 3, 1))
    response_link(letter=answer)
    assert Letter.objects.get(pk=answer.pk).responds_to_id == staff.pk


def test_it_does_not_link_a_response_whose_number_the_staff_letter_lacks():
    company = company_make()
    _staff(company, date(2024, 3, 1), numbers=(1,))
    answer = _answer(company, date(2024, 3, 20), responds_to=date(2024, 3, 1), numbers=(1, 5))
    response_link(letter=answer)
    assert answer.responses.get(number=5).comment_id is None


def test_it_links_earlier_answers_when_the_staff_letter_is_stored_after_them():
    company = company_make()
    answer = _answer(company, date(2024, 3, 20), responds_to=date(2024, 3, 1))
    response_link(letter=answer)
    staff = _staff(company, date(2024, 3, 1))
    staff_letter_answers_relink(letter=staff)
    assert answer.responses.get(number=2).comment == staff.comments.get(number=2)


def test_it_moves_an_answer_to_a_later_staff_letter_stored_after_it():
    # Parsed in the order answer, older letter, newer letter, the answer ends where it would had all three been
    # stored first: on the latest staff letter before it.
    company = company_make()
    older = _staff(company, date(2024, 1, 10))
    answer = _answer(company, date(2024, 3, 20), responds_to=None)
    response_link(letter=answer)
    assert Letter.objects.get(pk=answer.pk).responds_to_id == older.pk
    newer = _staff(company, date(2024, 3, 1))
    staff_letter_answers_relink(letter=newer)
    assert Letter.objects.get(pk=answer.pk).responds_to_id == newer.pk
    assert answer.responses.get(number=1).comment == newer.comments.get(number=1)


def test_a_staff_letter_after_an_answer_leaves_it_alone():
    company = company_make()
    staff = _staff(company, date(2024, 1, 10))
    answer = _answer(company, date(2024, 3, 20), responds_to=None)
    response_link(letter=answer)
    later = _staff(company, date(2024, 4, 1))
    staff_letter_answers_relink(letter=later)
    assert Letter.objects.get(pk=answer.pk).responds_to_id == staff.pk


def test_a_filing_another_letter_brings_resolves_a_reference_named_before_it_was_here():
    # Parsed in the order answer, staff letter: the answer names a draft registration statement by the date it
    # was submitted before any letter had brought that filing here. The staff letter's filing under review is
    # that draft, and the answer's reference then points at it, as a re-parse of the answer would.
    company = company_make()
    answer = letter_make(company=company, form_type="CORRESP")
    named = Parsed(kind="company_response", referenced_filings=[Reference("DRS", filed=date(2023, 2, 13))])
    letter_store_parsed(letter=answer, parsed=named)
    references_resolve(letter=answer)
    assert answer.references.get().filing is None
    draft = filing_make(company=company, form_type="DRS", filing_date=date(2023, 2, 13))
    filing_make(company=company, form_type="10-K", filing_date=date(2023, 2, 13))  # brought too, but not a draft
    staff = letter_make(company=company, form_type="UPLOAD", subject_filing=draft)
    assert references_answered_by(letter=staff) == 1
    assert answer.references.get().filing == draft
    assert references_answered_by(letter=staff) == 0  # nothing left waiting


def test_it_resolves_a_reference_by_cik_form_and_period():
    company = company_make()
    ten_k = filing_make(company=company, form_type="10-K", filing_date=date(2024, 2, 2), period_of_report=date(2023, 12, 31))
    filing_make(company=company, form_type="10-Q", filing_date=date(2024, 5, 2), period_of_report=date(2024, 3, 31))
    letter = letter_make(company=company)
    letter_store_parsed(letter=letter, parsed=Parsed(referenced_filings=[Reference("10-K", period_end=date(2023, 12, 31))]))
    references_resolve(letter=letter)
    assert letter.references.get().filing == ten_k


def test_it_leaves_a_reference_unresolved_when_no_filing_matches():
    company = company_make()
    filing_make(company=company, form_type="10-K", filing_date=date(2024, 2, 2), period_of_report=date(2023, 12, 31))
    letter = letter_make(company=company)
    letter_store_parsed(letter=letter, parsed=Parsed(referenced_filings=[Reference("10-K", period_end=date(2022, 12, 31))]))
    references_resolve(letter=letter)
    assert letter.references.get().filing is None


def test_it_resolves_the_filing_under_review_by_public_reference_accession_number():
    company = company_make()
    ten_k = filing_make(company=company, form_type="10-K", accession_number="0000123456-24-000010")
    upload = filing_make(company=company, form_type="UPLOAD", public_reference_accession="0000123456-24-000010")
    letter = letter_make(company=company, filing=upload)
    # No period or date in the Re: block: only the header can name the filing.
    letter_store_parsed(letter=letter, parsed=Parsed(referenced_filings=[Reference("10-K")]))
    references_resolve(letter=letter)
    letter.refresh_from_db()
    assert (letter.subject_filing, letter.references.get().filing) == (ten_k, ten_k)


def test_it_links_a_private_letter_and_its_public_twin_both_ways():
    company = company_make()
    private = _staff(company, date(2024, 3, 1), is_private=True)
    public = _staff(company, date(2024, 3, 1))
    assert private_letter_link_twin(letter=public) == private
    private.refresh_from_db()
    public.refresh_from_db()
    assert (private.public_twin, list(public.private_twins.all())) == (public, [private])


def test_it_does_not_link_twins_whose_comment_counts_differ():
    company = company_make()
    _staff(company, date(2024, 3, 1), numbers=(1, 2, 3), is_private=True)
    public = _staff(company, date(2024, 3, 1))
    assert private_letter_link_twin(letter=public) is None
