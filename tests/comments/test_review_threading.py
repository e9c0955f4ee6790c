"""Threading one company's letters into reviews: the pure rules, on small hand-written cases."""

from __future__ import annotations

from datetime import date

from comments.review_threading import COMPANY, STAFF, LetterFacts, Subject, file_number_normalize, thread_letters

TEN_K_2023 = Subject("10-K", period_end=date(2023, 12, 31), file_number="001-13759")
TEN_K_2024 = Subject("10-K", period_end=date(2024, 12, 31), file_number="001-13759")
PROXY_2024 = Subject("DEF 14A", filed=date(2024, 4, 1), file_number="001-13759")
S4 = Subject("S-4", filed=date(2024, 5, 1), file_number="333-278001")


def staff(key, on, kind="staff_comment_letter", subjects=(TEN_K_2023,), **kw):
    return LetterFacts(key=key, direction=STAFF, kind=kind, letter_date=on, subjects=tuple(subjects), **kw)


def company(key, on, answers=None, kind="company_response", subjects=(TEN_K_2023,), **kw):
    return LetterFacts(
        key=key, direction=COMPANY, kind=kind, letter_date=on, subjects=tuple(subjects), responds_to_letter_date=answers, **kw
    )


def groups(letters):
    result = thread_letters(letters)
    return sorted(sorted(t.keys) for t in result.threads), result


def test_it_threads_a_review_from_first_letter_to_review_complete():
    got, result = groups(
        [
            staff("s1", date(2024, 3, 12)),
            company("c1", date(2024, 3, 26), answers=date(2024, 3, 12)),
            staff("s2", date(2024, 4, 20)),
            company("c2", date(2024, 5, 2), answers=date(2024, 4, 20)),
            staff("done", date(2024, 5, 20), kind="review_complete"),
        ]
    )
    assert got == [["c1", "c2", "done", "s1", "s2"]]
    thread = result.threads[0]
    assert (thread.opened_on, thread.closed_on, thread.incomplete) == (date(2024, 3, 12), date(2024, 5, 20), False)
    assert thread.reasons["c1"] == "same file number 1-13759 and 10-K FY2023; answers letter dated 2024-03-12"


def test_it_starts_a_new_review_after_review_complete_for_the_next_years_10k():
    got, _ = groups(
        [
            staff("a1", date(2024, 3, 12)),
            company("a2", date(2024, 3, 26), answers=date(2024, 3, 12)),
            staff("a3", date(2024, 4, 10), kind="review_complete"),
            staff("b1", date(2025, 3, 10), subjects=[TEN_K_2024]),
            company("b2", date(2025, 3, 24), answers=date(2025, 3, 10), subjects=[TEN_K_2024]),
        ]
    )
    assert got == [["a1", "a2", "a3"], ["b1", "b2"]]


def test_it_keeps_interleaved_reviews_of_different_filings_apart():
    got, _ = groups(
        [
            staff("k1", date(2024, 3, 12)),
            staff("p1", date(2024, 3, 14), subjects=[PROXY_2024]),
            company("k2", date(2024, 3, 26), answers=date(2024, 3, 12)),
            company("p2", date(2024, 3, 28), answers=date(2024, 3, 14), subjects=[PROXY_2024]),
            staff("k3", date(2024, 4, 15)),
            staff("p3", date(2024, 4, 16), kind="review_complete", subjects=[PROXY_2024]),
            company("k4", date(2024, 4, 29), answers=date(2024, 4, 15)),
        ]
    )
    assert got == [["k1", "k2", "k3", "k4"], ["p1", "p2", "p3"]]


def test_it_prefers_the_review_of_the_same_filing_when_two_staff_letters_share_a_date():
    got, _ = groups(
        [
            staff("s4", date(2024, 5, 20), subjects=[S4]),
            staff("proxy", date(2024, 5, 20), subjects=[PROXY_2024]),
            company("answer", date(2024, 5, 24), answers=date(2024, 5, 20), subjects=[S4]),
        ]
    )
    assert got == [["answer", "s4"], ["proxy"]]


def test_it_keeps_an_s4_no_review_letter_out_of_a_10k_review():
    got, result = groups(
        [
            staff("k1", date(2024, 4, 2)),
            staff("s4", date(2024, 5, 6), kind="no_review", subjects=[S4]),
            company("k2", date(2024, 5, 8), answers=date(2024, 4, 2)),
            company("accel", date(2024, 5, 9), kind="acceleration_request", subjects=[Subject("S-4", file_number="333-278001")]),
        ]
    )
    assert got == [["accel", "s4"], ["k1", "k2"]]
    assert next(t for t in result.threads if "s4" in t.keys).closing_kind == "no_review"


