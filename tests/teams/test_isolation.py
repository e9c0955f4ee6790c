"""One organisation never sees another's private data, by any path.

The matrix: who (anonymous, a member of A, a member of B, a superuser, a staff user in no organisation),
which object (A's private staff letter and company letter, their comments and responses, the review
threaded from them, and A's private answer to a public letter), which path (the API's lists, details,
filters, search and export; the admin's changelists, change pages and filters; the pages; the nested
fields of public letters; reviews_visible_to). Only A's members and superusers see any of it.
Every viewer but the anonymous one is staff with the admin's view permissions, as an organisation's
people would be, so the admin paths are really asked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from rest_framework.test import APIClient

from alerts.models import Channel, EventKind
from alerts.services import channel_create, event_raise
from comments.models import CompanyResponse, Letter, Review, StaffComment
from comments.review_selectors import reviews_visible_to
from comments.selectors import letters_visible_to
from teams.models import Role
from tests.comments.factories import COMPANY_RESPONSE, STAFF_LETTER, company_make, letter_make
from tests.teams.factories import intake, member_make, organisation_make, user_make
from workflow.models import Assignment, Draft, Note

pytestmark = pytest.mark.django_db

# A's letters say something no public letter says, so a page that leaks them can be caught by its text.
SECRET = "confidential widget recall"
A_STAFF_LETTER = STAFF_LETTER.replace("the price increase", f"the {SECRET}")
A_COMPANY_RESPONSE = COMPANY_RESPONSE.replace("the price increase", f"the {SECRET}")

VIEWERS = ["anonymous", "member of A", "member of B", "superuser", "staff without membership"]
SEE_A = {"member of A", "superuser"}


@dataclass(repr=False)
class World:
    users: dict
    staff_letter: Letter  # A's private staff letter
    answer: Letter  # A's private company letter answering it
    comments: list[StaffComment]
    responses: list[CompanyResponse]
    review: Review  # threaded from A's two private letters
    public_staff: Letter  # a public staff letter that A answered privately
    public_comment: StaffComment
    a_private_answer: CompanyResponse  # A's private answer to public_comment
    public_answer: Letter  # a public company letter linked (by the linker) to A's private staff letter
    public_answer_response: CompanyResponse
    b_letter: Letter  # B's own private letter: B's private results are not empty

    @property
    def a_letters(self) -> set[int]:
        return {self.staff_letter.pk, self.answer.pk, self.a_private_answer.letter_id}

    @property
    def a_comments(self) -> set[int]:
        return {c.pk for c in self.comments}

    @property
    def a_responses(self) -> set[int]:
        return {r.pk for r in self.responses} | {self.a_private_answer.pk}


@pytest.fixture(scope="module")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def media_root(settings, media_dir):
    # The world's uploads are stored once, for the whole module; every test reads them from there.
    settings.MEDIA_ROOT = media_dir


@pytest.fixture(autouse=True)
def anonymous_public_read(settings):
    # Anonymous readers get answers (public data), so their share of the matrix is really asked.
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_dir) -> Iterator[World]:
    """Built once for the module (some 170 cases read it) inside a transaction rolled back at the end;
    each test runs in a savepoint of its own within it."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_dir), transaction.atomic():
        yield _world_make()
        transaction.set_rollback(True)


