"""Reads over reviews: each review's derived figures, and the metrics over many, grouped.

The admin, the `reviews` command, the API and the pages all read reviews through here. Visibility follows
the letters' rule: a review is seen by whoever may see one of its letters.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from comments.models import Letter, Review
from comments.review_threading import form_family
from comments.selectors import letters_visible_to
from filings.business_days import business_days_add, business_days_between

# EDGAR publishes correspondence no earlier than this many business days after the review closes.
RELEASE_AFTER_BUSINESS_DAYS = 20


def reviews_visible_to(*, user: AbstractBaseUser | AnonymousUser, reviews: QuerySet[Review] | None = None) -> QuerySet[Review]:
    reviews = Review.objects.all() if reviews is None else reviews
    visible = letters_visible_to(user=user).filter(review=OuterRef("pk"))
    return reviews.filter(Exists(visible))


def review_timeline() -> QuerySet[Review]:
    """Reviews with their letters in date order, each letter's filing and the letter it answers."""
    letters = Letter.objects.select_related("filing", "responds_to").order_by("letter_date", "pk")
    return Review.objects.select_related("company", "subject_filing").prefetch_related(Prefetch("letters", queryset=letters))


@dataclass(frozen=True)
class ResponseLag:
    letter_id: int
    answers_letter_id: int
    days: int
    business_days: int


@dataclass
class ReviewFigures:
    review: Review
    letters: int
    days_open: int | None
    response_lags: list[ResponseLag]
    topics: list[str]
    estimated_release_on: date | None


def review_figures(review: Review, *, today: date | None = None) -> ReviewFigures:
    """A review's figures from its (prefetched) letters. Open reviews count their days up to today."""
    today = today or timezone.localdate()
    letters = list(review.letters.all())
    if review.status == Review.Status.NO_REVIEW:
        end = None
    elif review.status == Review.Status.CLOSED:
        # Closed without its closing letter on EDGAR: it lasted at least until its last letter.
        end = review.closed_on or max((letter.letter_date for letter in letters if letter.letter_date), default=None)
    else:
        end = today
    days_open = (end - review.opened_on).days if review.opened_on and end else None
    release = business_days_add(review.closed_on, RELEASE_AFTER_BUSINESS_DAYS) if review.closed_on else None
    return ReviewFigures(
        review=review,
        letters=len(letters),
        days_open=days_open,
        response_lags=response_lags(letters),
        topics=staff_topics(letters),
        estimated_release_on=release,
    )


def response_lags(letters: list[Letter]) -> list[ResponseLag]:
    """How long each company response took to answer the staff letter of `letters` it answers."""
    by_pk = {letter.pk: letter for letter in letters}
    lags = []
    for letter in letters:
        answered = by_pk.get(letter.responds_to_id) if letter.responds_to_id else None
        if letter.kind != Letter.Kind.COMPANY_RESPONSE or not answered or not answered.letter_date:
            continue
        sent = _response_sent_on(letter, answered.letter_date)
        if sent is not None:
            lags.append(
                ResponseLag(
                    letter_id=letter.pk,
                    answers_letter_id=answered.pk,
                    days=(sent - answered.letter_date).days,
                    business_days=business_days_between(answered.letter_date, sent),
                )
            )
    return lags


def staff_topics(letters: list[Letter]) -> list[str]:
    """The topics of the staff letters, each once, in the order the letters raise them."""
    topics: list[str] = []
    for letter in letters:
        if letter.direction == Letter.Direction.STAFF:  # not is_staff_letter: a migration's models lack it
            topics += [t for t in letter.topics if t not in topics]
    return topics


def _response_sent_on(response: Letter, answered_on: date) -> date | None:
    """When a response went to the staff. A date before the letter it answers cannot be when it was sent (an
    undated letter whose date was read from elsewhere, such as the period in its Re: block): its EDGAR filing
    date stands in, and with neither the lag is not measured."""
    if response.letter_date is not None and response.letter_date >= answered_on:
        return response.letter_date
    filed = response.filing.filing_date if response.filing_id and response.filing else None
    return filed if filed is not None and filed >= answered_on else None


