"""EDGAR daily and full indexes: form.idx / company.idx (fixed width) and master.idx (pipe-delimited)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from filings.forms import LETTER_FORMS

CORRESPONDENCE_FORMS = LETTER_FORMS  # what the index readers keep by default

_ACCESSION_RE = re.compile(r"(\d{10}-\d{2}-\d{6})")
_DASH_LINE_RE = re.compile(r"^-{20,}\s*$")
# The right-hand columns are unambiguous; form type and company name on the left are not
# (both contain spaces, and a long company name can overflow into the CIK column).
_FIXED_ROW_RE = re.compile(r"^(?P<left>.*\S)\s+(?P<cik>\d{1,10})\s+(?P<date>\d{8}|\d{4}-\d{2}-\d{2})\s+(?P<filename>\S+)\s*$")


@dataclass(frozen=True)
class IndexEntry:
    form_type: str
    company_name: str
    cik: int
    date_filed: date
    filename: str
    accession_number: str


@dataclass(frozen=True)
class MalformedRow:
    line_number: int
    line: str
    reason: str


@dataclass
class IndexParseResult:
    entries: list[IndexEntry] = field(default_factory=list)
    malformed: list[MalformedRow] = field(default_factory=list)


class _RowError(ValueError):
    pass


def _parse_date(value: str) -> date:
    value = value.strip()
    try:
        if len(value) == 8 and value.isdigit():
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        return date.fromisoformat(value)
    except ValueError:
        raise _RowError(f"bad date {value!r}") from None


def _accession_from_filename(filename: str) -> str:
    # edgar/data/1690511/0001193125-20-031314.txt; the accession is the last path segment.
    match = _ACCESSION_RE.search(filename.rsplit("/", 1)[-1])
    if not match:
        raise _RowError(f"no accession number in file name {filename!r}")
    return match.group(1)


def _entry(*, form_type: str, company_name: str, cik: str, date_filed: str, filename: str) -> IndexEntry:
    form_type, company_name, filename = form_type.strip(), company_name.strip(), filename.strip()
    if not form_type:
        raise _RowError("empty form type")
    if not cik.strip().isdigit():
        raise _RowError(f"bad CIK {cik.strip()!r}")
    if not filename.startswith("edgar/"):
        raise _RowError(f"bad file name {filename!r}")
    return IndexEntry(
        form_type=form_type,
        company_name=company_name,
        cik=int(cik),
        date_filed=_parse_date(date_filed),
        filename=filename,
        accession_number=_accession_from_filename(filename),
    )


def _split_left(left: str, boundary: int, *, form_first: bool) -> tuple[str, str]:
    """Split the two left columns at the header's boundary, or where a value that overflows it ends."""
    if 0 < boundary < len(left) and left[boundary - 1] == " ":
        return left[:boundary], left[boundary:]
    if form_first and 0 < boundary < len(left):
        # EDGAR lets a form type longer than its column run on with one space before the company
        # ("SEC STAFF LETTER Solventum Corp"), so it ends at the first space from the column's end.
        end = left.find(" ", boundary - 1)
        if end > 0:
            return left[:end], left[end + 1 :]
    parts = re.split(r"\s{2,}", left.strip(), maxsplit=1)
    if len(parts) != 2:
        raise _RowError("cannot separate form type from company name")
    return parts[0], parts[1]


def _parse_master_row(line: str) -> IndexEntry:
    parts = line.split("|")
    if len(parts) < 5:
        raise _RowError(f"expected 5 pipe-separated fields, got {len(parts)}")
    # Company names may themselves contain a pipe; the other four fields never do.
    cik, company, form, date_filed, filename = parts[0], "|".join(parts[1:-3]), *parts[-3:]
    return _entry(form_type=form, company_name=company, cik=cik, date_filed=date_filed, filename=filename)


