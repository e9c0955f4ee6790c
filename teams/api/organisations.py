"""The organisation a request names by slug, among the caller's own: one answer, 400, for "no such
organisation" and for "not yours", so a slug cannot be probed. Every app's API asks it here."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError

from teams.models import Organisation
from teams.selectors import organisations_visible_to

UNKNOWN_ORGANISATION = "you are not a member of an organisation with this slug"


def caller_organisation(*, user: Any, slug: str) -> Organisation:
    """One of `user`'s organisations, or a ValidationError to be shown under the field that named it."""
    organisation = organisations_visible_to(user=user).filter(slug=slug).first()
    if organisation is None:
        raise ValidationError(UNKNOWN_ORGANISATION, code="unknown_organisation")
    return organisation


def organisation_of_caller(request: Any, slug: str) -> Organisation:
    """As caller_organisation, from a view: the error under `organisation`."""
    try:
        return caller_organisation(user=request.user, slug=slug)
    except ValidationError as exc:
        raise ValidationError({"organisation": exc.detail}, code="unknown_organisation") from exc
