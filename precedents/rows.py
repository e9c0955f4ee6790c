"""Rows of an in-process index and the ids they stand for; the top of a score array, in a stable order.

Ids are whatever the caller keys comments by (the database primary key, or "accession#number" in the
bench). They must be hashable and mutually orderable: ties in score are broken by id, so the same index
contents give the same ranking whatever order they were added in.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable, Iterable, Iterator, Sequence

import numpy as np

CommentId = Hashable


class RowIds:
    """Row number <-> id, append-only. Adding an id again is refused: a re-index builds a new index."""

    def __init__(self) -> None:
        self._ids: list[CommentId] = []
        self._rows: dict[CommentId, int] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def extend(self, ids: Sequence[CommentId]) -> None:
        fresh = list(ids)
        if len(set(fresh)) != len(fresh):
            raise ValueError("the same id appears twice in one add()")
        clash = next((i for i in fresh if i in self._rows), None)
        if clash is not None:
            raise ValueError(f"id {clash!r} is already in the index")
        start = len(self._ids)
        self._ids.extend(fresh)
        self._rows.update((cid, start + n) for n, cid in enumerate(fresh))

    def id_at(self, row: int) -> CommentId:
        return self._ids[row]

    @property
    def ids(self) -> list[CommentId]:
        return list(self._ids)

    def rows_of(self, ids: Iterable[CommentId]) -> np.ndarray:
        """Sorted rows of the ids that are in the index (unknown ids are skipped: they may be of another
        backend, or not indexed yet)."""
        if isinstance(ids, IdSet):
            return ids.rows_in(self)
        rows = self._rows
        return np.unique(np.fromiter((rows[i] for i in ids if i in rows), dtype=np.int64))


class IdSet:
    """A fixed set of comment ids used as a filter across many queries (what one organisation may see).

    Each index remembers which of its rows the set holds, so a broad filter costs its million id
    lookups once instead of on every query; rows added to the index later are checked as they come."""

    def __init__(self, ids: Iterable[CommentId]) -> None:
        self.ids = frozenset(ids)
        self._seen: weakref.WeakKeyDictionary[RowIds, tuple[int, np.ndarray]] = weakref.WeakKeyDictionary()

    def __iter__(self) -> Iterator[CommentId]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, cid: object) -> bool:
        return cid in self.ids

    def rows_in(self, row_ids: RowIds) -> np.ndarray:
        """The sorted rows of row_ids whose id is in the set."""
        seen, rows = self._seen.get(row_ids, (0, np.zeros(0, dtype=np.int64)))
        if seen < len(row_ids):
            fresh = np.fromiter((r for r in range(seen, len(row_ids)) if row_ids.id_at(r) in self.ids), dtype=np.int64)
            rows = np.concatenate([rows, fresh])
            self._seen[row_ids] = (len(row_ids), rows)
        return rows


def top_rows(
    scores: np.ndarray, k: int, row_ids: RowIds, *, rows: np.ndarray | None = None, floor: float = -np.inf
) -> list[tuple[CommentId, float]]:
    """The k best (id, score) by score, ties broken by id. `scores[i]` belongs to `rows[i]` (all rows
    when rows is None); scores at or below `floor` are never returned."""
    if k <= 0 or scores.size == 0:
        return []
    if scores.size > k:
        kth = np.partition(scores, scores.size - k)[scores.size - k]
        # Everything tied with the k-th score stays in, so the id tie-break decides, not the partition.
        keep = np.flatnonzero((scores >= kth) & (scores > floor))
    else:
        keep = np.flatnonzero(scores > floor)
    if keep.size == 0:
        return []
    hits = [(row_ids.id_at(int(rows[i] if rows is not None else i)), float(scores[i])) for i in keep]
    hits.sort(key=lambda h: (-h[1], h[0]))
    return hits[:k]
