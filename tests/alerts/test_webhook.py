"""Webhooks against a real HTTP receiver on 127.0.0.1 that checks the signature and the timestamp."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from alerts import services
from alerts.models import Channel, Delivery, DeliveryAttempt, Event, EventKind
from alerts.tasks import deliver_alert
from alerts.transports.webhook import signature_verify
from tests.alerts.factories import Team, private_staff_letter, raised, webhook_channel
from tests.alerts.receivers import WebhookReceiver, documented_verify, free_port

pytestmark = pytest.mark.django_db


def make_due(delivery: Delivery) -> None:
    """Let the backoff pass, as the clock would."""
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_it_posts_the_event_signed_so_the_receiver_verifies_signature_and_timestamp(
    webhook_receiver, django_capture_on_commit_callbacks
):
    team = Team()
    webhook_channel(team, webhook_receiver)
    with django_capture_on_commit_callbacks(execute=True):
        letter = private_staff_letter(team)
    event = Event.objects.get()
    (request,) = webhook_receiver.received
    assert request.verified and request.answered == 200
    assert request.headers["X-Event-Id"] == str(event.public_id)
    assert request.headers["X-Event-Type"] == EventKind.NEW_STAFF_LETTER
    assert request.headers["Content-Type"] == "application/json"
    document = request.document
    assert (document["id"], document["type"], document["organisation"]) == (
        str(event.public_id),
        "new_staff_letter",
        team.organisation.slug,
    )
    assert document["data"]["letter"]["id"] == letter.pk and document["data"]["letter"]["private"] is True
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)
    assert list(delivery.attempt_log.values_list("outcome", flat=True)) == [DeliveryAttempt.Outcome.SENT]


def test_a_captured_request_replayed_after_five_minutes_or_signed_with_another_secret_is_refused(
    webhook_receiver, django_capture_on_commit_callbacks
):
    team = Team()
    channel = webhook_channel(team, webhook_receiver)
    with django_capture_on_commit_callbacks(execute=True):
        private_staff_letter(team)
    (request,) = webhook_receiver.received
    stamp, signed = request.headers["X-Signature-Timestamp"], request.headers["X-Signature"]
    for verify in (documented_verify, lambda **kw: signature_verify(signature_header=kw.pop("signature"), **kw)):
        assert verify(secret=channel.secret, body=request.body, timestamp=stamp, signature=signed)
        assert not verify(secret=channel.secret, body=request.body, timestamp=stamp, signature=signed, now=int(stamp) + 301)
        assert not verify(secret="another secret", body=request.body, timestamp=stamp, signature=signed)
        assert not verify(secret=channel.secret, body=request.body + b" ", timestamp=stamp, signature=signed)
        # The timestamp is signed: moving it forward to pass the replay check breaks the signature.
        assert not verify(
            secret=channel.secret, body=request.body, timestamp=str(int(stamp) + 400), signature=signed, now=int(stamp) + 400
        )


def test_a_receiver_answering_500_gets_retries_with_backoff_and_each_failure_is_logged(webhook_receiver, caplog, sweep):
    team = Team()
    webhook_channel(team, webhook_receiver)
    (delivery,) = raised(private_staff_letter(team))
    webhook_receiver.answers = [500, 503]
    with caplog.at_level(logging.WARNING, logger="alerts"):
        before = timezone.now()
        assert deliver_alert(delivery.pk) == "will retry"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and "answered 500" in delivery.last_error
    assert timedelta(seconds=59) < delivery.next_attempt_at - before < timedelta(seconds=65)
    assert "failed (attempt 1" in caplog.text
    assert sweep()["queued"] == 0  # not due yet: the backoff waits in the row, not on the broker
    make_due(delivery)
    sweep()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and "answered 503" in delivery.last_error
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=110)  # doubled
    make_due(delivery)
    sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 3)
    assert [r.answered for r in webhook_receiver.received] == [500, 503, 200]
    assert len(webhook_receiver.accepted) == 1
    outcomes = list(delivery.attempt_log.values_list("number", "outcome"))
    assert outcomes == [(1, "transient_error"), (2, "transient_error"), (3, "sent")]


def test_a_4xx_answer_fails_the_delivery_at_once(webhook_receiver, sweep):
    team = Team()
    webhook_channel(team, webhook_receiver)
    (delivery,) = raised(private_staff_letter(team))
    webhook_receiver.answers = [410]
    assert deliver_alert(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and "answered 410" in delivery.last_error
    make_due(delivery)
    sweep()
    assert len(webhook_receiver.received) == 1


def test_a_refused_connection_is_retried_until_the_receiver_is_back_and_nothing_is_lost(sweep):
    team = Team()
    port = free_port()
    webhook_channel(team, url=f"http://127.0.0.1:{port}/hooks/alerts")
    deliveries = raised(private_staff_letter(team)) + raised(private_staff_letter(team))
    for delivery in deliveries:
        assert deliver_alert(delivery.pk) == "will retry"
    assert all("could not reach" in d.last_error for d in Delivery.objects.all())
    receiver = WebhookReceiver(secret=Channel.objects.get().secret, port=port)
    try:
        for delivery in deliveries:
            make_due(delivery)
        sweep()
        assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
        assert sorted(r.headers["X-Event-Id"] for r in receiver.accepted) == sorted(str(e.public_id) for e in Event.objects.all())
    finally:
        receiver.stop()


def test_a_channel_that_keeps_failing_is_marked_failing_is_probed_slowly_and_blocks_no_other(webhook_receiver, settings, sweep):
    settings.ALERTS_CHANNEL_FAILING_AFTER = 2
    team = Team()
    broken = webhook_channel(team, url=f"http://127.0.0.1:{free_port()}/gone", name="broken")
    working = webhook_channel(team, webhook_receiver, name="working")
    for delivery in [d for _ in range(4) for d in raised(private_staff_letter(team))]:
        deliver_alert(delivery.pk)
    assert set(Delivery.objects.filter(channel=working).values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert len(webhook_receiver.accepted) == 4
    broken.refresh_from_db()
    assert broken.is_failing and broken.consecutive_failures == 2
    # After two failures the other two deliveries wait for the channel's turn, untried and not given up on.
    tried = Delivery.objects.filter(channel=broken, attempts__gt=0).count()
    assert tried == 2 and Delivery.objects.filter(channel=broken, status=Delivery.Status.PENDING).count() == 4
    for delivery in Delivery.objects.filter(channel=broken):
        make_due(delivery)
    Channel.objects.filter(pk=broken.pk).update(next_probe_at=timezone.now() - timedelta(seconds=1))
    assert sweep()["queued"] == 1  # one probe, not four
    assert Delivery.objects.filter(channel=broken, attempts__gt=0).count() in (tried, tried + 1)
    assert Channel.objects.get(pk=broken.pk).next_probe_at > timezone.now() + timedelta(minutes=25)


def test_a_delivery_that_fails_every_attempt_is_given_up_and_an_admin_can_send_it_again(webhook_receiver, settings):
    settings.ALERTS_MAX_ATTEMPTS = 2
    team = Team()
    webhook_channel(team, webhook_receiver)
    (delivery,) = raised(private_staff_letter(team))
    webhook_receiver.answers = [500, 500]
    deliver_alert(delivery.pk)
    make_due(delivery)
    assert deliver_alert(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED
    with pytest.raises(PermissionDenied):
        services.delivery_retry(user=team.editor, delivery=delivery)
    (pk,) = services.delivery_retry(user=team.admin, delivery=delivery)
    assert deliver_alert(pk) == "sent"
    assert len(webhook_receiver.accepted) == 1


def test_in_production_a_webhook_may_not_call_a_private_address_nor_plain_http(webhook_receiver, settings):
    team = Team()
    webhook_channel(team, webhook_receiver)
    (delivery,) = raised(private_staff_letter(team))
    settings.ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    assert deliver_alert(delivery.pk) == "failed"
    assert "private address" in Delivery.objects.get(pk=delivery.pk).last_error
    assert webhook_receiver.received == []
    settings.ALERTS_WEBHOOK_ALLOW_HTTP = False
    with pytest.raises(ValidationError):
        webhook_channel(team, url="http://hooks.example.com/alerts")
