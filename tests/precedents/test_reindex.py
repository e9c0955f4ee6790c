"""A re-index (the same comments indexed again, as after a model change or a restore) gives the same
vectors and the same ranking, so a precedent list does not change under a user between two page loads."""

from __future__ import annotations

import random

import numpy as np
import pytest

from precedents.lexical import BM25Index
from precedents.retrieval import DenseRetriever, HybridRetriever, LexicalRetriever
from precedents.tfidf import TfidfSvdEmbedder
from precedents.vectors import NumpyVectorIndex
from tests.precedents.conftest import bench_candidates

# Each test runs over the product's systems, and again with the bench's wordllama candidate where it is
# installed.
with_candidates = pytest.mark.parametrize("candidates", [False, pytest.param(True, marks=bench_candidates)])


@pytest.fixture()
def wordllama_or_none(request, candidates):
    return request.getfixturevalue("wordllama") if candidates else None


QUERIES = [
    "Present the comparable GAAP measure with equal or greater prominence.",
    "Which reporting units are at risk of goodwill impairment?",
    "Quantify climate-related capital expenditures.",
    "Reconcile segment profit to consolidated income before taxes.",
]


def _systems(ids, documents, wordllama, *, order=None):
    order = order or list(range(len(ids)))
    ids = [ids[i] for i in order]
    documents = [documents[i] for i in order]
    # A re-index reuses the saved model; fitting on the sorted texts stands for "the same model".
    tfidf = TfidfSvdEmbedder.fit(sorted(documents), dim=8)
    lexical = LexicalRetriever(BM25Index())
    dense = DenseRetriever(tfidf, NumpyVectorIndex(tfidf.dim))
    parts: list = [lexical, dense]
    systems = {"lexical": lexical, "tfidf": dense}
    if wordllama is not None:
        systems["wordllama"] = DenseRetriever(wordllama, NumpyVectorIndex(wordllama.dim))
        parts.append(systems["wordllama"])
    for r in parts:
        r.add(ids, documents)
    return {**systems, "hybrid": HybridRetriever(parts)}


def _rankings(systems) -> dict[str, list[list[tuple[str, float]]]]:
    return {name: [[(p.id, p.score) for p in r.search(q, k=5)] for q in QUERIES] for name, r in systems.items()}


@with_candidates
def test_it_gives_the_same_rankings_and_scores_when_indexed_again(ids, documents, wordllama_or_none) -> None:
    assert _rankings(_systems(ids, documents, wordllama_or_none)) == _rankings(_systems(ids, documents, wordllama_or_none))


@with_candidates
def test_it_gives_the_same_rankings_whatever_order_the_comments_are_indexed_in(ids, documents, wordllama_or_none) -> None:
    shuffled = list(range(len(ids)))
    random.Random(5).shuffle(shuffled)
    first = _rankings(_systems(ids, documents, wordllama_or_none))
    again = _rankings(_systems(ids, documents, wordllama_or_none, order=shuffled))
    assert {n: [[cid for cid, _ in hits] for hits in r] for n, r in first.items()} == {
        n: [[cid for cid, _ in hits] for hits in r] for n, r in again.items()
    }


@with_candidates
def test_it_embeds_the_same_text_to_the_same_vector_every_time(documents, wordllama_or_none) -> None:
    tfidf = TfidfSvdEmbedder.fit(documents, dim=8)
    for embedder in [e for e in (tfidf, TfidfSvdEmbedder.fit(documents, dim=8), wordllama_or_none) if e is not None]:
        first, again = embedder.embed(documents), embedder.embed(list(documents))
        assert first.dtype == np.float32
        assert np.array_equal(first, again)
    assert tfidf.version == TfidfSvdEmbedder.fit(documents, dim=8).version


@with_candidates
def test_it_stores_unit_length_vectors(documents, wordllama_or_none) -> None:
    for embedder in [e for e in (TfidfSvdEmbedder.fit(documents, dim=8), wordllama_or_none) if e is not None]:
        norms = np.linalg.norm(embedder.embed(documents), axis=1)
        assert np.allclose(norms, 1.0, atol=1e-5)


@with_candidates
def test_it_ranks_the_comment_asking_the_same_thing_first(ids, documents, wordllama_or_none) -> None:
    systems = _systems(ids, documents, wordllama_or_none)
    for name in ("lexical", "hybrid"):
        top = systems[name].search("Tell us which reporting units are at risk of goodwill impairment.", k=3)
        assert {p.id for p in top} <= {ids[3], ids[4], ids[5]}, name


def test_an_index_saved_and_loaded_answers_as_before(tmp_path, ids, documents) -> None:
    model = TfidfSvdEmbedder.fit(documents, dim=8)
    index = NumpyVectorIndex(model.dim)
    index.add(ids, model.embed(documents))
    loaded = NumpyVectorIndex.load(index.save(tmp_path / "index"))
    for q in model.embed(QUERIES):
        assert loaded.search(q, 5) == index.search(q, 5)


def test_summing_a_querys_postings_in_groups_ranks_as_one_sum_does(monkeypatch, ids, documents) -> None:
    import precedents.lexical as lexical

    index = BM25Index()
    index.add(ids, documents)
    query = " ".join(documents[:4])  # many words, so many groups
    at_once = index.search(query, len(ids))
    monkeypatch.setattr(lexical, "POSTINGS_GROUP", 1)  # each word its own group
    grouped = index.search(query, len(ids))
    assert len(at_once) > 5 and [cid for cid, _ in grouped] == [cid for cid, _ in at_once]
    assert np.allclose([s for _, s in grouped], [s for _, s in at_once], rtol=1e-12)
