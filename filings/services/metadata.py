"""What a filing is (its form, dates, file number) when EDGAR does not serve its complete .txt.

The .txt carries the SGML header; without it, the folder's `{accession}-index-headers.html`
carries the same header as HTML, and the company's submissions JSON (paged files included)
carries the form, dates and file number. Only once the form is known can an upper layer tell
whether the filing is correspondence, so a filing fetched by accession through the folder is
never stored with a blank form.
"""

from __future__ import annotations

from dataclasses import dataclass

from filings.edgar.client import EdgarClient
from filings.edgar.errors import NotOnEdgarError
from filings.forms import STAFF_FORMS
from filings.models import Filing
from filings.parsers.sgml import SgmlParseError, SubmissionHeader, parse_index_headers
from filings.parsers.submissions import SubmissionsParseError, SubmissionsRow, parse_submissions_json


@dataclass
class FolderMetadata:
    header: SubmissionHeader | None = None
    row: SubmissionsRow | None = None

    @property
    def form_type(self) -> str:
        return (self.header.submission_type if self.header else "") or (self.row.form_type if self.row else "")


def folder_metadata_fetch(*, client: EdgarClient, filing: Filing, cik: int, listed: set[str]) -> FolderMetadata:
    """The header and submissions row of a filing read through its folder, as far as it lacks them.

    A header the folder does not list, or EDGAR does not serve, is simply not there; a transient
    error (a 503 that outlasted the retries) is raised, so the fetch is retried rather than stored
    without a form.
    """
    found = FolderMetadata()
    headers_name = f"{filing.accession_number}-index-headers.html"
    if _lacks_header_facts(filing) and headers_name in listed:
        try:
            raw = client.document(cik=cik, accession_number=filing.accession_number, filename=headers_name)
            found.header = parse_index_headers(raw)
        except (NotOnEdgarError, SgmlParseError):
            found.header = None
    form = found.form_type or filing.form_type
    filed = (found.header.filed_as_of if found.header else None) or filing.filing_date
    if not form or filed is None:
        found.row = submissions_row_find(client=client, cik=cik, accession_number=filing.accession_number)
    return found


def submissions_row_find(*, client: EdgarClient, cik: int, accession_number: str) -> SubmissionsRow | None:
    """The filing's row in the company's submissions JSON: the recent filings first, then the older pages."""
    try:
        main = parse_submissions_json(client.submissions(cik=cik))
    except (NotOnEdgarError, SubmissionsParseError):
        return None
    for row in main.filings:
        if row.accession_number == accession_number:
            return row
    for name in main.more_pages:
        try:
            page = parse_submissions_json(client.submissions_page(name=name))
        except (NotOnEdgarError, SubmissionsParseError):
            continue
        for row in page.filings:
            if row.accession_number == accession_number:
                return row
    return None


def _lacks_header_facts(filing: Filing) -> bool:
    if not filing.form_type or filing.filing_date is None or not filing.file_number:
        return True
    # A staff letter's header names the filing under review; the index and the submissions JSON do not.
    return filing.form_type in STAFF_FORMS and not filing.public_reference_accession
