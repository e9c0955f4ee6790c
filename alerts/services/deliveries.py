"""Sending deliveries: one worker at a time, with retries, and a record of every attempt.

The guarantee, per event and channel (one Delivery row):

- At least once. The row is created with its event, in one transaction. A worker claims it with a
  conditional update (pending → sending, with its own claim token); a worker that dies after claiming
  leaves it "sending", and the sweep gives it back once the claim is ALERTS_CLAIM_TIMEOUT_SECONDS old (far
  longer than a send may take: the transports time out, the task has a hard time limit below it).
- At most once, as far as a sender can promise it. Only the claim's holder sends, so two workers never send
  the same delivery. The one gap is a worker that dies after the receiver accepted and before the success
  is stored: the delivery is sent again, with the same event id (X-Event-Id, and the same Message-ID by
  email), so the receiver drops it.

A failure that a retry can help is retried after ALERTS_RETRY_BASE_SECONDS, doubling up to
ALERTS_RETRY_MAX_SECONDS, until ALERTS_MAX_ATTEMPTS; any other failure fails the delivery at once. A
channel failing ALERTS_CHANNEL_FAILING_AFTER times in a row is marked failing: then one delivery probes it
every ALERTS_FAILING_CHANNEL_RETRY_SECONDS and the others wait their turn without being tried (nor given
up on), and a success clears it. Every delivery is its own task, so a failing channel holds up no other.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from alerts.messages import message_for
from alerts.models import Channel, Delivery, DeliveryAttempt
from alerts.transports import transport_for
from alerts.transports.base import DeliveryError, TransientDeliveryError

logger = logging.getLogger(__name__)


def backoff_seconds(*, attempt: int) -> float:
    """How long to wait after the `attempt`-th failed attempt (1, 2, …) before the next."""
    return float(min(settings.ALERTS_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0), settings.ALERTS_RETRY_MAX_SECONDS))


def _probe_turn(channel: Channel, delivery_id: int, now: datetime) -> bool:
    """A failing channel is tried by one delivery per interval. True: this delivery may try it now;
    False: it was put off to the channel's next turn."""
    if channel.failing_since is None:
        return True
    interval = timedelta(seconds=settings.ALERTS_FAILING_CHANNEL_RETRY_SECONDS)
    due = Q(next_probe_at__isnull=True) | Q(next_probe_at__lte=now)
    if Channel.objects.filter(due, pk=channel.pk, failing_since__isnull=False).update(next_probe_at=now + interval):
        return True
    next_turn = Channel.objects.filter(pk=channel.pk).values_list("next_probe_at", flat=True).first() or now + interval
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(next_attempt_at=next_turn, queued_at=None)
    return False


