"""Regex scans that skip what cannot match. Most of the parser's patterns need one of a few words
("revised", "regulation", "goodwill") that most texts lack, and sre, which cannot skip ahead through a
case-insensitive pattern, would otherwise try every position of every text.

The words come from each compiled pattern's own syntax tree, so they cannot drift from the pattern:
- required words: every match contains one of them; a text holding none is not scanned;
- start words: every match starts with one of them; a long text is matched only where one occurs.
Texts are checked in lower case (fold()), and a check says "no match here" only where the pattern cannot
match, so a Prefiltered search finds exactly what the pattern's own search finds. Why that holds:
- a word is a run of ASCII literals the pattern must match one after another, lower-cased;
- an ASCII literal matches, with or without IGNORECASE, only ASCII letters of either case and four other
  characters (U+0130, U+0131, U+017F, U+212A), which fold() turns into that letter;
- fold() keeps every character in its place (lower() changes lengths only for U+0130, replaced first),
  so literals adjacent in a match are adjacent in the folded text, at the same offsets;
- pattern.match(text, pos) tries exactly what pattern.search(text) tries at pos (\\b and lookbehinds see
  the text before pos; ^ does not match there).
Whatever the analysis does not know (classes, backreferences, non-ASCII literals) counts as "any text",
which only leaves fewer words: a pattern without words is run as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# The stdlib's own regex parser (Python 3.11+): the syntax tree sre compiles a pattern from.
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import NamedTuple

_LIMIT = 64  # strings kept per set; a longer set is cut to shorter heads (or tails), or given up
_EMPTY = frozenset({""})
# A text this long is matched only where a start word occurs, if one does at most once per _SPARSE characters.
_LONG = 256
_SPARSE = 25


def fold(text: str) -> str:
    """Lower case that keeps every character in place and turns what matches an ASCII letter into it."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")


class _Info(NamedTuple):
    """What is known of the strings a part of a pattern matches (None: nothing is known)."""

    exact: frozenset[str] | None  # all of them, when they are a short list
    nullable: bool  # it may match the empty string
    prefix: frozenset[str] | None  # each non-empty match starts with one of these
    suffix: frozenset[str] | None  # each non-empty match ends with one of these
    required: frozenset[str] | None  # each match contains one of these


_ANY = _Info(None, True, None, None, None)
_ONE_CHAR = _Info(None, False, None, None, None)  # a class or a literal the analysis does not read


def _fit(strings: frozenset[str] | None, *, tails: bool = False) -> frozenset[str] | None:
    """At most _LIMIT strings: each cut to its first (or last) characters, which still start (end) or
    lie within whatever the whole string did."""
    if strings is None or len(strings) <= _LIMIT:
        return strings
    for size in range(max(map(len, strings)) - 1, 0, -1):
        cut = frozenset(s[-size:] if tails else s[:size] for s in strings)
        if len(cut) <= _LIMIT:
            return cut
    return None


def _exact(strings: frozenset[str]) -> _Info:
    words = strings - _EMPTY
    return _Info(strings, "" in strings, words, words, None if "" in strings else strings)


def _product(a: frozenset[str] | None, b: frozenset[str] | None, *, tails: bool = False) -> frozenset[str] | None:
    if a is None or b is None or len(a) * len(b) > _LIMIT * _LIMIT:
        return None
    return _fit(frozenset(x + y for x in a for y in b), tails=tails)


def _union(sets: list[frozenset[str] | None], *, tails: bool = False) -> frozenset[str] | None:
    if any(s is None for s in sets):
        return None
    return _fit(frozenset().union(*sets), tails=tails)  # type: ignore[arg-type]


def _best(*sets: frozenset[str] | None) -> frozenset[str] | None:
    """The most selective usable set: its shortest word longest, then the fewest words."""
    usable = [s for s in sets if s and "" not in s]
    return max(usable, key=lambda s: (min(map(len, s)), -len(s))) if usable else None


def _concat(a: _Info, b: _Info) -> _Info:
    if a.exact is not None and b.exact is not None and len(a.exact) * len(b.exact) <= _LIMIT:
        return _exact(frozenset(x + y for x in a.exact for y in b.exact))
    if a.nullable:
        prefix = _union([a.prefix, b.prefix])
    else:  # a non-empty match of a, then one of b: longer starts when a is a short list and b never empty
        prefix = (_product(a.exact, b.prefix) if not b.nullable else None) or a.prefix
    if b.nullable:
        suffix = _union([a.suffix, b.suffix], tails=True)
    else:
        suffix = (_product(a.suffix, b.exact, tails=True) if not a.nullable else None) or b.suffix
    across = _product(a.suffix, b.prefix) if not (a.nullable or b.nullable) else None
    return _Info(None, a.nullable and b.nullable, prefix, suffix, _best(a.required, b.required, across))


def _sequence(items) -> _Info:
    # Folded from the left, the ends of a sequence are known best; from the right, its starts.
    nodes = [_node(op, av) for op, av in items]
    left = right = _exact(_EMPTY)
    for node in nodes:
        left = _concat(left, node)
    for node in reversed(nodes):
        right = _concat(node, right)
    if left.exact is not None:
        return left
    return _Info(None, left.nullable, right.prefix, left.suffix, _best(left.required, right.required))


