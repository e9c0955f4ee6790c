"""Every resource the API root lists (config.api.API_RESOURCES), asked the same way: who may list it and
open one of its rows (anonymous, a member of the owning organisation, a member of another organisation,
staff in none), whether another organisation's private rows leak by list, id or export, and the queries
a list and a detail take, the same for one row as for many.

tests/teams/test_isolation.py asks the letters' every path (filters, nested fields, the admin, pages);
this module asks every resource, so a resource added to the root without its share of the matrix fails here.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from alerts.models import Subscription
from comments.models import CompanyResponse, FilingReference, Review, StaffComment
from config.api import API_RESOURCES
from filings.models import Company
from teams.models import Membership, WatchedCompany
from tests.alerts.factories import days_ago, email_channel, raised
from tests.api.rows import conversation_make, ingestion_run_make
from tests.workflow.letters import COMMENTS, Team, long_date, staff_letter_text, upload
from workflow import services as workflow
from workflow.models import Assignment, Extension, FilerStatus, Note, ResponseLetter

pytestmark = pytest.mark.django_db

SECRET = "the undisclosed Q3 restatement"
_ciks = itertools.count(1)
VIEWERS = ["anonymous", "anonymous, public reading on", "member", "member of another organisation", "staff"]


@dataclass
class Private:
    """A's private rows, by resource: what a member of A sees and no one outside A may."""

    ids: dict[str, set] = field(default_factory=dict)

    def add(self, resource: str, *keys: object) -> None:
        self.ids.setdefault(resource, set()).update(keys)


@dataclass(repr=False)
class World:
    a: Team
    b: Team
    staff: object
    private: Private
    slug: str


def _a_rows_make(team: Team, private: Private, *, n: int, secret: str = SECRET) -> None:
    """One more of every private row of A: a staff letter and the company's answer (uploaded), their
    review, the workflow on its first comment, a watched company, an alert channel and its deliveries."""
    company = Company.objects.create(cik=7_700_000 + next(_ciks), name=f"Private Co {n}")
    channel = email_channel(team, f"alerts-{n}@example.com")  # before the letter, whose alerts it is sent
    sent = days_ago(2 + n)
    comments = [(heading, f"{text} Explain {secret}.") for heading, text in COMMENTS]
    staff_letter = upload(
        organisation=team.organisation, user=team.editor, company=company, text=staff_letter_text(sent, comments)
    )
    comment = staff_letter.comments.order_by("number").first()
    answers = "\n\n".join(f"{i}. {text}\n\nResponse: We will disclose {secret}." for i, (_, text) in enumerate(comments, 1))
    answer = upload(
        organisation=team.organisation,
        user=team.editor,
        company=company,
        form_type="CORRESP",
        text=f"Private Co {n}\n\n{long_date(days_ago(1))}\n\nVIA EDGAR\n\nDivision of Corporation Finance\n\n"
        f"Re: Private Co {n}\nForm 10-K for the Fiscal Year Ended December 31, 2023\n\nDear Sir or Madam:\n\n"
        f"We are responding to the comments in your letter dated {long_date(sent)}.\n\n{answers}\n\nSincerely,\n\nJane Doe\n",
    )
    assert answer.responses.exists(), "the company's answer must parse into responses"
    org = team.organisation
    workflow.assignment_set(user=team.editor, organisation=org, comment=comment, owner=team.editor)
    draft = workflow.draft_save(user=team.editor, organisation=org, comment=comment, text=f"Draft on {secret}")
    workflow.note_add(user=team.editor, organisation=org, comment=comment, text=f"Note on {secret}")
    workflow.extension_enter(user=team.editor, organisation=org, staff_letter=staff_letter, until=days_ago(-30), reason=secret)
    workflow.filer_status_set(user=team.admin, organisation=org, company=company, category="large_accelerated")
    workflow.response_letter_for(user=team.editor, organisation=org, staff_letter=staff_letter)
    watched = WatchedCompany.objects.create(organisation=org, company=company)
    deliveries = raised(staff_letter)
    assert deliveries

    letters = {staff_letter.pk, answer.pk}
    private.add("letters", *letters)
    private.add("staff_comments", *StaffComment.objects.filter(letter__in=letters).values_list("pk", flat=True))
    private.add("company_responses", *CompanyResponse.objects.filter(letter__in=letters).values_list("pk", flat=True))
    private.add("referenced_filings", *FilingReference.objects.filter(letter__in=letters).values_list("pk", flat=True))
    private.add("reviews", *Review.objects.filter(letters__in=letters).values_list("pk", flat=True))
    private.add("search", *letters)
    private.add("watchlist", watched.pk)
    private.add("assignments", *Assignment.objects.filter(organisation=org).values_list("pk", flat=True))
    private.add("drafts", draft.pk)
    private.add("notes", *Note.objects.filter(organisation=org).values_list("pk", flat=True))
    private.add("extensions", *Extension.objects.filter(organisation=org).values_list("pk", flat=True))
    private.add("filer_statuses", *FilerStatus.objects.filter(organisation=org).values_list("pk", flat=True))
    private.add("response_letters", *ResponseLetter.objects.filter(organisation=org).values_list("pk", flat=True))
    private.add("due", *StaffComment.objects.filter(letter=staff_letter).values_list("pk", flat=True))
    private.add("alert_channels", channel.pk)
    private.add("alert_subscriptions", *Subscription.objects.filter(channel=channel).values_list("pk", flat=True))
    private.add("alert_deliveries", *(d.pk for d in deliveries))
    private.add("organisations", org.slug)
    private.add("memberships", *Membership.objects.filter(organisation=org).values_list("pk", flat=True))


