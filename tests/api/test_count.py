"""`count` on every list: exact up to a limit, so a first page never counts a million rows; exact on request."""

from __future__ import annotations

from datetime import date

import pytest

from comments.models import Letter
from config.api_pagination import KeysetCursorPagination
from tests.comments.factories import company_make, letter_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_letters():
    company = company_make()
    return [letter_make(company=company, letter_date=date(2024, 1, i + 1)) for i in range(5)]


@pytest.fixture
def limit_of_three(monkeypatch):
    monkeypatch.setattr(KeysetCursorPagination, "count_limit", 3)


def test_it_counts_every_row_when_fewer_than_the_limit_match(api, five_letters):
    body = api.get("/api/v1/letters/").json()
    assert (body["count"], body["count_exact"]) == (5, True)


def test_it_stops_counting_at_the_limit_and_says_so(api, five_letters, limit_of_three):
    body = api.get("/api/v1/letters/", {"page_size": 2}).json()
    assert (body["count"], body["count_exact"], len(body["results"])) == (3, False, 2)


def test_it_counts_every_row_when_asked_for_the_exact_count(api, five_letters, limit_of_three):
    body = api.get("/api/v1/letters/", {"count": "exact"}).json()
    assert (body["count"], body["count_exact"]) == (Letter.objects.count(), True)


def test_it_refuses_a_count_it_does_not_know(api):
    response = api.get("/api/v1/letters/", {"count": "estimate"})
    assert (response.status_code, "exact" in response.json()["count"][0]) == (400, True)


def test_it_counts_search_hits_up_to_the_limit(api, limit_of_three):
    company = company_make()
    for i in range(5):
        letter_make(company=company, is_private=False, text=f"Goodwill question {i}.")
    body = api.get("/api/v1/search/", {"q": "goodwill"}).json()
    assert (body["count"], body["count_exact"]) == (3, False)
