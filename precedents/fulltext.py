"""A precedent query as the database's full-text index reads it. Pure.

The letters search (comments/search.py) requires every word, as a search box does; a precedent query is a
whole staff comment, so any of its words may match and the engine's ranking (FTS5's bm25() on SQLite,
ts_rank on PostgreSQL) orders the comments that share the most and rarest of them.
"""

from __future__ import annotations

import re

from precedents.text import PAGE_REF, STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+")


def fulltext_words(text: str) -> list[str]:
    """The query's words (lower case, stop words and page references dropped), each as often as it
    occurs. Only [a-z0-9] survive, so no word can be read as query syntax by either engine."""
    return [w for w in _WORD.findall(PAGE_REF.sub(" ", text).lower()) if w not in STOP_WORDS and len(w) > 1]


def fts5_any(words: list[str]) -> str:
    """An FTS5 expression matching a row holding any of the words, each quoted. A word is repeated as
    often as the query repeats it: bm25() sums over the phrases, so a word the comment insists on weighs
    more, as in BM25 proper (measured: bench/RESULTS-precedents.md)."""
    return " OR ".join(f'"{word}"' for word in words)


def distinct(words: list[str]) -> list[str]:
    return list(dict.fromkeys(words))
