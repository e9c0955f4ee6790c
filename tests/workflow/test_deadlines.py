"""Response deadlines in SEC business days: weekends, federal holidays, one-off closures, year ends, extensions."""

from __future__ import annotations

from datetime import date

import pytest

from comments.services.deadlines import (
    DueState,
    Extension,
    due_state,
    item_1b_mark,
    response_due_on,
    response_due_original,
)
from filings.business_days import admin_closures_forget
from filings.models import FederalClosure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("letter_date", "due"),
    [
        # A Friday letter: two weekends in the ten days.
        (date(2024, 3, 1), date(2024, 3, 15)),
        # Memorial Day.
        (date(2024, 5, 20), date(2024, 6, 4)),
        # 2018-12-05, the day of mourning for President George H. W. Bush.
        (date(2018, 11, 28), date(2018, 12, 13)),
        # 2019-12-24 (closed by executive order), Christmas and New Year's Day, across the year end.
        (date(2019, 12, 16), date(2020, 1, 2)),
        # 2024-12-24, Christmas, New Year's Day: the case the issue names.
        (date(2024, 12, 20), date(2025, 1, 8)),
        # ...and a letter one business day later also skips 2025-01-09, the day of mourning for President Carter.
        (date(2024, 12, 23), date(2025, 1, 10)),
    ],
)
def test_it_counts_ten_business_days_from_the_staff_letter(letter_date, due):
    assert response_due_original(letter_date=letter_date) == due


def test_a_letter_of_2024_12_20_is_due_on_2025_01_08():
    assert response_due_on(letter_date=date(2024, 12, 20)) == date(2025, 1, 8)


def test_it_skips_a_closure_an_admin_added():
    assert response_due_original(letter_date=date(2026, 3, 2)) == date(2026, 3, 16)
    FederalClosure.objects.create(date=date(2026, 3, 10), name="Closed by executive order")
    admin_closures_forget()
    assert response_due_original(letter_date=date(2026, 3, 2)) == date(2026, 3, 17)


def test_a_superuser_adds_a_closure_in_the_admin_and_the_due_date_moves_at_once(client, django_user_model):
    admin_closures_forget()
    assert response_due_original(letter_date=date(2026, 3, 2)) == date(2026, 3, 16)
    root = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(root)
    answer = client.post("/admin/filings/federalclosure/add/", {"date": "2026-03-10", "name": "Day of mourning"})
    assert answer.status_code == 302, answer.content[:500]
    assert response_due_original(letter_date=date(2026, 3, 2)) == date(2026, 3, 17)


def test_staff_who_are_not_superusers_read_closures_but_may_not_add_one(client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", "clerk@example.com", "x", is_staff=True)
    client.force_login(clerk)
    assert client.get("/admin/filings/federalclosure/").status_code == 200
    assert client.post("/admin/filings/federalclosure/add/", {"date": "2026-03-10", "name": "x"}).status_code == 403
    assert not FederalClosure.objects.exists()


def test_the_number_of_days_is_a_setting(settings):
    settings.RESPONSE_DUE_BUSINESS_DAYS = 5
    assert response_due_original(letter_date=date(2024, 3, 1)) == date(2024, 3, 8)


def test_an_extension_until_a_date_moves_the_due_date_there():
    extension = Extension(asked_on=date(2025, 1, 2), until=date(2025, 1, 22))
    assert response_due_on(letter_date=date(2024, 12, 20), extensions=[extension]) == date(2025, 1, 22)


def test_an_extension_of_business_days_counts_from_the_due_date_it_moves():
    # From 2025-01-08: past the day of mourning (01-09) and Martin Luther King Day (01-20).
    extension = Extension(asked_on=date(2025, 1, 2), days=10, business_days=True)
    assert response_due_on(letter_date=date(2024, 12, 20), extensions=[extension]) == date(2025, 1, 24)


def test_an_extension_of_calendar_days_that_ends_on_a_weekend_runs_to_the_next_business_day():
    extension = Extension(asked_on=date(2024, 3, 12), days=15, business_days=False)
    # 2024-03-15 + 15 days is Saturday 2024-03-30.
    assert response_due_on(letter_date=date(2024, 3, 1), extensions=[extension]) == date(2024, 4, 1)


def test_an_extension_counted_from_the_staff_letter_skips_a_holiday_it_lands_before():
    # 30 calendar days from 2024-12-20 is Sunday 2025-01-19; Monday is Martin Luther King Day.
    extension = Extension(asked_on=date(2024, 12, 30), days=30, business_days=False, from_letter_date=True)
    assert response_due_on(letter_date=date(2024, 12, 20), extensions=[extension]) == date(2025, 1, 21)


def test_a_further_extension_moves_the_date_again_in_the_order_they_were_asked():
    first = Extension(asked_on=date(2016, 7, 27), until=date(2016, 8, 17))
    further = Extension(asked_on=date(2016, 8, 16), until=date(2016, 8, 22))
    assert response_due_on(letter_date=date(2016, 7, 20), extensions=[further, first]) == date(2016, 8, 22)


def test_an_extension_never_moves_the_due_date_earlier():
    early = Extension(asked_on=date(2024, 12, 23), until=date(2025, 1, 2))
    assert response_due_on(letter_date=date(2024, 12, 20), extensions=[early]) == date(2025, 1, 8)


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (date(2025, 1, 2), DueState.ON_TRACK),  # four business days before
        (date(2025, 1, 3), DueState.DUE_SOON),  # three
        (date(2025, 1, 8), DueState.DUE_SOON),  # the day itself
        (date(2025, 1, 9), DueState.OVERDUE),  # a closure, but the day after all the same
    ],
)
def test_it_says_due_soon_and_overdue_as_of_today(today, state):
    assert due_state(due_on=date(2025, 1, 8), today=today) == state


def test_due_soon_is_a_setting(settings):
    settings.RESPONSE_DUE_SOON_BUSINESS_DAYS = 5
    assert due_state(due_on=date(2025, 1, 8), today=date(2025, 1, 2)) == DueState.DUE_SOON


def test_an_answered_letter_is_neither_due_soon_nor_overdue():
    assert due_state(due_on=date(2025, 1, 8), today=date(2025, 2, 1), answered_on=date(2025, 1, 7)) == DueState.ANSWERED


def test_item_1b_flags_a_comment_on_the_day_it_is_180_days_old():
    mark = item_1b_mark(received_on=date(2024, 3, 1), fiscal_year_end="1231")
    assert mark.flag_on == date(2024, 8, 28)
    assert mark.fiscal_year_end == date(2024, 12, 31)
    assert not mark.flagged(today=date(2024, 8, 27))
    assert mark.flagged(today=date(2024, 8, 28))


def test_item_1b_counts_against_the_first_fiscal_year_end_after_the_mark():
    # Received 2024-05-01: the mark (2024-10-28) passes the 2024-09-30 year end, so it is the 2025 report's.
    mark = item_1b_mark(received_on=date(2024, 5, 1), fiscal_year_end="0930")
    assert mark.fiscal_year_end == date(2025, 9, 30)


def test_item_1b_reads_a_leap_day_year_end_in_a_common_year():
    assert item_1b_mark(received_on=date(2024, 6, 1), fiscal_year_end="0229").fiscal_year_end == date(2025, 2, 28)


def test_item_1b_without_a_fiscal_year_end_still_flags_the_comment():
    mark = item_1b_mark(received_on=date(2024, 3, 1), fiscal_year_end="")
    assert mark.fiscal_year_end is None and mark.flagged(today=date(2024, 9, 1))
