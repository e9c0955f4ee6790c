"""Short made-up letters and rows for the workflow tests. Every fixture here is written for these tests."""

from __future__ import annotations

import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from comments.models import Letter
from comments.services.intake import private_letter_intake
from filings.models import Company
from teams.models import Membership, Organisation, Role

_seq = itertools.count(1)

COMMENTS = [
    (
        "Form 10-K for the Fiscal Year Ended December 31, 2023 / Management's Discussion and Analysis, page 45",
        "Please revise your discussion of results of operations to quantify each factor you cite for the change in revenue.",
    ),
    (
        "Form 10-K for the Fiscal Year Ended December 31, 2023 / Note 4. Segments, page 82",
        "Please tell us how you determined that your two operating segments may be aggregated into one reportable segment.",
    ),
    (
        "Form 10-Q for the Quarterly Period Ended June 30, 2024 / Liquidity, page 31",
        "Please disclose the amounts available under your revolving credit facility at the end of the quarter.",
    ),
]


def long_date(when: date) -> str:
    return f"{when:%B} {when.day}, {when.year}"


def staff_letter_text(when: date, comments: list[tuple[str, str]] = COMMENTS, company: str = "Acme Widgets Inc.") -> str:
    """A staff comment letter on a 10-K and a 10-Q, with its comments under their headings."""
    body, previous = [], []
    for n, (heading, text) in enumerate(comments, start=1):
        levels = heading.split(" / ")
        common = 0
        while common < min(len(levels), len(previous)) and levels[common] == previous[common]:
            common += 1
        body += levels[common:]
        body.append(f"{n}. {text}")
        previous = levels
    joined = "\n\n".join(body)
    return f"""UNITED STATES SECURITIES AND EXCHANGE COMMISSION
Washington, D.C. 20549

{long_date(when)}

Jane Doe
Chief Financial Officer
{company}
1 Main Street
Springfield, IL 62701

Re: {company}
Form 10-K for the Fiscal Year Ended December 31, 2023
Filed February 20, 2024
Form 10-Q for the Quarterly Period Ended June 30, 2024
Filed August 1, 2024
File No. 001-37711

Dear Ms. Doe:

We have reviewed your filings and have the following comments. In some of our comments, we may ask you to provide us with information so we may better understand your disclosure.

Please respond to these comments within ten business days by providing the requested information or advise us as soon as possible when you will respond.

{joined}

We remind you that the company and its management are responsible for the accuracy and adequacy of their disclosures, notwithstanding any review, comments, action or absence of action by the staff.

Sincerely,

Division of Corporation Finance
Office of Manufacturing
"""


def extension_request_text(when: date, answers: date, until: date, company: str = "Acme Widgets Inc.") -> str:
    return f"""{company}
1 Main Street
Springfield, IL 62701

{long_date(when)}

VIA EDGAR

Division of Corporation Finance
Office of Manufacturing
U.S. Securities and Exchange Commission
100 F Street, N.E.
Washington, D.C. 20549

Re: {company}
Form 10-K for the Fiscal Year Ended December 31, 2023
File No. 001-37711

Ladies and Gentlemen:

We are in receipt of your letter dated {long_date(answers)} regarding the above-referenced filing. We have begun to gather the information requested, and we respectfully request an extension of the deadline for our response until {long_date(until)}.

Sincerely,

John Smith
Chief Financial Officer
"""


def company_make(*, cik: int | None = None, name: str = "Acme Widgets Inc.", fiscal_year_end: str = "1231") -> Company:
    return Company.objects.create(cik=cik or 8_100_000 + next(_seq), name=name, fiscal_year_end=fiscal_year_end)


def organisation_make(name: str = "Acme reporting team") -> Organisation:
    n = next(_seq)
    return Organisation.objects.create(name=f"{name} {n}", slug=f"org-{n}")


def member_make(organisation: Organisation, role: str, username: str | None = None):  # noqa: ANN201
    user = get_user_model().objects.create_user(username or f"{role}-{next(_seq)}", password="a long test passphrase")
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def upload(
    *,
    organisation: Organisation,
    user,
    company: Company,
    text: str,
    form_type: str = "UPLOAD",  # noqa: ANN001
    name: str | None = None,
) -> Letter:
    """A letter through private intake, as a member sends it."""
    filename = name or f"letter-{next(_seq)}.txt"
    intake = private_letter_intake(
        uploaded_file=SimpleUploadedFile(filename, text.encode(), content_type="text/plain"),
        company=company,
        organisation=organisation,
        user=user,
        form_type=form_type,
    )
    return Letter.objects.get(pk=intake.letter.pk)


class Team:
    """An organisation with one member of each role, two editors and two approvers."""

    def __init__(self) -> None:
        self.organisation = organisation_make()
        self.viewer = member_make(self.organisation, Role.VIEWER)
        self.editor = member_make(self.organisation, Role.EDITOR)
        self.other_editor = member_make(self.organisation, Role.EDITOR)
        self.approver = member_make(self.organisation, Role.APPROVER)
        self.other_approver = member_make(self.organisation, Role.APPROVER)
        self.admin = member_make(self.organisation, Role.ADMIN)