def _parse_fixed_row(line: str, *, form_first: bool, boundary: int) -> IndexEntry:
    match = _FIXED_ROW_RE.match(line)
    if not match:
        raise _RowError("does not end with CIK, date filed and file name")
    first, second = _split_left(match.group("left"), boundary, form_first=form_first)
    form, company = (first, second) if form_first else (second, first)
    return _entry(
        form_type=form,
        company_name=company,
        cik=match.group("cik"),
        date_filed=match.group("date"),
        filename=match.group("filename"),
    )


def parse_daily_index(text: str) -> IndexParseResult:
    """Parse any of EDGAR's index layouts; bad rows are recorded in `malformed`, never raised."""
    result = IndexParseResult()
    lines = text.splitlines()
    dash_at = next((i for i, line in enumerate(lines) if _DASH_LINE_RE.match(line)), None)
    if dash_at is None:
        if text.strip():
            result.malformed.append(MalformedRow(line_number=1, line=lines[0][:200], reason="no dash line ending the header"))
        return result

    # The column header sits just above the dash line (company.idx wraps it over two lines).
    header = "\n".join(lines[max(0, dash_at - 2) : dash_at])
    header_line = next((h for h in reversed(lines[max(0, dash_at - 2) : dash_at]) if "Company Name" in h), "")
    pipe = "|" in header
    form_first = header_line.find("Form Type") < header_line.find("Company Name") if header_line else True
    boundary = header_line.find("Company Name") if form_first else header_line.find("Form Type")

    for number, line in enumerate(lines[dash_at + 1 :], start=dash_at + 2):
        if not line.strip():
            continue
        try:
            if pipe:
                entry = _parse_master_row(line)
            else:
                entry = _parse_fixed_row(line, form_first=form_first, boundary=boundary)
        except _RowError as exc:
            result.malformed.append(MalformedRow(line_number=number, line=line, reason=str(exc)))
            continue
        result.entries.append(entry)
    return result


def daily_index_path(kind: str, day: date) -> str:
    if kind not in ("form", "master", "company"):
        raise ValueError(f"unknown daily index kind {kind!r}: expected form, master or company")
    quarter = (day.month - 1) // 3 + 1
    return f"/Archives/edgar/daily-index/{day.year}/QTR{quarter}/{kind}.{day:%Y%m%d}.idx"


def _preamble(description: str, day: date) -> list[str]:
    return [
        f"Description:           {description}",
        f"Last Data Received:    {day:%b} {day.day:>2}, {day.year}",
        "Comments:              webmaster@sec.gov",
        "Anonymous FTP:         ftp://ftp.sec.gov/edgar/",
        " ",
        " ",
        " ",
        " ",
    ]


def render_form_index(entries: Iterable[IndexEntry], *, day: date) -> str:
    """Write a daily form.idx the way EDGAR lays it out (sorted by form type, fixed-width columns)."""
    lines = _preamble("Daily Index of EDGAR Dissemination Feed by Form Type", day)
    lines.append(f"{'Form Type':<12}{'Company Name':<62}{'CIK':<12}{'Date Filed':<12}File Name")
    lines.append("-" * 141)
    for e in sorted(entries, key=lambda e: (e.form_type, e.company_name, e.accession_number)):
        lines.append(f"{e.form_type:<11} {e.company_name:<61} {e.cik:<11} {e.date_filed:%Y%m%d}    {e.filename:<52}")
    return "\n".join(lines) + "\n"


def render_master_index(entries: Iterable[IndexEntry], *, day: date) -> str:
    """Write a daily master.idx (pipe-delimited, sorted by CIK as text like EDGAR's)."""
    lines = _preamble("Daily Index of EDGAR Dissemination Feed", day)[:4] + [""]
    lines.append("CIK|Company Name|Form Type|Date Filed|File Name")
    lines.append("-" * 80)
    for e in sorted(entries, key=lambda e: (str(e.cik), e.form_type, e.accession_number)):
        lines.append(f"{e.cik}|{e.company_name}|{e.form_type}|{e.date_filed:%Y%m%d}|{e.filename}")
    return "\n".join(lines) + "\n"
