"""What every app's API shares: one error body (REST_FRAMEWORK["EXCEPTION_HANDLER"]), the root that lists
the resources, and the redirect that keeps the paths from before /api/v1/ answering. The rest of the
plumbing sits beside this module: api_access (permissions, throttles), api_filters (strict filtering),
api_pagination (cursor pages and ordering), api_export (CSV and XLSX).

Every error answers a JSON object with "detail", one sentence a person can read, and "code", a stable
word a program can test ("not_found", "not_authenticated", "active_content", …). A validation error also
keeps DRF's messages per field at the top level ({"file": ["…"]}), with messages about no one field under
"non_field_errors", so a form can show each beside its input. Field names "detail" and "code" are taken.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import get_script_prefix
from django.utils.encoding import escape_uri_path
from django.views import defaults
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        # A service refused (services raise Django's ValidationError): the same 400 as a serializer's refusal.
        detail = exc.message_dict if hasattr(exc, "error_dict") else {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail, code=getattr(exc, "code", None) or "invalid")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    if not isinstance(exc, exceptions.APIException):
        return None  # not an API error: Django logs it and answers 500
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc.detail, (dict, list)):
        fields = exc.detail if isinstance(exc.detail, dict) else {api_settings.NON_FIELD_ERRORS_KEY: exc.detail}
        field, message = _first(fields)
        summary = message if field == api_settings.NON_FIELD_ERRORS_KEY else f"{field}: {message}"
        response.data = {"detail": summary, "code": _first_code(fields) or exc.default_code, **fields}
    else:
        response.data = {"detail": str(exc.detail), "code": getattr(exc.detail, "code", None) or exc.default_code}
    return response


def _first(errors: Any, field: str = "") -> tuple[str, str]:
    """(field, message) of the first message in DRF's nested error lists and dicts."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            return _first(value, f"{field}.{key}" if field else str(key))
    if isinstance(errors, list) and errors:
        return _first(errors[0], field)
    return field, str(errors)


def _first_code(errors: Any) -> str | None:
    if isinstance(errors, dict):
        errors = next(iter(errors.values()), None)
    if isinstance(errors, list):
        errors = errors[0] if errors else None
    if isinstance(errors, (dict, list)):
        return _first_code(errors)
    return getattr(errors, "code", None)


def api_v1_redirect(request: HttpRequest, rest: str) -> HttpResponsePermanentRedirect:
    """An unversioned API path (/api/letters/…, from before versions) to its /api/v1/ twin, for one
    release. A 308 keeps the method and the body, so a POST to intake still lands."""
    url = escape_uri_path(f"{get_script_prefix()}api/v1/{rest}")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url, preserve_request=True)


API_RESOURCES = {
    "companies": "filings-api:company-list",
    "filings": "filings-api:filing-list",
    "documents": "filings-api:document-list",
    "letters": "comments-api:letter-list",
    "staff_comments": "comments-api:staff-comment-list",
    "company_responses": "comments-api:company-response-list",
    "referenced_filings": "comments-api:referenced-filing-list",
    "reviews": "comments-api:review-list",
    "search": "comments-api:search-list",
    "ingestion_runs": "filings-api:ingestion-run-list",
    "ingestion_failures": "filings-api:ingestion-failure-list",
    "organisations": "teams-api:organisation-list",
    "memberships": "teams-api:membership-list",
    "watchlist": "teams-api:watched-company-list",
    "assignments": "workflow-api:assignment-list",
    "drafts": "workflow-api:draft-list",
    "notes": "workflow-api:note-list",
    "extensions": "workflow-api:extension-list",
    "filer_statuses": "workflow-api:filer-status-list",
    "response_letters": "workflow-api:response-letter-list",
    "due": "workflow-api:comment-due-list",
    "alert_channels": "alerts-api:channel-list",
    "alert_subscriptions": "alerts-api:subscription-list",
    "alert_deliveries": "alerts-api:delivery-list",
    "precedents": "precedents-api:text-precedents",
}


@extend_schema(exclude=True)
@api_view(["GET"])
def api_root(request: Request) -> Response:
    """Every resource's list, so a client can start here; /api/docs/ describes them."""
    links = {name: reverse(url_name, request=request) for name, url_name in API_RESOURCES.items()}
    return Response({**links, "schema": reverse("api-schema", request=request), "docs": reverse("api-docs", request=request)})


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a path no view matched (/api/v1/letters/0.5/) is still the API's JSON error there."""
    if _is_api(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception, template_name="web/404.html")


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Server error; it has been logged.", "code": "server_error"}, status=500)
    return defaults.server_error(request, template_name="web/500.html")
