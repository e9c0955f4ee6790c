"""Build small EDGAR-shaped folders for tests, written here rather than copied from EDGAR."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class MirrorFiling:
    accession_number: str
    form: str
    filing_date: str
    documents: dict[str, bytes] = field(default_factory=dict)
    # The complete submission .txt, when the folder should have one.
    complete_submission: bytes | None = None


def write_mirror(root: Path, *, cik: int, name: str, filings: list[MirrorFiling]) -> Path:
    data = root / "data.sec.gov" / "submissions"
    data.mkdir(parents=True, exist_ok=True)
    recent = {
        "accessionNumber": [f.accession_number for f in filings],
        "filingDate": [f.filing_date for f in filings],
        "reportDate": ["" for _ in filings],
        "acceptanceDateTime": [f"{f.filing_date}T12:00:00.000Z" for f in filings],
        "act": ["" for _ in filings],
        "form": [f.form for f in filings],
        "fileNumber": ["" for _ in filings],
        "filmNumber": ["" for _ in filings],
        "items": ["" for _ in filings],
        "size": [sum(len(d) for d in f.documents.values()) for f in filings],
        "isXBRL": [0 for _ in filings],
        "isInlineXBRL": [0 for _ in filings],
        "primaryDocument": [next(iter(f.documents), "") for f in filings],
        "primaryDocDescription": ["" for _ in filings],
    }
    submissions = {
        "cik": str(cik),
        "entityType": "operating",
        "sic": "6798",
        "sicDescription": "Real Estate Investment Trusts",
        "name": name,
        "tickers": ["TEST"],
        "exchanges": ["NYSE"],
        "fiscalYearEnd": "1231",
        "stateOfIncorporation": "MD",
        "formerNames": [],
        "filings": {"recent": recent, "files": []},
    }
    (data / f"CIK{cik:010d}.json").write_text(json.dumps(submissions))
    for filing in filings:
        folder = root / "www.sec.gov" / "Archives" / "edgar" / "data" / str(cik) / filing.accession_number.replace("-", "")
        folder.mkdir(parents=True, exist_ok=True)
        items = []
        for filename, content in filing.documents.items():
            (folder / filename).write_bytes(content)
            items.append(
                {"last-modified": f"{filing.filing_date} 12:00:00", "name": filename, "type": "", "size": str(len(content))}
            )
        if filing.complete_submission is not None:
            (folder / f"{filing.accession_number}.txt").write_bytes(filing.complete_submission)
        listing = {
            "directory": {
                "item": items,
                "name": f"/Archives/edgar/data/{cik}/{filing.accession_number.replace('-', '')}",
                "parent-dir": f"/Archives/edgar/data/{cik}",
            }
        }
        (folder / "index.json").write_text(json.dumps(listing))
    return root
