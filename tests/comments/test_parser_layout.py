"""Headings, pages and page furniture as extracted text prints them: wrapped page numbers, headings run
together or glued to the text above, letterheads repeated on every page. Small hand-written letters."""

from __future__ import annotations

from comments.parser import parse_letter
from comments.parser.acknowledgements import find_acknowledgements
from comments.parser.references import parse_reference_text

STAFF_HEAD = """March 3, 2024

Jane Roe
Chief Financial Officer
Acme Widgets, Inc.

Re: Acme Widgets, Inc.
Form 10-K for the Fiscal Year Ended December 31, 2023
File No. 001-12345

Dear Ms. Roe:

We have reviewed your filing and have the following comments.

After reviewing your response to these comments, we may have additional comments.

"""
STAFF_TAIL = """
You may contact John Doe at (202) 551-0000 with any questions.

Sincerely,

Division of Corporation Finance
"""
COMPANY_HEAD = """April 4, 2024

Re: Acme Widgets, Inc.
Form 10-K for the Fiscal Year Ended December 31, 2023
File No. 001-12345

Dear Ms. Roe:

This letter responds to the comments of the staff in your letter dated March 3, 2024. Each comment is restated below.
"""
COMPANY_TAIL = """
If you have any questions, please call me.

Sincerely,

Jane Roe
"""


def staff(body: str):
    return parse_letter(STAFF_HEAD + body + STAFF_TAIL, form_type="UPLOAD")


def company(body: str):
    return parse_letter(COMPANY_HEAD + body + COMPANY_TAIL, form_type="CORRESP")


def headings(letter) -> list[tuple[int, str | None, str | None]]:
    return [(c.number, c.heading.split(" / ")[-1] if c.heading else None, c.page) for c in letter.comments]


def test_it_reads_a_page_number_wrapped_onto_the_next_line():
    letter = staff("""Management's Discussion and Analysis of Financial Condition and Results of Operations, page
34

1. Please quantify each factor you cite for the change in revenue.
""")
    assert headings(letter) == [
        (1, "Management's Discussion and Analysis of Financial Condition and Results of Operations, page 34", "34")
    ]


def test_it_splits_headings_of_several_levels_run_together_on_one_line():
    letter = staff("""Form 10-K for the Fiscal Year Ended December 31, 2023

Item 7. Management's Discussion and Analysis of Financial Condition and Results of Operations General, page 77

1. Please tell us how management uses backlog.

Form 8-K furnished October 30, 2023 Exhibit 99.1, page 1

2. Please present the comparable GAAP measure first.
""")
    assert headings(letter) == [(1, "General, page 77", "77"), (2, "Exhibit 99.1, page 1", "1")]
    assert letter.comments[0].heading.split(" / ")[-2].startswith("Item 7. Management's Discussion")


def test_it_keeps_the_heading_of_the_comments_before_across_a_letterhead_repeated_on_each_page():
    letter = company("""
Liquidity and Capital Resources, page 45

1. Please tell us how you fund the plant.

Response: We fund the plant from operating cash flow.

Acme Widgets, Inc.
April 4, 2024
Page 2 of 3

2. Please tell us when the plant opens.

Response: The plant opens in 2025, when its permits are granted and the

Acme Widgets, Inc.
April 4, 2024
Page 3 of 3

equipment is installed.
""")
    assert headings(letter) == [
        (1, "Liquidity and Capital Resources, page 45", "45"),
        (2, "Liquidity and Capital Resources, page 45", "45"),
    ]
    assert letter.responses[1].text == "The plant opens in 2025, when its permits are granted and the equipment is installed."


def test_it_reads_a_heading_glued_under_the_paragraph_above():
    letter = company("""Form 10-K for the Fiscal Year Ended December 31, 2023
Note 20. Segment Information, page 99

1. Please tell us how you identified your operating segments.

Response: We identified them from the reports our chief operating decision maker reviews.
Results of Operations, page 46
2. Please quantify each factor you cite.

Response: In future filings we will quantify each factor.
""")
    assert headings(letter) == [(1, "Note 20. Segment Information, page 99", "99"), (2, "Results of Operations, page 46", "46")]


def test_a_line_of_quoted_text_is_not_a_heading_and_the_heading_above_carries_on():
    letter = company("""Costs and Expenses, page 26

1. Please quantify each factor you cite.

Response: In future filings we will quantify each factor, as follows:

Depreciation and amortization expense was relatively flat as a percent of sales

2. Please tell us the nature of the legal matter.

Response: The matter was a wage claim settled in 2023.
""")
    assert headings(letter) == [(1, "Costs and Expenses, page 26", "26"), (2, "Costs and Expenses, page 26", "26")]


def test_it_finds_the_headings_above_a_comment_label_and_above_a_run_in_introduction():
    assert headings(
        company("""Item 2. Properties, page 48

Comment No. 1
1. Please tell us the class of each building.

Response: The Company does not classify its buildings.
""")
    ) == [(1, "Item 2. Properties, page 48", "48")]
    assert headings(
        staff("""Note 2. Summary of Significant Accounting Policies

We have reviewed your responses to the prior comments and have the following comments related to segment disclosures.

1. Please revise to disclose revenue from your country of domicile.
""")
    ) == [(1, "Note 2. Summary of Significant Accounting Policies", None)]


def test_it_reads_a_page_with_a_decimal_part():
    assert headings(
        staff("""Exhibit, page 99.1

1. Please present the comparable GAAP measure first.
""")
    ) == [(1, "Exhibit, page 99.1", "99.1")]


# --- the Re: block ---------------------------------------------------------------------------------------


