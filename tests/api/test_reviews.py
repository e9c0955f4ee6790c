"""Reviews in the API: who sees which (a matrix over list, detail, filters, export and nested letters),
the filters and ordering, the detail as a conversation, the metrics, the explicit re-thread and re-parse
actions, and query counts that do not grow with the page or the review."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from comments.api.review_filtersets import days_open_expression
from comments.models import CompanyResponse, Letter, Review, StaffComment
from comments.review_selectors import review_figures, review_timeline
from comments.services import reviews_thread_all
from tests.api.fixtures import client_for
from tests.api.rows import conversation_make, reviewed_conversation_make
from tests.comments.factories import company_make

pytestmark = pytest.mark.django_db

VIEWERS = [
    ("anonymous", False),
    ("colleague", True),
    ("member of another organisation", False),
    ("staff", False),
    ("superuser", True),
]


@pytest.fixture
def viewer_client(settings, colleague, outsider, staff_user, superuser):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    users = {
        "anonymous": None,
        "colleague": colleague,
        "member of another organisation": outsider,
        "staff": staff_user,
        "superuser": superuser,
    }
    return lambda name: client_for(users[name]) if users[name] else APIClient()


@pytest.fixture
def public():
    company = company_make(name="Public Widgets Inc.")
    company.tickers = ["PWID"]
    company.save()
    return reviewed_conversation_make(company=company, topics=("segments",))


@pytest.fixture
def private(member, organisation):
    company = company_make(name="Secret Merger Co")
    company.tickers = ["SMCO"]
    company.save()
    return reviewed_conversation_make(
        company=company, uploaded_by=member, organisation=organisation, comment_text="Private comment about the merger."
    )


def private_copy_make(public, *, user, organisation):  # noqa: ANN001, ANN201
    """Another organisation's private copy of the public staff letter, and its own private answer to the
    public comment: threading puts the copy in the public review."""
    copy = conversation_make(
        company=public.company, uploaded_by=user, organisation=organisation, comment_text="Their private copy's comment."
    )
    Letter.objects.filter(pk=copy.staff_letter.pk).update(public_twin=public.staff_letter)
    CompanyResponse.objects.create(
        letter=copy.company_letter, comment=public.comments[0], number=1, position=5, text="Their private draft answer."
    )
    reviews_thread_all(company_ids=[public.company.pk])
    return copy


def _ids(response) -> list[int]:  # noqa: ANN001
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


# --- who sees which review ----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewer,sees", VIEWERS)
def test_it_shows_a_private_review_only_to_its_organisation(viewer_client, private, viewer, sees):
    client = viewer_client(viewer)
    listed = private.review.pk in _ids(client.get("/api/v1/reviews/"))
    detail = client.get(f"/api/v1/reviews/{private.review.pk}/").status_code
    assert (listed, detail) == (sees, 200 if sees else 404)


@pytest.mark.parametrize("viewer", [name for name, _ in VIEWERS])
def test_it_shows_a_public_review_to_everyone_who_may_read(viewer_client, public, viewer):
    client = viewer_client(viewer)
    assert public.review.pk in _ids(client.get("/api/v1/reviews/"))
    assert client.get(f"/api/v1/reviews/{public.review.pk}/").status_code == 200


def test_it_asks_an_anonymous_caller_to_authenticate_unless_public_reading_is_on(settings, public):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = False
    refused = APIClient().get("/api/v1/reviews/")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "params",
    [
        {"cik": None},
        {"ticker": "smco"},
        {"company_name": "secret"},
        {"status": "awaiting_staff"},
        {"is_private": "true"},
        {"topic": "mdna"},
        {"days_open_min": "1"},
        {"rounds_min": "1"},
        {"subject_form": "10-K"},
        {"opened_from": "2024-01-01"},
    ],
)
@pytest.mark.parametrize("viewer,sees", VIEWERS)
def test_it_never_finds_a_private_review_by_a_filter_for_another_organisation(viewer_client, private, viewer, sees, params):
    params = {name: value if value is not None else private.company.cik for name, value in params.items()}
    assert (private.review.pk in _ids(viewer_client(viewer).get("/api/v1/reviews/", params))) == sees


@pytest.mark.parametrize("viewer,sees", VIEWERS)
def test_it_never_exports_a_private_review_to_another_organisation(viewer_client, private, viewer, sees):
    body = viewer_client(viewer).get("/api/v1/reviews/", {"format": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert (str(private.review.pk) in {row["id"] for row in rows}) == sees
    assert ("Secret Merger Co" in body) == sees


def test_it_never_nests_another_organisations_private_copy_in_a_public_review(
    client, member, outsider, other_organisation, public
):
    copy = private_copy_make(public, user=outsider, organisation=other_organisation)
    assert Letter.objects.get(pk=copy.staff_letter.pk).review_id == public.review.pk  # threading placed it there
    mine = client_for(member).get(f"/api/v1/reviews/{public.review.pk}/").json()
    theirs = client_for(outsider).get(f"/api/v1/reviews/{public.review.pk}/").json()

    def letters(detail):  # noqa: ANN001, ANN202
        return {letter["id"] for letter in detail["letters"]}

    def answers(detail):  # noqa: ANN001, ANN202
        return {a["text"] for letter in detail["letters"] for c in letter["comments"] for a in c["answers"]}

    assert copy.staff_letter.pk not in letters(mine) and copy.staff_letter.pk in letters(theirs)
    assert "Their private draft answer." not in answers(mine) and "Their private draft answer." in answers(theirs)
    assert "Their private copy's comment." not in str(mine)


# --- filters, ordering, pages -------------------------------------------------------------------------------


@pytest.fixture
def three_reviews():
    """A long closed review (two rounds, 100 days), a short closed one (one round, 10 days), and one with no
    closing letter on EDGAR (closed at its last letter, 20 days)."""
    long, short, gap = (reviewed_conversation_make(when=date(2021 + i, 3, 1)) for i in range(3))
    Review.objects.filter(pk=long.review.pk).update(rounds=2, closed_on=date(2021, 6, 9), subject_form="S-1", incomplete=False)
    Review.objects.filter(pk=short.review.pk).update(closed_on=date(2022, 3, 11), incomplete=False)
    return long.review, short.review, gap.review


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"rounds_min": "2"}, ["long"]),
        ({"rounds_max": "1"}, ["gap", "short"]),
        ({"days_open_min": "50"}, ["long"]),
        ({"days_open_max": "15"}, ["short"]),
        ({"days_open_min": "15", "days_open_max": "50"}, ["gap"]),
        ({"opened_from": "2022-01-01", "opened_to": "2022-12-31"}, ["short"]),
        ({"closed_from": "2022-01-01"}, ["short"]),
        ({"closed_to": "2021-12-31"}, ["long"]),
        ({"subject_form": "s-1"}, ["long"]),
        ({"subject_form": "10-K,S-1"}, ["gap", "long", "short"]),
        ({"incomplete": "true"}, ["gap"]),
        ({"status": "closed"}, ["gap", "long", "short"]),
        ({"status": "awaiting_company"}, []),
        ({"topic": "revenue_recognition"}, ["gap", "long", "short"]),
        ({"topic": "segments"}, []),
    ],
)
def test_it_filters_reviews(api, three_reviews, params, expected):
    names = dict(zip((review.pk for review in three_reviews), ("long", "short", "gap")))
    assert sorted(names[pk] for pk in _ids(api.get("/api/v1/reviews/", params))) == expected


@pytest.mark.parametrize(
    "params,word",
    [
        ({"status": "maybe"}, "status"),
        ({"days_open_min": "-1"}, "days_open_min"),
        ({"topc": "mdna"}, "topc"),
        ({"rounds_min": "1.5"}, "rounds_min"),
    ],
)
def test_it_refuses_a_filter_it_does_not_know_or_cannot_read(api, three_reviews, params, word):
    response = api.get("/api/v1/reviews/", params)
    assert response.status_code == 400 and word in response.json()


def test_it_counts_days_open_in_the_filter_as_the_reviews_figures_do(three_reviews, private):
    today = timezone.localdate()
    Review.objects.filter(pk=three_reviews[1].pk).update(status=Review.Status.NO_REVIEW)
    spans = dict(
        Review.objects.annotate(span=days_open_expression(letters=Letter.objects.all(), today=today)).values_list("pk", "span")
    )
    figures = {review.pk: review_figures(review, today=today).days_open for review in review_timeline()}
    assert {pk: (span.days if span is not None else None) for pk, span in spans.items()} == figures


def test_it_orders_reviews_and_pages_them_by_cursor(api):
    made = [reviewed_conversation_make(when=date(2020 + i, 3, 1)).review for i in range(5)]
    first = api.get("/api/v1/reviews/", {"ordering": "opened_on", "page_size": 3}).json()
    second = api.get(first["next"]).json()
    assert [r["id"] for r in first["results"] + second["results"]] == [r.pk for r in made]
    assert second["next"] is None and api.get("/api/v1/reviews/", {"ordering": "-rounds"}).status_code == 200


# --- one review, as a conversation ----------------------------------------------------------------------------


def test_it_shows_a_review_with_its_letters_in_order_and_each_comment_with_its_answers(api, public):
    CompanyResponse.objects.filter(pk=public.responses[0].pk).update(answer_type=CompanyResponse.AnswerType.WILL_REVISE)
    detail = api.get(f"/api/v1/reviews/{public.review.pk}/").json()
    staff, answer = detail["letters"]
    comment = staff["comments"][0]
    assert (staff["id"], answer["id"]) == (public.staff_letter.pk, public.company_letter.pk)
    assert comment["text"] == public.comments[0].text and comment["status"] == StaffComment.Status.RESOLVED
    assert [(a["text"], a["answer_type"]) for a in comment["answers"]] == [(public.responses[0].text, "will_revise")]
    assert staff["edgar_url"].startswith(f"https://www.sec.gov/Archives/edgar/data/{public.company.cik}/")
    assert answer["responds_to"] == public.staff_letter.pk and answer["responses"][0]["comment"] == public.comments[0].pk
    assert detail["days_open"] == 20 and detail["topics"] == ["segments"] and detail["company"]["cik"] == public.company.cik


# --- query counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page_size", [2, 6])
def test_it_lists_reviews_in_a_fixed_number_of_queries(api, django_assert_num_queries, page_size):
    for i in range(6):
        reviewed_conversation_make(when=date(2020, 1 + i, 1))
    with django_assert_num_queries(3):  # count, page, their letters
        response = api.get("/api/v1/reviews/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("extra_comments", [0, 5])
def test_it_shows_a_review_in_a_fixed_number_of_queries(api, django_assert_num_queries, public, extra_comments):
    for n in range(extra_comments):
        comment = StaffComment.objects.create(letter=public.staff_letter, number=10 + n, position=10 + n, text="More.")
        CompanyResponse.objects.create(letter=public.company_letter, comment=comment, number=10 + n, position=10 + n, text="Ok.")
    # the review, its letters, their comments, the answers to those, the company letters' responses
    with django_assert_num_queries(5):
        response = api.get(f"/api/v1/reviews/{public.review.pk}/")
    assert len(response.json()["letters"][0]["comments"]) == 2 + extra_comments


# --- metrics --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["year", "form", "topic", "company", "office", "all"])
def test_it_answers_review_metrics_grouped(api, three_reviews, by):
    response = api.get("/api/v1/reviews/metrics/", {"by": by})
    assert response.status_code == 200 and response.json()["by"] == by
    assert sum(row["reviews"] for row in response.json()["rows"]) >= 3


def test_it_counts_a_private_review_in_the_metrics_of_its_organisation_alone(colleague, outsider, private, public):
    def reviews(user) -> int:  # noqa: ANN001
        return client_for(user).get("/api/v1/reviews/metrics/").json()["rows"][0]["reviews"]

    assert (reviews(colleague), reviews(outsider)) == (2, 1)


def test_it_narrows_the_metrics_by_the_lists_filters_and_refuses_an_unknown_grouping(api, three_reviews, public):
    narrowed = api.get("/api/v1/reviews/metrics/", {"by": "all", "cik": public.company.cik}).json()
    refused = api.get("/api/v1/reviews/metrics/", {"by": "planet"})
    assert narrowed["rows"][0]["reviews"] == 1 and refused.status_code == 400 and "by" in refused.json()


# --- the explicit actions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,status", [("member", 200), ("colleague", 403), ("staff_user", 200), ("superuser", 200), ("nobody", 401)]
)
def test_it_rethreads_a_company_for_staff_and_editors_only(request, public, who, status):
    client = APIClient() if who == "nobody" else client_for(request.getfixturevalue(who))
    response = client.post("/api/v1/reviews/rethread/", {"ciks": [public.company.cik]}, format="json")
    assert response.status_code == status
    if status == 200:
        assert response.json() == {"companies": 1, "reviews": [public.review.pk]}


def test_it_answers_only_the_rethreaded_reviews_the_caller_may_see(api, outsider, other_organisation, public):
    theirs = reviewed_conversation_make(company=public.company, uploaded_by=outsider, organisation=other_organisation)
    response = api.post("/api/v1/reviews/rethread/", {"ciks": [public.company.cik]}, format="json").json()
    assert theirs.review.pk not in response["reviews"] and Review.objects.filter(pk=theirs.review.pk).exists()


def test_it_refuses_to_rethread_an_unknown_company(api, public):
    response = api.post("/api/v1/reviews/rethread/", {"ciks": [public.company.cik, 1]}, format="json")
    assert response.status_code == 400 and "ciks" in response.json()


def test_it_refuses_a_cik_longer_than_ten_digits_with_a_400_not_a_server_error(api, public):
    # schemathesis found it: a 39-digit number overflowed SQLite's integer and answered 500.
    response = api.post("/api/v1/reviews/rethread/", {"ciks": [public.company.cik, 10**38]}, format="json")
    assert response.status_code == 400 and "ciks" in response.json()


@pytest.mark.parametrize("path", ["/api/v1/reviews/", "/api/v1/reviews/metrics/"])
def test_it_refuses_a_span_of_days_past_any_review_with_a_400_not_a_server_error(api, public, path):
    # schemathesis found it: days_open_max=2936708845167319503 overflowed Python's timedelta and answered 500.
    response = api.get(path, {"days_open_max": "2936708845167319503"})
    assert response.status_code == 400 and "days_open_max" in response.json()


def test_it_rethreads_letters_that_moved_into_a_review(api, public):
    Letter.objects.filter(pk=public.company_letter.pk).update(review=None)
    api.post("/api/v1/reviews/rethread/", {"ciks": [public.company.cik]}, format="json")
    assert Letter.objects.get(pk=public.company_letter.pk).review_id == public.review.pk


@pytest.mark.parametrize(
    "who,status", [("member", 200), ("colleague", 403), ("staff_user", 200), ("outsider", 200), ("nobody", 401)]
)
def test_it_reparses_a_public_letter_for_staff_and_editors_only(request, settings, public, who, status):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    client = APIClient() if who == "nobody" else client_for(request.getfixturevalue(who))
    response = client.post(f"/api/v1/letters/{public.staff_letter.pk}/reparse/")
    assert response.status_code == status
    if status == 200:
        assert response.json()["id"] == public.staff_letter.pk and response.json()["parse_status"] in ("parsed", "failed")


@pytest.mark.parametrize("who,status", [("member", 200), ("colleague", 403), ("outsider", 404), ("staff_user", 404)])
def test_it_reparses_a_private_letter_for_its_organisations_editors_only(request, private, who, status):
    response = client_for(request.getfixturevalue(who)).post(f"/api/v1/letters/{private.staff_letter.pk}/reparse/")
    assert response.status_code == status


def test_it_counts_days_open_to_today_while_a_review_is_open(api, private):
    detail = api.get(f"/api/v1/reviews/{private.review.pk}/").json()
    assert detail["status"] == Review.Status.AWAITING_STAFF
    assert detail["days_open"] == (timezone.localdate() - private.review.opened_on).days
    assert api.get("/api/v1/reviews/", {"days_open_min": detail["days_open"] - 1, "is_private": "true"}).json()["count"] == 1
    assert api.get("/api/v1/reviews/", {"opened_to": str(timezone.localdate() - timedelta(days=1))}).status_code == 200


def test_the_metrics_give_the_published_figures_rounds_days_and_letters_per_review(api, three_reviews):
    (row,) = api.get("/api/v1/reviews/metrics/", {"by": "all"}).json()["rows"]
    letters = Letter.objects.filter(review__in=three_reviews).count()
    assert (row["reviews"], row["rounds_mean"], row["letters_per_review"]) == (3, 1.33, round(letters / 3, 2))
    # Days to close and the share closed in one round count the reviews whose closing letter is on EDGAR.
    assert (row["days_to_close_mean"], row["resolved_in_one_round"]) == ((100 + 10) / 2, 1 / 2)
