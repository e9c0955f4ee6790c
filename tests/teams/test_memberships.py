"""Organisations, roles and watchlists through the teams services and selectors."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from teams import selectors, services
from teams.models import Membership, Role, WatchedCompany
from tests.comments.factories import company_make
from tests.teams.factories import member_make, organisation_make, user_make

pytestmark = pytest.mark.django_db


def test_it_makes_the_creator_of_an_organisation_its_first_admin():
    founder = user_make()
    organisation = services.organisation_create(name="Acme Reporting", creator=founder)
    assert (organisation.slug, selectors.role_of(user=founder, organisation=organisation)) == ("acme-reporting", Role.ADMIN)


def test_it_refuses_a_slug_that_is_taken():
    services.organisation_create(name="Acme")
    with pytest.raises(ValidationError, match="taken"):
        services.organisation_create(name="Acme")


@pytest.mark.parametrize(
    "role,at_least,expected",
    [
        (Role.VIEWER, Role.VIEWER, True),
        (Role.VIEWER, Role.EDITOR, False),
        (Role.EDITOR, Role.EDITOR, True),
        (Role.EDITOR, Role.APPROVER, False),
        (Role.APPROVER, Role.EDITOR, True),
        (Role.APPROVER, Role.ADMIN, False),
        (Role.ADMIN, Role.APPROVER, True),
    ],
)
def test_it_orders_roles_viewer_editor_approver_admin(role, at_least, expected):
    organisation = organisation_make()
    user = member_make(organisation=organisation, role=role)
    assert selectors.has_role(user=user, organisation=organisation, at_least=at_least) is expected


def test_it_gives_no_role_to_someone_outside_the_organisation_even_a_superuser():
    organisation = organisation_make()
    assert selectors.role_of(user=user_make(superuser=True), organisation=organisation) is None
    assert not selectors.has_role(user=user_make(), organisation=organisation, at_least=Role.VIEWER)


def test_it_lets_a_user_belong_to_several_organisations_with_a_role_in_each():
    a, b = organisation_make(), organisation_make()
    user = member_make(organisation=a, role=Role.EDITOR)
    member_make(organisation=b, role=Role.VIEWER, user=user)
    assert set(selectors.organisations_of(user=user)) == {a, b}
    assert list(selectors.organisations_of(user=user, at_least=Role.EDITOR)) == [a]
    assert (selectors.role_of(user=user, organisation=a), selectors.role_of(user=user, organisation=b)) == (
        Role.EDITOR,
        Role.VIEWER,
    )


def test_it_shows_a_superuser_every_organisations_private_data_and_staff_only_their_own():
    a, b = organisation_make(), organisation_make()
    staff = member_make(organisation=a, staff=True)
    assert set(selectors.organisations_visible_to(user=user_make(superuser=True))) == {a, b}
    assert list(selectors.organisations_visible_to(user=staff)) == [a]
    assert not selectors.organisations_visible_to(user=user_make(staff=True)).exists()


def test_it_lets_an_admin_add_a_member_and_change_their_role():
    organisation = organisation_make()
    admin = member_make(organisation=organisation, role=Role.ADMIN)
    newcomer = user_make()
    membership = services.membership_add(organisation=organisation, user=newcomer, role=Role.EDITOR, by=admin)
    services.membership_role_change(membership=membership, role=Role.APPROVER, by=admin)
    assert selectors.role_of(user=newcomer, organisation=organisation) == Role.APPROVER


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.APPROVER])
def test_it_refuses_member_changes_by_anyone_but_an_admin(role):
    organisation = organisation_make()
    member = member_make(organisation=organisation, role=role)
    with pytest.raises(PermissionDenied):
        services.membership_add(organisation=organisation, user=user_make(), role=Role.VIEWER, by=member)


def test_it_refuses_an_admin_of_another_organisation():
    a, b = organisation_make(), organisation_make()
    admin_of_b = member_make(organisation=b, role=Role.ADMIN)
    victim = member_make(organisation=a, role=Role.EDITOR)
    membership = Membership.objects.get(user=victim)
    with pytest.raises(PermissionDenied):
        services.membership_role_change(membership=membership, role=Role.VIEWER, by=admin_of_b)
    with pytest.raises(PermissionDenied):
        services.membership_remove(membership=membership, by=admin_of_b)
    with pytest.raises(PermissionDenied):
        services.membership_add(organisation=a, user=user_make(), by=admin_of_b)
    assert selectors.role_of(user=victim, organisation=a) == Role.EDITOR


def test_it_never_removes_or_demotes_the_last_admin():
    organisation = organisation_make()
    admin = member_make(organisation=organisation, role=Role.ADMIN)
    membership = Membership.objects.get(user=admin)
    with pytest.raises(ValidationError, match="last admin"):
        services.membership_remove(membership=membership, by=admin)
    with pytest.raises(ValidationError, match="last admin"):
        services.membership_role_change(membership=membership, role=Role.EDITOR, by=admin)
    assert selectors.role_of(user=admin, organisation=organisation) == Role.ADMIN


def test_it_lets_an_admin_step_down_once_there_is_another():
    organisation = organisation_make()
    first = member_make(organisation=organisation, role=Role.ADMIN)
    second = member_make(organisation=organisation, role=Role.ADMIN)
    services.membership_role_change(membership=Membership.objects.get(user=first), role=Role.VIEWER, by=first)
    assert selectors.role_of(user=first, organisation=organisation) == Role.VIEWER
    assert selectors.role_of(user=second, organisation=organisation) == Role.ADMIN


def test_it_lets_a_member_leave_on_their_own():
    organisation = organisation_make()
    member_make(organisation=organisation, role=Role.ADMIN)
    leaver = member_make(organisation=organisation, role=Role.VIEWER)
    services.membership_remove(membership=Membership.objects.get(user=leaver), by=leaver)
    assert selectors.role_of(user=leaver, organisation=organisation) is None


def test_it_refuses_a_second_membership_of_the_same_user():
    organisation = organisation_make()
    admin = member_make(organisation=organisation, role=Role.ADMIN)
    with pytest.raises(ValidationError, match="already a member"):
        services.membership_add(organisation=organisation, user=admin, role=Role.VIEWER, by=admin)


def test_it_keeps_one_watchlist_per_organisation():
    a, b = organisation_make(), organisation_make()
    editor = member_make(organisation=a, role=Role.EDITOR)
    company = company_make()
    services.watchlist_add(organisation=a, company=company, by=editor)
    services.watchlist_add(organisation=a, company=company, by=editor)  # again: no second row
    assert [w.company for w in selectors.watchlist_of(organisation=a)] == [company]
    assert not selectors.watchlist_of(organisation=b).exists()
    assert services.watchlist_remove(organisation=a, company=company, by=editor) is True
    assert not WatchedCompany.objects.exists()


def test_it_refuses_watchlist_changes_by_a_viewer_or_an_outsider():
    organisation = organisation_make()
    company = company_make()
    for who in (
        member_make(organisation=organisation, role=Role.VIEWER),
        member_make(organisation=organisation_make(), role=Role.ADMIN),
    ):
        with pytest.raises(PermissionDenied):
            services.watchlist_add(organisation=organisation, company=company, by=who)
