"""Ingestion rules: discover correspondence on EDGAR, fetch it once, store its documents and text.

Entry points (the edgar_ingest command, Celery tasks, admin) call these functions and nothing else.
Every item that fails is recorded as an IngestionFailure and the batch goes on; a filing counts as
done only once all of it is stored, so running again resumes where an interrupted run stopped.
"""

from filings.services.discovery import (
    accessions_discover,
    business_days,
    index_day_discover,
    index_days_discover,
    index_days_window,
    watchlist_ciks,
    watchlist_company_discover,
    watchlist_discover,
)
from filings.services.documents import DocumentDraft, document_extract, document_record_unfetched, document_store
from filings.services.fetch import FetchOutcome, filing_fetch
from filings.services.references import filing_reference_resolve
from filings.services.registry import (
    accession_normalize,
    company_upsert,
    company_upsert_from_submissions,
    filing_claim,
    filing_claim_release,
    filing_header_apply,
    filing_needs_fetch,
    filing_refetch_request,
    filing_register,
    filings_to_retry,
)
from filings.services.runner import (
    FetchSender,
    Progress,
    ingest_accessions,
    ingest_daily_indexes,
    ingest_watchlist,
    ingestion_run_fetch_one,
)
from filings.services.runs import (
    ingestion_failure_record,
    ingestion_run_count,
    ingestion_run_fail,
    ingestion_run_finish_if_done,
    ingestion_run_start,
)

__all__ = [
    "DocumentDraft",
    "FetchOutcome",
    "FetchSender",
    "Progress",
    "accession_normalize",
    "accessions_discover",
    "business_days",
    "company_upsert",
    "company_upsert_from_submissions",
    "document_extract",
    "document_record_unfetched",
    "document_store",
    "filing_claim",
    "filing_claim_release",
    "filing_fetch",
    "filing_header_apply",
    "filing_needs_fetch",
    "filing_refetch_request",
    "filing_reference_resolve",
    "filing_register",
    "filings_to_retry",
    "index_day_discover",
    "index_days_discover",
    "index_days_window",
    "ingest_accessions",
    "ingest_daily_indexes",
    "ingest_watchlist",
    "ingestion_failure_record",
    "ingestion_run_count",
    "ingestion_run_fail",
    "ingestion_run_fetch_one",
    "ingestion_run_finish_if_done",
    "ingestion_run_start",
    "watchlist_ciks",
    "watchlist_company_discover",
    "watchlist_discover",
]
