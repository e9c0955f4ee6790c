"""The admin lets an organisation's admin manage its own members only."""

from __future__ import annotations

import pytest

from teams.models import Membership, Role
from tests.teams.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_organisations():
    a, b = organisation_make(name="A"), organisation_make(name="B")
    return {
        "a": a,
        "b": b,
        "admin_a": member_make(organisation=a, role=Role.ADMIN, staff=True),
        "viewer_a": member_make(organisation=a, role=Role.VIEWER, staff=True),
        "admin_b": member_make(organisation=b, role=Role.ADMIN, staff=True),
    }


def test_it_shows_an_organisations_admin_its_own_members_only(client, two_organisations):
    client.force_login(two_organisations["admin_b"])
    listed = list(client.get("/admin/teams/membership/").context["cl"].result_list)
    assert {m.organisation for m in listed} == {two_organisations["b"]}
    other = Membership.objects.get(user=two_organisations["viewer_a"])
    assert client.get(f"/admin/teams/membership/{other.pk}/change/").status_code == 302  # "does not exist"


def test_it_shows_a_staff_user_only_the_organisations_they_belong_to(client, two_organisations):
    client.force_login(two_organisations["admin_b"])
    assert list(client.get("/admin/teams/organisation/").context["cl"].result_list) == [two_organisations["b"]]
    assert client.get(f"/admin/teams/organisation/{two_organisations['a'].pk}/change/").status_code == 302


def test_it_keeps_memberships_from_a_member_who_is_not_an_admin(client, two_organisations):
    client.force_login(two_organisations["viewer_a"])
    assert client.get("/admin/teams/membership/").status_code == 403


def test_it_adds_a_member_through_the_admin(client, two_organisations):
    client.force_login(two_organisations["admin_a"])
    user_make(name="newcomer")
    response = client.post(
        "/admin/teams/membership/add/", {"organisation": two_organisations["a"].pk, "username": "newcomer", "role": "editor"}
    )
    assert response.status_code == 302, response.content
    assert Membership.objects.get(user__username="newcomer").role == Role.EDITOR


def test_it_offers_an_admin_only_their_own_organisations_to_add_members_to(client, two_organisations):
    client.force_login(two_organisations["admin_a"])
    user_make(name="newcomer")
    response = client.post(
        "/admin/teams/membership/add/", {"organisation": two_organisations["b"].pk, "username": "newcomer", "role": "admin"}
    )
    assert response.status_code == 200 and response.context["adminform"].form.errors["organisation"]
    assert not Membership.objects.filter(user__username="newcomer").exists()


def test_it_refuses_to_demote_the_last_admin_in_the_admin(client, two_organisations):
    client.force_login(two_organisations["admin_a"])
    own = Membership.objects.get(user=two_organisations["admin_a"])
    response = client.post(f"/admin/teams/membership/{own.pk}/change/", {"role": "viewer"})
    assert response.status_code == 200 and "last admin" in str(response.context["adminform"].form.errors)
    assert client.get(f"/admin/teams/membership/{own.pk}/delete/").status_code == 403
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_it_lets_a_superuser_see_every_organisations_members(client, two_organisations):
    client.force_login(user_make(superuser=True))
    assert len(client.get("/admin/teams/membership/").context["cl"].result_list) == 3