def _node(op, av) -> _Info:
    c = sre_constants
    if op is c.LITERAL:
        return _exact(frozenset({chr(av).lower()})) if av < 128 else _ONE_CHAR
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return _exact(_EMPTY)  # zero width: it adds no characters
    if op is c.SUBPATTERN:
        return _sequence(av[-1])
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op is c.BRANCH:
        options = [_sequence(alternative) for alternative in av[1]]
        exacts = [o.exact for o in options if o.exact is not None]
        if len(exacts) == len(options):
            exact = frozenset[str]().union(*exacts)
            if len(exact) <= _LIMIT:
                return _exact(exact)
        return _Info(
            None,
            any(o.nullable for o in options),
            _union([o.prefix for o in options]),
            _union([o.suffix for o in options], tails=True),
            _union([o.required for o in options]),
        )
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
        low, high, item = av
        inner = _sequence(item)
        if low == high == 1:
            return inner
        if low == 0 and high == 1 and inner.exact is not None:
            return _exact(inner.exact | _EMPTY)
        # A non-empty match starts (ends) with the first (last) non-empty repetition.
        return _Info(None, low == 0 or inner.nullable, inner.prefix, inner.suffix, inner.required if low >= 1 else None)
    if op in (c.IN, c.ANY, c.NOT_LITERAL, c.CATEGORY):
        return _ONE_CHAR
    return _ANY


def _analyse(pattern: re.Pattern[str]) -> _Info:
    try:
        return _sequence(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # noqa: BLE001 - a syntax tree this module cannot read: nothing is known
        return _ANY


def required_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case words of which every match of pattern contains one, or None when there are none."""
    words = _best(_analyse(pattern).required)
    if not words:
        return None
    # A text holding "appears" holds "appear": the longer word need not be looked for.
    words = frozenset(w for w in words if not any(v != w and v in w for v in words))
    shortest = min(map(len, words))
    heads = frozenset(w[:shortest] for w in words)
    if len(heads) * 2 <= len(words):  # "<b", "<i", "</p", … are looked for faster as "<"
        words = heads
    return tuple(sorted(words))


def start_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case words one of which starts every match of pattern (never an empty one), or None."""
    info = _analyse(pattern)
    words = _best(info.prefix) if not info.nullable else None
    # Where "items" starts, "item" does.
    return tuple(sorted(w for w in words if not any(v != w and w.startswith(v) for v in words))) if words else None


class Prefiltered:
    """A compiled pattern that scans only where it can match. Its methods take the text and, optionally,
    its fold(), which a caller running several patterns over one text computes once. Matches are the
    pattern's own (their .pos aside, which may be where the match was tried)."""

    __slots__ = ("pattern", "words", "starts", "_short", "_cased")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.words = required_words(pattern)
        self.starts = start_words(pattern)
        # Below this length the pattern is run at once: looking for every word would cost more.
        self._short = 2 * len(self.words) if self.words else 0
        # Words without letters ("**", "<") are found in the text as it is: fold() changes only letters.
        self._cased = any(c.isalpha() for w in (self.words or ()) + (self.starts or ()) for c in w)

    def possible(self, folded: str) -> bool:
        # One substring search per word: faster than one regex of them all, which sre cannot skip through.
        words = self.words
        return words is None or len(folded) < self._short or any(map(folded.__contains__, words))

    def _tries(self, folded: str) -> list[int] | None:
        """Every offset where a match may start, in order; None when they are too many to try one by one."""
        if self.starts is None or len(folded) < _LONG:
            return None
        budget = len(folded) // _SPARSE
        if sum(map(folded.count, self.starts)) > budget:
            return None
        found: set[int] = set()
        for word in self.starts:
            at = folded.find(word)
            while at != -1:
                found.add(at)
                at = folded.find(word, at + 1)
        return sorted(found)

    # The methods below repeat possible() inline: they run hundreds of thousands of times a batch.

    def match(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        if folded is None:
            folded = fold(text) if self._cased else text
        words = self.words
        if words is not None and len(folded) >= self._short and not any(map(folded.__contains__, words)):
            return None
        return self.pattern.match(text)

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        if folded is None:
            folded = fold(text) if self._cased else text
        words = self.words
        if words is not None and len(folded) >= self._short and not any(map(folded.__contains__, words)):
            return None
        tries = self._tries(folded) if self.starts is not None and len(folded) >= _LONG else None
        if tries is None:
            return self.pattern.search(text)
        for at in tries:
            m = self.pattern.match(text, at)
            if m:
                return m
        return None

    def finditer(self, text: str, folded: str | None = None) -> Iterator[re.Match[str]]:
        if folded is None:
            folded = fold(text) if self._cased else text
        if not self.possible(folded):
            return
        tries = self._tries(folded)
        if tries is None:
            yield from self.pattern.finditer(text)
            return
        end = 0
        for at in tries:
            if at >= end:  # the next search starts where the last match ended (a match is never empty)
                m = self.pattern.match(text, at)
                if m:
                    yield m
                    end = m.end()

    def sub(self, replacement: str, text: str, folded: str | None = None) -> str:
        if folded is None:
            folded = fold(text) if self._cased else text
        return self.pattern.sub(replacement, text) if self.possible(folded) else text


def prefiltered(pattern: str, flags: int = 0) -> Prefiltered:
    return Prefiltered(re.compile(pattern, flags))
