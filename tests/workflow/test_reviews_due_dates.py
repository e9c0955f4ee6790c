"""`manage.py reviews --json` says, on every staff comment letter, when its answer was due and when it came."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Letter
from comments.services.deadlines import staff_letter_deadlines
from tests.comments.factories import company_make
from tests.comments.test_reviews import ANSWERS, FIRST_ROUND, company_response, staff_letter, store
from tests.workflow.letters import extension_request_text

pytestmark = pytest.mark.django_db


def reviews_json(capsys, cik: int) -> list[dict]:
    call_command("reviews", "--cik", str(cik), "--json")
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def staff_rows(rows: list[dict]) -> list[dict]:
    return [letter for row in rows for letter in row["letters"] if letter["kind"] == "staff_comment_letter"]


def test_it_gives_each_staff_comment_letter_its_due_date_and_the_date_it_was_answered(capsys):
    company = company_make(cik=4400001)
    store(company, "UPLOAD", staff_letter(date(2024, 12, 20), FIRST_ROUND), date(2024, 12, 20))
    store(
        company,
        "CORRESP",
        company_response(date(2025, 1, 7), date(2024, 12, 20), list(zip(FIRST_ROUND, ANSWERS))),
        date(2025, 1, 7),
    )

    (row,) = staff_rows(reviews_json(capsys, 4400001))

    assert (row["response_due"], row["responded_on"]) == ("2025-01-08", "2025-01-07")


def test_an_answer_after_the_due_date_shows_as_late(capsys):
    company = company_make(cik=4400002)
    store(company, "UPLOAD", staff_letter(date(2024, 12, 20), FIRST_ROUND), date(2024, 12, 20))
    store(
        company,
        "CORRESP",
        company_response(date(2025, 1, 14), date(2024, 12, 20), list(zip(FIRST_ROUND, ANSWERS))),
        date(2025, 1, 14),
    )

    (row,) = staff_rows(reviews_json(capsys, 4400002))

    assert row["responded_on"] > row["response_due"] == "2025-01-08"


def test_an_extension_request_moves_the_due_date(capsys):
    company = company_make(cik=4400003)
    staff = store(company, "UPLOAD", staff_letter(date(2024, 12, 20), FIRST_ROUND), date(2024, 12, 20))
    request = store(
        company, "CORRESP", extension_request_text(date(2024, 12, 30), date(2024, 12, 20), date(2025, 1, 17)), date(2024, 12, 30)
    )
    store(
        company,
        "CORRESP",
        company_response(date(2025, 1, 16), date(2024, 12, 20), list(zip(FIRST_ROUND, ANSWERS))),
        date(2025, 1, 16),
    )
    assert request.kind == Letter.Kind.EXTENSION_REQUEST and request.responds_to_id == staff.pk

    (row,) = staff_rows(reviews_json(capsys, 4400003))

    assert (row["response_due"], row["responded_on"]) == ("2025-01-17", "2025-01-16")


def test_an_unanswered_letter_has_no_responded_on(capsys):
    company = company_make(cik=4400004)
    store(company, "UPLOAD", staff_letter(date(2024, 12, 20), FIRST_ROUND), date(2024, 12, 20))

    (row,) = staff_rows(reviews_json(capsys, 4400004))

    assert (row["response_due"], row["responded_on"]) == ("2025-01-08", None)


def test_other_letters_carry_no_due_date(capsys):
    company = company_make(cik=4400005)
    store(company, "UPLOAD", staff_letter(date(2024, 12, 20), FIRST_ROUND), date(2024, 12, 20))
    store(
        company,
        "CORRESP",
        company_response(date(2025, 1, 7), date(2024, 12, 20), list(zip(FIRST_ROUND, ANSWERS))),
        date(2025, 1, 7),
    )

    letters = [letter for row in reviews_json(capsys, 4400005) for letter in row["letters"]]

    assert [("response_due" in letter) for letter in letters] == [True, False]


def test_deadlines_take_the_same_queries_however_many_letters():
    company = company_make()
    letters = [
        store(company, "UPLOAD", staff_letter(when, FIRST_ROUND), when)
        for when in (date(2022, 3, 1), date(2023, 3, 1), date(2024, 3, 1))
    ]
    staff_letter_deadlines(letters=letters[:1])  # the admin's closures are read once per process, then cached
    with CaptureQueriesContext(connection) as one:
        staff_letter_deadlines(letters=letters[:1])
    with CaptureQueriesContext(connection) as three:
        assert len(staff_letter_deadlines(letters=letters)) == 3
    assert len(three.captured_queries) == len(one.captured_queries) == 3
