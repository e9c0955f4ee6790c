"""How every admin page shows things: long text shortened with the whole of it on hover, dates as dates,
and "Export selected as CSV".

Everything from filers (letter text, company and file names) goes through format_html or escape; nothing
here marks such text safe.
"""

from __future__ import annotations

import csv
import html
from datetime import date, datetime

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeData
from django.utils.text import Truncator, capfirst, slugify

from config.api_export import spreadsheet_safe

# What the admin shows for "nothing" everywhere (Django's own empty value, so the columns agree).
EMPTY = "-"
# For inlines whose rows are read, not edited (templates in filings/templates/admin/edit_inline/).
READ_ONLY_TABULAR = "admin/edit_inline/read_only_tabular.html"


class TitledChangeForm:
    """A change page headed (and its breadcrumb and browser tab named) in words from `title_for`, rather than
    by the model's str(), which may carry an ISO date or a slug. A `read_only_page` (every field derived, as on
    a letter or a review) offers no Save buttons that could save nothing."""

    change_form_template = "admin/titled_change_form.html"
    read_only_page = False

    def title_for(self, obj: Model) -> str:
        return str(obj)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Model | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context["subtitle"] = self.title_for(obj)
        if self.read_only_page:
            context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)  # type: ignore[misc]


def shortened(text: str | None, length: int = 60) -> str:
    """At most `length` characters, and the whole text as the title a pointer or screen reader shows."""
    text = " ".join((text or "").split())
    if not text:
        return EMPTY
    short = Truncator(text).chars(length)
    if short == text:
        return format_html("{}", text)
    return format_html('<span title="{}">{}</span>', text, short)


def text_block(text: str | None) -> str:
    """Long text (a letter, a document) escaped, in a box of its own that scrolls, with the keyboard too."""
    if not text:
        return EMPTY
    return format_html(
        '<pre class="text-block" tabindex="0" style="white-space: pre-wrap; max-width: 60em; max-height: 36em; '
        'overflow: auto; margin: 0; padding: 8px; border: 1px solid var(--hairline-color); font-size: 13px">{}</pre>',
        text,
    )


def day(value: date | datetime | None) -> str:
    if value is None:
        return EMPTY
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    return date_format(value)


def _cell(model_admin: admin.ModelAdmin, obj: Model, name: str) -> object:
    field, _, value = lookup_field(name, obj, model_admin)
    if field is not None and field.flatchoices:
        value = dict(field.flatchoices).get(value, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "all"):  # a many-to-many manager
        return ", ".join(str(v) for v in value.all())
    if isinstance(value, SafeData):
        # A display method's HTML: the words in it, never the markup.
        return html.unescape(strip_tags(str(value)))
    return value if isinstance(value, int | float) else str(value)


@admin.action(description="Export selected as CSV", permissions=["view"])
def export_selected_as_csv(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    """The selected rows, with the admin's `export_fields` (else its columns) in words; a cell a spreadsheet
    would run as a formula is made text. The rows come from the changelist, so they are the ones this user
    may see."""
    names = [
        n
        for n in (getattr(model_admin, "export_fields", None) or model_admin.get_list_display(request))
        if n != "action_checkbox"
    ]
    opts = model_admin.model._meta
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(opts.verbose_name_plural)}.csv"'
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    writer.writerow([capfirst(" ".join(str(label_for_field(n, model_admin.model, model_admin)).split())) for n in names])
    for obj in queryset:
        writer.writerow([spreadsheet_safe(_cell(model_admin, obj, n)) for n in names])
    return response
