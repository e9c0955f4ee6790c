"""How each comment was answered (tests/labels/README.md): the answer type of each response, on small
hand-written answers and letters."""

from __future__ import annotations

import pytest

from comments.parser import ANSWER_TYPES, ParsedResponse, parse_letter
from comments.parser.answers import classify_answer, staff_request
from comments.parser.changes import find_change

COMPANY_HEAD = """April 4, 2024

VIA EDGAR

Division of Corporation Finance
Office of Manufacturing
U.S. Securities and Exchange Commission

Re: Acme Widgets, Inc.
{re}

Dear Ms. Roe:

Acme Widgets, Inc. (the "Company") submits this letter in response to the comments of the staff (the "Staff")
in your letter dated March 20, 2024. For your convenience, each comment is restated below, followed by our response.

"""
COMPANY_TAIL = """
If you have any questions, please call me at (555) 010-0000.

Sincerely,

/s/ Jane Roe
Jane Roe
Chief Financial Officer
"""
RE_10K = "Form 10-K for the Fiscal Year Ended December 31, 2023\nFiled February 20, 2024\nFile No. 001-12345"
RE_S1 = "Amendment No. 1 to Registration Statement on Form S-1\nFiled March 1, 2024\nFile No. 333-270001"


def company(body: str, re: str = RE_10K) -> str:
    return COMPANY_HEAD.format(re=re) + body + COMPANY_TAIL


def types(text: str) -> list[tuple[int, str]]:
    return [(r.number, r.answer_type) for r in parse_letter(text, form_type="CORRESP").responses]


# --- changes already made count as revised --------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "In response to the Staff's comment, the Company has revised the disclosure on page 45 of Amendment No. 2.",
        "The Registration Statement has been revised on pages 12 and 13 to describe the lock-up terms.",
        "Please see the revised disclosure on page 67 of Amendment No. 2.",
        "Please see page 45 of the Amended Registration Statement.",
        "The Company has refiled Exhibit 10.3 to include all of its schedules.",
        "Concurrently with this letter, the Company is filing Amendment No. 1 to the Form 10-K to include the signed consent.",
        "We filed Amendment No. 1 to our Form 10-K on April 2, 2024 with the revised certifications.",
        "We expanded our discussion of backlog in our Form 10-Q for the quarter ended March 31, 2024, filed on May 2, 2024.",
        "Beginning with our Form 10-Q for the quarter ended March 31, 2024, filed on May 2, 2024, we expanded the table of reserves.",
        "In response to the Staff's comment, the Company has removed the statement.",
        "Revised disclosure appears on page 5 under the caption Dilution.",
        "The Company has made the requested changes throughout the prospectus.",
        "Amendment No. 2 includes the audited financial statements for the year ended December 31, 2023.",
        "The risk factor was revised in the amended registration statement to name the supplier.",
        "Please see the section titled Dilution in Amendment No. 2.",
        "The legal opinion has been revised to cover the guarantees.",
    ],
)
def test_it_reads_a_change_already_made_as_revised(answer):
    assert find_change(answer) is not None and find_change(answer)[0] == "revised"


@pytest.mark.parametrize(
    "answer",
    [
        "In future filings, we will expand our discussion of segment results.",
        "We propose to revise the disclosure in future filings as follows:",
        "The Company will refile the agreement as an exhibit to its next Form 10-Q.",
        "The Company intends to file an amendment to its Form 10-K once the auditor's consent is signed.",
        "We have decided to disclose the amounts in our next annual report.",
        "In future filings, we will no longer use the term core earnings.",
    ],
)
def test_it_reads_a_promise_as_will_revise(answer):
    assert find_change(answer) == ("will_revise", answer)


@pytest.mark.parametrize(
    "answer",
    [
        # a correction described as history, not a change made for the staff
        "In the fourth quarter the Company revised the presentation on its statements of cash flows.",
        # an adjective, not a revision: the company defends its text
        "We believe this updated disclosure already quantifies each factor.",
        "We revised the disclosure in our earnings release as we said we would.",
        "We will not revise the disclosure in future filings.",
        "The Company has not revised the disclosure because the amounts are not material.",
        "We will continue to present the measure in future filings.",
    ],
)
def test_it_reads_no_change_in_words_that_only_sound_like_one(answer):
    assert find_change(answer) is None


def test_a_revision_made_now_wins_over_a_promise_in_the_same_answer():
    answer = (
        "In future filings we will also discuss the backlog by segment. "
        "In addition, we have revised the disclosure on page 34 of Amendment No. 1."
    )
    assert find_change(answer)[0] == "revised"


# --- without a change: declined, provided_information, clarified -------------------------------------


@pytest.mark.parametrize(
    "comment, asked",
    [
        ("Please revise to quantify each factor you cite.", "change"),
        ("To the extent material, discuss the effects of the new rules on your results.", "change"),
        ("If material, provide disclosure about your purchases of carbon credits.", "change"),
        ("Please tell us, and in future filings disclose, the class of each building.", "change"),
        ("Please tell us how you determined that the reserve is adequate.", "information"),
        (
            "Please tell us how you considered providing disclosure about the fines. • Discuss the potential effects on your customers.",
            "information",
        ),
        ("Please expand on your analysis of the qualitative factors.", "information"),
        ("Please discuss the materiality of any contacts with the countries named above.", "information"),
        ("We note the increase in receivables from 2022 to 2023.", None),
    ],
)
def test_it_tells_a_request_for_a_change_from_a_request_for_information(comment, asked):
    assert staff_request(comment) == asked


