"""Parsing a letter and the one step after it that every path takes: ingestion (the parse task),
private intake, the admin's re-parse action and the re-parse command."""

from __future__ import annotations

import logging
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments import parser
from comments.models import Letter
from comments.parser import ParsedLetter
from comments.services.letters import letter_store_parsed, letter_text, letters_create_for_filing
from comments.services.linking import (
    private_letter_link_twin,
    references_answered_by,
    references_resolve,
    response_link,
    staff_letter_answers_relink,
)
from comments.services.reviews import company_reviews_thread
from comments.signals import letter_parsed
from filings.edgar.client import EdgarClient

logger = logging.getLogger(__name__)


def letter_parse_is_current(*, letter: Letter) -> bool:
    return letter.parse_status == Letter.ParseStatus.PARSED and letter.parser_version == parser.PARSER_VERSION


def letter_parse(*, letter: Letter, force: bool = False, client: EdgarClient | None = None) -> Letter:
    """Parse a letter's text, then take the post-parse step. Parsed by this parser and not forced: no change.

    With a client, references the database cannot resolve are looked up on EDGAR.
    """
    version = parser.PARSER_VERSION
    if not force and letter_parse_is_current(letter=letter):
        return letter
    text, emphasis = letter_text(letter=letter)
    if not text.strip():
        return _letter_parse_failed(
            letter, version, "the letter has no text (extraction failed or a scanned image); re-extract first"
        )
    try:
        parsed = parser.parse_letter(
            text, form_type=letter.form_type, emphasis=[(int(s), int(e), str(k)) for s, e, k in emphasis] or None
        )
    except Exception as exc:  # a parser bug on one letter must not stop a batch; a fixed parser re-parses it
        logger.exception("parser failed on letter %s", letter.pk)
        return _letter_parse_failed(letter, version, f"parser error (not retryable until the parser changes): {exc!r}")
    return letter_parse_apply(letter=letter, parsed=parsed, parser_version=version, client=client)


def letter_parse_apply(
    *, letter: Letter, parsed: ParsedLetter, parser_version: str | None = None, client: EdgarClient | None = None
) -> Letter:
    """The post-parse step: store the parse, refresh every link that depends on it, announce it on commit.

    A re-parse goes through here exactly as a first parse does, so it leaves the links as fresh.
    """
    letter = letter_store_parsed(letter=letter, parsed=parsed, parser_version=parser_version)
    letter_links_refresh(letter=letter, client=client)
    transaction.on_commit(
        partial(letter_parsed.send, sender=Letter, letter_id=letter.pk, parser_version=letter.parser_version), robust=True
    )
    return letter


def letter_links_refresh(*, letter: Letter, client: EdgarClient | None = None) -> None:
    """The links between a parsed letter, its filings and the other letters, in the order they depend on.

    Idempotent: each link is saved only when it changes.
    """
    # Once per step: the database first, EDGAR (with a client) for what it does not hold.
    references_resolve(letter=letter, client=client)
    references_answered_by(letter=letter)
    # Before the answers: a private letter that has its public twin stands aside for it.
    private_letter_link_twin(letter=letter)
    if letter.is_staff_letter:
        staff_letter_answers_relink(letter=letter)
    else:
        response_link(letter=letter)
    # Last: threading reads the responds_to and references set above.
    company_reviews_thread(company_id=letter.company_id)


def _letter_parse_failed(letter: Letter, version: str, error: str) -> Letter:
    # Rows and links from an earlier good parse are kept: a failing parser must not erase them.
    letter.parse_status = Letter.ParseStatus.FAILED
    letter.parse_error = error[:2000]
    letter.parser_version = version
    letter.parsed_at = timezone.now()
    letter.save(update_fields=["parse_status", "parse_error", "parser_version", "parsed_at", "updated_at"])
    return letter


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


def filing_letters_process(*, filing_id: int, client: EdgarClient | None = None) -> list[Letter]:
    """Everything a newly stored correspondence filing needs. Safe to run again: it changes nothing then."""
    letters = []
    for letter in letters_create_for_filing(filing_id=filing_id):
        if letter_parse_is_current(letter=letter):
            # A rerun, or a retry of a task that died after storing the parse: finish what the links lack.
            letter_links_refresh(letter=letter, client=client)
        else:
            letter = letter_parse(letter=letter, client=client)
        letters.append(letter)
    return letters
