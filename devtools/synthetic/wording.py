"""Fixed wording of synthetic letters: staff letters, company responses and short requests.

All sentences here are our own.
"""

from __future__ import annotations

import random
from datetime import date

from devtools.synthetic.people import Person

ACK_CUTOFF = date(2016, 10, 5)  # staff letters stopped requesting the three acknowledgements

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


# --- staff letter wording --------------------------------------------------------------------

STAFF_INTROS_PERIODIC = [
    "Our review of your filing was limited to the financial statements and related disclosures, and our comments follow.",
    "We have reviewed your filing, and our comments are set out below.",
    "Our review of your filings covered only the issues addressed in the comments below.",
]
STAFF_INTRO_TAIL = (
    "Some comments ask for information that will help us understand your disclosure better. "
    "Please reply within ten business days with the information requested, or let us know when you expect to reply. "
    "If you think a comment does not apply to your facts and circumstances, explain why in your reply."
)
STAFF_INTROS_REGISTRATION = [
    "We have reviewed your registration statement, and our comments follow.",
    "We have reviewed your registration statement, and our comments are set out below. Some comments ask for information that will help us understand your disclosure better.",
]
STAFF_INTROS_FOLLOWUP = [
    "We have reviewed your {resp} response to our comment letter, and our further comments follow.",
    "We have considered your {resp} letter, and our comments are set out below. References to prior comments are to the comments in our {prior} letter.",
]
STAFF_INTROS_AMENDMENT = [
    "We have reviewed your amended registration statement, and our comments follow. Unless stated otherwise, references to prior comments are to the comments in our {prior} letter.",
]
STAFF_AFTER_COMMENTS = "Once we have reviewed your response, we may have further comments."
REMINDER = (
    "We remind you that the company and its management are responsible for the accuracy and adequacy of the company's "
    "disclosures, regardless of any review, comment, action or lack of action by the staff."
)
URGE = (
    "All persons responsible for the accuracy and adequacy of the disclosure in the filing should make sure that it includes "
    "all information the federal securities laws require. The company and its management hold all the facts behind the "
    "company's disclosure, so the responsibility for its accuracy and adequacy rests with them."
)
ACK_REQUEST_LEAD = "When you respond to our comments, please include a statement from the company acknowledging that:"
ACK_REQUEST_LEAD_NO_REVIEW = (
    "If the company requests acceleration of the effective date of the registration statement, it should "
    "furnish a letter, at the time of the request, acknowledging that:"
)
ACK_REQUEST_ITEMS = [
    "the company bears responsibility for the adequacy and accuracy of the disclosure in the filing;",
    "staff comments, or changes to disclosure made in response to them, do not foreclose the Commission from taking any action with respect to the filing; and",
    "the company may not assert staff comments as a defense in any proceeding brought by the Commission or by any person under the federal securities laws of the United States.",
]
ACCELERATION_NOTE = (
    "Requests for acceleration of the effective date are governed by Rules 460 and 461. Please leave us enough "
    "time to review any amendment before the date you ask for."
)


def staff_contact(rng: random.Random, reviewers: list[Person], signer_phone: str) -> str:
    a, b = reviewers
    if rng.random() < 0.5:
        return (
            f"For questions about comments on the financial statements and related matters, you may call {a.name} at "
            f"(202) 551-{rng.randint(3000, 8999)} or {b.name} at (202) 551-{rng.randint(3000, 8999)}. For any other questions, "
            f"please call me at {signer_phone}."
        )
    return f"Questions may be directed to {a.name} at (202) 551-{rng.randint(3000, 8999)} or {b.name} at (202) 551-{rng.randint(3000, 8999)}."


# "We have completed our review" is the phrase that identifies these letters, so it stays as the brief gives it.
COMPLETE_TEXTS = [
    "We have completed our review of your filing. " + "{reminder}",
    "We have completed our review of your filings. " + "{reminder}",
    "We have completed our review of your filing, and we do not have further comments at this time.",
]
NO_FURTHER_COMMENTS = "Based on your response and the amended registration statement, we have no further comments at this time."
NO_REVIEW_TEXT = (
    "Please be advised that we have not reviewed, and do not intend to review, your registration statement. "
    "Requests for acceleration of the effective date are governed by Rules 460 and 461."
)

# --- company response wording ----------------------------------------------------------------

RESPONSE_INTROS = [
    '{company} (the "Company") submits this letter in response to the comments of the staff (the "Staff") of the Division of Corporation Finance of the Securities and Exchange Commission contained in your letter dated {staff_date} regarding the above-referenced {what}.',
    "On behalf of {company}, we are responding to the Staff's comment letter dated {staff_date} relating to the above-referenced {what}. For convenience, each comment is repeated below, followed by our response.",
    "This letter sets forth the responses of {company} to the comments of the Staff contained in its letter dated {staff_date}. The Staff's comments are reproduced below in italics and are followed by the Company's responses.",
]
COUNSEL_INTRO = (
    'On behalf of our client, {company} (the "Company"), we are submitting this letter in response to the comments '
    "of the Staff contained in its letter dated {staff_date} with respect to the above-referenced {what}. Concurrently "
    "with this letter, the Company is {verb} Amendment No. {amend} to the {what}, which reflects "
    "revisions made in response to the Staff's comments."
)
RESPONSE_MARKERS = ["Response:", "Company Response:", "RESPONSE:", "Response", ""]
ACK_FULL_VARIANTS = [
    (
        "bullets",
        "The Company acknowledges that:",
        [
            "the Company is responsible for the adequacy and accuracy of the disclosure in its filings;",
            "comments of the Staff, or changes to disclosure in response to those comments, do not foreclose the Commission from taking any action with respect to the filings; and",
            "the Company may not assert Staff comments as a defense in any proceeding initiated by the Commission or by any person under the federal securities laws of the United States.",
        ],
    ),
    (
        "paragraph",
        "",
        [
            "As requested by the Staff, we acknowledge that we are responsible for the adequacy and accuracy of the disclosure in our filings, that comments from the Staff or changes to disclosure made in response to those comments do not prevent the Commission from taking any action with respect to the filings, and that we may not raise Staff comments as a defense in any proceeding brought by the Commission or any other person under the federal securities laws of the United States.",
        ],
    ),
    (
        "numbered",
        "In connection with this response, the Company acknowledges the following:",
        [
            "(1) it is responsible for the adequacy and accuracy of the disclosure in the filing;",
            "(2) Staff comments, or changes to disclosure made in response to Staff comments, do not foreclose the Commission from taking action on the filing; and",
            "(3) it may not assert Staff comments as a defense in any proceeding initiated by the Commission or by any person under the U.S. federal securities laws.",
        ],
    ),
]
ACK_FIRST_ONLY = [
    "We acknowledge that the Company and its management are responsible for the accuracy and adequacy of the Company's disclosures, whatever the review, comments or actions of the Staff, or their absence.",
    "The Company understands that it is responsible for the adequacy and accuracy of the disclosure in its filings.",
]
RESPONSE_CLOSINGS = [
    "If you have any questions about this response, please contact me at {phone}.",
    "Please direct any questions regarding this letter to the undersigned at {phone}.",
    "We appreciate the Staff's review. Should you have further questions, please call me at {phone}.",
]
SIGNOFFS = ["Sincerely,", "Very truly yours,", "Respectfully submitted,", "Yours truly,"]
