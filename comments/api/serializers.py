"""How letters and what they say look in the API, and the intake form.

A link to another letter (the staff letter a company letter answers, the comment a response answers) is
shown only when the caller may see that letter: the view annotates `responds_to_shown` and
`comment_shown` from the visibility selector, and without the annotation the link is left out.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from comments.models import Acknowledgement, CompanyResponse, FilingReference, Letter, StaffComment
from comments.services.intake import MAX_UPLOAD_BYTES
from filings.api.links import edgar_folder_url
from filings.api.serializers import CompanyBriefSerializer, FilingBriefSerializer
from filings.forms import LETTER_FORMS
from teams.api.organisations import caller_organisation
from teams.models import Organisation


def letter_edgar_url(letter: Letter) -> str | None:
    if letter.is_private or letter.filing is None:
        return None
    return edgar_folder_url(cik=letter.company.cik, accession_number=letter.filing.accession_number)


class LetterBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:letter-detail")
    company = CompanyBriefSerializer(read_only=True)

    class Meta:
        model = Letter
        fields = ["id", "url", "company", "form_type", "kind", "direction", "letter_date", "is_private"]


class StaffCommentBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:staff-comment-detail")

    class Meta:
        model = StaffComment
        fields = ["id", "url", "letter", "number", "heading", "page"]


class StaffCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffComment
        fields = ["id", "number", "heading", "page", "text", "topics", "position", "in_latest_parse"]


class CompanyResponseSerializer(serializers.ModelSerializer):
    comment = serializers.SerializerMethodField(help_text="the staff comment this answers, if you may see it")

    class Meta:
        model = CompanyResponse
        fields = ["id", "number", "comment", "restated_comment", "text", "makes_commitment", "commitment_text"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_comment(self, response: CompanyResponse) -> int | None:
        # Nested in its letter: answers link to the comments of the staff letter the letter answers.
        letter = response.letter
        if response.comment_id is None or not getattr(letter, "responds_to_shown", False):
            return None
        return response.comment_id if response.comment.letter_id == letter.responds_to_id else None


class FilingReferenceSerializer(serializers.ModelSerializer):
    accession_number = serializers.CharField(source="filing.accession_number", default=None, allow_null=True, read_only=True)

    class Meta:
        model = FilingReference
        fields = ["form", "period_end", "filing_date", "file_number", "amendment", "accession_number"]


class AcknowledgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Acknowledgement
        fields = ["statement", "present", "required", "evidence"]


class LetterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:letter-detail")
    cik = serializers.IntegerField(source="company.cik", read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True)
    accession_number = serializers.CharField(source="filing.accession_number", default=None, allow_null=True, read_only=True)
    responds_to = serializers.SerializerMethodField(help_text="the staff letter this company letter answers, if you may see it")
    edgar_url = serializers.SerializerMethodField(help_text="the filing's folder on EDGAR; none for a private letter")

    class Meta:
        model = Letter
        fields = [
            "id",
            "url",
            "cik",
            "company_name",
            "accession_number",
            "edgar_url",
            "form_type",
            "kind",
            "direction",
            "letter_date",
            "responds_to_letter_date",
            "responds_to",
            "topics",
            "literature",
            "acknowledgements_requested",
            "is_private",
            "public_twin",
            "parse_status",
            "parser_version",
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_responds_to(self, letter: Letter) -> int | None:
        return letter.responds_to_id if getattr(letter, "responds_to_shown", False) else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_edgar_url(self, letter: Letter) -> str | None:
        return letter_edgar_url(letter)


class LetterDetailSerializer(LetterSerializer):
    comments = StaffCommentSerializer(many=True, read_only=True)
    responses = CompanyResponseSerializer(many=True, read_only=True)
    references = FilingReferenceSerializer(many=True, read_only=True)
    acknowledgements = AcknowledgementSerializer(many=True, read_only=True)
    text = serializers.SerializerMethodField(help_text="the letter's text as extracted")

    class Meta(LetterSerializer.Meta):
        fields = [
            *LetterSerializer.Meta.fields,
            "addressee",
            "signatories",
            "staff_office",
            "company_name_as_printed",
            "parse_error",
            "text",
            "comments",
            "responses",
            "references",
            "acknowledgements",
        ]

    def get_text(self, letter: Letter) -> str:
        if letter.is_private or letter.document_id is None:
            return letter.text
        return letter.document.text


class LetterIntakeSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)
    cik = serializers.IntegerField(min_value=1)
    form_type = serializers.ChoiceField(choices=sorted(LETTER_FORMS))
    organisation = serializers.SlugField(max_length=64, help_text="the slug of the organisation whose private letter this is")

    def validate_organisation(self, value: str) -> Organisation:
        # Whether the caller's role may upload is the service's rule (a 403), asked after this.
        return caller_organisation(user=getattr(self.context.get("request"), "user", None), slug=value)

    def validate_file(self, value):
        # Refuse early on the declared size; the service checks the real bytes again.
        if value.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(f"the file is over the {MAX_UPLOAD_BYTES:,}-byte limit")
        return value


class LetterIntakeResultSerializer(LetterDetailSerializer):
    duplicate = serializers.SerializerMethodField(
        help_text="true when your organisation had uploaded this same file before: this is that letter, and nothing new was stored"
    )

    class Meta(LetterDetailSerializer.Meta):
        fields = [*LetterDetailSerializer.Meta.fields, "duplicate"]

    def get_duplicate(self, letter: Letter) -> bool:
        return bool(self.context.get("duplicate", False))


# --- staff comments, company responses and referenced filings as resources of their own -------------


class CompanyResponseBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:company-response-detail")
    letter = LetterBriefSerializer(read_only=True)

    class Meta:
        model = CompanyResponse
        fields = ["id", "url", "letter", "number", "text", "makes_commitment", "commitment_text"]


class StaffCommentListSerializer(StaffCommentSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:staff-comment-detail")
    letter = LetterBriefSerializer(read_only=True)

    class Meta(StaffCommentSerializer.Meta):
        fields = ["id", "url", "letter", *StaffCommentSerializer.Meta.fields[1:]]


class StaffCommentDetailSerializer(StaffCommentListSerializer):
    responses = CompanyResponseBriefSerializer(many=True, read_only=True, help_text="the answers you may see, oldest first")

    class Meta(StaffCommentListSerializer.Meta):
        fields = [*StaffCommentListSerializer.Meta.fields, "responses"]


class CompanyResponseListSerializer(CompanyResponseBriefSerializer):
    comment = serializers.SerializerMethodField(help_text="the staff comment this answers, if you may see it")

    class Meta(CompanyResponseBriefSerializer.Meta):
        fields = [
            "id",
            "url",
            "letter",
            "number",
            "comment",
            "restated_comment",
            "text",
            "makes_commitment",
            "commitment_text",
        ]

    @extend_schema_field(StaffCommentBriefSerializer(allow_null=True))
    def get_comment(self, response: CompanyResponse) -> dict | None:
        if response.comment_id is None or not getattr(response, "comment_shown", False):
            return None
        return StaffCommentBriefSerializer(response.comment, context=self.context).data


class FilingReferenceListSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="comments-api:referenced-filing-detail")
    letter = LetterBriefSerializer(read_only=True)
    filing = FilingBriefSerializer(read_only=True, help_text="the filing this names, once matched")

    class Meta:
        model = FilingReference
        fields = ["id", "url", "letter", "form", "period_end", "filing_date", "file_number", "amendment", "position", "filing"]
