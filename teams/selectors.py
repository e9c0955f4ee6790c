"""Who belongs to which organisation, in what role, and so whose private data a user may see.

`organisations_visible_to` is the one rule for private data: a user sees the private rows of the
organisations they are a member of, whatever their role; a superuser sees every organisation's. Being
`is_staff` grants nothing here: an organisation's admin is staff (to use the Django admin) and must still
see only their own organisation. Every private model (intake letters, drafts, assignments, notes, alert
channels, deliveries) carries an `organisation` and narrows with `private_rows_visible_to`.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from teams.models import Membership, Organisation, Role, WatchedCompany, roles_at_least

AnyUser = AbstractBaseUser | AnonymousUser | None
Row = TypeVar("Row", bound=Model)


def _signed_in(user: AnyUser) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def is_superuser(user: AnyUser) -> bool:
    return _signed_in(user) and bool(getattr(user, "is_superuser", False))


def memberships_of(*, user: AnyUser, at_least: str | None = None) -> QuerySet[Membership]:
    if not _signed_in(user):
        return Membership.objects.none()
    memberships = Membership.objects.filter(user=user)  # type: ignore[misc]  # signed in: a User
    return memberships.filter(role__in=roles_at_least(at_least)) if at_least else memberships


def organisations_of(*, user: AnyUser, at_least: str | None = None) -> QuerySet[Organisation]:
    """The organisations the user is a member of (with at least that role, if given). Membership only:
    a superuser belongs to none unless made a member."""
    return Organisation.objects.filter(pk__in=memberships_of(user=user, at_least=at_least).values("organisation_id"))


def role_of(*, user: AnyUser, organisation: Organisation) -> str | None:
    return memberships_of(user=user).filter(organisation=organisation).values_list("role", flat=True).first()


def has_role(*, user: AnyUser, organisation: Organisation, at_least: str) -> bool:
    """True when the user is a member of the organisation with `at_least` that role
    (viewer < editor < approver < admin)."""
    return memberships_of(user=user, at_least=at_least).filter(organisation=organisation).exists()


def organisations_visible_to(*, user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose private data the user may see: their own; every one for a superuser."""
    if is_superuser(user):
        return Organisation.objects.all()
    return organisations_of(user=user)


def private_rows_visible_to(*, user: AnyUser, rows: QuerySet[Row], organisation_field: str = "organisation") -> QuerySet[Row]:
    """`rows` (of a model that belongs to an organisation through `organisation_field`) narrowed to what
    the user may see. A superuser sees every row, also one that belongs to no organisation."""
    if is_superuser(user):
        return rows
    if not _signed_in(user):
        return rows.none()
    member_of = memberships_of(user=user).values("organisation_id")
    return rows.filter(**{f"{organisation_field}__in": member_of})


def organisations_managed_by(*, user: AnyUser) -> QuerySet[Organisation]:
    """The organisations whose members the user may manage: those they are an admin of; all for a superuser."""
    if is_superuser(user):
        return Organisation.objects.all()
    return organisations_of(user=user, at_least=Role.ADMIN)


def organisations_editable_by(*, user: AnyUser) -> QuerySet[Organisation]:
    """The organisations the user may upload private letters for and whose watchlist they may change:
    those they are an editor or above of; all for a superuser."""
    if is_superuser(user):
        return Organisation.objects.all()
    return organisations_of(user=user, at_least=Role.EDITOR)


def may_manage_members(*, user: AnyUser, organisation: Organisation) -> bool:
    return is_superuser(user) or has_role(user=user, organisation=organisation, at_least=Role.ADMIN)


def may_edit(*, user: AnyUser, organisation: Organisation) -> bool:
    """May upload the organisation's private letters and change its watchlist: an editor or above, or a superuser."""
    return is_superuser(user) or has_role(user=user, organisation=organisation, at_least=Role.EDITOR)


def is_last_admin(*, membership: Membership) -> bool:
    if membership.role != Role.ADMIN:
        return False
    others = Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN).exclude(pk=membership.pk)
    return not others.exists()


def watchlist_of(*, organisation: Organisation) -> QuerySet[WatchedCompany]:
    return WatchedCompany.objects.filter(organisation=organisation).select_related("company")
