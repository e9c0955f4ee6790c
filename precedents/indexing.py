"""Building the dense half of the precedent index: fit a model version, embed comments under it.

- precedent_model_fit: a TF-IDF + SVD model fitted on the public staff comments (a private letter's words
  never shape a model every organisation's searches use), with the centroids of its vector lists; the
  same texts give the same version.
- precedent_reindex: every comment embedded under a version, in batches, with its progress on the
  version's row; then that version is searched and the older ones are dropped.
- letter_comments_index: one letter's comments, after each parse, under every live version.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone

from comments.models import StaffComment
from precedents.models import PrecedentModel, PrecedentVector
from precedents.selectors import precedent_models_indexing_new_comments
from precedents.store import embedder_of, vector_bytes
from precedents.text import comment_document
from precedents.tfidf import TfidfSvdEmbedder, tfidf_model_bytes
from precedents.vectors_ivf import centroids_fit

Progress = Callable[[int, int], None]


def indexed_comments() -> QuerySet[StaffComment]:
    """What the index holds: every comment the latest parse of its letter found, private ones included
    (visibility is applied when searching)."""
    return StaffComment.objects.filter(in_latest_parse=True)


def comment_query_document(comment: StaffComment) -> str:
    """What is embedded for a comment, and what a comment sends as its query (the bench measured this)."""
    return comment_document(heading=comment.heading, text=comment.text)


def precedent_model_fit(*, max_comments: int | None = None, dim: int | None = None) -> PrecedentModel:
    """A model version fitted on the public comments (spread evenly over them past max_comments); the
    existing row when the same texts give the same version. ValueError when there are too few texts."""
    max_comments = max_comments or settings.PRECEDENTS_FIT_MAX_COMMENTS
    ids = list(indexed_comments().filter(letter__is_private=False).order_by("pk").values_list("pk", flat=True))
    if len(ids) > max_comments:
        step = len(ids) / max_comments
        ids = [ids[int(n * step)] for n in range(max_comments)]
    texts: list[str] = []
    for start in range(0, len(ids), 5_000):
        chunk = StaffComment.objects.filter(pk__in=ids[start : start + 5_000]).order_by("pk").only("heading", "text")
        texts.extend(comment_query_document(c) for c in chunk)
    embedder = TfidfSvdEmbedder.fit(texts, dim=dim or settings.PRECEDENTS_DIMENSIONS)
    existing = PrecedentModel.objects.defer("data").filter(key=embedder.key).first()
    if existing is not None and existing.centroids is not None:
        return existing
    centroids = centroids_fit(embedder.embed(texts))
    if existing is not None:  # fitted before versions had centroids, or on too few comments for lists
        if centroids is not None:
            existing.centroids = vector_bytes(centroids)
            existing.save(update_fields=["centroids"])
        return existing
    model, _ = PrecedentModel.objects.get_or_create(
        key=embedder.key,
        defaults={
            "name": embedder.name,
            "dim": embedder.dim,
            "data": tfidf_model_bytes(embedder),
            "fitted_on": len(texts),
            "centroids": vector_bytes(centroids) if centroids is not None else None,
        },
    )
    return model


def vectors_of_dropped_comments(model: PrecedentModel) -> QuerySet[PrecedentVector]:
    """The version's vectors of comments the index no longer holds (deleted, or dropped by a re-parse)."""
    # NOT EXISTS, an anti-join; `exclude(comment_id__in=…)` is NOT IN, which PostgreSQL runs as a nested
    # loop over both million-row tables (a re-index at 1M comments never finished).
    return PrecedentVector.objects.filter(model=model).exclude(Exists(indexed_comments().filter(pk=OuterRef("comment_id"))))


def _vectors_changed(model_id: int) -> None:
    """In the transaction that wrote the version's vectors: every process's loaded index re-checks them."""
    PrecedentModel.objects.filter(pk=model_id).update(revision=F("revision") + 1)


def comment_vectors_store(*, model: PrecedentModel, comments: Sequence[StaffComment]) -> int:
    """Embed the comments under the version, replacing their vectors (new rows, so every process's loaded
    index sees the change). Idempotent."""
    if not comments:
        return 0
    vectors = embedder_of(model).embed([comment_query_document(c) for c in comments])
    rows = [PrecedentVector(model=model, comment_id=c.pk, vector=vector_bytes(v)) for c, v in zip(comments, vectors, strict=True)]
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                PrecedentVector.objects.filter(model=model, comment_id__in=[c.pk for c in comments]).delete()
                PrecedentVector.objects.bulk_create(rows)
                _vectors_changed(model.pk)
            break
        except IntegrityError:
            # A re-index and a letter's task wrote the same comment at once; the second try sees the first's rows.
            if attempt == 2:
                raise
            for row in rows:
                row.pk = None
    return len(rows)


def letter_comments_index(*, letter_id: int) -> int:
    """After a parse: the letter's comments embedded under every live version, the vectors of comments
    the parse dropped removed."""
    comments = list(indexed_comments().filter(letter_id=letter_id).order_by("pk").only("pk", "heading", "text"))
    written = 0
    for model in precedent_models_indexing_new_comments().defer("data", "centroids"):
        dropped, _ = PrecedentVector.objects.filter(
            model=model, comment__letter_id=letter_id, comment__in_latest_parse=False
        ).delete()
        if dropped:
            _vectors_changed(model.pk)
        written += comment_vectors_store(model=model, comments=comments)
    return written


def precedent_reindex(*, model_id: int, batch_size: int | None = None, progress: Progress | None = None) -> PrecedentModel:
    """Embed every indexed comment under the version, recording progress on its row; then make it the
    version searched, retire the older ones and drop their vectors. Running it again redoes the same."""
    batch_size = batch_size or settings.PRECEDENTS_INDEX_BATCH
    model = PrecedentModel.objects.defer("data", "centroids").get(pk=model_id)
    comments = indexed_comments().order_by("pk").only("pk", "heading", "text")
    total = comments.count()
    live = PrecedentModel.Status.ACTIVE if model.status == PrecedentModel.Status.ACTIVE else PrecedentModel.Status.INDEXING
    PrecedentModel.objects.filter(pk=model.pk).update(
        status=live, total=total, indexed=0, error="", started_at=timezone.now(), finished_at=None
    )
    done, last = 0, 0
    try:
        while batch := list(comments.filter(pk__gt=last)[:batch_size]):
            done += comment_vectors_store(model=model, comments=batch)
            last = batch[-1].pk
            PrecedentModel.objects.filter(pk=model.pk).update(indexed=done, total=max(total, done))
            if progress is not None:
                progress(done, max(total, done))
    except Exception as exc:
        PrecedentModel.objects.filter(pk=model.pk).update(status=PrecedentModel.Status.FAILED, error=str(exc)[:2000])
        raise
    with transaction.atomic():
        vectors_of_dropped_comments(model).delete()
        _vectors_changed(model.pk)
        older = PrecedentModel.objects.filter(status=PrecedentModel.Status.ACTIVE, created_at__lte=model.created_at).exclude(
            pk=model.pk
        )
        retired = list(older.values_list("pk", flat=True))
        older.update(status=PrecedentModel.Status.RETIRED)
        PrecedentVector.objects.filter(model_id__in=retired).delete()
        PrecedentModel.objects.filter(pk=model.pk).update(
            status=PrecedentModel.Status.ACTIVE, indexed=done, total=done, finished_at=timezone.now()
        )
    return PrecedentModel.objects.defer("data", "centroids").get(pk=model.pk)