def _world_make() -> World:
    a, b = organisation_make(name="A"), organisation_make(name="B")
    editor_a = member_make(organisation=a, role=Role.EDITOR, staff=True)
    users = {
        "anonymous": None,
        "member of A": member_make(organisation=a, role=Role.VIEWER, staff=True),
        "member of B": member_make(organisation=b, role=Role.ADMIN, staff=True),
        "superuser": user_make(superuser=True),
        "staff without membership": user_make(staff=True),
    }
    company = company_make(name="Acme Widgets Inc.")
    staff_letter = intake(data=A_STAFF_LETTER.encode(), company=company, organisation=a, user=editor_a).letter
    answer = intake(data=A_COMPANY_RESPONSE.encode(), company=company, organisation=a, user=editor_a, form_type="CORRESP").letter
    staff_letter.refresh_from_db()
    answer.refresh_from_db()
    assert answer.responds_to_id == staff_letter.pk and staff_letter.review_id == answer.review_id is not None
    review = Review.objects.get(pk=staff_letter.review_id)
    assert review.is_private
    comments = list(staff_letter.comments.all())
    responses = list(answer.responses.all())
    Assignment.objects.create(organisation=a, comment=comments[0], owner=editor_a)
    Draft.objects.create(organisation=a, comment=comments[0], text=f"internal: the {SECRET} answer", written_by=editor_a)
    Note.objects.create(organisation=a, comment=comments[0], author=editor_a, text=f"the {SECRET} stays between us")
    admin_a = member_make(organisation=a, role=Role.ADMIN)
    channel = channel_create(
        user=admin_a,
        organisation=a,
        kind=Channel.Kind.EMAIL,
        target="desk@a.example",
        name=SECRET,
        event_kinds=[EventKind.NEW_STAFF_LETTER],
    )
    event_raise(
        kind=EventKind.NEW_STAFF_LETTER,
        dedupe_key=f"isolation-{staff_letter.pk}",
        summary=f"New staff letter on the {SECRET}",
        payload={},
        organisation=a,
        company=company,
        letter=staff_letter,
    )
    assert channel.deliveries.count() == 1

    other = company_make(name="Public Co")
    public_staff = letter_make(
        company=other, kind=Letter.Kind.STAFF_COMMENT_LETTER, letter_date=date(2024, 3, 1), parse_status=Letter.ParseStatus.PARSED
    )
    public_comment = StaffComment.objects.create(letter=public_staff, number=1, text="Tell us about segments.", position=0)
    a_reply = letter_make(
        company=other,
        form_type="CORRESP",
        kind=Letter.Kind.COMPANY_RESPONSE,
        letter_date=date(2024, 3, 20),
        is_private=True,
        organisation=a,
        text=f"1. Response: the {SECRET}.",
        parse_status=Letter.ParseStatus.PARSED,
        responds_to=public_staff,
    )
    a_private_answer = CompanyResponse.objects.create(letter=a_reply, comment=public_comment, number=1, text=f"The {SECRET}.")
    public_answer = letter_make(
        company=company,
        form_type="CORRESP",
        kind=Letter.Kind.COMPANY_RESPONSE,
        letter_date=date(2015, 3, 3),
        parse_status=Letter.ParseStatus.PARSED,
        responds_to=staff_letter,
    )
    public_answer_response = CompanyResponse.objects.create(
        letter=public_answer, comment=comments[0], number=1, restated_comment="Please quantify.", text="We will."
    )
    b_company = company_make(name="Bee Corp")
    b_letter = intake(
        data=STAFF_LETTER.encode(), company=b_company, organisation=b, user=member_make(organisation=b, role=Role.EDITOR)
    ).letter
    return World(
        users,
        staff_letter,
        answer,
        comments,
        responses,
        review,
        public_staff,
        public_comment,
        a_private_answer,
        public_answer,
        public_answer_response,
        b_letter,
    )


def _api(w: World, viewer: str) -> APIClient:
    client = APIClient()
    if w.users[viewer] is not None:
        client.force_authenticate(w.users[viewer])
    return client


def _browser(w: World, viewer: str) -> Client:
    client = Client()
    if w.users[viewer] is not None:
        client.force_login(w.users[viewer])
    return client


def _ids(response) -> set[int]:  # noqa: ANN001
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def _changelist(response) -> list:  # noqa: ANN001
    # Anonymous callers are sent to the sign-in page; an admin page a user may not open is a 403.
    if response.status_code != 200:
        return []
    return list(response.context["cl"].result_list)


def _opens(response) -> bool:  # noqa: ANN001
    # The admin answers an object outside get_queryset with a redirect ("does not exist"), the API and pages with 404.
    return response.status_code == 200


def _shows_secret(response) -> bool:  # noqa: ANN001
    return response.status_code == 200 and SECRET in response.content.decode()


