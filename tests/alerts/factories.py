"""Channels, teams and letters for the alert tests. Every fixture here is made up."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone

from alerts import services
from alerts.models import Channel, Delivery, EventKind
from comments.models import Letter
from comments.services import filing_letters_process
from filings.models import Company
from teams.models import WatchedCompany
from tests.alerts.receivers import WebhookReceiver
from tests.comments.factories import document_make, filing_make
from tests.workflow.letters import Team, company_make, staff_letter_text, upload

ALL_EVENTS = tuple(EventKind.values)
_seq = itertools.count(1)


def days_ago(n: int) -> date:
    return timezone.localdate() - timedelta(days=n)


def webhook_channel(
    team: Team, receiver: WebhookReceiver | None = None, *, url: str = "", events: Iterable[str] = ALL_EVENTS, name: str = ""
) -> Channel:
    channel = services.channel_create(
        user=team.admin,
        organisation=team.organisation,
        kind=Channel.Kind.WEBHOOK,
        target=url or (receiver.url if receiver else "http://127.0.0.1:9/nothing"),
        name=name,
        event_kinds=events,
    )
    if receiver is not None:
        receiver.secret = channel.secret
    return channel


def email_channel(team: Team, address: str, *, events: Iterable[str] = ALL_EVENTS) -> Channel:
    return services.channel_create(
        user=team.admin,
        organisation=team.organisation,
        kind=Channel.Kind.EMAIL,
        target=address,
        event_kinds=events,
    )


def watch(team: Team, company: Company) -> None:
    WatchedCompany.objects.create(organisation=team.organisation, company=company)


def public_letter(company: Company, form: str, text: str, filed: date) -> Letter:
    """A letter as ingestion stores it: a filing, its document, then the parse (letter_parsed on commit)."""
    filing = filing_make(company=company, form_type=form, filing_date=filed)
    document_make(filing=filing, text=text)
    (letter,) = filing_letters_process(filing_id=filing.pk)
    return Letter.objects.get(pk=letter.pk)


def private_staff_letter(team: Team, company: Company | None = None, when: date | None = None) -> Letter:
    """A staff letter through private intake; its alerts are raised on commit (run the callbacks to see them)."""
    n = next(_seq)
    company = company or company_make(name=f"Acme Widgets {n} Inc.")
    return upload(
        organisation=team.organisation,
        user=team.editor,
        company=company,
        text=staff_letter_text(when or days_ago(2), company=company.name),
    )


def raised(letter: Letter) -> list[Delivery]:
    """The letter's alerts raised as its task raises them, not yet sent: the test sends them by hand."""
    ids = services.letter_events_raise(letter_id=letter.pk)
    return list(Delivery.objects.filter(pk__in=ids).order_by("pk"))


__all__ = [
    "Team",
    "company_make",
    "days_ago",
    "email_channel",
    "private_staff_letter",
    "public_letter",
    "raised",
    "staff_letter_text",
    "upload",
    "watch",
    "webhook_channel",
]
