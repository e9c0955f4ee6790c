"""Approximate vector search for large indexes: an inverted file (faiss IVF) over fixed centroids.

Past EXACT_MAX comments the exact scan grows too slow (at 1M x 256 dims about 130 ms of CPU a query,
bench/RESULTS-precedents.md). Each comment is filed under its nearest centroid; a query reads only the
comments of its NPROBE_SHARE nearest centroids, rescored exactly as NumpyVectorIndex scores them.

The centroids belong to the model version (k-means over the vectors of the comments it was fitted on,
`centroids_fit`, stored on its row), not to a process: which comment is filed where depends only on its
vector, so every process answers a query the same way however and whenever it loaded its rows. An
HNSW graph (measured in the bench) depends on the order it was built in, and takes minutes to build.

The vectors are also kept in an exact NumpyVectorIndex (twice the memory): a query over at most
EXACT_MAX comments, all or those a filter allows, is scored exactly, and a filter is always honoured.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import faiss
import numpy as np

from precedents.rows import CommentId
from precedents.vectors import NumpyVectorIndex, VectorIndex

# One thread: k-means gives the same centroids for the same vectors; searches are one query each anyway.
faiss.omp_set_num_threads(1)

# Up to this many comments considered, the exact scan (about 1 ms per 10,000) is as fast as the lists.
EXACT_MAX = 50_000
# Centroids: about one per LIST_SIZE fitted comments, at most MAX_LISTS; below MIN_LISTS the index is exact.
MAX_LISTS = 1024
MIN_LISTS = 16
LIST_SIZE = 64
# The share of lists a query reads: at 1M comments recall@10 0.987 against exact search, 6 ms a query.
NPROBE_SHARE = 1 / 8
KMEANS_ITERATIONS = 20
KMEANS_SEED = 1


def centroids_fit(vectors: np.ndarray) -> np.ndarray | None:
    """k-means centroids (unit length) of a model version's fitted comments; None when too few for lists
    to pay (the index is then exact at any size)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    vectors = vectors[np.any(vectors != 0, axis=1)]  # a text with no known word has no direction
    lists = min(MAX_LISTS, len(vectors) // LIST_SIZE)
    if lists < MIN_LISTS:
        return None
    kmeans = faiss.Kmeans(vectors.shape[1], lists, niter=KMEANS_ITERATIONS, seed=KMEANS_SEED, spherical=True)
    kmeans.train(vectors)
    return np.ascontiguousarray(kmeans.centroids, dtype=np.float32)


class IvfVectorIndex(VectorIndex):
    def __init__(self, centroids: np.ndarray) -> None:
        centroids = np.ascontiguousarray(centroids, dtype=np.float32)
        self.dim = centroids.shape[1]
        self.exact = NumpyVectorIndex(self.dim)
        self.lists = len(centroids)
        self._quantizer = faiss.IndexFlatIP(self.dim)  # referenced here: the IVF index does not own it
        self._quantizer.add(centroids)
        self._lists = faiss.IndexIVFFlat(self._quantizer, self.dim, self.lists, faiss.METRIC_INNER_PRODUCT)
        self.nprobe = max(1, round(self.lists * NPROBE_SHARE))

    def __len__(self) -> int:
        return len(self.exact)

    def add(self, ids: Sequence[CommentId], vectors: np.ndarray) -> None:
        vectors = self._check(ids, vectors)
        self.exact.add(ids, vectors)  # faiss numbers vectors in the order added: the exact index's rows
        self._lists.add(vectors)

    def rows_of(self, ids: Iterable[CommentId]) -> np.ndarray:
        return self.exact.rows_of(ids)

    def search(self, vector: np.ndarray, k: int, allowed_ids: Iterable[CommentId] | None = None) -> list[tuple[CommentId, float]]:
        q = self._query(vector)
        n = len(self.exact)
        if n == 0 or k <= 0:
            return []
        rows = None if allowed_ids is None else self.exact.rows_of(allowed_ids)
        considered = n if rows is None else rows.size
        if considered <= EXACT_MAX:
            return self._exact(q, k, rows)
        params = faiss.SearchParametersIVF()
        params.nprobe = self.nprobe
        if rows is not None:
            allowed = np.zeros(n, dtype=bool)
            allowed[rows] = True
            bitmap = np.packbits(allowed, bitorder="little")  # kept alive until the search returns
            params.sel = faiss.IDSelectorBitmap(len(bitmap), faiss.swig_ptr(bitmap))
        _, found = self._lists.search(q.reshape(1, -1), k, params=params)
        found = np.unique(found[0][found[0] >= 0])
        if found.size < min(k, considered):  # the nearest lists hold too few allowed comments
            return self._exact(q, k, rows)
        return self.exact.search_rows(q, k, found)

    def _exact(self, q: np.ndarray, k: int, rows: np.ndarray | None) -> list[tuple[CommentId, float]]:
        return self.exact.search(q, k) if rows is None else self.exact.search_rows(q, k, rows)
