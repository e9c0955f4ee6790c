"""Rows and short synthetic letters for the comments tests. Every fixture here is made up."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date

from comments.models import Letter, StaffComment
from filings.models import Company, Document, Filing
from teams.models import Organisation
from workflow.models import Assignment

_seq = itertools.count(1)


def company_make(*, cik: int | None = None, name: str = "Acme Widgets Inc.") -> Company:
    n = next(_seq)
    return Company.objects.create(cik=cik or 9_000_000 + n, name=name)


def filing_make(
    *,
    company: Company,
    form_type: str = "CORRESP",
    filing_date: date | None = date(2015, 3, 2),
    accession_number: str | None = None,
    period_of_report: date | None = None,
    public_reference_accession: str = "",
    fetch_status: str = Filing.FetchStatus.FETCHED,
) -> Filing:
    n = next(_seq)
    filing = Filing.objects.create(
        accession_number=accession_number or f"0000{n:06d}-15-{n:06d}",
        form_type=form_type,
        filing_date=filing_date,
        period_of_report=period_of_report,
        public_reference_accession=public_reference_accession,
        source=Filing.Source.ACCESSION,
        fetch_status=fetch_status,
    )
    filing.companies.add(company)
    return filing


def document_make(
    *,
    filing: Filing,
    text: str,
    sequence: int = 1,
    type: str | None = None,
    filename: str | None = None,
    status: str = Document.ExtractionStatus.OK,
) -> Document:
    return Document.objects.create(
        filing=filing,
        sequence=sequence,
        type=filing.form_type if type is None else type,
        filename=filename or f"filename{sequence}.htm",
        text=text,
        extraction_status=status,
    )


def letter_make(
    *, company: Company, form_type: str = "UPLOAD", kind: str = "", letter_date: date | None = None, **fields
) -> Letter:
    direction = Letter.Direction.STAFF if form_type in ("UPLOAD", "LETTER") else Letter.Direction.COMPANY
    return Letter.objects.create(
        company=company, form_type=form_type, direction=direction, kind=kind, letter_date=letter_date, **fields
    )


def assignment_make(*, comment: StaffComment, owner=None) -> Assignment:
    """A team's assignment on the comment: a workflow row the parser must never lose."""
    organisation = Organisation.objects.create(name=f"Team {next(_seq)}", slug=f"team-{next(_seq)}")
    return Assignment.objects.create(organisation=organisation, comment=comment, owner=owner, due_on=date(2024, 5, 1))


# --- stand-ins for the parser's dataclasses (same fields), for tests of storing a parse ------------


@dataclass
class Comment:
    number: int
    heading: str | None = None
    page: str | None = None
    text: str = "Please explain."


@dataclass
class Response:
    number: int
    restated_comment: str | None = None
    text: str = "We will revise."
    commitment: bool = False
    commitment_text: str | None = None
    answer_type: str | None = None
    heading: str | None = None
    page: str | None = None


@dataclass
class Reference:
    form: str
    period_end: date | None = None
    filed: date | None = None
    file_number: str | None = None
    amendment: int | None = None


@dataclass
class Finding:
    statement: str
    present: bool
    evidence: str | None = None


@dataclass
class Parsed:
    kind: str = "staff_comment_letter"
    letter_date: date | None = date(2024, 3, 1)
    company_name: str | None = "Acme Widgets Inc."
    addressee: str | None = None
    signatories: list[str] = field(default_factory=list)
    staff_office: str | None = "Office of Manufacturing"
    referenced_filings: list[Reference] = field(default_factory=list)
    responds_to_letter_date: date | None = None
    comments: list[Comment] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    acknowledgements: list[Finding] | None = None
    acknowledgements_requested: bool | None = None
    literature: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    parser_version: str = "test"


def all_acknowledged(present: bool = True) -> list[Finding]:
    return [Finding(s, present) for s in ("responsibility", "no_foreclosure", "no_defense")]


# --- short synthetic letters -----------------------------------------------------------------------

STAFF_LETTER = """\
UNITED STATES
SECURITIES AND EXCHANGE COMMISSION
WASHINGTON, D.C. 20549

DIVISION OF CORPORATION FINANCE
Office of Manufacturing

February 10, 2015

Mr. Wile E. Coyote
Chief Financial Officer
Acme Widgets Inc.
1 Canyon Road
Phoenix, AZ 85001

Re: Acme Widgets Inc.
Form 10-K for the Fiscal Year Ended December 31, 2014
Filed February 2, 2015
File No. 001-34567

Dear Mr. Coyote:

We have reviewed your filing and have the following comments.

Form 10-K for the Fiscal Year Ended December 31, 2014

Management's Discussion and Analysis, page 30

1. Please quantify the effect of the price increase on net sales for each period presented.

Financial Statements

Note 2. Revenue Recognition, page 55

2. Please tell us how you determine when control of a widget passes to the customer.

We urge all persons who are responsible for the accuracy and adequacy of the disclosure in the filing to be certain that the filing includes the information the Securities Exchange Act of 1934 and all applicable Exchange Act rules require. In responding to our comments, please provide a written statement from the company acknowledging that:

- the company is responsible for the adequacy and accuracy of the disclosure in the filing;
- staff comments or changes to disclosure in response to staff comments do not foreclose the Commission from taking any action with respect to the filing; and
- the company may not assert staff comments as a defense in any proceeding initiated by the Commission or any person under the federal securities laws of the United States.

Please respond within ten business days.

Sincerely,

/s/ Road Runner

Road Runner
Branch Chief
"""

COMPANY_RESPONSE = """\
ACME WIDGETS INC.
1 Canyon Road
Phoenix, AZ 85001

March 2, 2015

VIA EDGAR

Mr. Road Runner
Branch Chief
Division of Corporation Finance
Securities and Exchange Commission
Washington, D.C. 20549

Re: Acme Widgets Inc.
Form 10-K for the Fiscal Year Ended December 31, 2014
Filed February 2, 2015
File No. 001-34567

Dear Mr. Runner:

We are responding to the comments in your letter dated February 10, 2015. For your convenience, each comment is restated below in italics, followed by our response.

Management's Discussion and Analysis, page 30

1. Please quantify the effect of the price increase on net sales for each period presented.

Response: The price increase added $12 million to net sales in 2014. In future filings we will quantify the effect of price changes on net sales.

Note 2. Revenue Recognition, page 55

2. Please tell us how you determine when control of a widget passes to the customer.

Response: Control passes when the widget is delivered to the customer's canyon.

The Company acknowledges that:

- the Company is responsible for the adequacy and accuracy of the disclosure in the filing;
- staff comments or changes to disclosure in response to staff comments do not foreclose the Commission from taking any action with respect to the filing; and
- the Company may not assert staff comments as a defense in any proceeding initiated by the Commission or any person under the federal securities laws of the United States.

Sincerely,

/s/ Wile E. Coyote

Wile E. Coyote
Chief Financial Officer
"""
