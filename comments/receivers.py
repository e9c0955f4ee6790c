"""React to filings/ without filings/ knowing about comments/."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from comments.tasks import parse_filing_letters
from filings.forms import LETTER_FORMS
from filings.signals import filing_documents_stored


@receiver(filing_documents_stored, dispatch_uid="comments.parse_filing_letters")
def on_filing_documents_stored(sender: Any, *, filing_id: int, form_type: str = "", **kwargs: Any) -> None:
    if form_type and form_type.upper() not in LETTER_FORMS:
        return
    # The signal is already sent on commit; delay_on_commit keeps that true if a sender ever isn't.
    parse_filing_letters.delay_on_commit(filing_id)
