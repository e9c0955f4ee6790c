"""Fixtures for the API and page tests (tests/api and tests/web import them in their conftest)."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from teams.models import Membership, Organisation, Role


@pytest.fixture(autouse=True)
def own_cache(settings):
    # Throttles and sign-in limits count in the cache: each test starts from zero, and never in a shared Redis.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex}}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The real hasher takes a good part of a second per password, by design; these tests sign in a lot.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Acme legal team", slug="acme-legal")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Another firm", slug="another-firm")


@pytest.fixture
def member(organisation):
    """A member of `organisation`, who uploads its private letters in these tests."""
    user = get_user_model().objects.create_user("member", password="correct horse battery staple")
    Membership.objects.create(user=user, organisation=organisation, role=Role.EDITOR)
    return user


@pytest.fixture
def colleague(organisation):
    user = get_user_model().objects.create_user("colleague", password="a colleague's passphrase")
    Membership.objects.create(user=user, organisation=organisation, role=Role.VIEWER)
    return user


@pytest.fixture
def outsider(other_organisation):
    """A member of another organisation."""
    user = get_user_model().objects.create_user("outsider", password="another long passphrase")
    Membership.objects.create(user=user, organisation=other_organisation, role=Role.ADMIN)
    return user


@pytest.fixture
def staff_user(db):
    """Staff (may use the admin and read the ingestion records), in no organisation."""
    return get_user_model().objects.create_user("examiner", password="staff passphrase here", is_staff=True)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("operator", "operator@example.com", "operator passphrase")


def client_for(user=None) -> APIClient:  # noqa: ANN001
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api(member) -> APIClient:
    return client_for(member)


@pytest.fixture
def staff_api(staff_user) -> APIClient:
    return client_for(staff_user)
