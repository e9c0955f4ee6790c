"""Sign-in throttling, for every way of signing in (these pages, the admin, the API's token endpoint):
they all end in `authenticate()`, and so in this backend.

Failures are counted per username and address (so a guesser cannot lock a colleague out from elsewhere)
and per address alone (so one address cannot try many usernames), within a window, in the cache.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from config.api_access import client_address


def _keys(*, request: HttpRequest, username: str) -> tuple[str, str]:
    address = client_address(request) or "unknown"
    pair = hashlib.sha256(f"{username.strip().lower()}\0{address}".encode()).hexdigest()
    return f"sign-in-failures:pair:{pair}", f"sign-in-failures:address:{hashlib.sha256(address.encode()).hexdigest()}"


def sign_in_blocked(*, request: HttpRequest, username: str) -> bool:
    pair, address = _keys(request=request, username=username)
    counts = cache.get_many([pair, address])
    return (
        counts.get(pair, 0) >= settings.LOGIN_FAILURES_PER_USER_AND_ADDRESS
        or counts.get(address, 0) >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def sign_in_failure_record(*, request: HttpRequest, username: str) -> None:
    for key in _keys(request=request, username=username):
        # The window runs from the first failure; add() starts it, incr() keeps its expiry.
        cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def sign_in_failures_clear(*, request: HttpRequest, username: str) -> None:
    pair, _ = _keys(request=request, username=username)
    cache.delete(pair)


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any):
        if request is None or not username:
            return super().authenticate(request, username=username, password=password, **kwargs)
        if sign_in_blocked(request=request, username=username):
            raise PermissionDenied("too many failed sign-ins")  # authenticate() stops here, tries no other backend
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            sign_in_failure_record(request=request, username=username)
        else:
            sign_in_failures_clear(request=request, username=username)
        return user