def _public_rows_make(n: int) -> None:
    conversation_make(when=date(2020, 1 + n % 12, 1 + n))
    ingestion_run_make(failures=1)


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_root(settings, media_dir):
    settings.MEDIA_ROOT = media_dir


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_dir) -> Iterator[World]:
    """Built once for the module inside a transaction rolled back at the end; each test runs in a
    savepoint of its own within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_dir, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        a, b = Team(), Team()
        private = Private()
        _a_rows_make(a, private, n=1)
        _a_rows_make(
            b, Private(), n=2, secret="what B keeps to itself"
        )  # B's own rows: B's answers are not empty because it has nothing
        _public_rows_make(1)
        staff = get_user_model().objects.create_user("staff-in-no-organisation", password="x", is_staff=True)
        yield World(a, b, staff, private, a.organisation.slug)
        transaction.set_rollback(True)


def _client(w: World, viewer: str) -> APIClient:
    user = {
        "anonymous": None,
        "anonymous, public reading on": None,
        "member": w.a.viewer,
        "member of another organisation": w.b.admin,
        "staff": w.staff,
    }[viewer]
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# --- what each resource is asked ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    key: str = "id"  # what names a row in the list
    params: dict = field(default_factory=dict)
    public: bool = False  # public EDGAR data: everyone signed in lists it
    staff_only: bool = False  # the ingestion records
    detail: Callable[[str, object], str] | None = None  # a row's path from the list's path and the row's key
    paged: bool = True
    exported: bool = True


def _by_id(path: str, key: object) -> str:
    return f"{path}{key}/"


RESOURCES = {
    "companies": Resource(key="cik", public=True, detail=_by_id),
    "filings": Resource(key="accession_number", public=True, detail=_by_id),
    "documents": Resource(public=True, detail=_by_id),
    "letters": Resource(public=True, detail=_by_id),
    "staff_comments": Resource(public=True, detail=_by_id),
    "company_responses": Resource(public=True, detail=_by_id),
    "referenced_filings": Resource(public=True, detail=_by_id),
    "reviews": Resource(public=True, detail=_by_id),
    "search": Resource(params={"q": "restatement"}, public=True),
    "ingestion_runs": Resource(staff_only=True, detail=_by_id),
    "ingestion_failures": Resource(staff_only=True, detail=_by_id),
    "organisations": Resource(key="slug", detail=_by_id, exported=False),
    "memberships": Resource(detail=_by_id, exported=False),
    "watchlist": Resource(detail=_by_id, exported=False),
    "assignments": Resource(detail=_by_id),
    "drafts": Resource(detail=_by_id),
    "notes": Resource(detail=_by_id),
    "extensions": Resource(detail=_by_id),
    "filer_statuses": Resource(detail=_by_id),
    "response_letters": Resource(detail=_by_id),
    "due": Resource(key="comment", params={"organisation": "<A>"}, paged=False, exported=False),
    "alert_channels": Resource(detail=_by_id, exported=False),
    "alert_subscriptions": Resource(detail=_by_id, exported=False),
    "alert_deliveries": Resource(detail=_by_id),
}


# Public EDGAR data only (no organisation's row among them) and the ingestion records (staff's, tested in
# test_plumbing.py) have no row of A to open.
NO_PRIVATE_ROWS = {"companies", "filings", "documents", "ingestion_runs", "ingestion_failures"}


# Resources whose matrix lives with their own tests.
ASKED_ELSEWHERE = {"precedents": "tests/precedents"}


def test_every_resource_at_the_api_root_has_its_share_of_the_matrix():
    assert set(RESOURCES) | set(ASKED_ELSEWHERE) == set(API_RESOURCES)


def test_the_matrix_asks_about_a_row_of_a_in_every_resource_that_has_private_rows(world):
    empty = [name for name in RESOURCES if name not in NO_PRIVATE_ROWS and not world.private.ids.get(name)]
    assert empty == []


def _path(name: str) -> str:
    return reverse(API_RESOURCES[name])


def _params(w: World, name: str) -> dict:
    return {k: w.slug if v == "<A>" else v for k, v in RESOURCES[name].params.items()}


def _keys(body: object, resource: Resource) -> set:
    rows = body["results"] if resource.paged else body
    keys = set()
    for row in rows:
        key = row[resource.key]
        keys.add(key["id"] if isinstance(key, dict) else key)
    return keys


def _expected_status(name: str, viewer: str) -> int:
    resource = RESOURCES[name]
    if viewer == "anonymous":
        return 401
    if viewer == "anonymous, public reading on":
        return 200 if resource.public else 401
    if resource.staff_only:
        return 200 if viewer == "staff" else 403
    if name == "due" and viewer != "member":
        return 400  # "not a member of an organisation with this slug", as for a slug no organisation has
    return 200


def _cases() -> Iterator:
    for name in RESOURCES:
        for viewer in VIEWERS:
            yield pytest.param(name, viewer, id=f"{name} | {viewer}")


@pytest.mark.parametrize("name,viewer", list(_cases()))
def test_it_lists_a_resource_to_whom_it_may_and_another_organisations_rows_to_no_one(settings, world, name, viewer):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = viewer == "anonymous, public reading on"
    response = _client(world, viewer).get(_path(name), _params(world, name))
    assert response.status_code == _expected_status(name, viewer), response.content[:300]
    if response.status_code != 200:
        return
    listed = _keys(response.json(), RESOURCES[name])
    a_rows = world.private.ids.get(name, set())
    # A member of A sees A's rows; no one else sees any of them.
    assert bool(listed & a_rows) is (viewer == "member" and bool(a_rows))
    assert SECRET not in response.content.decode() or viewer == "member"


def _detail_cases() -> list:
    return [
        c
        for c in _cases()
        if RESOURCES[c.values[0]].detail and c.values[0] not in NO_PRIVATE_ROWS and not c.values[1].startswith("anonymous")
    ]


@pytest.mark.parametrize("name,viewer", _detail_cases())
def test_it_opens_another_organisations_row_by_id_for_no_one(world, name, viewer):
    a_rows = world.private.ids[name]
    key = sorted(a_rows, key=str)[0]
    response = _client(world, viewer).get(RESOURCES[name].detail(_path(name), key))
    assert response.status_code == (200 if viewer == "member" else 404), response.content[:300]


@pytest.mark.parametrize("name", [n for n, r in RESOURCES.items() if r.exported])
@pytest.mark.parametrize("viewer", ["member", "member of another organisation", "staff"])
def test_it_exports_another_organisations_rows_to_no_one(world, name, viewer):
    response = _client(world, viewer).get(_path(name), {**_params(world, name), "format": "csv"})
    if RESOURCES[name].staff_only and viewer != "staff":
        assert response.status_code == 403
        return
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv"), response.content[:300]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    column = RESOURCES[name].key if name != "search" else "id"
    exported = {row[column] for row in rows}
    a_rows = {str(k) for k in world.private.ids.get(name, set())}
    assert bool(exported & a_rows) is (viewer == "member" and bool(a_rows))
    assert SECRET not in text or viewer == "member"


# --- queries: the same for one row as for many ----------------------------------------------------------------

# Queries for a member of A, signed in (force_authenticate: no session or token query), with the
# default page. Each is the same with one row of each kind and with four; see test_resources.py for
# staff's lists of public data.
LIST_QUERIES = {
    # count and page; + one per prefetched relation
    "companies": 2,
    "filings": 3,  # + their companies
    "documents": 2,
    "letters": 2,
    "staff_comments": 2,
    "company_responses": 2,
    "referenced_filings": 2,
    "reviews": 3,  # + their letters
    "search": 3,  # + the newest matches, found before they are ranked
    "organisations": 2,
    "memberships": 2,
    "watchlist": 2,
    "assignments": 2,
    "drafts": 2,
    "notes": 2,
    "extensions": 2,
    "filer_statuses": 2,
    "response_letters": 2,
    "due": 10,  # no page: the organisation, the due comments and their workflow rows, the visibility check
    "alert_channels": 3,  # + their subscriptions
    "alert_subscriptions": 2,
    "alert_deliveries": 2,
}
DETAIL_QUERIES = {
    # the row; + one per prefetched relation
    "companies": 1,
    "filings": 3,  # + companies, documents
    "documents": 1,
    "letters": 5,  # + comments, responses, acknowledgements, references
    "staff_comments": 2,  # + responses
    "company_responses": 1,
    "referenced_filings": 1,
    "reviews": 5,  # + letters, their comments, the comments' answers, the letters' responses
    "organisations": 1,
    "memberships": 1,
    "watchlist": 1,
    "assignments": 1,
    "drafts": 1,
    "notes": 1,
    "extensions": 1,
    "filer_statuses": 1,
    "response_letters": 1,
    "alert_channels": 2,  # + subscriptions
    "alert_subscriptions": 1,
    "alert_deliveries": 2,  # + attempts
}

EXPORTED = [name for name, r in RESOURCES.items() if r.exported and not r.staff_only]


def _queries(client: APIClient, path: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker, media_dir) -> Iterator[dict]:
    """Queries of every list and detail with one row of A's each, then with four."""
    counts: dict = {"list": {}, "detail": {}, "export": {}}
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_dir, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        team = Team()
        private = Private()
        w = World(team, team, None, private, team.organisation.slug)
        client = _client(w, "member")
        for size, makes in (("one", range(1, 2)), ("many", range(2, 5))):
            for n in makes:
                _a_rows_make(team, private, n=n)
                _public_rows_make(n)
            for name in LIST_QUERIES:
                counts["list"].setdefault(name, {})[size] = _queries(client, _path(name), _params(w, name))
            for name in EXPORTED:
                params = {**_params(w, name), "format": "csv"}
                counts["export"].setdefault(name, {})[size] = _queries(client, _path(name), params)
            for name in DETAIL_QUERIES:
                keys = private.ids.get(name) or _keys(client.get(_path(name)).json(), RESOURCES[name])
                assert keys, name
                key = sorted(keys, key=str)[-1]
                counts["detail"].setdefault(name, {})[size] = _queries(client, RESOURCES[name].detail(_path(name), key), {})
        yield counts
        transaction.set_rollback(True)


@pytest.mark.parametrize("name", LIST_QUERIES)
def test_it_lists_every_resource_in_the_same_queries_for_one_row_or_many(query_counts, name):
    assert query_counts["list"][name] == {"one": LIST_QUERIES[name], "many": LIST_QUERIES[name]}


@pytest.mark.parametrize("name", EXPORTED)
def test_it_exports_every_resource_in_the_same_queries_for_one_row_or_many(query_counts, name):
    assert query_counts["export"][name]["one"] == query_counts["export"][name]["many"]


@pytest.mark.parametrize("name", DETAIL_QUERIES)
def test_it_shows_a_row_of_every_resource_in_the_same_queries_for_one_row_or_many(query_counts, name):
    assert query_counts["detail"][name] == {"one": DETAIL_QUERIES[name], "many": DETAIL_QUERIES[name]}


def test_the_pinned_counts_cover_every_list_and_detail():
    assert set(LIST_QUERIES) | {n for n, r in RESOURCES.items() if r.staff_only} == set(RESOURCES)
    assert set(DETAIL_QUERIES) == {n for n, r in RESOURCES.items() if r.detail and not r.staff_only}
