"""allowed_ids is how a private letter is kept out of another organisation's results: whatever the
backend and however broad or narrow the filter, a comment outside it is never returned."""

from __future__ import annotations

import numpy as np
import pytest

from precedents.lexical import BM25Index
from precedents.retrieval import DenseRetriever, HybridRetriever, LexicalRetriever
from precedents.rows import IdSet
from precedents.tfidf import TfidfSvdEmbedder
from precedents.vectors import NumpyVectorIndex
from tests.precedents.conftest import BENCH_CANDIDATES_INSTALLED, bench_candidates

if BENCH_CANDIDATES_INSTALLED:
    from precedents.vectors_hnsw import HnswVectorIndex

# The bench's HNSW backend is checked where hnswlib is installed; the product searches with numpy.
BACKENDS = ["lexical", "numpy", pytest.param("hnsw", marks=bench_candidates), "hybrid"]

QUERY = "Present the comparable GAAP measure with equal or greater prominence than adjusted EBITDA."


@pytest.fixture()
def systems(ids, documents):
    tfidf = TfidfSvdEmbedder.fit(documents, dim=8)
    lexical = LexicalRetriever(BM25Index())
    flat = DenseRetriever(tfidf, NumpyVectorIndex(tfidf.dim))
    systems = {"lexical": lexical, "numpy": flat, "hybrid": HybridRetriever([lexical, flat])}
    if BENCH_CANDIDATES_INSTALLED:
        systems["hnsw"] = DenseRetriever(tfidf, HnswVectorIndex(tfidf.dim))
    for r in (lexical, flat, systems.get("hnsw")):
        if r is not None:
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


def _random_index(n: int, dim: int = 16) -> tuple[HnswVectorIndex, np.ndarray]:
    vectors = np.random.default_rng(1).standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    index = HnswVectorIndex(dim, capacity=n)
    index.add(list(range(n)), vectors)
    return index, vectors


@bench_candidates
@pytest.mark.parametrize("fraction", [0.01, 0.5, 0.99])
def test_the_graph_index_honours_narrow_and_broad_filters(monkeypatch, fraction) -> None:
    import precedents.vectors_hnsw as hnsw

    monkeypatch.setattr(hnsw, "EXACT_FILTER_MAX", 50)  # so the broad filters take the graph-walk path
    index, vectors = _random_index(2_000)
    allowed = set(range(0, 2_000, int(1 / fraction)))
    for q in vectors[:20]:
        hits = index.search(q, 10, allowed_ids=allowed)
        assert len(hits) == min(10, len(allowed)) and {cid for cid, _ in hits} <= allowed


@bench_candidates
def test_the_graph_index_finds_what_exact_search_finds(ids) -> None:
    index, vectors = _random_index(3_000)
    exact = index.exact
    overlap = [len({c for c, _ in index.search(q, 10)} & {c for c, _ in exact.search(q, 10)}) / 10 for q in vectors[:50]]
    assert np.mean(overlap) >= 0.95


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