@dataclass
class MetricsRow:
    group: str
    reviews: int = 0
    rounds_mean: float = 0.0
    days_to_close_mean: float | None = None
    days_to_close_median: float | None = None
    response_lag_days_mean: float | None = None
    response_lag_business_days_mean: float | None = None
    comments_per_review: float = 0.0
    letters_per_review: float = 0.0  # staff and company letters, the published "letters per conversation"
    resolved_in_one_round: float | None = None  # share of closed reviews
    resolved_in_two_rounds: float | None = None  # share of closed reviews, one or two rounds
    _reviews: list[_MetricsFacts] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class _MetricsFacts:
    """What the metrics read of one review: its row's stored figures, no letter."""

    company: str
    form: str
    year: str
    office: str
    topics: list[str]
    rounds: int
    comments: int
    letters: int
    closed: bool  # its closing letter is on EDGAR
    days_to_close: int | None
    lags: list[list[int]]


_GROUPS: dict[str, Callable[[_MetricsFacts], Iterable[str]]] = {
    "all": lambda f: ["all reviews"],
    "company": lambda f: [f.company],
    "topic": lambda f: f.topics or ["(none)"],
    "form": lambda f: [f.form],
    "year": lambda f: [f.year],
    "office": lambda f: [f.office or "(not printed)"],
}
METRIC_GROUPS = tuple(_GROUPS)


def _form_label(form: str) -> str:
    family = form_family(form)
    return {"annual": "10-K / 20-F", "registration": "registration statement", "proxy": "proxy"}.get(
        family, family or "(unknown)"
    )


def _mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


_METRICS_COLUMNS = (
    "company__name",
    "company__cik",
    "subject_form",
    "opened_on",
    "closed_on",
    "status",
    "staff_office",
    "topics",
    "rounds",
    "comment_count",
    "letter_count",
    "response_lags",
)


def _metrics_facts(row: tuple) -> _MetricsFacts:
    name, cik, form, opened, closed, status, office, topics, rounds, comments, letters, lags = row
    lasted = status == Review.Status.CLOSED and opened is not None and closed is not None
    return _MetricsFacts(
        company=name or str(cik),
        form=_form_label(form),
        year=str(opened.year) if opened else "(undated)",
        office=office,
        topics=topics or [],
        rounds=rounds,
        comments=comments,
        letters=letters,
        closed=closed is not None,
        days_to_close=(closed - opened).days if lasted else None,
        lags=lags or [],
    )


def review_metrics(*, reviews: QuerySet[Review], by: str) -> list[MetricsRow]:
    """Metrics of comment reviews (at least one staff comment letter), grouped by company, topic, form,
    year or staff office; a review with several topics counts under each."""
    return review_metrics_grouped(reviews=reviews, groups=[by])[by]


def review_metrics_grouped(*, reviews: QuerySet[Review], groups: Iterable[str]) -> dict[str, list[MetricsRow]]:
    """review_metrics for several groupings at once, in one query over the review rows' stored figures."""
    groups = list(groups)
    unknown = [by for by in groups if by not in _GROUPS]
    if unknown:
        raise ValueError(f"group by one of {', '.join(METRIC_GROUPS)}, not {unknown[0]!r}")
    rows: dict[str, dict[str, MetricsRow]] = {by: defaultdict(lambda: MetricsRow(group="")) for by in groups}
    facts = Review.objects.filter(pk__in=reviews.values("pk"), rounds__gt=0).order_by().values_list(*_METRICS_COLUMNS)
    for one in map(_metrics_facts, facts.iterator(chunk_size=5000)):
        for by in groups:
            for key in _GROUPS[by](one):
                row = rows[by][key]
                row.group = key
                row._reviews.append(one)
    return {by: sorted((_row_figures(row) for row in rows[by].values()), key=lambda r: (-r.reviews, r.group)) for by in groups}


def _row_figures(row: MetricsRow) -> MetricsRow:
    reviews = row._reviews
    closed = [f for f in reviews if f.closed]
    row.reviews = len(reviews)
    row.rounds_mean = round(statistics.fmean(f.rounds for f in reviews), 2)
    to_close = [float(f.days_to_close) for f in closed if f.days_to_close is not None]
    row.days_to_close_mean = _mean(to_close)
    row.days_to_close_median = statistics.median(to_close) if to_close else None
    lags = [lag for f in reviews for lag in f.lags]
    row.response_lag_days_mean = _mean([float(days) for days, _ in lags])
    row.response_lag_business_days_mean = _mean([float(business) for _, business in lags])
    row.comments_per_review = round(statistics.fmean(f.comments for f in reviews), 1)
    row.letters_per_review = round(statistics.fmean(f.letters for f in reviews), 2)
    if closed:
        row.resolved_in_one_round = round(sum(f.rounds <= 1 for f in closed) / len(closed), 3)
        row.resolved_in_two_rounds = round(sum(f.rounds <= 2 for f in closed) / len(closed), 3)
    row._reviews = []  # the figures are summed up; a cached row need not carry them
    return row
