"""Reviews from stored letters: threading in the post-parse step, each comment's life, the figures.

Every letter here is a short made-up one, stored as a filing's document and taken through the same
path as ingestion (filing_letters_process), so the parser, the links and threading all run for real.
"""

from __future__ import annotations

import importlib
import json
import random
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from comments.models import CompanyResponse, Letter, Review, StaffComment
from comments.review_selectors import review_figures, review_timeline
from comments.services import company_reviews_thread, filing_letters_process, reviews_thread_all
from teams.models import Role
from tests.comments.factories import company_make, document_make, filing_make
from tests.teams.factories import intake, member_make, organisation_make

pytestmark = pytest.mark.django_db

TEN_K = """Form 10-K for the Fiscal Year Ended December 31, 2023
Filed February 20, 2024
File No. 001-13759"""
PROXY = """Definitive Proxy Statement on Schedule 14A
Filed April 1, 2024
File No. 001-13759"""
S4 = """Registration Statement on Form S-4
Filed May 1, 2024
File No. 333-278001"""


def _long(when: date) -> str:
    return f"{when:%B} {when.day}, {when.year}"


def staff_letter(
    when: date, comments: list[str], re_block: str = TEN_K, heading: str = "Management's Discussion and Analysis, page 45"
) -> str:
    body = "\n\n".join(f"{n}. {text}" for n, text in enumerate(comments, start=1))
    return f"""UNITED STATES SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549

{_long(when)}

Jane Doe
Chief Financial Officer
Acme Widgets Inc.
1 Main Street
Springfield, IL 62701

Re: Acme Widgets Inc.
{re_block}

Dear Ms. Doe:

We have reviewed your filing and have the following comments. In some of our comments, we may ask you to provide us with information so we may better understand your disclosure.

{heading}

{body}

We remind you that the company and its management are responsible for the accuracy and adequacy of their disclosures.

Sincerely,

Division of Corporation Finance
Office of Manufacturing
"""


def review_complete(when: date, re_block: str = TEN_K) -> str:
    return f"""UNITED STATES SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549

{_long(when)}

Jane Doe
Chief Financial Officer
Acme Widgets Inc.

Re: Acme Widgets Inc.
{re_block}

Dear Ms. Doe:

We have completed our review of your filing. We remind you that the company and its management are responsible for the accuracy and adequacy of their disclosures.

Sincerely,

Division of Corporation Finance
Office of Manufacturing
"""


def no_review(when: date, re_block: str = S4) -> str:
    return f"""UNITED STATES SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549

{_long(when)}

Jane Doe
Chief Financial Officer
Acme Widgets Inc.

Re: Acme Widgets Inc.
{re_block}

Dear Ms. Doe:

This is to advise you that we have not reviewed and will not review your registration statement.

Please refer to Rules 460 and 461 regarding requests for acceleration.

Sincerely,

Division of Corporation Finance
Office of Manufacturing
"""


def company_response(when: date, answers: date, comments: list[tuple[str, str]], re_block: str = TEN_K) -> str:
    body = "\n\n".join(f"{n}. {comment}\n\nResponse: {answer}" for n, (comment, answer) in enumerate(comments, start=1))
    return f"""Acme Widgets Inc.
1 Main Street
Springfield, IL 62701

{_long(when)}

Division of Corporation Finance
Office of Manufacturing
U.S. Securities and Exchange Commission
100 F Street, N.E.
Washington, D.C. 20549

Re: Acme Widgets Inc.
{re_block}

Dear Mr. Roe:

This letter responds to the comments of the staff of the Securities and Exchange Commission in your letter dated {_long(answers)}. For your convenience, each comment is restated in italics below, followed by our response.

Management's Discussion and Analysis, page 45

{body}

If you have any questions, please contact the undersigned.

Sincerely,

John Smith
Chief Financial Officer
"""


FIRST_ROUND = [
    "Please revise your discussion of results of operations to quantify each factor you cite for the change in revenue.",
    "Please tell us how you determined that your two operating segments may be aggregated into one reportable segment.",
]
ANSWERS = [
    "In future filings we will revise our discussion to quantify each factor that contributed to the change in revenue.",
    "We respectfully advise the staff that the two operating segments have similar economic characteristics and margins.",
]


