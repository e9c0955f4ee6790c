"""Filters over letters for the API (and the web pages to come); each delegates to a selector the admin uses too."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from comments import selectors
from comments.models import Letter


class LetterFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Letter.Kind.choices)
    company = django_filters.NumberFilter(field_name="company__cik", label="CIK")
    commitment = django_filters.BooleanFilter(method="filter_commitment")
    missing_acknowledgements = django_filters.BooleanFilter(method="filter_missing_acknowledgements")
    topic = django_filters.CharFilter(method="filter_topic")

    class Meta:
        model = Letter
        fields = ["kind", "company", "direction", "is_private"]

    def filter_commitment(self, queryset: QuerySet[Letter], name: str, value: bool) -> QuerySet[Letter]:
        return selectors.letters_with_commitment(letters=queryset, value=value)

    def filter_missing_acknowledgements(self, queryset: QuerySet[Letter], name: str, value: bool) -> QuerySet[Letter]:
        return selectors.letters_missing_acknowledgements(letters=queryset, value=value)

    def filter_topic(self, queryset: QuerySet[Letter], name: str, value: str) -> QuerySet[Letter]:
        return selectors.letters_with_topic(letters=queryset, topic=value)