# Each path answers whether the viewer got anything of A's private data through it.
PATHS: dict[str, Callable[[World, str], bool]] = {
    # --- the API ---------------------------------------------------------------------------------------
    "api letters list": lambda w, v: bool(_ids(_api(w, v).get("/api/v1/letters/")) & w.a_letters),
    "api letter by id": lambda w, v: _opens(_api(w, v).get(f"/api/v1/letters/{w.staff_letter.pk}/")),
    "api letters ?is_private=true": lambda w, v: bool(
        _ids(_api(w, v).get("/api/v1/letters/", {"is_private": "true"})) & w.a_letters
    ),
    "api letters search by company": lambda w, v: bool(
        _ids(_api(w, v).get("/api/v1/letters/", {"company_search": str(w.staff_letter.company.cik)})) & w.a_letters
    ),
    "api letters export": lambda w, v: bool(
        {
            int(row["id"])
            for row in csv.DictReader(
                io.StringIO(_api(w, v).get("/api/v1/letters/", {"format": "csv"}).content.decode("utf-8-sig"))
            )
        }
        & w.a_letters
    ),
    "api staff comments list": lambda w, v: bool(_ids(_api(w, v).get("/api/v1/staff-comments/")) & w.a_comments),
    "api staff comment by id": lambda w, v: _opens(_api(w, v).get(f"/api/v1/staff-comments/{w.comments[0].pk}/")),
    "api company responses list": lambda w, v: bool(_ids(_api(w, v).get("/api/v1/company-responses/")) & w.a_responses),
    "api company response by id": lambda w, v: _opens(_api(w, v).get(f"/api/v1/company-responses/{w.responses[0].pk}/")),
    "api responses ?comment=<A's comment>": lambda w, v: bool(
        _ids(_api(w, v).get("/api/v1/company-responses/", {"comment": w.comments[0].pk}))
    ),
    "api referenced filings list": lambda w, v: any(
        row["letter"]["id"] in w.a_letters for row in _api(w, v).get("/api/v1/referenced-filings/").json()["results"]
    ),
    # --- nested fields of public letters ------------------------------------------------------------------
    "api public letter's responds_to": lambda w, v: (
        _api(w, v).get(f"/api/v1/letters/{w.public_answer.pk}/").json()["responds_to"] == w.staff_letter.pk
    ),
    "api public letter's nested response comment": lambda w, v: any(
        r["comment"] is not None for r in _api(w, v).get(f"/api/v1/letters/{w.public_answer.pk}/").json()["responses"]
    ),
    "api public response's comment": lambda w, v: (
        _api(w, v).get(f"/api/v1/company-responses/{w.public_answer_response.pk}/").json()["comment"] is not None
    ),
    "api public comment's answers": lambda w, v: any(
        r["id"] == w.a_private_answer.pk
        for r in _api(w, v).get(f"/api/v1/staff-comments/{w.public_comment.pk}/").json()["responses"]
    ),
    "api public comments ?answered=true": lambda w, v: (
        w.public_comment.pk in _ids(_api(w, v).get("/api/v1/staff-comments/", {"answered": "true"}))
    ),
    # --- the admin ---------------------------------------------------------------------------------------
    "admin letters changelist": lambda w, v: bool(
        {x.pk for x in _changelist(_browser(w, v).get("/admin/comments/letter/"))} & w.a_letters
    ),
    "admin letter by id": lambda w, v: _opens(_browser(w, v).get(f"/admin/comments/letter/{w.staff_letter.pk}/change/")),
    "admin letters ?is_private__exact=1": lambda w, v: bool(
        {x.pk for x in _changelist(_browser(w, v).get("/admin/comments/letter/", {"is_private__exact": "1"}))} & w.a_letters
    ),
    "admin letters search": lambda w, v: bool(
        {x.pk for x in _changelist(_browser(w, v).get("/admin/comments/letter/", {"q": "Acme"}))} & w.a_letters
    ),
    "admin public letter's side by side": lambda w, v: _shows_secret(
        _browser(w, v).get(f"/admin/comments/letter/{w.public_staff.pk}/change/")
    ),
    "admin reviews changelist": lambda w, v: w.review in _changelist(_browser(w, v).get("/admin/comments/review/")),
    "admin review by id": lambda w, v: _opens(_browser(w, v).get(f"/admin/comments/review/{w.review.pk}/change/")),
    "admin staff comments changelist": lambda w, v: bool(
        {x.pk for x in _changelist(_browser(w, v).get("/admin/comments/staffcomment/"))} & w.a_comments
    ),
    "admin staff comment by id": lambda w, v: _opens(
        _browser(w, v).get(f"/admin/comments/staffcomment/{w.comments[0].pk}/change/")
    ),
    "admin assignments changelist": lambda w, v: bool(_changelist(_browser(w, v).get("/admin/workflow/assignment/"))),
    "admin drafts changelist": lambda w, v: bool(_changelist(_browser(w, v).get("/admin/workflow/draft/"))),
    "api assignments list": lambda w, v: (
        _api(w, v).get("/api/v1/workflow/assignments/").status_code == 200
        and bool(_api(w, v).get("/api/v1/workflow/assignments/").json()["results"])
    ),
    "api drafts list": lambda w, v: _shows_secret(_api(w, v).get("/api/v1/workflow/drafts/")),
    "api notes list": lambda w, v: _shows_secret(_api(w, v).get("/api/v1/workflow/notes/")),
    "api notes export": lambda w, v: _shows_secret(_api(w, v).get("/api/v1/workflow/notes/", {"format": "csv"})),
    "api alert channels list": lambda w, v: _shows_secret(_api(w, v).get("/api/v1/alerts/channels/")),
    "api alert deliveries list": lambda w, v: _shows_secret(_api(w, v).get("/api/v1/alerts/deliveries/")),
    "api alert deliveries export": lambda w, v: _shows_secret(_api(w, v).get("/api/v1/alerts/deliveries/", {"format": "csv"})),
    "admin notes changelist": lambda w, v: bool(_changelist(_browser(w, v).get("/admin/workflow/note/"))),
    "admin alert channels changelist": lambda w, v: bool(_changelist(_browser(w, v).get("/admin/alerts/channel/"))),
    "admin alert deliveries changelist": lambda w, v: bool(_changelist(_browser(w, v).get("/admin/alerts/delivery/"))),
    "admin alert deliveries search": lambda w, v: bool(
        _changelist(_browser(w, v).get("/admin/alerts/delivery/", {"q": "widget"}))
    ),
    # --- the pages ---------------------------------------------------------------------------------------
    "page letter by id": lambda w, v: _opens(_browser(w, v).get(f"/letters/{w.staff_letter.pk}/")),
    "page private original": lambda w, v: _opens(_browser(w, v).get(f"/letters/{w.staff_letter.pk}/original/")),
    "page search": lambda w, v: (
        _shows_secret(_browser(w, v).get("/search/", {"company_search": str(w.staff_letter.company.cik)}))
        or f"/letters/{w.staff_letter.pk}/" in _browser(w, v).get("/search/", {"company_search": "Acme"}).content.decode()
    ),
    "page company": lambda w, v: (
        f"/letters/{w.staff_letter.pk}/" in _browser(w, v).get(f"/companies/{w.staff_letter.company.cik}/").content.decode()
    ),
    "page public letter's side by side": lambda w, v: _shows_secret(_browser(w, v).get(f"/letters/{w.public_staff.pk}/")),
    # --- the selectors every other reader uses ----------------------------------------------------------
    "letters_visible_to": lambda w, v: letters_visible_to(user=w.users[v]).filter(pk__in=w.a_letters).exists(),
    "reviews_visible_to": lambda w, v: reviews_visible_to(user=w.users[v]).filter(pk=w.review.pk).exists(),
}


