"""Filters over letters and what they say: the one read side the API and the pages filter with.

A filter that looks through to another letter (has this comment a committed answer?) looks only at
letters the caller may see: a filter must not tell anyone that a private letter exists.
Dates filter by inclusive `…_from` / `…_to` pairs; forms are case-insensitive, several comma-separated.
"""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from comments import selectors
from comments.models import CompanyResponse, FilingReference, Letter, StaffComment
from config.api_filters import IntegerFilter
from filings.api.filtersets import forms_match, ticker_match

TOPIC_CHOICES = [(topic, topic.replace("_", " ")) for topic in selectors.topic_taxonomy()]


def literature_match(value: str, field: str = "literature") -> Q:
    """A citation, or any finer one under it: "ASC 606" also finds "ASC 606-10-25-1"."""
    value = value.strip()
    return selectors.in_json_list(field, value) | Q(**{f"{field}__icontains": f'"{value}-'})


class _CompanyFilters(django_filters.FilterSet):
    """Who the letter is about, reached through `letter_path` ("" for a letter itself)."""

    letter_path = ""
    cik = IntegerFilter(method="filter_cik", label="CIK")
    ticker = django_filters.CharFilter(method="filter_ticker", label="Ticker (exact, any case)")
    company_name = django_filters.CharFilter(method="filter_company_name", label="Company name contains")
    form = django_filters.CharFilter(method="filter_form", label="EDGAR form(s) of the letter: UPLOAD, LETTER, CORRESP")
    kind = django_filters.ChoiceFilter(choices=Letter.Kind.choices, method="filter_kind", label="Kind of letter")
    letter_date_from = django_filters.DateFilter(method="filter_letter_date_from", label="Letter dated on or after")
    letter_date_to = django_filters.DateFilter(method="filter_letter_date_to", label="Letter dated on or before")
    literature = django_filters.CharFilter(method="filter_literature", label="Literature the letter cites, such as ASC 606")

    def _on_letter(self, name: str) -> str:
        return f"{self.letter_path}__{name}" if self.letter_path else name

    def filter_cik(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(**{self._on_letter("company__cik"): value})

    def filter_ticker(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(ticker_match(value, self._on_letter("company__tickers")))

    def filter_company_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{self._on_letter("company__name__icontains"): value})

    def filter_form(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(forms_match(value, self._on_letter("form_type")))

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(**{self._on_letter("kind"): value})

    def filter_letter_date_from(self, queryset: QuerySet, name: str, value) -> QuerySet:  # noqa: ANN001
        return queryset.filter(**{self._on_letter("letter_date__gte"): value})

    def filter_letter_date_to(self, queryset: QuerySet, name: str, value) -> QuerySet:  # noqa: ANN001
        return queryset.filter(**{self._on_letter("letter_date__lte"): value})

    def filter_literature(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(literature_match(value, self._on_letter("literature")))

    def visible_letters(self) -> QuerySet[Letter]:
        return selectors.letters_visible_to(user=self.request.user)


class LetterFilterSet(_CompanyFilters):
    """Letters by who, when, what form and kind, what they cite and say; each rule is a selector the admin uses too."""

    topic = django_filters.ChoiceFilter(choices=TOPIC_CHOICES, method="filter_topic", label="Topic")
    commitment = django_filters.BooleanFilter(method="filter_commitment")
    missing_acknowledgements = django_filters.BooleanFilter(method="filter_missing_acknowledgements")
    parse_status = django_filters.ChoiceFilter(choices=Letter.ParseStatus.choices)
    filing = django_filters.CharFilter(field_name="filing__accession_number", label="Accession number")
    company_search = django_filters.CharFilter(method="filter_company_search", label="Company name, ticker or CIK")
    company = IntegerFilter(field_name="company__cik", label="CIK (the older name of cik)")

    class Meta:
        model = Letter
        fields = ["kind", "company", "direction", "is_private", "parse_status"]

    def filter_commitment(self, queryset: QuerySet[Letter], name: str, value: bool) -> QuerySet[Letter]:
        return selectors.letters_with_commitment(letters=queryset, value=value)

    def filter_missing_acknowledgements(self, queryset: QuerySet[Letter], name: str, value: bool) -> QuerySet[Letter]:
        return selectors.letters_missing_acknowledgements(letters=queryset, value=value)

    def filter_topic(self, queryset: QuerySet[Letter], name: str, value: str) -> QuerySet[Letter]:
        return selectors.letters_with_topic(letters=queryset, topic=value)

    def filter_company_search(self, queryset: QuerySet[Letter], name: str, value: str) -> QuerySet[Letter]:
        value = value.strip()
        match = Q(company__name__icontains=value) | ticker_match(value, "company__tickers")
        if value.isdigit():
            match |= Q(company__cik=int(value))
        return queryset.filter(match)


class StaffCommentFilterSet(_CompanyFilters):
    letter_path = "letter"
    letter = IntegerFilter(field_name="letter_id", label="Letter id")
    topic = django_filters.ChoiceFilter(choices=TOPIC_CHOICES, method="filter_topic", label="Topic of the comment")
    answered = django_filters.BooleanFilter(method="filter_answered", label="Has an answer you can see")
    commitment = django_filters.BooleanFilter(method="filter_commitment", label="An answer you can see commits to a change")
    in_latest_parse = django_filters.BooleanFilter(
        label="Found by the latest parse (true unless given; false finds comments kept only for their workflow)"
    )

    class Meta:
        model = StaffComment
        fields = ["letter", "in_latest_parse"]

    def filter_topic(self, queryset: QuerySet[StaffComment], name: str, value: str) -> QuerySet[StaffComment]:
        return queryset.filter(selectors.topic_match("topics", value))

    def _answers(self, **conditions: object) -> Exists:
        return Exists(CompanyResponse.objects.filter(comment=OuterRef("pk"), letter__in=self.visible_letters(), **conditions))

    def filter_answered(self, queryset: QuerySet[StaffComment], name: str, value: bool) -> QuerySet[StaffComment]:
        answered = self._answers()
        return queryset.filter(answered if value else ~answered)

    def filter_commitment(self, queryset: QuerySet[StaffComment], name: str, value: bool) -> QuerySet[StaffComment]:
        committed = self._answers(makes_commitment=True)
        return queryset.filter(committed if value else ~committed)


class CompanyResponseFilterSet(_CompanyFilters):
    letter_path = "letter"
    letter = IntegerFilter(field_name="letter_id", label="Letter id")
    comment = IntegerFilter(method="filter_comment", label="Id of the staff comment it answers")
    commitment = django_filters.BooleanFilter(field_name="makes_commitment", label="Commits to a change")
    topic = django_filters.ChoiceFilter(choices=TOPIC_CHOICES, method="filter_topic", label="Topic of its letter")

    class Meta:
        model = CompanyResponse
        fields = ["letter", "comment", "commitment"]

    def filter_comment(self, queryset: QuerySet[CompanyResponse], name: str, value: int) -> QuerySet[CompanyResponse]:
        # Only a comment the caller may see: else the answer list would confirm a private comment's id.
        return queryset.filter(comment_id=value, comment__letter__in=self.visible_letters())

    def filter_topic(self, queryset: QuerySet[CompanyResponse], name: str, value: str) -> QuerySet[CompanyResponse]:
        return queryset.filter(selectors.topic_match("letter__topics", value))


class FilingReferenceFilterSet(_CompanyFilters):
    letter_path = "letter"
    letter = IntegerFilter(field_name="letter_id", label="Letter id")
    referenced_form = django_filters.CharFilter(method="filter_referenced_form", label="Form referenced: 10-K, S-1…")
    period_end_from = django_filters.DateFilter(field_name="period_end", lookup_expr="gte", label="Period ended on or after")
    period_end_to = django_filters.DateFilter(field_name="period_end", lookup_expr="lte", label="Period ended on or before")
    file_number = django_filters.CharFilter(field_name="file_number")
    resolved = django_filters.BooleanFilter(field_name="filing", lookup_expr="isnull", exclude=True, label="Matched to a filing")
    accession_number = django_filters.CharFilter(field_name="filing__accession_number", label="Accession number of the filing")

    class Meta:
        model = FilingReference
        fields = ["letter", "file_number", "accession_number"]

    def filter_referenced_form(self, queryset: QuerySet[FilingReference], name: str, value: str) -> QuerySet[FilingReference]:
        return queryset.filter(forms_match(value, "form"))
