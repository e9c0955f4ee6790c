"""Turn correspondence documents into Letters and store what the parser found in them.

Parsing, and what follows a parse, is comments.services.parsing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone

from comments.models import (
    ACKNOWLEDGEMENTS_DROPPED_ON,
    Acknowledgement,
    CompanyResponse,
    FilingReference,
    Letter,
    StaffComment,
)
from comments.parser import AcknowledgementFinding, ParsedComment, ParsedLetter, ParsedResponse, ReferencedFiling
from filings.forms import LETTER_FORMS, STAFF_FORMS
from filings.models import Document, Filing

logger = logging.getLogger(__name__)

# A document typed as a letter form is the letter itself. TEXT-EXTRACT is EDGAR's plain-text copy of an
# UPLOAD's PDF: a duplicate, read only when the PDF gave no text.
_TEXT_EXTRACT = "TEXT-EXTRACT"


def letter_direction(*, form_type: str) -> str:
    return Letter.Direction.STAFF if form_type.upper() in STAFF_FORMS else Letter.Direction.COMPANY


def letter_text(*, letter: Letter) -> tuple[str, list[list[Any]]]:
    """The text the parser reads: the document's for a public letter, the upload's for a private one."""
    document = letter.document
    if document is None:
        return letter.text, list(letter.emphasis or [])
    return document.text, list(document.emphasis or [])


# --- creating letters ----------------------------------------------------------------------------


def _letter_documents(filing: Filing) -> list[Document]:
    documents = list(filing.documents.defer("content").order_by("sequence"))
    letters = []
    for document in documents:
        doc_type = document.type.upper()
        if document.extraction_status == Document.ExtractionStatus.SKIPPED:
            continue  # images and other documents without text
        if doc_type in LETTER_FORMS or (
            not doc_type and (document.sequence == 1 or document.filename == filing.primary_document)
        ):
            letters.append(document)
    readable = [d for d in letters if d.extraction_status == Document.ExtractionStatus.OK and d.text.strip()]
    if not readable:
        extracts = [
            d
            for d in documents
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


# --- storing a parse -------------------------------------------------------------------------


def _text(value: str | None, limit: int | None = None) -> str:
    value = (value or "").strip()
    return value[:limit] if limit else value


def letter_store_parsed(*, letter: Letter, parsed: ParsedLetter, parser_version: str | None = None) -> Letter:
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
        # A company letter's restated comments belong to its responses (heading, page, words), not to the
        # staff: only a staff letter has StaffComment rows.
        _comments_sync(letter, list(parsed.comments or []) if letter.is_staff_letter else [])
        _responses_sync(letter, list(parsed.responses or []))
        _references_sync(letter, list(parsed.referenced_filings or []))
        _acknowledgements_sync(letter, parsed.acknowledgements)
    return letter


def _comments_sync(letter: Letter, parsed_comments: Sequence[ParsedComment]) -> None:
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
    for i, (item, match) in enumerate(zip(parsed_comments, matches), start=1):
        row = match or StaffComment(letter=letter)
        row.number = item.number
        row.heading = _text(item.heading)
        row.page = _text(item.page, 64)
        row.text = item.text or ""
        row.topics = list(getattr(item, "topics", None) or [])
        row.position = i
        row.in_latest_parse = True
        row.save()
    kept = {c.pk for c in unmatched if _has_dependent_rows(c)}
    StaffComment.objects.filter(pk__in=[c.pk for c in unmatched if c.pk not in kept]).delete()
    StaffComment.objects.filter(pk__in=kept).update(in_latest_parse=False, position=None)


def _has_dependent_rows(comment: StaffComment) -> bool:
    """Rows from outside the parse hang off the comment (a team's assignment, draft or note): deleting it would
    delete or block them. The parse's own links (an answer's comment, a reissue) are SET_NULL and do not count."""
    for relation in StaffComment._meta.related_objects:
        rows = cast(type[models.Model], relation.related_model)._base_manager  # never "self": a StaffComment has no self-relation
        if (
            relation.on_delete in (models.CASCADE, models.PROTECT, models.RESTRICT)
            and rows.filter(**{relation.field.name: comment}).exists()
        ):
            return True
    return False


def _responses_sync(letter: Letter, parsed_responses: Sequence[ParsedResponse]) -> None:
    existing = list(letter.responses.order_by("position", "pk"))
    for i, item in enumerate(parsed_responses):
        row = existing[i] if i < len(existing) else CompanyResponse(letter=letter)
        if row.pk and row.number != item.number:
            row.comment = None  # answers another comment now; response_link finds it again
        row.number = item.number
        row.position = i
        row.restated_comment = _text(item.restated_comment)
        row.heading = _text(item.heading)
        row.page = _text(item.page, 64)
        row.text = item.text or ""
        row.answer_type = item.answer_type or ""
        row.makes_commitment = bool(item.commitment)
        row.commitment_text = _text(item.commitment_text)
        row.save()
    CompanyResponse.objects.filter(pk__in=[r.pk for r in existing[len(parsed_responses) :]]).delete()


def _references_sync(letter: Letter, parsed_references: Sequence[ReferencedFiling]) -> None:
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
    FilingReference.objects.filter(pk__in=[r.pk for r in existing[len(parsed_references) :]]).delete()


def _acknowledgements_sync(letter: Letter, findings: Sequence[AcknowledgementFinding] | None) -> None:
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
    when = letter.letter_date or (letter.filing.filing_date if letter.filing else None)
    return when is not None and when < ACKNOWLEDGEMENTS_DROPPED_ON
