"""The pages people use: landing, sign-in, dashboard, search, company and letter pages, and what each
may show to whom. Query counts are pinned (a signed-in page reads the session and the user first)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.rows import conversation_make, conversations_make
from tests.comments.factories import company_make

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def signed_in(client, member) -> Client:
    client.force_login(member)
    return client


def _text(response) -> str:  # noqa: ANN001
    return response.content.decode()


# --- landing, sign-in, sign-out ---------------------------------------------------------------------------


def test_it_shows_anonymous_visitors_a_landing_page_with_a_search_box(client):
    page = _text(client.get("/"))
    assert "Sign in" in page and 'name="company_search"' in page and 'action="/search/"' in page


def test_it_signs_in_to_the_dashboard_and_out_again(client, member):
    conversation_make()
    signed = client.post("/sign-in/", {"username": "member", "password": PASSWORD}, follow=True)
    assert signed.redirect_chain[-1][0] == "/" and "Recent letters" in _text(signed)
    out = client.post("/sign-out/", follow=True)
    assert "Sign in" in _text(out) and "Recent letters" not in _text(out)


def test_it_refuses_a_wrong_password_with_a_message(client, member):
    page = client.post("/sign-in/", {"username": "member", "password": "wrong"})
    assert page.status_code == 200 and "correct username and password" in _text(page)


def test_it_enforces_csrf_on_the_sign_in_form(member):
    client = Client(enforce_csrf_checks=True)
    refused = client.post("/sign-in/", {"username": "member", "password": PASSWORD})
    form = client.get("/sign-in/")
    token = form.cookies["csrftoken"].value
    accepted = client.post("/sign-in/", {"username": "member", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert (refused.status_code, accepted.status_code, accepted["Location"]) == (403, 302, "/")


def test_it_enforces_csrf_on_the_sign_out_form(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post("/sign-out/").status_code == 403


def test_it_blocks_sign_in_after_repeated_failures_for_that_username_and_address(settings, client, member):
    settings.LOGIN_FAILURES_PER_USER_AND_ADDRESS = 3
    for _ in range(3):
        client.post("/sign-in/", {"username": "member", "password": "guess"}, REMOTE_ADDR="198.51.100.7")
    blocked = client.post("/sign-in/", {"username": "member", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    elsewhere = Client().post("/sign-in/", {"username": "member", "password": PASSWORD}, REMOTE_ADDR="203.0.113.5")
    assert (blocked.status_code, "Too many failed sign-ins" in _text(blocked), elsewhere.status_code) == (429, True, 302)


def test_it_blocks_an_address_that_tries_many_usernames(settings, client, member):
    settings.LOGIN_FAILURES_PER_ADDRESS = 4
    for name in ("a", "b", "c", "d"):
        client.post("/sign-in/", {"username": name, "password": "guess"})
    assert client.post("/sign-in/", {"username": "member", "password": PASSWORD}).status_code == 429


def test_it_throttles_the_admin_and_token_sign_ins_too(settings, client, member):
    settings.LOGIN_FAILURES_PER_USER_AND_ADDRESS = 2
    for _ in range(2):
        client.post("/admin/login/", {"username": "member", "password": "guess"})
    token = client.post("/api/v1/auth/token/", {"username": "member", "password": PASSWORD})
    assert token.status_code == 400 and "token" not in token.json()


def test_it_counts_failures_afresh_after_a_successful_sign_in(settings, client, member):
    settings.LOGIN_FAILURES_PER_USER_AND_ADDRESS = 3
    for _ in range(2):
        client.post("/sign-in/", {"username": "member", "password": "guess"})
    client.post("/sign-in/", {"username": "member", "password": PASSWORD})
    client.post("/sign-out/")
    for _ in range(2):
        client.post("/sign-in/", {"username": "member", "password": "guess"})
    assert client.post("/sign-in/", {"username": "member", "password": PASSWORD}).status_code == 302


# --- who may read the pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/search/", "/companies/{cik}/", "/letters/{pk}/"])
def test_it_sends_anonymous_readers_to_sign_in_unless_public_reading_is_on(settings, client, path):
    conversation = conversation_make()
    url = path.format(cik=conversation.company.cik, pk=conversation.staff_letter.pk)
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = False
    refused = client.get(url)
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    assert (refused.status_code, refused["Location"].startswith("/sign-in/?next="), client.get(url).status_code) == (
        302,
        True,
        200,
    )


def test_it_hides_a_private_letter_page_from_another_organisation(client, member, organisation, outsider):
    private = conversation_make(uploaded_by=member, organisation=organisation)
    client.force_login(outsider)
    assert client.get(f"/letters/{private.staff_letter.pk}/").status_code == 404


def test_it_shows_a_private_letter_page_to_a_colleague(client, member, organisation, colleague):
    private = conversation_make(uploaded_by=member, organisation=organisation)
    client.force_login(colleague)
    page = client.get(f"/letters/{private.staff_letter.pk}/")
    assert page.status_code == 200 and "Private letter" in _text(page)


# --- dashboard ----------------------------------------------------------------------------------------------


def test_it_shows_recent_letters_on_the_dashboard_newest_first(signed_in):
    old = conversation_make(when=date(2019, 1, 1), company=company_make(name="Old Co"))
    new = conversation_make(when=date(2024, 1, 1), company=company_make(name="New Co"))
    page = _text(signed_in.get("/"))
    assert page.index(new.company.name) < page.index(old.company.name)


def test_it_leaves_private_letters_of_others_off_the_dashboard(signed_in, outsider, other_organisation):
    conversation_make(uploaded_by=outsider, organisation=other_organisation, company=company_make(name="Secret Merger Co"))
    assert "Secret Merger Co" not in _text(signed_in.get("/"))


# --- letter page ----------------------------------------------------------------------------------------------


def test_it_shows_a_letter_with_each_comment_beside_its_answer(signed_in):
    conversation = conversation_make(comment_text="Please quantify the price effect.", response_text="We will quantify it.")
    page = _text(signed_in.get(f"/letters/{conversation.staff_letter.pk}/"))
    row = page[page.index('id="comment-1"') :]
    row = row[: row.index("</tr>")]
    assert "Please quantify the price effect." in row and "We will quantify it." in row


def test_it_links_a_letter_to_its_filing_on_edgar(signed_in):
    conversation = conversation_make()
    filing = conversation.staff_letter.filing
    page = _text(signed_in.get(f"/letters/{conversation.staff_letter.pk}/"))
    expected = f"https://www.sec.gov/Archives/edgar/data/{conversation.company.cik}/{filing.accession_number.replace('-', '')}/"
    assert f'href="{expected}"' in page


def test_it_shows_a_letters_text_and_the_letters_around_it(signed_in):
    conversation = conversation_make()
    staff = _text(signed_in.get(f"/letters/{conversation.staff_letter.pk}/"))
    answer = _text(signed_in.get(f"/letters/{conversation.company_letter.pk}/"))
    assert "Dear Sir:" in staff and f'href="/letters/{conversation.company_letter.pk}/"' in staff
    assert f'href="/letters/{conversation.staff_letter.pk}/"' in answer


def test_it_downloads_a_private_original_only_for_those_who_may_see_it(client, member, organisation, outsider):
    conversation = conversation_make(uploaded_by=member, organisation=organisation)
    letter = conversation.staff_letter
    letter.uploaded_file.save("x.pdf", SimpleUploadedFile("x.pdf", b"%PDF-1.4 private"), save=True)
    client.force_login(outsider)
    refused = client.get(f"/letters/{letter.pk}/original/").status_code
    client.force_login(member)
    response = client.get(f"/letters/{letter.pk}/original/")
    assert (refused, response.status_code, b"".join(response.streaming_content)) == (404, 200, b"%PDF-1.4 private")
    assert response["Content-Disposition"] == f'attachment; filename="letter-{letter.pk}.pdf"'


# --- company page --------------------------------------------------------------------------------------------


def test_it_shows_a_company_with_topics_over_time_and_filings_under_review(signed_in):
    company = company_make(name="Acme Widgets Inc.")
    company.fiscal_year_end = "1231"
    company.save()
    first = conversation_make(company=company, when=date(2022, 5, 1), topics=("non_gaap",))
    conversation_make(company=company, when=date(2023, 5, 1), topics=("non_gaap", "segments"))
    page = _text(signed_in.get(f"/companies/{company.cik}/"))
    assert "December 31" in page and "Non-GAAP measures" in page and "<svg" in page
    assert first.subject.accession_number in page and "Topics over time" in page


# --- search -----------------------------------------------------------------------------------------------------


def test_it_searches_letters_by_company_and_topic(signed_in):
    wanted = conversation_make(company=company_make(name="Acme Widgets Inc."), topics=("segments",))
    conversation_make(company=company_make(name="Acme Widgets Inc."), topics=("leases",))
    page = _text(signed_in.get("/search/", {"company_search": "widgets", "topic": "segments"}))
    assert "2 letters" in page and f'href="/letters/{wanted.staff_letter.pk}/"' in page


def test_it_refuses_a_search_it_cannot_run_saying_why(signed_in):
    conversation_make()
    page = signed_in.get("/search/", {"commitment": "maybe", "letter_date_from": "soon"})
    assert page.status_code == 400 and "is not true or false" in _text(page) and "0 letters" not in _text(page)


def test_it_offers_the_search_as_csv_and_xlsx_with_the_same_filters(signed_in):
    conversation_make(topics=("segments",))
    page = _text(signed_in.get("/search/", {"topic": "segments"}))
    assert 'href="/api/v1/letters/?topic=segments&amp;format=csv"' in page
    assert 'href="/api/v1/letters/?topic=segments&amp;format=xlsx"' in page


# --- every page: landmarks, a policy on what may load, pinned queries --------------------------------------------


@pytest.mark.parametrize("path", ["/", "/sign-in/"])
def test_it_gives_every_page_landmarks_a_skip_link_and_a_content_security_policy(client, path):
    response = client.get(path)
    page = _text(response)
    assert all(tag in page for tag in ("<header", "<nav", '<main id="main"', "<footer", 'href="#main"'))
    assert "default-src 'self'" in response["Content-Security-Policy"] and "<script" not in page


def _pages(conversation) -> dict[str, str]:  # noqa: ANN001
    return {
        "dashboard": "/",
        "search": "/search/?topic=mdna",
        "company": f"/companies/{conversation.company.cik}/",
        "staff letter": f"/letters/{conversation.staff_letter.pk}/",
        "company letter": f"/letters/{conversation.company_letter.pk}/",
    }


PAGE_QUERIES = {
    # session and user, then the page's own reads
    # letters; the organisations, their due comments, open reviews, watched letters, saved searches and
    # the metrics by year, topic and form (one read: these rows have no reviews; tests/web/test_reviews.py
    # pins the dashboard with reviews)
    "dashboard": 9,
    "search": 5,  # count, page of letters, saved searches
    "company": 8,  # company, reviews, letters, their count, topics, filings under review
    # letter, its comments and answers (two), its text, the filing's documents, references, the letters
    # answering it (a staff letter) or the one it answers (a company letter)
    "staff letter": 9,
    "company letter": 9,
}


@pytest.mark.parametrize("name", PAGE_QUERIES)
@pytest.mark.parametrize("conversations", [1, 5])
def test_it_renders_each_page_in_a_fixed_number_of_queries(signed_in, django_assert_num_queries, name, conversations):
    company = company_make()
    made = [conversation_make(company=company, when=date(2020 + i, 3, 1)) for i in range(conversations)]
    conversations_make(conversations)
    with django_assert_num_queries(PAGE_QUERIES[name]):
        response = signed_in.get(_pages(made[0])[name])
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/", "/sign-in/"])
@pytest.mark.parametrize("conversations", [1, 5])
def test_it_renders_the_pages_for_visitors_without_a_query(client, django_assert_num_queries, path, conversations):
    # The landing page and the sign-in form read nothing: no session yet, no rows shown.
    conversations_make(conversations)
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200