def test_it_puts_a_response_whose_staff_letter_is_missing_in_a_review_flagged_incomplete():
    got, result = groups(
        [
            company("c1", date(2024, 3, 26), answers=date(2024, 3, 12)),
            staff("s2", date(2024, 4, 20), named_letter_dates=(date(2024, 3, 26),)),
            company("c2", date(2024, 5, 2), answers=date(2024, 4, 20)),
        ]
    )
    assert got == [["c1", "c2", "s2"]]
    assert result.threads[0].incomplete
    assert "not on EDGAR" in result.threads[0].reasons["c1"]


def test_it_opens_no_review_for_an_acceleration_request_about_nothing_known():
    got, result = groups([company("accel", date(2024, 5, 9), kind="acceleration_request", subjects=[S4])])
    assert got == []
    assert "not part of a comment review" in result.unthreaded["accel"]


def test_it_gives_the_same_threads_whatever_order_the_letters_arrive_in():
    letters = [
        staff("k1", date(2024, 3, 12)),
        staff("p1", date(2024, 3, 14), subjects=[PROXY_2024]),
        company("k2", date(2024, 3, 26), answers=date(2024, 3, 12)),
        company("p2", date(2024, 3, 28), answers=date(2024, 3, 14), subjects=[PROXY_2024]),
        staff("k3", date(2024, 4, 15), kind="review_complete"),
    ]
    assert groups(letters)[0] == groups(list(reversed(letters)))[0]


def test_file_numbers_compare_without_the_prefix_zeros():
    assert file_number_normalize("001-13759") == file_number_normalize("1-13759") == "1-13759"
    assert file_number_normalize(" 333-278001 ") == "333-278001"


def test_a_closing_letter_a_year_late_still_closes_the_review_of_the_same_filings():
    ten_q = Subject("10-Q", period_end=date(2018, 3, 31), file_number="001-37622")
    got, _ = groups(
        [
            staff("s1", date(2018, 8, 16), subjects=[ten_q]),
            company("c1", date(2018, 11, 27), answers=date(2018, 8, 16), subjects=[ten_q]),
            staff("done", date(2019, 11, 26), kind="review_complete", subjects=[ten_q]),  # 364 days on
        ]
    )
    assert got == [["c1", "done", "s1"]]


def test_a_staff_letter_a_year_on_under_the_same_file_number_alone_is_a_new_review():
    got, _ = groups(
        [
            staff("s1", date(2018, 8, 16), subjects=[Subject("10-Q", period_end=date(2018, 3, 31), file_number="001-37622")]),
            staff("s2", date(2019, 11, 26), subjects=[Subject("10-Q", period_end=date(2019, 6, 30), file_number="001-37622")]),
        ]
    )
    assert got == [["s1"], ["s2"]]


def test_rounds_on_a_draft_registration_statement_with_no_file_number_yet_are_one_review():
    got, result = groups(
        [
            staff("s1", date(2020, 6, 16), subjects=[Subject("DRS", filed=date(2020, 5, 20))]),
            staff("s2", date(2020, 7, 14), subjects=[Subject("DRS", filed=date(2020, 7, 2))]),
            staff("other", date(2021, 3, 1), subjects=[Subject("DRS", filed=date(2021, 2, 1))]),  # months later: another
        ]
    )
    assert got == [["other"], ["s1", "s2"]]
    assert result.threads[0].reasons["s2"] == "same draft registration statement (DRS, no file number yet)"


def test_letters_that_name_no_filing_join_the_open_review_of_no_named_filing_within_weeks():
    got, _ = groups(
        [
            staff("s1", date(2024, 4, 22), subjects=[]),
            staff("done", date(2024, 4, 29), kind="review_complete", subjects=[], file_number="001-10485"),
            staff("ten_k", date(2024, 5, 1)),  # names its filing: a review of its own
        ]
    )
    assert got == [["done", "s1"], ["ten_k"]]


def test_a_letter_of_the_same_date_in_another_filings_review_under_another_file_number_is_no_link():
    # A contested proxy's staff letter answers a reply of July 3; the company's S-4 answer is of July 3 too.
    s4 = Subject("S-4", filed=date(2019, 6, 7), file_number="333-232001")
    proxy = Subject("PREC14A", file_number="001-09210")
    got, _ = groups(
        [
            staff("s4", date(2019, 7, 1), subjects=[s4]),
            company("s4 answer", date(2019, 7, 3), answers=date(2019, 7, 1), subjects=[s4]),
            staff("proxy", date(2019, 7, 8), subjects=[proxy], responds_to_letter_date=date(2019, 7, 3)),
        ]
    )
    assert got == [["proxy"], ["s4", "s4 answer"]]
