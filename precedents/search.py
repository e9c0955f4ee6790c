"""Precedent search: for a staff comment (or a text), the most similar comments other companies got, how
they answered, and how it ended.

Two rankings of the same candidate comments, fused by reciprocal rank (precedents.retrieval), both from
the active model version's index loaded in this process (precedents.store):
- lexical: BM25 over each comment's heading and text (precedents.lexical);
- dense: the comments' TF-IDF/SVD vectors, exact cosine search.
This is the system bench/RESULTS-precedents.md measured and chose; it also says why the lexical side is not
the database's full-text index (PostgreSQL's ts_rank has no idf and ranks these long queries far worse).
Before the first version is indexed (manage.py precedents_index) BM25 over the candidates is used alone.

The candidates are the comments of the letters the caller passes, which entry points take from the
visibility selectors (comments.selectors), narrowed by the filters: a private letter's comments can only
be found by those who may see the letter. The number of queries does not depend on the limit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Exists, F, OuterRef, QuerySet

from comments.models import CompanyResponse, Letter, StaffComment
from comments.selectors import topic_taxonomy
from precedents.indexing import comment_query_document
from precedents.lexical import BM25Index
from precedents.models import PrecedentModel
from precedents.retrieval import FUSION_DEPTH, RRF_K, reciprocal_rank_fusion
from precedents.rows import IdSet
from precedents.selectors import precedent_model_active
from precedents.store import embedder_of, precedent_index_of
from precedents.text import PrecedentQueryError, comment_document, query_validate

MAX_LIMIT = 50
# How much deeper than it must an index is first read without the filters (see _indexed).
OVERSAMPLE = 4
EXCERPT_CHARS = 400


class Outcome:
    RESOLVED = "resolved"
    REISSUED = "reissued"
    OPEN = "open"
    LABELS = {
        RESOLVED: "Resolved in that round",
        REISSUED: "Reissued in the next round",
        OPEN: "Review still open",
    }


@dataclass(frozen=True)
class PrecedentFilters:
    topic: str | None = None
    form: str | None = None  # the form under review (10-K, S-1, …)
    year_from: int | None = None
    year_to: int | None = None
    exclude_company_id: int | None = None
    resolved_in_one_round: bool = False


@dataclass
class PrecedentHit:
    rank: int
    score: float
    comment: StaffComment  # with letter, letter.company and letter.review
    answer: CompanyResponse | None  # the first answer the caller may see, with its letter
    outcome: str

    @property
    def outcome_label(self) -> str:
        return Outcome.LABELS[self.outcome]

    @property
    def rounds(self) -> int | None:
        review = self.comment.letter.review
        return review.rounds if review is not None else None

    @property
    def answer_excerpt(self) -> str:
        if self.answer is None:
            return ""
        text = " ".join(self.answer.text.split())
        return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


@dataclass
class PrecedentResults:
    query: str
    model_key: str | None  # the dense model version used; None: lexical only (no version is active yet)
    hits: list[PrecedentHit] = field(default_factory=list)

    def starting_answers(self, *, company_id: int | None, limit: int = 3) -> list[PrecedentHit]:
        """The best-matching answers of other companies that the staff accepted (resolved in that round):
        what a team drafting its own answer may start from."""
        accepted = [
            h
            for h in self.hits
            if h.answer is not None and h.outcome == Outcome.RESOLVED and h.comment.letter.company_id != company_id
        ]
        return accepted[:limit]


def _outcome(comment: StaffComment) -> str:
    if comment.status == StaffComment.Status.REISSUED:
        return Outcome.REISSUED
    if comment.status == StaffComment.Status.RESOLVED:
        return Outcome.RESOLVED
    return Outcome.OPEN


def precedent_filters_validate(filters: PrecedentFilters) -> None:
    if filters.topic is not None and filters.topic not in topic_taxonomy():
        raise PrecedentQueryError(f"'{filters.topic}' is not a topic; use one of: {', '.join(topic_taxonomy())}")
    if filters.year_from is not None and filters.year_to is not None and filters.year_from > filters.year_to:
        raise PrecedentQueryError("year_from is after year_to")


def _candidates(*, letters: QuerySet[Letter], filters: PrecedentFilters, exclude: StaffComment | None) -> QuerySet[StaffComment]:
    # A correlated EXISTS, not `letter__in`: SQLite would otherwise loop over every visible letter to check a
    # few hundred hits (1 s at 10,000 letters); both databases answer this from the primary key.
    comments = StaffComment.objects.filter(Exists(letters.filter(pk=OuterRef("letter_id"))), in_latest_parse=True)
    if filters.topic:
        # JSON containment is PostgreSQL-only; the quoted topic in the JSON text matches on both databases.
        comments = comments.filter(topics__icontains=f'"{filters.topic}"')
    if filters.form:
        comments = comments.filter(letter__review__subject_form__iexact=filters.form)
    if filters.year_from is not None:
        comments = comments.filter(letter__letter_date__year__gte=filters.year_from)
    if filters.year_to is not None:
        comments = comments.filter(letter__letter_date__year__lte=filters.year_to)
    if filters.exclude_company_id is not None:
        comments = comments.exclude(letter__company_id=filters.exclude_company_id)
    if filters.resolved_in_one_round:
        comments = comments.filter(status=StaffComment.Status.RESOLVED, reissues__isnull=True)
    if exclude is not None:
        # A precedent comes from another review: the query's own review (or, outside one, its letter) is left out.
        own = Letter.objects.filter(review_id=exclude.letter.review_id) if exclude.letter.review_id else None
        comments = comments.exclude(letter__in=own) if own is not None else comments.exclude(letter_id=exclude.letter_id)
    return comments


def _unindexed_lexical(candidates: QuerySet[StaffComment], text: str, depth: int) -> list[int]:
    """Before the first model version is indexed: BM25 over the candidates read now (one query, and
    linear in the corpus: fine for a new installation, which is the only place this runs)."""
    lexical = BM25Index()
    rows = list(candidates.order_by("pk").values_list("pk", "heading", "text"))
    lexical.add([pk for pk, _, _ in rows], [comment_document(heading=h, text=t) for _, h, t in rows])
    return [cast(int, cid) for cid, _ in lexical.search(text, depth)]


def _indexed(model: PrecedentModel, candidates: QuerySet[StaffComment], text: str, depth: int) -> list[list[int]]:
    """The BM25 and the dense rankings of the candidates, from the version's loaded index.

    Each index is first read unfiltered, OVERSAMPLE times deeper, and its hits kept if the candidates hold
    them (one query): the same ranking as a filtered search whenever that leaves `depth` of them or the
    index had no more, without reading every candidate's id. Else (a narrow filter) the filtered search."""
    loaded = precedent_index_of(model)
    vector = embedder_of(model).embed([text])[0]
    searches: list[Callable[[int, IdSet | None], list[tuple[Any, float]]]] = [
        lambda k, allowed: loaded.lexical.search(text, k, allowed)
    ]
    if vector.any():  # else no word the model knows: every comment would tie
        searches.append(lambda k, allowed: loaded.vectors.search(vector, k, allowed))
    wide = depth * OVERSAMPLE
    unfiltered = [[cast(int, cid) for cid, _ in search(wide, None)] for search in searches]
    found = {cid for ranking in unfiltered for cid in ranking}
    kept = set(candidates.filter(pk__in=found).order_by().values_list("pk", flat=True)) if found else set()
    rankings = [[cid for cid in ranking if cid in kept][:depth] for ranking in unfiltered]
    if all(len(r) >= depth or len(u) < wide for r, u in zip(rankings, unfiltered, strict=True)):
        return rankings
    allowed = IdSet(candidates.order_by().values_list("pk", flat=True))
    return [[cast(int, cid) for cid, _ in search(depth, allowed)] for search in searches]


