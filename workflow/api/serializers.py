"""How workflow rows look in the API, and what each workflow action takes."""

from __future__ import annotations

from rest_framework import serializers

from comments.models import CompanyResponse
from comments.services.deadlines import DueState
from workflow.models import Assignment, Draft, Extension, FilerStatus, Note, ResponseLetter


def _username(field: str) -> serializers.CharField:
    return serializers.CharField(source=f"{field}.username", read_only=True, default=None, allow_null=True)


class _Row(serializers.ModelSerializer):
    organisation: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="slug", read_only=True)


class _CommentRow(_Row):
    letter = serializers.IntegerField(source="comment.letter_id", read_only=True)
    comment_number = serializers.IntegerField(source="comment.number", read_only=True)


class AssignmentSerializer(_CommentRow):
    owner = _username("owner")
    assigned_by = _username("assigned_by")

    class Meta:
        model = Assignment
        fields = ["id", "organisation", "comment", "letter", "comment_number", "owner", "due_on", "assigned_by", "updated_at"]


class DraftSerializer(_CommentRow):
    written_by = _username("written_by")
    submitted_by = _username("submitted_by")
    approved_by = _username("approved_by")

    class Meta:
        model = Draft
        fields = [
            "id",
            "organisation",
            "comment",
            "letter",
            "comment_number",
            "text",
            "answer_type",
            "status",
            "revision",
            "written_by",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "updated_at",
        ]


class DraftHistorySerializer(serializers.Serializer):
    history_date = serializers.DateTimeField()
    history_type = serializers.CharField(help_text="+ made, ~ changed, - deleted")
    history_user = serializers.CharField(source="history_user.username", default=None, allow_null=True)
    status = serializers.CharField()
    revision = serializers.IntegerField()
    text = serializers.CharField()
    answer_type = serializers.CharField()


class NoteSerializer(_CommentRow):
    author = _username("author")

    class Meta:
        model = Note
        fields = ["id", "organisation", "comment", "letter", "comment_number", "author", "text", "created_at"]


class ExtensionSerializer(_Row):
    entered_by = _username("entered_by")

    class Meta:
        model = Extension
        fields = ["id", "organisation", "staff_letter", "until", "days", "business_days", "reason", "entered_by", "entered_on"]


class FilerStatusSerializer(_Row):
    cik = serializers.IntegerField(source="company.cik", read_only=True)

    class Meta:
        model = FilerStatus
        fields = ["id", "organisation", "cik", "category", "well_known_seasoned_issuer", "item_1b_applies", "updated_at"]


class ResponseLetterSerializer(_Row):
    staff_letter_date = serializers.DateField(source="staff_letter.letter_date", read_only=True, allow_null=True)
    cik = serializers.IntegerField(source="staff_letter.company.cik", read_only=True)

    class Meta:
        model = ResponseLetter
        fields = [
            "id",
            "organisation",
            "staff_letter",
            "staff_letter_date",
            "cik",
            "status",
            "letter_date",
            "closing",
            "signatory_name",
            "signatory_title",
            "final_generated_at",
            "filed_letter",
            "filed_on",
            "updated_at",
        ]


class CommentDueSerializer(serializers.Serializer):
    comment = serializers.IntegerField(source="comment.pk")
    letter = serializers.IntegerField(source="comment.letter_id")
    cik = serializers.IntegerField(source="comment.letter.company.cik")
    number = serializers.IntegerField(source="comment.number")
    heading = serializers.CharField(source="comment.heading")
    letter_date = serializers.DateField(source="letter_deadline.letter_date", allow_null=True)
    response_due = serializers.DateField(
        source="letter_deadline.response_due", allow_null=True, help_text="the staff's date, extensions applied"
    )
    due_on = serializers.DateField(allow_null=True, help_text="the assignment's own date if it has one, else response_due")
    state = serializers.ChoiceField(choices=DueState.choices)
    owner = serializers.CharField(source="assignment.owner.username", default=None, allow_null=True)
    draft_status = serializers.CharField(source="draft.status", default=None, allow_null=True)


class DifferenceSerializer(serializers.Serializer):
    comment_number = serializers.IntegerField()
    approved = serializers.CharField()
    filed = serializers.CharField(allow_null=True)
    same = serializers.BooleanField()
    diff = serializers.ListField(child=serializers.ListField(child=serializers.CharField()), help_text="[op, words] pairs")


# --- what the actions take ------------------------------------------------------------------------


def _id() -> serializers.IntegerField:
    # What a 64-bit id column holds: a larger number is a 400 here, not a database error.
    return serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class _InOrganisation(serializers.Serializer):
    organisation = serializers.SlugField(max_length=64, help_text="the organisation's slug")


class AssignInput(_InOrganisation):
    comment = _id()
    owner = serializers.CharField(max_length=150, allow_null=True, help_text="username of an editor or above")
    due_on = serializers.DateField(required=False, allow_null=True)


class DraftWriteInput(_InOrganisation):
    comment = _id()
    text = serializers.CharField(allow_blank=True, max_length=200_000, trim_whitespace=False)
    answer_type = serializers.ChoiceField(
        choices=CompanyResponse.AnswerType.choices, required=False, allow_blank=True, default=""
    )


class ApproveInput(serializers.Serializer):
    revision = serializers.IntegerField(min_value=1, max_value=2**31 - 1, help_text="the revision you read and approve")


class NoteInput(_InOrganisation):
    comment = _id()
    text = serializers.CharField(max_length=20_000)


class ExtensionInput(_InOrganisation):
    staff_letter = _id()
    until = serializers.DateField(required=False, allow_null=True)
    days = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=365)
    business_days = serializers.BooleanField(default=True)
    reason = serializers.CharField(max_length=2000)


class FilerStatusInput(_InOrganisation):
    cik = _id()
    category = serializers.ChoiceField(choices=FilerStatus.Category.choices)
    well_known_seasoned_issuer = serializers.BooleanField(default=False)


class ResponseLetterOpenInput(_InOrganisation):
    staff_letter = _id()


class ResponseLetterEditInput(serializers.Serializer):
    letter_date = serializers.DateField(required=False, allow_null=True)
    signatory_name = serializers.CharField(required=False, max_length=255, allow_blank=True)
    signatory_title = serializers.CharField(required=False, max_length=255, allow_blank=True)
    closing = serializers.CharField(required=False, max_length=64)


class GenerateInput(serializers.Serializer):
    final = serializers.BooleanField(default=False, help_text="false: a marked draft, whatever is approved")
    format = serializers.ChoiceField(choices=["docx", "html"], default="docx")
