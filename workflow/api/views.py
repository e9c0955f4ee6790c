"""The response workflow in the API: every list starts from teams' one rule (no row of another organisation
is reachable by id, filter or export), and every change is an explicit action that calls one service, which
checks the caller's role itself."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from comments.models import Letter, StaffComment
from comments.selectors import letters_visible_to
from config.api_export import ReadOnlyExportViewSet
from filings.models import Company
from teams.api.organisations import organisation_of_caller
from workflow import selectors, services
from workflow.api import filtersets
from workflow.api.serializers import (
    ApproveInput,
    AssignInput,
    AssignmentSerializer,
    CommentDueSerializer,
    DifferenceSerializer,
    DraftHistorySerializer,
    DraftSerializer,
    DraftWriteInput,
    ExtensionInput,
    ExtensionSerializer,
    FilerStatusInput,
    FilerStatusSerializer,
    GenerateInput,
    NoteInput,
    NoteSerializer,
    ResponseLetterEditInput,
    ResponseLetterOpenInput,
    ResponseLetterSerializer,
)
from workflow.models import Assignment, Draft, Extension, FilerStatus, Note, ResponseLetter


def _comment(request: Request, pk: int) -> StaffComment:
    comment = (
        StaffComment.objects.filter(pk=pk, letter__in=letters_visible_to(user=request.user)).select_related("letter").first()
    )
    if comment is None:
        raise ValidationError({"comment": ["no staff comment with this id"]}, code="unknown_comment")
    return comment


def _staff_letter(request: Request, pk: int) -> Letter:
    letter = letters_visible_to(user=request.user).filter(pk=pk).first()
    if letter is None:
        raise ValidationError({"staff_letter": ["no letter with this id"]}, code="unknown_letter")
    return letter


def _input(serializer_class: type, request: Request) -> dict[str, Any]:
    form = serializer_class(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data


# Rows of one model, narrowed to the caller's organisations before anything else; lists export as CSV/XLSX.
class _WorkflowRows(ReadOnlyExportViewSet):
    permission_classes = [IsAuthenticated]
    ordering_fields = ["id"]
    ordering = "id"
    base_queryset: QuerySet

    def get_queryset(self) -> QuerySet:
        return selectors.workflow_rows_visible_to(user=self.request.user, rows=self.base_queryset.all())


_ROW = ["organisation", "comment__letter"]


@extend_schema_view(list=extend_schema(summary="Assignments"), retrieve=extend_schema(summary="One assignment"))
class AssignmentViewSet(_WorkflowRows):
    base_queryset = Assignment.objects.select_related(*_ROW, "owner", "assigned_by")
    serializer_class = AssignmentSerializer
    filterset_class = filtersets.AssignmentFilterSet
    export_name = "workflow-assignments"

    @extend_schema(summary="Assign a comment to an owner", request=AssignInput, responses={200: AssignmentSerializer})
    @action(detail=False, methods=["post"])
    def assign(self, request: Request) -> Response:
        data = _input(AssignInput, request)
        organisation = organisation_of_caller(request, data["organisation"])
        owner = None
        if data["owner"]:
            owner = get_user_model().objects.filter(username=data["owner"]).first()
            if owner is None:
                raise ValidationError({"owner": ["no user with this username"]}, code="unknown_user")
        assignment = services.assignment_set(
            user=request.user,
            organisation=organisation,
            comment=_comment(request, data["comment"]),
            owner=owner,
            due_on=data.get("due_on"),
        )
        return Response(AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data)


@extend_schema_view(list=extend_schema(summary="Draft answers"), retrieve=extend_schema(summary="One draft answer"))
class DraftViewSet(_WorkflowRows):
    base_queryset = Draft.objects.select_related(*_ROW, "written_by", "submitted_by", "approved_by")
    serializer_class = DraftSerializer
    filterset_class = filtersets.DraftFilterSet
    export_name = "workflow-drafts"

    def _done(self, draft: Draft) -> Response:
        return Response(DraftSerializer(self.get_queryset().get(pk=draft.pk)).data)

    @extend_schema(
        summary="Write (or rewrite) the draft answer to a comment", request=DraftWriteInput, responses={200: DraftSerializer}
    )
    @action(detail=False, methods=["post"])
    def write(self, request: Request) -> Response:
        data = _input(DraftWriteInput, request)
        draft = services.draft_save(
            user=request.user,
            organisation=organisation_of_caller(request, data["organisation"]),
            comment=_comment(request, data["comment"]),
            text=data["text"],
            answer_type=data["answer_type"],
        )
        return self._done(draft)

    @extend_schema(summary="Submit a draft for review", request=None, responses={200: DraftSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._done(services.draft_submit(user=request.user, draft=self.get_object()))

    @extend_schema(summary="Approve the revision of a draft you read", request=ApproveInput, responses={200: DraftSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        data = _input(ApproveInput, request)
        return self._done(services.draft_approve(user=request.user, draft=self.get_object(), revision=data["revision"]))

    @extend_schema(summary="Send a draft back to its writers", request=None, responses={200: DraftSerializer})
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str) -> Response:
        return self._done(services.draft_send_back(user=request.user, draft=self.get_object()))

    @extend_schema(summary="A draft's history: who changed what, when", responses={200: DraftHistorySerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request: Request, pk: str) -> Response:
        records = self.get_object().history.select_related("history_user").order_by("history_date", "history_id")
        return Response(DraftHistorySerializer(records, many=True).data)


@extend_schema_view(list=extend_schema(summary="Internal notes"), retrieve=extend_schema(summary="One note"))
class NoteViewSet(_WorkflowRows):
    base_queryset = Note.objects.select_related(*_ROW, "author")
    serializer_class = NoteSerializer
    filterset_class = filtersets.NoteFilterSet
    export_name = "workflow-notes"

    @extend_schema(summary="Add an internal note to a comment", request=NoteInput, responses={201: NoteSerializer})
    @action(detail=False, methods=["post"])
    def add(self, request: Request) -> Response:
        data = _input(NoteInput, request)
        note = services.note_add(
            user=request.user,
            organisation=organisation_of_caller(request, data["organisation"]),
            comment=_comment(request, data["comment"]),
            text=data["text"],
        )
        return Response(NoteSerializer(self.get_queryset().get(pk=note.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="Entered extensions"), retrieve=extend_schema(summary="One extension"))
class ExtensionViewSet(_WorkflowRows):
    base_queryset = Extension.objects.select_related("organisation", "entered_by")
    serializer_class = ExtensionSerializer
    filterset_class = filtersets.ExtensionFilterSet
    export_name = "workflow-extensions"

    @extend_schema(summary="Extend a staff letter's due date", request=ExtensionInput, responses={201: ExtensionSerializer})
    @action(detail=False, methods=["post"])
    def enter(self, request: Request) -> Response:
        data = _input(ExtensionInput, request)
        extension = services.extension_enter(
            user=request.user,
            organisation=organisation_of_caller(request, data["organisation"]),
            staff_letter=_staff_letter(request, data["staff_letter"]),
            reason=data["reason"],
            until=data.get("until"),
            days=data.get("days"),
            business_days=data["business_days"],
        )
        return Response(ExtensionSerializer(self.get_queryset().get(pk=extension.pk)).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="Filer statuses"), retrieve=extend_schema(summary="One filer status"))
class FilerStatusViewSet(_WorkflowRows):
    base_queryset = FilerStatus.objects.select_related("organisation", "company")
    serializer_class = FilerStatusSerializer
    filterset_class = filtersets.FilerStatusFilterSet
    export_name = "workflow-filer-statuses"

    @extend_schema(
        summary="Say a company's filer status (for Form 10-K Item 1B)",
        request=FilerStatusInput,
        responses={200: FilerStatusSerializer},
    )
    @action(detail=False, methods=["post"], url_path="set")
    def set_status(self, request: Request) -> Response:
        data = _input(FilerStatusInput, request)
        company = Company.objects.filter(cik=data["cik"]).first()
        if company is None:
            raise ValidationError({"cik": ["no company with this CIK is known"]}, code="unknown_cik")
        status_row = services.filer_status_set(
            user=request.user,
            organisation=organisation_of_caller(request, data["organisation"]),
            company=company,
            category=data["category"],
            well_known_seasoned_issuer=data["well_known_seasoned_issuer"],
        )
        return Response(FilerStatusSerializer(self.get_queryset().get(pk=status_row.pk)).data)


@extend_schema_view(list=extend_schema(summary="Response letters"), retrieve=extend_schema(summary="One response letter"))
class ResponseLetterViewSet(_WorkflowRows):
    base_queryset = ResponseLetter.objects.select_related("organisation", "staff_letter__company")
    serializer_class = ResponseLetterSerializer
    filterset_class = filtersets.ResponseLetterFilterSet
    export_name = "workflow-response-letters"

    def _done(self, letter: ResponseLetter) -> Response:
        return Response(ResponseLetterSerializer(self.get_queryset().get(pk=letter.pk)).data)

    @extend_schema(
        summary="The response letter to a staff letter (made on first use)",
        request=ResponseLetterOpenInput,
        responses={200: ResponseLetterSerializer},
    )
    @action(detail=False, methods=["post"], url_path="open")
    def open_letter(self, request: Request) -> Response:
        data = _input(ResponseLetterOpenInput, request)
        letter = services.response_letter_for(
            user=request.user,
            organisation=organisation_of_caller(request, data["organisation"]),
            staff_letter=_staff_letter(request, data["staff_letter"]),
        )
        return self._done(letter)

    @extend_schema(
        summary="Set the letter's date, signatory and closing",
        request=ResponseLetterEditInput,
        responses={200: ResponseLetterSerializer},
    )
    @action(detail=True, methods=["post"])
    def edit(self, request: Request, pk: str) -> Response:
        data = _input(ResponseLetterEditInput, request)
        return self._done(services.response_letter_update(user=request.user, response_letter=self.get_object(), **data))

    @extend_schema(
        summary="Generate the letter as DOCX or HTML",
        description="Final only when every comment has an approved draft; otherwise a marked draft.",
        request=GenerateInput,
        responses={(200, "application/octet-stream"): OpenApiResponse(description="the letter file")},
    )
    @action(detail=True, methods=["post"])
    def generate(self, request: Request, pk: str) -> HttpResponse:
        data = _input(GenerateInput, request)
        generated = services.response_letter_generate(
            user=request.user, response_letter=self.get_object(), final=data["final"], file_format=data["format"]
        )
        response = HttpResponse(generated.data, content_type=generated.content_type)
        response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
        return response

    @extend_schema(summary="What was filed, against what was approved", responses={200: DifferenceSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def differences(self, request: Request, pk: str) -> Response:
        rows = selectors.response_letter_differences(response_letter=self.get_object())
        return Response(DifferenceSerializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="What is due, and when",
        description="The staff comments an organisation is answering, each with its due date (extensions applied, or the "
        "assignment's own), its state (on track, due soon, overdue, answered), owner and draft status. `?organisation=` is required.",
    )
)
class CommentDueViewSet(viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated]
    serializer_class = CommentDueSerializer
    pagination_class = None
    filter_backends: list = []

    def list(self, request: Request) -> Response:
        slug = request.query_params.get("organisation")
        if not slug:
            raise ValidationError({"organisation": ["give the organisation's slug"]}, code="required")
        organisation = organisation_of_caller(request, slug)
        rows = selectors.comments_due(organisation=organisation)
        visible = set(
            letters_visible_to(user=request.user).filter(pk__in={r.comment.letter_id for r in rows}).values_list("pk", flat=True)
        )
        return Response(CommentDueSerializer([r for r in rows if r.comment.letter_id in visible], many=True).data)
