"""The delivery log and the channels in the admin, narrowed to the user's organisations."""

from __future__ import annotations

import pytest
from django.test import Client

from alerts.models import Delivery
from alerts.tasks import deliver_alert
from tests.alerts.factories import Team, private_staff_letter, raised, webhook_channel

pytestmark = pytest.mark.django_db

LOG = "/admin/alerts/delivery/"
CHANNELS = "/admin/alerts/channel/"


def signed_in(user) -> Client:  # noqa: ANN001
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(webhook_receiver):  # noqa: ANN201
    a, b = Team(), Team()
    channel = webhook_channel(a, webhook_receiver, name="A's hook")
    (delivery,) = raised(private_staff_letter(a))
    webhook_receiver.answers = [500]
    deliver_alert(delivery.pk)
    return a, b, channel, Delivery.objects.get(pk=delivery.pk)


def test_the_delivery_log_shows_a_members_deliveries_with_every_attempt(world):
    a, _, _, delivery = world
    client = signed_in(a.viewer)
    listed = client.get(LOG)
    assert listed.status_code == 200 and delivery.event.summary in listed.content.decode()
    page = client.get(f"{LOG}{delivery.pk}/change/").content.decode()
    assert "answered 500" in page and "Failed; a retry may help" in page and str(delivery.event.public_id) in page


def test_a_member_of_another_organisation_sees_none_of_its_deliveries_or_channels(world):
    _, b, channel, delivery = world
    client = signed_in(b.admin)
    assert delivery.event.summary not in client.get(LOG).content.decode()
    assert "A&#x27;s hook" not in client.get(CHANNELS).content.decode()
    assert client.get(f"{LOG}{delivery.pk}/change/").status_code == 302  # the admin's "no such row"
    assert client.get(f"{CHANNELS}{channel.pk}/change/").status_code == 302
    client.post(LOG, {"action": "retry", "_selected_action": [delivery.pk]})
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1


def test_the_channel_page_never_shows_the_secret(world):
    a, _, channel, _ = world
    page = signed_in(a.admin).get(f"{CHANNELS}{channel.pk}/change/").content.decode()
    assert "A&#x27;s hook" in page and channel.secret not in page


def test_the_send_again_action_is_an_admins_and_sends_the_delivery(world, webhook_receiver, django_capture_on_commit_callbacks):
    a, _, _, delivery = world
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED)
    refused = signed_in(a.editor).post(LOG, {"action": "retry", "_selected_action": [delivery.pk]}, follow=True)
    assert "only an admin" in refused.content.decode()
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.FAILED
    with django_capture_on_commit_callbacks(execute=True):
        signed_in(a.admin).post(LOG, {"action": "retry", "_selected_action": [delivery.pk]})
    assert Delivery.objects.get(pk=delivery.pk).status == Delivery.Status.SENT
    assert len(webhook_receiver.accepted) == 1
