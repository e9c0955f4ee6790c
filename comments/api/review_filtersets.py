"""Filters over reviews, and the one expression of a review's days open that a database can filter by.

What a filter looks through to (a review's topics are its staff letters') it reads only from letters the
caller may see, so a filter never tells anyone a private letter exists.
"""

from __future__ import annotations

from datetime import date, timedelta

import django_filters
from django.db.models import Case, DateField, DurationField, Exists, F, Max, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.expressions import ExpressionWrapper
from django.utils import timezone

from comments import selectors
from comments.filtersets import TOPIC_CHOICES
from comments.models import Letter, Review
from config.api_filters import IntegerFilter
from filings.api.filtersets import forms_match, ticker_match

MAX_DAYS_OPEN = 100_000


def days_open_expression(*, letters: QuerySet[Letter], today: date | None = None) -> ExpressionWrapper:
    """A review's days open as comments.review_selectors.review_figures counts them, over `letters` (the
    ones the caller may see): up to today while open, to its closing letter once closed (to its last
    letter when the closing one is missing), none for a no-review. A duration; compare with timedelta."""
    today = today or timezone.localdate()
    last_letter = (
        letters.filter(review=OuterRef("pk")).order_by().values("review").annotate(last=Max("letter_date")).values("last")
    )
    end = Case(
        When(status=Review.Status.NO_REVIEW, then=Value(None, output_field=DateField())),
        When(status=Review.Status.CLOSED, closed_on__isnull=False, then=F("closed_on")),
        When(status=Review.Status.CLOSED, then=Subquery(last_letter, output_field=DateField())),
        default=Value(today, output_field=DateField()),
        output_field=DateField(),
    )
    return ExpressionWrapper(end - F("opened_on"), output_field=DurationField())


class ReviewFilterSet(django_filters.FilterSet):
    cik = IntegerFilter(field_name="company__cik", label="CIK of the company reviewed")
    ticker = django_filters.CharFilter(method="filter_ticker", label="Ticker (exact, any case)")
    company_name = django_filters.CharFilter(field_name="company__name", lookup_expr="icontains", label="Company name contains")
    status = django_filters.ChoiceFilter(choices=Review.Status.choices)
    rounds_min = IntegerFilter(field_name="rounds", lookup_expr="gte", label="At least this many staff comment letters")
    rounds_max = IntegerFilter(field_name="rounds", lookup_expr="lte", label="At most this many staff comment letters")
    # A span of days past any review's (here 100,000, some 270 years) is refused as a 400, not an overflow.
    days_open_min = IntegerFilter(
        method="filter_days_open_min", min_value=0, max_value=MAX_DAYS_OPEN, label="Open at least this many days"
    )
    days_open_max = IntegerFilter(
        method="filter_days_open_max", min_value=0, max_value=MAX_DAYS_OPEN, label="Open at most this many days"
    )
    opened_from = django_filters.DateFilter(field_name="opened_on", lookup_expr="gte", label="First staff letter on or after")
    opened_to = django_filters.DateFilter(field_name="opened_on", lookup_expr="lte", label="First staff letter on or before")
    closed_from = django_filters.DateFilter(field_name="closed_on", lookup_expr="gte", label="Closed on or after")
    closed_to = django_filters.DateFilter(field_name="closed_on", lookup_expr="lte", label="Closed on or before")
    subject_form = django_filters.CharFilter(
        method="filter_subject_form", label="Form under review (10-K, S-1…), several comma-separated"
    )
    incomplete = django_filters.BooleanFilter(label="A staff letter of the review is missing from EDGAR")
    is_private = django_filters.BooleanFilter(label="Every letter of it is a private upload of your organisation")
    topic = django_filters.ChoiceFilter(
        choices=TOPIC_CHOICES, method="filter_topic", label="A staff letter of it raises this topic"
    )

    class Meta:
        model = Review
        fields = ["status", "incomplete", "is_private"]

    def _visible_letters(self) -> QuerySet[Letter]:
        return selectors.letters_visible_to(user=getattr(self.request, "user", None))

    def filter_ticker(self, queryset: QuerySet[Review], name: str, value: str) -> QuerySet[Review]:
        return queryset.filter(ticker_match(value, "company__tickers"))

    def filter_subject_form(self, queryset: QuerySet[Review], name: str, value: str) -> QuerySet[Review]:
        return queryset.filter(forms_match(value, "subject_form"))

    def _days_open(self, queryset: QuerySet[Review]) -> QuerySet[Review]:
        return queryset.alias(days_open_span=days_open_expression(letters=self._visible_letters()))

    def filter_days_open_min(self, queryset: QuerySet[Review], name: str, value: int) -> QuerySet[Review]:
        return self._days_open(queryset).filter(days_open_span__gte=timedelta(days=value))

    def filter_days_open_max(self, queryset: QuerySet[Review], name: str, value: int) -> QuerySet[Review]:
        return self._days_open(queryset).filter(days_open_span__lte=timedelta(days=value))

    def filter_topic(self, queryset: QuerySet[Review], name: str, value: str) -> QuerySet[Review]:
        staff = selectors.letters_with_topic(
            letters=self._visible_letters().filter(review=OuterRef("pk"), direction=Letter.Direction.STAFF), topic=value
        )
        return queryset.filter(Exists(staff))
