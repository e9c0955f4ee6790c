"""Whether a link to another letter (the one a letter answers, the comment a response answers) may be shown."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.lookups import IsNull

from comments.models import Letter


def shown(visible: QuerySet[Letter], letter_id: str) -> IsNull:
    """Whether the letter `letter_id` names is among `visible`: a link to it is shown only then.

    A scalar subquery, not EXISTS: PostgreSQL plans an EXISTS in the select list as one hash of every
    visible letter (a scan of them all, 140 ms at 100,000 letters) however few rows the page has; this
    reads the one letter by its key for each row of the page."""
    found = Subquery(visible.filter(pk=OuterRef(letter_id)).order_by().values("pk")[:1])
    return IsNull(found, False)
