"""Rows of an in-process index and the ids they stand for; the top of a score array, in a stable order.

Ids are whatever the caller keys comments by (the database primary key, or "accession#number" in the
bench). They must be hashable and mutually orderable: ties in score are broken by id, so the same index
contents give the same ranking whatever order they were added in.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

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
        """Rows of the ids that are in the index (unknown ids are skipped: they may be of another backend)."""
        rows = self._rows
        return np.fromiter((rows[i] for i in ids if i in rows), dtype=np.int64)

    def mask_of(self, ids: Iterable[CommentId]) -> np.ndarray:
        mask = np.zeros(len(self._ids), dtype=bool)
        mask[self.rows_of(ids)] = True
        return mask


def top_rows(scores: np.ndarray, k: int, row_ids: RowIds, *, rows: np.ndarray | None = None,
             floor: float = -np.inf) -> list[tuple[CommentId, float]]:
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