def delivery_claim(*, delivery_id: int, now: datetime | None = None) -> tuple[Delivery, DeliveryAttempt] | None:
    """Take a due, pending delivery for this worker, or None when another has it (or it is not due).

    The conditional update is the lock: of two workers racing, exactly one changes the row.
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now).update(
            status=Delivery.Status.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=F("attempts") + 1,
            queued_at=None,
            updated_at=now,  # its message is consumed: the sweep queues the next attempt
        )
        if not claimed:
            return None
        delivery = Delivery.objects.select_related("event", "channel__organisation").get(pk=delivery_id)
        attempt = DeliveryAttempt.objects.create(delivery=delivery, number=delivery.attempts, claim_token=token, started_at=now)
    return delivery, attempt


def delivery_send(*, delivery_id: int) -> str:
    """Try a delivery once, if it is due and nobody else is trying it; returns what happened."""
    now = timezone.now()
    delivery = Delivery.objects.select_related("channel").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return "not pending"
    if not delivery.channel.active:
        return "channel inactive"  # kept pending: switched on again, it goes out
    if delivery.next_attempt_at > now:
        return "not due"
    if not _probe_turn(delivery.channel, delivery_id, now):
        return "waiting for the failing channel's next probe"
    claim = delivery_claim(delivery_id=delivery_id, now=now)
    if claim is None:
        return "claimed by another worker"
    delivery, attempt = claim
    message = message_for(delivery=delivery, attempt=attempt.number)
    try:
        transport_for(delivery.channel.kind)(channel=delivery.channel, message=message)
    except DeliveryError as exc:
        return _record_failure(delivery, attempt, exc)
    except Exception as exc:  # a bug in a transport: kept in the log and retried, never lost
        logger.exception("alert delivery %s raised", delivery.pk)
        return _record_failure(delivery, attempt, TransientDeliveryError(f"unexpected error: {exc!r}"))
    return _record_sent(delivery, attempt)


def _record_sent(delivery: Delivery, attempt: DeliveryAttempt) -> str:
    now = timezone.now()
    with transaction.atomic():
        # Ours, or given back by the sweep while we were slow: either way it is sent, and must not go again.
        ours = Q(status=Delivery.Status.SENDING, claim_token=attempt.claim_token) | Q(status=Delivery.Status.PENDING)
        recorded = Delivery.objects.filter(ours, pk=delivery.pk).update(
            status=Delivery.Status.SENT, sent_at=now, last_error="", claim_token="", updated_at=now
        )
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(outcome=DeliveryAttempt.Outcome.SENT, finished_at=now)
        Channel.objects.filter(pk=delivery.channel_id).update(
            consecutive_failures=0, failing_since=None, next_probe_at=None, last_success_at=now, updated_at=now
        )
    if not recorded:
        logger.warning("alert delivery %s was sent after its claim expired; another worker may send it too", delivery.pk)
    return "sent"


def _record_failure(delivery: Delivery, attempt: DeliveryAttempt, exc: DeliveryError) -> str:
    now = timezone.now()
    error = str(exc)[:2000] or exc.__class__.__name__
    used = delivery.attempts - delivery.attempts_before_retry
    give_up = not exc.retryable or used >= settings.ALERTS_MAX_ATTEMPTS
    with transaction.atomic():
        Channel.objects.filter(pk=delivery.channel_id).update(
            consecutive_failures=F("consecutive_failures") + 1, last_error=error, last_failure_at=now, updated_at=now
        )
        Channel.objects.filter(
            pk=delivery.channel_id, failing_since__isnull=True, consecutive_failures__gte=settings.ALERTS_CHANNEL_FAILING_AFTER
        ).update(failing_since=now, next_probe_at=now + timedelta(seconds=settings.ALERTS_FAILING_CHANNEL_RETRY_SECONDS))
        next_at = now + timedelta(seconds=backoff_seconds(attempt=used))
        next_probe = Channel.objects.filter(pk=delivery.channel_id).values_list("next_probe_at", flat=True).first()
        if next_probe is not None and next_probe > next_at:
            next_at = next_probe
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING, claim_token=attempt.claim_token).update(
            status=Delivery.Status.FAILED if give_up else Delivery.Status.PENDING,
            next_attempt_at=next_at,
            last_error=error,
            claim_token="",
            updated_at=now,
        )
        outcome = DeliveryAttempt.Outcome.TRANSIENT_ERROR if exc.retryable else DeliveryAttempt.Outcome.PERMANENT_ERROR
        DeliveryAttempt.objects.filter(pk=attempt.pk).update(outcome=outcome, error=error, finished_at=now)
    logger.warning(
        "alert delivery %s to channel %s failed (attempt %s%s): %s",
        delivery.pk,
        delivery.channel_id,
        attempt.number,
        ", giving up" if give_up else f", next at {next_at:%Y-%m-%d %H:%M:%S}",
        error,
    )
    return "failed" if give_up else "will retry"


def deliveries_release_abandoned(*, now: datetime | None = None) -> int:
    """Give back deliveries claimed by workers that died mid-delivery; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT_SECONDS)
    stale = Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff)
    released = 0
    for pk, token, attempts, before in stale.values_list("pk", "claim_token", "attempts", "attempts_before_retry"):
        give_up = attempts - before >= settings.ALERTS_MAX_ATTEMPTS
        error = f"the worker stopped mid-delivery (claimed over {settings.ALERTS_CLAIM_TIMEOUT_SECONDS:.0f}s ago)"
        with transaction.atomic():
            changed = Delivery.objects.filter(pk=pk, status=Delivery.Status.SENDING, claim_token=token).update(
                status=Delivery.Status.FAILED if give_up else Delivery.Status.PENDING,
                claim_token="",
                next_attempt_at=now,
                last_error=error,
                updated_at=now,
            )
            if changed:
                DeliveryAttempt.objects.filter(delivery_id=pk, claim_token=token, outcome=DeliveryAttempt.Outcome.SENDING).update(
                    outcome=DeliveryAttempt.Outcome.ABANDONED, error=error, finished_at=now
                )
                released += 1
    if released:
        logger.warning("gave back %s alert deliveries abandoned by dead workers", released)
    return released


def deliveries_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Pending deliveries whose time has come and that have no message on the broker (queued_at is set when
    one is sent and cleared when a worker takes it; one older than the grace was lost), marked queued now.

    A failing channel contributes its oldest due delivery only when its probe is due.
    """
    now = now or timezone.now()
    grace = timedelta(seconds=settings.ALERTS_QUEUE_GRACE_SECONDS)
    due = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now, channel__active=True)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=now - grace))
        .order_by("next_attempt_at", "pk")
    )
    ids = list(due.filter(channel__failing_since__isnull=True).values_list("pk", flat=True)[:limit])
    probing = Channel.objects.filter(active=True, failing_since__isnull=False).filter(
        Q(next_probe_at__isnull=True) | Q(next_probe_at__lte=now)
    )
    for channel_id in probing.values_list("pk", flat=True):
        first = due.filter(channel_id=channel_id).values_list("pk", flat=True).first()
        if first is not None:
            ids.append(first)
    Delivery.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def delivery_requeue(*, delivery: Delivery) -> list[int]:
    """Send a failed (or waiting) delivery again now, with a fresh allowance of attempts. Roles are the
    caller's to check (alerts.services.channels.delivery_retry)."""
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, status__in=[Delivery.Status.FAILED, Delivery.Status.PENDING]).update(
        status=Delivery.Status.PENDING, next_attempt_at=now, queued_at=now, attempts_before_retry=F("attempts"), updated_at=now
    )
    return list(Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).values_list("pk", flat=True))
