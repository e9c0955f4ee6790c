"""Celery entry points for comment letters. Thin: each calls one service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from comments import services
from filings.edgar.client import EdgarClient


def _edgar_client() -> EdgarClient | None:
    # Resolving a named filing on EDGAR needs the declared User-Agent; without one, resolve locally only.
    return EdgarClient.from_settings() if settings.EDGAR_USER_AGENT else None


# Only a busy or dropped database is worth retrying; a parser or data error would fail the same way again.
@shared_task(
    name="comments.tasks.parse_filing_letters",
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=30,
    max_retries=5,
    time_limit=600,
    soft_time_limit=570,
)
def parse_filing_letters(filing_id: int) -> list[int]:
    """Create and parse the letters of one stored filing. Idempotent per accession: a rerun changes nothing."""
    letters = services.filing_letters_process(filing_id=filing_id, client=_edgar_client())
    return [letter.pk for letter in letters]
