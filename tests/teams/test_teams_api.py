"""/api/v1/organisations/, /api/v1/memberships/ and /api/v1/watchlist/: each caller reaches only the
organisations they belong to, and only an organisation's admin changes its members."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from teams.models import Membership, Role, WatchedCompany
from tests.comments.factories import company_make
from tests.teams.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def two_organisations():
    a, b = organisation_make(name="A"), organisation_make(name="B")
    return {
        "a": a,
        "b": b,
        "admin_a": member_make(organisation=a, role=Role.ADMIN),
        "editor_a": member_make(organisation=a, role=Role.EDITOR),
        "admin_b": member_make(organisation=b, role=Role.ADMIN),
    }


def test_it_lists_only_the_callers_organisations_with_their_role(two_organisations):
    rows = client_for(two_organisations["editor_a"]).get("/api/v1/organisations/").json()["results"]
    assert [(row["slug"], row["role"]) for row in rows] == [(two_organisations["a"].slug, "editor")]


def test_it_answers_404_for_another_organisation_by_slug(two_organisations):
    response = client_for(two_organisations["admin_b"]).get(f"/api/v1/organisations/{two_organisations['a'].slug}/")
    assert response.status_code == 404


def test_it_makes_whoever_creates_an_organisation_its_admin():
    founder = user_make()
    response = client_for(founder).post("/api/v1/organisations/", {"name": "Coyote Counsel LLP"}, format="json")
    assert (response.status_code, response.json()["slug"], response.json()["role"]) == (201, "coyote-counsel-llp", "admin")


def test_it_never_lists_another_organisations_members(two_organisations):
    listed = client_for(two_organisations["admin_b"]).get("/api/v1/memberships/").json()["results"]
    assert {row["organisation"] for row in listed} == {two_organisations["b"].slug}
    a_membership = Membership.objects.get(user=two_organisations["editor_a"])
    assert client_for(two_organisations["admin_b"]).get(f"/api/v1/memberships/{a_membership.pk}/").status_code == 404


def test_it_lets_an_admin_add_a_member_by_username(two_organisations):
    newcomer = user_make(name="newcomer")
    response = client_for(two_organisations["admin_a"]).post(
        "/api/v1/memberships/",
        {"organisation": two_organisations["a"].slug, "username": "newcomer", "role": "editor"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Membership.objects.get(user=newcomer).role == Role.EDITOR


def test_it_answers_403_when_a_non_admin_adds_a_member(two_organisations):
    user_make(name="newcomer")
    response = client_for(two_organisations["editor_a"]).post(
        "/api/v1/memberships/", {"organisation": two_organisations["a"].slug, "username": "newcomer"}, format="json"
    )
    assert response.status_code == 403 and not Membership.objects.filter(user__username="newcomer").exists()


def test_it_answers_400_for_an_organisation_the_caller_is_not_in(two_organisations):
    user_make(name="newcomer")
    response = client_for(two_organisations["admin_b"]).post(
        "/api/v1/memberships/", {"organisation": two_organisations["a"].slug, "username": "newcomer"}, format="json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "unknown_organisation")


def test_it_changes_a_role_and_refuses_to_demote_the_last_admin(two_organisations):
    admin = client_for(two_organisations["admin_a"])
    editor = Membership.objects.get(user=two_organisations["editor_a"])
    assert admin.patch(f"/api/v1/memberships/{editor.pk}/", {"role": "approver"}, format="json").json()["role"] == "approver"
    own = Membership.objects.get(user=two_organisations["admin_a"])
    refused = admin.patch(f"/api/v1/memberships/{own.pk}/", {"role": "viewer"}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (400, "last_admin")


def test_it_removes_a_member(two_organisations):
    editor = Membership.objects.get(user=two_organisations["editor_a"])
    assert client_for(two_organisations["admin_a"]).delete(f"/api/v1/memberships/{editor.pk}/").status_code == 204
    assert not Membership.objects.filter(pk=editor.pk).exists()


def test_it_keeps_each_organisations_watchlist_to_itself(two_organisations):
    company = company_make()
    added = client_for(two_organisations["editor_a"]).post(
        "/api/v1/watchlist/", {"organisation": two_organisations["a"].slug, "cik": company.cik}, format="json"
    )
    assert added.status_code == 201, added.content
    assert client_for(two_organisations["admin_b"]).get("/api/v1/watchlist/").json()["count"] == 0
    watched = WatchedCompany.objects.get()
    assert client_for(two_organisations["admin_b"]).delete(f"/api/v1/watchlist/{watched.pk}/").status_code == 404
    assert client_for(two_organisations["editor_a"]).delete(f"/api/v1/watchlist/{watched.pk}/").status_code == 204


def test_it_refuses_anonymous_callers():
    assert APIClient().get("/api/v1/organisations/").status_code == 401


def test_it_lists_memberships_in_a_fixed_number_of_queries(two_organisations, django_assert_num_queries):
    for _ in range(3):
        member_make(organisation=two_organisations["a"])
    with django_assert_num_queries(2):  # count, page
        response = client_for(two_organisations["admin_a"]).get("/api/v1/memberships/")
    assert response.json()["count"] == 5


def test_it_lists_organisations_in_a_fixed_number_of_queries(two_organisations, django_assert_num_queries):
    for _ in range(3):
        member_make(organisation=organisation_make(), user=two_organisations["admin_a"])
    with django_assert_num_queries(2):  # count, page
        response = client_for(two_organisations["admin_a"]).get("/api/v1/organisations/")
    assert response.json()["count"] == 4
