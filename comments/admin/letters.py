"""The admin for letters: what the parser read, in words, dates and links.

Every queryset is narrowed by comments.selectors.letters_visible_to, so an organisation's admin sees its own
private letters and the public ones, never another organisation's. Letter text and file names come from
filers and uploaders: they are shown through format_html, never marked safe. Its filters, inlines and
intake form are in letter_parts.py; staff comments in comments.py; reviews and the company page's reviews in reviews.py.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from comments import selectors
from comments.admin import reviews as admin_reviews
from comments.admin.comments import letter_link
from comments.admin.letter_parts import (
    CompanyResponseInline,
    HasCommitmentFilter,
    MissingAcknowledgementsFilter,
    PrivateLetterIntakeForm,
    ReviewStatusFilter,
    StaffCommentInline,
    TopicFilter,
)
from comments.labels import acknowledgement_label, names_text, topics_text
from comments.models import Acknowledgement, Letter
from comments.services import letter_parse, letter_text, private_letter_intake, reviews_thread_all
from config.admin_display import EMPTY, TitledChangeForm, day, export_selected_as_csv, shortened, text_block
from filings.api.links import edgar_folder_url


@admin.register(Letter)
class LetterAdmin(TitledChangeForm, admin.ModelAdmin):
    read_only_page = True
    # Five narrow columns: the table fits a 1,280-pixel screen beside the filters.
    list_display = ["company_name", "letter_date", "kind_label", "review_status", "parse_status_label"]
    list_display_links = ["letter_date", "kind_label"]
    list_filter = [
        "kind",
        ReviewStatusFilter,
        HasCommitmentFilter,
        MissingAcknowledgementsFilter,
        TopicFilter,
        "parse_status",
        "is_private",
    ]
    search_fields = ["company__name", "company__cik", "filing__accession_number", "company_name_as_printed"]
    list_select_related = ["company", "review", "filing"]
    date_hierarchy = "letter_date"
    actions = ["reparse_selected", "rethread_selected", export_selected_as_csv]
    export_fields = [
        "company_full_name",
        "cik",
        "letter_date",
        "form_type",
        "kind",
        "review_status",
        "parse_status",
        "topic_list",
        "accession_number",
        "edgar_url",
    ]
    inlines = [StaffCommentInline, CompanyResponseInline]
    readonly_fields = [
        "company",
        "form_type",
        "kind",
        "direction",
        "letter_date",
        "parse_status",
        "parse_error",
        "on_edgar",
        "filing",
        "subject_filing",
        "review_and_reason",
        "correspondence",
        "responds_to_letter_date",
        "comments_and_responses",
        "full_text",
        "addressee",
        "signatory_list",
        "staff_office",
        "company_name_as_printed",
        "literature_list",
        "topic_list",
        "acknowledgements_asked",
        "acknowledgement_list",
        "reference_list",
        "is_private",
        "organisation",
        "original_filename",
        "uploaded_by",
        "parser_version",
        "parsed_at",
    ]
    fieldsets = [
        (None, {"fields": ["company", "form_type", "kind", "direction", "letter_date", "parse_status", "parse_error"]}),
        ("On EDGAR", {"fields": ["on_edgar", "filing", "subject_filing"]}),
        ("Review and correspondence", {"fields": ["review_and_reason", "correspondence", "responds_to_letter_date"]}),
        ("Comments and responses", {"fields": ["comments_and_responses"]}),
        ("Letter text", {"fields": ["full_text"]}),
        (
            "As printed",
            {
                "fields": [
                    "addressee",
                    "signatory_list",
                    "staff_office",
                    "company_name_as_printed",
                    "literature_list",
                    "topic_list",
                    "acknowledgements_asked",
                    "acknowledgement_list",
                    "reference_list",
                ]
            },
        ),
        ("Private intake", {"fields": ["is_private", "organisation", "original_filename", "uploaded_by"]}),
        ("Parser", {"fields": ["parser_version", "parsed_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Letter]:
        return selectors.letters_visible_to(user=request.user, letters=super().get_queryset(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Letter | None:
        # The document without its bytes (a whole PDF), and the rows the page shows beside the letter.
        letters = (
            self.get_queryset(request)
            .select_related("company", "document", "filing", "subject_filing", "review", "organisation", "uploaded_by")
            .defer("document__content")
        )
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            letter = letters.get(**{field.name: field.to_python(object_id)})
        except (Letter.DoesNotExist, ValidationError, ValueError):
            return None
        # Display methods see only the letter, and what is shown depends on who is looking.
        letter.comment_response_pairs = selectors.comment_response_pairs(letter=letter, user=request.user)
        letter.shown_text, _ = letter_text(letter=letter)
        kin = Q(pk=letter.responds_to_id) | Q(responds_to=letter) | Q(pk=letter.public_twin_id) | Q(public_twin=letter)
        letter.visible_kin = list(
            selectors.letters_visible_to(user=request.user).filter(kin).exclude(pk=letter.pk).order_by("letter_date", "pk")
        )
        return letter

    def get_fieldsets(self, request: HttpRequest, obj: Letter | None = None) -> list:
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # Rows that would only ever say "nothing" on this letter are left out.
        left_out = set()
        if not obj.is_private:
            left_out.add("Private intake")
        hidden = {"parse_error"} if not obj.parse_error else set()
        if obj.direction == Letter.Direction.STAFF:
            hidden.update({"responds_to_letter_date", "acknowledgement_list"})  # the company's statements
        else:
            hidden.add("acknowledgements_asked")  # whether a staff letter asks for them
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
            if name not in left_out
        ]

    def title_for(self, letter: Letter) -> str:
        label = letter.get_kind_display() or letter.form_type
        return f"{label} of {day(letter.letter_date)}, {letter.company.name or letter.company.cik}"

    def get_inlines(self, request: HttpRequest, obj: Letter | None) -> list:
        if obj is None:
            return []
        return [StaffCommentInline] if obj.direction == Letter.Direction.STAFF else [CompanyResponseInline]

    # --- the list ---

    @admin.display(description="company", ordering="company__name")
    def company_name(self, letter: Letter) -> str:
        return shortened(letter.company.name or f"CIK {letter.company.cik}", 40)

    @admin.display(description="company")
    def company_full_name(self, letter: Letter) -> str:
        return letter.company.name

    @admin.display(description="CIK")
    def cik(self, letter: Letter) -> int:
        return letter.company.cik

    @admin.display(description="letter", ordering="kind")
    def kind_label(self, letter: Letter) -> str:
        label = letter.get_kind_display() or f"{letter.form_type} (not yet read)"
        if letter.is_private:
            return format_html('{} <span title="a private upload, seen only by its organisation">(private)</span>', label)
        return label

    @admin.display(description="review status", ordering="review__status")
    def review_status(self, letter: Letter) -> str:
        return letter.review.get_status_display() if letter.review else "In no review"

    @admin.display(description="parsed", ordering="parse_status")
    def parse_status_label(self, letter: Letter) -> str:
        if letter.parse_error:
            return shortened(f"{letter.get_parse_status_display()}: {letter.parse_error}", 24)
        return letter.get_parse_status_display()

    @admin.display(description="accession number")
    def accession_number(self, letter: Letter) -> str:
        return letter.filing.accession_number if letter.filing_id else ""

    @admin.display(description="on EDGAR")
    def edgar_url(self, letter: Letter) -> str:
        if not letter.filing_id:
            return ""
        return edgar_folder_url(cik=letter.company.cik, accession_number=letter.filing.accession_number)

    # --- one letter ---

    @admin.display(description="on EDGAR")
    def on_edgar(self, letter: Letter) -> str:
        if not letter.filing_id:
            return "Not on EDGAR: a private upload." if letter.is_private else EMPTY
        folder = self.edgar_url(letter)
        document = letter.document.filename if letter.document_id else ""
        if not document:
            return format_html('<a href="{}" rel="noopener noreferrer">The filing on EDGAR</a>', folder)
        return format_html(
            '<a href="{}{}" rel="noopener noreferrer">This letter ({}) on EDGAR</a> · '
            '<a href="{}" rel="noopener noreferrer">its filing\'s folder</a>',
            folder,
            quote(document),
            document,
            folder,
        )

    @admin.display(description="review")
    def review_and_reason(self, letter: Letter) -> str:
        reason = letter.review_reason or "not threaded yet"
        if letter.review is None:
            return format_html("In no review ({})", reason)
        return format_html(
            '<a href="{}">{}</a> ({})<div style="color: var(--body-quiet-color)">Why this review: {}</div>',
            reverse("admin:comments_review_change", args=[letter.review.pk]),
            admin_reviews.review_subject(letter.review),
            letter.review.get_status_display(),
            reason,
        )

    @admin.display(description="letters it answers, or that answer it")
    def correspondence(self, letter: Letter) -> str:
        kin = getattr(letter, "visible_kin", [])
        rows = []
        for other in kin:
            if other.pk == letter.responds_to_id:
                role = "Answers"
            elif other.responds_to_id == letter.pk:
                role = "Answered by"
            elif other.pk == letter.public_twin_id:
                role = "Published on EDGAR as"
            else:
                role = "Private copy"
            rows.append((role, letter_link(other)))
        if not rows:
            return EMPTY
        return format_html_join("", "<div>{}: {}</div>", rows)

    @admin.display(description="Comments and responses, side by side")
    def comments_and_responses(self, letter: Letter) -> str:
        rows = getattr(letter, "comment_response_pairs", [])
        if not rows:
            return EMPTY
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

    @admin.display(description="text")
    def full_text(self, letter: Letter) -> str:
        return text_block(getattr(letter, "shown_text", ""))

    @admin.display(description="signatories")
    def signatory_list(self, letter: Letter) -> str:
        return names_text(letter.signatories) or EMPTY

    @admin.display(description="literature cited")
    def literature_list(self, letter: Letter) -> str:
        return names_text(letter.literature) or EMPTY

    @admin.display(description="topics")
    def topic_list(self, letter: Letter) -> str:
        return topics_text(letter.topics) or EMPTY

    @admin.display(description="asks for the acknowledgements")
    def acknowledgements_asked(self, letter: Letter) -> str:
        return {True: "Yes", False: "No"}.get(letter.acknowledgements_requested, "Not known")

    @admin.display(description="acknowledgements")
    def acknowledgement_list(self, letter: Letter) -> str:
        order = list(Acknowledgement.Statement)  # as letters print them: responsibility first
        found = [
            acknowledgement_label(statement=a.statement, present=a.present, required=a.required)
            for a in sorted(
                letter.acknowledgements.all(), key=lambda a: order.index(a.statement) if a.statement in order else len(order)
            )
        ]
        return format_html_join("", "<div>{}</div>", ((line,) for line in found)) if found else EMPTY

    @admin.display(description="filings it names")
    def reference_list(self, letter: Letter) -> str:
        lines = []
        for ref in letter.references.select_related("filing"):
            words = ref.form + (f" (amendment {ref.amendment})" if ref.amendment else "")
            if ref.period_end:
                words += f" for the period ended {day(ref.period_end)}"
            if ref.filing_date:
                words += f", filed {day(ref.filing_date)}"
            if ref.file_number:
                words += f", file no. {ref.file_number}"
            link = reverse("admin:filings_filing_change", args=[ref.filing_id]) if ref.filing_id else ""
            lines.append(
                format_html('<div><a href="{}">{}</a></div>', link, words) if link else format_html("<div>{}</div>", words)
            )
        return format_html_join("", "{}", ((line,) for line in lines)) if lines else EMPTY

    # --- actions ---

    @admin.action(description="Re-parse selected letters", permissions=["change"])
    def reparse_selected(self, request: HttpRequest, queryset: QuerySet[Letter]) -> None:
        # letter_parse takes the same post-parse step as ingestion: links and twins come out fresh.
        failed = 0
        for letter in queryset:
            failed += letter_parse(letter=letter, force=True).parse_status == Letter.ParseStatus.FAILED
        self.message_user(
            request, f"Re-parsed {queryset.count()} letter(s); {failed} failed.", messages.WARNING if failed else messages.SUCCESS
        )

    @admin.action(description="Re-thread these letters' companies into reviews", permissions=["change"])
    def rethread_selected(self, request: HttpRequest, queryset: QuerySet[Letter]) -> None:
        count = reviews_thread_all(company_ids=queryset.values_list("company_id", flat=True))
        self.message_user(request, f"Re-threaded; those companies now have {count} review(s).", messages.SUCCESS)

    # --- private intake ---

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