def store(company, form: str, text: str, filed: date) -> Letter:
    filing = filing_make(company=company, form_type=form, filing_date=filed)
    document_make(filing=filing, text=text)
    letters = filing_letters_process(filing_id=filing.pk)
    assert len(letters) == 1 and letters[0].parse_status == Letter.ParseStatus.PARSED
    return Letter.objects.get(pk=letters[0].pk)


def ten_k_review(company) -> dict[str, Letter]:
    """Two rounds on the 10-K: a comment answered, then reissued, then review complete."""
    return {
        "s1": store(company, "UPLOAD", staff_letter(date(2024, 3, 12), FIRST_ROUND), date(2024, 3, 12)),
        "c1": store(
            company,
            "CORRESP",
            company_response(date(2024, 3, 26), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS))),
            date(2024, 3, 26),
        ),
        "s2": store(
            company,
            "UPLOAD",
            staff_letter(
                date(2024, 4, 22),
                [
                    "We note your response to prior comment 1 and reissue it in part. Please also quantify the effect of price changes on revenue.",
                ],
            ),
            date(2024, 4, 22),
        ),
        "c2": store(
            company,
            "CORRESP",
            company_response(
                date(2024, 5, 3),
                date(2024, 4, 22),
                [
                    (
                        "We note your response to prior comment 1 and reissue it in part. Please also quantify the effect of price changes on revenue.",
                        "In future filings we will quantify the effect of price changes on revenue.",
                    )
                ],
            ),
            date(2024, 5, 3),
        ),
        "done": store(company, "UPLOAD", review_complete(date(2024, 5, 20)), date(2024, 5, 20)),
    }


def grouping(company) -> list[list[str]]:
    rows = Letter.objects.filter(company=company).order_by("letter_date", "pk")
    groups: dict[int | None, list[str]] = {}
    for letter in rows:
        groups.setdefault(letter.review_id, []).append(f"{letter.letter_date} {letter.kind}")
    return sorted(groups.values())


def test_it_threads_a_review_from_first_staff_letter_to_review_complete():
    company = company_make()
    letters = ten_k_review(company)
    review = Review.objects.get(company=company)
    assert set(review.letters.values_list("pk", flat=True)) == {letter.pk for letter in letters.values()}
    assert (review.status, review.rounds, review.comment_count) == (Review.Status.CLOSED, 2, 3)
    assert (review.opened_on, review.closed_on, review.incomplete) == (date(2024, 3, 12), date(2024, 5, 20), False)
    assert (review.subject_form, review.subject_period_end, review.subject_file_number) == (
        "10-K",
        date(2023, 12, 31),
        "001-13759",
    )
    assert Letter.objects.get(pk=letters["c1"].pk).review_reason == (
        "same file number 1-13759 and 10-K FY2023; answers letter dated 2024-03-12"
    )


def test_it_derives_days_open_response_lags_and_the_release_estimate():
    company = company_make()
    ten_k_review(company)
    figures = review_figures(review_timeline().get(company=company))
    assert figures.days_open == 69
    assert [(lag.days, lag.business_days) for lag in figures.response_lags] == [(14, 10), (11, 9)]
    # 20 business days after 2024-05-20, Memorial Day (05-27) skipped.
    assert figures.estimated_release_on == date(2024, 6, 18)


def test_a_response_that_prints_no_date_takes_its_lag_from_when_it_was_filed():
    company = company_make()
    first = store(company, "UPLOAD", staff_letter(date(2024, 3, 12), FIRST_ROUND), date(2024, 3, 12))
    text = company_response(date(2024, 3, 26), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS)))
    undated = store(company, "CORRESP", text.replace(f"{_long(date(2024, 3, 26))}\n", "", 1), date(2024, 3, 26))
    store(company, "UPLOAD", review_complete(date(2024, 4, 15)), date(2024, 4, 15))
    figures = review_figures(review_timeline().get(company=company))
    # The letter's only other date is the period in its Re: block, which cannot be when it answered.
    assert [(lag.letter_id, lag.answers_letter_id) for lag in figures.response_lags] == [(undated.pk, first.pk)]
    assert [(lag.days, lag.business_days) for lag in figures.response_lags] == [(14, 10)]


