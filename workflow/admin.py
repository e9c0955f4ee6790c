"""The admin for the response workflow: read-only, with each row's history (who changed what, when).

Every list and page is narrowed by teams' one rule (workflow.selectors.workflow_rows_visible_to), so a staff
user sees only their own organisations' rows. Changes go through the API, whose actions call the services
that check roles; the admin has no path around them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from workflow.models import Assignment, Draft, Extension, FilerStatus, Note, ResponseLetter
from workflow.selectors import workflow_rows_visible_to


class _OrganisationRows:
    """Visibility and read-only access, for every workflow admin."""

    model: Any

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return workflow_rows_visible_to(user=request.user, rows=super().get_queryset(request))  # type: ignore[misc]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _HistoryAdmin(_OrganisationRows, SimpleHistoryAdmin):
    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        # SimpleHistoryAdmin falls back to the history of a row the queryset hides: check first.
        try:
            visible = self.get_queryset(request).filter(pk=int(object_id)).exists()
        except ValueError:
            visible = False
        if not visible:
            raise Http404("no such row")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        # Reverting would change a draft without its service's checks.
        raise PermissionDenied("history is read-only here")


@admin.register(Assignment)
class AssignmentAdmin(_HistoryAdmin):
    list_display = ["comment", "organisation", "owner", "due_on", "updated_at"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation", "owner", "comment__letter"]


@admin.register(Draft)
class DraftAdmin(_HistoryAdmin):
    list_display = ["comment", "organisation", "status", "revision", "written_by", "approved_by", "updated_at"]
    list_filter = ["status", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation", "written_by", "approved_by", "comment__letter"]
    search_fields = ["text"]


@admin.register(Note)
class NoteAdmin(_OrganisationRows, admin.ModelAdmin):
    list_display = ["comment", "organisation", "author", "created_at"]
    list_select_related = ["organisation", "author", "comment__letter"]
    search_fields = ["text"]


@admin.register(Extension)
class ExtensionAdmin(_HistoryAdmin):
    list_display = ["staff_letter", "organisation", "until", "days", "business_days", "entered_by", "entered_on"]
    list_select_related = ["organisation", "entered_by", "staff_letter__company"]


@admin.register(FilerStatus)
class FilerStatusAdmin(_HistoryAdmin):
    list_display = ["company", "organisation", "category", "well_known_seasoned_issuer", "updated_at"]
    list_select_related = ["organisation", "company"]


@admin.register(ResponseLetter)
class ResponseLetterAdmin(_HistoryAdmin):
    list_display = ["staff_letter", "organisation", "status", "filed_letter", "filed_on", "updated_at"]
    list_filter = ["status", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation", "staff_letter__company", "filed_letter"]
