"""Precedent search: for a staff comment (or a text), the most similar comments other companies got, how
they answered, and how it ended.

Two rankings of the same candidate comments, fused by reciprocal rank (precedents.retrieval):
- lexical: the database's full-text index of the comments (comments/search.py: FTS5 on SQLite, the GIN
  index on PostgreSQL), asked for any of the query's words;
- dense: the active model version's vectors (precedents.store), exact cosine search in memory.
Before any model version is active the lexical ranking is used alone.

The candidates are the comments of the letters the caller passes, which entry points take from the
visibility selectors (comments.selectors), narrowed by the filters: a private letter's comments can only
be found by those who may see the letter. The number of queries does not depend on the limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.functions import Cast

from comments.models import CompanyResponse, Letter, StaffComment
from comments.search import FTS_TABLE, KIND_CODES, SEARCH_CONFIG, indexed_vector
from comments.selectors import topic_taxonomy
from precedents.fulltext import distinct, fts5_any, fulltext_words
from precedents.indexing import comment_query_document
from precedents.models import PrecedentModel
from precedents.retrieval import FUSION_DEPTH, RRF_K, reciprocal_rank_fusion
from precedents.selectors import precedent_model_active
from precedents.store import embedder_of, vector_index_of
from precedents.text import PrecedentQueryError, query_validate

MAX_LIMIT = 50
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
            h for h in self.hits if h.answer is not None and h.outcome == Outcome.RESOLVED and h.comment.letter.company_id != company_id
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
    comments = StaffComment.objects.filter(letter__in=letters, in_latest_parse=True)
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


def _lexical(candidates: QuerySet[StaffComment], text: str, depth: int) -> list[int]:
    words = fulltext_words(text)
    if not words:
        return []
    if connection.vendor == "sqlite":
        inner, params = candidates.order_by().values("pk").query.sql_with_params()
        code = KIND_CODES["comment"]
        sql = (
            f"SELECT object_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND kind = 'comment' "
            f"AND rowid IN (SELECT U.id * 4 + {code} FROM ({inner}) U) "
            f"ORDER BY bm25({FTS_TABLE}), object_id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [fts5_any(words), *params, depth])
            return [int(row[0]) for row in cursor.fetchall()]
    if connection.vendor == "postgresql":
        query = reduce(or_, (SearchQuery(w, search_type="plain", config=SEARCH_CONFIG) for w in distinct(words)))
        vector = indexed_vector("text")
        # Normalisation 1 divides by 1 + log(length): long comments do not win by length alone.
        rank = Cast(SearchRank(vector, query, normalization=1), output_field=FloatField())
        ranked = candidates.alias(search_vector=vector).filter(search_vector=query).annotate(precedent_rank=rank)
        return list(ranked.order_by(F("precedent_rank").desc(), "pk").values_list("pk", flat=True)[:depth])
    raise NotImplementedError(f"precedent search needs PostgreSQL or SQLite, not {connection.vendor}")


def _dense(model: PrecedentModel, candidates: QuerySet[StaffComment], text: str, depth: int) -> list[int]:
    vector = embedder_of(model).embed([text])[0]
    if not vector.any():
        return []  # no word the model knows: every comment would tie
    index = vector_index_of(model)
    allowed = set(candidates.values_list("pk", flat=True))
    return [int(cid) for cid, _ in index.search(vector, depth, allowed)]


def _hydrate(ids: list[int], scores: dict[int, float], letters: QuerySet[Letter]) -> list[PrecedentHit]:
    comments = StaffComment.objects.filter(pk__in=ids).select_related("letter__company", "letter__review")
    by_id = {c.pk: c for c in comments}
    answers: dict[int, CompanyResponse] = {}
    visible_answers = CompanyResponse.objects.filter(comment_id__in=ids, letter__in=letters).select_related("letter")
    for answer in visible_answers.order_by(F("letter__letter_date").asc(nulls_last=True), "pk"):
        answers.setdefault(answer.comment_id, answer)
    hits = []
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
    rankings = [_lexical(candidates, query, depth)]
    if model is not None:
        rankings.append(_dense(model, candidates, query, depth))
    fused = reciprocal_rank_fusion(rankings, k=RRF_K)[:limit]
    scores = {cid: score for cid, score in fused}
    return PrecedentResults(query=query, model_key=model.key if model else None, hits=_hydrate(list(scores), scores, letters))
