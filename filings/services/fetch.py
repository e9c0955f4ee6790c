"""Fetching one filing: claim it, read it from EDGAR, extract its text, then store it in one transaction.

A filing is either wholly stored or not at all, and no transaction stays open across a network
request or a PDF extraction.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarError, NotOnEdgarError, PermanentEdgarError
from filings.extraction import IMAGE_SUFFIXES
from filings.forms import STAFF_FORMS
from filings.models import Filing, IngestionFailure, IngestionRun
from filings.parsers.folder_index import FolderIndexParseError, parse_folder_index
from filings.parsers.sgml import SgmlParseError, SubmissionHeader, parse_complete_submission
from filings.parsers.submissions import SubmissionsRow
from filings.services.documents import DocumentDraft, document_extract, document_record_unfetched, document_store
from filings.services.metadata import folder_metadata_fetch
from filings.services.registry import (
    Claim,
    fetch_time_limits,
    filing_claim,
    filing_claim_release,
    filing_header_apply,
    filing_row_apply,
)
from filings.services.runs import ingestion_failure_record
from filings.signals import filing_documents_stored

logger = logging.getLogger(__name__)

# Files in an accession folder that are EDGAR's own listings, not documents of the filing.
_LISTING_SUFFIXES = ("-index.html", "-index-headers.html", "-index.htm", ".hdr.sgml", "index.json", "index.xml")
# Since 2023 an UPLOAD folder lists filename2.txt, SEC's plain-text extract of filename1.pdf.
_TEXT_EXTRACT_NAME = re.compile(r"filename\d+\.txt")
_NOT_FETCHED_TYPES = {"GRAPHIC", "TEXT-EXTRACT"}


@dataclass
class FetchOutcome:
    filing: Filing
    fetched: bool  # False: already stored, or another process has it
    documents: int = 0
    failed: bool = False
    busy: bool = False  # another live process holds its claim
    reclaimed: bool = False  # its claim was taken over from a process that died


@dataclass
class _FetchedDocument:
    sequence: int
    type: str
    filename: str
    description: str = ""
    content: bytes | None = None  # None: listed but deliberately not fetched (an image)
    error: EdgarError | None = None  # listed but not served


@dataclass
class _FetchedFiling:
    via: str
    header: SubmissionHeader | None
    documents: list[_FetchedDocument]
    row: SubmissionsRow | None = None  # its submissions JSON row, when the folder had to say what it is


def filing_fetch(*, client: EdgarClient, filing: Filing, run: IngestionRun | None = None) -> FetchOutcome:
    """Fetch a filing's documents once: the complete submission .txt, else index.json plus documents."""
    claim = filing_claim(filing=filing)
    if not claim:
        return FetchOutcome(filing=filing, fetched=False, busy=claim is Claim.BUSY)
    reclaimed = claim is Claim.RECLAIMED
    try:
        # No wait (a Retry-After, SEC's rate block) may outlast the claim: past it, the filing is retried later.
        with client.deadline_within(fetch_network_seconds()):
            try:
                fetched = _fetch(client=client, filing=filing)
            except (EdgarError, SgmlParseError, FolderIndexParseError) as exc:
                outcome = _fetch_failed(filing=filing, run=run, error=exc)
                outcome.reclaimed = reclaimed
                return outcome
        drafts = {
            doc.filename: document_extract(
                filing=filing,
                sequence=doc.sequence,
                type=doc.type,
                filename=doc.filename,
                description=doc.description,
                content=doc.content,
            )
            for doc in fetched.documents
            if doc.content is not None and doc.error is None
        }
        outcome = _store(filing=filing, fetched=fetched, drafts=drafts, run=run)
        outcome.reclaimed = reclaimed
        return outcome
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM, a soft time limit, a crash in storing): the next run may take it at once.
        filing_claim_release(filing=filing)
        raise


def fetch_network_seconds() -> float:
    """How long one filing's fetch may wait on EDGAR: its soft time limit, less time to extract and store."""
    soft, _ = fetch_time_limits()
    return soft * 0.8


