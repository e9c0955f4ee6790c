"""The beat sweep: what no countdown task does.

Due-soon and overdue are states of the calendar, not moments anything announces, so the sweep looks for
them each time it runs (every ALERTS_SWEEP_INTERVAL_SECONDS); the dedupe key makes each comment's due-soon
fire once per due date however often it looks. Retries wait in the database (next_attempt_at), never as
a long countdown on the broker, whose visibility timeout would hand a long-waiting message to a second
worker. The sweep also gives back claims of dead workers, and raises again the events of the last day's
letters and of drafts in review, in case a worker died between a commit and its alert task.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from alerts.models import EventKind
from alerts.selectors import organisations_listening
from alerts.services.deliveries import deliveries_due, deliveries_release_abandoned
from alerts.services.events import DUE_EVENT_KINDS, LETTER_EVENT_KINDS, draft_events_raise, due_events_raise, letter_events_raise
from comments.models import Letter
from teams.models import WatchedCompany
from workflow.selectors import drafts_awaiting_approval

logger = logging.getLogger(__name__)


@dataclass
class SweepReport:
    released: int = 0
    deliveries_created: int = 0
    to_send: list[int] = field(default_factory=list)


def _recent_letters_of_listeners(today: date) -> list[int]:
    listening = organisations_listening(kinds=LETTER_EVENT_KINDS)
    since = timezone.now() - timedelta(hours=settings.ALERTS_LETTER_CATCH_UP_HOURS)
    recent = today - timedelta(days=settings.ALERTS_NEW_LETTER_MAX_AGE_DAYS)
    theirs = Q(is_private=True, organisation__in=listening) | Q(
        is_private=False, company_id__in=WatchedCompany.objects.filter(organisation__in=listening).values("company_id")
    )
    letters = Letter.objects.filter(theirs, parse_status=Letter.ParseStatus.PARSED, parsed_at__gte=since).filter(
        Q(letter_date__gte=recent) | Q(letter_date__isnull=True)
    )
    return list(letters.order_by("pk").values_list("pk", flat=True))


def alerts_sweep(*, today: date | None = None) -> SweepReport:
    """One pass; returns the deliveries to queue now."""
    today = today or timezone.localdate()
    report = SweepReport(released=deliveries_release_abandoned())
    created: list[int] = []
    for organisation in organisations_listening(kinds=DUE_EVENT_KINDS):
        created += due_events_raise(organisation=organisation, today=today)
    for organisation in organisations_listening(kinds=[EventKind.DRAFT_AWAITING_APPROVAL]):
        for draft_id in drafts_awaiting_approval(organisation=organisation).values_list("pk", flat=True):
            created += draft_events_raise(draft_id=draft_id)
    for letter_id in _recent_letters_of_listeners(today):
        created += letter_events_raise(letter_id=letter_id, today=today)
    report.deliveries_created = len(created)
    report.to_send = list(dict.fromkeys([*created, *deliveries_due()]))
    if report.released or report.to_send:
        logger.info(
            "alert sweep: %s claims given back, %s new deliveries, %s to send",
            report.released,
            report.deliveries_created,
            len(report.to_send),
        )
    return report
