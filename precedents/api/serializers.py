"""What the precedent endpoints read (their query parameters) and answer."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from comments.models import CompanyResponse
from comments.selectors import topic_taxonomy
from precedents.search import MAX_LIMIT, Outcome, PrecedentHit
from precedents.text import MAX_QUERY_CHARS


class PrecedentParametersSerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=10, help_text="how many precedents")
    topic = serializers.ChoiceField(choices=topic_taxonomy(), required=False, help_text="only comments on this topic")
    form = serializers.CharField(required=False, max_length=32, help_text="only reviews of this form (10-K, S-1, …)")
    year_from = serializers.IntegerField(
        required=False, min_value=1900, max_value=2999, help_text="letters of this year or later"
    )
    year_to = serializers.IntegerField(
        required=False, min_value=1900, max_value=2999, help_text="letters of this year or earlier"
    )
    exclude_company = serializers.IntegerField(required=False, min_value=1, help_text="leave out this company (CIK)")
    resolved_in_one_round = serializers.BooleanField(
        default=False, help_text="only comments the staff let go after the first answer (not reissued, not a follow-up)"
    )


class CommentPrecedentParametersSerializer(PrecedentParametersSerializer):
    exclude_my_company = serializers.BooleanField(default=False, help_text="leave out the comment's own company")


class TextPrecedentParametersSerializer(PrecedentParametersSerializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=f"the text to find staff comments like (a staff comment, at most {MAX_QUERY_CHARS:,} characters)",
    )


class PrecedentCompanySerializer(serializers.Serializer):
    cik = serializers.IntegerField()
    name = serializers.CharField()


class PrecedentAnswerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="answer.pk")
    url = serializers.SerializerMethodField(help_text="the full response")
    letter_url = serializers.SerializerMethodField(help_text="the company letter it is in")
    answer_type = serializers.ChoiceField(
        source="answer.answer_type", choices=CompanyResponse.AnswerType.choices, allow_blank=True, help_text="blank: not read"
    )
    excerpt = serializers.CharField(source="answer_excerpt")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, hit: PrecedentHit) -> str:
        return reverse("comments-api:company-response-detail", kwargs={"pk": hit.answer.pk}, request=self.context.get("request"))  # type: ignore[union-attr]

    @extend_schema_field(OpenApiTypes.URI)
    def get_letter_url(self, hit: PrecedentHit) -> str:
        return reverse("comments-api:letter-detail", kwargs={"pk": hit.answer.letter_id}, request=self.context.get("request"))  # type: ignore[union-attr]


class PrecedentHitSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.FloatField(help_text="reciprocal-rank fusion score; higher is more alike")
    id = serializers.IntegerField(source="comment.pk", help_text="the similar staff comment")
    url = serializers.SerializerMethodField()
    number = serializers.IntegerField(source="comment.number")
    heading = serializers.CharField(source="comment.heading")
    text = serializers.CharField(source="comment.text")
    company = PrecedentCompanySerializer(source="comment.letter.company")
    letter_url = serializers.SerializerMethodField()
    date = serializers.DateField(source="comment.letter.letter_date", allow_null=True)
    review_url = serializers.SerializerMethodField()
    form_under_review = serializers.SerializerMethodField()
    rounds = serializers.IntegerField(allow_null=True, help_text="staff comment letters the review took")
    outcome = serializers.ChoiceField(choices=list(Outcome.LABELS.items()))
    outcome_label = serializers.CharField()
    answer = serializers.SerializerMethodField(help_text="the company's first answer you may see; null if none")

    def _url(self, name: str, pk: int) -> str:
        return reverse(name, kwargs={"pk": pk}, request=self.context.get("request"))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, hit: PrecedentHit) -> str:
        return self._url("comments-api:staff-comment-detail", hit.comment.pk)

    @extend_schema_field(OpenApiTypes.URI)
    def get_letter_url(self, hit: PrecedentHit) -> str:
        return self._url("comments-api:letter-detail", hit.comment.letter_id)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_review_url(self, hit: PrecedentHit) -> str | None:
        review_id = hit.comment.letter.review_id
        return self._url("comments-api:review-detail", review_id) if review_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_form_under_review(self, hit: PrecedentHit) -> str | None:
        review = hit.comment.letter.review
        return (review.subject_form or None) if review is not None else None

    @extend_schema_field(PrecedentAnswerSerializer(allow_null=True))
    def get_answer(self, hit: PrecedentHit) -> dict[str, Any] | None:
        return PrecedentAnswerSerializer(hit, context=self.context).data if hit.answer is not None else None


class PrecedentResultsSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="the text searched with")
    model = serializers.CharField(
        source="model_key", allow_null=True, help_text="the dense model version used; null: full-text ranking alone"
    )
    results = PrecedentHitSerializer(source="hits", many=True)
