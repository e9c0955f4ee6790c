"""Organisations, members and staff users for the teams tests. Every fixture here is made up."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from comments.services.intake import PrivateIntake, private_letter_intake
from filings.models import Company
from teams.models import Membership, Organisation, Role

_seq = itertools.count(1)

# What an organisation's people are given to use the admin: they read letters there.
ADMIN_VIEW_PERMISSIONS = ("view_letter", "view_staffcomment", "view_review", "view_assignment")


def organisation_make(*, name: str | None = None) -> Organisation:
    n = next(_seq)
    name = name or f"Organisation {n}"
    return Organisation.objects.create(name=name, slug=f"org-{n}")


def user_make(*, name: str | None = None, staff: bool = False, superuser: bool = False):  # noqa: ANN201
    username = name or f"user{next(_seq)}"
    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.com", "x")
    user = User.objects.create_user(username, password="x", is_staff=staff)
    if staff:
        user.user_permissions.add(*Permission.objects.filter(codename__in=ADMIN_VIEW_PERMISSIONS))
    return user


def member_make(*, organisation: Organisation, role: str = Role.VIEWER, staff: bool = False, user=None):  # noqa: ANN001, ANN201
    user = user or user_make(staff=staff)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def intake(
    *,
    data: bytes,
    company: Company,
    organisation: Organisation,
    user,
    form_type: str = "UPLOAD",  # noqa: ANN001
    name: str = "letter.txt",
) -> PrivateIntake:
    return private_letter_intake(
        uploaded_file=SimpleUploadedFile(name, data), company=company, organisation=organisation, user=user, form_type=form_type
    )
