"""What the precedent index reads of a staff comment, and how text becomes search terms. Pure.

The lexical scorer and the corpus-trained TF-IDF model share `terms()`, so both see the same words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import snowballstemmer

# The longest staff comment in the sample is about 3,300 characters; three times that still fits any
# comment, and refusing more keeps one request from scoring a whole letter or a pasted filing.
MAX_QUERY_CHARS = 10_000


class PrecedentQueryError(ValueError):
    """A query the precedent search cannot run. The message says why, for the user to fix the query."""


# The filing-title segment of a heading ("Form 10-K for the Fiscal Year Ended December 31, 2015",
# "Amendment No. 2 to Registration Statement on Form S-1") names a company's filing and period, which
# says nothing about the issue and would pull comments of the same year together.
_FILING_TITLE = re.compile(
    r"\b(?:forms?\s+(?:10-?k|10-?q|8-?k|20-?f|40-?f|6-?k|s-\d+|f-\d+|10-12[bg])|schedule\s+14[ac]|"
    r"registration\s+statement|draft\s+registration|proxy\s+statement|def(?:initive)?\s+14a|pre(?:liminary)?\s+14[ac]|"
    r"amendment\s+no\.)",
    re.IGNORECASE,
)
PAGE_REF = re.compile(r"\b(?:pages?|pp?\.)\s*[A-Z]?-?\d+(?:\s*(?:-|–|to|and|,)\s*[A-Z]?-?\d+)*", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_HAS_WORD = re.compile(r"\w")

# PostgreSQL's `english` text-search configuration drops the Snowball stop words and stems the rest; doing
# the same keeps this stand-in close to the full-text backend that will replace it.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "s",
        "t",
    ]
)  # noqa: SIM905

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def terms(text: str) -> list[str]:
    """Lower-cased, stop words dropped, Snowball-stemmed words; page references are removed first."""
    lowered = PAGE_REF.sub(" ", text).lower().replace("\u2019", "'")
    return [_stem(w) for w in _WORD.findall(lowered) if w not in STOP_WORDS]


def heading_for_index(heading: str | None) -> str:
    """The heading path without its filing-title segments and page references."""
    if not heading:
        return ""
    parts = [p.strip() for p in heading.split(" / ")]
    kept = [p for p in parts if p and not _FILING_TITLE.search(p)]
    return " / ".join(PAGE_REF.sub("", p).strip(" ,;:-") for p in kept).strip()


def comment_document(*, heading: str | None, text: str, topics: Sequence[str] = ()) -> str:
    """The text indexed for one staff comment: its heading path, then its text, then its topics."""
    lines = [heading_for_index(heading), text.strip()]
    if topics:
        lines.append(" ".join(t.replace("_", " ") for t in topics))
    return "\n".join(line for line in lines if line)


def query_validate(text: object) -> str:
    """The query text, stripped; PrecedentQueryError if it is not text, empty, too long or has no words."""
    if not isinstance(text, str):
        raise PrecedentQueryError(f"a precedent query must be text, not {type(text).__name__}")
    stripped = text.strip()
    if not stripped:
        raise PrecedentQueryError("the precedent query is empty: give the text of a staff comment")
    if len(stripped) > MAX_QUERY_CHARS:
        raise PrecedentQueryError(
            f"the precedent query is {len(stripped):,} characters; the limit is {MAX_QUERY_CHARS:,} "
            "(about three times the longest staff comment): search with one comment, not a whole letter"
        )
    if not _HAS_WORD.search(stripped):
        raise PrecedentQueryError("the precedent query has no words to search for")
    return stripped
