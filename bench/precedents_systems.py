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

import re  # noqa: E402
import sqlite3  # noqa: E402
from collections.abc import Iterable  # noqa: E402

from precedents_corpus import CorpusComment  # noqa: E402

from precedents.embedders import WordLlamaEmbedder  # noqa: E402
from precedents.lexical import BM25Index, LexicalIndex  # noqa: E402
from precedents.retrieval import (  # noqa: E402
    DenseRetriever,
    HybridRetriever,
    LexicalRetriever,
    Retriever,
)
from precedents.text import PAGE_REF, STOP_WORDS, comment_document  # noqa: E402
from precedents.tfidf import TfidfSvdEmbedder  # noqa: E402
from precedents.vectors import NumpyVectorIndex  # noqa: E402

SYSTEMS = (
    "lexical",
    "wordllama",
    "tfidf-svd",
    "hybrid-wordllama",
    "hybrid-tfidf-svd",
    "hybrid-all",
    "fts5",
    "fts5-document",
    "hybrid-fts5-tfidf-svd",
    *(("postgres", "hybrid-postgres-tfidf-svd") if os.environ.get("PRECEDENTS_BENCH_POSTGRES_URL") else ()),
)
BASELINE = "lexical"


def documents(corpus: Sequence[CorpusComment]) -> list[str]:
    return [comment_document(heading=c.heading, text=c.text) for c in corpus]


_WORD = re.compile(r"[a-z0-9]+")


def fulltext_words(text: str) -> list[str]:
    """A query's words for the database engines (lower case, stop words and page references dropped), each
    as often as it occurs; only [a-z0-9] survive, so none is read as query syntax."""
    return [w for w in _WORD.findall(PAGE_REF.sub(" ", text).lower()) if w not in STOP_WORDS and len(w) > 1]


def fts5_any(words: list[str]) -> str:
    """Any of the words, each quoted and repeated as often as the query repeats it: bm25() sums over the
    phrases, so this weighs a word the query insists on as BM25 proper does (measured: +0.04 nDCG@10)."""
    return " OR ".join(f'"{word}"' for word in words)


def distinct(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))


class Fts5Index(LexicalIndex):
    """The database's full text on SQLite, in memory: the FTS5 table definition of comments/search.py
    (porter unicode61, remove_diacritics 2), asked for any of the query's words, ranked by bm25(). The
    API's index holds a comment's text only ("fts5"); "fts5-document" is given heading and text."""

    def __init__(self) -> None:
        self._db = sqlite3.connect(":memory:")
        self._db.execute(
            "CREATE VIRTUAL TABLE t USING fts5(body, object_id UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def add(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        self._db.executemany("INSERT INTO t(body, object_id) VALUES (?, ?)", list(zip(texts, ids, strict=True)))
        self._n += len(ids)

    def search(self, text: str, k: int, allowed_ids: Iterable[str] | None = None) -> list[tuple[str, float]]:
        words = fulltext_words(text)
        if not words:
            return []
        rows = self._db.execute(
            "SELECT object_id, -bm25(t) AS rank FROM t WHERE t MATCH ? ORDER BY rank DESC, object_id LIMIT ?",
            (fts5_any(words), k if allowed_ids is None else 1_000_000),
        ).fetchall()
        if allowed_ids is not None:
            allowed = set(allowed_ids)
            rows = [r for r in rows if r[0] in allowed]
        return [(cid, float(rank)) for cid, rank in rows[:k]]


class PostgresFullTextIndex(LexicalIndex):
    """The database's full text on PostgreSQL over a scratch table: to_tsvector('english', text) as the API's
    GIN index, any of the query's distinct words (plainto_tsquery ORed), ts_rank with normalisation 1.
    Used when PRECEDENTS_BENCH_POSTGRES_URL names a database the bench may create a temporary table in."""

    def __init__(self, url: str) -> None:
        import psycopg

        self._db = psycopg.connect(url, autocommit=True)
        self._db.execute("CREATE TEMPORARY TABLE t (object_id text PRIMARY KEY, body text)")
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def add(self, ids: Sequence[str], texts: Sequence[str]) -> None:
        with self._db.cursor() as cursor:
            cursor.executemany("INSERT INTO t VALUES (%s, %s)", list(zip(ids, texts, strict=True)))
        self._db.execute("CREATE INDEX IF NOT EXISTS t_fts ON t USING gin (to_tsvector('english', body))")
        self._n += len(ids)

    def search(self, text: str, k: int, allowed_ids: Iterable[str] | None = None) -> list[tuple[str, float]]:
        words = distinct(fulltext_words(text))
        if not words:
            return []
        query = " || ".join(["plainto_tsquery('english', %s)"] * len(words))
        rows = self._db.execute(
            f"SELECT object_id, ts_rank(to_tsvector('english', body), q, 1) AS r FROM t, ({'SELECT ' + query}) AS x(q) "
            "WHERE to_tsvector('english', body) @@ q ORDER BY r DESC, object_id",
            words,
        ).fetchall()
        if allowed_ids is not None:
            allowed = set(allowed_ids)
            rows = [r for r in rows if r[0] in allowed]
        return [(cid, float(rank)) for cid, rank in rows[:k]]


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
    # The database's full text as the product reads it: the comment's text alone is indexed.
    fts5 = LexicalRetriever(Fts5Index(), name="fts5")
    fts5.add(ids, [c.text for c in corpus])
    fts5_document = LexicalRetriever(Fts5Index(), name="fts5-document")
    fts5_document.add(ids, docs)
    systems["fts5"], systems["fts5-document"] = fts5, fts5_document
    systems["hybrid-fts5-tfidf-svd"] = HybridRetriever([fts5, dense["tfidf-svd"]], name="hybrid-fts5-tfidf-svd")
    if os.environ.get("PRECEDENTS_BENCH_POSTGRES_URL"):
        postgres = LexicalRetriever(PostgresFullTextIndex(os.environ["PRECEDENTS_BENCH_POSTGRES_URL"]), name="postgres")
        postgres.add(ids, [c.text for c in corpus])
        systems["postgres"] = postgres
        systems["hybrid-postgres-tfidf-svd"] = HybridRetriever([postgres, dense["tfidf-svd"]], name="hybrid-postgres-tfidf-svd")
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
