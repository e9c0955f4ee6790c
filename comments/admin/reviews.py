"""The admin for reviews, and the reviews on a company's page.

Reviews are derived by threading: nothing here edits one; "re-thread" builds them again. Every queryset is
narrowed by review_selectors.reviews_visible_to (letters by letters_visible_to), so an organisation's admin
sees its own private reviews and the public ones. `filings` never imports `comments`, so the company page's
reviews and its re-thread action are added here, to filings' CompanyAdmin.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from comments import review_selectors, selectors
from comments.labels import topic_label, topics_text
from comments.models import Letter, Review
from comments.services import reviews_thread_all
from config.admin_display import EMPTY, READ_ONLY_TABULAR, TitledChangeForm, day, export_selected_as_csv, shortened
from filings.admin import CompanyAdmin
from filings.models import Company


def review_subject(review: Review) -> str:
    """ "10-K for the period ended Dec. 31, 2023"; the form alone when the letters name no period."""
    subject = review.subject_form or "Filing not named"
    if review.subject_period_end:
        subject += f" for the period ended {day(review.subject_period_end)}"
    return subject


class ReviewLetterInline(admin.TabularInline):
    template = READ_ONLY_TABULAR
    model = Letter
    fk_name = "review"
    extra = 0
    fields = ["letter_link", "letter_date", "form_type", "review_reason"]
    readonly_fields = fields
    can_delete = False
    ordering = ["letter_date", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Letter]:
        # A public review also holds each organisation's private copies of its letters: only one's own show.
        return selectors.letters_visible_to(user=request.user, letters=super().get_queryset(request)).select_related("company")

    def has_add_permission(self, request: HttpRequest, obj: Review | None = None) -> bool:
        return False  # threading decides which letters a review has

    @admin.display(description="letter")
    def letter_link(self, letter: Letter) -> str:
        label = letter.get_kind_display() or letter.form_type
        if letter.is_private:
            label += " (private)"
        return format_html('<a href="{}">{}</a>', reverse("admin:comments_letter_change", args=[letter.pk]), label)


@admin.register(Review)
class ReviewAdmin(TitledChangeForm, admin.ModelAdmin):
    read_only_page = True
    # Six narrow columns, so the list fits a 1,280-pixel screen beside the filters.
    list_display = ["subject_short", "company_name", "status", "opened_on", "closed_on", "size"]
    list_display_links = ["subject_short"]
    list_filter = ["status", "incomplete", "is_private"]
    search_fields = ["company__name", "company__cik", "subject_form", "subject_file_number"]
    list_select_related = ["company"]
    date_hierarchy = "opened_on"
    inlines = [ReviewLetterInline]
    actions = ["rethread_companies", export_selected_as_csv]
    export_fields = [
        "company__name",
        "subject_form",
        "subject_period_end",
        "subject_file_number",
        "status",
        "rounds",
        "comment_count",
        "opened_on",
        "closed_on",
        "incomplete",
        "is_private",
    ]
    fields = [
        "company",
        "subject",
        "subject_filing",
        "subject_filed",
        "subject_file_number",
        "status",
        "opened_on",
        "closed_on",
        "days_open",
        "estimated_release_on",
        "rounds",
        "comment_count",
        "topic_list",
        "staff_office",
        "incomplete",
        "is_private",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return review_selectors.reviews_visible_to(user=request.user, reviews=super().get_queryset(request))

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Review | None:
        review = super().get_object(request, object_id, from_field)
        if review is not None:
            review.figures = review_selectors.review_figures(review)  # once, for the three fields that read it
        return review

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def title_for(self, review: Review) -> str:
        return f"{review.company.name or review.company.cik}: review of {review_subject(review)}"

    @admin.display(description="review of")
    def subject(self, review: Review) -> str:
        return review_subject(review)

    @admin.display(description="review of", ordering="subject_form")
    def subject_short(self, review: Review) -> str:
        short = review.subject_form or "Filing not named"
        if review.subject_period_end:
            short += f", {day(review.subject_period_end)}"
        return format_html('<span title="{}">{}</span>', review_subject(review), short)

    @admin.display(description="rounds", ordering="rounds")
    def size(self, review: Review) -> str:
        rounds = f"{review.rounds} round" + ("" if review.rounds == 1 else "s")
        return f"{rounds}, {review.comment_count} comment" + ("" if review.comment_count == 1 else "s")

    @admin.display(description="company", ordering="company__name")
    def company_name(self, review: Review) -> str:
        return shortened(review.company.name or f"CIK {review.company.cik}", 40)

    def _figures(self, review: Review) -> review_selectors.ReviewFigures:
        return getattr(review, "figures", None) or review_selectors.review_figures(review)

    @admin.display(description="days open")
    def days_open(self, review: Review) -> str:
        days = self._figures(review).days_open
        return EMPTY if days is None else f"{days} days"

    @admin.display(description="estimated public release")
    def estimated_release_on(self, review: Review) -> str:
        when = self._figures(review).estimated_release_on
        return day(when) if when else "when the review closes"

    @admin.display(description="topics")
    def topic_list(self, review: Review) -> str:
        return topics_text(self._figures(review).topics) or EMPTY

    @admin.action(description="Re-thread the letters of these reviews' companies", permissions=["change"])
    def rethread_companies(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        count = reviews_thread_all(company_ids=queryset.values_list("company_id", flat=True))
        self.message_user(request, f"Re-threaded; those companies now have {count} review(s).", messages.SUCCESS)

    def get_urls(self):  # noqa: ANN201
        metrics = path("metrics/", self.admin_site.admin_view(self.metrics_view), name="comments_review_metrics")
        return [metrics, *super().get_urls()]

    def metrics_view(self, request: HttpRequest) -> HttpResponse:
        by = request.GET.get("by", "year")
        if by not in review_selectors.METRIC_GROUPS:
            by = "year"
        rows = review_selectors.review_metrics(reviews=self.get_queryset(request), by=by)
        if by == "topic":
            for row in rows:
                row.group = topic_label(row.group)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review metrics by {by}",
            "opts": self.model._meta,
            "rows": rows,
            "by": by,
            "groups": review_selectors.METRIC_GROUPS,
        }
        return TemplateResponse(request, "admin/comments/review/metrics.html", context)


class CompanyReviewInline(admin.TabularInline):
    template = READ_ONLY_TABULAR
    model = Review
    extra = 0
    fields = ["review_link", "status", "opened_on", "closed_on", "rounds", "comment_count"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "reviews"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return review_selectors.reviews_visible_to(user=request.user, reviews=super().get_queryset(request))

    def has_add_permission(self, request: HttpRequest, obj: Company | None = None) -> bool:
        return False

    @admin.display(description="review of")
    def review_link(self, review: Review) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:comments_review_change", args=[review.pk]), review_subject(review)
        )


class CompanyWithReviewsAdmin(CompanyAdmin):
    inlines = [*CompanyAdmin.inlines, CompanyReviewInline]
    actions = [*CompanyAdmin.actions, "rethread_selected"]

    @admin.action(description="Re-thread these companies' letters into reviews", permissions=["change"])
    def rethread_selected(self, request: HttpRequest, queryset: QuerySet[Company]) -> None:
        count = reviews_thread_all(company_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"Re-threaded; those companies now have {count} review(s).", messages.SUCCESS)


admin.site.unregister(Company)
admin.site.register(Company, CompanyWithReviewsAdmin)
