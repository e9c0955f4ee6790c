"""Template filters: show people words, not stored slugs."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from comments.labels import topic_label
from comments.search import snippet_html

register = template.Library()


@register.filter
def topic_labels(topics: list[str] | None) -> str:
    return ", ".join(topic_label(topic) for topic in topics or []) or "—"


@register.filter
def filesize(size: int | None) -> str:
    if not size:
        return "—"
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return str(size)


@register.filter
def snippet(raw: str | None) -> SafeString:
    """A search snippet: the letter's words escaped, only our own <mark> around the matches."""
    return snippet_html(raw)
