"""The parser never crashes and stays fast on any text: every regex is anchored or bounded (no
catastrophic backtracking) and every pass over lines is linear."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.parser import ParsedLetter, parse_letter
from devtools.letter_fragments import LETTER_FRAGMENTS

LETTER_WORDS = st.sampled_from(LETTER_FRAGMENTS)
TEXTS = st.one_of(
    st.text(max_size=3000),
    st.lists(LETTER_WORDS, max_size=400).map(" ".join),
    st.lists(st.one_of(LETTER_WORDS, st.text(max_size=20)), max_size=300).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, form=st.sampled_from([None, "UPLOAD", "CORRESP", "LETTER", "10-K"]))
def test_it_never_crashes_on_any_text(text, form):
    letter = parse_letter(text, form_type=form)
    assert isinstance(letter, ParsedLetter)
    letter.to_contract(file="x")


@settings(max_examples=50, deadline=None)
@given(
    text=st.text(max_size=2000),
    spans=st.lists(st.tuples(st.integers(-50, 2500), st.integers(-50, 2500), st.sampled_from(["i", "b"])), max_size=30),
)
def test_it_never_crashes_on_any_emphasis_spans(text, spans):
    assert isinstance(parse_letter(text, form_type="CORRESP", emphasis=spans), ParsedLetter)


@settings(max_examples=30, deadline=None)
@given(numbers=st.lists(st.integers(0, 200), max_size=200))
def test_comment_numbers_it_reports_are_positive(numbers):
    body = "\n\n".join(f"{n}. Please revise item {n}." for n in numbers)
    letter = parse_letter("Re: X\nForm 10-K\n\nDear Sir:\n\n" + body + "\n\nSincerely,\n", form_type="UPLOAD")
    assert all(c.number > 0 for c in letter.comments)


def _timed(text: str, form: str = "UPLOAD") -> float:
    start = time.perf_counter()
    parse_letter(text, form_type=form)
    return time.perf_counter() - start


def test_it_parses_100000_comment_like_lines_in_bounded_time():
    text = "Re: X\nForm 10-K\n\nDear Sir:\n\n" + "\n".join(f"{i % 150 + 1}. Please revise item {i}." for i in range(100_000))
    assert _timed(text) < 30
    assert _timed(text, "CORRESP") < 30


def test_it_parses_100000_unnumbered_lines_in_bounded_time():
    text = "\n".join("We note your disclosure on page 4 and in future filings we will revise" for _ in range(100_000))
    assert _timed(text, "CORRESP") < 30


def test_it_parses_one_huge_line_without_backtracking():
    text = "Response " + "we will " * 50_000 + "x" + " foreclose" * 20_000 + " (" * 20_000 + '"' * 20_000
    assert _timed(text, "CORRESP") < 20


def test_it_parses_ocr_garbage_in_bounded_time():
    import random

    rnd = random.Random(7)
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789.,;:-()$\\ \n\u2022/"
    text = "".join(rnd.choice(alphabet) for _ in range(1_000_000))
    assert _timed(text) < 30


def test_it_parses_30000_stray_comment_numbers_in_bounded_time():
    # A number printed apart from its text makes the parser look back for the text: that look back is bounded.
    text = "Re: X\n\nDear Sir:\n\n" + "\n\n".join("1.\n\nlower case text here" for _ in range(30_000))
    assert _timed(text) < 20


def test_it_parses_20000_comment_and_response_labels_in_bounded_time():
    text = "Dear Sir:\n\n" + "\n\n".join("Comment:\n\nWe note x.\n\nResponse:\n\nWe will revise." for _ in range(20_000))
    assert _timed(text, "CORRESP") < 20
