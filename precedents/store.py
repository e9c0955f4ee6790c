"""The model and the vectors of a version, loaded into this process once and kept up to date.

A search embeds its query and scans the vectors in memory (precedents.vectors.NumpyVectorIndex, exact):
loading them from the database on each request would cost more than the search. Each search asks the
database one cheap question (how many vectors, the newest id) and reads only what is new; a vector that
was replaced or dropped (a re-parse) makes the next search load the version again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max

from precedents.models import PrecedentModel, PrecedentVector
from precedents.tfidf import TfidfSvdEmbedder, tfidf_model_from_bytes
from precedents.vectors import NumpyVectorIndex

# Stored vectors are read in chunks of this many rows, so loading a million never holds every row object.
LOAD_CHUNK = 5_000

_Version = tuple[int, str, object]  # pk, key, created_at: a row recreated under the same pk is another version


@dataclass
class _Loaded:
    index: NumpyVectorIndex
    count: int
    last_pk: int


_lock = threading.Lock()
_embedders: dict[_Version, TfidfSvdEmbedder] = {}
_indexes: dict[_Version, _Loaded] = {}


def _version(model: PrecedentModel) -> _Version:
    return (model.pk, model.key, model.created_at)


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype="<f4").tobytes()


def embedder_of(model: PrecedentModel) -> TfidfSvdEmbedder:
    """The model's embedder (read from its row once per process)."""
    version = _version(model)
    with _lock:
        embedder = _embedders.get(version)
        if embedder is None:
            data = PrecedentModel.objects.values_list("data", flat=True).get(pk=model.pk)
            embedder = _embedders[version] = tfidf_model_from_bytes(bytes(data))
        return embedder


def _rows(model: PrecedentModel, after: int) -> tuple[list[int], np.ndarray, int]:
    ids: list[int] = []
    chunks: list[np.ndarray] = []
    last = after
    while True:
        rows = list(
            PrecedentVector.objects.filter(model=model, pk__gt=last).order_by("pk").values_list("pk", "comment_id", "vector")[:LOAD_CHUNK]
        )
        if not rows:
            break
        last = rows[-1][0]
        ids.extend(comment_id for _, comment_id, _ in rows)
        chunks.append(np.frombuffer(b"".join(bytes(v) for _, _, v in rows), dtype="<f4").reshape(len(rows), model.dim))
        if len(rows) < LOAD_CHUNK:
            break
    vectors = np.concatenate(chunks) if chunks else np.zeros((0, model.dim), dtype=np.float32)
    return ids, vectors.astype(np.float32, copy=False), last


def vector_index_of(model: PrecedentModel) -> NumpyVectorIndex:
    """Every stored vector of the version, as an in-memory index, current as of this call."""
    version = _version(model)
    stats = PrecedentVector.objects.filter(model=model).aggregate(count=Count("pk"), last=Max("pk"))
    count, last = stats["count"], stats["last"] or 0
    with _lock:
        loaded = _indexes.get(version)
        if loaded is not None and (loaded.count, loaded.last_pk) == (count, last):
            return loaded.index
        if loaded is not None and last > loaded.last_pk:
            ids, vectors, newest = _rows(model, loaded.last_pk)
            known = set(loaded.index.rows_of(ids).tolist()) if ids else set()
            if loaded.count + len(ids) == count and not known:
                loaded.index.add(ids, vectors)
                loaded.count, loaded.last_pk = count, newest
                return loaded.index
        ids, vectors, newest = _rows(model, 0)
        # One version is searched at a time: a retired one's gigabyte is not kept beside the new one.
        for other in [v for v in _indexes if v != version]:
            del _indexes[other]
        index = NumpyVectorIndex(model.dim)
        index.add(ids, vectors)
        _indexes[version] = _Loaded(index, len(ids), newest)
        return index
