"""The admin for staff comments, narrowed like letters (letters_visible_to)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from comments import selectors
from comments.labels import topics_text
from comments.models import Letter, StaffComment
from config.admin_display import EMPTY, TitledChangeForm, day, export_selected_as_csv, shortened, text_block


def letter_link(letter: Letter) -> str:
    label = f"{letter.get_kind_display() or letter.form_type} of {day(letter.letter_date)}"
    return format_html('<a href="{}">{}</a>', reverse("admin:comments_letter_change", args=[letter.pk]), label)


@admin.register(StaffComment)
class StaffCommentAdmin(TitledChangeForm, admin.ModelAdmin):
    read_only_page = True
    list_display = ["comment_label", "letter_label", "heading_shortened", "topic_list", "status"]
    list_filter = ["status", "in_latest_parse"]
    list_select_related = ["letter__company"]
    search_fields = ["text", "heading"]
    actions = [export_selected_as_csv]
    export_fields = ["comment_label", "letter_label", "heading", "topic_list", "status", "text"]
    fields = ["letter_link", "number", "heading", "page", "topic_list", "status", "reissues", "in_latest_parse", "text_shown"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the parser writes them

    def get_queryset(self, request: HttpRequest) -> QuerySet[StaffComment]:
        return super().get_queryset(request).filter(letter__in=selectors.letters_visible_to(user=request.user))

    def title_for(self, comment: StaffComment) -> str:
        letter = comment.letter
        return f"Comment {comment.number} of the staff letter of {day(letter.letter_date)}, {letter.company.name or letter.company.cik}"

    @admin.display(description="comment", ordering="number")
    def comment_label(self, comment: StaffComment) -> str:
        return f"Comment {comment.number}"

    @admin.display(description="letter")
    def letter_label(self, comment: StaffComment) -> str:
        letter = comment.letter
        return shortened(f"{letter.company.name or letter.company.cik}, {day(letter.letter_date)}", 48)

    @admin.display(description="letter")
    def letter_link(self, comment: StaffComment) -> str:
        return letter_link(comment.letter)

    @admin.display(description="heading")
    def heading_shortened(self, comment: StaffComment) -> str:
        return shortened(comment.heading, 50)

    @admin.display(description="topics")
    def topic_list(self, comment: StaffComment) -> str:
        return topics_text(comment.topics) or EMPTY

    @admin.display(description="text")
    def text_shown(self, comment: StaffComment) -> str:
        return text_block(comment.text)
