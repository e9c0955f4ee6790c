"""Ingestion rules: discover correspondence on EDGAR, fetch it once, store its documents and text.

Entry points (the edgar_ingest command, Celery tasks, admin) call these functions and nothing else.
Every item that fails is recorded as an IngestionFailure and the batch goes on; a filing counts as
done only once all of it is stored, so running again resumes where an interrupted run stopped.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from filings.edgar.client import EdgarClient
from filings.edgar.errors import EdgarError, NotOnEdgarError, PermanentEdgarError
from filings.extraction import IMAGE_SUFFIXES, ExtractionError, extract_text
from filings.forms import STAFF_FORMS
from filings.models import Company, Document, Filing, IndexDay, IngestionFailure, IngestionRun
from filings.parsers.daily_index import CORRESPONDENCE_FORMS, IndexEntry, parse_daily_index
from filings.parsers.folder_index import FolderIndexParseError, parse_folder_index
from filings.parsers.sgml import SgmlParseError, SubmissionHeader, parse_complete_submission
from filings.parsers.submissions import (
    CompanyInfo,
    CompanySubmissions,
    SubmissionsParseError,
    SubmissionsRow,
    parse_submissions_json,
)
from filings.signals import filing_documents_stored

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

# Files in an accession folder that are EDGAR's own listings, not documents of the filing.
_LISTING_SUFFIXES = ("-index.html", "-index-headers.html", "-index.htm", ".hdr.sgml", "index.json", "index.xml")
_NO_TEXT_TYPES = {"GRAPHIC", "ZIP", "EX-101.INS", "EX-101.SCH", "XML"}
# Since 2023 an UPLOAD folder lists filename2.txt, SEC's plain-text extract of filename1.pdf.
_TEXT_EXTRACT_NAME = re.compile(r"filename\d+\.txt")
_NOT_FETCHED_TYPES = {"GRAPHIC", "TEXT-EXTRACT"}


def accession_normalize(accession_number: str) -> str:
    """Normalise "000032019324000061" or "0000320193-24-000061" to the dashed form."""
    digits = accession_number.replace("-", "").strip()
    if len(digits) != 18 or not digits.isdigit():
        raise ValueError(f"not an accession number: {accession_number!r}")
    return f"{digits[:10]}-{digits[10:12]}-{digits[12:]}"


# --- runs and failures ---------------------------------------------------------------------------


def ingestion_run_start(*, source: str, parameters: dict) -> IngestionRun:
    return IngestionRun.objects.create(source=source, parameters=parameters)


def ingestion_failure_record(
    *,
    run: IngestionRun | None,
    stage: str,
    item: str,
    error: BaseException | str,
    filing: Filing | None = None,
    document: Document | None = None,
) -> IngestionFailure:
    retryable = bool(getattr(error, "retryable", False))
    error_type = type(error).__name__ if isinstance(error, BaseException) else "Error"
    failure = IngestionFailure.objects.create(
        run=run,
        stage=stage,
        item=item[:500],
        filing=filing,
        document=document,
        error_type=error_type,
        message=str(error) or error_type,
        retryable=retryable,
    )
    if run is not None:
        IngestionRun.objects.filter(pk=run.pk).update(failures_count=F("failures_count") + 1)
    logger.warning("ingestion failure at %s for %s: %s", stage, item, error)
    return failure


def ingestion_run_finish(*, run: IngestionRun, requests_made: int = 0, error: str = "") -> IngestionRun:
    run.refresh_from_db()
    run.requests_made += requests_made
    run.finished_at = timezone.now()
    if error:
        run.status = IngestionRun.Status.FAILED
        run.error = error
    else:
        run.status = IngestionRun.Status.PARTIAL if run.failures_count else IngestionRun.Status.SUCCEEDED
    run.save(update_fields=["requests_made", "finished_at", "status", "error"])
    return run


def _run_add(run: IngestionRun | None, **deltas: int) -> None:
    if run is not None and deltas:
        IngestionRun.objects.filter(pk=run.pk).update(**{k: F(k) + v for k, v in deltas.items()})


# --- companies and filings ---------------------------------------------------------------------


def company_upsert(*, cik: int, name: str = "", **fields: object) -> Company:
    """Create or refresh a company; blank values never overwrite what we already know."""
    company, created = Company.objects.get_or_create(cik=cik, defaults={"name": name})
    changed = []
    if name and company.name != name:
        company.name = name
        changed.append("name")
    for field, value in fields.items():
        if value not in (None, "", []) and getattr(company, field) != value:
            setattr(company, field, value)
            changed.append(field)
    if changed:
        company.save(update_fields=[*changed, "updated_at"])
    return company


def company_upsert_from_submissions(*, info: CompanyInfo) -> Company:
    return company_upsert(
        cik=info.cik,
        name=info.name,
        tickers=list(info.tickers),
        sic=info.sic,
        sic_description=info.sic_description,
        state_of_incorporation=info.state_of_incorporation,
        fiscal_year_end=info.fiscal_year_end,
        former_names=list(info.former_names),
    )


def filing_register(
    *,
    accession_number: str,
    cik: int,
    company_name: str = "",
    form_type: str,
    source: str,
    filing_date: date | None = None,
    index_date: date | None = None,
    run: IngestionRun | None = None,
    row: SubmissionsRow | None = None,
    metadata_only: bool = False,
) -> tuple[Filing, bool]:
    """Record that a filing exists (from an index, a submissions JSON or a letter); fetch nothing."""
    company = company_upsert(cik=cik, name=company_name)
    defaults: dict[str, object] = {"form_type": form_type, "source": source, "filing_date": filing_date, "index_date": index_date}
    if metadata_only:
        defaults["fetch_status"] = Filing.FetchStatus.METADATA_ONLY
    filing, created = Filing.objects.get_or_create(accession_number=accession_number, defaults=defaults)
    changed: list[str] = []
    if row is not None:
        changed += _fill_from_row(filing, row)
    if index_date and not filing.index_date:
        filing.index_date = index_date
        changed.append("index_date")
    if filing_date and not filing.filing_date:
        filing.filing_date = filing_date
        changed.append("filing_date")
    if run is not None and filing_needs_fetch(filing) and filing.last_run_id != run.pk:
        filing.last_run = run
        changed.append("last_run")
    if changed:
        filing.save(update_fields=[*set(changed), "updated_at"])
    filing.companies.add(company)
    return filing, created


def _fill_from_row(filing: Filing, row: SubmissionsRow) -> list[str]:
    """Fill what the filing does not know yet from its submissions JSON row."""
    changed = []
    values = {
        "period_of_report": row.report_date,
        "acceptance_datetime": _aware(row.acceptance_datetime),
        "file_number": row.file_number,
        "film_number": row.film_number,
        "primary_document": row.primary_document,
    }
    for field, value in values.items():
        if value not in (None, "") and not getattr(filing, field):
            setattr(filing, field, value)
            changed.append(field)
    return changed


def _aware(value: datetime | None) -> datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    # EDGAR prints acceptance times in Eastern time without a zone.
    return timezone.make_aware(value, timezone.get_default_timezone())


def filing_needs_fetch(filing: Filing) -> bool:
    """Scheduled runs fetch what is new or failed for a reason a retry can help; a 404 stays recorded."""
    if filing.fetch_status == Filing.FetchStatus.FAILED:
        return filing.fetch_retryable
    return filing.fetch_status in (Filing.FetchStatus.PENDING, Filing.FetchStatus.FETCHING)


def filing_claim(*, filing: Filing) -> bool:
    """Claim a filing for fetching; only one worker wins. A stale claim (dead worker) may be retaken."""
    stale = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimable = Q(fetch_status__in=[Filing.FetchStatus.PENDING, Filing.FetchStatus.FAILED]) | Q(
        fetch_status=Filing.FetchStatus.FETCHING, claimed_at__lt=stale
    )
    return bool(
        Filing.objects.filter(claimable, pk=filing.pk).update(
            fetch_status=Filing.FetchStatus.FETCHING, claimed_at=timezone.now()
        )
    )


@dataclass
class FetchOutcome:
    filing: Filing
    fetched: bool  # False: already stored, or another worker has it
    documents: int = 0
    failed: bool = False


def filing_fetch(*, client: EdgarClient, filing: Filing, run: IngestionRun | None = None, cik: int | None = None) -> FetchOutcome:
    """Fetch a filing's documents once: the complete submission .txt, else index.json plus documents.

    Everything is fetched first, then stored in one transaction: a filing is either wholly stored
    or not at all, and no transaction stays open across a network request.
    """
    if not filing_claim(filing=filing):
        _run_add(run, filings_skipped=1)
        return FetchOutcome(filing=filing, fetched=False)
    try:
        cik = cik or _filing_cik(filing)
        raw = client.complete_submission(cik=cik, accession_number=filing.accession_number)
        if raw is not None:
            submission = parse_complete_submission(raw)
            fetched = _FetchedFiling(via=Filing.FetchedVia.COMPLETE_SUBMISSION, header=submission.header, documents=[
                _FetchedDocument(sequence=d.sequence, type=d.type, filename=d.filename or f"document{d.sequence}",
                                 description=d.description, content=d.content)
                for d in submission.documents
            ])
        else:
            fetched = _fetch_from_folder(client=client, filing=filing, cik=cik)
    except (EdgarError, SgmlParseError, FolderIndexParseError) as exc:
        Filing.objects.filter(pk=filing.pk).update(
            fetch_status=Filing.FetchStatus.FAILED, fetch_error=str(exc)[:2000], fetch_retryable=bool(getattr(exc, "retryable", False))
        )
        ingestion_failure_record(run=run, stage=IngestionFailure.Stage.FETCH, item=filing.accession_number, error=exc, filing=filing)
        _run_add(run, filings_failed=1)
        filing.refresh_from_db()
        return FetchOutcome(filing=filing, fetched=False, failed=True)

    with transaction.atomic():
        if fetched.header is not None:
            _apply_header(filing=filing, header=fetched.header)
        stored = 0
        for doc in fetched.documents:
            if doc.error is not None:
                document = _document_placeholder(filing=filing, sequence=doc.sequence, type=doc.type, filename=doc.filename, error=doc.error)
                ingestion_failure_record(run=run, stage=IngestionFailure.Stage.FETCH, item=f"{filing.accession_number}/{doc.filename}",
                                         error=doc.error, filing=filing, document=document)
            elif doc.content is None:
                Document.objects.update_or_create(
                    filing=filing, filename=doc.filename,
                    defaults={"sequence": doc.sequence, "type": doc.type, "extraction_status": Document.ExtractionStatus.SKIPPED},
                )
            else:
                document_store(filing=filing, sequence=doc.sequence, type=doc.type, filename=doc.filename,
                               description=doc.description, content=doc.content, run=run)
                stored += 1
        Filing.objects.filter(pk=filing.pk).update(
            fetch_status=Filing.FetchStatus.FETCHED, fetched_via=fetched.via, fetch_error="", fetch_retryable=False, fetched_at=timezone.now()
        )
        _run_add(run, filings_fetched=1, documents_stored=stored)
        filing.refresh_from_db()
        accession, form_type, filing_id = filing.accession_number, filing.form_type, filing.pk
        transaction.on_commit(lambda: _announce_stored(filing_id=filing_id, accession_number=accession, form_type=form_type))
    return FetchOutcome(filing=filing, fetched=True, documents=stored)


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


def _announce_stored(*, filing_id: int, accession_number: str, form_type: str) -> None:
    # What upper layers do with a stored filing (parse its letters) must not undo or stop ingestion.
    results = filing_documents_stored.send_robust(
        sender=Filing, filing_id=filing_id, accession_number=accession_number, form_type=form_type
    )
    for receiver, result in results:
        if isinstance(result, Exception):
            logger.error("%s failed for %s: %r", getattr(receiver, "__name__", receiver), accession_number, result)


def _filing_cik(filing: Filing) -> int:
    company = filing.companies.order_by("pk").first()
    if company is not None:
        return company.cik
    prefix = int(filing.accession_number[:10])
    if prefix:
        return prefix
    raise PermanentEdgarError(f"{filing.accession_number}: no CIK known for this filing; pass one", url="")


def _apply_header(*, filing: Filing, header: SubmissionHeader) -> None:
    for filer in header.filers:
        company = company_upsert(
            cik=filer.cik,
            name=filer.name,
            sic=filer.sic,
            sic_description=filer.sic_description,
            state_of_incorporation=filer.state_of_incorporation,
            fiscal_year_end=filer.fiscal_year_end,
            former_names=[{"name": f.name, "to": f.changed.isoformat() if f.changed else None} for f in filer.former_names],
        )
        filing.companies.add(company)
    first_filer = header.filers[0] if header.filers else None
    Filing.objects.filter(pk=filing.pk).update(
        form_type=header.submission_type or filing.form_type,
        filing_date=header.filed_as_of or filing.filing_date,
        acceptance_datetime=_aware(header.acceptance_datetime) or filing.acceptance_datetime,
        period_of_report=header.period_of_report or filing.period_of_report,
        public_reference_accession=header.public_reference_accession or filing.public_reference_accession,
        file_number=(first_filer.file_number if first_filer else "") or filing.file_number,
        film_number=(first_filer.film_number if first_filer else "") or filing.film_number,
    )
    filing.refresh_from_db()


def _fetch_from_folder(*, client: EdgarClient, filing: Filing, cik: int) -> _FetchedFiling:
    items = parse_folder_index(client.folder_index(cik=cik, accession_number=filing.accession_number))
    own_txt = f"{filing.accession_number}.txt"
    names = [
        item.name
        for item in items
        if item.name != own_txt and not item.name.endswith(_LISTING_SUFFIXES) and not item.name.startswith(".")
    ]
    documents = []
    for sequence, name in enumerate(names, start=1):
        doc = _FetchedDocument(sequence=sequence, type=_guess_type(name=name, filing=filing, sequence=sequence), filename=name)
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
    return _FetchedFiling(via=Filing.FetchedVia.FOLDER_INDEX, header=None, documents=documents)


def _guess_type(*, name: str, filing: Filing, sequence: int) -> str:
    lower = name.lower()
    if lower.endswith(IMAGE_SUFFIXES):
        return "GRAPHIC"
    if sequence > 1 and filing.form_type in STAFF_FORMS and _TEXT_EXTRACT_NAME.fullmatch(lower):
        return "TEXT-EXTRACT"
    if sequence == 1:
        return filing.form_type
    return ""


def _document_placeholder(*, filing: Filing, sequence: int, type: str, filename: str, error: BaseException) -> Document:
    document, _ = Document.objects.update_or_create(
        filing=filing,
        filename=filename,
        defaults={
            "sequence": sequence,
            "type": type,
            "extraction_status": Document.ExtractionStatus.FAILED,
            "extraction_error": f"not fetched: {error}",
        },
    )
    return document


# --- documents ---------------------------------------------------------------------------------


def document_store(
    *,
    filing: Filing,
    sequence: int,
    type: str,
    filename: str,
    description: str,
    content: bytes,
    run: IngestionRun | None = None,
) -> Document:
    """Store one document and its text. The same bytes stored again change nothing."""
    digest = hashlib.sha256(content).hexdigest()
    existing = Document.objects.filter(filing=filing, filename=filename).first()
    if existing is not None and existing.sha256 == digest and existing.extraction_status != Document.ExtractionStatus.PENDING:
        return existing
    document = existing or Document(filing=filing, filename=filename)
    document.sequence = sequence
    document.type = type
    document.description = description
    document.size = len(content)
    document.sha256 = digest
    too_large = len(content) > settings.EDGAR_MAX_DOCUMENT_BYTES
    document.content = None if too_large else content
    if too_large:
        _extraction_failed(
            document, f"document is {len(content):,} bytes, over the {settings.EDGAR_MAX_DOCUMENT_BYTES:,}-byte cap; not stored"
        )
    else:
        _extract_into(document)
    document.save()
    if document.extraction_status == Document.ExtractionStatus.FAILED:
        ingestion_failure_record(
            run=run,
            stage=IngestionFailure.Stage.EXTRACT,
            item=f"{filing.accession_number}/{filename}",
            error=ExtractionError(document.extraction_error),
            filing=filing,
            document=document,
        )
    return document


def _extraction_failed(document: Document, message: str) -> None:
    document.text, document.emphasis = "", []
    document.extraction_status = Document.ExtractionStatus.FAILED
    document.extraction_error = message


def _extract_into(document: Document) -> None:
    if document.type.upper() in _NO_TEXT_TYPES or document.filename.lower().endswith(IMAGE_SUFFIXES):
        document.text, document.emphasis, document.extractor = "", [], ""
        document.extraction_status = Document.ExtractionStatus.SKIPPED
        document.extraction_error = ""
        return
    try:
        extraction = extract_text(bytes(document.content or b""), filename=document.filename, doc_type=document.type)
    except ExtractionError as exc:
        _extraction_failed(document, str(exc))
        return
    document.text = extraction.text
    document.emphasis = [list(span) for span in extraction.emphasis]
    document.extractor = extraction.extractor
    document.extraction_status = Document.ExtractionStatus.OK
    # A warning (say, text that was not UTF-8) is kept beside the text, not treated as a failure.
    document.extraction_error = "; ".join(extraction.warnings)


# --- discovery ---------------------------------------------------------------------------------


def business_days(since: date, until: date) -> Iterable[date]:
    day = since
    while day <= until:
        if day.weekday() < 5:
            yield day
        day += timedelta(days=1)


def index_day_discover(
    *, client: EdgarClient, day: date, run: IngestionRun | None, kind: str = "form", forms: frozenset[str] = CORRESPONDENCE_FORMS
) -> list[Filing]:
    """Read one daily index and register its correspondence filings. A day already read is not fetched again."""
    if IndexDay.objects.filter(date=day).exists():
        return [f for f in Filing.objects.filter(index_date=day, form_type__in=forms) if filing_needs_fetch(f)]
    raw = client.daily_index(kind=kind, day=day)
    if raw is None:
        # A holiday has no index for good; a recent day may just not be published yet.
        if day < timezone.localdate() - timedelta(days=3):
            IndexDay.objects.update_or_create(date=day, defaults={"entries": 0})
        return []
    result = parse_daily_index(raw.decode("latin-1"))
    for bad in result.malformed:
        ingestion_failure_record(
            run=run,
            stage=IngestionFailure.Stage.INDEX,
            item=f"{kind}.{day:%Y%m%d}.idx line {bad.line_number}: {bad.line[:200]}",
            error=f"malformed index row: {bad.reason}",
        )
    filings = []
    for entry in _unique_entries(result.entries, forms):
        filing, _ = filing_register(
            accession_number=entry.accession_number,
            cik=entry.cik,
            company_name=entry.company_name,
            form_type=entry.form_type,
            source=Filing.Source.DAILY_INDEX,
            filing_date=entry.date_filed,
            index_date=day,
            run=run,
        )
        if filing_needs_fetch(filing):
            filings.append(filing)
    _run_add(run, filings_seen=len(filings))
    # Marked only after every row is registered, so an interrupted read is read again.
    IndexDay.objects.update_or_create(date=day, defaults={"entries": len(result.entries)})
    return filings


def _unique_entries(entries: Iterable[IndexEntry], forms: frozenset[str]) -> list[IndexEntry]:
    seen: dict[str, IndexEntry] = {}
    for entry in entries:
        if entry.form_type in forms and entry.accession_number not in seen:
            seen[entry.accession_number] = entry
    return list(seen.values())


def watchlist_company_discover(
    *, client: EdgarClient, cik: int, run: IngestionRun | None, forms: frozenset[str] = CORRESPONDENCE_FORMS
) -> list[Filing]:
    """Register every correspondence filing in a company's submissions JSON, paged files included."""
    main = parse_submissions_json(client.submissions(cik=cik))
    if main.company is not None:
        company_upsert_from_submissions(info=main.company)
    rows = list(main.filings)
    for name in main.more_pages:
        try:
            rows.extend(parse_submissions_json(client.submissions_page(name=name)).filings)
        except (EdgarError, SubmissionsParseError) as exc:
            # One missing older page must not hide the filings the main file lists.
            ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=f"submissions page {name}", error=exc)
    filings = []
    for row in rows:
        if row.form_type not in forms:
            continue
        filing, _ = filing_register(
            accession_number=row.accession_number,
            cik=cik,
            form_type=row.form_type,
            source=Filing.Source.SUBMISSIONS,
            filing_date=row.filing_date,
            run=run,
            row=row,
        )
        if filing_needs_fetch(filing):
            filings.append(filing)
    _run_add(run, filings_seen=len(filings))
    return filings


