"""Who sees which channels and deliveries, and which channels hear of an event.

Users see channels, subscriptions and deliveries through teams' one rule, applied to the channel's
organisation. An event reaches channels by one rule too (`channels_listening`): an event about an
organisation's private data only that organisation's channels; a public event (a public letter) the
channels of the organisations that watch its company.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from django.db.models import QuerySet

from alerts.models import Channel, Delivery, Subscription
from filings.models import Company
from teams.models import Organisation, WatchedCompany
from teams.selectors import AnyUser, private_rows_visible_to


def channels_visible_to(*, user: AnyUser) -> QuerySet[Channel]:
    return private_rows_visible_to(user=user, rows=Channel.objects.all())


def subscriptions_visible_to(*, user: AnyUser) -> QuerySet[Subscription]:
    return private_rows_visible_to(user=user, rows=Subscription.objects.all(), organisation_field="channel__organisation")


def deliveries_visible_to(*, user: AnyUser) -> QuerySet[Delivery]:
    return private_rows_visible_to(user=user, rows=Delivery.objects.all(), organisation_field="channel__organisation")


def channels_listening(
    *, kind: str, organisation: Organisation | None, company: Company | None, skip_organisation_ids: Collection[int] = ()
) -> QuerySet[Channel]:
    """The active channels subscribed to `kind` that may hear of this event: those of `organisation` when it
    is about that organisation's private data, else (organisation None: public data) those of every
    organisation watching `company`, but for the `skip_organisation_ids`."""
    channels = Channel.objects.filter(active=True, subscriptions__kind=kind)
    if organisation is not None:
        channels = channels.filter(organisation=organisation)
    elif company is not None:
        channels = channels.filter(organisation__in=WatchedCompany.objects.filter(company=company).values("organisation_id"))
    else:
        return channels.none()
    return channels.exclude(organisation_id__in=list(skip_organisation_ids)).distinct()


def organisations_listening(*, kinds: Iterable[str]) -> QuerySet[Organisation]:
    """The organisations with an active channel subscribed to any of `kinds`: all the sweep need look at."""
    listening = Subscription.objects.filter(kind__in=list(kinds), channel__active=True).values("channel__organisation_id")
    return Organisation.objects.filter(pk__in=listening)


def kinds_listened_to(*, organisation: Organisation, kinds: Iterable[str]) -> set[str]:
    return set(
        Subscription.objects.filter(channel__organisation=organisation, channel__active=True, kind__in=list(kinds)).values_list(
            "kind", flat=True
        )
    )


def anyone_listening(*, kinds: Iterable[str]) -> bool:
    """Cheap enough to ask on every parsed letter of a backfill."""
    return Subscription.objects.filter(kind__in=list(kinds), channel__active=True).exists()