def test_it_follows_a_reissued_comment_back_to_its_earlier_round():
    company = company_make()
    letters = ten_k_review(company)
    first = {c.number: c for c in StaffComment.objects.filter(letter=letters["s1"])}
    follow_up = StaffComment.objects.get(letter=letters["s2"])
    assert follow_up.reissues_id == first[1].pk
    assert first[1].reissued_as.get() == follow_up
    assert [first[1].status, first[2].status, follow_up.status] == [
        StaffComment.Status.REISSUED,
        StaffComment.Status.RESOLVED,
        StaffComment.Status.RESOLVED,
    ]


def test_a_comment_is_responded_while_a_live_review_waits_for_the_staff():
    company = company_make()
    organisation = organisation_make()
    editor = member_make(organisation=organisation, role=Role.EDITOR)
    staff = intake(
        data=staff_letter(date(2024, 3, 12), FIRST_ROUND).encode(), company=company, organisation=organisation, user=editor
    ).letter
    intake(
        data=company_response(date(2024, 3, 26), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS))).encode(),
        company=company,
        organisation=organisation,
        user=editor,
        form_type="CORRESP",
    )
    review = Review.objects.get(company=company)
    assert (review.status, review.is_private, review.organisation) == (Review.Status.AWAITING_STAFF, True, organisation)
    assert set(StaffComment.objects.filter(letter=staff).values_list("status", flat=True)) == {StaffComment.Status.RESPONDED}


def test_one_organisations_live_review_stays_apart_from_anothers():
    company = company_make()
    mine, theirs = organisation_make(), organisation_make()
    for organisation in (mine, theirs):
        editor = member_make(organisation=organisation, role=Role.EDITOR)
        intake(
            data=staff_letter(date(2024, 3, 12), FIRST_ROUND).encode(), company=company, organisation=organisation, user=editor
        )
    assert sorted(Review.objects.filter(company=company).values_list("organisation", flat=True)) == sorted([mine.pk, theirs.pk])
    assert {r.letters.get().organisation_id for r in Review.objects.filter(company=company)} == {mine.pk, theirs.pk}


def test_a_company_letter_keeps_its_restated_comments_on_its_responses():
    company = company_make()
    letters = ten_k_review(company)
    assert not StaffComment.objects.filter(letter=letters["c1"]).exists()
    responses = list(letters["c1"].responses.order_by("position"))
    assert [r.comment.letter_id for r in responses] == [letters["s1"].pk] * 2
    assert responses[0].heading.endswith("page 45") and responses[0].page == "45"


def test_it_keeps_interleaved_reviews_of_the_10k_and_the_proxy_apart():
    company = company_make()
    store(company, "UPLOAD", staff_letter(date(2024, 3, 12), FIRST_ROUND), date(2024, 3, 12))
    store(
        company,
        "UPLOAD",
        staff_letter(
            date(2024, 4, 15),
            ["Please disclose how the compensation committee set the bonus targets for 2023 and why."],
            re_block=PROXY,
            heading="Executive Compensation, page 30",
        ),
        date(2024, 4, 15),
    )
    store(
        company,
        "CORRESP",
        company_response(date(2024, 3, 26), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS))),
        date(2024, 3, 26),
    )
    store(
        company,
        "CORRESP",
        company_response(
            date(2024, 4, 25),
            date(2024, 4, 15),
            [
                (
                    "Please disclose how the compensation committee set the bonus targets for 2023 and why.",
                    "In future filings we will disclose how the committee set the bonus targets.",
                )
            ],
            re_block=PROXY,
        ),
        date(2024, 4, 25),
    )
    store(company, "UPLOAD", review_complete(date(2024, 5, 2), re_block=PROXY), date(2024, 5, 2))
    store(company, "UPLOAD", review_complete(date(2024, 5, 20)), date(2024, 5, 20))
    assert grouping(company) == [
        ["2024-03-12 staff_comment_letter", "2024-03-26 company_response", "2024-05-20 review_complete"],
        ["2024-04-15 staff_comment_letter", "2024-04-25 company_response", "2024-05-02 review_complete"],
    ]


