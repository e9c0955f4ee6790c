"""allowed_ids is how a private letter is kept out of another organisation's results: whatever the
backend and however broad or narrow the filter, a comment outside it is never returned."""

from __future__ import annotations

import numpy as np
import pytest

import precedents.vectors_ivf as ivf
from precedents.lexical import BM25Index
from precedents.retrieval import DenseRetriever, HybridRetriever, LexicalRetriever
from precedents.rows import IdSet
from precedents.tfidf import TfidfSvdEmbedder
from precedents.vectors import NumpyVectorIndex
from precedents.vectors_ivf import IvfVectorIndex, centroids_fit

BACKENDS = ["lexical", "numpy", "lists", "hybrid"]

QUERY = "Present the comparable GAAP measure with equal or greater prominence than adjusted EBITDA."


@pytest.fixture()
def systems(ids, documents, monkeypatch):
    monkeypatch.setattr(ivf, "EXACT_MAX", 0)  # the few comments here go through the lists as a million would
    tfidf = TfidfSvdEmbedder.fit(documents, dim=8)
    lexical = LexicalRetriever(BM25Index())
    flat = DenseRetriever(tfidf, NumpyVectorIndex(tfidf.dim))
    lists = DenseRetriever(tfidf, IvfVectorIndex(tfidf.embed(documents[:4])))
    systems = {"lexical": lexical, "numpy": flat, "lists": lists, "hybrid": HybridRetriever([lexical, flat])}
    for r in (lexical, flat, lists):
        r.add(ids, documents)
    return systems


@pytest.mark.parametrize("name", BACKENDS)
def test_it_never_returns_a_private_comment_to_another_organisation(systems, ids, name) -> None:
    private = {ids[0], ids[1]}  # the best matches for the query, in another organisation's private letter
    visible = [cid for cid in ids if cid not in private]
    assert {p.id for p in systems[name].search(QUERY, k=5)} & private  # without the filter they would come first
    hits = systems[name].search(QUERY, k=len(ids), allowed_ids=visible)
    assert hits and not {p.id for p in hits} & private


@pytest.mark.parametrize("name", BACKENDS)
def test_it_returns_nothing_when_nothing_is_allowed(systems, name) -> None:
    assert systems[name].search(QUERY, k=5, allowed_ids=[]) == []


def test_it_leaves_out_the_query_comments_own_review(systems, ids) -> None:
    own_review = {ids[0], ids[2]}
    hits = systems["hybrid"].search(QUERY, k=5, exclude_ids=own_review)
    assert len(hits) == 5 and not {p.id for p in hits} & own_review


def _clustered(n: int, dim: int = 16) -> np.ndarray:
    """Unit vectors around 40 topics, as comments are (random noise would have no nearest lists)."""
    rng = np.random.default_rng(1)
    topics = rng.standard_normal((40, dim))
    vectors = (topics[rng.integers(0, 40, n)] + 0.35 * rng.standard_normal((n, dim))).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _lists_index(vectors: np.ndarray) -> IvfVectorIndex:
    centroids = centroids_fit(vectors)
    assert centroids is not None  # 3,000 vectors make lists
    index = IvfVectorIndex(centroids)
    index.add(list(range(len(vectors))), vectors)
    return index


@pytest.mark.parametrize("fraction", [0.01, 0.5, 0.99])
def test_the_lists_honour_narrow_and_broad_filters(monkeypatch, fraction) -> None:
    monkeypatch.setattr(ivf, "EXACT_MAX", 10)  # so the filters take the lists, not the exact scan
    vectors = _clustered(3_000)
    index = _lists_index(vectors)
    allowed = set(range(0, 3_000, int(1 / fraction)))
    for q in vectors[:20]:
        hits = index.search(q, 10, allowed_ids=allowed)
        assert len(hits) == min(10, len(allowed)) and {cid for cid, _ in hits} <= allowed


def test_the_lists_find_what_exact_search_finds(monkeypatch) -> None:
    monkeypatch.setattr(ivf, "EXACT_MAX", 10)
    vectors = _clustered(3_000)
    index = _lists_index(vectors)
    assert index.nprobe < len(centroids_fit(vectors))  # only some lists are read
    overlap = [len({c for c, _ in index.search(q, 10)} & {c for c, _ in index.exact.search(q, 10)}) / 10 for q in vectors[:50]]
    assert np.mean(overlap) >= 0.9


def test_the_lists_answer_alike_however_the_comments_were_loaded(monkeypatch) -> None:
    """Every process answers the same: one that loaded all rows at once, one that read them as they came."""
    monkeypatch.setattr(ivf, "EXACT_MAX", 10)
    vectors = _clustered(3_000)
    centroids = centroids_fit(vectors)
    assert centroids is not None and np.array_equal(centroids, centroids_fit(vectors))  # k-means is repeatable
    at_once, in_parts = IvfVectorIndex(centroids), IvfVectorIndex(centroids)
    at_once.add(list(range(3_000)), vectors)
    for start in range(0, 3_000, 700):
        in_parts.add(list(range(start, min(start + 700, 3_000))), vectors[start : start + 700])
    for q in vectors[::97]:
        assert in_parts.search(q, 10) == at_once.search(q, 10)
        assert in_parts.search(q, 10, allowed_ids=range(0, 3_000, 3)) == at_once.search(q, 10, allowed_ids=range(0, 3_000, 3))


def test_too_few_comments_make_no_lists() -> None:
    assert centroids_fit(_clustered(ivf.MIN_LISTS * ivf.LIST_SIZE - 1)) is None


@pytest.mark.parametrize("name", BACKENDS)
def test_an_idset_filters_like_the_plain_ids_it_holds(systems, ids, name) -> None:
    visible = ids[2:]
    plain = systems[name].search(QUERY, k=5, allowed_ids=visible)
    assert systems[name].search(QUERY, k=5, allowed_ids=IdSet(visible)) == plain


def test_an_idset_reused_after_the_index_grew_still_filters_the_new_comments() -> None:
    index = NumpyVectorIndex(4)
    index.add(["a", "b"], np.eye(4, dtype=np.float32)[:2])
    visible = IdSet(["a", "c"])
    assert [cid for cid, _ in index.search(np.ones(4, np.float32), 5, allowed_ids=visible)] == ["a"]
    index.add(["c", "d"], np.eye(4, dtype=np.float32)[2:])
    assert [cid for cid, _ in index.search(np.ones(4, np.float32), 5, allowed_ids=visible)] == ["a", "c"]
