"""The command, the API endpoints and the review page's panel: each answers what the search finds, keeps a
private letter to its organisation, and refuses an empty or huge query with a reason."""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from comments.models import StaffComment
from precedents.text import MAX_QUERY_CHARS
from tests.api.fixtures import client_for
from tests.precedents.rows import GOODWILL_QUERY, precedent_corpus_make, private_conversation_make
from workflow.models import Draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed(settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the embedded default: no broker
    corpus = precedent_corpus_make()
    settings.PRECEDENTS_DIMENSIONS = 8
    call_command("precedents_index", stdout=io.StringIO())
    return corpus


@pytest.fixture
def secret(indexed, organisation, member):
    """A private comment of `organisation` that says exactly what GOODWILL_QUERY asks; indexed on parse."""
    private = private_conversation_make(organisation=organisation, member=member, text=GOODWILL_QUERY)
    call_command("precedents_index", stdout=io.StringIO())
    return private.comments[0]


def _command(**options) -> dict:
    out = io.StringIO()
    call_command("precedents", json=True, stdout=out, **options)
    return json.loads(out.getvalue())


# --- the command -------------------------------------------------------------------------------------------


def test_the_command_prints_precedents_of_a_text_and_of_a_comment(indexed) -> None:
    found = _command(text=GOODWILL_QUERY, limit=3)
    goodwill = {c.comments[0].pk for c in indexed[3:6]}
    assert found["model"].startswith("tfidf-svd@") and {r["comment"] for r in found["results"]} == goodwill
    first = found["results"][0]
    assert first["company"]["name"].startswith("Company ") and first["review"] and first["heading"]
    assert first["answer"]["excerpt"].startswith(first["company"]["name"]) and first["outcome"] == "resolved"
    assert first["rounds"] == 1 and first["date"]
    of_comment = _command(comment=indexed[3].comments[0].pk, limit=2, exclude_my_company=True)
    assert {r["comment"] for r in of_comment["results"]} == goodwill - {indexed[3].comments[0].pk}


def test_the_command_prints_readable_lines_without_json(indexed) -> None:
    out = io.StringIO()
    call_command("precedents", text=GOODWILL_QUERY, limit=1, stdout=out)
    assert "1. Company " in out.getvalue() and "Answer (" in out.getvalue()


def test_the_command_never_shows_a_private_letter_to_another_organisation(secret, other_organisation, organisation) -> None:
    assert secret.pk not in {r["comment"] for r in _command(text=GOODWILL_QUERY, limit=50)["results"]}
    assert secret.pk not in {
        r["comment"] for r in _command(text=GOODWILL_QUERY, limit=50, organisation=other_organisation.slug)["results"]
    }
    assert _command(text=GOODWILL_QUERY, limit=1, organisation=organisation.slug)["results"][0]["comment"] == secret.pk
    with pytest.raises(CommandError, match="may see"):
        _command(comment=secret.pk, organisation=other_organisation.slug)


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("  ", "empty"), ("x " * MAX_QUERY_CHARS, "limit")])
def test_the_command_refuses_an_empty_or_huge_query(indexed, text, message) -> None:
    with pytest.raises(CommandError, match=message):
        _command(text=text)


def test_the_command_refuses_a_limit_out_of_range(indexed) -> None:
    with pytest.raises(CommandError, match="limit"):
        _command(text=GOODWILL_QUERY, limit=0)


def test_the_index_command_shows_its_progress_and_each_versions_state(indexed) -> None:
    out = io.StringIO()
    call_command("precedents_index", "--fit", stdout=out)
    assert f"{StaffComment.objects.count()}/{StaffComment.objects.count()} comments" in out.getvalue()
    assert "no vector lists (too few comments): searched exactly" in out.getvalue()
    status = io.StringIO()
    call_command("precedents_index", "--status", stdout=status)
    assert "Active" in status.getvalue()


# --- the API --------------------------------------------------------------------------------------------------


def test_the_api_answers_a_comments_precedents_with_answer_outcome_and_links(indexed, member) -> None:
    query = indexed[3].comments[0]
    body = client_for(member).get(f"/api/v1/comments/{query.pk}/precedents/", {"limit": 2}).json()
    assert body["model"].startswith("tfidf-svd@") and len(body["results"]) == 2
    hit = body["results"][0]
    assert hit["id"] in {c.comments[0].pk for c in indexed[4:6]}
    assert hit["url"].endswith(f"/api/v1/staff-comments/{hit['id']}/") and hit["review_url"] and hit["company"]["cik"]
    assert hit["answer"]["url"].endswith(f"/api/v1/company-responses/{hit['answer']['id']}/")
    assert hit["outcome"] == "resolved" and hit["outcome_label"] == "Resolved in that round" and hit["rounds"] == 1


