"""Changes to organisations, their members and their watchlists.

An organisation's admin manages its own members only; a superuser manages any organisation's. An
organisation always keeps at least one admin: the last cannot be removed or given a lesser role. A refusal
for who is asking raises PermissionDenied (403); a refusal of the change itself raises ValidationError (400).
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from filings.models import Company
from teams import selectors
from teams.models import Membership, Organisation, Role, WatchedCompany
from teams.selectors import AnyUser


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationError(f"role must be one of {', '.join(Role.values)}, not {role!r}", code="bad_role")


def _check_manager(by: AnyUser, organisation: Organisation) -> None:
    if not selectors.may_manage_members(user=by, organisation=organisation):
        raise PermissionDenied(f"Only an admin of {organisation} may manage its members.")


def _lock(organisation: Organisation) -> None:
    # Two admins demoting each other at once must not leave the organisation with none: the check and
    # the change happen under a lock on the organisation's row (a no-op on SQLite, whose writes are serial).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _refuse_if_last_admin(membership: Membership, what: str) -> None:
    if selectors.is_last_admin(membership=membership):
        raise ValidationError(
            f"{membership.user} is the last admin of {membership.organisation}; make someone else an admin before {what}.",
            code="last_admin",
        )


@transaction.atomic
def organisation_create(*, name: str, slug: str = "", creator: AnyUser = None) -> Organisation:
    """A new organisation; whoever creates it becomes its first admin."""
    name = name.strip()
    if not name:
        raise ValidationError("an organisation needs a name", code="no_name")
    slug = slugify(slug or name)[:64]
    if not slug:
        raise ValidationError("an organisation's slug needs a letter or a digit", code="bad_slug")
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError(f"the slug {slug!r} is taken; choose another", code="slug_taken")
    organisation = Organisation.objects.create(name=name, slug=slug)
    if isinstance(creator, AbstractBaseUser) and creator.is_authenticated:
        Membership.objects.create(user=creator, organisation=organisation, role=Role.ADMIN)
    return organisation


@transaction.atomic
def membership_add(*, organisation: Organisation, user: AbstractBaseUser, role: str = Role.VIEWER, by: AnyUser) -> Membership:
    _check_manager(by, organisation)
    _check_role(role)
    if Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(f"{user} is already a member of {organisation}; change their role instead", code="already_member")
    try:
        with transaction.atomic():
            return Membership.objects.create(organisation=organisation, user=user, role=role)
    except IntegrityError as exc:  # added by someone else a moment ago
        raise ValidationError(f"{user} is already a member of {organisation}", code="already_member") from exc


@transaction.atomic
def membership_role_change(*, membership: Membership, role: str, by: AnyUser) -> Membership:
    _check_manager(by, membership.organisation)
    _check_role(role)
    _lock(membership.organisation)
    membership.refresh_from_db()
    if membership.role == role:
        return membership
    if role != Role.ADMIN:
        _refuse_if_last_admin(membership, "giving them another role")
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: AnyUser) -> None:
    """Remove a member: by an admin of the organisation, or the member leaving it."""
    leaving = isinstance(by, AbstractBaseUser) and by.pk == membership.user_id
    if not leaving:
        _check_manager(by, membership.organisation)
    _lock(membership.organisation)
    membership.refresh_from_db()
    _refuse_if_last_admin(membership, "removing them")
    membership.delete()


def _check_editor(by: AnyUser, organisation: Organisation) -> None:
    if not selectors.may_edit(user=by, organisation=organisation):
        raise PermissionDenied(f"Only an editor, approver or admin of {organisation} may change its watchlist.")


def watchlist_add(*, organisation: Organisation, company: Company, by: AnyUser) -> WatchedCompany:
    """Watch a company for the organisation; watching it again changes nothing."""
    _check_editor(by, organisation)
    added_by = by if isinstance(by, AbstractBaseUser) else None
    try:
        with transaction.atomic():
            watched, _ = WatchedCompany.objects.get_or_create(
                organisation=organisation, company=company, defaults={"added_by": added_by}
            )
    except IntegrityError:  # watched by a concurrent request
        watched = WatchedCompany.objects.get(organisation=organisation, company=company)
    return watched


def watchlist_remove(*, organisation: Organisation, company: Company, by: AnyUser) -> bool:
    """Stop watching a company; returns whether it was watched."""
    _check_editor(by, organisation)
    deleted, _ = WatchedCompany.objects.filter(organisation=organisation, company=company).delete()
    return bool(deleted)