def test_it_reads_proxy_contest_forms_printed_as_edgar_codes():
    got = parse_reference_text("PREC14A filed March 1, 2024 by Activist Fund LP | File No. 001-12345")
    assert [(f.form, f.file_number) for f in got] == [("PREC14A", "001-12345")]
    got = parse_reference_text(
        "Definitive Additional Materials | DFAN14A | Filed May 2, 2024 by Activist Fund LP | File No. 001-12345"
    )
    assert [f.form for f in got] == ["DFAN14A"]


def test_it_reads_a_proxy_code_on_the_company_line_of_the_re_block():
    letter = parse_letter(
        """May 1, 2024

Re: Acme Widgets, Inc. DFAN14A filed April 28, 2024 by Activist Fund LP
File No. 001-12345

Dear Mr. Fund:

We have reviewed your filing and have the following comment.

1. Please characterize each statement of opinion as such.

Sincerely,

Office of Mergers and Acquisitions
""",
        form_type="UPLOAD",
    )
    assert letter.company_name == "Acme Widgets, Inc."
    assert [(f.form, f.file_number) for f in letter.referenced_filings] == [("DFAN14A", "001-12345")]


def test_it_reads_a_file_number_printed_on_the_next_line_or_wrapped_at_its_dash():
    assert (
        parse_reference_text("Form 10-K for the year ended December 31, 2023 | File No.: | 001-12345")[0].file_number
        == "001-12345"
    )
    assert (
        parse_reference_text("Form 10-K for the year ended December 31, 2023 | File No. 001- | 12345")[0].file_number
        == "001-12345"
    )
    assert parse_reference_text("Form 10-K for the year ended December 31, 2023 | File | No. 1-4567")[0].file_number == "1-4567"
    assert parse_reference_text("Form 10-K for the year ended December 31, 2023 | Filed February 20, 2024")[0].file_number is None


# --- acknowledgements in other words ---------------------------------------------------------------------


def test_it_reads_the_acknowledgements_said_in_other_words():
    text = (
        "The Company acknowledges that it is responsible for the accuracy and adequacy of its disclosure; that staff "
        "comments do not prevent the Commission from taking any action with respect to the filing; and that it may not "
        "rely on staff comments as a defense in any proceeding initiated by the Commission."
    )
    assert [(a.statement, a.present) for a in find_acknowledgements(text)] == [
        ("responsibility", True),
        ("no_foreclosure", True),
        ("no_defense", True),
    ]
    assert find_acknowledgements("The Commission is not precluded from taking any action on the filing.")[1].present is True
    assert find_acknowledgements("This does not limit our sales to the SEC in the proceeding.")[1].present is False


# --- letters typeset as images, confidential treatment, supplemental answers to a call --------------------

IMAGE_LETTER = """ACME WIDGETS, INC. | 1 Main Street | Springfield, IL 62701
April 4, 2024

Re: Acme Widgets, Inc.
Form 10-K for the Fiscal Year Ended December 31, 2023
File No. 001-12345

Dear Ms. Roe:

This letter responds to the comments of the staff in your letter dated March 3, 2024.

Liquidity and Capital Resources, page 45

1. Please disclose how you will fund the new plant.

Response: In future filings we will disclose that the plant is funded from operating cash flow and that the
\fACME WIDGETS, INC. | 1 Main Street | Springfield, IL 62701
revolving credit facility covers any shortfall.

2. Please tell us when the plant opens.

Response: The plant opens in 2025.

Sincerely,

Jane Roe
"""


def test_it_drops_a_letterhead_repeated_on_each_page_and_joins_the_response_a_page_break_cut():
    letter = parse_letter(IMAGE_LETTER, form_type="CORRESP")
    assert [(r.number, r.answer_type) for r in letter.responses] == [(1, "will_revise"), (2, "provided_information")]
    assert letter.responses[0].text.endswith("that the revolving credit facility covers any shortfall.")
    assert headings(letter)[1] == (2, "Liquidity and Capital Resources, page 45", "45")


def test_it_reads_a_confidential_treatment_letter_with_redactions():
    letter = company("""Confidential Treatment Requested by Acme Widgets, Inc. Pursuant to 17 C.F.R. 200.83

Revenue Recognition, page 60

1. Please tell us the amounts you recognized from your largest customer.

Response: The Company recognized [***] million from its largest customer in 2023, [***]% of revenue.

Confidential Treatment Requested by Acme Widgets, Inc. Pursuant to 17 C.F.R. 200.83
AWI-0002

2. Please revise to disclose the customer's name.

Response: The Company has revised the disclosure on page 60 of Amendment No. 1 to name the customer.
""")
    assert [(r.number, r.answer_type) for r in letter.responses] == [(1, "provided_information"), (2, "revised")]
    assert headings(letter) == [(1, "Revenue Recognition, page 60", "60"), (2, "Revenue Recognition, page 60", "60")]


def test_it_reads_a_supplemental_letter_that_answers_questions_asked_on_a_call():
    letter = company("""On behalf of the Company, we provide below our supplemental response to the questions the Staff asked during
our telephone call of April 2, 2024 about the Company's response to the comments in your letter dated March 3, 2024.

1. The Staff asked how the Company allocates corporate costs to its segments.

Response: The Company allocates corporate costs by each segment's share of revenue.

2. The Staff asked whether the Company will disclose the allocation method.

Response: In future filings the Company will disclose the allocation method in its segment note.
""")
    assert letter.kind == "company_response"
    assert [(r.number, r.answer_type) for r in letter.responses] == [(1, "provided_information"), (2, "will_revise")]