def test_an_s4_no_review_letter_stays_out_of_the_10k_review():
    company = company_make()
    store(company, "UPLOAD", staff_letter(date(2024, 3, 12), FIRST_ROUND), date(2024, 3, 12))
    store(company, "UPLOAD", no_review(date(2024, 5, 6)), date(2024, 5, 6))
    store(
        company,
        "CORRESP",
        company_response(date(2024, 5, 8), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS))),
        date(2024, 5, 8),
    )
    statuses = sorted(Review.objects.filter(company=company).values_list("subject_form", "status"))
    assert statuses == [("10-K", Review.Status.CLOSED), ("S-4", Review.Status.NO_REVIEW)]
    assert grouping(company) == [
        ["2024-03-12 staff_comment_letter", "2024-05-08 company_response"],
        ["2024-05-06 no_review"],
    ]


def test_a_response_whose_staff_letter_is_missing_lands_in_a_review_flagged_incomplete():
    company = company_make()
    store(
        company,
        "CORRESP",
        company_response(date(2024, 3, 26), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS))),
        date(2024, 3, 26),
    )
    store(company, "UPLOAD", review_complete(date(2024, 4, 10)), date(2024, 4, 10))
    review = Review.objects.get(company=company)
    assert (review.incomplete, review.status, review.letters.count()) == (True, Review.Status.CLOSED, 2)
    assert "not on EDGAR" in review.letters.get(kind=Letter.Kind.COMPANY_RESPONSE).review_reason


def test_a_review_stores_the_figures_the_metrics_read_and_a_private_copy_is_not_counted():
    company = company_make()
    letters = ten_k_review(company)
    organisation = organisation_make()
    editor = member_make(organisation=organisation, role=Role.EDITOR)
    # Another team's private copy of the first staff letter sits beside it in the public review.
    copy = intake(
        data=staff_letter(date(2024, 3, 12), FIRST_ROUND).encode(), company=company, organisation=organisation, user=editor
    )
    review = Review.objects.get(company=company)
    assert Letter.objects.get(pk=copy.letter.pk).review_id == review.pk
    figures = review_figures(review_timeline().get(pk=review.pk))
    assert review.letter_count == len(letters) == figures.letters - 1
    assert review.response_lags == [[lag.days, lag.business_days] for lag in figures.response_lags] == [[14, 10], [11, 9]]
    assert review.topics == figures.topics and review.topics
    # Reviews threaded before the figures were stored get them from the migration, the same.
    Review.objects.filter(pk=review.pk).update(letter_count=0, topics=[], response_lags=[])
    backfill = importlib.import_module("comments.migrations.0010_review_stored_figures")
    backfill.figures_fill(django_apps, None)
    again = Review.objects.get(pk=review.pk)
    assert (again.letter_count, again.topics, again.response_lags) == (review.letter_count, review.topics, review.response_lags)


def _state(company) -> tuple:
    reviews = sorted(
        (r.opened_on, r.closed_on, r.status, r.rounds, r.comment_count, r.incomplete, r.subject_form)
        for r in Review.objects.filter(company=company)
    )
    letters = sorted((str(x.letter_date), x.kind, x.review_reason) for x in Letter.objects.filter(company=company))
    comments = sorted(
        (c.letter.letter_date, c.number, c.status, c.reissues.number if c.reissues else None)
        for c in StaffComment.objects.filter(letter__company=company).select_related("letter", "reissues")
    )
    return reviews, letters, comments, grouping(company)


def test_a_full_rethread_gives_what_threading_letter_by_letter_gave():
    company = company_make()
    ten_k_review(company)
    incremental = _state(company)
    ids = set(Review.objects.filter(company=company).values_list("pk", flat=True))
    reviews_thread_all()
    assert _state(company) == incremental
    assert set(Review.objects.filter(company=company).values_list("pk", flat=True)) == ids  # ids are kept
    Review.objects.filter(company=company).delete()
    reviews_thread_all(company_ids=[company.pk])
    assert _state(company) == incremental


