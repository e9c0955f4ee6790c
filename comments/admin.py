from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from comments import selectors
from comments.models import (
    Acknowledgement,
    Assignment,
    CompanyResponse,
    FilingReference,
    Letter,
    Review,
    StaffComment,
)
from comments.services import letter_parse, private_letter_intake
from filings.models import Company


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
        return [(topic, topic.replace("_", " ")) for topic in selectors.topic_taxonomy()]

    def queryset(self, request, queryset):
        if self.value():
            return selectors.letters_with_topic(letters=queryset, topic=self.value())
        return queryset


class StaffCommentInline(admin.StackedInline):
    model = StaffComment
    extra = 0
    fields = ["number", "heading", "page", "text", "topics", "position", "in_latest_parse"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


class CompanyResponseInline(admin.StackedInline):
    model = CompanyResponse
    fk_name = "letter"
    extra = 0
    fields = ["number", "comment", "restated_comment", "text", "makes_commitment", "commitment_text"]
    readonly_fields = fields
    can_delete = False


class FilingReferenceInline(admin.TabularInline):
    model = FilingReference
    extra = 0
    fields = ["form", "period_end", "filing_date", "file_number", "amendment", "filing"]
    readonly_fields = fields
    can_delete = False


class AcknowledgementInline(admin.TabularInline):
    model = Acknowledgement
    extra = 0
    fields = ["statement", "present", "required", "evidence"]
    readonly_fields = fields
    can_delete = False


class PrivateLetterIntakeForm(forms.Form):
    company = forms.ModelChoiceField(queryset=Company.objects.order_by("name"))
    form_type = forms.ChoiceField(
        choices=[("UPLOAD", "UPLOAD (SEC staff letter)"), ("CORRESP", "CORRESP (company letter)"), ("LETTER", "LETTER (SEC staff letter)")]
    )
    file = forms.FileField(help_text="PDF, DOCX, HTML or TXT, at most 10 MB")


def _pairs(letter: Letter) -> list[tuple[str, str, str]]:
    """(number, staff comment, company response) rows for the side-by-side table."""
    if letter.direction == Letter.Direction.STAFF:
        answers: dict[int, list[str]] = {}
        for response in CompanyResponse.objects.filter(comment__letter=letter).select_related("letter").order_by("letter__letter_date", "pk"):
            answers.setdefault(response.comment_id, []).append(response.text)
        return [
            (str(c.number), c.text, "\n\n".join(answers.get(c.pk, [])))
            for c in letter.comments.filter(in_latest_parse=True).order_by("position")
        ]
    return [
        (str(r.number), r.comment.text if r.comment_id else r.restated_comment, r.text)
        for r in letter.responses.select_related("comment").order_by("position")
    ]


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "form_type", "kind", "letter_date", "parse_status", "is_private"]
    list_filter = ["kind", HasCommitmentFilter, MissingAcknowledgementsFilter, TopicFilter, "parse_status", "is_private"]
    search_fields = ["company__name", "company__cik", "filing__accession_number", "company_name_as_printed"]
    list_select_related = ["company", "filing"]
    date_hierarchy = "letter_date"
    actions = ["reparse_selected"]
    inlines = [StaffCommentInline, CompanyResponseInline, FilingReferenceInline, AcknowledgementInline]
    raw_id_fields = ["document", "filing", "company", "review", "responds_to", "subject_filing", "public_twin", "uploaded_by"]
    readonly_fields = [
        "comments_and_responses", "document", "filing", "company", "form_type", "kind", "direction", "letter_date",
        "addressee", "signatories", "staff_office", "responds_to_letter_date", "responds_to", "subject_filing",
        "company_name_as_printed", "literature", "topics", "acknowledgements_requested", "parser_version",
        "parse_status", "parse_error", "parsed_at", "is_private", "uploaded_file", "original_filename",
        "uploaded_by", "public_twin",
    ]
    fieldsets = [
        (None, {"fields": ["company", "form_type", "kind", "direction", "letter_date", "review", "parse_status", "parse_error"]}),
        ("Comments and responses", {"fields": ["comments_and_responses"]}),
        ("As printed", {"fields": ["addressee", "signatories", "staff_office", "company_name_as_printed", "literature", "topics", "acknowledgements_requested"]}),
        ("Links", {"fields": ["document", "filing", "subject_filing", "responds_to_letter_date", "responds_to", "public_twin"]}),
        ("Private intake", {"fields": ["is_private", "uploaded_file", "original_filename", "uploaded_by"], "classes": ["collapse"]}),
        ("Parser", {"fields": ["parser_version", "parsed_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Comments and responses, side by side")
    def comments_and_responses(self, letter: Letter) -> str:
        rows = _pairs(letter)
        if not rows:
            return "—"
        body = format_html_join(
            "",
            '<tr><td style="vertical-align:top">{}</td><td style="vertical-align:top;white-space:pre-wrap">{}</td>'
            '<td style="vertical-align:top;white-space:pre-wrap">{}</td></tr>',
            rows,
        )
        return format_html(
            '<table class="side-by-side"><thead><tr><th>No.</th><th>Staff comment</th><th>Company response</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            body,
        )

    @admin.action(description="Re-parse selected letters")
    def reparse_selected(self, request: HttpRequest, queryset: QuerySet[Letter]) -> None:
        failed = 0
        for letter in queryset:
            failed += letter_parse(letter=letter, force=True).parse_status == Letter.ParseStatus.FAILED
        self.message_user(request, f"Re-parsed {queryset.count()} letter(s); {failed} failed.", messages.WARNING if failed else messages.SUCCESS)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        """Adding a letter by hand means private intake: a file, its company and its form."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:comments_letter_changelist"))
        form = PrivateLetterIntakeForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                letter = private_letter_intake(
                    uploaded_file=form.cleaned_data["file"],
                    company=form.cleaned_data["company"],
                    user=request.user,
                    form_type=form.cleaned_data["form_type"],
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                self.log_addition(request, letter, [{"added": {}}])
                self.message_user(request, f"Stored and parsed the private letter: {letter}.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:comments_letter_change", args=[letter.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": "Add a private letter",
            "form": form,
            "opts": self.model._meta,
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/comments/letter/intake.html", context)



@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "subject_filing", "status", "opened_on", "completed_on"]
    list_filter = ["status"]
    search_fields = ["company__name", "company__cik"]
    raw_id_fields = ["company", "subject_filing"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["comment", "owner"]
    raw_id_fields = ["comment", "owner"]


@admin.register(StaffComment)
class StaffCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "letter", "heading", "in_latest_parse"]
    list_select_related = ["letter__company"]
    search_fields = ["text", "heading"]
    raw_id_fields = ["letter"]