def _fetch(*, client: EdgarClient, filing: Filing) -> _FetchedFiling:
    cik = _filing_cik(filing)
    raw = client.complete_submission(cik=cik, accession_number=filing.accession_number)
    if raw is None:
        return _fetch_from_folder(client=client, filing=filing, cik=cik)
    submission = parse_complete_submission(raw)
    documents = [
        _FetchedDocument(
            sequence=d.sequence,
            type=d.type,
            filename=d.filename or f"document{d.sequence}",
            description=d.description,
            content=d.content,
        )
        for d in submission.documents
    ]
    return _FetchedFiling(via=Filing.FetchedVia.COMPLETE_SUBMISSION, header=submission.header, documents=documents)


def _fetch_failed(*, filing: Filing, run: IngestionRun | None, error: Exception) -> FetchOutcome:
    retryable = bool(getattr(error, "retryable", False))
    attempts = filing.fetch_attempts + 1 if retryable else 0
    retry_at = None
    if retryable and attempts >= settings.EDGAR_FETCH_MAX_ATTEMPTS:
        # Retried with a growing delay and still failing: reported, and left for a person to ask again.
        retryable = False
        error = PermanentEdgarError(
            f"{error}; gave up after {attempts} attempts (EDGAR_FETCH_MAX_ATTEMPTS): fetch it again from "
            "the admin or by accession",
            url=getattr(error, "url", ""),
        )
    elif retryable:
        delay = settings.EDGAR_FETCH_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
        retry_at = timezone.now() + timedelta(seconds=max(delay, getattr(error, "retry_after", None) or 0))
    Filing.objects.filter(pk=filing.pk).update(
        fetch_status=Filing.FetchStatus.FAILED,
        fetch_error=str(error)[:2000],
        fetch_retryable=retryable,
        fetch_attempts=attempts,
        retry_at=retry_at,
        claimed_by="",
    )
    ingestion_failure_record(
        run=run, stage=IngestionFailure.Stage.FETCH, item=filing.accession_number, error=error, filing=filing
    )
    filing.refresh_from_db()
    return FetchOutcome(filing=filing, fetched=False, failed=True)


def _store(
    *, filing: Filing, fetched: _FetchedFiling, drafts: dict[str, DocumentDraft], run: IngestionRun | None
) -> FetchOutcome:
    with transaction.atomic():
        if fetched.header is not None:
            filing_header_apply(filing=filing, header=fetched.header)
        if fetched.row is not None:
            filing_row_apply(filing=filing, row=fetched.row)
        stored = 0
        for doc in fetched.documents:
            draft = drafts.get(doc.filename)
            if draft is not None:
                document_store(filing=filing, draft=draft, run=run)
                stored += 1
                continue
            document = document_record_unfetched(
                filing=filing, sequence=doc.sequence, type=doc.type, filename=doc.filename, error=doc.error
            )
            if doc.error is not None:
                ingestion_failure_record(
                    run=run,
                    stage=IngestionFailure.Stage.FETCH,
                    item=f"{filing.accession_number}/{doc.filename}",
                    error=doc.error,
                    filing=filing,
                    document=document,
                )
        Filing.objects.filter(pk=filing.pk).update(
            fetch_status=Filing.FetchStatus.FETCHED,
            fetched_via=fetched.via,
            fetch_error="",
            fetch_retryable=False,
            fetch_attempts=0,
            retry_at=None,
            claimed_by="",
            fetched_at=timezone.now(),
        )
        filing.refresh_from_db()
        accession, form_type, filing_id = filing.accession_number, filing.form_type, filing.pk
        transaction.on_commit(lambda: _announce_stored(filing_id=filing_id, accession_number=accession, form_type=form_type))
    return FetchOutcome(filing=filing, fetched=True, documents=stored)