def filing_reference_resolve(
    *,
    cik: int,
    form: str,
    period_end: date | None = None,
    filed: date | None = None,
    file_number: str | None = None,
    client: EdgarClient | None = None,
) -> Filing | None:
    """Find the filing a letter names: locally, else (with a client) in the company's submissions JSON."""
    if period_end is None and filed is None:
        return None  # "Form 10-K" alone could be any year's
    match = _reference_match(Filing.objects.filter(companies__cik=cik), form=form, period_end=period_end, filed=filed)
    if match is not None or client is None:
        return match
    try:
        submissions = _submissions_recent(client=client, cik=cik)
    except (EdgarError, SubmissionsParseError) as exc:
        logger.info("cannot resolve %s for CIK %s: %s", form, cik, exc)
        return None
    if submissions.company is not None:
        company_upsert_from_submissions(info=submissions.company)
    candidates = [
        row
        for row in submissions.filings
        if _form_matches(row.form_type, form)
        and (period_end is None or row.report_date == period_end)
        and (filed is None or row.filing_date == filed)
    ]
    if not candidates:
        return None
    row = min(candidates, key=lambda r: r.filing_date)  # the original, not a later amendment
    filing, _ = filing_register(
        accession_number=row.accession_number,
        cik=cik,
        form_type=row.form_type,
        source=Filing.Source.REFERENCE,
        filing_date=row.filing_date,
        row=row,
        metadata_only=True,
    )
    return filing


