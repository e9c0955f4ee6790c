"""Turn correspondence documents into Letters and keep their parsed rows in step with the parser."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.models import (
    ACKNOWLEDGEMENTS_DROPPED_ON,
    Acknowledgement,
    CompanyResponse,
    FilingReference,
    Letter,
    StaffComment,
)
from filings.forms import LETTER_FORMS, STAFF_FORMS
from filings.models import Document, Filing

logger = logging.getLogger(__name__)

# Document types that are the letter itself. TEXT-EXTRACT is EDGAR's plain-text copy of an UPLOAD's
# PDF: a duplicate, read only when the PDF gave no text.
_LETTER_DOCUMENT_TYPES = LETTER_FORMS
_TEXT_EXTRACT = "TEXT-EXTRACT"


def letter_direction(*, form_type: str) -> str:
    return Letter.Direction.STAFF if form_type.upper() in STAFF_FORMS else Letter.Direction.COMPANY


def letter_text(*, letter: Letter) -> tuple[str, list[list[Any]]]:
    """The text the parser reads: the document's for a public letter, the upload's for a private one."""
    if letter.document_id is None:
        return letter.text, list(letter.emphasis or [])
    document = letter.document
    return document.text, list(document.emphasis or [])


# --- creating letters ----------------------------------------------------------------------------


def _letter_documents(filing: Filing) -> list[Document]:
    documents = list(filing.documents.defer("content").order_by("sequence"))
    letters = []
    for document in documents:
        doc_type = document.type.upper()
        if document.extraction_status == Document.ExtractionStatus.SKIPPED:
            continue  # images and other documents without text
        if doc_type in _LETTER_DOCUMENT_TYPES or (
            not doc_type and (document.sequence == 1 or document.filename == filing.primary_document)
        ):
            letters.append(document)
    readable = [d for d in letters if d.extraction_status == Document.ExtractionStatus.OK and d.text.strip()]
    if not readable:
        extracts = [
            d for d in documents
            if d.type.upper() == _TEXT_EXTRACT and d.extraction_status == Document.ExtractionStatus.OK and d.text.strip()
        ]
        if extracts:
            return extracts[:1]
    return letters


def letters_create_for_filing(*, filing_id: int) -> list[Letter]:
    """One Letter per correspondence document of a CORRESP/UPLOAD/LETTER filing; existing ones are kept."""
    filing = Filing.objects.get(pk=filing_id)
    if filing.form_type.upper() not in LETTER_FORMS:
        return []
    company = filing.companies.order_by("pk").first()
    if company is None:
        logger.warning("filing %s has no company; its letters wait until one is known", filing.accession_number)
        return []
    letters = []
    for document in _letter_documents(filing):
        letter, _ = Letter.objects.get_or_create(
            document=document,
            defaults={
                "filing": filing,
                "company": company,
                "form_type": filing.form_type.upper(),
                "direction": letter_direction(form_type=filing.form_type),
            },
        )
        letters.append(letter)
    return letters


# --- parsing -------------------------------------------------------------------------------------


def letter_parse(*, letter: Letter, force: bool = False) -> Letter:
    """Parse a letter's text and store what it says. Same parser version and not forced: no change.

    Links that depend only on our own rows (the comment each response answers, the filings it names
    that we already hold) are refreshed after a parse too.
    """
    from comments import parser

    version = parser.PARSER_VERSION
    if not force and letter.parse_status == Letter.ParseStatus.PARSED and letter.parser_version == version:
        return letter
    text, emphasis = letter_text(letter=letter)
    if not text.strip():
        return _letter_parse_failed(letter, version, "the letter has no text (extraction failed or a scanned image); re-extract first")
    try:
        parsed = parser.parse_letter(
            text, form_type=letter.form_type, emphasis=[(int(s), int(e), str(k)) for s, e, k in emphasis] or None
        )
    except Exception as exc:  # a parser bug on one letter must not stop a batch; a fixed parser re-parses it
        logger.exception("parser failed on letter %s", letter.pk)
        return _letter_parse_failed(letter, version, f"parser error (not retryable until the parser changes): {exc!r}")
    letter = letter_store_parsed(letter=letter, parsed=parsed, parser_version=version)

    from comments.services.linking import references_resolve, response_link

    response_link(letter=letter)
    references_resolve(letter=letter)
    return letter


def _letter_parse_failed(letter: Letter, version: str, error: str) -> Letter:
    # Rows from an earlier good parse are kept: a failing parser must not erase them.
    letter.parse_status = Letter.ParseStatus.FAILED
    letter.parse_error = error[:2000]
    letter.parser_version = version
    letter.parsed_at = timezone.now()
    letter.save(update_fields=["parse_status", "parse_error", "parser_version", "parsed_at", "updated_at"])
    return letter


def _text(value: str | None, limit: int | None = None) -> str:
    value = (value or "").strip()
    return value[:limit] if limit else value


def letter_store_parsed(*, letter: Letter, parsed: Any, parser_version: str | None = None) -> Letter:
    """Store a ParsedLetter on a letter. Rows are updated in place, so ids and workflow rows stay."""
    with transaction.atomic():
        # Serialise two parses of one letter (two workers, or a worker and the admin).
        letter = Letter.objects.select_for_update(of=("self",)).select_related("filing").get(pk=letter.pk)
        kind = parsed.kind if parsed.kind in Letter.Kind.values else Letter.Kind.OTHER
        letter.kind = kind
        letter.letter_date = parsed.letter_date
        letter.addressee = _text(parsed.addressee, 255)
        letter.signatories = list(parsed.signatories or [])
        letter.staff_office = _text(parsed.staff_office, 255)
        letter.responds_to_letter_date = parsed.responds_to_letter_date
        letter.company_name_as_printed = _text(parsed.company_name, 255)
        letter.literature = list(parsed.literature or [])
        letter.topics = list(parsed.topics or [])
        letter.acknowledgements_requested = parsed.acknowledgements_requested
        letter.parser_version = parser_version or parsed.parser_version
        letter.parse_status = Letter.ParseStatus.PARSED
        letter.parse_error = ""
        letter.parsed_at = timezone.now()
        letter.save()
        _comments_sync(letter, list(parsed.comments or []))
        _responses_sync(letter, list(parsed.responses or []))
        _references_sync(letter, list(parsed.referenced_filings or []))
        _acknowledgements_sync(letter, parsed.acknowledgements)
    return letter


def _comments_sync(letter: Letter, parsed_comments: Sequence[Any]) -> None:
    """Match parsed comments to stored ones by (number, heading), then by number, and update in place.

    A stored comment the new parse no longer finds is deleted, unless workflow rows (Assignments)
    hang off it: then it is kept with position None and in_latest_parse False, so no one's work is
    lost and the admin can show it as gone from the letter. A later parse that finds it again revives it.
    """
    existing = sorted(letter.comments.all(), key=lambda c: (c.position is None, c.position or 0, c.pk))
    unmatched = list(existing)
    matches: list[StaffComment | None] = [None] * len(parsed_comments)
    for same_heading in (True, False):
        for i, item in enumerate(parsed_comments):
            if matches[i] is not None:
                continue
            heading = _text(item.heading)
            for row in unmatched:
                if row.number == item.number and (not same_heading or row.heading == heading):
                    matches[i] = row
                    unmatched.remove(row)
                    break
    # Park every position first so renumbering never trips the (letter, number, position) constraint.
    letter.comments.update(position=None)
    for i, (item, row) in enumerate(zip(parsed_comments, matches), start=1):
        row = row or StaffComment(letter=letter)
        row.number = item.number
        row.heading = _text(item.heading)
        row.page = _text(item.page, 64)
        row.text = item.text or ""
        row.topics = list(getattr(item, "topics", None) or [])
        row.position = i
        row.in_latest_parse = True
        row.save()
    kept = {c.pk for c in unmatched if c.assignments.exists()}
    StaffComment.objects.filter(pk__in=[c.pk for c in unmatched if c.pk not in kept]).delete()
    StaffComment.objects.filter(pk__in=kept).update(in_latest_parse=False, position=None)


def _responses_sync(letter: Letter, parsed_responses: Sequence[Any]) -> None:
    existing = list(letter.responses.order_by("position", "pk"))
    for i, item in enumerate(parsed_responses):
        row = existing[i] if i < len(existing) else CompanyResponse(letter=letter)
        if row.pk and row.number != item.number:
            row.comment = None  # answers another comment now; response_link finds it again
        row.number = item.number
        row.position = i
        row.restated_comment = _text(item.restated_comment)
        row.text = item.text or ""
        row.makes_commitment = bool(item.commitment)
        row.commitment_text = _text(item.commitment_text)
        row.save()
    CompanyResponse.objects.filter(pk__in=[r.pk for r in existing[len(parsed_responses):]]).delete()


def _references_sync(letter: Letter, parsed_references: Sequence[Any]) -> None:
    existing = list(letter.references.order_by("position", "pk"))
    for i, item in enumerate(parsed_references):
        row = existing[i] if i < len(existing) else FilingReference(letter=letter)
        values = {
            "form": _text(item.form, 32),
            "period_end": item.period_end,
            "filing_date": item.filed,
            "file_number": _text(item.file_number, 32),
            "amendment": item.amendment,
        }
        if row.pk and any(getattr(row, k) != v for k, v in values.items()):
            row.filing = None  # names another filing now; references_resolve looks again
        for field, value in values.items():
            setattr(row, field, value)
        row.position = i
        row.save()
    FilingReference.objects.filter(pk__in=[r.pk for r in existing[len(parsed_references):]]).delete()


def _acknowledgements_sync(letter: Letter, findings: Sequence[Any] | None) -> None:
    if findings is None:
        letter.acknowledgements.all().delete()
        return
    required = acknowledgements_required(letter=letter)
    seen = []
    for finding in findings:
        if finding.statement not in Acknowledgement.Statement.values:
            continue
        Acknowledgement.objects.update_or_create(
            letter=letter,
            statement=finding.statement,
            defaults={"present": bool(finding.present), "required": required, "evidence": _text(finding.evidence)},
        )
        seen.append(finding.statement)
    letter.acknowledgements.exclude(statement__in=seen).delete()


def acknowledgements_required(*, letter: Letter) -> bool:
    """Company responses dated before 2016-10-05 had to carry the three acknowledgements."""
    if letter.kind != Letter.Kind.COMPANY_RESPONSE:
        return False
    when = letter.letter_date or (letter.filing.filing_date if letter.filing_id else None)
    return when is not None and when < ACKNOWLEDGEMENTS_DROPPED_ON


def letters_reparse_all(*, parser_version: str | None = None) -> int:
    """Re-parse letters. Without a version: every letter, forced. With one: only letters not parsed by it."""
    letters = Letter.objects.all()
    if parser_version:
        letters = letters.exclude(Q(parser_version=parser_version) & Q(parse_status=Letter.ParseStatus.PARSED))
    count = 0
    for pk in list(letters.order_by("pk").values_list("pk", flat=True)):
        letter = Letter.objects.filter(pk=pk).first()
        if letter is None:
            continue  # deleted meanwhile
        letter_parse(letter=letter, force=True)
        count += 1
    return count


# --- the whole pipeline for one filing -----------------------------------------------------------


def filing_letters_process(*, filing_id: int, client: Any = None) -> list[Letter]:
    """Everything a newly stored correspondence filing needs. Safe to run again: it changes nothing then."""
    from comments.services.linking import private_letter_link_twin, references_resolve, staff_letter_answers_relink

    letters = letters_create_for_filing(filing_id=filing_id)
    for letter in letters:
        letter = letter_parse(letter=letter)
        if client is not None:
            references_resolve(letter=letter, client=client)
        private_letter_link_twin(letter=letter)
        if letter.is_staff_letter:
            staff_letter_answers_relink(letter=letter)
    return letters
