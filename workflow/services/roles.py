"""Who may do what in an organisation's workflow. Services check here, whatever the entry point."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from teams.models import Organisation, Role
from teams.selectors import has_role


def role_require(*, user: Any, organisation: Organisation, at_least: str, doing: str) -> None:
    """Refuse with PermissionDenied unless the user is a member of the organisation with that role or above."""
    if not has_role(user=user, organisation=organisation, at_least=at_least):
        label = Role(at_least).label.lower()
        article = "an" if label[0] in "aeiou" else "a"
        raise PermissionDenied(f"only {article} {label} (or a higher role) of {organisation} may {doing}")


def history_user_set(instance: Model, user: Any) -> Model:
    """Record `user` as who made the change in the instance's history (django-simple-history reads this)."""
    instance._history_user = user if getattr(user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    return instance
