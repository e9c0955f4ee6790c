"""The review timeline page, a company's reviews, and the dashboard's panels: what each shows, to whom,
and in how many queries (pinned; they do not grow with the review or the number of reviews)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from comments.models import CompanyResponse, Letter, Review, StaffComment
from comments.services import reviews_thread_all
from teams.models import Membership, Role, WatchedCompany
from tests.api.rows import conversation_make, reviewed_conversation_make
from tests.comments.factories import company_make
from web.saved_searches import saved_search_create
from workflow.models import Assignment, Draft, ResponseLetter

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member) -> Client:
    client.force_login(member)
    return client


def _text(response) -> str:  # noqa: ANN001
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _row(page: str, anchor: str) -> str:
    row = page[page.index(f'id="{anchor}"') :]
    return row[: row.index("</tr>")]


def live_review_make(*, member, organisation, when: date | None = None):  # noqa: ANN001, ANN201
    """A private staff letter the company has not answered yet: an open review of the organisation."""
    conversation = conversation_make(
        uploaded_by=member,
        organisation=organisation,
        when=when or timezone.localdate() - timedelta(days=3),
        comment_text="Please tell us about the live matter.",
    )
    Letter.objects.filter(pk=conversation.company_letter.pk).delete()
    reviews_thread_all(company_ids=[conversation.company.pk])
    conversation.review = Review.objects.get(letters=conversation.staff_letter)
    return conversation


# --- the review timeline --------------------------------------------------------------------------------------


def test_it_shows_a_review_with_each_comment_beside_its_answer_type_and_status(signed_in):
    conversation = reviewed_conversation_make(
        comment_text="Please quantify the price effect.", response_text="We will quantify it."
    )
    CompanyResponse.objects.filter(pk=conversation.responses[0].pk).update(answer_type=CompanyResponse.AnswerType.WILL_REVISE)
    page = _text(signed_in.get(f"/reviews/{conversation.review.pk}/"))
    row = _row(page, f"comment-{conversation.comments[0].pk}")
    assert "Please quantify the price effect." in row and "We will quantify it." in row
    assert "Will revise in future filings" in row and "Resolved" in row and "Commits to a change" in row


def test_it_shows_the_letters_of_a_review_in_order_with_links_to_edgar_and_the_filings_they_name(signed_in):
    conversation = reviewed_conversation_make()
    page = _text(signed_in.get(f"/reviews/{conversation.review.pk}/"))
    staff, answer = conversation.staff_letter, conversation.company_letter
    assert page.index(f'id="letter-{staff.pk}"') < page.index(f'id="letter-{answer.pk}"')
    for letter in (staff, answer):
        url = f"https://www.sec.gov/Archives/edgar/data/{conversation.company.cik}/{letter.filing.accession_number.replace('-', '')}/"
        assert f'href="{url}"' in page and f'href="/letters/{letter.pk}/"' in page
    subject = conversation.subject.accession_number.replace("-", "")
    assert f"/{subject}/" in page and "10-K for Dec 31, 2023" in page


def test_it_hides_a_private_review_from_another_organisation(client, member, organisation, outsider, colleague):
    private = reviewed_conversation_make(uploaded_by=member, organisation=organisation)
    client.force_login(outsider)
    hidden = client.get(f"/reviews/{private.review.pk}/").status_code
    client.force_login(colleague)
    assert (hidden, client.get(f"/reviews/{private.review.pk}/").status_code) == (404, 200)


def test_it_sends_an_anonymous_reader_to_sign_in_unless_public_reading_is_on(settings, client):
    conversation = reviewed_conversation_make()
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = False
    refused = client.get(f"/reviews/{conversation.review.pk}/")
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    assert refused.status_code == 302 and client.get(f"/reviews/{conversation.review.pk}/").status_code == 200


def test_it_shows_a_private_copy_once_under_its_published_letter(signed_in, member, organisation):
    public = reviewed_conversation_make(comment_text="The published comment.")
    copy = conversation_make(
        company=public.company, uploaded_by=member, organisation=organisation, comment_text="The published comment."
    )
    Letter.objects.filter(pk=copy.staff_letter.pk).update(public_twin=public.staff_letter)
    reviews_thread_all(company_ids=[public.company.pk])
    Assignment.objects.create(organisation=organisation, comment=copy.comments[0], owner=member, due_on=date(2024, 3, 10))
    page = _text(signed_in.get(f"/reviews/{public.review.pk}/"))
    assert page.count("The published comment.") == 1 and "Your team also uploaded it privately" in page
    assert "Owner: member" in _row(page, f"comment-{public.comments[0].pk}")


def test_it_shows_members_their_teams_owner_due_date_and_draft(signed_in, member, organisation):
    live = live_review_make(member=member, organisation=organisation)
    due = timezone.localdate() + timedelta(days=30)
    Assignment.objects.create(organisation=organisation, comment=live.comments[0], owner=member, due_on=due)
    Draft.objects.create(organisation=organisation, comment=live.comments[0], text="Our answer.", status=Draft.Status.IN_REVIEW)
    page = _text(signed_in.get(f"/reviews/{live.review.pk}/"))
    row = _row(page, f"comment-{live.comments[0].pk}")
    assert "Your team" in page and "Owner: member" in row and due.strftime("%b %-d, %Y") in row and "In review" in row
    assert "unassigned" in _row(page, f"comment-{live.comments[1].pk}")


def test_it_offers_members_their_response_letter(signed_in, member, organisation):
    live = live_review_make(member=member, organisation=organisation)
    letter = ResponseLetter.objects.create(organisation=organisation, staff_letter=live.staff_letter)
    page = _text(signed_in.get(f"/reviews/{live.review.pk}/"))
    assert "response letter:</strong> Drafting" in page
    assert f'action="/api/v1/workflow/response-letters/{letter.pk}/generate/"' in page and "csrfmiddlewaretoken" in page


def test_it_shows_no_team_columns_on_a_closed_public_review_without_team_work(signed_in):
    conversation = reviewed_conversation_make()
    assert "Your team" not in _text(signed_in.get(f"/reviews/{conversation.review.pk}/"))


def test_it_escapes_hostile_letter_text_on_the_review_page(signed_in):
    conversation = reviewed_conversation_make(
        comment_text='<script>alert("c")</script> quantify', response_text="<img src=x onerror=alert(1)> answer"
    )
    page = _text(signed_in.get(f"/reviews/{conversation.review.pk}/"))
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("extra_comments", [0, 6])
def test_it_renders_a_review_in_a_fixed_number_of_queries(
    signed_in, django_assert_num_queries, member, organisation, extra_comments
):
    live = live_review_make(member=member, organisation=organisation)
    for n in range(extra_comments):
        comment = StaffComment.objects.create(letter=live.staff_letter, number=10 + n, position=10 + n, text="More.")
        Assignment.objects.create(organisation=organisation, comment=comment, owner=member, due_on=date(2030, 1, 1))
    # session and user; the review and its letters; comments, answers, responses, references; the
    # member's organisations; their work (workflow.selectors.comments_due: comments, extensions, twins,
    # answering letters, their letters, federal closures, assignments, drafts, filed letters); response letters
    with django_assert_num_queries(17):
        page = signed_in.get(f"/reviews/{live.review.pk}/")
    assert page.status_code == 200


# --- a company's reviews ----------------------------------------------------------------------------------------


def test_it_lists_a_companys_reviews_with_their_figures(signed_in):
    company = company_make(name="Acme Widgets Inc.")
    older = reviewed_conversation_make(company=company, when=date(2022, 3, 1), topics=("segments",))
    newer = reviewed_conversation_make(company=company, when=date(2024, 3, 1), topics=("non_gaap",))
    page = _text(signed_in.get(f"/companies/{company.cik}/"))
    section = page[page.index('id="reviews-heading"') : page.index('id="topics-heading"')]
    assert section.index(f'href="/reviews/{newer.review.pk}/"') < section.index(f'href="/reviews/{older.review.pk}/"')
    assert "Non-GAAP measures" in section and "Segments" in section and "Closed" in section


def test_it_leaves_another_organisations_private_review_off_a_company_page(signed_in, outsider, other_organisation):
    theirs = reviewed_conversation_make(uploaded_by=outsider, organisation=other_organisation)
    assert f'href="/reviews/{theirs.review.pk}/"' not in _text(signed_in.get(f"/companies/{theirs.company.cik}/"))


# --- the dashboard ----------------------------------------------------------------------------------------------


def test_it_shows_open_reviews_with_comments_due_soon_and_overdue(signed_in, member, organisation):
    live = live_review_make(member=member, organisation=organisation)
    today = timezone.localdate()
    Assignment.objects.create(organisation=organisation, comment=live.comments[0], owner=member, due_on=today - timedelta(days=2))
    Assignment.objects.create(organisation=organisation, comment=live.comments[1], due_on=today)
    page = _text(signed_in.get("/"))
    open_section = page[page.index('id="open-heading"') : page.index('id="due-heading"')]
    due_section = page[page.index('id="due-heading"') : page.index('id="watch-heading"')]
    assert f'href="/reviews/{live.review.pk}/"' in open_section and 'due-overdue">1<' in open_section
    assert 'due-due_soon">1<' in open_section
    assert due_section.index("Overdue") < due_section.index("Due soon")
    assert f'href="/reviews/{live.review.pk}/#comment-{live.comments[0].pk}"' in due_section and "member" in due_section


def test_it_shows_new_letters_of_watched_companies(signed_in, organisation):
    watched = conversation_make(company=company_make(name="Watched Co"))
    conversation_make(company=company_make(name="Unwatched Co"))
    WatchedCompany.objects.create(organisation=organisation, company=watched.company)
    page = _text(signed_in.get("/"))
    section = page[page.index('id="watch-heading"') : page.index('id="saved-heading"')]
    assert "Watched Co" in section and "Unwatched Co" not in section


def test_it_shows_review_metrics_as_charts_with_tables(signed_in):
    for year in (2021, 2022):
        conversation = reviewed_conversation_make(when=date(year, 3, 1), topics=("non_gaap",))
        Review.objects.filter(pk=conversation.review.pk).update(closed_on=date(year, 4, 10))
    page = _text(signed_in.get("/"))
    section = page[page.index('id="metrics-heading"') : page.index('id="recent-heading"')]
    assert section.count("<svg") == 6 and 'role="img"' in section and "<title" in section
    assert '<th scope="row">2021</th><td class="num">1</td><td class="num">40.0</td>' in section
    assert "Non-GAAP measures" in section and "10-K / 20-F" in section


def test_it_lists_a_members_saved_searches_and_no_one_elses(signed_in, member):
    saved_search_create(owner=member, name="Mine", query="q=revenue")
    other = get_user_model().objects.create_user("someone")
    saved_search_create(owner=other, name="Someone else's", query="q=leases")
    page = _text(signed_in.get("/"))
    assert 'href="/search/?q=revenue">Mine<' in page and "Someone else" not in page


def test_it_shows_a_user_in_no_organisation_a_dashboard_without_team_panels(client):
    client.force_login(get_user_model().objects.create_user("loner"))
    page = _text(client.get("/"))
    assert "Open reviews" not in page and "Reviews and days to close" in page


@pytest.mark.parametrize("reviews", [1, 4])
def test_it_renders_the_dashboard_in_a_fixed_number_of_queries(
    signed_in, django_assert_num_queries, member, organisation, reviews
):
    for i in range(reviews):
        live = live_review_make(member=member, organisation=organisation, when=timezone.localdate() - timedelta(days=3 + i))
        Assignment.objects.create(organisation=organisation, comment=live.comments[0], owner=member, due_on=timezone.localdate())
        reviewed_conversation_make(when=date(2020 + i, 3, 1))
        WatchedCompany.objects.create(organisation=organisation, company=live.company)
    Membership.objects.filter(user=member).update(role=Role.EDITOR)
    # session and user; organisations; due comments (workflow: comments, deadlines, assignments, drafts,
    # filed letters, company letters); open reviews; watched letters; saved searches;
    # metrics (the review rows' stored figures, read once for year, topic and form); recent letters
    with django_assert_num_queries(16):
        page = signed_in.get("/")
    assert page.status_code == 200
