"""What the dashboard shows a signed-in user, one entry of the context per panel:

- the open reviews of their organisations, with how many comments are due soon and overdue, and those
  comments (workflow.selectors.comments_due: owners, due dates with extensions, drafts);
- new letters of the companies their organisations watch;
- their saved searches;
- review metrics as charts (reviews and days to close by year, topic and form), over the reviews they
  may see, kept for a few minutes since they read every review;
- the most recent letters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.db.models import F
from django.utils import timezone

from comments import selectors
from comments.labels import topic_label
from comments.models import Review
from comments.review_selectors import MetricsRow, review_metrics_grouped, reviews_visible_to
from comments.services.deadlines import DueState
from teams.models import Organisation, WatchedCompany
from teams.selectors import is_superuser, organisations_of
from web.charts import bar_chart, column_chart
from web.saved_searches import saved_searches_of
from workflow import selectors as workflow_selectors

RECENT_LETTERS = 15
WATCHLIST_LETTERS = 15
WATCHLIST_NEW_DAYS = 30
DUE_SHOWN = 25
CHART_GROUPS = 12
METRICS_CACHE_SECONDS = 600
_PRESSING = (DueState.OVERDUE, DueState.DUE_SOON)


@dataclass
class OpenReview:
    review: Review
    due_soon: int
    overdue: int


@dataclass
class DueComment:
    organisation: Organisation
    due: Any  # workflow.selectors.CommentDue
    state_label: str


def _due(organisations: list[Organisation]) -> list[DueComment]:
    rows = []
    for organisation in organisations:
        for due in workflow_selectors.comments_due(organisation=organisation):
            if due.state in _PRESSING:
                rows.append(DueComment(organisation, due, DueState(due.state).label))
    # Overdue first, then by date: what needs doing first is on top.
    rows.sort(key=lambda row: (row.due.state != DueState.OVERDUE, row.due.due_on or timezone.localdate(), row.due.comment.pk))
    return rows


def _open_reviews(user: AbstractBaseUser, organisations: list[Organisation], due: list[DueComment]) -> list[OpenReview]:
    reviews = (
        reviews_visible_to(user=user, reviews=Review.objects.filter(organisation__in=organisations))
        .filter(status__in=[Review.Status.AWAITING_COMPANY, Review.Status.AWAITING_STAFF])
        .select_related("company")
        .order_by(F("opened_on").desc(nulls_last=True), "-pk")
    )
    counts: dict[int | None, dict[str, int]] = {}
    for row in due:
        tally = counts.setdefault(row.due.comment.letter.review_id, {DueState.OVERDUE: 0, DueState.DUE_SOON: 0})
        tally[row.due.state] += 1
    return [
        OpenReview(
            review, counts.get(review.pk, {}).get(DueState.DUE_SOON, 0), counts.get(review.pk, {}).get(DueState.OVERDUE, 0)
        )
        for review in reviews
    ]


def _watchlist_letters(user: AbstractBaseUser, organisations: list[Organisation]) -> list:
    watched = WatchedCompany.objects.filter(organisation__in=organisations).values("company_id")
    since = timezone.now() - timedelta(days=WATCHLIST_NEW_DAYS)
    letters = selectors.letters_visible_to(user=user, letters=selectors.letter_list())
    return list(letters.filter(company_id__in=watched, created_at__gte=since).order_by("-created_at", "-pk")[:WATCHLIST_LETTERS])


def _chart_rows(rows: list[MetricsRow], *, by: str) -> list[dict[str, Any]]:
    out = [
        {
            "group": topic_label(row.group) if by == "topic" and not row.group.startswith("(") else row.group,
            "reviews": row.reviews,
            "days_mean": row.days_to_close_mean,
            "days_median": row.days_to_close_median,
        }
        for row in rows
    ]
    if by == "year":
        return sorted(out, key=lambda row: row["group"])
    return out[:CHART_GROUPS]  # review_metrics puts the largest groups first


def metrics_panels(*, user: AbstractBaseUser) -> list[dict[str, Any]]:
    """The dashboard's charts, each with its table; worked out once per user every few minutes."""
    key = f"web:dashboard-metrics:{'all' if is_superuser(user) else user.pk}:{timezone.localdate().isoformat()}"
    panels = cache.get(key)
    if panels is not None:
        return panels
    titles = {"year": "by year", "topic": "by topic", "form": "by form under review"}
    grouped = review_metrics_grouped(reviews=reviews_visible_to(user=user), groups=titles)
    panels = []
    for by, title in titles.items():
        rows = _chart_rows(grouped[by], by=by)
        closed = [(row["group"], row["days_mean"]) for row in rows if row["days_mean"] is not None]
        counts = [(row["group"], row["reviews"]) for row in rows]
        if by == "year":
            charts = [column_chart(counts, title=f"Reviews {title}"), column_chart(closed, title=f"Mean days to close {title}")]
        else:
            charts = [bar_chart(counts, title=f"Reviews {title}"), bar_chart(closed, title=f"Mean days to close {title}")]
        charts = [(f"{by}-reviews", charts[0]), (f"{by}-days", charts[1])]
        panels.append({"by": by, "title": title, "rows": rows, "charts": charts, "horizontal": by != "year"})
    cache.set(key, panels, METRICS_CACHE_SECONDS)
    return panels


def dashboard_context(*, user: AbstractBaseUser) -> dict[str, Any]:
    letters = selectors.letters_visible_to(user=user, letters=selectors.letter_list())
    recent = letters.order_by(F("letter_date").desc(nulls_last=True), "-pk")[:RECENT_LETTERS]
    organisations = list(organisations_of(user=user))
    due = _due(organisations)
    return {
        "organisations": organisations,
        "open_reviews": _open_reviews(user, organisations, due),
        "due_comments": due[:DUE_SHOWN],
        "due_total": len(due),
        "watchlist_letters": _watchlist_letters(user, organisations) if organisations else [],
        "watchlist_days": WATCHLIST_NEW_DAYS,
        "saved_searches": list(saved_searches_of(user=user)),
        "metrics": metrics_panels(user=user),
        "recent_letters": list(recent),
    }
