from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from filings.models import (
    Company,
    Document,
    EdgarRateBudget,
    Filing,
    IndexDay,
    IndexDayRetry,
    IngestionFailure,
    IngestionRun,
)
from filings.services import filing_refetch_request
from filings.tasks import fetch_filing


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "cik", "tickers", "sic", "state_of_incorporation", "fiscal_year_end", "watched"]
    list_filter = ["watched", "state_of_incorporation"]
    search_fields = ["name", "=cik", "tickers", "sic_description"]
    actions = ["watch", "unwatch"]

    @admin.action(description="Add to the watchlist")
    def watch(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self.message_user(request, f"{queryset.update(watched=True)} companies added to the watchlist.")

    @admin.action(description="Remove from the watchlist")
    def unwatch(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        self.message_user(request, f"{queryset.update(watched=False)} companies removed from the watchlist.")


class DocumentInline(admin.TabularInline):
    model = Document
    fields = ["sequence", "type", "filename", "size", "extraction_status", "extraction_error"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    list_display = ["accession_number", "form_type", "company_names", "filing_date", "index_date", "fetch_status", "source"]
    list_filter = ["form_type", "fetch_status", "source", "fetched_via", "filing_date"]
    search_fields = ["=accession_number", "companies__name", "=companies__cik", "file_number", "=public_reference_accession"]
    date_hierarchy = "filing_date"
    readonly_fields = ["created_at", "updated_at", "fetched_at", "claimed_at", "claimed_by", "fetch_attempts",
                       "retry_at", "announced_at", "last_run"]
    filter_horizontal = ["companies"]
    inlines = [DocumentInline]
    actions = ["fetch_again"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Filing]:
        return super().get_queryset(request).prefetch_related("companies")

    @admin.display(description="Companies")
    def company_names(self, filing: Filing) -> str:
        return ", ".join(c.name or str(c.cik) for c in filing.companies.all())

    @admin.action(description="Fetch again from EDGAR")
    def fetch_again(self, request: HttpRequest, queryset: QuerySet[Filing]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        filing_refetch_request(filing_ids=ids, refetch_stored=True)
        for filing_id in ids:
            fetch_filing.delay_on_commit(filing_id)
        self.message_user(request, f"{len(ids)} filings queued for fetching.", messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["filename", "filing", "type", "size", "extraction_status", "extractor"]
    list_filter = ["extraction_status", "type", "extractor"]
    search_fields = ["=filing__accession_number", "filename", "filing__companies__name", "text"]
    list_select_related = ["filing"]
    exclude = ["content"]
    readonly_fields = ["filing", "sequence", "type", "filename", "description", "size", "sha256", "extraction_status",
                       "extraction_error", "extractor", "extracted_text", "created_at", "updated_at"]
    fields = readonly_fields

    @admin.display(description="Extracted text")
    def extracted_text(self, document: Document) -> str:
        return format_html('<pre style="white-space: pre-wrap; max-width: 60em">{}</pre>', document.text)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return super().get_queryset(request).defer("content")


class IngestionFailureInline(admin.TabularInline):
    model = IngestionFailure
    fields = ["stage", "item", "error_type", "message", "retryable", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(IngestionRun)
class IngestionRunAdmin(admin.ModelAdmin):
    list_display = ["pk", "source", "status", "started_at", "finished_at", "filings_seen", "filings_fetched",
                    "filings_skipped", "filings_busy", "filings_reclaimed", "documents_stored", "failures_count",
                    "requests_made"]
    list_filter = ["source", "status", "started_at"]
    search_fields = ["parameters", "error"]
    readonly_fields = [f.name for f in IngestionRun._meta.fields]
    inlines = [IngestionFailureInline]


@admin.register(IngestionFailure)
class IngestionFailureAdmin(admin.ModelAdmin):
    list_display = ["created_at", "stage", "item", "error_type", "retryable", "run"]
    list_filter = ["stage", "retryable", "error_type"]
    search_fields = ["item", "message"]
    readonly_fields = [f.name for f in IngestionFailure._meta.fields]


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
