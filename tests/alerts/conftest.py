from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from alerts.tasks import sweep_alerts
from filings.business_days import admin_closures_forget
from tests.alerts.receivers import SmtpSink, WebhookReceiver


@pytest.fixture(autouse=True)
def alerts_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # API throttles count in the cache: each test starts from zero.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}}
    settings.ALERTS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # the receivers are on 127.0.0.1
    settings.ALERTS_WEBHOOK_ALLOW_HTTP = True
    settings.ALERTS_WEBHOOK_TIMEOUT_SECONDS = 5
    settings.ALERTS_EMAIL_TIMEOUT_SECONDS = 5
    settings.ALERTS_FROM_EMAIL = "alerts@comment-letters.test"
    admin_closures_forget()
    yield settings
    admin_closures_forget()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture
def smtp_sink(settings) -> Iterator[SmtpSink]:
    sink = SmtpSink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


@pytest.fixture
def sweep(django_capture_on_commit_callbacks):
    """One beat sweep, with the deliveries it queues sent (in-process tasks run on commit)."""

    def run() -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return sweep_alerts()

    return run