def _hydrate(ids: list[int], scores: dict[int, float], letters: QuerySet[Letter]) -> list[PrecedentHit]:
    comments = StaffComment.objects.filter(pk__in=ids).select_related("letter__company", "letter__review")
    by_id = {c.pk: c for c in comments}
    answers: dict[int, CompanyResponse] = {}
    visible_answers = CompanyResponse.objects.filter(comment_id__in=ids).filter(Exists(letters.filter(pk=OuterRef("letter_id"))))
    visible_answers = visible_answers.select_related("letter")
    for answer in visible_answers.order_by(F("letter__letter_date").asc(nulls_last=True), "pk"):
        answers.setdefault(cast(int, answer.comment_id), answer)
    hits: list[PrecedentHit] = []
    for cid in ids:
        comment = by_id.get(cid)
        if comment is not None:
            hits.append(PrecedentHit(len(hits) + 1, scores[cid], comment, answers.get(cid), _outcome(comment)))
    return hits


def precedents_search(
    *,
    letters: QuerySet[Letter],
    text: str | None = None,
    comment: StaffComment | None = None,
    limit: int = 10,
    filters: PrecedentFilters | None = None,
) -> PrecedentResults:
    """The `limit` comments most like the text (or the comment, outside its own review), among the comments
    of `letters` (what the caller may see: take it from the visibility selectors) that pass the filters.
    PrecedentQueryError (a message for the user) for an empty or oversized text, a bad limit or filter."""
    filters = filters or PrecedentFilters()
    if (text is None) == (comment is None):
        raise PrecedentQueryError("search with a comment or with a text, not both")
    if not 1 <= limit <= MAX_LIMIT:
        raise PrecedentQueryError(f"the limit must be between 1 and {MAX_LIMIT}, not {limit}")
    precedent_filters_validate(filters)
    query = query_validate(comment_query_document(comment) if comment is not None else text)
    candidates = _candidates(letters=letters, filters=filters, exclude=comment)
    depth = max(FUSION_DEPTH, limit)
    model = precedent_model_active()
    rankings = _indexed(model, candidates, query, depth) if model is not None else [_unindexed_lexical(candidates, query, depth)]
    fused = reciprocal_rank_fusion(rankings, k=RRF_K)[:limit]
    scores = {cast(int, cid): score for cid, score in fused}
    return PrecedentResults(query=query, model_key=model.key if model else None, hits=_hydrate(list(scores), scores, letters))
