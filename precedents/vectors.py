"""Vector search behind one interface, and its exact in-process implementation (numpy brute force).

Vectors are L2-normalised, so the inner product is the cosine similarity. Another backend (faiss's
inverted file in precedents/vectors_ivf.py, pgvector later) implements the same VectorIndex.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from precedents.rows import CommentId, RowIds, top_rows


class VectorIndex(ABC):
    """Comment vectors of one embedder version; search returns (id, cosine similarity), best first."""

    dim: int

    @abstractmethod
    def add(self, ids: Sequence[CommentId], vectors: np.ndarray) -> None: ...

    @abstractmethod
    def search(self, vector: np.ndarray, k: int, allowed_ids: Iterable[CommentId] | None = None) -> list[tuple[CommentId, float]]:
        """The k nearest comments; with allowed_ids, only those (how a private letter is kept out of
        another organisation's results: the caller passes what the searcher may see)."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def rows_of(self, ids: Iterable[CommentId]) -> np.ndarray:
        """The sorted row numbers of those ids that are in the index."""

    def _check(self, ids: Sequence[CommentId], vectors: np.ndarray) -> np.ndarray:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise ValueError(f"vectors must have shape (n, {self.dim}), not {vectors.shape}")
        if len(ids) != vectors.shape[0]:
            raise ValueError(f"{len(ids)} ids for {vectors.shape[0]} vectors")
        return vectors

    def _query(self, vector: np.ndarray) -> np.ndarray:
        q = np.asarray(vector, dtype=np.float32).reshape(-1)
        if q.shape[0] != self.dim:
            raise ValueError(f"query vector has {q.shape[0]} dimensions, the index {self.dim}")
        return q


class NumpyVectorIndex(VectorIndex):
    """Exact search: every stored vector is scored. 1M x 256 float32 is 1 GiB and ~130 ms of CPU a query
    (bench/RESULTS-precedents.md); up to tens of thousands of comments it is as fast as anything."""

    _GROW = 1.5

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._rows = RowIds()
        self._data = np.zeros((0, dim), dtype=np.float32)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    @property
    def vectors(self) -> np.ndarray:
        return self._data[: self._n]

    @property
    def ids(self) -> list[CommentId]:
        return self._rows.ids

    def add(self, ids: Sequence[CommentId], vectors: np.ndarray) -> None:
        vectors = self._check(ids, vectors)
        self._rows.extend(ids)
        need = self._n + vectors.shape[0]
        if need > self._data.shape[0]:
            grown = np.zeros((max(need, int(self._data.shape[0] * self._GROW)), self.dim), dtype=np.float32)
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = vectors
        self._n = need

    def search(self, vector: np.ndarray, k: int, allowed_ids: Iterable[CommentId] | None = None) -> list[tuple[CommentId, float]]:
        q = self._query(vector)
        if allowed_ids is None:
            return top_rows(self.vectors @ q, k, self._rows)
        return self.search_rows(q, k, self._rows.rows_of(allowed_ids))

    def search_rows(self, q: np.ndarray, k: int, rows: np.ndarray) -> list[tuple[CommentId, float]]:
        """Exact search over the given (sorted, unique) row numbers only."""
        if rows.size == 0:
            return []
        # Scoring everything and picking the allowed rows is cheaper than copying most of the matrix.
        scores = (self.vectors @ q)[rows] if rows.size * 4 > self._n else self._data[rows] @ q
        return top_rows(scores, k, self._rows, rows=rows)

    def rows_of(self, ids: Iterable[CommentId]) -> np.ndarray:
        return self._rows.rows_of(ids)

    def id_at(self, row: int) -> CommentId:
        return self._rows.id_at(row)

    def save(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "vectors.npy", self.vectors)
        (directory / "ids.json").write_text(json.dumps(self._rows.ids))
        return directory

    @classmethod
    def load(cls, directory: Path) -> NumpyVectorIndex:
        vectors = np.load(directory / "vectors.npy")
        ids = json.loads((directory / "ids.json").read_text())
        index = cls(vectors.shape[1])
        index.add(ids, vectors)
        return index
