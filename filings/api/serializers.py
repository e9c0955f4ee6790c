"""How the EDGAR mirror looks in the API. `…BriefSerializer`s are the short forms other resources nest."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from filings.api.links import edgar_folder_url
from filings.models import Company, Document, Filing, IngestionFailure, IngestionRun


class CompanyBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="filings-api:company-detail", lookup_field="cik")

    class Meta:
        model = Company
        fields = ["cik", "name", "tickers", "url"]


class CompanySerializer(CompanyBriefSerializer):
    class Meta(CompanyBriefSerializer.Meta):
        fields = [
            *CompanyBriefSerializer.Meta.fields,
            "sic",
            "sic_description",
            "state_of_incorporation",
            "fiscal_year_end",
            "watched",
        ]


class CompanyDetailSerializer(CompanySerializer):
    class Meta(CompanySerializer.Meta):
        fields = [*CompanySerializer.Meta.fields, "former_names", "updated_at"]


class FilingBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="filings-api:filing-detail", lookup_field="accession_number")

    class Meta:
        model = Filing
        fields = ["accession_number", "form_type", "filing_date", "url"]


class FilingSerializer(FilingBriefSerializer):
    companies = CompanyBriefSerializer(many=True, read_only=True)
    edgar_url = serializers.SerializerMethodField()

    class Meta(FilingBriefSerializer.Meta):
        fields = [
            *FilingBriefSerializer.Meta.fields,
            "companies",
            "edgar_url",
            "index_date",
            "acceptance_datetime",
            "period_of_report",
            "file_number",
            "public_reference_accession",
            "source",
            "fetch_status",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_edgar_url(self, filing: Filing) -> str | None:
        companies = filing.companies.all()  # prefetched
        if not companies:
            return None
        return edgar_folder_url(cik=companies[0].cik, accession_number=filing.accession_number)


class DocumentBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="filings-api:document-detail")

    class Meta:
        model = Document
        fields = ["id", "sequence", "type", "filename", "description", "size", "extraction_status", "url"]


class FilingDetailSerializer(FilingSerializer):
    documents = DocumentBriefSerializer(many=True, read_only=True)

    class Meta(FilingSerializer.Meta):
        fields = [*FilingSerializer.Meta.fields, "fetched_via", "fetched_at", "fetch_error", "documents"]


class DocumentSerializer(DocumentBriefSerializer):
    """Never the stored bytes (`content`): they can be megabytes, and active content from a filer."""

    filing = FilingBriefSerializer(read_only=True)

    class Meta(DocumentBriefSerializer.Meta):
        fields = [*DocumentBriefSerializer.Meta.fields, "filing", "sha256", "extractor"]


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text", "emphasis", "extraction_error"]


class IngestionRunSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="filings-api:ingestion-run-detail")

    class Meta:
        model = IngestionRun
        fields = [
            "id",
            "url",
            "source",
            "parameters",
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
            "error",
        ]


class IngestionFailureSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="filings-api:ingestion-failure-detail")
    filing = FilingBriefSerializer(read_only=True)
    document = DocumentBriefSerializer(read_only=True)

    class Meta:
        model = IngestionFailure
        fields = [
            "id",
            "url",
            "run",
            "stage",
            "item",
            "filing",
            "document",
            "error_type",
            "message",
            "retryable",
            "created_at",
        ]
