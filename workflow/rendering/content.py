"""What a response letter says, apart from how it is laid out (DOCX or HTML). Pure: no ORM.

The form follows what the staff expect of a CORRESP: the date; the staff addressee; the Re: block naming
every filing under review with its file number; a reference to the staff letter's date; each comment
restated in italics under its heading, in the staff letter's order, followed by the response; before
2016-10-05 the three acknowledgements; the company's closing and signatory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from comments.models import ACKNOWLEDGEMENTS_DROPPED_ON

SEC_ADDRESS = (
    "Division of Corporation Finance",
    "U.S. Securities and Exchange Commission",
    "100 F Street, N.E.",
    "Washington, D.C. 20549",
)

ACKNOWLEDGEMENTS = (
    "the Company is responsible for the adequacy and accuracy of the disclosure in the filing;",
    "staff comments or changes to disclosure in response to staff comments do not foreclose the Commission "
    "from taking any action with respect to the filing; and",
    "the Company may not assert staff comments as a defense in any proceeding initiated by the Commission or "
    "any person under the federal securities laws of the United States.",
)

DRAFT_MARK = "DRAFT \u2014 NOT APPROVED, NOT FOR FILING"


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@dataclass(frozen=True)
class FilingNamed:
    """One filing of the Re: block, as the letters name it."""

    form: str
    period_end: date | None = None
    filed: date | None = None
    file_number: str = ""
    amendment: int | None = None


@dataclass(frozen=True)
class RestatedComment:
    number: int
    heading: str  # the staff letter's headings above it, " / " between levels
    comment: str
    response: str
    # False in a marked draft: the response shown is not (yet) approved, or there is none.
    approved: bool = True
    status: str = "approved"


@dataclass(frozen=True)
class LetterContent:
    letter_date: date
    company_name: str
    addressee: tuple[str, ...]
    staff_letter_date: date | None
    filings: tuple[FilingNamed, ...]
    comments: tuple[RestatedComment, ...]
    signatory_name: str = ""
    signatory_title: str = ""
    closing: str = "Very truly yours,"
    final: bool = True
    staff_names: tuple[str, ...] = field(default_factory=tuple)

    @property
    def acknowledgements(self) -> tuple[str, ...]:
        """The three "Tandy" statements, which responses carried until the staff stopped asking on 2016-10-05."""
        return ACKNOWLEDGEMENTS if self.letter_date < ACKNOWLEDGEMENTS_DROPPED_ON else ()

    @property
    def salutation(self) -> str:
        return f"Dear {self.staff_names[0]}:" if len(self.staff_names) == 1 else "Ladies and Gentlemen:"

    @property
    def re_lines(self) -> list[str]:
        return re_block_lines(self.company_name, self.filings)

    @property
    def introduction(self) -> str:
        dated = f" dated {long_date(self.staff_letter_date)}" if self.staff_letter_date else ""
        return (
            f"On behalf of {self.company_name} (the \u201cCompany\u201d), we submit this letter in response to the "
            f"comments of the staff (the \u201cStaff\u201d) of the Division of Corporation Finance of the U.S. Securities "
            f"and Exchange Commission contained in your letter{dated} regarding the above-referenced "
            f"{'filings' if len(self.filings) > 1 else 'filing'}. For your convenience, each comment is restated in "
            "italics below, followed by the Company\u2019s response."
        )


_ANNUAL = {
    "10-K": "Fiscal Year Ended",
    "10-KT": "Transition Period Ended",
    "20-F": "Fiscal Year Ended",
    "40-F": "Fiscal Year Ended",
}
_QUARTERLY = {"10-Q": "Quarterly Period Ended", "10-QT": "Transition Period Ended"}


def filing_title(filing: FilingNamed) -> str:
    """ "Form 10-K for the Fiscal Year Ended December 31, 2008", "Amendment No. 1 to Form S-1"."""
    form = filing.form.upper().removesuffix("/A").strip() or "filing"
    title = f"Form {form}" if form[0].isdigit() or "-" in form else form
    if filing.amendment:
        title = f"Amendment No. {filing.amendment} to {title}"
    period = _ANNUAL.get(form) or _QUARTERLY.get(form)
    if period and filing.period_end:
        title += f" for the {period} {long_date(filing.period_end)}"
    return title


def re_block_lines(company_name: str, filings: tuple[FilingNamed, ...]) -> list[str]:
    """The Re: block: the company, each filing with the day it was filed, then the file numbers."""
    lines = [company_name]
    for filing in filings:
        lines.append(filing_title(filing))
        if filing.filed:
            lines.append(f"Filed {long_date(filing.filed)}")
    numbers = list(dict.fromkeys(f.file_number for f in filings if f.file_number))
    if numbers:
        lines.append(("File No. " if len(numbers) == 1 else "File Nos. ") + ", ".join(numbers))
    return lines


def heading_changes(comments: tuple[RestatedComment, ...]) -> list[list[str]]:
    """For each comment, the heading levels to print above it: those that differ from the comment before."""
    out: list[list[str]] = []
    previous: list[str] = []
    for comment in comments:
        levels = [h.strip() for h in comment.heading.split(" / ") if h.strip()]
        common = 0
        while common < min(len(levels), len(previous)) and levels[common] == previous[common]:
            common += 1
        out.append(levels[common:])
        previous = levels
    return out


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs: blank lines part them; a paragraph's own line breaks are kept as spaces."""
    parts = [" ".join(line.strip() for line in block.splitlines() if line.strip()) for block in text.split("\n\n")]
    return [p for p in parts if p]