def _announce_stored(*, filing_id: int, accession_number: str, form_type: str) -> None:
    # What upper layers do with a stored filing (parse its letters) must not undo or stop ingestion.
    results = filing_documents_stored.send_robust(
        sender=Filing, filing_id=filing_id, accession_number=accession_number, form_type=form_type
    )
    failed = False
    for receiver, result in results:
        if isinstance(result, Exception):
            failed = True
            logger.error("%s failed for %s: %r", getattr(receiver, "__name__", receiver), accession_number, result)
    if not failed:
        # Unset, the filing is announced again by a rerun or the sweep: an interruption here loses nothing.
        Filing.objects.filter(pk=filing_id).update(announced_at=timezone.now())


def filings_announce_unannounced(*, older_than_seconds: float = 0, limit: int = 500) -> int:
    """Announce stored filings whose announcement was cut short (a kill between storing and parsing)."""
    stored_before = timezone.now() - timedelta(seconds=older_than_seconds)
    unannounced = (
        Filing.objects.filter(fetch_status=Filing.FetchStatus.FETCHED, announced_at__isnull=True, fetched_at__lte=stored_before)
        .order_by("fetched_at", "pk")
        .values_list("pk", "accession_number", "form_type")[:limit]
    )
    count = 0
    for filing_id, accession_number, form_type in list(unannounced):
        _announce_stored(filing_id=filing_id, accession_number=accession_number, form_type=form_type)
        count += 1
    return count


def _filing_cik(filing: Filing) -> int:
    company = filing.companies.order_by("pk").first()
    if company is not None:
        return company.cik
    prefix = int(filing.accession_number[:10])
    if prefix:
        return prefix
    raise PermanentEdgarError(f"{filing.accession_number}: no CIK known for this filing; pass one", url="")


def _fetch_from_folder(*, client: EdgarClient, filing: Filing, cik: int) -> _FetchedFiling:
    items = parse_folder_index(client.folder_index(cik=cik, accession_number=filing.accession_number))
    metadata = folder_metadata_fetch(client=client, filing=filing, cik=cik, listed={item.name for item in items})
    form = metadata.form_type or filing.form_type
    if not form:
        raise NotOnEdgarError(
            f"{filing.accession_number}: its form is unknown: EDGAR serves neither its complete .txt, "
            "its -index-headers.html, nor a submissions JSON row for it",
            url="",
        )
    own_txt = f"{filing.accession_number}.txt"
    names = [
        item.name
        for item in items
        if item.name != own_txt and not item.name.endswith(_LISTING_SUFFIXES) and not item.name.startswith(".")
    ]
    documents = []
    for sequence, (name, doc_type) in enumerate(zip(names, _guess_types(names=names, form=form)), start=1):
        doc = _FetchedDocument(sequence=sequence, type=doc_type, filename=name)
        documents.append(doc)
        if doc.type in _NOT_FETCHED_TYPES:
            # Logos carry no text we read, and SEC's own text extract repeats the PDF: not worth a request each.
            continue
        try:
            doc.content = client.document(cik=cik, accession_number=filing.accession_number, filename=name)
        except PermanentEdgarError as exc:
            doc.error = exc  # a listed file EDGAR does not serve fails alone
    if not any(doc.content is not None for doc in documents):
        raise NotOnEdgarError(f"{filing.accession_number}: none of its documents could be fetched", url="")
    return _FetchedFiling(via=Filing.FetchedVia.FOLDER_INDEX, header=metadata.header, row=metadata.row, documents=documents)


def _guess_types(*, names: list[str], form: str) -> list[str]:
    """Each listed file's type: the main document (the first that is not an image; a letterhead logo is often
    listed first) carries the filing's form, SEC's plain-text extract of a staff letter is marked as such."""
    types = []
    main_found = False
    for name in names:
        lower = name.lower()
        if lower.endswith(IMAGE_SUFFIXES):
            types.append("GRAPHIC")
        elif not main_found:
            types.append(form)
            main_found = True
        elif form in STAFF_FORMS and _TEXT_EXTRACT_NAME.fullmatch(lower):
            types.append("TEXT-EXTRACT")
        else:
            types.append("")
    return types
