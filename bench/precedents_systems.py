"""The candidate precedent systems, built over a corpus of staff comments, and the scopes they search.

Used by precedents_judging.py (pooling), precedents_quality.py (scores) and precedents_speed.py.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: nothing here may reach a model hub

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from precedents_corpus import CorpusComment  # noqa: E402

from precedents.embedders import WordLlamaEmbedder  # noqa: E402
from precedents.lexical import BM25Index  # noqa: E402
from precedents.retrieval import (  # noqa: E402
    DenseRetriever,
    HybridRetriever,
    LexicalRetriever,
    Retriever,
)
from precedents.text import comment_document  # noqa: E402
from precedents.tfidf import TfidfSvdEmbedder  # noqa: E402
from precedents.vectors import NumpyVectorIndex  # noqa: E402

SYSTEMS = ("lexical", "wordllama", "tfidf-svd", "hybrid-wordllama", "hybrid-tfidf-svd", "hybrid-all")
BASELINE = "lexical"


def documents(corpus: Sequence[CorpusComment]) -> list[str]:
    return [comment_document(heading=c.heading, text=c.text) for c in corpus]


def build_systems(corpus: Sequence[CorpusComment], *, tfidf_dim: int = 256) -> dict[str, Retriever]:
    """Every candidate, indexed over the corpus. Each model indexes the corpus once: the hybrids are built
    from the same retrievers after indexing (calling add() on a hybrid would add to its parts)."""
    docs = documents(corpus)
    ids = [c.id for c in corpus]
    lexical = LexicalRetriever(BM25Index())
    lexical.add(ids, docs)
    dense: dict[str, DenseRetriever] = {}
    for name, embedder in (("wordllama", WordLlamaEmbedder()), ("tfidf-svd", TfidfSvdEmbedder.fit(docs, dim=tfidf_dim))):
        retriever = DenseRetriever(embedder, NumpyVectorIndex(embedder.dim), name=name)
        retriever.add(ids, docs)
        dense[name] = retriever
    systems: dict[str, Retriever] = {"lexical": lexical, **dense}
    systems["hybrid-wordllama"] = HybridRetriever([lexical, dense["wordllama"]], name="hybrid-wordllama")
    systems["hybrid-tfidf-svd"] = HybridRetriever([lexical, dense["tfidf-svd"]], name="hybrid-tfidf-svd")
    systems["hybrid-all"] = HybridRetriever([lexical, dense["wordllama"], dense["tfidf-svd"]], name="hybrid-all")
    return systems


def query_text(c: CorpusComment) -> str:
    """A staff comment used as a query reads exactly as it is indexed."""
    return comment_document(heading=c.heading, text=c.text)


def other_reviews(corpus: Sequence[CorpusComment], query: CorpusComment) -> set[str]:
    """What a precedent search excludes for a query comment: every comment of its own review."""
    return {c.id for c in corpus if c.review == query.review}


def other_letters(corpus: Sequence[CorpusComment], query: CorpusComment) -> set[str]:
    """What the reissue check excludes: only the query's own letter (the original is an earlier round)."""
    return {c.id for c in corpus if c.accession == query.accession}
