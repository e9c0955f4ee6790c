"""Ingestion rules: discover correspondence on EDGAR, fetch it once, store its documents and text.

Entry points (the edgar_ingest command, Celery tasks, admin) call these functions and nothing else.
Every item that fails is recorded as an IngestionFailure and the batch goes on; a filing counts as
done only once all of it is stored, so running again resumes where an interrupted run stopped.
"""

from filings.services.budget import rate_budget_check
from filings.services.discovery import (
    accessions_discover,
    business_days,
    index_day_discover,
    index_days_discover,
    index_days_retry_discover,
    index_days_window,
    watchlist_ciks,
    watchlist_company_discover,
    watchlist_discover,
)
from filings.services.documents import DocumentDraft, document_extract, document_record_unfetched, document_store
from filings.services.fetch import FetchOutcome, fetch_network_seconds, filing_fetch, filings_announce_unannounced
from filings.services.metadata import FolderMetadata, folder_metadata_fetch, submissions_row_find
from filings.services.processes import process_identity, process_is_dead
from filings.services.references import filing_reference_resolve
from filings.services.registry import (
    Claim,
    accession_normalize,
    company_upsert,
    company_upsert_from_submissions,
    fetch_time_limits,
    filing_claim,
    filing_claim_free,
    filing_claim_is_dead,
    filing_claim_release,
    filing_claims_dead,
    filing_header_apply,
    filing_needs_fetch,
    filing_refetch_request,
    filing_register,
    filing_row_apply,
    filings_to_retry,
)
from filings.services.runner import (
    FetchSender,
    Progress,
    ingest_accessions,
    ingest_daily_indexes,
    ingest_recovery,
    ingest_watchlist,
    ingestion_run_fetch_one,
)
from filings.services.runs import (
    IngestionInterrupted,
    ingestion_failure_record,
    ingestion_run_count,
    ingestion_run_dispatched,
    ingestion_run_fail,
    ingestion_run_finish_if_done,
    ingestion_run_found,
    ingestion_run_heartbeat,
    ingestion_run_outcome,
    ingestion_run_start,
    ingestion_run_stop_reason,
)
from filings.services.snapshot import filings_snapshot, snapshot_dumps, snapshot_row, snapshot_sorted
from filings.services.sweep import SweepReport, ingestion_runs_close_abandoned, ingestion_sweep

__all__ = [
    "Claim",
    "DocumentDraft",
    "FetchOutcome",
    "FetchSender",
    "FolderMetadata",
    "IngestionInterrupted",
    "Progress",
    "SweepReport",
    "accession_normalize",
    "accessions_discover",
    "business_days",
    "company_upsert",
    "company_upsert_from_submissions",
    "document_extract",
    "document_record_unfetched",
    "document_store",
    "fetch_network_seconds",
    "fetch_time_limits",
    "filing_claim",
    "filing_claim_free",
    "filing_claim_is_dead",
    "filing_claim_release",
    "filing_claims_dead",
    "filing_fetch",
    "filing_header_apply",
    "filing_needs_fetch",
    "filing_reference_resolve",
    "filing_refetch_request",
    "filing_register",
    "filing_row_apply",
    "filings_announce_unannounced",
    "filings_snapshot",
    "filings_to_retry",
    "folder_metadata_fetch",
    "index_day_discover",
    "index_days_discover",
    "index_days_retry_discover",
    "index_days_window",
    "ingest_accessions",
    "ingest_daily_indexes",
    "ingest_recovery",
    "ingest_watchlist",
    "ingestion_failure_record",
    "ingestion_run_count",
    "ingestion_run_dispatched",
    "ingestion_run_fail",
    "ingestion_run_fetch_one",
    "ingestion_run_finish_if_done",
    "ingestion_run_found",
    "ingestion_run_heartbeat",
    "ingestion_run_outcome",
    "ingestion_run_start",
    "ingestion_run_stop_reason",
    "ingestion_runs_close_abandoned",
    "ingestion_sweep",
    "process_identity",
    "process_is_dead",
    "rate_budget_check",
    "snapshot_dumps",
    "snapshot_row",
    "snapshot_sorted",
    "submissions_row_find",
    "watchlist_ciks",
    "watchlist_company_discover",
    "watchlist_discover",
]
