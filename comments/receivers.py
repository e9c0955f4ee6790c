"""React to filings/ without filings/ knowing about comments/."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.dispatch import receiver

from comments.models import Letter
from comments.tasks import parse_filing_letters
from filings.forms import LETTER_FORMS
from filings.services import work_stale_before
from filings.signals import filing_documents_stored, ingestion_swept

# Filings whose letters one sweep sends to be parsed again, at most; the next sweep takes the rest.
PENDING_RESENT_PER_SWEEP = 500


@receiver(filing_documents_stored, dispatch_uid="comments.parse_filing_letters")
def on_filing_documents_stored(sender: Any, *, filing_id: int, form_type: str = "", **kwargs: Any) -> None:
    if form_type and form_type.upper() not in LETTER_FORMS:
        return
    # The signal is already sent on commit; delay_on_commit keeps that true if a sender ever isn't.
    parse_filing_letters.delay_on_commit(filing_id)


@receiver(ingestion_swept, dispatch_uid="comments.parse_letters_left_pending")
def on_ingestion_swept(sender: Any, *, swept_at: datetime, **kwargs: Any) -> None:
    """A worker killed mid-parse leaves its letters pending, and Redis would hand the message back only after
    the broker's visibility timeout (an hour or more). Letters pending for longer than a parse may take are
    sent again; the parse is idempotent, so one still queued behind a backlog is only parsed twice."""
    stale = work_stale_before(now=swept_at)
    filings = (
        Letter.objects.filter(parse_status=Letter.ParseStatus.PENDING, filing__isnull=False, updated_at__lt=stale)
        .order_by("filing_id")
        .values_list("filing_id", flat=True)
        .distinct()[:PENDING_RESENT_PER_SWEEP]
    )
    for filing_id in list(filings):
        parse_filing_letters.delay_on_commit(filing_id)
