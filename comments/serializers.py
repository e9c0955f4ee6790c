from __future__ import annotations

from rest_framework import serializers

from comments.models import Acknowledgement, CompanyResponse, FilingReference, Letter, StaffComment
from filings.forms import LETTER_FORMS
from comments.services.intake import MAX_UPLOAD_BYTES


class StaffCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffComment
        fields = ["id", "number", "heading", "page", "text", "topics", "position", "in_latest_parse"]


class CompanyResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompanyResponse
        fields = ["id", "number", "comment", "restated_comment", "text", "makes_commitment", "commitment_text"]


class FilingReferenceSerializer(serializers.ModelSerializer):
    accession_number = serializers.CharField(source="filing.accession_number", default=None, read_only=True)

    class Meta:
        model = FilingReference
        fields = ["form", "period_end", "filing_date", "file_number", "amendment", "accession_number"]


class AcknowledgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Acknowledgement
        fields = ["statement", "present", "required", "evidence"]


class LetterSerializer(serializers.ModelSerializer):
    cik = serializers.IntegerField(source="company.cik", read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True)
    accession_number = serializers.CharField(source="filing.accession_number", default=None, read_only=True)

    class Meta:
        model = Letter
        fields = [
            "id", "cik", "company_name", "accession_number", "form_type", "kind", "direction", "letter_date",
            "responds_to_letter_date", "responds_to", "topics", "acknowledgements_requested", "is_private",
            "public_twin", "parse_status", "parser_version",
        ]


class LetterDetailSerializer(LetterSerializer):
    comments = StaffCommentSerializer(many=True, read_only=True)
    responses = CompanyResponseSerializer(many=True, read_only=True)
    references = FilingReferenceSerializer(many=True, read_only=True)
    acknowledgements = AcknowledgementSerializer(many=True, read_only=True)

    class Meta(LetterSerializer.Meta):
        fields = [
            *LetterSerializer.Meta.fields, "addressee", "signatories", "staff_office", "company_name_as_printed",
            "literature", "parse_error", "comments", "responses", "references", "acknowledgements",
        ]


class LetterIntakeSerializer(serializers.Serializer):
    file = serializers.FileField(max_length=255, allow_empty_file=False)
    cik = serializers.IntegerField(min_value=1)
    form_type = serializers.ChoiceField(choices=sorted(LETTER_FORMS))

    def validate_file(self, value):
        # Refuse early on the declared size; the service checks the real bytes again.
        if value.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(f"the file is over the {MAX_UPLOAD_BYTES:,}-byte limit")
        return value
