"""Approximate vector search with hnswlib (HNSW graph), for indexes past a few hundred thousand comments.

At 1M x 256 dims exact numpy search misses the 100 ms p95 goal (bench/RESULTS-precedents.md); the graph
answers in milliseconds at recall@10 close to 1. The graph is built on one thread with a fixed seed, so
the same vectors added in the same order give the same graph and the same answers.

The vectors are also kept in an exact NumpyVectorIndex (twice the memory), so an allowed_ids filter is
always honoured exactly: a narrow filter is scored exactly; a broad one walks the graph for more than k
and keeps the allowed results, falling back to the exact scan when too few survive. A disallowed comment
is never returned either way.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import hnswlib
import numpy as np

from precedents.rows import CommentId
from precedents.vectors import NumpyVectorIndex, VectorIndex

# Up to this many allowed comments the exact scan (about 1 ms per 10,000) beats a filtered graph walk.
EXACT_FILTER_MAX = 50_000
# How many times more results than the allowed fraction implies to ask the graph for.
OVERSAMPLE = 2.0


class HnswVectorIndex(VectorIndex):
    def __init__(
        self, dim: int, *, m: int = 16, ef_construction: int = 200, ef_search: int = 128, seed: int = 100, capacity: int = 1024
    ) -> None:
        self.dim, self.m, self.ef_construction, self.ef_search, self.seed = dim, m, ef_construction, ef_search, seed
        self.exact = NumpyVectorIndex(dim)
        self._graph = hnswlib.Index(space="ip", dim=dim)
        self._graph.init_index(max_elements=max(capacity, 1), M=m, ef_construction=ef_construction, random_seed=seed)
        self._graph.set_num_threads(1)

    def __len__(self) -> int:
        return len(self.exact)

    def add(self, ids: Sequence[CommentId], vectors: np.ndarray) -> None:
        vectors = self._check(ids, vectors)
        start = len(self.exact)
        self.exact.add(ids, vectors)  # labels in the graph are the exact index's row numbers
        need = len(self.exact)
        if need > self._graph.get_max_elements():
            self._graph.resize_index(max(need, int(self._graph.get_max_elements() * 1.5)))
        self._graph.add_items(vectors, np.arange(start, need, dtype=np.int64), num_threads=1)

    @property
    def graph_bytes(self) -> int:
        return int(self._graph.index_file_size())

    def search(self, vector: np.ndarray, k: int, allowed_ids: Iterable[CommentId] | None = None) -> list[tuple[CommentId, float]]:
        q = self._query(vector)
        n = len(self.exact)
        if n == 0 or k <= 0:
            return []
        if allowed_ids is None:
            return self._walk(q, min(k, n))
        rows = self.exact.rows_of(allowed_ids)
        if rows.size <= EXACT_FILTER_MAX:
            return self.exact.search_rows(q, k, rows)
        want = min(n, math.ceil(k * OVERSAMPLE * n / rows.size) + k)
        allowed = np.zeros(n, dtype=bool)
        allowed[rows] = True
        kept = [(cid, score, row) for (cid, score), row in zip(*self._walk_rows(q, want)) if allowed[row]]
        if len(kept) >= min(k, rows.size):
            return [(cid, score) for cid, score, _ in kept[:k]]
        return self.exact.search_rows(q, k, rows)

    def _walk(self, q: np.ndarray, k: int) -> list[tuple[CommentId, float]]:
        return self._walk_rows(q, k)[0]

    def _walk_rows(self, q: np.ndarray, k: int) -> tuple[list[tuple[CommentId, float]], list[int]]:
        self._graph.set_ef(max(self.ef_search, k))
        labels, distances = self._graph.knn_query(q.reshape(1, -1), k=k, num_threads=1)
        found = sorted(
            ((float(1.0 - d), int(label)) for label, d in zip(labels[0], distances[0])),
            key=lambda s: (-s[0], self.exact.id_at(s[1])),
        )
        return [(self.exact.id_at(row), score) for score, row in found], [row for _, row in found]

    def save(self, directory: Path) -> Path:
        self.exact.save(directory)
        self._graph.save_index(str(directory / "graph.bin"))
        meta = {
            "dim": self.dim,
            "m": self.m,
            "ef_construction": self.ef_construction,
            "ef_search": self.ef_search,
            "seed": self.seed,
        }
        (directory / "graph.json").write_text(json.dumps(meta))
        return directory

    @classmethod
    def load(cls, directory: Path) -> HnswVectorIndex:
        meta = json.loads((directory / "graph.json").read_text())
        index = cls(
            meta["dim"], m=meta["m"], ef_construction=meta["ef_construction"], ef_search=meta["ef_search"], seed=meta["seed"]
        )
        index.exact = NumpyVectorIndex.load(directory)
        index._graph = hnswlib.Index(space="ip", dim=index.dim)  # load_index fills an uninitialised one
        index._graph.load_index(str(directory / "graph.bin"), max_elements=max(len(index.exact), 1))
        index._graph.set_num_threads(1)
        return index