# A letter names several filings of one company, and a run reads many letters of it: ask EDGAR for
# the company's submissions once every few minutes per process, not once per reference.
_SUBMISSIONS_TTL_SECONDS = 600
_SUBMISSIONS_CACHE_SIZE = 64
_submissions_cache: dict[tuple[str, int], tuple[float, CompanySubmissions]] = {}


def _submissions_recent(*, client: EdgarClient, cik: int) -> CompanySubmissions:
    key = (client.data_url, cik)
    hit = _submissions_cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < _SUBMISSIONS_TTL_SECONDS:
        return hit[1]
    submissions = parse_submissions_json(client.submissions(cik=cik))
    if len(_submissions_cache) >= _SUBMISSIONS_CACHE_SIZE:
        del _submissions_cache[min(_submissions_cache, key=lambda k: _submissions_cache[k][0])]
    _submissions_cache[key] = (time.monotonic(), submissions)
    return submissions


def _form_matches(actual: str, named: str) -> bool:
    return actual.upper() == named.upper()


def _reference_match(qs, *, form: str, period_end: date | None, filed: date | None) -> Filing | None:
    if period_end is None and filed is None:
        return None
    qs = qs.filter(form_type__iexact=form)
    if period_end is not None:
        qs = qs.filter(period_of_report=period_end)
    if filed is not None:
        qs = qs.filter(filing_date=filed)
    return qs.order_by("filing_date", "pk").first()


