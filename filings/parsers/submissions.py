"""data.sec.gov submissions JSON: company facts plus parallel arrays of filings (main file or a paged file)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime


class SubmissionsParseError(ValueError):
    """The submissions JSON is not what data.sec.gov serves. Permanent for these bytes."""


@dataclass
class CompanyInfo:
    cik: int
    name: str
    tickers: list[str] = field(default_factory=list)
    sic: str = ""
    sic_description: str = ""
    state_of_incorporation: str = ""
    fiscal_year_end: str = ""
    former_names: list[dict] = field(default_factory=list)  # {"name", "from", "to"}: ISO dates or None


@dataclass
class SubmissionsRow:
    accession_number: str
    form_type: str
    filing_date: date
    report_date: date | None = None
    acceptance_datetime: datetime | None = None  # naive Eastern time, like the SGML header
    file_number: str = ""
    film_number: str = ""
    primary_document: str = ""
    primary_doc_description: str = ""


@dataclass
class CompanySubmissions:
    company: CompanyInfo | None  # None for a paged CIK##########-submissions-NNN.json
    filings: list[SubmissionsRow]
    more_pages: list[str] = field(default_factory=list)


_REQUIRED = ("accessionNumber", "form", "filingDate")
_OPTIONAL = ("reportDate", "acceptanceDateTime", "fileNumber", "filmNumber", "primaryDocument", "primaryDocDescription")


def _iso_date(value: object) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _acceptance(value: object) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        # Printed with a "Z" but the clock is Eastern: it matches the SGML header's ACCEPTANCE-DATETIME.
        return datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None


def _rows(arrays: dict) -> list[SubmissionsRow]:
    if not isinstance(arrays, dict):
        raise SubmissionsParseError("filings are not an object of parallel arrays")
    missing = [key for key in _REQUIRED if not isinstance(arrays.get(key), list)]
    if missing:
        raise SubmissionsParseError(f"missing filing arrays: {', '.join(missing)}")
    count = len(arrays["accessionNumber"])
    columns = {key: arrays.get(key) for key in (*_REQUIRED, *_OPTIONAL)}
    ragged = [
        key for key, values in columns.items() if values is not None and (not isinstance(values, list) or len(values) != count)
    ]
    if ragged:
        raise SubmissionsParseError(f"ragged filing arrays: {', '.join(ragged)} do not have {count} entries")
    rows: list[SubmissionsRow] = []
    for i in range(count):

        def text(key: str, i: int = i) -> str:
            values = columns[key]
            return str(values[i] or "") if values is not None else ""

        filed = _iso_date(arrays["filingDate"][i])
        if filed is None:
            raise SubmissionsParseError(f"bad filingDate {arrays['filingDate'][i]!r} for {text('accessionNumber')}")
        rows.append(
            SubmissionsRow(
                accession_number=text("accessionNumber"),
                form_type=text("form"),
                filing_date=filed,
                report_date=_iso_date(columns["reportDate"][i]) if columns["reportDate"] else None,
                acceptance_datetime=_acceptance(columns["acceptanceDateTime"][i]) if columns["acceptanceDateTime"] else None,
                file_number=text("fileNumber"),
                film_number=text("filmNumber"),
                primary_document=text("primaryDocument"),
                primary_doc_description=text("primaryDocDescription"),
            )
        )
    return rows


def _company(doc: dict) -> CompanyInfo:
    cik = str(doc.get("cik", ""))
    if not cik.isdigit():
        raise SubmissionsParseError(f"bad cik {doc.get('cik')!r}")
    former = [
        {
            "name": f.get("name", ""),
            "from": (_iso_date(f.get("from")) or None) and f["from"][:10],
            "to": (_iso_date(f.get("to")) or None) and f["to"][:10],
        }
        for f in doc.get("formerNames") or []
        if isinstance(f, dict)
    ]
    return CompanyInfo(
        cik=int(cik),
        name=str(doc.get("name") or ""),
        tickers=[str(t) for t in doc.get("tickers") or []],
        sic=str(doc.get("sic") or ""),
        sic_description=str(doc.get("sicDescription") or ""),
        state_of_incorporation=str(doc.get("stateOfIncorporation") or ""),
        fiscal_year_end=str(doc.get("fiscalYearEnd") or ""),
        former_names=former,
    )


def parse_submissions_json(data: bytes) -> CompanySubmissions:
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SubmissionsParseError(f"not JSON: {exc}") from None
    if not isinstance(doc, dict):
        raise SubmissionsParseError("top level is not an object")
    if "filings" not in doc:
        if "accessionNumber" in doc:
            return CompanySubmissions(company=None, filings=_rows(doc))  # a paged file IS the arrays
        raise SubmissionsParseError("neither a submissions file (no 'filings') nor a paged file (no 'accessionNumber')")
    filings = doc["filings"]
    if not isinstance(filings, dict):
        raise SubmissionsParseError("'filings' is not an object")
    pages = [str(f.get("name")) for f in filings.get("files") or [] if isinstance(f, dict) and f.get("name")]
    return CompanySubmissions(company=_company(doc), filings=_rows(filings.get("recent") or {}), more_pages=pages)