def test_letters_arriving_out_of_order_thread_the_same():
    in_order, shuffled = company_make(), company_make()
    ten_k_review(in_order)
    texts = [
        ("UPLOAD", review_complete(date(2024, 5, 20)), date(2024, 5, 20)),
        ("CORRESP", company_response(date(2024, 3, 26), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS))), date(2024, 3, 26)),
        ("UPLOAD", staff_letter(date(2024, 3, 12), FIRST_ROUND), date(2024, 3, 12)),
    ]
    for form, text, filed in texts:
        store(shuffled, form, text, filed)
    assert grouping(shuffled) == [
        ["2024-03-12 staff_comment_letter", "2024-03-26 company_response", "2024-05-20 review_complete"]
    ]


def _links(company) -> tuple:
    letters = sorted(
        (str(x.letter_date), x.kind, str(x.responds_to.letter_date) if x.responds_to else "")
        for x in Letter.objects.filter(company=company).select_related("responds_to")
    )
    answers = sorted(
        (str(r.letter.letter_date), r.number, str(r.comment.letter.letter_date) if r.comment else "")
        for r in CompanyResponse.objects.filter(letter__company=company).select_related("letter", "comment__letter")
    )
    return letters, answers


@pytest.mark.parametrize("seed", range(6))
def test_every_order_of_arrival_ends_with_the_same_links_and_reviews(seed):
    # EDGAR publishes out of order, and workers parse in any order: what is stored at the end may not depend on it.
    reissue = "We note your response to prior comment 1 and reissue it in part. Please also quantify price effects."
    undated_answer = company_response(date(2024, 5, 3), date(2024, 4, 22), [(reissue, "We will quantify price effects.")])
    letters = [
        ("UPLOAD", staff_letter(date(2024, 3, 12), FIRST_ROUND), date(2024, 3, 12)),
        ("CORRESP", company_response(date(2024, 3, 26), date(2024, 3, 12), list(zip(FIRST_ROUND, ANSWERS))), date(2024, 3, 26)),
        ("UPLOAD", staff_letter(date(2024, 4, 22), [reissue]), date(2024, 4, 22)),
        # Names no letter it answers: it goes to the latest staff letter before it, whenever that one arrives.
        ("CORRESP", undated_answer.replace(" in your letter dated April 22, 2024", ""), date(2024, 5, 3)),
        ("UPLOAD", review_complete(date(2024, 5, 20)), date(2024, 5, 20)),
    ]
    in_order, shuffled = company_make(), company_make()
    for form, text, filed in letters:
        store(in_order, form, text, filed)
    order = random.Random(seed).sample(letters, len(letters))
    for form, text, filed in order:
        store(shuffled, form, text, filed)
    assert _links(in_order)[0][3] == ("2024-05-03", "company_response", "2024-04-22")
    assert (_links(shuffled), _state(shuffled)) == (_links(in_order), _state(in_order)), [f for _, _, f in order]


def test_threading_a_company_takes_the_same_queries_however_many_letters_it_has(django_assert_max_num_queries):
    small, large = company_make(), company_make()
    ten_k_review(small)
    for year in (2021, 2022, 2023):
        for when, form, text in [
            (
                date(year, 3, 12),
                "UPLOAD",
                staff_letter(date(year, 3, 12), FIRST_ROUND, re_block=TEN_K.replace("2023", str(year - 1))),
            ),
            (date(year, 5, 20), "UPLOAD", review_complete(date(year, 5, 20), re_block=TEN_K.replace("2023", str(year - 1)))),
        ]:
            store(large, form, text, when)
    ten_k_review(large)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        company_reviews_thread(company_id=small.pk)
    with CaptureQueriesContext(connection) as many:
        company_reviews_thread(company_id=large.pk)
    assert Review.objects.filter(company=large).count() == 4
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_reviews_command_prints_one_json_object_per_review(capsys):
    company = company_make(cik=1234567)
    letters = ten_k_review(company)
    call_command("reviews", "--cik", "1234567", "--json")
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert (row["cik"], row["status"], row["rounds"], row["days_open"]) == (1234567, "closed", 2, 69)
    assert row["subject"]["form"] == "10-K" and row["subject"]["file_number"] == "001-13759"
    assert [letter["accession"] for letter in row["letters"]] == [
        letters[k].filing.accession_number for k in ("s1", "c1", "s2", "c2", "done")
    ]
