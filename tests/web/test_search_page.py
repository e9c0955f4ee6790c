"""The search page with words: full-text hits in letters, comments or responses with highlighted (and
escaped) snippets, the filters beside them, the export links, and saved searches private to their owner."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.api.rows import conversation_make, reviewed_conversation_make
from tests.comments.factories import company_make
from web.models import SavedSearch
from web.saved_searches import saved_search_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member) -> Client:
    client.force_login(member)
    return client


def _text(response) -> str:  # noqa: ANN001
    return response.content.decode()


def test_it_finds_words_in_staff_comments_with_the_match_highlighted(signed_in):
    wanted = reviewed_conversation_make(comment_text="Explain the goodwill impairment test.")
    conversation_make(comment_text="Explain the lease accounting.")
    page = _text(signed_in.get("/search/", {"q": "goodwill", "within": "comment"}))
    assert "1 staff comment with these words" in page and "<mark>goodwill</mark>" in page
    assert f'href="/reviews/{wanted.review.pk}/#comment-{wanted.comments[0].pk}"' in page


def test_it_finds_words_in_letters_and_responses(signed_in):
    conversation = conversation_make(comment_text="Explain the zeppelin.", response_text="The zeppelin is leased.")
    letters = _text(signed_in.get("/search/", {"q": "zeppelin"}))
    responses = _text(signed_in.get("/search/", {"q": "leased", "within": "response"}))
    assert "2 letters with these words" in letters and f'href="/letters/{conversation.staff_letter.pk}/"' in letters
    assert "1 company response with these words" in responses and "<mark>leased</mark>" in responses


def test_it_combines_words_with_the_filters(signed_in):
    conversation_make(company=company_make(name="Wanted Co"), comment_text="Goodwill question.", topics=("goodwill_impairment",))
    conversation_make(company=company_make(name="Other Co"), comment_text="Goodwill question.", topics=("leases",))
    page = _text(signed_in.get("/search/", {"q": "goodwill", "within": "comment", "topic": "goodwill_impairment"}))
    assert "1 staff comment" in page and "Wanted Co" in page and "Other Co" not in page


def test_it_shows_the_first_results_and_says_there_are_more(signed_in, monkeypatch):
    monkeypatch.setattr("web.search.RESULTS_SHOWN", 2)
    for _ in range(3):
        conversation_make(comment_text="Goodwill question.", response_text="We agree.")
    comments = _text(signed_in.get("/search/", {"q": "goodwill", "within": "comment"}))
    letters = _text(signed_in.get("/search/", {"q": "goodwill"}))
    newest = "These pages show the first 2, best match first among the newest 1000 with these words."
    assert "More than 2 staff comments with these words" in comments and newest in comments
    assert "More than 2 letters with these words" in letters and newest in letters
    assert "More than" not in _text(signed_in.get("/search/", {"q": "goodwill", "within": "response"}))


def test_it_escapes_hostile_text_in_snippets(signed_in):
    conversation_make(comment_text='Goodwill <script>alert("x")</script> <img src=x onerror=alert(1)>')
    page = _text(signed_in.get("/search/", {"q": "goodwill", "within": "comment"}))
    assert "<script>alert" not in page and "<img src=x" not in page and "<mark>Goodwill</mark>" in page


def test_it_never_shows_another_organisations_private_letter(signed_in, outsider, other_organisation):
    conversation_make(uploaded_by=outsider, organisation=other_organisation, comment_text="Their secret zeppelin merger.")
    for within in ("letter", "comment", "response"):
        page = _text(signed_in.get("/search/", {"q": "zeppelin", "within": within}))
        assert "secret" not in page and "with these words" in page and "Nothing has these words" in page


def test_it_links_the_exports_to_the_search_api_with_the_same_words_and_filters(signed_in):
    conversation_make(comment_text="Goodwill question.")
    page = _text(signed_in.get("/search/", {"q": "goodwill", "within": "comment", "kind": "staff_comment_letter"}))
    assert 'href="/api/v1/search/?letter_kind=staff_comment_letter&amp;q=goodwill&amp;kind=comment&amp;format=csv"' in page
    api = signed_in.get(
        "/api/v1/search/", {"letter_kind": "staff_comment_letter", "q": "goodwill", "kind": "comment", "format": "csv"}
    )
    assert api.status_code == 200 and "Goodwill question" in api.content.decode("utf-8-sig")


def test_it_refuses_a_search_in_something_it_does_not_know(signed_in):
    page = signed_in.get("/search/", {"q": "goodwill", "within": "memos"})
    assert page.status_code == 400 and "is not something to search in" in _text(page)


@pytest.mark.parametrize("matches", [1, 6])
def test_it_searches_words_in_a_fixed_number_of_queries(signed_in, django_assert_num_queries, matches):
    for i in range(matches):
        conversation_make(comment_text=f"Goodwill question {i}.")
    with django_assert_num_queries(6):  # session, user, newest matches, count, page of hits, saved searches
        assert signed_in.get("/search/", {"q": "goodwill", "within": "comment"}).status_code == 200


# --- saved searches -----------------------------------------------------------------------------------------


def test_it_saves_a_search_by_name_and_lists_it(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    form = client.get("/search/", {"q": "goodwill", "within": "comment"})
    token = form.cookies["csrftoken"].value
    saved = client.post(
        "/search/saved/", {"name": "Goodwill", "query": "q=goodwill&within=comment", "csrfmiddlewaretoken": token}
    )
    assert saved.status_code == 302 and saved["Location"] == "/search/?q=goodwill&within=comment"
    assert 'href="/search/?q=goodwill&amp;within=comment">Goodwill<' in _text(client.get("/search/"))


def test_it_refuses_to_save_a_search_without_the_csrf_token(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post("/search/saved/", {"name": "Goodwill", "query": "q=goodwill"}).status_code == 403
    assert not SavedSearch.objects.exists()


def test_it_keeps_only_the_search_pages_own_parameters(signed_in, member):
    signed_in.post(
        "/search/saved/", {"name": "Mixed", "query": "q=goodwill&next=//evil.example&page=3&topic=goodwill_impairment"}
    )
    assert SavedSearch.objects.get(owner=member).query == "q=goodwill&topic=goodwill_impairment"


@pytest.mark.parametrize(
    "name,query,message",
    [("", "q=goodwill", "give the search a name"), ("Empty", "page=2", "nothing to save"), ("Twice", "q=a", "already have")],
)
def test_it_says_why_a_search_cannot_be_saved(signed_in, member, name, query, message):
    saved_search_create(owner=member, name="Twice", query="q=b")
    page = signed_in.post("/search/saved/", {"name": name, "query": query})
    assert page.status_code == 400 and message in _text(page)


def test_it_keeps_saved_searches_private_to_their_owner(client, member):
    mine = saved_search_create(owner=member, name="Mine", query="q=goodwill")
    other = get_user_model().objects.create_user("someone")
    client.force_login(other)
    listed = "Mine" in _text(client.get("/search/"))
    refused = client.post(f"/search/saved/{mine.pk}/delete/").status_code
    assert (listed, refused, SavedSearch.objects.filter(pk=mine.pk).exists()) == (False, 404, True)


def test_it_deletes_ones_own_saved_search(signed_in, member):
    mine = saved_search_create(owner=member, name="Mine", query="q=goodwill")
    assert signed_in.post(f"/search/saved/{mine.pk}/delete/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_it_sends_an_anonymous_saver_to_sign_in(client):
    response = client.post("/search/saved/", {"name": "x", "query": "q=y"})
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_it_escapes_a_hostile_saved_search_name(signed_in, member):
    saved_search_create(owner=member, name='<script>alert("n")</script>', query='q="><script>alert(1)</script>')
    page = _text(signed_in.get("/search/"))
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;n&quot;)" in page
