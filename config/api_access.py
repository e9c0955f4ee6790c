"""Who may call the API, and how often.

- Public EDGAR data (companies, filings, documents, public letters) is read by any signed-in user, and
  by anyone when `API_ALLOW_ANONYMOUS_PUBLIC_READ` is on. Which rows of a mixed resource (letters, private
  and public) a caller sees is the visibility selector's business, not a permission's.
- Operations data (ingestion runs and failures) is staff-only.
- Writes always need a signed-in caller.
- An unauthenticated call that is refused is a 401 with `WWW-Authenticate: Token`, because token
  authentication is the first authentication class.
- Each signed-in user, and each anonymous address, has its own request budget (REST_FRAMEWORK
  DEFAULT_THROTTLE_RATES "user" and "anon").
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAdminUser
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, UserRateThrottle


class PublicDataPermission(BasePermission):
    message = "Sign in, or send a token, to use this API."

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        return request.method in SAFE_METHODS and settings.API_ALLOW_ANONYMOUS_PUBLIC_READ


class StaffPermission(IsAdminUser):
    message = "Only staff may read the ingestion records."


class _RatesFromSettings:
    """Reads its rate when it is made, not when the module loaded, so a changed setting applies."""

    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class PerUserThrottle(_RatesFromSettings, UserRateThrottle):
    pass


class PerAddressThrottle(_RatesFromSettings, AnonRateThrottle):
    pass


def client_address(request: HttpRequest) -> str:
    """The caller's address, trusting as many X-Forwarded-For hops as REST_FRAMEWORK["NUM_PROXIES"]
    says (none by default, so a client cannot choose its own address by sending the header)."""
    return BaseThrottle().get_ident(request)
