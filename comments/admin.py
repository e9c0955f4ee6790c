from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from comments import review_selectors, selectors
from comments.models import Acknowledgement, Assignment, CompanyResponse, FilingReference, Letter, Review, StaffComment
from comments.services import letter_parse, private_letter_intake, reviews_thread_all
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
    # Only the organisations the user may upload for (editor or above); see __init__.
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), help_text="whose private letter this is")
    company = forms.ModelChoiceField(queryset=Company.objects.order_by("name"))
    form_type = forms.ChoiceField(
        choices=[("UPLOAD", "UPLOAD (SEC staff letter)"), ("CORRESP", "CORRESP (company letter)"), ("LETTER", "LETTER (SEC staff letter)")]
    )
    file = forms.FileField(help_text="PDF, DOCX, HTML or TXT, at most 10 MB")

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_editable_by(user=user)


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

    def get_queryset(self, request: HttpRequest) -> QuerySet[Letter]:
        return selectors.letters_visible_to(user=request.user, letters=super().get_queryset(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Letter | None:
        letter = super().get_object(request, object_id, from_field)
        if letter is not None:
            # A display method sees only the letter, and the pairs depend on who is looking.
            letter.comment_response_pairs = selectors.comment_response_pairs(letter=letter, user=request.user)
        return letter

    @admin.display(description="Comments and responses, side by side")
    def comments_and_responses(self, letter: Letter) -> str:
        rows = getattr(letter, "comment_response_pairs", [])
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
        # letter_parse takes the same post-parse step as ingestion: links and twins come out fresh.
        failed = 0
        for letter in queryset:
            failed += letter_parse(letter=letter, force=True).parse_status == Letter.ParseStatus.FAILED
        self.message_user(request, f"Re-parsed {queryset.count()} letter(s); {failed} failed.", messages.WARNING if failed else messages.SUCCESS)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        """Adding a letter by hand means private intake: a file, its organisation, its company and its form."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:comments_letter_changelist"))
        form = PrivateLetterIntakeForm(request.POST or None, request.FILES or None, user=request.user)
        # A superuser may upload for any organisation, and is shown the form even before there is one.
        if not request.user.is_superuser and not form.fields["organisation"].queryset.exists():
            raise PermissionDenied("Only an editor, approver or admin of an organisation may add its private letters.")
        if request.method == "POST" and form.is_valid():
            try:
                intake = private_letter_intake(
                    uploaded_file=form.cleaned_data["file"],
                    company=form.cleaned_data["company"],
                    organisation=form.cleaned_data["organisation"],
                    user=request.user,
                    form_type=form.cleaned_data["form_type"],
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                letter = intake.letter
                if intake.duplicate:
                    self.message_user(
                        request,
                        f"{letter.organisation} uploaded this same file before, as {letter}; nothing new was stored.",
                        messages.WARNING,
                    )
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


class ReviewLetterInline(admin.TabularInline):
    model = Letter
    fk_name = "review"
    extra = 0
    fields = ["letter_link", "letter_date", "form_type", "kind", "review_reason"]
    readonly_fields = fields
    can_delete = False
    ordering = ["letter_date", "pk"]

    def has_add_permission(self, request: HttpRequest, obj: Review | None = None) -> bool:
        return False  # threading decides which letters a review has

    @admin.display(description="letter")
    def letter_link(self, letter: Letter) -> str:
        return format_html('<a href="{}">{}</a>', reverse("admin:comments_letter_change", args=[letter.pk]), letter)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["__str__", "company", "status", "rounds", "comment_count", "opened_on", "closed_on", "incomplete"]
    list_filter = ["status", "incomplete", "is_private"]
    search_fields = ["company__name", "company__cik", "subject_form", "subject_file_number"]
    list_select_related = ["company"]
    date_hierarchy = "opened_on"
    inlines = [ReviewLetterInline]
    actions = ["rethread_companies"]
    readonly_fields = [
        "company", "subject_filing", "subject_form", "subject_period_end", "subject_filed", "subject_file_number",
        "status", "opened_on", "closed_on", "incomplete", "is_private", "rounds", "comment_count", "staff_office",
        "days_open", "estimated_release_on",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return review_selectors.reviews_visible_to(user=request.user, reviews=super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description="days open")
    def days_open(self, review: Review) -> str:
        days = review_selectors.review_figures(review).days_open
        return "—" if days is None else f"{days} days"

    @admin.display(description="estimated public release")
    def estimated_release_on(self, review: Review) -> str:
        when = review_selectors.review_figures(review).estimated_release_on
        return when.isoformat() if when else "when the review closes"

    @admin.action(description="Re-thread the letters of these reviews' companies")
    def rethread_companies(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        count = reviews_thread_all(company_ids=queryset.values_list("company_id", flat=True))
        self.message_user(request, f"Re-threaded; those companies now have {count} review(s).", messages.SUCCESS)

    def get_urls(self):  # noqa: ANN201
        metrics = path("metrics/", self.admin_site.admin_view(self.metrics_view), name="comments_review_metrics")
        return [metrics, *super().get_urls()]

    def metrics_view(self, request: HttpRequest) -> HttpResponse:
        by = request.GET.get("by", "year")
        if by not in review_selectors.METRIC_GROUPS:
            by = "year"
        rows = review_selectors.review_metrics(reviews=self.get_queryset(request), by=by)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review metrics by {by}",
            "opts": self.model._meta,
            "rows": rows,
            "by": by,
            "groups": review_selectors.METRIC_GROUPS,
        }
        return TemplateResponse(request, "admin/comments/review/metrics.html", context)


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "due_date", "status"]
    list_filter = ["status"]
    list_select_related = ["comment", "owner"]
    raw_id_fields = ["comment", "owner"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        visible = selectors.letters_visible_to(user=request.user)
        return super().get_queryset(request).filter(comment__letter__in=visible)


@admin.register(StaffComment)
class StaffCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "letter", "heading", "in_latest_parse"]
    list_select_related = ["letter__company"]
    search_fields = ["text", "heading"]
    raw_id_fields = ["letter"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffComment]:
        return super().get_queryset(request).filter(letter__in=selectors.letters_visible_to(user=request.user))
