"""The search behind the search page and the landing page's box.

The filters (the letters API's) choose among the letters the user may see. With words (`q`), the full-text
search (comments.search: ranked, with snippets) looks for them in those letters' text, or in their staff
comments or company responses (`within`), best match first; without, the chosen letters are the answer,
newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.functional import cached_property

from comments import selectors
from comments.filtersets import LetterFilterSet
from comments.labels import topic_label
from comments.models import Letter
from comments.search import KIND_LABELS, KINDS, text_search
from config.api_filters import filter_parameter_errors
from config.api_pagination import count_up_to
from filings.forms import LETTER_FORMS

WORDS_PARAMETER = "q"
WITHIN_PARAMETER = "within"
MAX_WORDS_LENGTH = 500
# The parameters the page offers; the API takes the same names, so an export link repeats them (with
# words, the search API reads `within` as `kind` and the letter's kind as `letter_kind`).
FILTER_PARAMETERS = (
    "company_search",
    "form",
    "kind",
    "topic",
    "literature",
    "letter_date_from",
    "letter_date_to",
    "commitment",
)
SEARCH_PARAMETERS = (WORDS_PARAMETER, WITHIN_PARAMETER, *FILTER_PARAMETERS)
PAGE_PARAMETER = "page"


@dataclass
class LetterSearch:
    params: dict[str, str]
    letters: QuerySet[Letter]
    # With words: the letters, comments or responses that have them, best first.
    hits: QuerySet | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def asked(self) -> bool:
        return any(self.params.values())

    @property
    def within(self) -> str:
        return self.params.get(WITHIN_PARAMETER) or "letter"

    @property
    def results(self) -> QuerySet:
        return self.hits if self.hits is not None else self.letters

    def query_string(self) -> str:
        """This search's own parameters, as a link (and a saved search) repeats them."""
        asked = QueryDict(mutable=True)
        asked.update({name: value for name, value in self.params.items() if value})
        return asked.urlencode()

    def export_url(self, fmt: str) -> str:
        """The API list with the same filters (and words), as a file."""
        query = QueryDict(mutable=True)
        for name, value in self.params.items():
            if value and name not in (WORDS_PARAMETER, WITHIN_PARAMETER):
                query[name] = value
        if self.hits is None:
            path = reverse("comments-api:letter-list")
        else:
            path = reverse("comments-api:search-list")
            if "kind" in query:
                query["letter_kind"] = query.pop("kind")[0]
            query.update({"q": self.params[WORDS_PARAMETER], "kind": self.within})
        query["format"] = fmt
        return f"{path}?{query.urlencode()}"


def letters_search(*, user: AbstractBaseUser | AnonymousUser, request: HttpRequest, params: QueryDict) -> LetterSearch:
    """What matches `params` among what `user` may see. Any parameter that is not understood makes the
    whole answer empty, with the reason: never a silently unfiltered list."""
    visible = selectors.letters_visible_to(user=user, letters=selectors.letter_list())
    asked = {name: params.get(name, "").strip() for name in SEARCH_PARAMETERS}
    data = QueryDict(mutable=True)
    data.update({name: value for name, value in asked.items() if value and name in FILTER_PARAMETERS})
    filterset = LetterFilterSet(data=data, queryset=visible, request=request)
    errors = filter_parameter_errors(
        filterset=filterset, params=params, also_allowed={PAGE_PARAMETER, WORDS_PARAMETER, WITHIN_PARAMETER}
    )
    if asked[WITHIN_PARAMETER] and asked[WITHIN_PARAMETER] not in KINDS:
        errors[WITHIN_PARAMETER] = [f"'{asked[WITHIN_PARAMETER]}' is not something to search in; use one of: {', '.join(KINDS)}"]
    if len(asked[WORDS_PARAMETER]) > MAX_WORDS_LENGTH:
        errors[WORDS_PARAMETER] = [f"at most {MAX_WORDS_LENGTH} characters of words"]
    if not errors and not filterset.is_valid():
        errors = {name: [str(message) for message in messages] for name, messages in filterset.errors.items()}
    if errors:
        return LetterSearch(params=asked, letters=visible.none(), errors=errors)
    letters = filterset.qs.order_by(F("letter_date").desc(nulls_last=True), "-pk")
    if not asked[WORDS_PARAMETER]:
        return LetterSearch(params=asked, letters=letters)
    kind = asked[WITHIN_PARAMETER] or "letter"
    hits = text_search(user=user, q=asked[WORDS_PARAMETER], kind=kind, letters=filterset.qs, newest=RESULTS_SHOWN)
    if kind == "letter":
        hits = hits.select_related("company").defer("text", "emphasis")
    else:
        hits = hits.select_related("letter__company")
    return LetterSearch(params=asked, letters=letters, hits=hits.order_by("-search_rank", "-pk"))


def search_choices() -> dict[str, Any]:
    """The fixed values the search form offers."""
    topics = sorted(((topic, topic_label(topic)) for topic in selectors.topic_taxonomy()), key=lambda choice: choice[1])
    return {
        "kinds": Letter.Kind.choices,
        "topics": topics,
        "forms": sorted(LETTER_FORMS),
        "within": [(kind, KIND_LABELS[kind]) for kind in KINDS],
    }


# The pages show the first RESULTS_SHOWN results: counting every hit of a common word through the visibility
# rule is most of a second on every page (bench/RESULTS-load.md), and no one reads past page 40.
RESULTS_SHOWN = 1_000


class ResultsPaginator(Paginator):
    """Pages through the first RESULTS_SHOWN results; `more` says there were more. The count reads keys only,
    never a hit's rank or snippet."""

    more = False

    @cached_property
    def count(self) -> int:
        shown, every_one = count_up_to(self.object_list, RESULTS_SHOWN)
        self.more = not every_one
        return shown
