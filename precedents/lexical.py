"""Lexical scoring behind one interface, and BM25 over `precedents.text.terms` in numpy.

BM25Index stands in for the database's full-text index (PostgreSQL full text, SQLite FTS5), which will
implement the same LexicalIndex; it keeps the terms and weights the way those engines do (Snowball stems,
English stop words) so the quality measured here carries over.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from precedents.rows import CommentId, RowIds, top_rows
from precedents.text import terms

# A query's postings are summed in groups of about this many: the arrays of a long query at 1M comments
# would be hundreds of MB, which the allocator maps fresh (and the kernel zeroes) on every query; groups
# this size reuse the same memory. Halved the p95 at 1M (bench/RESULTS-precedents.md).
POSTINGS_GROUP = 1_000_000


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _summing_pool() -> ThreadPoolExecutor:
    """Two threads sum a long query's groups (numpy releases the GIL while it adds): a fifth off the p95
    at 1M. Started on first use, so a forking server starts it in each worker, not before the fork."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="bm25")
        return _pool


def _groups(spans: list[tuple[int, int, int]]) -> Iterable[list[tuple[int, int, int]]]:
    """Consecutive spans, cut where a group reaches POSTINGS_GROUP postings; always the same cuts for the
    same words, so a comment's score is summed in the same order whatever order the index was built in."""
    group: list[tuple[int, int, int]] = []
    size = 0
    for span in spans:
        group.append(span)
        size += span[1] - span[0]
        if size >= POSTINGS_GROUP:
            yield group
            group, size = [], 0
    if group:
        yield group


class LexicalIndex(ABC):
    """Comment texts scored against a query's words; search returns (id, score > 0), best first."""

    @abstractmethod
    def add(self, ids: Sequence[CommentId], texts: Sequence[str]) -> None: ...

    @abstractmethod
    def search(self, text: str, k: int, allowed_ids: Iterable[CommentId] | None = None) -> list[tuple[CommentId, float]]: ...

    @abstractmethod
    def __len__(self) -> int: ...


class BM25Index(LexicalIndex):
    """Okapi BM25 (k1=1.2, b=0.75, Lucene's idf), a query word counted once per occurrence.

    Postings are rebuilt lazily after add(): idf depends on the whole collection."""

    def __init__(self, *, k1: float = 1.2, b: float = 0.75, analyzer: Callable[[str], list[str]] = terms) -> None:
        self.k1, self.b, self.analyzer = k1, b, analyzer
        self._rows = RowIds()
        self._vocab: dict[str, int] = {}
        self._doc_terms: list[np.ndarray] = []  # per document: term ids, then their counts
        self._doc_counts: list[np.ndarray] = []
        self._built = False
        self._ptr = np.zeros(1, dtype=np.int64)
        self._post_docs = np.zeros(0, dtype=np.int32)
        self._post_weight = np.zeros(0, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._rows)

    @property
    def postings_bytes(self) -> int:
        return int(self._post_docs.nbytes + self._post_weight.nbytes + self._ptr.nbytes)

    def add(self, ids: Sequence[CommentId], texts: Sequence[str]) -> None:
        if len(ids) != len(texts):
            raise ValueError(f"{len(ids)} ids for {len(texts)} texts")
        self._rows.extend(ids)
        vocab = self._vocab
        for text in texts:
            counts = Counter(self.analyzer(text))
            tids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in counts), dtype=np.int32, count=len(counts))
            self._doc_terms.append(tids)
            self._doc_counts.append(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        self._built = False

    def build(self) -> None:
        """Compute idf and the postings; search() does it when needed, an indexer may do it ahead."""
        n_docs = len(self._doc_terms)
        lengths = np.fromiter((c.sum() for c in self._doc_counts), dtype=np.float32, count=n_docs)
        tids = np.concatenate(self._doc_terms) if n_docs else np.zeros(0, dtype=np.int32)
        tfs = np.concatenate(self._doc_counts) if n_docs else np.zeros(0, dtype=np.float32)
        docs = np.repeat(np.arange(n_docs, dtype=np.int32), [len(t) for t in self._doc_terms])
        order = np.argsort(tids, kind="stable")
        tids, tfs, docs = tids[order], tfs[order], docs[order]
        df = np.bincount(tids, minlength=len(self._vocab)).astype(np.float64)
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        avgdl = float(lengths.mean()) if n_docs else 1.0
        norm = self.k1 * (1.0 - self.b + self.b * lengths[docs] / max(avgdl, 1e-9))
        self._post_weight = (idf[tids] * tfs * (self.k1 + 1.0) / (tfs + norm)).astype(np.float32)
        self._post_docs = docs
        self._ptr = np.concatenate([[0], np.cumsum(df.astype(np.int64))])
        self._built = True

    def search(self, text: str, k: int, allowed_ids: Iterable[CommentId] | None = None) -> list[tuple[CommentId, float]]:
        if not self._built:
            self.build()
        n_docs = len(self._rows)
        # Sorted by the word, not its id, so the sum is taken in the same order whatever the index order.
        query = sorted(Counter(t for t in self.analyzer(text) if t in self._vocab).items())
        if not query or n_docs == 0:
            return []
        spans = [(int(self._ptr[self._vocab[t]]), int(self._ptr[self._vocab[t] + 1]), qtf) for t, qtf in query]
        groups = list(_groups(spans))
        summing = map if len(groups) == 1 else _summing_pool().map
        parts = iter(summing(self._group_sum, groups, [n_docs] * len(groups)))
        scores = next(parts)
        for part in parts:  # in the groups' order, whichever thread finished first
            scores += part
        if allowed_ids is None:
            return top_rows(scores, k, self._rows, floor=0.0)
        rows = self._rows.rows_of(allowed_ids)
        return top_rows(scores[rows], k, self._rows, rows=rows, floor=0.0)

    def _group_sum(self, group: list[tuple[int, int, int]], n_docs: int) -> np.ndarray:
        docs = np.concatenate([self._post_docs[a:b] for a, b, _ in group])
        weights = np.concatenate([self._post_weight[a:b] for a, b, _ in group])
        if any(qtf != 1 for _, _, qtf in group):
            weights *= np.repeat(np.array([qtf for _, _, qtf in group], dtype=np.float32), [b - a for a, b, _ in group])
        return np.bincount(docs, weights=weights, minlength=n_docs)
