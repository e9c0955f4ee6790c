"""Topics tied to a kind of filing rather than to an industry: the offering and the merger in registration
statements, executive compensation in registration statements and proxies.

All sentences here are our own; `{name}` placeholders are filled by the drafter.
"""

from __future__ import annotations

from devtools.synthetic.topics.topic import Topic

REGISTRATION_TOPICS: tuple[Topic, ...] = (
    Topic(
        key="offering",
        headings_periodic=(),
        headings_registration=(
            ("Prospectus Summary", "Overview, page {p}"),
            ("Use of Proceeds, page {p}",),
            ("Dilution, page {p}",),
            ("Capitalization, page {p}",),
        ),
        comments=(
            "Please balance the discussion of your competitive strengths in the summary with an equally prominent discussion of the most significant challenges you face.",
            "Please disclose the approximate amount of net proceeds you intend to use for each of the purposes you identify. If you have no current specific plan for a significant portion of the proceeds, please say so.",
            "Your summary refers to you as a market leader. Please disclose the basis for this statement or remove it.",
            "Please revise your dilution table to reflect the conversion of all outstanding convertible preferred stock upon completion of the offering.",
        ),
        subitems=(
            "the amount allocated to research and development;",
            "the amount allocated to sales and marketing expansion;",
            "any amount used to repay indebtedness, with its interest rate and maturity.",
        ),
        followups=(
            "We note your revised disclosure in response to prior comment {prior}. Please also disclose the interest rate and maturity of the indebtedness to be repaid.",
        ),
        answers=(
            "The Company respectfully advises the Staff that the statement is supported by the third-party industry report referenced on page {p}, which ranks the Company first by unit shipments in its category.",
        ),
        commitments=(
            "In response to the Staff's comment, the Company has revised the disclosure on page {p} of Amendment No. {amend}.",
            "The Company has revised the Registration Statement on pages {p} and {p2} to address the Staff's comment.",
        ),
    ),
    Topic(
        key="compensation",
        headings_periodic=(
            ("Compensation Discussion and Analysis", "Annual Cash Incentive Awards, page {p}"),
            ("Executive Compensation", "Pay Versus Performance, page {p}"),
        ),
        headings_registration=(("Executive Compensation", "Summary Compensation Table, page {p}"),),
        comments=(
            "Please disclose the specific performance targets used to determine annual incentive payouts and the actual results achieved against each target.",
            "Please explain how the compensation committee used the peer group data it reviewed and identify the companies included in the peer group.",
            "Your disclosure indicates that the committee exercised discretion to increase payouts above the formula result. Please describe the factors the committee considered.",
        ),
        subitems=(),
        followups=(
            "We note your response to prior comment {prior}. Please confirm that you will disclose the targets once the performance period has ended.",
        ),
        answers=(
            "The Company respectfully advises the Staff that the targets for the completed performance period were the adjusted operating income and free cash flow goals approved by the committee in February, and that disclosure of targets for the current period would cause competitive harm.",
        ),
        commitments=(
            "In future proxy statements we will disclose each performance target, the weighting assigned to it and the actual result achieved.",
        ),
    ),
    Topic(
        key="merger",
        headings_periodic=(),
        headings_registration=(
            ("The Merger", "Background of the Merger, page {p}"),
            ("The Merger", "Opinion of Financial Advisor, page {p}"),
            ("Material U.S. Federal Income Tax Consequences of the Merger, page {p}",),
        ),
        comments=(
            "Please expand the background discussion to describe the alternative transactions considered by the board and why they were rejected.",
            "Please disclose any fees paid to the financial advisor during the past two years by either party to the merger.",
            "Please revise to state clearly that counsel has opined that the merger will qualify as a reorganization, and file the tax opinion as an exhibit.",
        ),
        subitems=(),
        followups=(
            "We note your revised disclosure in response to prior comment {prior}. Please also disclose how the exchange ratio changed between the initial proposal and the final agreement.",
        ),
        answers=(
            "The Company respectfully advises the Staff that no other party submitted a written proposal during the process described on page {p}.",
        ),
        commitments=(
            "In response to the Staff's comment, the Company has revised the disclosure on pages {p} and {p2} of Amendment No. {amend}.",
        ),
    ),
)
