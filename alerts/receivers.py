"""React to comments/ and workflow/ without either knowing about alerts/."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from alerts.models import EventKind
from alerts.selectors import anyone_listening
from alerts.services.events import LETTER_EVENT_KINDS
from alerts.tasks import raise_draft_alert, raise_letter_alerts
from comments.signals import letter_parsed
from workflow.signals import draft_submitted


@receiver(letter_parsed, dispatch_uid="alerts.raise_letter_alerts")
def on_letter_parsed(sender: Any, *, letter_id: int, **kwargs: Any) -> None:
    # Sent on commit already. A backfill parses thousands of letters: one query, and no task, while no
    # channel listens for letters.
    if anyone_listening(kinds=LETTER_EVENT_KINDS):
        raise_letter_alerts.delay_on_commit(letter_id)


@receiver(draft_submitted, dispatch_uid="alerts.raise_draft_alert")
def on_draft_submitted(sender: Any, *, draft_id: int, **kwargs: Any) -> None:
    if anyone_listening(kinds=[EventKind.DRAFT_AWAITING_APPROVAL]):
        raise_draft_alert.delay_on_commit(draft_id)
