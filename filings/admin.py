from __future__ import annotations

from urllib.parse import quote

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from config.admin_display import EMPTY, READ_ONLY_TABULAR, day, export_selected_as_csv, shortened, text_block
from filings.api.links import edgar_folder_url
from filings.business_days import admin_closures_forget
from filings.labels import fiscal_year_end_label, former_names_text
from filings.models import (
    Company,
    Document,
    EdgarRateBudget,
    FederalClosure,
    Filing,
    IndexDay,
    IndexDayRetry,
    IngestionFailure,
    IngestionRun,
)
from filings.services import filing_refetch_request
from filings.tasks import fetch_filing

# What a company's page lists of its filings; the rest are one link away.
RECENT_FILINGS_SHOWN = 10


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    # Few, narrow columns, so the list fits a 1,280-pixel screen beside the filters; the rest is on each page.
    list_display = ["company_name", "cik", "ticker_list", "fiscal_year_end_label", "watched"]
    list_filter = ["watched", "state_of_incorporation"]
    search_fields = ["name", "=cik", "tickers", "sic_description"]
    actions = ["watch", "unwatch", export_selected_as_csv]
    export_fields = [
        "name",
        "cik",
        "ticker_list",
        "sic",
        "sic_description",
        "state_of_incorporation",
        "fiscal_year_end_label",
        "watched",
    ]
    # EDGAR's metadata is written again by the next sync, so it is shown, not edited; the watchlist is ours.
    edgar_fields = [
        "name",
        "cik",
        "ticker_list",
        "fiscal_year_end_label",
        "state_of_incorporation",
        "sic",
        "sic_description",
        "former_names_list",
        "updated_at",
    ]

    def get_fieldsets(self, request: HttpRequest, obj: Company | None = None) -> list:
        if obj is None:
            return [(None, {"fields": ["name", "cik", "watched"]})]
        return [
            (None, {"fields": ["name", "cik", "ticker_list", "fiscal_year_end_label", "state_of_incorporation", "watched"]}),
            ("Industry", {"fields": ["sic", "sic_description"]}),
            ("Filings", {"fields": ["recent_filings"]}),
            ("History", {"fields": ["former_names_list", "updated_at"], "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Company | None = None) -> list[str]:
        return [*self.edgar_fields, "recent_filings"] if obj is not None else []

    @admin.display(description="company", ordering="name")
    def company_name(self, company: Company) -> str:
        return shortened(company.name or f"CIK {company.cik}", 48)

    @admin.display(description="tickers")
    def ticker_list(self, company: Company) -> str:
        return ", ".join(company.tickers or []) or EMPTY

    @admin.display(description="fiscal year end", ordering="fiscal_year_end")
    def fiscal_year_end_label(self, company: Company) -> str:
        return fiscal_year_end_label(company.fiscal_year_end) or EMPTY

    @admin.display(description="former names")
    def former_names_list(self, company: Company) -> str:
        return former_names_text(company.former_names) or EMPTY

    @admin.display(description="filings")
    def recent_filings(self, company: Company) -> str:
        filings = list(company.filings.order_by("-filing_date", "-pk")[:RECENT_FILINGS_SHOWN])
        if not filings:
            return EMPTY
        rows = format_html_join(
            "",
            '<li><a href="{}">{} {}</a>, filed {}</li>',
            (
                (reverse("admin:filings_filing_change", args=[f.pk]), f.form_type, f.accession_number, day(f.filing_date))
                for f in filings
            ),
        )
        every = reverse("admin:filings_filing_changelist") + f"?companies__id__exact={company.pk}"
        return format_html(
            '<ul style="margin: 0 0 4px; padding-left: 1.2em">{}</ul><a href="{}">All {} filings</a>',
            rows,
            every,
            company.filings.count(),
        )

    @admin.action(description="Add to the watchlist")
    def watch(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self.message_user(request, f"{queryset.update(watched=True)} companies added to the watchlist.")

    @admin.action(description="Remove from the watchlist")
    def unwatch(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self.message_user(request, f"{queryset.update(watched=False)} companies removed from the watchlist.")


class DocumentInline(admin.TabularInline):
    template = READ_ONLY_TABULAR
    model = Document
    fields = ["sequence", "type", "filename", "size_label", "extraction_status", "problem"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        # `content` holds the whole PDF; the filing's page never needs it.
        return super().get_queryset(request).defer("content", "text").select_related("filing")

    @admin.display(description="size")
    def size_label(self, document: Document) -> str:
        return filesizeformat(document.size)

    @admin.display(description="extraction error")
    def problem(self, document: Document) -> str:
        return shortened(document.extraction_error, 80)


class IngestionFailureInline(admin.TabularInline):
    template = READ_ONLY_TABULAR
    model = IngestionFailure
    fields = ["stage", "item", "error_type", "message_shortened", "retryable", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    @admin.display(description="message")
    def message_shortened(self, failure: IngestionFailure) -> str:
        return shortened(failure.message, 120)


def _on_edgar(filing: Filing, filename: str = "") -> str:
    # Any of a filing's companies will do: EDGAR files the folder under each of them.
    companies = list(filing.companies.all())
    if not companies:
        return EMPTY
    url = edgar_folder_url(cik=companies[0].cik, accession_number=filing.accession_number) + quote(filename)
    return format_html('<a href="{}" rel="noopener noreferrer" target="_blank">{}</a>', url, url)


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    list_display = ["accession_number", "form_type", "company_names", "filing_date", "fetched"]
    list_filter = ["form_type", "fetch_status", "source", "fetched_via", "filing_date"]
    search_fields = ["=accession_number", "companies__name", "=companies__cik", "file_number", "=public_reference_accession"]
    date_hierarchy = "filing_date"
    readonly_fields = [
        "on_edgar",
        "created_at",
        "updated_at",
        "fetched_at",
        "claimed_at",
        "claimed_by",
        "fetch_attempts",
        "retry_at",
        "announced_at",
        "last_run",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "accession_number",
                    "on_edgar",
                    "form_type",
                    "companies",
                    "filing_date",
                    "index_date",
                    "acceptance_datetime",
                    "period_of_report",
                    "file_number",
                    "film_number",
                    "primary_document",
                    "public_reference_accession",
                ]
            },
        ),
        (
            "Fetching",
            {
                "fields": [
                    "source",
                    "fetch_status",
                    "fetched_via",
                    "fetch_error",
                    "fetch_retryable",
                    "fetched_at",
                    "fetch_attempts",
                    "retry_at",
                    "claimed_at",
                    "claimed_by",
                    "announced_at",
                    "last_run",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]
    filter_horizontal = ["companies"]
    inlines = [DocumentInline, IngestionFailureInline]
    actions = ["fetch_again", export_selected_as_csv]
    export_fields = [
        "accession_number",
        "form_type",
        "companies_text",
        "filing_date",
        "index_date",
        "fetch_status",
        "source",
        "edgar_url",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Filing]:
        return super().get_queryset(request).prefetch_related("companies")

    @admin.display(description="companies")
    def companies_text(self, filing: Filing) -> str:
        return ", ".join(c.name or str(c.cik) for c in filing.companies.all())

    @admin.display(description="companies")
    def company_names(self, filing: Filing) -> str:
        return shortened(self.companies_text(filing), 32)

    @admin.display(description="status", ordering="fetch_status")
    def fetched(self, filing: Filing) -> str:
        return filing.get_fetch_status_display()

    @admin.display(description="on EDGAR")
    def edgar_url(self, filing: Filing) -> str:
        companies = list(filing.companies.all())
        return edgar_folder_url(cik=companies[0].cik, accession_number=filing.accession_number) if companies else ""

    @admin.display(description="on EDGAR")
    def on_edgar(self, filing: Filing) -> str:
        return _on_edgar(filing)

    @admin.action(description="Fetch again from EDGAR")
    def fetch_again(self, request: HttpRequest, queryset: QuerySet[Filing]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        filing_refetch_request(filing_ids=ids, refetch_stored=True)
        for filing_id in ids:
            fetch_filing.delay_on_commit(filing_id)
        self.message_user(request, f"{len(ids)} filings queued for fetching.", messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["file_name", "accession_number", "type", "size_label", "text_status"]
    list_filter = ["extraction_status", "type", "extractor"]
    search_fields = ["=filing__accession_number", "filename", "filing__companies__name", "text"]
    list_select_related = ["filing"]
    exclude = ["content"]
    readonly_fields = [
        "filing",
        "sequence",
        "type",
        "filename",
        "on_edgar",
        "description",
        "size_label",
        "sha256",
        "extraction_status",
        "extraction_error",
        "extractor",
        "extracted_text",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    actions = [export_selected_as_csv]
    export_fields = ["filename", "filing", "type", "size", "extraction_status", "extractor"]

    @admin.display(description="file name", ordering="filename")
    def file_name(self, document: Document) -> str:
        return shortened(document.filename, 40)

    @admin.display(description="size", ordering="size")
    def size_label(self, document: Document) -> str:
        return filesizeformat(document.size)

    @admin.display(description="filing", ordering="filing__accession_number")
    def accession_number(self, document: Document) -> str:
        return document.filing.accession_number

    @admin.display(description="text", ordering="extraction_status")
    def text_status(self, document: Document) -> str:
        return document.get_extraction_status_display()

    @admin.display(description="on EDGAR")
    def on_edgar(self, document: Document) -> str:
        return _on_edgar(document.filing, document.filename)

    @admin.display(description="Extracted text")
    def extracted_text(self, document: Document) -> str:
        return text_block(document.text)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return super().get_queryset(request).defer("content")


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
    list_display = ["run", "source", "status", "started_at", "outcome"]
    list_filter = ["source", "status", "started_at"]
    search_fields = ["parameters", "error"]
    readonly_fields = ["parameters_list" if f.name == "parameters" else f.name for f in IngestionRun._meta.fields]
    fields = readonly_fields
    inlines = [IngestionFailureInline]
    actions = [export_selected_as_csv]
    export_fields = [
        "pk",
        "source",
        "status",
        "started_at",
        "finished_at",
        "filings_seen",
        "filings_fetched",
        "filings_skipped",
        "filings_failed",
        "documents_stored",
        "failures_count",
        "requests_made",
    ]

    @admin.display(description="run", ordering="pk")
    def run(self, run: IngestionRun) -> str:
        return f"Run {run.pk}"

    @admin.display(description="filings")
    def outcome(self, run: IngestionRun) -> str:
        return f"{run.filings_seen} seen, {run.filings_fetched} fetched, {run.failures_count} failed"

    @admin.display(description="parameters")
    def parameters_list(self, run: IngestionRun) -> str:
        items = sorted((run.parameters or {}).items()) if isinstance(run.parameters, dict) else []
        if not items:
            return EMPTY
        return format_html_join(
            "",
            "<div>{}: {}</div>",
            ((key.replace("_", " "), ", ".join(map(str, v)) if isinstance(v, list) else v) for key, v in items),
        )


@admin.register(IngestionFailure)
class IngestionFailureAdmin(admin.ModelAdmin):
    list_display = ["created_at", "stage", "item_shortened", "error_type", "retryable"]
    list_filter = ["stage", "retryable", "error_type"]
    search_fields = ["item", "message"]
    list_select_related = ["run"]
    readonly_fields = [f.name for f in IngestionFailure._meta.fields]
    actions = [export_selected_as_csv]
    export_fields = ["created_at", "stage", "item", "error_type", "message", "retryable", "run"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[IngestionFailure]:
        return super().get_queryset(request).select_related("document__filing").defer("document__content")

    @admin.display(description="item", ordering="item")
    def item_shortened(self, failure: IngestionFailure) -> str:
        return shortened(failure.item, 60)


@admin.register(IndexDay)
class IndexDayAdmin(admin.ModelAdmin):
    list_display = ["date", "entries", "processed_at"]
    date_hierarchy = "date"


@admin.register(IndexDayRetry)
class IndexDayRetryAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "attempts", "retry_at", "error"]
    readonly_fields = [f.name for f in IndexDayRetry._meta.fields]


@admin.register(EdgarRateBudget)
class EdgarRateBudgetAdmin(admin.ModelAdmin):
    # Which limiter each EDGAR identity's processes share; deleting a row lets another kind take over at once.
    list_display = ["identity", "backend", "location", "process", "seen_at"]
    readonly_fields = [f.name for f in EdgarRateBudget._meta.fields]


@admin.register(FederalClosure)
class FederalClosureAdmin(admin.ModelAdmin):
    """Closures the holidays package does not know yet. They move every organisation's deadlines, so only
    the site's superusers add, change or remove them; everyone with admin access may read them."""

    list_display = ["date", "name", "created_at"]
    search_fields = ["name"]

    def has_view_permission(self, request: HttpRequest, obj: FederalClosure | None = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: FederalClosure | None = None) -> bool:
        return self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: FederalClosure | None = None) -> bool:
        return self.has_add_permission(request)

    def save_model(self, request: HttpRequest, obj: FederalClosure, form: object, change: bool) -> None:
        super().save_model(request, obj, form, change)
        admin_closures_forget()  # this process at once; the others within their cache's minute

    def delete_model(self, request: HttpRequest, obj: FederalClosure) -> None:
        super().delete_model(request, obj)
        admin_closures_forget()