# --- whole runs (the command and the periodic tasks) ---------------------------------------------


def ingest_daily_indexes(
    *, client: EdgarClient, since: date, until: date, kind: str = "form", progress: Progress | None = None
) -> IngestionRun:
    run = ingestion_run_start(
        source=IngestionRun.Source.DAILY_INDEX, parameters={"since": since.isoformat(), "until": until.isoformat(), "kind": kind}
    )
    return _run_sequentially(
        run=run,
        client=client,
        discover=lambda: index_days_discover(client=client, since=since, until=until, kind=kind, run=run),
        progress=progress,
    )


def index_days_discover(*, client: EdgarClient, since: date, until: date, kind: str, run: IngestionRun) -> list[tuple[Filing, int | None]]:
    found: list[tuple[Filing, int | None]] = []
    for day in business_days(since, until):
        try:
            found += [(filing, None) for filing in index_day_discover(client=client, day=day, run=run, kind=kind)]
        except EdgarError as exc:
            ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=f"{kind} index {day}", error=exc)
    return found


def ingest_watchlist(*, client: EdgarClient, ciks: list[int], progress: Progress | None = None) -> IngestionRun:
    run = ingestion_run_start(source=IngestionRun.Source.WATCHLIST, parameters={"ciks": ciks})
    return _run_sequentially(
        run=run, client=client, discover=lambda: watchlist_discover(client=client, ciks=ciks, run=run), progress=progress
    )


