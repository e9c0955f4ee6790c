import pytest

from filings.business_days import admin_closures_forget


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_closures():
    # The admin's closures are cached per process; each test reads its own.
    admin_closures_forget()
    yield
    admin_closures_forget()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # The real hasher takes a good part of a second per password, by design; every Team makes six users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
