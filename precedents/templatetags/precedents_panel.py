"""The review page's "Precedents" panel: computed for the one comment the reader asked about
(`?precedents=<comment id>`), so the page costs no query more for the others, nor for a reader who asks
for none (the page's query count is pinned)."""

from __future__ import annotations

from typing import Any

from django import template

from comments.models import StaffComment
from comments.selectors import letters_visible_to
from precedents.search import PrecedentFilters, precedents_search
from precedents.text import PrecedentQueryError

register = template.Library()

PANEL_LIMIT = 5
ASKED_PARAMETER = "precedents"


@register.simple_tag(takes_context=True)
def precedents_panel(context: template.Context, comment: StaffComment) -> dict[str, Any] | None:
    """None unless the reader asked for this comment's precedents; else the results (other companies only)
    and the accepted answers a drafting team may start from, or the error to show."""
    request = context.get("request")
    if request is None or request.GET.get(ASKED_PARAMETER) != str(comment.pk):
        return None
    letters = letters_visible_to(user=request.user)
    comment = StaffComment.objects.select_related("letter").get(pk=comment.pk)
    filters = PrecedentFilters(exclude_company_id=comment.letter.company_id)
    try:
        results = precedents_search(letters=letters, comment=comment, limit=PANEL_LIMIT, filters=filters)
    except PrecedentQueryError as exc:
        return {"error": str(exc), "hits": [], "starting": []}
    return {"error": None, "hits": results.hits, "starting": results.starting_answers(company_id=comment.letter.company_id)}
