"""Email alerts through Django's SMTP backend, against a real SMTP sink (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from alerts.models import Delivery, Event
from alerts.tasks import deliver_alert
from tests.alerts.factories import Team, email_channel, private_staff_letter, raised
from tests.alerts.receivers import free_port

pytestmark = pytest.mark.django_db


def test_it_mails_the_event_with_its_event_id_in_the_headers(smtp_sink, django_capture_on_commit_callbacks):
    team = Team()
    email_channel(team, "reporting@acme.example")
    with django_capture_on_commit_callbacks(execute=True):
        private_staff_letter(team)
    event = Event.objects.get()
    (message,) = smtp_sink.messages
    assert message["To"] == "reporting@acme.example"
    assert message["From"] == "alerts@comment-letters.test"
    assert message["Subject"] == f"[Comment letters] {event.summary}"
    assert message["X-Event-Id"] == str(event.public_id)
    assert message["Message-ID"].strip() == f"<{event.public_id}.{Delivery.objects.get().pk}@comment-letters.test>"
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_content()
    assert event.summary in body and f"Event id: {event.public_id}" in body
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_an_address_the_mail_server_refuses_fails_the_delivery_at_once(smtp_sink):
    smtp_sink.refuse = {"nobody@acme.example"}
    team = Team()
    email_channel(team, "nobody@acme.example")
    (delivery,) = raised(private_staff_letter(team))
    assert deliver_alert(delivery.pk) == "failed"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and "SMTP 550" in delivery.last_error
    assert delivery.attempt_log.get().outcome == "permanent_error"


def test_a_mail_server_saying_try_later_gets_a_retry_and_the_mail_arrives_once(smtp_sink, sweep):
    smtp_sink.busy = 1
    team = Team()
    email_channel(team, "reporting@acme.example")
    (delivery,) = raised(private_staff_letter(team))
    assert deliver_alert(delivery.pk) == "will retry"
    delivery.refresh_from_db()
    assert "SMTP 451" in delivery.last_error and smtp_sink.messages == []
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    sweep()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 2)
    assert len(smtp_sink.messages) == 1


def test_a_mail_server_that_is_down_is_retried_later(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    team = Team()
    email_channel(team, "reporting@acme.example")
    (delivery,) = raised(private_staff_letter(team))
    assert deliver_alert(delivery.pk) == "will retry"
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING and "could not reach the mail server" in delivery.last_error
