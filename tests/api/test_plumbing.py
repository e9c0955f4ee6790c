"""What every endpoint shares: sign-in, permissions, strict filters, cursor pages, throttles, exports."""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date

import openpyxl
import pytest
from rest_framework.test import APIClient

from comments.models import Letter
from tests.api.fixtures import client_for
from tests.api.rows import conversation_make
from tests.comments.factories import company_make, letter_make

pytestmark = pytest.mark.django_db


# --- who may call --------------------------------------------------------------------------------------


def test_it_answers_an_anonymous_call_with_401_and_www_authenticate():
    response = APIClient().get("/api/v1/letters/")
    assert (response.status_code, response["WWW-Authenticate"], response.json()["code"]) == (401, "Token", "not_authenticated")


@pytest.mark.parametrize("path", ["/api/v1/companies/", "/api/v1/filings/", "/api/v1/documents/", "/api/v1/letters/"])
def test_it_lets_anyone_read_public_data_only_when_the_setting_allows(settings, path):
    conversation_make()
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = False
    refused = APIClient().get(path).status_code
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    answered = APIClient().get(path)
    assert (refused, answered.status_code, answered.json()["count"] > 0) == (401, 200, True)


def test_it_shows_anonymous_readers_no_private_letter(settings, member):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    public = conversation_make()
    conversation_make(uploaded_by=member)
    ids = {row["id"] for row in APIClient().get("/api/v1/letters/").json()["results"]}
    assert ids == {public.staff_letter.pk, public.company_letter.pk}


def test_it_never_lets_an_anonymous_caller_upload(settings):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    response = APIClient().post("/api/v1/letters/intake/", {"cik": 1, "form_type": "UPLOAD"}, format="multipart")
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/api/v1/ingestion-runs/", "/api/v1/ingestion-failures/"])
def test_it_shows_ingestion_records_to_staff_only(api, staff_api, path):
    assert (APIClient().get(path).status_code, api.get(path).status_code, staff_api.get(path).status_code) == (401, 403, 200)


def test_it_gives_a_token_for_a_username_and_password_and_takes_it(member):
    token = (
        APIClient()
        .post("/api/v1/auth/token/", {"username": "member", "password": "correct horse battery staple"})
        .json()["token"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/letters/").status_code == 200


def test_it_refuses_a_token_for_a_wrong_password(member):
    response = APIClient().post("/api/v1/auth/token/", {"username": "member", "password": "wrong"})
    assert response.status_code == 400 and "token" not in response.json()


def test_it_takes_a_signed_in_session(client, member):
    client.force_login(member)
    assert client.get("/api/v1/letters/").status_code == 200


# --- strict filters ------------------------------------------------------------------------------------


def test_it_refuses_a_misspelt_parameter_naming_the_allowed_ones(api):
    response = api.get("/api/v1/letters/", {"comitment": "true"})
    body = response.json()
    assert (response.status_code, body["code"]) == (400, "unknown_parameter")
    assert "commitment" in body["comitment"][0] and "letter_date_from" in body["detail"]


def test_it_refuses_a_boolean_it_cannot_read_naming_the_values(api):
    response = api.get("/api/v1/letters/", {"commitment": "maybe"})
    assert (response.status_code, response.json()["commitment"]) == (
        400,
        ["'maybe' is not true or false; use one of: true, false"],
    )


def test_it_refuses_an_unknown_choice_naming_the_choices(api):
    body = api.get("/api/v1/letters/", {"kind": "memo"}).json()
    assert "staff_comment_letter" in body["kind"][0] and body["code"] == "invalid_filter"


def test_it_refuses_an_unknown_topic_naming_the_topics(api):
    body = api.get("/api/v1/staff-comments/", {"topic": "gossip"}).json()
    assert "revenue_recognition" in body["topic"][0]


def test_it_refuses_a_date_it_cannot_read(api):
    response = api.get("/api/v1/letters/", {"letter_date_from": "last tuesday"})
    assert response.status_code == 400 and "letter_date_from" in response.json()


def test_it_refuses_page_numbers_since_lists_page_by_cursor(api):
    assert api.get("/api/v1/letters/", {"page": "2"}).status_code == 400


def test_it_refuses_an_unknown_ordering_naming_the_orderings(api):
    body = api.get("/api/v1/letters/", {"ordering": "company"}).json()
    assert "-letter_date" in body["ordering"][0]


def test_it_takes_true_and_false_as_booleans(api):
    conversation_make()
    counts = [api.get("/api/v1/letters/", {"commitment": value}).json()["count"] for value in ("true", "false")]
    assert counts == [1, 1]


# --- cursor pages --------------------------------------------------------------------------------------


def _walk(client: APIClient, url: str) -> tuple[list[int], str]:
    seen, last = [], url
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        last, url = url, body["next"]
    return seen, last


@pytest.mark.parametrize("ordering", ["-letter_date", "letter_date", "id", "-id"])
def test_it_pages_through_every_letter_once_in_order_with_undated_ones(api, ordering):
    company = company_make()
    dates = [date(2024, 1, 5), None, date(2024, 1, 5), date(2023, 6, 1), None, date(2024, 1, 5), date(2025, 2, 2)]
    letters = [letter_make(company=company, letter_date=d) for d in dates]
    seen, _ = _walk(api, f"/api/v1/letters/?ordering={ordering}&page_size=2")

    def key(letter: Letter):
        # Undated letters sort below every date; the id breaks ties in the same direction.
        return (letter.letter_date is not None, letter.letter_date or date.min, letter.pk)

    by = (lambda letter: letter.pk) if ordering.lstrip("-") == "id" else key
    expected = [letter.pk for letter in sorted(letters, key=by, reverse=ordering.startswith("-"))]
    assert seen == expected


def test_it_pages_back_to_the_rows_it_came_from(api):
    company = company_make()
    for day in range(1, 8):
        letter_make(company=company, letter_date=date(2024, 1, day))
    first = api.get("/api/v1/letters/?page_size=3").json()
    second = api.get(first["next"]).json()
    back = api.get(second["previous"]).json()
    assert ([r["id"] for r in back["results"]], back["previous"], second["count"]) == (
        [r["id"] for r in first["results"]],
        None,
        7,
    )


def test_it_refuses_a_cursor_it_did_not_make(api):
    forged = base64.urlsafe_b64encode(
        json.dumps({"o": "-letter_date", "v": "not a date", "pk": 1, "d": "next"}).encode()
    ).decode()
    response = api.get("/api/v1/letters/", {"cursor": forged})
    assert (response.status_code, response.json()["code"]) == (404, "invalid_cursor")


def test_it_refuses_a_page_size_over_the_limit(api):
    assert api.get("/api/v1/letters/", {"page_size": "1000"}).status_code == 400


# --- throttles -----------------------------------------------------------------------------------------


def test_it_throttles_each_user_on_their_own(settings, member, outsider):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "3/minute"}}
    busy, other = client_for(member), client_for(outsider)
    codes = [busy.get("/api/v1/companies/").status_code for _ in range(4)]
    assert (codes, other.get("/api/v1/companies/").status_code) == ([200, 200, 200, 429], 200)


