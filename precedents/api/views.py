"""/api/v1/comments/{id}/precedents/ and /api/v1/precedents/?q=… (or its POST, for a text too long for a URL):
thin, over precedents.search."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from comments.models import StaffComment
from comments.selectors import letters_visible_to
from filings.models import Company
from precedents.api.serializers import (
    CommentPrecedentParametersSerializer,
    PrecedentParametersSerializer,
    PrecedentResultsSerializer,
    TextPrecedentParametersSerializer,
)
from precedents.search import PrecedentFilters, PrecedentResults, precedents_search
from precedents.text import PrecedentQueryError

_ABOUT = (
    " Each result: the comment with its company, date, review and heading; the company's answer (type, "
    "an excerpt, a link to the full response); the outcome (resolved in that round, reissued, review still "
    "open) and the rounds the review took. Only letters you may see are searched."
)


def _parameters(data: Any, serializer_class: type[PrecedentParametersSerializer]) -> dict[str, Any]:
    """The query string's parameters, or a POST body's."""
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": ["send the parameters as one JSON object"]}, code="invalid")
    allowed = {*serializer_class().fields, api_settings.URL_FORMAT_OVERRIDE}
    unknown = sorted(str(name) for name in set(data) - allowed)
    if unknown:
        use = ", ".join(sorted(a for a in allowed if a))
        raise ValidationError(
            {name: [f"'{name}' is not a parameter here; use one of: {use}"] for name in unknown}, code="unknown_parameter"
        )
    form = serializer_class(data=data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def _filters(params: dict[str, Any], *, own_company_id: int | None = None) -> PrecedentFilters:
    exclude = own_company_id if params.get("exclude_my_company") else None
    if params.get("exclude_company") is not None:
        exclude = Company.objects.filter(cik=params["exclude_company"]).values_list("pk", flat=True).first()
        if exclude is None:
            raise ValidationError({"exclude_company": ["no company with this CIK is known"]}, code="unknown_cik")
    return PrecedentFilters(
        topic=params.get("topic"),
        form=params.get("form"),
        year_from=params.get("year_from"),
        year_to=params.get("year_to"),
        exclude_company_id=exclude,
        resolved_in_one_round=params["resolved_in_one_round"],
    )


def _answer(request: Request, results: PrecedentResults) -> Response:
    return Response(PrecedentResultsSerializer(results, context={"request": request}).data)


class CommentPrecedentsView(APIView):
    @extend_schema(
        operation_id="comment_precedents",
        summary="Precedents of a staff comment",
        description="The staff comments most like this one in other reviews, best first." + _ABOUT,
        parameters=[CommentPrecedentParametersSerializer],
        responses=PrecedentResultsSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        params = _parameters(request.query_params, CommentPrecedentParametersSerializer)
        letters = letters_visible_to(user=request.user)
        comment = get_object_or_404(StaffComment.objects.select_related("letter"), pk=pk, letter__in=letters)
        filters = _filters(params, own_company_id=comment.letter.company_id)
        try:
            results = precedents_search(letters=letters, comment=comment, limit=params["limit"], filters=filters)
        except PrecedentQueryError as exc:
            raise ValidationError({"non_field_errors": [str(exc)]}, code="invalid_query") from exc
        return _answer(request, results)


class TextPrecedentsView(APIView):
    @extend_schema(
        operation_id="text_precedents",
        summary="Precedents of a text",
        description="The staff comments most like the text `q` (paste a comment), best first." + _ABOUT,
        parameters=[TextPrecedentParametersSerializer],
        responses=PrecedentResultsSerializer,
    )
    def get(self, request: Request) -> Response:
        return self._answer_text(request, _parameters(request.query_params, TextPrecedentParametersSerializer))

    @extend_schema(
        operation_id="text_precedents_posted",
        summary="Precedents of a long text",
        description="As the GET, with the same parameters as one JSON object in the body: for a text longer than "
        "a URL may be (a server reads a request line of at most 8,190 characters, and a text's punctuation takes "
        "three each). Signed-in callers only." + _ABOUT,
        request=TextPrecedentParametersSerializer,
        responses=PrecedentResultsSerializer,
    )
    def post(self, request: Request) -> Response:
        return self._answer_text(request, _parameters(request.data, TextPrecedentParametersSerializer))

    def _answer_text(self, request: Request, params: dict[str, Any]) -> Response:
        letters = letters_visible_to(user=request.user)
        try:
            results = precedents_search(
                letters=letters, text=params.get("q", ""), limit=params["limit"], filters=_filters(params)
            )
        except PrecedentQueryError as exc:
            raise ValidationError({"q": [str(exc)]}, code="invalid_query") from exc
        return _answer(request, results)
