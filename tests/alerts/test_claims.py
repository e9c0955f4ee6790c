"""No event is delivered twice when a worker dies mid-delivery, nor when workers race for one delivery.

The dead worker is simulated by claiming a delivery and never finishing it; the races are real threads,
each with its own database connection, calling what a Celery worker calls.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts import services
from alerts.models import Delivery, Event
from alerts.services import deliveries as delivery_services
from alerts.tasks import deliver_alert, sweep_alerts
from tests.alerts.factories import Team, private_staff_letter, raised, webhook_channel
from tests.alerts.receivers import documented_verify
from tests.test_races import in_threads, shared_database  # noqa: F401  (the fixture)


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs."""


def age_the_claim(delivery: Delivery, settings) -> None:  # noqa: ANN001
    stale = timezone.now() - timedelta(seconds=settings.ALERTS_CLAIM_TIMEOUT_SECONDS + 1)
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=stale)


@pytest.mark.django_db
def test_a_delivery_whose_worker_died_before_sending_is_sent_once_after_the_claim_times_out(webhook_receiver, sweep, settings):
    team = Team()
    webhook_channel(team, webhook_receiver)
    (delivery,) = raised(private_staff_letter(team))
    assert services.delivery_claim(delivery_id=delivery.pk) is not None  # ... and the worker dies here
    assert deliver_alert(delivery.pk) == "not pending"  # the broker's redelivery of the task leaves it alone
    assert sweep()["released"] == 0  # a fresh claim: its worker may still be sending
    assert webhook_receiver.received == []
    age_the_claim(delivery, settings)
    assert sweep()["released"] == 1
    assert len(webhook_receiver.accepted) == 1
    sweep()
    assert len(webhook_receiver.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == ["abandoned", "sent"]


@pytest.mark.django_db
def test_a_worker_that_died_after_sending_is_resent_with_the_same_event_id_so_the_receiver_drops_it(
    webhook_receiver, sweep, settings, monkeypatch
):
    team = Team()
    channel = webhook_channel(team, webhook_receiver)
    (delivery,) = raised(private_staff_letter(team))

    def killed(*args: object) -> str:
        raise WorkerKilled

    monkeypatch.setattr(delivery_services, "_record_sent", killed)
    with pytest.raises(WorkerKilled):
        deliver_alert(delivery.pk)
    monkeypatch.undo()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENDING
    age_the_claim(delivery, settings)
    sweep()
    first, again = webhook_receiver.received
    assert first.verified and again.verified
    assert first.headers["X-Event-Id"] == again.headers["X-Event-Id"] == str(Event.objects.get().public_id)
    assert first.document == again.document
    # Each attempt is signed afresh; the replay window never refuses the resend.
    assert documented_verify(
        secret=channel.secret,
        body=again.body,
        timestamp=again.headers["X-Signature-Timestamp"],
        signature=again.headers["X-Signature"],
    )
    seen = {r.headers["X-Event-Id"] for r in webhook_receiver.accepted}
    assert len(seen) == 1
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_the_same_delivery_send_it_once(shared_database, webhook_receiver):  # noqa: F811
    team = Team()
    letters = [private_staff_letter(team) for _ in range(5)]
    webhook_channel(team, webhook_receiver)  # after the uploads: their alerts are raised below, not sent
    deliveries = [d for letter in letters for d in raised(letter)]
    for delivery in deliveries:
        outcomes = in_threads(lambda pk=delivery.pk: deliver_alert(pk), lambda pk=delivery.pk: deliver_alert(pk))
        assert sorted(outcomes)[-1] == "sent" and outcomes.count("sent") == 1
    assert len(webhook_receiver.received) == len(deliveries) == 5
    assert len({r.headers["X-Event-Id"] for r in webhook_receiver.received}) == 5
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.Status.SENT, 1)}


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_every_waiting_delivery_once(shared_database, webhook_receiver):  # noqa: F811
    team = Team()
    letters = [private_staff_letter(team) for _ in range(4)]
    webhook_channel(team, webhook_receiver)
    for letter in letters:
        raised(letter)
    # Their messages were lost (a broker restart): only the sweep can find them.
    Delivery.objects.update(queued_at=None)
    in_threads(sweep_alerts, sweep_alerts)
    assert len(webhook_receiver.received) == 4
    assert len({r.headers["X-Event-Id"] for r in webhook_receiver.received}) == 4
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