def test_it_throttles_each_anonymous_address_on_its_own(settings):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": "3/minute", "anon": "2/minute"}}
    client = APIClient()
    codes = [client.get("/api/v1/companies/", REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    # A forged X-Forwarded-For does not make a new address: no proxy is trusted unless configured.
    forged = client.get("/api/v1/companies/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9").status_code
    other = client.get("/api/v1/companies/", REMOTE_ADDR="10.0.0.2").status_code
    assert (codes, forged, other) == ([200, 200, 429], 429, 200)


# --- exports -------------------------------------------------------------------------------------------


def _csv(response) -> list[dict[str, str]]:  # noqa: ANN001
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_it_exports_a_filtered_list_as_csv(api):
    wanted = conversation_make(topics=("non_gaap",))
    conversation_make(topics=("leases",))
    response = api.get("/api/v1/letters/", {"topic": "non_gaap", "format": "csv"})
    rows = _csv(response)
    assert response["Content-Type"].startswith("text/csv") and 'filename="letters.csv"' in response["Content-Disposition"]
    assert sorted(int(row["id"]) for row in rows) == sorted([wanted.staff_letter.pk, wanted.company_letter.pk])


def test_it_exports_every_matching_row_not_one_page(api):
    for _ in range(3):
        conversation_make()
    assert len(_csv(api.get("/api/v1/staff-comments/", {"format": "csv", "page_size": "1"}))) == 6


def test_it_exports_a_list_as_xlsx_with_nested_fields_as_columns(api):
    conversation = conversation_make()
    response = api.get("/api/v1/staff-comments/", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert {"letter.company.cik", "text", "topics"} <= set(header)
    assert sorted(row[header.index("id")] for row in rows) == sorted(c.pk for c in conversation.comments)


def test_it_exports_only_what_the_caller_may_see(api, outsider):
    conversation_make(uploaded_by=outsider)
    assert _csv(api.get("/api/v1/company-responses/", {"format": "csv"})) == []


def test_it_answers_an_export_error_in_json(api):
    response = api.get("/api/v1/letters/", {"format": "csv", "kind": "memo"})
    assert (response.status_code, response["Content-Type"], response.json()["code"]) == (
        400,
        "application/json",
        "invalid_filter",
    )


def test_it_offers_no_export_of_one_object(api):
    conversation = conversation_make()
    assert api.get(f"/api/v1/letters/{conversation.staff_letter.pk}/", {"format": "csv"}).status_code == 404
