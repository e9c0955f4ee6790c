"""The admin's actions: export what is selected as CSV (in words, never a formula, only what the user may
see), re-thread letters into reviews from letters or companies, and keep the writes from read-only users."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model

from comments.models import Letter, Review
from filings.models import Company
from teams.models import Role
from tests.api.rows import conversation_make
from tests.comments.factories import company_make
from tests.teams.factories import member_make, organisation_make

pytestmark = pytest.mark.django_db

FORMULA_NAME = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def rows(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    company = company_make(cik=5_500_001, name=FORMULA_NAME)
    Company.objects.filter(pk=company.pk).update(tickers=["EVL", "EVL.W"], fiscal_year_end="0630")
    public = conversation_make(company=company, when=date(2019, 4, 2), topics=("mdna", "non_gaap"))
    organisation = organisation_make(name="Team A")
    private = conversation_make(company=company, organisation=organisation, when=date(2024, 5, 6))
    return {
        "company": company,
        "public": public,
        "private": private,
        "superuser": get_user_model().objects.create_superuser("operator", "operator@example.com", "x"),
        "team_a": member_make(organisation=organisation, role=Role.ADMIN, staff=True),
        "team_b": member_make(organisation=organisation_make(name="Team B"), role=Role.ADMIN, staff=True),
    }


def _export(client, url: str, ids=None) -> list[dict[str, str]]:  # noqa: ANN001
    body = {"action": "export_selected_as_csv", "_selected_action": ids or [0]}
    if ids is None:
        body["select_across"] = "1"  # "select all N", as a person does
    response = client.post(url, body)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), response.content[:300]
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_it_exports_the_selected_letters_in_words_with_formulas_made_text(client, rows):
    client.force_login(rows["superuser"])
    public = rows["public"]
    exported = _export(client, "/admin/comments/letter/", [public.staff_letter.pk])
    assert len(exported) == 1
    [row] = exported
    assert row["Company"] == "'" + FORMULA_NAME
    assert row["Letter date"] == "2019-04-02" and row["Kind"] == "Staff comment letter" and row["Parse status"] == "Parsed"
    assert row["Topics"] == "MD&A, Non-GAAP measures"
    assert row["On EDGAR"].startswith("https://www.sec.gov/Archives/edgar/data/5500001/")


def test_it_exports_only_the_letters_the_user_may_see(client, rows):
    everyone = {rows["public"].staff_letter.pk, rows["public"].company_letter.pk}
    theirs = {rows["private"].staff_letter.pk, rows["private"].company_letter.pk}
    for who, expected in [("superuser", everyone | theirs), ("team_a", everyone | theirs), ("team_b", everyone)]:
        client.force_login(rows[who])
        exported = _export(client, "/admin/comments/letter/")
        dates = sorted(row["Letter date"] for row in exported)
        assert dates == sorted(Letter.objects.get(pk=pk).letter_date.isoformat() for pk in expected), who
    # Naming another organisation's letter by id does not export it either.
    client.force_login(rows["team_b"])
    assert _export(client, "/admin/comments/letter/", [rows["private"].staff_letter.pk]) == []


def test_it_exports_companies_with_their_tickers_and_fiscal_year_end_in_words(client, rows):
    client.force_login(rows["superuser"])
    [row] = _export(client, "/admin/filings/company/", [rows["company"].pk])
    assert row["Tickers"] == "EVL, EVL.W" and row["Fiscal year end"] == "June 30" and row["Name"] == "'" + FORMULA_NAME


def test_it_exports_reviews(client, rows):
    client.force_login(rows["superuser"])
    _rethread(client, "/admin/comments/letter/", [rows["public"].staff_letter.pk])
    exported = _export(client, "/admin/comments/review/")
    assert {row["Status"] for row in exported} <= set(Review.Status.labels)
    assert "10-K" in {row["Subject form"] for row in exported}
    assert {row["Company name"] for row in exported} == {"'" + FORMULA_NAME}  # the company's whole name, made text


def _rethread(client, url: str, ids: list[int]):  # noqa: ANN001, ANN202
    action = "rethread_selected"
    return client.post(url, {"action": action, "_selected_action": ids}, follow=True)


@pytest.mark.parametrize("url,selected", [("/admin/comments/letter/", "letter"), ("/admin/filings/company/", "company")])
def test_it_rethreads_from_the_letters_or_the_companies_list(client, rows, url, selected):
    client.force_login(rows["superuser"])
    assert not Review.objects.exists()
    ids = [rows["public"].staff_letter.pk] if selected == "letter" else [rows["company"].pk]
    response = _rethread(client, url, ids)
    assert response.status_code == 200 and "Re-threaded" in response.content.decode()
    assert Letter.objects.get(pk=rows["public"].staff_letter.pk).review is not None


def test_it_offers_the_writing_actions_only_to_those_who_may_change_letters(client, rows):
    client.force_login(rows["team_a"])  # an organisation's admin reads letters in the admin; it does not rewrite them
    offered = {name for name, _ in client.get("/admin/comments/letter/").context["action_form"].fields["action"].choices}
    assert "export_selected_as_csv" in offered and not offered & {"reparse_selected", "rethread_selected", "delete_selected"}
    response = client.post(
        "/admin/comments/letter/", {"action": "reparse_selected", "_selected_action": [rows["public"].staff_letter.pk]}
    )
    assert Letter.objects.get(pk=rows["public"].staff_letter.pk).parsed_at is None
    assert response.status_code in (200, 302)
    reviews = {name for name, _ in client.get("/admin/comments/review/").context["action_form"].fields["action"].choices}
    assert "rethread_companies" not in reviews
