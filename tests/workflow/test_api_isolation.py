"""A member of organisation B gets nothing of organisation A's workflow, by id, filter, search or export, in the
API and the admin; the actions answer with the service's refusal for a role that may not."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from teams.models import Role
from tests.workflow.letters import Team, company_make, member_make, staff_letter_text, upload
from workflow import services
from workflow.models import Assignment, Draft, Extension, FilerStatus, Note, ResponseLetter

pytestmark = pytest.mark.django_db

SECRET = "Our answer hinges on the Q3 restatement"
RESOURCES = {
    "assignments": Assignment,
    "drafts": Draft,
    "notes": Note,
    "extensions": Extension,
    "filer-statuses": FilerStatus,
    "response-letters": ResponseLetter,
}


def api(user=None) -> APIClient:  # noqa: ANN001
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world():  # noqa: ANN201
    """Organisation A with one of every workflow row on its private letter; B, another organisation."""
    a, b = Team(), Team()
    company = company_make()
    letter = upload(organisation=a.organisation, user=a.editor, company=company, text=staff_letter_text(date(2024, 12, 20)))
    comment = letter.comments.get(number=1)
    services.assignment_set(user=a.editor, organisation=a.organisation, comment=comment, owner=a.editor)
    draft = services.draft_save(user=a.editor, organisation=a.organisation, comment=comment, text=SECRET)
    services.draft_submit(user=a.editor, draft=draft)
    services.note_add(user=a.editor, organisation=a.organisation, comment=comment, text=SECRET)
    services.extension_enter(
        user=a.editor, organisation=a.organisation, staff_letter=letter, until=date(2025, 1, 20), reason=SECRET
    )
    services.filer_status_set(user=a.admin, organisation=a.organisation, company=company, category="large_accelerated")
    services.response_letter_for(user=a.editor, organisation=a.organisation, staff_letter=letter)
    return a, b, letter, comment


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_a_member_of_b_lists_filters_searches_and_exports_nothing_of_a(world, resource):
    a, b, _, _ = world
    client = api(b.admin)
    assert client.get(f"/api/v1/workflow/{resource}/").json()["results"] == []
    assert client.get(f"/api/v1/workflow/{resource}/?organisation={a.organisation.slug}").json()["results"] == []
    exported = client.get(f"/api/v1/workflow/{resource}/?format=csv").content.decode()
    assert len(list(csv.reader(io.StringIO(exported)))) == 1 and SECRET not in exported
    # ...while A's own members see the row.
    assert len(api(a.viewer).get(f"/api/v1/workflow/{resource}/").json()["results"]) == 1


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_a_member_of_b_gets_not_found_for_a_row_of_a_by_id(world, resource):
    _, b, _, _ = world
    row = RESOURCES[resource].objects.get()
    assert api(b.admin).get(f"/api/v1/workflow/{resource}/{row.pk}/").status_code == 404


@pytest.mark.parametrize("resource", ["drafts", "notes"])
def test_a_member_of_b_finds_nothing_of_a_by_searching(world, resource):
    _, b, _, _ = world
    assert api(b.admin).get(f"/api/v1/workflow/{resource}/?q=restatement").json()["results"] == []


def test_a_member_of_b_cannot_act_on_a_draft_of_a(world):
    _, b, _, _ = world
    draft = Draft.objects.get()
    client = api(b.admin)
    assert (
        client.post(f"/api/v1/workflow/drafts/{draft.pk}/approve/", {"revision": draft.revision}, format="json").status_code
        == 404
    )
    assert client.get(f"/api/v1/workflow/drafts/{draft.pk}/history/").status_code == 404
    assert Draft.objects.get().status == Draft.Status.IN_REVIEW


def test_a_member_of_b_cannot_draft_on_a_private_letter_of_a(world):
    _, b, _, comment = world
    response = api(b.admin).post(
        "/api/v1/workflow/drafts/write/",
        {"organisation": b.organisation.slug, "comment": comment.pk, "text": "Ours now."},
        format="json",
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_comment")


def test_a_member_of_b_cannot_act_for_a(world):
    a, b, letter, _ = world
    response = api(b.admin).post(
        "/api/v1/workflow/response-letters/open/", {"organisation": a.organisation.slug, "staff_letter": letter.pk}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_organisation")
    assert api(b.admin).get(f"/api/v1/workflow/due/?organisation={a.organisation.slug}").status_code == 400


def test_a_member_of_b_cannot_read_the_response_letter_of_a(world):
    _, b, _, _ = world
    letter = ResponseLetter.objects.get()
    client = api(b.admin)
    assert (
        client.post(f"/api/v1/workflow/response-letters/{letter.pk}/generate/", {"format": "html"}, format="json").status_code
        == 404
    )
    assert client.get(f"/api/v1/workflow/response-letters/{letter.pk}/differences/").status_code == 404


def test_nobody_signed_out_reads_anything(world):
    for resource in RESOURCES:
        assert api().get(f"/api/v1/workflow/{resource}/").status_code == 401


def test_a_role_too_low_is_refused_with_the_services_reason(world):
    a, _, _, _ = world
    draft = Draft.objects.get()
    response = api(a.other_editor).post(
        f"/api/v1/workflow/drafts/{draft.pk}/approve/", {"revision": draft.revision}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert "approver" in response.json()["detail"]


def test_the_marked_draft_comes_as_html_to_any_member(world):
    a, _, _, _ = world
    letter = ResponseLetter.objects.get()
    response = api(a.viewer).post(f"/api/v1/workflow/response-letters/{letter.pk}/generate/", {"format": "html"}, format="json")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert b"DRAFT" in response.content and SECRET.encode() in response.content


def test_a_drafts_history_says_who_changed_what(world):
    a, _, _, _ = world
    draft = Draft.objects.get()
    rows = api(a.viewer).get(f"/api/v1/workflow/drafts/{draft.pk}/history/").json()
    assert [(r["history_user"], r["status"]) for r in rows] == [(a.editor.username, "draft"), (a.editor.username, "in_review")]


def test_the_drafts_list_takes_the_same_queries_however_many_drafts(world):
    a, _, letter, _ = world
    client = api(a.viewer)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/workflow/drafts/").json()["results"]) == 1
    for comment in letter.comments.exclude(number=1):
        services.draft_save(user=a.other_editor, organisation=a.organisation, comment=comment, text="More.")
    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/v1/workflow/drafts/").json()["results"]) == 3
    assert len(three.captured_queries) == len(one.captured_queries)


def test_the_due_list_takes_the_same_queries_however_many_comments(world):
    a, _, letter, _ = world
    client = api(a.viewer)
    path = f"/api/v1/workflow/due/?organisation={a.organisation.slug}"
    client.get(path)
    with CaptureQueriesContext(connection) as before:
        assert len(client.get(path).json()) == 3
    upload(organisation=a.organisation, user=a.editor, company=letter.company, text=staff_letter_text(date(2025, 2, 3)))
    with CaptureQueriesContext(connection) as after:
        assert len(client.get(path).json()) == 6
    assert len(after.captured_queries) == len(before.captured_queries)


# --- the admin ----------------------------------------------------------------------------------------


@pytest.fixture
def staff_of_b(world):  # noqa: ANN201
    _, b, _, _ = world
    user = member_make(b.organisation, Role.ADMIN)
    user.is_staff = True
    user.save()
    return user


def a_organisation_name(world) -> str:  # noqa: ANN001
    return world[0].organisation.name


@pytest.mark.parametrize("model", ["assignment", "draft", "note", "extension", "filerstatus", "responseletter"])
def test_the_admin_shows_a_staff_member_of_b_nothing_of_a(client, world, staff_of_b, model):
    client.force_login(staff_of_b)
    row = {m._meta.model_name: m for m in RESOURCES.values()}[model].objects.get()
    change = f"/admin/workflow/{model}/{row.pk}/change/"
    for path in (f"/admin/workflow/{model}/", f"/admin/workflow/{model}/?q=restatement"):
        listing = client.get(path)
        assert listing.status_code == 200 and change not in listing.content.decode()
        assert a_organisation_name(world) not in listing.content.decode()  # not even in the filter sidebar
    assert client.get(change).status_code in (302, 404)  # the admin's "no such object"
    if model != "note":
        assert client.get(f"/admin/workflow/{model}/{row.pk}/history/").status_code == 404


def test_the_admin_shows_a_staff_member_of_a_its_rows_and_their_history(client, world):
    a, _, _, _ = world
    a.editor.is_staff = True
    a.editor.save()
    client.force_login(a.editor)
    draft = Draft.objects.get()
    assert f"/admin/workflow/draft/{draft.pk}/change/" in client.get("/admin/workflow/draft/").content.decode()
    assert SECRET in client.get(f"/admin/workflow/draft/{draft.pk}/change/").content.decode()
    assert client.get(f"/admin/workflow/draft/{draft.pk}/history/").status_code == 200