def watchlist_discover(*, client: EdgarClient, ciks: list[int], run: IngestionRun) -> list[tuple[Filing, int | None]]:
    found: list[tuple[Filing, int | None]] = []
    for cik in ciks:
        try:
            found += [(f, cik) for f in watchlist_company_discover(client=client, cik=cik, run=run)]
        except (EdgarError, SubmissionsParseError) as exc:
            # One company's missing or broken JSON must not stop the others.
            ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=f"CIK {cik} submissions", error=exc)
    return found


def ingest_accessions(
    *, client: EdgarClient, accessions: list[str], cik: int | None = None, progress: Progress | None = None
) -> IngestionRun:
    run = ingestion_run_start(source=IngestionRun.Source.ACCESSION, parameters={"accessions": accessions, "cik": cik})

    def discover() -> list[tuple[Filing, int | None]]:
        found: list[tuple[Filing, int | None]] = []
        for raw in accessions:
            try:
                accession = accession_normalize(raw)
                filing = Filing.objects.filter(accession_number=accession).first()
                if filing is not None and filing.fetch_status == Filing.FetchStatus.FAILED:
                    # Asked for by name: try again even after a permanent failure.
                    Filing.objects.filter(pk=filing.pk).update(fetch_status=Filing.FetchStatus.PENDING)
                if filing is None:
                    owner = cik or int(accession[:10])
                    if not owner:
                        raise PermanentEdgarError(f"{accession}: staff letters need --cik (their accession has no CIK)", url="")
                    filing, _ = filing_register(
                        accession_number=accession, cik=owner, form_type="", source=Filing.Source.ACCESSION, run=run
                    )
            except (ValueError, EdgarError) as exc:
                ingestion_failure_record(run=run, stage=IngestionFailure.Stage.INDEX, item=raw, error=exc)
                continue
            _run_add(run, filings_seen=1)
            found.append((filing, cik))
        return found

    return _run_sequentially(run=run, client=client, discover=discover, progress=progress)


