"""Who may ask for work that rewrites what is derived from the letters (re-parse, re-thread)."""

from __future__ import annotations

from typing import Any

from comments.models import Letter
from teams.selectors import is_superuser, may_edit, organisations_editable_by


def may_reprocess(*, user: Any, letter: Letter | None = None) -> bool:
    """Re-parsing a letter or re-threading a company only rewrites derived rows (workflow rows are kept),
    so no one loses anything by it. A private letter: an editor of its organisation. Public data: staff,
    or an editor of any organisation. A superuser: anything."""
    if is_superuser(user):
        return True
    if letter is not None and letter.is_private:
        return letter.organisation is not None and may_edit(user=user, organisation=letter.organisation)
    return bool(getattr(user, "is_staff", False)) or organisations_editable_by(user=user).exists()
