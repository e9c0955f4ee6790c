"""The alerts API: an organisation's admin manages its channels; members read them and the delivery log; a
member of another organisation gets nothing, by id, filter or export."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from alerts.models import Channel, Delivery, EventKind, Subscription
from alerts.tasks import deliver_alert
from tests.alerts.factories import Team, email_channel, private_staff_letter, raised, webhook_channel

pytestmark = pytest.mark.django_db

CHANNELS, SUBSCRIPTIONS, DELIVERIES = "/api/v1/alerts/channels/", "/api/v1/alerts/subscriptions/", "/api/v1/alerts/deliveries/"


def api(user=None) -> APIClient:  # noqa: ANN001
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world(webhook_receiver):  # noqa: ANN201
    """Organisation A with a webhook channel and a failed delivery on it; B, another organisation."""
    a, b = Team(), Team()
    channel = webhook_channel(a, webhook_receiver, name="A's hook")
    (delivery,) = raised(private_staff_letter(a))
    webhook_receiver.answers = [410]
    deliver_alert(delivery.pk)
    return a, b, channel, Delivery.objects.get(pk=delivery.pk)


def test_an_admin_adds_a_webhook_channel_and_sees_its_secret_only_then(webhook_receiver):
    team = Team()
    created = api(team.admin).post(
        CHANNELS,
        {
            "organisation": team.organisation.slug,
            "kind": "webhook",
            "target": webhook_receiver.url,
            "name": "Ops",
            "events": ["comment_overdue", "comment_due_soon"],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert len(body["secret"]) == 64 and body["secret"] == Channel.objects.get().secret
    assert body["events"] == ["comment_due_soon", "comment_overdue"] and body["failing"] is False
    shown = api(team.viewer).get(f"{CHANNELS}{body['id']}/").json()
    assert "secret" not in shown and shown["target"] == webhook_receiver.url
    rotated = api(team.admin).post(f"{CHANNELS}{body['id']}/rotate-secret/").json()
    assert rotated["secret"] != body["secret"] and rotated["secret"] == Channel.objects.get().secret


@pytest.mark.parametrize("role", ["viewer", "editor", "approver"])
def test_a_member_below_admin_reads_channels_but_may_not_change_them(world, role):
    a, _, channel, delivery = world
    client = api(getattr(a, role))
    assert [c["id"] for c in client.get(CHANNELS).json()["results"]] == [channel.pk]
    assert [d["id"] for d in client.get(DELIVERIES).json()["results"]] == [delivery.pk]
    new = {"organisation": a.organisation.slug, "kind": "email", "target": "x@example.com"}
    assert client.post(CHANNELS, new, format="json").status_code == 403
    assert client.patch(f"{CHANNELS}{channel.pk}/", {"active": False}, format="json").status_code == 403
    assert client.post(f"{CHANNELS}{channel.pk}/rotate-secret/").status_code == 403
    assert client.post(SUBSCRIPTIONS, {"channel": channel.pk, "kind": "review_closed"}, format="json").status_code == 403
    assert client.post(f"{DELIVERIES}{delivery.pk}/retry/").status_code == 403
    assert client.delete(f"{CHANNELS}{channel.pk}/").status_code == 403
    assert Channel.objects.get(pk=channel.pk).active


def test_a_target_that_is_no_address_or_no_http_url_is_refused():
    team = Team()
    client = api(team.admin)
    for kind, target in [
        ("email", "not an address"),
        ("webhook", "ftp://example.com/x"),
        ("webhook", "javascript:alert(1)"),
        ("webhook", "https://user:pw@example.com/hook"),
    ]:
        answer = client.post(CHANNELS, {"organisation": team.organisation.slug, "kind": kind, "target": target}, format="json")
        assert answer.status_code == 400 and "target" in answer.json(), (kind, target)
    assert not Channel.objects.exists()


def test_anonymous_callers_are_refused():
    for path in (CHANNELS, SUBSCRIPTIONS, DELIVERIES):
        assert api().get(path).status_code == 401


@pytest.mark.parametrize("path", [CHANNELS, SUBSCRIPTIONS, DELIVERIES])
def test_a_member_of_another_organisation_gets_nothing_by_id_filter_or_export(world, path):
    a, b, channel, delivery = world
    client = api(b.admin)
    row = {CHANNELS: channel.pk, SUBSCRIPTIONS: channel.subscriptions.first().pk, DELIVERIES: delivery.pk}[path]
    assert client.get(path).json()["results"] == []
    assert client.get(f"{path}?organisation={a.organisation.slug}").json()["results"] == []
    assert client.get(f"{path}{row}/").status_code == 404
    if path == DELIVERIES:
        exported = client.get(f"{path}?format=csv").content.decode()
        assert len(list(csv.reader(io.StringIO(exported)))) == 1 and "A's hook" not in exported


def test_a_member_of_another_organisation_can_change_nothing_of_its_channels(world):
    a, b, channel, delivery = world
    client = api(b.admin)
    assert client.patch(f"{CHANNELS}{channel.pk}/", {"active": False}, format="json").status_code == 404
    assert client.post(f"{CHANNELS}{channel.pk}/rotate-secret/").status_code == 404
    assert client.delete(f"{CHANNELS}{channel.pk}/").status_code == 404
    assert client.post(f"{DELIVERIES}{delivery.pk}/retry/").status_code == 404
    answer = client.post(SUBSCRIPTIONS, {"channel": channel.pk, "kind": "review_closed"}, format="json")
    assert answer.status_code == 400 and answer.json()["code"] == "unknown_channel"
    answer = client.post(
        CHANNELS, {"organisation": a.organisation.slug, "kind": "email", "target": "x@example.com"}, format="json"
    )
    assert answer.status_code == 400 and answer.json()["code"] == "unknown_organisation"


def test_the_delivery_log_shows_each_attempt_and_an_admin_sends_a_failed_delivery_again(
    world, webhook_receiver, django_capture_on_commit_callbacks
):
    a, _, _, delivery = world
    shown = api(a.viewer).get(f"{DELIVERIES}{delivery.pk}/").json()
    assert shown["status"] == "failed" and "answered 410" in shown["last_error"]
    assert [(x["number"], x["outcome"]) for x in shown["attempt_log"]] == [(1, "permanent_error")]
    assert shown["event"]["kind"] == "new_staff_letter" and shown["payload"]["letter"]["private"] is True
    failed = api(a.viewer).get(f"{DELIVERIES}?status=failed").json()["results"]
    assert [d["id"] for d in failed] == [delivery.pk]
    with django_capture_on_commit_callbacks(execute=True):
        retried = api(a.admin).post(f"{DELIVERIES}{delivery.pk}/retry/").json()
    assert retried["status"] == "pending"  # queued; the worker takes it on commit
    shown = api(a.viewer).get(f"{DELIVERIES}{delivery.pk}/").json()
    assert shown["status"] == "sent"
    assert [(x["number"], x["outcome"]) for x in shown["attempt_log"]] == [(1, "permanent_error"), (2, "sent")]
    assert len(webhook_receiver.accepted) == 1


def test_an_admin_subscribes_a_channel_to_a_kind_and_unsubscribes_it():
    team = Team()
    channel = email_channel(team, "team@example.com", events=[])
    client = api(team.admin)
    added = client.post(SUBSCRIPTIONS, {"channel": channel.pk, "kind": "review_closed"}, format="json")
    assert added.status_code == 201 and added.json()["organisation"] == team.organisation.slug
    assert client.post(SUBSCRIPTIONS, {"channel": channel.pk, "kind": "review_closed"}, format="json").status_code == 201
    assert list(Subscription.objects.values_list("kind", flat=True)) == [EventKind.REVIEW_CLOSED]
    assert client.delete(f"{SUBSCRIPTIONS}{added.json()['id']}/").status_code == 204
    assert not Subscription.objects.exists()


def test_switching_a_failing_channel_off_and_on_clears_its_failures(world):
    a, _, channel, _ = world
    Channel.objects.filter(pk=channel.pk).update(consecutive_failures=9, failing_since="2025-01-01T00:00:00Z")
    client = api(a.admin)
    assert client.patch(f"{CHANNELS}{channel.pk}/", {"active": False}, format="json").json()["active"] is False
    shown = client.patch(f"{CHANNELS}{channel.pk}/", {"active": True}, format="json").json()
    assert (shown["active"], shown["failing"], shown["consecutive_failures"]) == (True, False, 0)


def test_the_lists_cost_the_same_queries_for_one_row_or_many(webhook_receiver):
    team = Team()
    webhook_channel(team, webhook_receiver)
    raised(private_staff_letter(team))
    client = api(team.viewer)

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    few = {path: queries(path) for path in (CHANNELS, SUBSCRIPTIONS, DELIVERIES)}
    email_channel(team, "more@example.com")
    for _ in range(4):
        raised(private_staff_letter(team))
    assert {path: queries(path) for path in few} == few
