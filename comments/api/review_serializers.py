"""How reviews look in the API: a list row with the review's figures, and the detail with its letters in
order, each staff comment with the company's answers.

Every nested letter, comment and answer comes from what the view prefetched through the visibility
selector; the figures (days open, topics) are review_figures' over those same letters.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from comments.api.serializers import letter_edgar_url
from comments.models import CompanyResponse, Letter, Review, StaffComment
from comments.review_selectors import ReviewFigures, review_figures
from filings.api.serializers import CompanyBriefSerializer, FilingBriefSerializer


def figures_of(review: Review) -> ReviewFigures:
    """The review's figures, worked out once per object however many fields read them."""
    figures = getattr(review, "_api_figures", None)
    if figures is None:
        figures = review._api_figures = review_figures(review)
    return figures


class ReviewSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:review-detail")
    company = CompanyBriefSerializer(read_only=True)
    subject_filing = FilingBriefSerializer(read_only=True, allow_null=True, help_text="the filing under review, once known here")
    organisation = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True, help_text="whose private review this is"
    )
    days_open = serializers.SerializerMethodField(help_text="days from the first staff letter to the close (to today while open)")
    topics = serializers.SerializerMethodField(help_text="the topics its staff letters raise")
    estimated_release_on = serializers.SerializerMethodField(
        help_text="when EDGAR should publish the letters: 20 business days after the close"
    )

    class Meta:
        model = Review
        fields = [
            "id",
            "url",
            "company",
            "status",
            "subject_form",
            "subject_period_end",
            "subject_filed",
            "subject_file_number",
            "subject_filing",
            "opened_on",
            "closed_on",
            "days_open",
            "rounds",
            "comment_count",
            "incomplete",
            "is_private",
            "organisation",
            "staff_office",
            "topics",
            "estimated_release_on",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_days_open(self, review: Review) -> int | None:
        return figures_of(review).days_open

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_topics(self, review: Review) -> list[str]:
        return figures_of(review).topics

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_estimated_release_on(self, review: Review):  # noqa: ANN201
        return figures_of(review).estimated_release_on


class ReviewAnswerSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:company-response-detail")

    class Meta:
        model = CompanyResponse
        fields = ["id", "url", "letter", "number", "text", "answer_type", "makes_commitment", "commitment_text"]


class ReviewCommentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:staff-comment-detail")
    answers = ReviewAnswerSerializer(
        source="responses", many=True, read_only=True, help_text="the company's answers you may see, oldest first"
    )

    class Meta:
        model = StaffComment
        fields = ["id", "url", "number", "heading", "page", "text", "topics", "status", "reissues", "answers"]


class ReviewResponseBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:company-response-detail")
    comment = serializers.SerializerMethodField(help_text="the staff comment it answers, if you may see it")

    class Meta:
        model = CompanyResponse
        fields = ["id", "url", "number", "comment", "answer_type", "makes_commitment"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_comment(self, response: CompanyResponse) -> int | None:
        return response.comment_id if response.comment_id in self.context.get("shown_comment_ids", ()) else None


class ReviewLetterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:letter-detail")
    edgar_url = serializers.SerializerMethodField(help_text="the filing's folder on EDGAR; none for a private letter")
    responds_to = serializers.SerializerMethodField(help_text="the staff letter this company letter answers, if you may see it")
    comments = ReviewCommentSerializer(many=True, read_only=True, help_text="a staff letter's comments, in order")
    responses = ReviewResponseBriefSerializer(many=True, read_only=True, help_text="a company letter's responses, in order")

    class Meta:
        model = Letter
        fields = [
            "id",
            "url",
            "form_type",
            "kind",
            "direction",
            "letter_date",
            "is_private",
            "edgar_url",
            "responds_to",
            "review_reason",
            "comments",
            "responses",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_edgar_url(self, letter: Letter) -> str | None:
        return letter_edgar_url(letter)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_responds_to(self, letter: Letter) -> int | None:
        return letter.responds_to_id if getattr(letter, "responds_to_shown", False) else None


class ReviewDetailSerializer(ReviewSerializer):
    letters = serializers.SerializerMethodField(help_text="its letters you may see, oldest first")

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "letters"]

    @extend_schema_field(ReviewLetterSerializer(many=True))
    def get_letters(self, review: Review) -> list[dict]:
        letters = list(review.letters.all())
        shown = {comment.pk for letter in letters for comment in letter.comments.all()}
        context = {**self.context, "shown_comment_ids": shown}
        return ReviewLetterSerializer(letters, many=True, context=context).data


# A CIK has at most ten digits; a larger number is refused before it reaches a database that cannot hold it.
CIK_MAX = 9_999_999_999


class ReviewRethreadSerializer(serializers.Serializer):
    ciks = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=CIK_MAX),
        min_length=1,
        max_length=100,
        help_text="the companies to re-thread",
    )


class ReviewRethreadResultSerializer(serializers.Serializer):
    companies = serializers.IntegerField(help_text="companies re-threaded")
    reviews = serializers.ListField(child=serializers.IntegerField(), help_text="ids of their reviews you may see, now")


class ReviewMetricsRowSerializer(serializers.Serializer):
    group = serializers.CharField()
    reviews = serializers.IntegerField()
    rounds_mean = serializers.FloatField()
    days_to_close_mean = serializers.FloatField(allow_null=True)
    days_to_close_median = serializers.FloatField(allow_null=True)
    response_lag_days_mean = serializers.FloatField(allow_null=True)
    response_lag_business_days_mean = serializers.FloatField(allow_null=True)
    comments_per_review = serializers.FloatField()
    letters_per_review = serializers.FloatField(help_text="staff and company letters: the published letters per conversation")
    resolved_in_one_round = serializers.FloatField(allow_null=True, help_text="share of closed reviews")
    resolved_in_two_rounds = serializers.FloatField(allow_null=True, help_text="share of closed reviews")


class ReviewMetricsSerializer(serializers.Serializer):
    by = serializers.CharField()
    rows = ReviewMetricsRowSerializer(many=True)
