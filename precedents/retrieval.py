"""Precedent retrieval: a query text in, the most similar staff comments out, by one of three systems.

- LexicalRetriever: the lexical index alone (BM25 here, the database's full text later).
- DenseRetriever: an embedder and a vector index.
- HybridRetriever: several of them (lexical and dense), combined by reciprocal rank fusion.

Every retriever validates the query the same way (PrecedentQueryError) and takes the same filters:
`allowed_ids`, the comments the searcher may see, and `exclude_ids`, comments never to return (the query
comment's own letter or review).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from precedents.embedders import Embedder
from precedents.lexical import LexicalIndex
from precedents.rows import CommentId, IdSet
from precedents.text import query_validate
from precedents.vectors import VectorIndex

# Cormack, Clarke & Buettcher (SIGIR 2009): score = sum over systems of 1 / (RRF_K + rank), rank from 1.
# k = 60 is their value and the usual default (Elasticsearch, OpenSearch, Azure AI Search): it damps the
# head of each list so that a comment ranked well by both systems beats one ranked first by only one.
RRF_K = 60
# How deep each system's list is read before fusing: past this a comment adds under 1/(60+100) to its score.
FUSION_DEPTH = 100
MAX_K = 1_000


@dataclass(frozen=True)
class Precedent:
    id: CommentId
    score: float


def reciprocal_rank_fusion(rankings: Sequence[Sequence[CommentId]], *, k: int = RRF_K) -> list[tuple[CommentId, float]]:
    """Fuse ranked id lists: (id, sum of 1/(k + rank)), best first, ties broken by id."""
    fused: dict[CommentId, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking, start=1):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda item: (-item[1], item[0]))


class Retriever(ABC):
    name: str

    @abstractmethod
    def add(self, ids: Sequence[CommentId], documents: Sequence[str]) -> None:
        """Index comments by id; documents come from precedents.text.comment_document."""

    @abstractmethod
    def _search(self, query: str, k: int, allowed_ids: Iterable[CommentId] | None) -> list[tuple[CommentId, float]]: ...

    def search(
        self, query: str, *, k: int = 10, allowed_ids: Iterable[CommentId] | None = None, exclude_ids: Iterable[CommentId] = ()
    ) -> list[Precedent]:
        """The k comments most similar to the query text, best first."""
        text = query_validate(query)
        if not 1 <= k <= MAX_K:
            raise ValueError(f"k must be between 1 and {MAX_K}, not {k}")
        excluded = set(exclude_ids)
        if allowed_ids is not None and not isinstance(allowed_ids, (IdSet, set, frozenset, list, tuple)):
            allowed_ids = list(allowed_ids)  # a hybrid hands it to each of its parts
        # Exclusions are few (the query's own review) and are dropped after the search, so a large
        # allowed_ids (an IdSet of everything an organisation may see) reaches the index untouched.
        hits = self._search(text, k + len(excluded), allowed_ids)
        return [Precedent(cid, score) for cid, score in hits if cid not in excluded][:k]


class LexicalRetriever(Retriever):
    def __init__(self, index: LexicalIndex, *, name: str = "lexical") -> None:
        self.index, self.name = index, name

    def add(self, ids: Sequence[CommentId], documents: Sequence[str]) -> None:
        self.index.add(ids, documents)

    def _search(self, query: str, k: int, allowed_ids: Iterable[CommentId] | None) -> list[tuple[CommentId, float]]:
        return self.index.search(query, k, allowed_ids)


class DenseRetriever(Retriever):
    def __init__(self, embedder: Embedder, index: VectorIndex, *, name: str | None = None) -> None:
        if index.dim != embedder.dim:
            raise ValueError(f"{embedder.key} gives {embedder.dim} dimensions, the index holds {index.dim}")
        self.embedder, self.index = embedder, index
        self.name = name or embedder.name

    def add(self, ids: Sequence[CommentId], documents: Sequence[str]) -> None:
        self.index.add(ids, self.embedder.embed(documents))

    def _search(self, query: str, k: int, allowed_ids: Iterable[CommentId] | None) -> list[tuple[CommentId, float]]:
        vector = self.embedder.embed([query])[0]
        if not vector.any():
            return []  # no word the model knows: every comment would tie at zero
        return self.index.search(vector, k, allowed_ids)


class HybridRetriever(Retriever):
    """Several retrievers' lists (lexical and dense), each FUSION_DEPTH deep, fused by reciprocal rank."""

    def __init__(
        self, parts: Sequence[Retriever], *, rrf_k: int = RRF_K, depth: int = FUSION_DEPTH, name: str | None = None
    ) -> None:
        if len(parts) < 2:
            raise ValueError("a hybrid fuses at least two retrievers")
        self.parts, self.rrf_k, self.depth = list(parts), rrf_k, depth
        self.name = name or "hybrid(" + "+".join(p.name for p in self.parts) + ")"

    def add(self, ids: Sequence[CommentId], documents: Sequence[str]) -> None:
        for part in self.parts:
            part.add(ids, documents)

    def _search(self, query: str, k: int, allowed_ids: Iterable[CommentId] | None) -> list[tuple[CommentId, float]]:
        depth = max(self.depth, k)
        lists = [[cid for cid, _ in part._search(query, depth, allowed_ids)] for part in self.parts]
        return reciprocal_rank_fusion(lists, k=self.rrf_k)[:k]
