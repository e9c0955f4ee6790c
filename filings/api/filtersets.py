"""Filters over the EDGAR mirror. Dates filter by inclusive `…_from` / `…_to` pairs; forms are
case-insensitive and take several at once, comma-separated (`form=10-K,10-K/A`)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from config.api_filters import IntegerFilter
from filings.models import Company, Document, Filing, IngestionFailure, IngestionRun


def ticker_match(ticker: str, field: str = "tickers") -> Q:
    # A JSON list of tickers; each one is quoted in its JSON text on SQLite and PostgreSQL alike.
    return Q(**{f"{field}__icontains": f'"{ticker.strip()}"'})


def forms_match(value: str, field: str = "form_type") -> Q:
    forms = [form.strip().upper() for form in value.split(",") if form.strip()]
    return Q(**{f"{field}__in": forms})


class CompanyFilterSet(django_filters.FilterSet):
    cik = IntegerFilter(field_name="cik", label="CIK")
    ticker = django_filters.CharFilter(method="filter_ticker", label="Ticker (exact, any case)")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Name contains")
    sic = django_filters.CharFilter(field_name="sic", label="SIC code")
    watched = django_filters.BooleanFilter(field_name="watched", label="Followed by the watchlist sync")

    class Meta:
        model = Company
        fields = ["cik", "ticker", "name", "sic", "watched"]

    def filter_ticker(self, queryset: QuerySet[Company], name: str, value: str) -> QuerySet[Company]:
        return queryset.filter(ticker_match(value))


def _filings_of_companies(companies: Q) -> Exists:
    through = Filing.companies.through
    return Exists(through.objects.filter(companies, filing_id=OuterRef("pk")))


class FilingFilterSet(django_filters.FilterSet):
    cik = IntegerFilter(method="filter_cik", label="CIK of a company of the filing")
    ticker = django_filters.CharFilter(method="filter_ticker", label="Ticker of a company of the filing")
    company_name = django_filters.CharFilter(method="filter_company_name", label="Company name contains")
    form = django_filters.CharFilter(method="filter_form", label="Form type(s), comma-separated")
    filing_date_from = django_filters.DateFilter(field_name="filing_date", lookup_expr="gte", label="Filed on or after")
    filing_date_to = django_filters.DateFilter(field_name="filing_date", lookup_expr="lte", label="Filed on or before")
    file_number = django_filters.CharFilter(field_name="file_number", label="SEC file number")
    fetch_status = django_filters.ChoiceFilter(choices=Filing.FetchStatus.choices)
    source = django_filters.ChoiceFilter(choices=Filing.Source.choices)
    public_reference_accession = django_filters.CharFilter(label="The filing an UPLOAD says it reviews")

    class Meta:
        model = Filing
        fields = ["fetch_status", "source", "file_number", "public_reference_accession"]

    def filter_cik(self, queryset: QuerySet[Filing], name: str, value: int) -> QuerySet[Filing]:
        return queryset.filter(_filings_of_companies(Q(company__cik=value)))

    def filter_ticker(self, queryset: QuerySet[Filing], name: str, value: str) -> QuerySet[Filing]:
        return queryset.filter(_filings_of_companies(ticker_match(value, "company__tickers")))

    def filter_company_name(self, queryset: QuerySet[Filing], name: str, value: str) -> QuerySet[Filing]:
        return queryset.filter(_filings_of_companies(Q(company__name__icontains=value)))

    def filter_form(self, queryset: QuerySet[Filing], name: str, value: str) -> QuerySet[Filing]:
        return queryset.filter(forms_match(value))


class DocumentFilterSet(django_filters.FilterSet):
    filing = django_filters.CharFilter(field_name="filing__accession_number", label="Accession number of its filing")
    cik = IntegerFilter(method="filter_cik", label="CIK of a company of its filing")
    form = django_filters.CharFilter(method="filter_form", label="Form type(s) of its filing, comma-separated")
    type = django_filters.CharFilter(field_name="type", lookup_expr="iexact", label="Document type (CORRESP, EX-99…)")
    extraction_status = django_filters.ChoiceFilter(choices=Document.ExtractionStatus.choices)
    sha256 = django_filters.CharFilter(field_name="sha256", lookup_expr="iexact")

    class Meta:
        model = Document
        fields = ["filing", "type", "extraction_status", "sha256"]

    def filter_cik(self, queryset: QuerySet[Document], name: str, value: int) -> QuerySet[Document]:
        through = Filing.companies.through
        return queryset.filter(Exists(through.objects.filter(company__cik=value, filing_id=OuterRef("filing_id"))))

    def filter_form(self, queryset: QuerySet[Document], name: str, value: str) -> QuerySet[Document]:
        return queryset.filter(forms_match(value, "filing__form_type"))


class IngestionRunFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=IngestionRun.Status.choices)
    source = django_filters.ChoiceFilter(choices=IngestionRun.Source.choices)
    started_from = django_filters.DateFilter(field_name="started_at", lookup_expr="date__gte", label="Started on or after")
    started_to = django_filters.DateFilter(field_name="started_at", lookup_expr="date__lte", label="Started on or before")

    class Meta:
        model = IngestionRun
        fields = ["status", "source"]


class IngestionFailureFilterSet(django_filters.FilterSet):
    run = IntegerFilter(field_name="run_id", label="Ingestion run id")
    stage = django_filters.ChoiceFilter(choices=IngestionFailure.Stage.choices)
    retryable = django_filters.BooleanFilter(field_name="retryable", label="Running again can help")
    error_type = django_filters.CharFilter(field_name="error_type", label="Error type (its class name)")
    filing = django_filters.CharFilter(field_name="filing__accession_number", label="Accession number of the filing")
    created_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte", label="On or after")
    created_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label="On or before")

    class Meta:
        model = IngestionFailure
        fields = ["run", "stage", "retryable", "error_type", "filing"]
