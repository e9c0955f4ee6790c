"""The precedent index of a model version, loaded into this process once and kept up to date.

One index is two in-memory halves built from the same stored rows (PrecedentVector, one per indexed
comment): the comments' vectors (precedents.vectors_ivf.IvfVectorIndex over the version's centroids,
exact cosine search up to 50,000 comments; NumpyVectorIndex, always exact, for a version fitted on too
few comments to have centroids) and their text in BM25 (precedents.lexical.BM25Index, the measured
lexical side; bench/RESULTS-precedents.md says why not the database's full text). Reading them from the
database on each request would cost more than the search: each search reads the version's revision (one
row by primary key), and only when it moved asks how many rows there are and the newest id, and reads
what is new; a row that was replaced or dropped (a re-parse) makes the next search load the version again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max, QuerySet

from precedents.lexical import BM25Index
from precedents.models import PrecedentModel, PrecedentVector
from precedents.text import comment_document
from precedents.tfidf import TfidfSvdEmbedder, tfidf_model_from_bytes
from precedents.vectors import NumpyVectorIndex, VectorIndex
from precedents.vectors_ivf import IvfVectorIndex

# Stored rows are read in chunks of this many, so loading a million never holds every row object.
LOAD_CHUNK = 5_000

_Version = tuple[int, str, object]  # pk, key, created_at: a row recreated under the same pk is another version


@dataclass
class LoadedIndex:
    vectors: VectorIndex
    lexical: BM25Index
    count: int
    last_pk: int
    revision: int  # the version's revision read before these rows were


_lock = threading.Lock()
_embedders: dict[_Version, TfidfSvdEmbedder] = {}
_indexes: dict[_Version, LoadedIndex] = {}


def _version(model: PrecedentModel) -> _Version:
    return (model.pk, model.key, model.created_at)


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()


def vectors_from_bytes(data: bytes, dim: int) -> np.ndarray:
    """What vector_bytes wrote, one row per vector."""
    return np.frombuffer(data, dtype="<f4").reshape(-1, dim)


def embedder_of(model: PrecedentModel) -> TfidfSvdEmbedder:
    """The model's embedder (read from its row once per process)."""
    version = _version(model)
    with _lock:
        embedder = _embedders.get(version)
        if embedder is None:
            data = PrecedentModel.objects.values_list("data", flat=True).get(pk=model.pk)
            embedder = _embedders[version] = tfidf_model_from_bytes(bytes(data))
        return embedder


def _vector_index(model: PrecedentModel) -> VectorIndex:
    centroids = PrecedentModel.objects.values_list("centroids", flat=True).get(pk=model.pk)
    if centroids is None:
        return NumpyVectorIndex(model.dim)
    return IvfVectorIndex(vectors_from_bytes(bytes(centroids), model.dim))


def _stored(model: PrecedentModel) -> QuerySet[PrecedentVector]:
    # Only rows of comments the latest parse keeps: the same rows are counted and loaded.
    return PrecedentVector.objects.filter(model=model, comment__in_latest_parse=True)


def _rows(model: PrecedentModel, after: int) -> tuple[list[int], np.ndarray, list[str], int]:
    ids: list[int] = []
    chunks: list[np.ndarray] = []
    documents: list[str] = []
    last = after
    while True:
        rows = list(
            _stored(model)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "comment_id", "vector", "comment__heading", "comment__text")[:LOAD_CHUNK]
        )
        if not rows:
            break
        last = rows[-1][0]
        ids.extend(row[1] for row in rows)
        documents.extend(comment_document(heading=row[3], text=row[4]) for row in rows)
        chunks.append(vectors_from_bytes(b"".join(bytes(row[2]) for row in rows), model.dim))
        if len(rows) < LOAD_CHUNK:
            break
    vectors = np.concatenate(chunks) if chunks else np.zeros((0, model.dim), dtype=np.float32)
    return ids, vectors.astype(np.float32, copy=False), documents, last


def precedent_index_of(model: PrecedentModel) -> LoadedIndex:
    """Every indexed comment of the version, as in-memory vector and BM25 indexes, current as of this call."""
    version = _version(model)
    # One lookup by primary key on most searches: the revision moves with every write to the version's
    # vectors (precedents.indexing), where counting them would read every row (20 ms at 30,000).
    revision = PrecedentModel.objects.values_list("revision", flat=True).get(pk=model.pk)
    with _lock:
        loaded = _indexes.get(version)
        if loaded is not None and loaded.revision == revision:
            return loaded
    stats = _stored(model).aggregate(count=Count("pk"), last=Max("pk"))
    count, last = stats["count"], stats["last"] or 0
    with _lock:
        loaded = _indexes.get(version)
        if loaded is not None and (loaded.count, loaded.last_pk) == (count, last):
            loaded.revision = max(loaded.revision, revision)
            return loaded
        if loaded is not None and last > loaded.last_pk:
            ids, vectors, documents, newest = _rows(model, loaded.last_pk)
            if loaded.count + len(ids) == count and not loaded.vectors.rows_of(ids).size:
                loaded.vectors.add(ids, vectors)
                loaded.lexical.add(ids, documents)
                loaded.count, loaded.last_pk, loaded.revision = count, newest, max(loaded.revision, revision)
                return loaded
        ids, vectors, documents, newest = _rows(model, 0)
        # One version is searched at a time: a retired one's memory is not kept beside the new one.
        for other in [v for v in _indexes if v != version]:
            del _indexes[other]
        loaded = LoadedIndex(_vector_index(model), BM25Index(), len(ids), newest, revision)
        loaded.vectors.add(ids, vectors)
        loaded.lexical.add(ids, documents)
        _indexes[version] = loaded
        return loaded
