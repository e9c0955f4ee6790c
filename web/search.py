"""The search behind the search page and the landing page's box.

Today it is the letters API's filters over the letters the user may see. The full-text search service
(letter, comment and response text, ranked, with snippets) slots in here: `letters_search` keeps its
arguments and its answer, and adds the ranking and the snippets to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import F, QuerySet
from django.http import HttpRequest, QueryDict

from comments import selectors
from comments.filtersets import LetterFilterSet
from comments.models import Letter
from config.api_filters import filter_parameter_errors
from filings.forms import LETTER_FORMS
from web.presenters import topic_label

# The parameters the page offers; the API takes the same names, so an export link repeats them.
SEARCH_PARAMETERS = (
    "company_search",
    "form",
    "kind",
    "topic",
    "literature",
    "letter_date_from",
    "letter_date_to",
    "commitment",
)
PAGE_PARAMETER = "page"


@dataclass
class LetterSearch:
    params: dict[str, str]
    letters: QuerySet[Letter]
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def asked(self) -> bool:
        return any(self.params.values())


def letters_search(*, user: AbstractBaseUser | AnonymousUser, request: HttpRequest, params: QueryDict) -> LetterSearch:
    """The letters matching `params`, newest first, among those `user` may see. Any parameter that is not
    understood makes the whole answer empty, with the reason: never a silently unfiltered list."""
    visible = selectors.letters_visible_to(user=user, letters=selectors.letter_list())
    asked = {name: params.get(name, "").strip() for name in SEARCH_PARAMETERS}
    data = QueryDict(mutable=True)
    data.update({name: value for name, value in asked.items() if value})
    filterset = LetterFilterSet(data=data, queryset=visible, request=request)
    errors = filter_parameter_errors(filterset=filterset, params=params, also_allowed={PAGE_PARAMETER})
    if not errors and not filterset.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
    if errors:
        return LetterSearch(params=asked, letters=visible.none(), errors=errors)
    return LetterSearch(params=asked, letters=filterset.qs.order_by(F("letter_date").desc(nulls_last=True), "-pk"))


def search_choices() -> dict[str, Any]:
    """The fixed values the search form offers."""
    topics = sorted(((topic, topic_label(topic)) for topic in selectors.topic_taxonomy()), key=lambda choice: choice[1])
    return {"kinds": Letter.Kind.choices, "topics": topics, "forms": sorted(LETTER_FORMS)}
