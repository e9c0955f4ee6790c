"""Read-only resources over the EDGAR mirror: public data, plus the staff-only ingestion records."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from config.api_access import StaffPermission
from config.api_export import ReadOnlyExportViewSet
from filings.api import filtersets
from filings.api.serializers import (
    CompanyDetailSerializer,
    CompanySerializer,
    DocumentDetailSerializer,
    DocumentSerializer,
    FilingDetailSerializer,
    FilingSerializer,
    IngestionFailureSerializer,
    IngestionRunSerializer,
)
from filings.models import Company, Document, Filing, IngestionFailure, IngestionRun

ACCESSION_NUMBER = r"\d{10}-\d{2}-\d{6}"


class _ListOrDetail:
    list_serializer_class: type[serializers.BaseSerializer]
    detail_serializer_class: type[serializers.BaseSerializer]

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return self.list_serializer_class if self.action == "list" else self.detail_serializer_class  # type: ignore[attr-defined]


@extend_schema_view(
    list=extend_schema(summary="Companies", description="Companies known to the mirror, by name unless ordered otherwise."),
    retrieve=extend_schema(summary="One company, by CIK"),
)
class CompanyViewSet(_ListOrDetail, ReadOnlyExportViewSet):
    queryset = Company.objects.all()
    lookup_field = "cik"
    lookup_value_regex = r"\d+"
    filterset_class = filtersets.CompanyFilterSet
    list_serializer_class = CompanySerializer
    detail_serializer_class = CompanyDetailSerializer
    ordering_fields = ["name", "cik", "id"]
    ordering = "name"
    export_name = "companies"


@extend_schema_view(
    list=extend_schema(summary="Filings", description="Filings in the mirror, newest filed first unless ordered otherwise."),
    retrieve=extend_schema(summary="One filing, by accession number, with its documents (never their bytes)"),
)
class FilingViewSet(_ListOrDetail, ReadOnlyExportViewSet):
    lookup_field = "accession_number"
    lookup_value_regex = ACCESSION_NUMBER
    filterset_class = filtersets.FilingFilterSet
    list_serializer_class = FilingSerializer
    detail_serializer_class = FilingDetailSerializer
    ordering_fields = ["filing_date", "index_date", "id"]
    ordering = "-filing_date"
    export_name = "filings"

    def get_queryset(self) -> QuerySet[Filing]:
        filings = Filing.objects.prefetch_related(Prefetch("companies", queryset=Company.objects.order_by("pk")))
        if self.action == "retrieve":
            documents = Document.objects.defer("content", "text", "emphasis").order_by("sequence")
            filings = filings.prefetch_related(Prefetch("documents", queryset=documents))
        return filings


@extend_schema_view(
    list=extend_schema(summary="Documents", description="Documents of filings, without their text or bytes."),
    retrieve=extend_schema(summary="One document, with its extracted text (never its bytes)"),
)
class DocumentViewSet(_ListOrDetail, ReadOnlyExportViewSet):
    filterset_class = filtersets.DocumentFilterSet
    list_serializer_class = DocumentSerializer
    detail_serializer_class = DocumentDetailSerializer
    ordering_fields = ["id", "size"]
    ordering = "-id"
    export_name = "documents"

    def get_queryset(self) -> QuerySet[Document]:
        # `content` holds the filer's bytes (a whole PDF); the list leaves out the text too.
        deferred = ["content"] if self.action == "retrieve" else ["content", "text", "emphasis"]
        return Document.objects.select_related("filing").defer(*deferred)


@extend_schema_view(
    list=extend_schema(summary="Ingestion runs (staff)", description="What each fetch from EDGAR did; newest first."),
    retrieve=extend_schema(summary="One ingestion run (staff)"),
)
class IngestionRunViewSet(ReadOnlyExportViewSet):
    queryset = IngestionRun.objects.all()
    permission_classes = [StaffPermission]
    serializer_class = IngestionRunSerializer
    filterset_class = filtersets.IngestionRunFilterSet
    ordering_fields = ["started_at", "id"]
    ordering = "-started_at"
    export_name = "ingestion-runs"


@extend_schema_view(
    list=extend_schema(summary="Ingestion failures (staff)", description="What failed in a run and whether a retry can help."),
    retrieve=extend_schema(summary="One ingestion failure (staff)"),
)
class IngestionFailureViewSet(ReadOnlyExportViewSet):
    permission_classes = [StaffPermission]
    serializer_class = IngestionFailureSerializer
    filterset_class = filtersets.IngestionFailureFilterSet
    ordering_fields = ["created_at", "id"]
    ordering = "-created_at"
    export_name = "ingestion-failures"

    def get_queryset(self) -> QuerySet[IngestionFailure]:
        return IngestionFailure.objects.select_related("filing", "document").defer(
            "document__content", "document__text", "document__emphasis"
        )
