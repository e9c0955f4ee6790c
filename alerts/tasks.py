"""Celery entry points for alerts. Thin: each calls one service, then queues the deliveries it made.

Retries are not Celery retries: a failed delivery waits in its row (next_attempt_at) for the beat sweep,
so no message sits on the broker for hours (a Redis broker would hand it to a second worker after its
visibility timeout). A delivery task's hard time limit stays well under ALERTS_CLAIM_TIMEOUT_SECONDS, so a
claim that old always belongs to a dead worker.
"""

from __future__ import annotations

from collections.abc import Iterable

from celery import shared_task
from django.db import OperationalError

from alerts import services

_DB_RETRIES = {"autoretry_for": (OperationalError,), "retry_backoff": 5, "max_retries": 3}


def deliveries_queue(ids: Iterable[int]) -> None:
    for pk in ids:
        deliver_alert.delay_on_commit(pk)


@shared_task(
    name="alerts.tasks.deliver_alert",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=120,
    soft_time_limit=100,
    **_DB_RETRIES,
)
def deliver_alert(delivery_id: int) -> str:
    """Send one delivery if it is due and unclaimed. Idempotent: a sent or claimed delivery is left alone."""
    return services.delivery_send(delivery_id=delivery_id)


@shared_task(name="alerts.tasks.raise_letter_alerts", acks_late=True, reject_on_worker_lost=True, **_DB_RETRIES)
def raise_letter_alerts(letter_id: int) -> list[int]:
    """The alerts of a parsed letter. Idempotent: each event is raised once per letter."""
    ids = services.letter_events_raise(letter_id=letter_id)
    deliveries_queue(ids)
    return ids


@shared_task(name="alerts.tasks.raise_draft_alert", acks_late=True, reject_on_worker_lost=True, **_DB_RETRIES)
def raise_draft_alert(draft_id: int) -> list[int]:
    """A draft awaits approval. Idempotent: once per submission."""
    ids = services.draft_events_raise(draft_id=draft_id)
    deliveries_queue(ids)
    return ids


@shared_task(name="alerts.tasks.sweep_alerts", acks_late=True, time_limit=600, soft_time_limit=570)
def sweep_alerts() -> dict[str, int]:
    """The beat sweep (alerts.services.sweep): due-soon, overdue, retries, claims of dead workers."""
    report = services.alerts_sweep()
    deliveries_queue(report.to_send)
    return {"released": report.released, "created": report.deliveries_created, "queued": len(report.to_send)}