def test_the_api_searches_a_text_with_filters(indexed, member) -> None:
    client = client_for(member)
    body = client.get("/api/v1/precedents/", {"q": "GAAP measure prominence", "topic": "non_gaap", "limit": 50}).json()
    assert {r["id"] for r in body["results"]} == {c.comments[0].pk for c in indexed[:3]}
    refused = client.get("/api/v1/precedents/", {"q": "GAAP", "topic": "astrology"})
    assert refused.status_code == 400 and refused.json()["code"] == "invalid_choice"
    unknown = client.get("/api/v1/precedents/", {"q": "GAAP", "colour": "red"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_parameter"


@pytest.mark.parametrize(("q", "message"), [("", "empty"), ("   ", "empty"), ("y" * (MAX_QUERY_CHARS + 1), "limit")])
def test_the_api_refuses_an_empty_or_huge_query_with_a_400(indexed, member, q, message) -> None:
    response = client_for(member).get("/api/v1/precedents/", {"q": q})
    assert response.status_code == 400 and message in response.json()["detail"] and response.json()["code"] == "invalid_query"


def test_the_api_takes_a_text_too_long_for_a_url_in_a_post(indexed, member) -> None:
    client = client_for(member)
    short = client.get("/api/v1/precedents/", {"q": GOODWILL_QUERY, "limit": 5}).json()
    posted = client.post("/api/v1/precedents/", {"q": GOODWILL_QUERY, "limit": 5}, format="json").json()
    assert posted == short and posted["results"]
    # Some 9,000 characters, with punctuation: 13,000 and more in a URL, past any server's request line.
    long = (GOODWILL_QUERY + " (see, e.g., Note 7; pp. 12-14). ") * (9_000 // (len(GOODWILL_QUERY) + 32))
    assert len(long) <= MAX_QUERY_CHARS and len(urlencode({"q": long})) > 8_190
    answered = client.post("/api/v1/precedents/", {"q": long, "limit": 5}, format="json")
    assert answered.status_code == 200 and answered.json()["results"][0]["id"] == short["results"][0]["id"]


@pytest.mark.parametrize(
    ("body", "code"),
    [({"q": "GAAP", "colour": "red"}, "unknown_parameter"), (["q", "GAAP"], "invalid"), ({"q": ""}, "invalid_query")],
)
def test_the_api_refuses_a_post_it_cannot_read(indexed, member, body, code) -> None:
    response = client_for(member).post("/api/v1/precedents/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == code


def test_the_api_asks_a_post_to_sign_in_even_where_public_data_is_open(indexed, settings) -> None:
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    assert APIClient().get("/api/v1/precedents/", {"q": GOODWILL_QUERY}).status_code == 200
    assert APIClient().post("/api/v1/precedents/", {"q": GOODWILL_QUERY}, format="json").status_code == 401


def test_the_api_never_shows_a_private_letter_to_another_organisation(indexed, secret, member, outsider) -> None:
    public = indexed[3].comments[0]
    for client, sees in ((client_for(outsider), False), (client_for(member), True)):
        by_text = client.get("/api/v1/precedents/", {"q": GOODWILL_QUERY, "limit": 50}).json()["results"]
        by_comment = client.get(f"/api/v1/comments/{public.pk}/precedents/", {"limit": 50}).json()["results"]
        by_post = client.post("/api/v1/precedents/", {"q": GOODWILL_QUERY, "limit": 50}, format="json").json()["results"]
        found = [secret.pk in {r["id"] for r in hits} for hits in (by_text, by_comment, by_post)]
        assert found == [sees, sees, sees]
    assert client_for(outsider).get(f"/api/v1/comments/{secret.pk}/precedents/").status_code == 404


def test_the_api_asks_the_same_number_of_queries_whatever_the_limit(indexed, member) -> None:
    client = client_for(member)
    path = f"/api/v1/comments/{indexed[3].comments[0].pk}/precedents/"
    counts = []
    for limit in (1, 1, 10, 50):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"limit": limit}).status_code == 200
        counts.append(len(queries))
    assert counts[1] == counts[2] == counts[3], counts


# --- the review page's panel -------------------------------------------------------------------------------------


def test_the_panel_offers_precedents_and_shows_them_when_asked(indexed, client, member) -> None:
    client.force_login(member)
    review, comment = indexed[3].review, indexed[3].comments[0]
    page = client.get(f"/reviews/{review.pk}/").content.decode()
    assert f'id="precedents-{comment.pk}"' in page and f"?precedents={comment.pk}" in page
    asked = client.get(f"/reviews/{review.pk}/", {"precedents": comment.pk}).content.decode()
    panel = asked[asked.index(f'id="precedents-{comment.pk}"') :]
    panel = panel[: panel.index("</details>")]
    assert "Company 4" in panel and "Resolved in that round" in panel and "Full response" in panel
    assert "Company 3" not in panel  # the comment's own company is not its own precedent


def test_the_panel_offers_accepted_answers_to_a_team_drafting(indexed, client, member, organisation) -> None:
    client.force_login(member)
    comment = indexed[3].comments[0]
    Draft.objects.create(organisation=organisation, comment=comment, text="Our answer so far.")
    page = client.get(f"/reviews/{indexed[3].review.pk}/", {"precedents": comment.pk}).content.decode()
    assert "Answers the staff accepted, to start your draft from" in page


def test_the_panel_escapes_letter_text(indexed, client, member) -> None:
    client.force_login(member)
    StaffComment.objects.filter(pk=indexed[4].comments[0].pk).update(heading="<script>alert(1)</script> Goodwill")
    comment = indexed[3].comments[0]
    page = client.get(f"/reviews/{indexed[3].review.pk}/", {"precedents": comment.pk}).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; Goodwill" in page


def test_the_panel_never_shows_a_private_letter_to_another_organisation(indexed, secret, client, outsider, member) -> None:
    comment = indexed[3].comments[0]  # public, about goodwill: the secret is its best precedent
    client.force_login(outsider)
    page = client.get(f"/reviews/{comment.letter.review_id}/", {"precedents": comment.pk}).content.decode()
    assert "Company 4" in page and "Private Client Co" not in page
    client.force_login(member)
    page = client.get(f"/reviews/{comment.letter.review_id}/", {"precedents": comment.pk}).content.decode()
    assert "Private Client Co" in page
