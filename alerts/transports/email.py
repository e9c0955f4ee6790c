"""Alerts by email, through Django's mail backend (settings.EMAIL_BACKEND; SMTP in production).

Every attempt at one delivery sends the same Message-ID, `<{event id}.{delivery id}@{domain}>`, and
an `X-Event-Id` header with the event's id: a resend after a crash between sending and recording it
(at-least-once) is then the same message to the mail system, and to a mail client that drops duplicates.
"""

from __future__ import annotations

import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from alerts.transports.base import Message, PermanentDeliveryError, TransientDeliveryError

if TYPE_CHECKING:
    from alerts.models import Channel


def message_id(*, message: Message) -> str:
    domain = settings.ALERTS_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{message.event_id}.{message.delivery_id}@{domain}>"


def _by_reply_code(code: int, what: str) -> Exception:
    # SMTP says it itself: 5xx is "this will not work", 4xx "try again later"; smtplib's -1 is no reply at all.
    if 500 <= code < 600:
        return PermanentDeliveryError(f"{what} (SMTP {code})")
    return TransientDeliveryError(f"{what} (SMTP {code}, temporary)")


def notify(*, channel: Channel, message: Message) -> None:
    email = EmailMessage(
        subject=message.subject,
        body=message.text,
        from_email=settings.ALERTS_FROM_EMAIL,
        to=[channel.target],
        headers={
            "Message-ID": message_id(message=message),
            "X-Event-Id": message.event_id,
            "X-Event-Type": message.event_kind,
            # Tells vacation responders and ticket systems not to answer an alert.
            "Auto-Submitted": "auto-generated",
        },
        connection=get_connection(fail_silently=False, timeout=settings.ALERTS_EMAIL_TIMEOUT_SECONDS),
    )
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        code, reply = next(iter(exc.recipients.values()), (550, b""))
        raise _by_reply_code(code, f"the mail server refused {channel.target}: {reply!r}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        # Our credentials, not the receiver: fixed in the settings, the next retry goes through.
        raise TransientDeliveryError(f"the mail server refused our login (SMTP {exc.smtp_code})") from exc
    except smtplib.SMTPResponseException as exc:
        raise _by_reply_code(exc.smtp_code, f"the mail server answered {exc.smtp_error!r}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        # Refused or dropped connections, timeouts, a host that does not resolve.
        raise TransientDeliveryError(f"could not reach the mail server: {exc!r}") from exc
