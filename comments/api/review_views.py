"""Reviews: list (filters, ordering, export), the detail with its letters and what they say, the metrics,
and re-threading as an explicit action.

Every review comes through `review_selectors.reviews_visible_to`, and every letter, comment and answer
nested in one through `selectors.letters_visible_to`: a private review, or a private copy inside a public
one, is reachable only by its organisation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Prefetch, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from comments import selectors
from comments.api.letter_links import shown
from comments.api.permissions import may_reprocess
from comments.api.review_filtersets import ReviewFilterSet
from comments.api.review_serializers import (
    ReviewDetailSerializer,
    ReviewMetricsSerializer,
    ReviewRethreadResultSerializer,
    ReviewRethreadSerializer,
    ReviewSerializer,
)
from comments.models import CompanyResponse, Review, StaffComment
from comments.review_selectors import METRIC_GROUPS, review_metrics, reviews_visible_to
from comments.services import reviews_thread_all
from config.api_export import ReadOnlyExportViewSet
from filings.models import Company

METRICS_PARAMETER = "by"


def reviews_for_api(*, user: Any, detail: bool) -> QuerySet[Review]:
    """The reviews the user may see, with their visible letters (and, for the detail, what those say)."""
    visible = selectors.letters_visible_to(user=user)
    letters = visible.order_by(F("letter_date").asc(nulls_last=True), "pk")
    if detail:
        answers = CompanyResponse.objects.filter(letter__in=visible).order_by(F("letter__letter_date").asc(nulls_last=True), "pk")
        letters = (
            letters.select_related("company", "filing")
            .defer("text", "emphasis")  # the timeline shows each comment and answer, not the letter's whole text
            .annotate(responds_to_shown=shown(visible, "responds_to_id"))
            .prefetch_related(
                Prefetch(
                    "comments",
                    queryset=StaffComment.objects.filter(in_latest_parse=True)
                    .order_by("position", "pk")
                    .prefetch_related(Prefetch("responses", queryset=answers)),
                ),
                Prefetch("responses", queryset=CompanyResponse.objects.order_by("position", "pk")),
            )
        )
    else:
        # The figures read dates, kinds, topics and links; never a private letter's whole text.
        # (The filing's date stands in for a response's own where that is missing.)
        letters = letters.select_related("filing").defer("text", "emphasis")
    reviews = Review.objects.select_related("company", "subject_filing", "organisation")
    return reviews_visible_to(user=user, reviews=reviews).prefetch_related(Prefetch("letters", queryset=letters))


@extend_schema_view(
    list=extend_schema(
        summary="Reviews",
        description="SEC reviews of one filing each, from the first staff letter to the close, that you may see; "
        "newest first. Private reviews are your organisation's live ones.",
    ),
    retrieve=extend_schema(
        summary="One review: its letters in order, each staff comment with the company's answers",
    ),
)
class ReviewViewSet(ReadOnlyExportViewSet):
    filterset_class = ReviewFilterSet
    ordering_fields = ["opened_on", "closed_on", "rounds", "comment_count", "id"]
    ordering = "-opened_on"
    export_name = "reviews"

    @property
    def extra_query_params(self) -> tuple[str, ...]:
        return (METRICS_PARAMETER,) if self.action == "metrics" else ()

    def get_queryset(self) -> QuerySet[Review]:
        if self.action == "metrics":
            return reviews_visible_to(user=self.request.user)
        return reviews_for_api(user=self.request.user, detail=self.action == "retrieve")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return {
            "retrieve": ReviewDetailSerializer,
            "rethread": ReviewRethreadSerializer,
            "metrics": ReviewMetricsSerializer,
        }.get(self.action, ReviewSerializer)

    @extend_schema(
        summary="Review metrics, grouped",
        description="Reviews, rounds, days to close, response lags and resolution rates of the reviews you may see "
        "that had at least one staff comment letter, grouped by year, form, topic, company, office or all. "
        "The list's filters narrow the reviews first.",
        parameters=[
            OpenApiParameter(
                METRICS_PARAMETER, OpenApiTypes.STR, enum=list(METRIC_GROUPS), description="how to group; `all` unless given"
            )
        ],
        filters=True,
        responses=ReviewMetricsSerializer,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def metrics(self, request: Request) -> Response:
        by = request.query_params.get(METRICS_PARAMETER, "all")
        if by not in METRIC_GROUPS:
            raise ValidationError(
                {METRICS_PARAMETER: [f"'{by}' is not a grouping; use one of: {', '.join(METRIC_GROUPS)}"]}, code="invalid_choice"
            )
        rows = review_metrics(reviews=self.filter_queryset(self.get_queryset()), by=by)
        return Response(ReviewMetricsSerializer({"by": by, "rows": rows}).data)

    @extend_schema(
        summary="Re-thread companies' letters into reviews",
        description="Threads every parsed letter of each company again (idempotent). Staff, or an editor of an "
        "organisation, may. Answers the ids of those companies' reviews you may see afterwards.",
        request=ReviewRethreadSerializer,
        responses=ReviewRethreadResultSerializer,
    )
    @action(detail=False, methods=["post"], permission_classes=[IsAuthenticated], filterset_class=None)
    def rethread(self, request: Request) -> Response:
        form = ReviewRethreadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if not may_reprocess(user=request.user):
            raise PermissionDenied("Only staff, or an editor of an organisation, may re-thread letters.")
        ciks = set(form.validated_data["ciks"])
        companies = dict(Company.objects.filter(cik__in=ciks).values_list("cik", "pk"))
        unknown = sorted(ciks - set(companies))
        if unknown:
            raise ValidationError({"ciks": [f"no company with CIK {', '.join(map(str, unknown))} is known"]}, code="unknown_cik")
        reviews_thread_all(company_ids=list(companies.values()))
        # Never the service's own count: it includes other organisations' private reviews.
        mine = reviews_visible_to(user=request.user).filter(company_id__in=companies.values()).order_by("pk")
        result = {"companies": len(companies), "reviews": list(mine.values_list("pk", flat=True))}
        return Response(ReviewRethreadResultSerializer(result).data)
