"""CSRF on every form: each form that posts carries the token, and each place a form posts to (the
pages' own and the API's, reached with the page's session) refuses a post without it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.api.rows import reviewed_conversation_make
from web.saved_searches import saved_search_create

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
_POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.IGNORECASE | re.DOTALL)


def test_every_form_that_posts_carries_the_csrf_token():
    forms = {
        f"{path.relative_to(TEMPLATES)} #{i}": body
        for path in TEMPLATES.rglob("*.html")
        for i, body in enumerate(_POST_FORM.findall(path.read_text()))
    }
    assert forms, "no form found: the pattern no longer matches the templates"
    assert [name for name, body in forms.items() if "{% csrf_token %}" not in body] == []


@pytest.fixture
def strict(member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def test_it_refuses_every_post_of_the_pages_without_the_token(strict, member, organisation):
    saved = saved_search_create(owner=member, name="Goodwill", query="q=goodwill")
    reviewed = reviewed_conversation_make(uploaded_by=member, organisation=organisation)
    posts = {
        "sign out": ("/sign-out/", {}),
        "save a search": ("/search/saved/", {"name": "Other", "query": "q=segments"}),
        "delete a saved search": (f"/search/saved/{saved.pk}/delete/", {}),
        # The review page's form posts to the API, which takes the page's session only with the token.
        "rethread through the API": ("/api/v1/reviews/rethread/", {"ciks": [reviewed.company.cik]}),
    }
    answers = {name: strict.post(path, data) for name, (path, data) in posts.items()}
    assert {name: a.status_code for name, a in answers.items()} == dict.fromkeys(posts, 403)
    assert "CSRF" in answers["rethread through the API"].json()["detail"]
    assert strict.get("/").context["user"] == member  # still signed in: sign-out was refused too


def test_it_refuses_a_sign_in_without_the_token(member):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "member", "password": "correct horse battery staple"})
    assert response.status_code == 403 and "_auth_user_id" not in client.session
