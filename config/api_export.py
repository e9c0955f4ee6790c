"""CSV and XLSX export of any list of the API: `?format=csv` or `?format=xlsx`, or the Accept header.

An export is the list itself (the same queryset, so the same visibility and filters, and the same
ordering) with every matching row up to API_EXPORT_MAX_ROWS instead of one page. Nested objects become
dotted columns (`company.cik`); lists become one cell with "; " between items.

A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula,
and letter text and file names come from filers: such a cell gets a leading apostrophe, which
spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from rest_framework import serializers, viewsets
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from config.api_pagination import EXPORT_FORMATS

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell value no spreadsheet will run: text that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportTable:
    columns: list[str]
    rows: list[list[Any]]


def _columns(serializer: serializers.Serializer, prefix: str = "") -> list[str]:
    columns: list[str] = []
    for name, field in serializer.fields.items():
        if isinstance(field, serializers.Serializer):
            columns.extend(_columns(field, f"{prefix}{name}."))
        else:
            columns.append(prefix + name)
    return columns


def _flatten(data: Any, prefix: str = "", into: dict[str, Any] | None = None) -> dict[str, Any]:
    into = {} if into is None else into
    for name, value in data.items():
        if isinstance(value, dict):
            _flatten(value, f"{prefix}{name}.", into)
        elif isinstance(value, list):
            into[prefix + name] = "; ".join(str(item) for item in value)
        else:
            into[prefix + name] = value
    return into


def export_table(*, serializer: serializers.ListSerializer) -> ExportTable:
    columns = _columns(serializer.child)
    rows = []
    for item in serializer.data:
        flat = _flatten(item)
        rows.append([spreadsheet_safe(flat.get(column)) for column in columns])
    return ExportTable(columns=columns, rows=rows)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(data.columns)
        writer.writerows(["" if cell is None else cell for cell in row] for row in data.rows)
        # A byte-order mark, so Excel reads the file as UTF-8 and not in the machine's code page.
        return ("\ufeff" + out.getvalue()).encode("utf-8")


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: dict | None = None) -> bytes:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("export")
        sheet.append(data.columns)
        for row in data.rows:
            # openpyxl refuses control characters, which a hostile file name may carry.
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


# For a list ViewSet paginated by KeysetCursorPagination; `export_name` names the file. (No docstring:
# the schema would show it as the description of every endpoint.)
class ExportMixin:
    export_formats = EXPORT_FORMATS
    export_name = "export"

    def get_renderers(self) -> list[BaseRenderer]:
        renderers = super().get_renderers()  # type: ignore[misc]
        if getattr(self, "action", None) == "list":
            renderers += [CSVRenderer(), XLSXRenderer()]
        return renderers

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        fmt = request.accepted_renderer.format
        if fmt not in self.export_formats:
            return super().list(request, *args, **kwargs)  # type: ignore[misc]
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        queryset = self.paginator.order_queryset(request, queryset, self)  # type: ignore[attr-defined]
        limit = settings.API_EXPORT_MAX_ROWS
        rows = list(queryset[: limit + 1])
        table = export_table(serializer=self.get_serializer(rows[:limit], many=True))  # type: ignore[attr-defined]
        headers = {
            "Content-Disposition": f'attachment; filename="{self.export_name}.{fmt}"',
            "X-Export-Rows": str(len(table.rows)),
        }
        if len(rows) > limit:
            headers["X-Export-Truncated"] = f"only the first {limit} rows; narrow the filters for the rest"
        return Response(table, headers=headers)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        # An error is a JSON body, whatever file was asked for.
        if (
            response.status_code >= 400
            and getattr(getattr(request, "accepted_renderer", None), "format", None) in self.export_formats
        ):
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


# The base of every read-only resource: list (a page, or an export) and detail. (A comment, not a
# docstring: the schema would take a docstring as every subclass's description.)
class ReadOnlyExportViewSet(ExportMixin, viewsets.ReadOnlyModelViewSet):
    pass
