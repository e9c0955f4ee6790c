"""The letter list's filters, and the letter page's comment and response tables."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet
from django.http import HttpRequest

from comments import selectors
from comments.labels import topic_label, topics_text
from comments.models import CompanyResponse, Letter, Review, StaffComment
from config.admin_display import EMPTY, READ_ONLY_TABULAR, shortened
from filings.models import Company
from teams.models import Organisation
from teams.selectors import organisations_editable_by


class HasCommitmentFilter(admin.SimpleListFilter):
    title = "has commitment"
    parameter_name = "commitment"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return selectors.letters_with_commitment(letters=queryset, value=self.value() == "yes")
        return queryset


class MissingAcknowledgementsFilter(admin.SimpleListFilter):
    title = "missing acknowledgements"
    parameter_name = "missing_ack"

    def lookups(self, request, model_admin):
        return [("yes", "Required and missing"), ("no", "Complete or not required")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return selectors.letters_missing_acknowledgements(letters=queryset, value=self.value() == "yes")
        return queryset


class TopicFilter(admin.SimpleListFilter):
    title = "topic"
    parameter_name = "topic"

    def lookups(self, request, model_admin):
        return [(topic, topic_label(topic)) for topic in selectors.topic_taxonomy()]

    def queryset(self, request, queryset):
        if self.value():
            return selectors.letters_with_topic(letters=queryset, topic=self.value())
        return queryset


class ReviewStatusFilter(admin.SimpleListFilter):
    title = "review status"
    parameter_name = "review_status"

    def lookups(self, request, model_admin):
        return [*Review.Status.choices, ("none", "In no review")]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(review__isnull=True)
        if self.value() in Review.Status.values:
            return queryset.filter(review__status=self.value())
        return queryset


class StaffCommentInline(admin.TabularInline):
    template = READ_ONLY_TABULAR
    model = StaffComment
    extra = 0
    fields = ["number", "heading_shortened", "page", "topic_list", "status", "in_latest_parse"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False  # the parser writes them

    @admin.display(description="heading")
    def heading_shortened(self, comment: StaffComment) -> str:
        return shortened(comment.heading, 70)

    @admin.display(description="topics")
    def topic_list(self, comment: StaffComment) -> str:
        return topics_text(comment.topics) or EMPTY


class CompanyResponseInline(admin.TabularInline):
    template = READ_ONLY_TABULAR
    model = CompanyResponse
    fk_name = "letter"
    extra = 0
    fields = ["number", "comment", "answer_type", "makes_commitment", "commitment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Letter | None = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[CompanyResponse]:
        return super().get_queryset(request).select_related("comment")

    @admin.display(description="what it commits to")
    def commitment(self, response: CompanyResponse) -> str:
        return shortened(response.commitment_text, 90)


class PrivateLetterIntakeForm(forms.Form):
    # Only the organisations the user may upload for (editor or above); see __init__.
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), help_text="whose private letter this is")
    company = forms.ModelChoiceField(queryset=Company.objects.order_by("name"))
    form_type = forms.ChoiceField(
        choices=[
            ("UPLOAD", "UPLOAD (SEC staff letter)"),
            ("CORRESP", "CORRESP (company letter)"),
            ("LETTER", "LETTER (SEC staff letter)"),
        ]
    )
    file = forms.FileField(help_text="PDF, DOCX, HTML or TXT, at most 10 MB")

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_editable_by(user=user)
