"""Full-text search in the API: /api/v1/search/?q=…&kind=letter|comment|response, with the letters' filters.

The filters choose letters (of those the caller may see) and the words are looked for in their text, or
in their staff comments or company responses: comments.search does the looking, on either database.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import OuterRef, QuerySet, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.reverse import reverse

from comments import selectors
from comments.api.serializers import LetterBriefSerializer
from comments.filtersets import LetterFilterSet
from comments.models import Letter
from comments.search import KINDS, snippet_html, snippet_text, text_search
from config.api_export import ExportMixin
from config.api_pagination import COUNT_LIMIT, EXPORT_FORMATS

QUERY_PARAMETER = "q"
KIND_PARAMETER = "kind"
MAX_QUERY_LENGTH = 500
_DETAIL_VIEWS = {
    "letter": "comments-api:letter-detail",
    "comment": "comments-api:staff-comment-detail",
    "response": "comments-api:company-response-detail",
}


class SearchFilterSet(LetterFilterSet):
    """The letters' filters, with the letter's kind as `letter_kind`: `kind` says what is searched."""

    kind = None
    letter_kind = django_filters.ChoiceFilter(choices=Letter.Kind.choices, field_name="kind", label="Kind of letter")

    class Meta(LetterFilterSet.Meta):
        fields = ["letter_kind", "company", "direction", "is_private", "parse_status"]


class HitLetterSerializer(LetterBriefSerializer):
    """The letter a hit is in: the hit itself when letters are searched."""

    def get_attribute(self, instance: Any) -> Letter:
        return instance if self.context.get("search_kind") == "letter" else instance.letter


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.SerializerMethodField(help_text="letter, comment or response")
    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text="the letter, staff comment or company response found")
    letter = HitLetterSerializer(read_only=True, help_text="the letter it is in (for a letter, itself)")
    number = serializers.SerializerMethodField(help_text="the comment's or response's number; none for a letter")
    letter_date = serializers.DateField(read_only=True, allow_null=True)
    rank = serializers.FloatField(source="search_rank", read_only=True, help_text="higher is a better match")
    snippet = serializers.SerializerMethodField(
        help_text="the best passages, as HTML: the text escaped, each match in <mark>…</mark> (plain text in exports)"
    )

    def _kind(self) -> str:
        return self.context["search_kind"]

    def get_kind(self, hit: Any) -> str:
        return self._kind()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, hit: Any) -> str:
        return reverse(_DETAIL_VIEWS[self._kind()], kwargs={"pk": hit.pk}, request=self.context.get("request"))

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_number(self, hit: Any) -> int | None:
        return None if self._kind() == "letter" else hit.number

    def get_snippet(self, hit: Any) -> str:
        if self.context.get("plain_snippets"):
            return snippet_text(hit.search_snippet)
        return str(snippet_html(hit.search_snippet))


_SEARCH_PARAMETERS = [
    OpenApiParameter(
        QUERY_PARAMETER,
        OpenApiTypes.STR,
        required=True,
        description=('The words to find, as in a web search: every word, "a phrase", OR between alternatives, -word to exclude.'),
    ),
    OpenApiParameter(
        KIND_PARAMETER,
        OpenApiTypes.STR,
        enum=list(KINDS),
        description="What to search: letter (unless given), comment or response",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Full-text search",
        description="Letters, staff comments or company responses whose text has the words, among the letters you may "
        "see that the filters choose; best match first, with highlighted snippets. A search ranks the newest "
        f"{COUNT_LIMIT:,} matches by their letter's date (a common word is in tens of thousands of comments: narrow "
        "by company, form or date to reach older ones); `count=exact` and the CSV and Excel exports rank every match, "
        "at its price.",
        parameters=_SEARCH_PARAMETERS,
    )
)
class SearchViewSet(ExportMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = SearchHitSerializer
    filterset_class = SearchFilterSet
    ordering_fields = ["search_rank", "letter_date", "id"]
    ordering = "-search_rank"
    export_name = "search"
    extra_query_params = (QUERY_PARAMETER, KIND_PARAMETER)

    def _asked(self) -> tuple[str, str]:
        params = self.request.query_params
        q = params.get(QUERY_PARAMETER, "").strip()
        kind = params.get(KIND_PARAMETER, "letter")
        errors = {}
        if not q:
            errors[QUERY_PARAMETER] = ["the words to search for are required"]
        elif len(q) > MAX_QUERY_LENGTH:
            errors[QUERY_PARAMETER] = [f"at most {MAX_QUERY_LENGTH} characters"]
        if kind not in KINDS:
            errors[KIND_PARAMETER] = [f"'{kind}' is not a kind; use one of: {', '.join(KINDS)}"]
        if errors:
            raise ValidationError(errors, code="invalid_search")
        return q, kind

    def get_queryset(self) -> QuerySet[Letter]:
        # The filters run over letters; filter_queryset then finds the words in what they chose.
        return selectors.letters_visible_to(user=self.request.user)

    def filter_queryset(self, queryset: QuerySet[Letter]) -> QuerySet:
        q, kind = self._asked()
        letters = super().filter_queryset(queryset)
        # As many of the newest matches as the page counts; an export, or an exact count, ranks every match, at
        # its price.
        exporting = getattr(getattr(self.request, "accepted_renderer", None), "format", None) in EXPORT_FORMATS
        every_one = exporting or self.paginator.exact_count_asked(self.request)  # type: ignore[attr-defined]
        newest = None if every_one else self.paginator.count_limit  # type: ignore[attr-defined]
        hits = text_search(user=self.request.user, q=q, kind=kind, letters=letters, newest=newest)
        if kind == "letter":
            return hits.select_related("company").defer("text", "emphasis")
        # The letter's date by key, not by a join: a join kept for the count makes PostgreSQL sort every match.
        letter_date = Subquery(Letter.objects.filter(pk=OuterRef("letter_id")).values("letter_date")[:1])
        return hits.select_related("letter__company").annotate(letter_date=letter_date)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["search_kind"] = self.request.query_params.get(KIND_PARAMETER, "letter")
        renderer = getattr(self.request, "accepted_renderer", None)
        context["plain_snippets"] = getattr(renderer, "format", None) in EXPORT_FORMATS
        return context