def test_it_calls_an_answer_that_makes_no_asked_for_change_declined():
    got = classify_answer(
        "We respectfully believe the current disclosure on page 27 already quantifies the material factors.",
        restated="Please revise to quantify the factors to which the changes are attributed.",
    )
    assert got.type == "declined" and got.commitment_text is None


def test_it_calls_an_explanation_asked_for_provided_information():
    got = classify_answer(
        "The reserve covers all inherent losses; we considered the age of the loans, their history and our charge-offs.",
        restated="Please explain to us how you determined that this reserve is adequate.",
    )
    assert got.type == "provided_information"


def test_it_calls_a_short_pointer_to_existing_text_clarified_when_the_staff_asked_nothing():
    got = classify_answer(
        "The Company refers the Staff to the disclosure on page 38 under the caption Opinions of Advisors.",
        restated="We note the merger consideration may change before closing.",
    )
    assert got.type == "clarified"


def test_a_conditional_promise_is_not_a_commitment():
    got = classify_answer(
        "If these amounts become material, we will disclose them in future filings.",
        restated="Please disclose the amounts of the credits you purchased.",
    )
    assert got.type == "declined"


# --- letters --------------------------------------------------------------------------------------------


def test_commitment_is_true_exactly_for_revised_and_will_revise():
    letter = parse_letter(
        company(
            """1. Please revise the table on page 12 to show each segment.

Response: We have revised the table on page 12 of Amendment No. 2 to show each segment.

2. Please disclose the amount of the fine in future filings.

Response: In future filings we will disclose the amount of the fine.

3. Please tell us how you determined the useful lives of the ships.

Response: We determined the useful lives from the builders' estimates and our own experience with ships of the same class.
""",
            re=RE_S1,
        ),
        form_type="CORRESP",
    )
    assert [(r.number, r.answer_type, r.commitment) for r in letter.responses] == [
        (1, "revised", True),
        (2, "will_revise", True),
        (3, "provided_information", False),
    ]
    assert [r["answer_type"] for r in letter.to_contract(file="x.htm")["responses"]] == [
        "revised",
        "will_revise",
        "provided_information",
    ]


def test_one_combined_answer_covers_every_comment_it_follows():
    assert types(
        company(
            """1. Please revise the table on page 12 to show each segment.

2. Please also revise the table on page 14 to show each region.

Response to Comments 1 and 2: We have revised the tables on pages 12 and 14 of Amendment No. 2.

3. Please tell us how you determined the useful lives of the ships.

Response: We determined the useful lives from the builders' estimates and our own experience.
""",
            re=RE_S1,
        )
    ) == [(1, "revised"), (2, "revised"), (3, "provided_information")]


def test_an_answer_pointing_to_the_revision_under_another_comment_takes_its_type():
    assert types(
        company("""1. Please revise your discussion of liquidity to address the covenant.

Response: In future filings we will expand the liquidity discussion to describe the covenant and our headroom under it.

2. Please also address the covenant in your risk factors.

Response: Please see our response to Comment 1 above, where we explain how the covenant and the related risk affect our liquidity in more detail than a risk factor would.
""")
    ) == [(1, "will_revise"), (2, "will_revise")]


def test_a_pointer_to_an_answer_that_declines_does_not_carry_over_when_the_answer_says_more():
    assert types(
        company("""1. Please disclose the fines you paid in 2023.

Response: We respectfully submit that the fines were not material, and no additional disclosure is necessary.

2. Please tell us the amount of each fine and how you assessed its materiality.

Response: Please see our response to Comment 1. The fines were $0.2 million, $0.1 million and $0.05 million; we assessed each against our net income and our reputation with customers.
""")
    ) == [(1, "declined"), (2, "provided_information")]


def test_a_stray_number_in_an_answer_does_not_swallow_the_comments_after_it():
    letter = parse_letter(
        company("""1. Please tell us how you measure backlog.

Response: We measure backlog as signed orders not yet shipped.

2. Please tell us the backlog at each year end.

Response: Backlog was $12 million at the end of 2023, measured under the Company's policy described on the page below.

15. Backlog Policies of the Company, a heading of our internal manual, is on file with our auditors.

3. Please tell us the backlog by segment.

Response: Backlog was $8 million in Industrial and $4 million in Consumer.
"""),
        form_type="CORRESP",
    )
    assert [r.number for r in letter.responses] == [1, 2, 3]


def test_a_response_carries_the_heading_and_page_of_the_comment_it_restates():
    letter = parse_letter(
        company("""Form 10-K for the Fiscal Year Ended December 31, 2023

Liquidity and Capital Resources, page 45

1. Please tell us how you measure backlog.

Response: We measure backlog as signed orders not yet shipped.
"""),
        form_type="CORRESP",
    )
    (response,) = letter.responses
    assert response.heading.endswith("Liquidity and Capital Resources, page 45") and response.page == "45"
    contract = letter.to_contract(file="x.htm")["responses"][0]
    assert (contract["heading"], contract["page"]) == (response.heading, "45")


def test_a_response_without_an_answer_type_follows_its_commitment_and_a_contradiction_is_refused():
    assert ParsedResponse(1, None, "We will revise.", True, "We will revise.").answer_type == "will_revise"
    assert ParsedResponse(1, None, "Here is why.", False, None).answer_type in ANSWER_TYPES
    with pytest.raises(ValueError):
        ParsedResponse(1, None, "Here is why.", True, None, answer_type="declined")
