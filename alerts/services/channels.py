"""Changes to an organisation's alert channels and subscriptions, and an admin's retry of a delivery.

A channel sends the organisation's private data out of the product, so only an admin of the organisation
(or a superuser) sets one up, changes it or asks for a retry; every member sees them. A refusal for who is
asking raises PermissionDenied (403); a refusal of the change itself raises ValidationError (400).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from alerts.models import Channel, Delivery, EventKind, Subscription
from alerts.services.deliveries import delivery_requeue
from alerts.transports.webhook import url_problem
from teams.models import Organisation, Role
from teams.selectors import AnyUser, has_role, is_superuser


def _require_admin(user: AnyUser, organisation: Organisation) -> None:
    if not (is_superuser(user) or has_role(user=user, organisation=organisation, at_least=Role.ADMIN)):
        raise PermissionDenied(f"only an admin of {organisation} may manage its alert channels")


def _target_clean(kind: str, target: str) -> str:
    target = (target or "").strip()
    if kind == Channel.Kind.EMAIL:
        try:
            validate_email(target)
        except ValidationError:
            raise ValidationError({"target": ["an email channel needs one email address"]}, code="bad_target") from None
        return target
    if kind == Channel.Kind.WEBHOOK:
        try:
            URLValidator(schemes=["http", "https"])(target)
        except ValidationError:
            raise ValidationError({"target": ["a webhook channel needs a URL"]}, code="bad_target") from None
        problem = url_problem(target)
        if problem:
            raise ValidationError({"target": [problem]}, code="bad_target")
        return target
    raise ValidationError({"kind": [f"kind must be one of {', '.join(Channel.Kind.values)}"]}, code="bad_kind")


def _kinds_clean(kinds: Iterable[str]) -> list[str]:
    kinds = list(dict.fromkeys(kinds))
    unknown = [k for k in kinds if k not in EventKind.values]
    if unknown:
        raise ValidationError(
            {"events": [f"unknown event kinds {unknown}; use {', '.join(EventKind.values)}"]}, code="bad_event_kind"
        )
    return kinds


def new_secret() -> str:
    return secrets.token_hex(32)


@transaction.atomic
def channel_create(
    *, user: AnyUser, organisation: Organisation, kind: str, target: str, name: str = "", event_kinds: Iterable[str] = ()
) -> Channel:
    _require_admin(user, organisation)
    target = _target_clean(kind, target)
    kinds = _kinds_clean(event_kinds)
    channel = Channel.objects.create(
        organisation=organisation,
        kind=kind,
        target=target,
        name=name.strip()[:120],
        secret=new_secret() if kind == Channel.Kind.WEBHOOK else "",
        created_by_id=getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None,
    )
    Subscription.objects.bulk_create([Subscription(channel=channel, kind=k) for k in kinds])
    return channel


@transaction.atomic
def channel_update(
    *, user: AnyUser, channel: Channel, name: str | None = None, target: str | None = None, active: bool | None = None
) -> Channel:
    """Rename, point elsewhere, or switch a channel off and on. A new target or switching it on clears a
    failing state: whatever failed is worth trying again."""
    _require_admin(user, channel.organisation)
    fields = ["updated_at"]
    fresh_start = False
    if name is not None:
        channel.name = name.strip()[:120]
        fields.append("name")
    if target is not None and target.strip() != channel.target:
        channel.target = _target_clean(channel.kind, target)
        fields.append("target")
        fresh_start = True
    if active is not None and active != channel.active:
        channel.active = active
        fields.append("active")
        fresh_start = fresh_start or active
    channel.save(update_fields=fields)
    if fresh_start:
        channel_failing_clear(channel=channel)
    return channel


def channel_failing_clear(*, channel: Channel) -> list[int]:
    """Forget a channel's failures and make its waiting deliveries due now; returns their ids."""
    now = timezone.now()
    Channel.objects.filter(pk=channel.pk).update(consecutive_failures=0, failing_since=None, next_probe_at=None, updated_at=now)
    waiting = Delivery.objects.filter(channel=channel, status=Delivery.Status.PENDING)
    ids = list(waiting.values_list("pk", flat=True))
    waiting.update(next_attempt_at=now, queued_at=now, updated_at=now)
    channel.refresh_from_db()
    return ids


def channel_resume(*, user: AnyUser, channel: Channel) -> list[int]:
    """Try a failing channel again now (its receiver is fixed), with everything that waited for it."""
    _require_admin(user, channel.organisation)
    return channel_failing_clear(channel=channel)


def channel_secret_rotate(*, user: AnyUser, channel: Channel) -> Channel:
    """A new signing secret; signatures made with the old one stop at once, so give the receiver the new one first."""
    _require_admin(user, channel.organisation)
    if channel.kind != Channel.Kind.WEBHOOK:
        raise ValidationError("only a webhook channel has a secret", code="no_secret")
    channel.secret = new_secret()
    channel.save(update_fields=["secret", "updated_at"])
    return channel


def channel_delete(*, user: AnyUser, channel: Channel) -> None:
    """Delete a channel with its delivery log. Switch it off instead to keep the log."""
    _require_admin(user, channel.organisation)
    channel.delete()


def subscription_add(*, user: AnyUser, channel: Channel, kind: str) -> Subscription:
    """The channel gets this kind of event too; subscribing again changes nothing."""
    _require_admin(user, channel.organisation)
    (kind,) = _kinds_clean([kind])
    try:
        with transaction.atomic():
            subscription, _ = Subscription.objects.get_or_create(channel=channel, kind=kind)
    except IntegrityError:  # subscribed by a concurrent request
        subscription = Subscription.objects.get(channel=channel, kind=kind)
    return subscription


def subscription_remove(*, user: AnyUser, subscription: Subscription) -> None:
    _require_admin(user, subscription.channel.organisation)
    subscription.delete()


def delivery_retry(*, user: AnyUser, delivery: Delivery) -> list[int]:
    """An admin's "send it again": a failed delivery gets a fresh allowance of attempts, due now."""
    _require_admin(user, delivery.channel.organisation)
    if delivery.status not in (Delivery.Status.FAILED, Delivery.Status.PENDING):
        raise ValidationError(
            f"the delivery is {delivery.get_status_display().lower()}; only a failed or pending one is retried",
            code="not_retryable",
        )
    return delivery_requeue(delivery=delivery)