def _cases():  # noqa: ANN202
    for path in PATHS:
        for viewer in VIEWERS:
            yield pytest.param(path, viewer, id=f"{path} | {viewer}")


@pytest.mark.parametrize("path,viewer", list(_cases()))
def test_it_shows_a_private_letter_only_to_its_organisation(world, path, viewer):
    assert PATHS[path](world, viewer) is (viewer in SEE_A)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_still_shows_everyone_the_public_letters(world, viewer):
    visible = set(letters_visible_to(user=world.users[viewer]).values_list("pk", flat=True))
    assert {world.public_staff.pk, world.public_answer.pk} <= visible


# --- what the post-parse step joins across organisations (linking and threading) ---------------------


def _two_organisations_on_one_company():  # noqa: ANN202
    a, b = organisation_make(name="A"), organisation_make(name="B")
    company = company_make()
    a_staff = intake(
        data=A_STAFF_LETTER.encode(), company=company, organisation=a, user=member_make(organisation=a, role=Role.EDITOR)
    ).letter
    outsider = member_make(organisation=b, role=Role.EDITOR)
    b_answer = intake(data=COMPANY_RESPONSE.encode(), company=company, organisation=b, user=outsider, form_type="CORRESP").letter
    return a_staff, b_answer, outsider


def test_it_never_links_one_organisations_letter_to_anothers_private_letter():
    a_staff, b_answer, _ = _two_organisations_on_one_company()
    b_answer.refresh_from_db()
    assert b_answer.responds_to_id != a_staff.pk
    assert not StaffComment.objects.filter(letter=a_staff, responses__letter=b_answer).exists()


def test_it_shows_a_review_only_when_every_letter_in_it_may_be_seen():
    _, _, outsider = _two_organisations_on_one_company()
    for review in reviews_visible_to(user=outsider):
        letters = set(review.letters.values_list("pk", flat=True))
        assert letters <= set(letters_visible_to(user=outsider).values_list("pk", flat=True)), review
