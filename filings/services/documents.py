"""Document storage and text extraction.

Extraction (PDF work can take seconds) runs before the storing transaction opens, so a worker
never holds the database's write lock while it reads a PDF: document_extract prepares a draft,
document_store writes it inside the transaction that stores the whole filing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.conf import settings

from filings.extraction import IMAGE_SUFFIXES, ExtractionError, extract_text
from filings.models import Document, Filing, IngestionFailure, IngestionRun
from filings.services.runs import ingestion_failure_record

_NO_TEXT_TYPES = {"GRAPHIC", "ZIP", "EX-101.INS", "EX-101.SCH", "XML"}


@dataclass
class DocumentDraft:
    """One fetched document with its text extracted, ready to store."""

    sequence: int
    type: str
    filename: str
    description: str
    size: int
    sha256: str
    content: bytes | None  # None when over the size cap: the bytes are not kept
    extracted: bool = False  # False: the same bytes are stored already, so nothing was extracted
    text: str = ""
    emphasis: list[list[object]] = field(default_factory=list)
    extractor: str = ""
    extraction_status: str = Document.ExtractionStatus.PENDING
    extraction_error: str = ""


def document_extract(
    *, filing: Filing, sequence: int, type: str, filename: str, description: str, content: bytes
) -> DocumentDraft:
    """Hash a fetched document and extract its text; run outside any transaction."""
    draft = DocumentDraft(
        sequence=sequence,
        type=type,
        filename=filename,
        description=description,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    stored = _stored(filing=filing, filename=filename)
    if stored is None or not _unchanged(stored, sha256=draft.sha256):
        _extract_into(draft)
    return draft


def document_store(*, filing: Filing, draft: DocumentDraft, run: IngestionRun | None = None) -> Document:
    """Store one extracted document. The same bytes stored again change nothing."""
    document = _stored(filing=filing, filename=draft.filename)
    if document is not None and _unchanged(document, sha256=draft.sha256):
        return document
    if not draft.extracted:
        # The stored copy changed after the draft was made; extract now rather than store no text.
        _extract_into(draft)
    document = document or Document(filing=filing, filename=draft.filename)
    for name in (
        "sequence",
        "type",
        "description",
        "size",
        "sha256",
        "content",
        "text",
        "emphasis",
        "extractor",
        "extraction_status",
        "extraction_error",
    ):
        setattr(document, name, getattr(draft, name))
    document.save()
    if document.extraction_status == Document.ExtractionStatus.FAILED:
        ingestion_failure_record(
            run=run,
            stage=IngestionFailure.Stage.EXTRACT,
            item=f"{filing.accession_number}/{draft.filename}",
            error=ExtractionError(document.extraction_error),
            filing=filing,
            document=document,
        )
    return document


def document_record_unfetched(
    *, filing: Filing, sequence: int, type: str, filename: str, error: BaseException | None = None
) -> Document:
    """A listed document without bytes: skipped on purpose (an image), or failed (EDGAR did not serve it)."""
    defaults: dict[str, object] = {
        "sequence": sequence,
        "type": type,
        "extraction_status": Document.ExtractionStatus.SKIPPED,
    }
    if error is not None:
        defaults.update(extraction_status=Document.ExtractionStatus.FAILED, extraction_error=f"not fetched: {error}")
    document, _ = Document.objects.update_or_create(filing=filing, filename=filename, defaults=defaults)
    return document


def _stored(*, filing: Filing, filename: str) -> Document | None:
    return Document.objects.filter(filing=filing, filename=filename).defer("content").first()


def _unchanged(document: Document, *, sha256: str) -> bool:
    return document.sha256 == sha256 and document.extraction_status != Document.ExtractionStatus.PENDING


def _extract_into(draft: DocumentDraft) -> None:
    draft.extracted = True
    draft.text, draft.emphasis, draft.extractor, draft.extraction_error = "", [], "", ""
    if draft.content is not None and draft.size > settings.EDGAR_MAX_DOCUMENT_BYTES:
        draft.content = None
        draft.extraction_status = Document.ExtractionStatus.FAILED
        draft.extraction_error = (
            f"document is {draft.size:,} bytes, over the {settings.EDGAR_MAX_DOCUMENT_BYTES:,}-byte cap; not stored"
        )
        return
    if draft.type.upper() in _NO_TEXT_TYPES or draft.filename.lower().endswith(IMAGE_SUFFIXES):
        draft.extraction_status = Document.ExtractionStatus.SKIPPED
        return
    try:
        extraction = extract_text(bytes(draft.content or b""), filename=draft.filename, doc_type=draft.type)
    except ExtractionError as exc:
        draft.extraction_status = Document.ExtractionStatus.FAILED
        draft.extraction_error = str(exc)
        return
    draft.text = extraction.text
    draft.emphasis = [list(span) for span in extraction.emphasis]
    draft.extractor = extraction.extractor
    draft.extraction_status = Document.ExtractionStatus.OK
    # A warning (say, text that was not UTF-8) is kept beside the text, not treated as a failure.
    draft.extraction_error = "; ".join(extraction.warnings)