def _run_sequentially(
    *, run: IngestionRun, client: EdgarClient, discover: Callable[[], list[tuple[Filing, int | None]]], progress: Progress | None
) -> IngestionRun:
    start_requests = client.requests_made
    try:
        found = discover()
        for done, (filing, cik) in enumerate(found, start=1):
            filing_fetch(client=client, filing=filing, run=run, cik=cik)
            if progress:
                progress(done, len(found))
    except BaseException as exc:
        # Interrupted (Ctrl-C, a crash): what is stored stays; the next run resumes after it.
        ingestion_run_finish(run=run, requests_made=client.requests_made - start_requests, error=f"{type(exc).__name__}: {exc}")
        raise
    return ingestion_run_finish(run=run, requests_made=client.requests_made - start_requests)


def ingestion_run_fetch_one(*, client: EdgarClient, filing_id: int, run_id: int | None) -> FetchOutcome | None:
    """Fetch one filing for a fan-out run and close the run when its last filing is done."""
    filing = Filing.objects.filter(pk=filing_id).first()
    if filing is None:
        return None
    run = IngestionRun.objects.filter(pk=run_id).first() if run_id else None
    before = client.requests_made
    outcome = filing_fetch(client=client, filing=filing, run=run)
    if run is not None:
        _run_add(run, requests_made=client.requests_made - before)
        ingestion_run_finish_if_done(run_id=run.pk)
    return outcome


def ingestion_run_finish_if_done(*, run_id: int) -> bool:
    done = F("filings_fetched") + F("filings_skipped") + F("filings_failed")
    finished = IngestionRun.objects.filter(pk=run_id, status=IngestionRun.Status.RUNNING, filings_seen__lte=done).update(
        status=IngestionRun.Status.SUCCEEDED, finished_at=timezone.now()
    )
    if finished:
        IngestionRun.objects.filter(pk=run_id, failures_count__gt=0).update(status=IngestionRun.Status.PARTIAL)
    return bool(finished)


def filings_to_retry(*, within_days: int = 7) -> list[Filing]:
    """Filings whose last fetch failed for a reason a retry can help (a 503, a timeout)."""
    since = timezone.now() - timedelta(days=within_days)
    return list(Filing.objects.filter(fetch_status=Filing.FetchStatus.FAILED, fetch_retryable=True, updated_at__gte=since))
