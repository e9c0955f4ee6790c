"""Letters, staff comments, company responses and referenced filings; private letter intake.

Every queryset starts from the visibility selector (`selectors.letters_visible_to`), so no path here
(list, detail, filter, export, nested field) reaches a letter the caller may not see.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from comments import filtersets, selectors
from comments.api.letter_links import shown
from comments.api.permissions import may_reprocess
from comments.api.serializers import (
    CompanyResponseListSerializer,
    FilingReferenceListSerializer,
    LetterDetailSerializer,
    LetterIntakeResultSerializer,
    LetterIntakeSerializer,
    LetterSerializer,
    StaffCommentDetailSerializer,
    StaffCommentListSerializer,
)
from comments.models import CompanyResponse, FilingReference, Letter, StaffComment
from comments.services import letter_parse, private_letter_intake
from config.api_export import ReadOnlyExportViewSet
from filings.models import Company


def letters_for_api(*, user, detail: bool) -> QuerySet[Letter]:  # noqa: ANN001
    """The letters the user may see, with what the serializers read in the same queries."""
    letters = selectors.letter_detail() if detail else selectors.letter_list()
    visible = selectors.letters_visible_to(user=user)
    letters = selectors.letters_visible_to(user=user, letters=letters).annotate(
        responds_to_shown=shown(visible, "responds_to_id")
    )
    if detail:
        # A public letter's text is its document's; never read the document's bytes with it.
        letters = letters.select_related("document").defer("document__content", "document__emphasis")
    return letters


@extend_schema_view(
    list=extend_schema(
        summary="Letters", description="Letters you may see (every public one, your private uploads); newest first."
    ),
    retrieve=extend_schema(summary="One letter, with its text, staff comments, responses, references and acknowledgements"),
)
class LetterViewSet(ReadOnlyExportViewSet):
    filterset_class = filtersets.LetterFilterSet
    ordering_fields = ["letter_date", "id"]
    ordering = "-letter_date"
    export_name = "letters"

    def get_queryset(self) -> QuerySet[Letter]:
        return letters_for_api(user=self.request.user, detail=self.action != "list")

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        if self.action == "list":
            return LetterSerializer
        if self.action == "intake":
            return LetterIntakeSerializer
        return LetterDetailSerializer

    @extend_schema(
        summary="Re-parse a letter",
        description=(
            "Reads the letter's text again with the current parser and refreshes its links and its company's "
            "reviews; workflow rows on its comments are kept. Staff or an editor of an organisation may, for a "
            "private letter an editor of its organisation. A letter the parser cannot read answers 200 with "
            "`parse_status: failed` and the reason in `parse_error`."
        ),
        request=None,
        responses=LetterDetailSerializer,
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAuthenticated], filterset_class=None)
    def reparse(self, request: Request, pk: str) -> Response:
        letter = self.get_object()
        if not may_reprocess(user=request.user, letter=letter):
            raise PermissionDenied("Only staff, or an editor of the letter's organisation, may re-parse it.")
        letter_parse(letter=letter, force=True)
        letter = letters_for_api(user=request.user, detail=True).get(pk=letter.pk)
        return Response(LetterDetailSerializer(letter, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Upload a private letter",
        description=(
            "A letter the company received before EDGAR publishes it, for one of your organisations: only its "
            "members see it. You must be an editor, approver or admin of it (else 403). The same file uploaded "
            "again by the same organisation answers 200 with the letter it already has and `duplicate: true`."
        ),
        request=LetterIntakeSerializer,
        responses={201: LetterIntakeResultSerializer, 200: LetterIntakeResultSerializer},
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser], permission_classes=[IsAuthenticated])
    def intake(self, request: Request) -> Response:
        form = LetterIntakeSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        company = Company.objects.filter(cik=form.validated_data["cik"]).first()
        if company is None:
            raise ValidationError({"cik": ["no company with this CIK is known"]}, code="unknown_cik")
        try:
            intake = private_letter_intake(
                uploaded_file=form.validated_data["file"],
                company=company,
                organisation=form.validated_data["organisation"],
                user=request.user,
                form_type=form.validated_data["form_type"],
            )
        except DjangoValidationError as exc:
            # The form and the company passed above, so what the service refuses is the file: say so beside it.
            raise ValidationError({"file": exc.messages}, code=exc.error_list[0].code or "invalid") from exc
        letter = letters_for_api(user=request.user, detail=True).get(pk=intake.letter.pk)
        context = {**self.get_serializer_context(), "duplicate": intake.duplicate}
        return Response(
            LetterIntakeResultSerializer(letter, context=context).data,
            status=status.HTTP_200_OK if intake.duplicate else status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(
        summary="Staff comments",
        description="Numbered comments of staff letters you may see, newest letter first. Only those the latest "
        "parse found, unless `in_latest_parse=false`.",
    ),
    retrieve=extend_schema(summary="One staff comment, with the company's answers you may see"),
)
class StaffCommentViewSet(ReadOnlyExportViewSet):
    filterset_class = filtersets.StaffCommentFilterSet
    ordering_fields = ["letter_date", "id"]
    ordering = "-letter_date"
    export_name = "staff-comments"

    def get_queryset(self) -> QuerySet[StaffComment]:
        visible = selectors.letters_visible_to(user=self.request.user)
        comments = StaffComment.objects.filter(letter__in=visible).select_related("letter__company")
        comments = comments.annotate(letter_date=F("letter__letter_date"))
        if self.action == "list" and "in_latest_parse" not in self.request.query_params:
            comments = comments.filter(in_latest_parse=True)
        if self.action == "retrieve":
            answers = CompanyResponse.objects.filter(letter__in=visible).select_related("letter__company")
            comments = comments.prefetch_related(
                Prefetch("responses", queryset=answers.order_by(F("letter__letter_date").asc(nulls_last=True), "pk"))
            )
        return comments

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return StaffCommentListSerializer if self.action == "list" else StaffCommentDetailSerializer


@extend_schema_view(
    list=extend_schema(summary="Company responses", description="Answers in company letters you may see, newest letter first."),
    retrieve=extend_schema(summary="One company response, with the staff comment it answers if you may see it"),
)
class CompanyResponseViewSet(ReadOnlyExportViewSet):
    serializer_class = CompanyResponseListSerializer
    filterset_class = filtersets.CompanyResponseFilterSet
    ordering_fields = ["letter_date", "id"]
    ordering = "-letter_date"
    export_name = "company-responses"

    def get_queryset(self) -> QuerySet[CompanyResponse]:
        visible = selectors.letters_visible_to(user=self.request.user)
        return (
            CompanyResponse.objects.filter(letter__in=visible)
            .select_related("letter__company", "comment")
            .annotate(
                letter_date=F("letter__letter_date"),
                comment_shown=shown(visible, "comment__letter_id"),
            )
        )


@extend_schema_view(
    list=extend_schema(
        summary="Referenced filings",
        description="Filings that letters you may see name (a 10-K, an S-1), with the match in the mirror.",
    ),
    retrieve=extend_schema(summary="One referenced filing"),
)
class FilingReferenceViewSet(ReadOnlyExportViewSet):
    serializer_class = FilingReferenceListSerializer
    filterset_class = filtersets.FilingReferenceFilterSet
    ordering_fields = ["letter_date", "period_end", "id"]
    ordering = "-letter_date"
    export_name = "referenced-filings"

    def get_queryset(self) -> QuerySet[FilingReference]:
        visible = selectors.letters_visible_to(user=self.request.user)
        return (
            FilingReference.objects.filter(letter__in=visible)
            .select_related("letter__company", "filing")
            .annotate(letter_date=F("letter__letter_date"))
        )
