"""Write an EDGAR-shaped mirror of synthetic companies and their SEC correspondence.

Layout matches ../shared/edgar-sample (so the fake EDGAR can serve it and ingestion can read it):
  data.sec.gov/submissions/CIK##########.json            (+ -submissions-001.json for some)
  www.sec.gov/Archives/edgar/data/<CIK>/<ACC>/            index.json, documents, usually <ACC>.txt
  ground_truth.json                                       one LABELS.md object per letter

Everything derives from the seed: each company has its own random.Random, timestamps are fixed,
JSON keys are sorted, so one seed gives a byte-identical tree. Companies are generated and written
one at a time and the ground truth is streamed, so memory stays flat however many companies.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from devtools.synthetic.correspondence import SynthLetter
from devtools.synthetic.rendering import render_submission
from devtools.synthetic.scenarios import CompanyReviews
from devtools.synthetic.world import (
    AccessionCounters,
    CompanyWorld,
    SynthCompany,
    SynthFiling,
)

COMPLETE_SUBMISSION_SHARE = 0.85


@dataclass(frozen=True)
class MirrorSummary:
    companies: int
    filings: int
    letters: int
    ground_truth_path: Path


def _dump(obj: object) -> bytes:
    return (json.dumps(obj, sort_keys=True, indent=1) + "\n").encode("utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _write_letter(root: Path, c: SynthCompany, letter: SynthLetter, disseminated: date) -> None:
    f = letter.filing
    rng = random.Random(f.accession)  # per-filing choices stay stable whatever else changes
    folder = root / "www.sec.gov" / "Archives" / "edgar" / "data" / str(c.cik) / f.accession.replace("-", "")
    docs, complete_bytes = render_submission(c, letter, disseminated, rng)
    for name, data in docs:
        _write(folder / name, data)
    if rng.random() < COMPLETE_SUBMISSION_SHARE:
        _write(folder / f"{f.accession}.txt", complete_bytes)
    stamp = f"{disseminated.isoformat()} {rng.randint(6, 21):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    items = [
        {"last-modified": stamp, "name": f"{f.accession}-index-headers.html", "size": "", "type": "text.gif"},
        {"last-modified": stamp, "name": f"{f.accession}-index.html", "size": "", "type": "text.gif"},
        {"last-modified": stamp, "name": f"{f.accession}.txt", "size": "", "type": "text.gif"},
    ]
    items += [
        {"last-modified": stamp, "name": name, "size": str(len(data)), "type": "" if name.endswith(".pdf") else "text.gif"}
        for name, data in docs
    ]
    index = {
        "directory": {
            "item": items,
            "name": f"/Archives/edgar/data/{c.cik}/{f.accession.replace('-', '')}",
            "parent-dir": f"/Archives/edgar/data/{c.cik}",
        }
    }
    _write(folder / "index.json", _dump(index))
    f.size = len(complete_bytes)


COLUMNS = [
    "accessionNumber",
    "filingDate",
    "reportDate",
    "acceptanceDateTime",
    "act",
    "form",
    "fileNumber",
    "filmNumber",
    "items",
    "core_type",
    "size",
    "isXBRL",
    "isInlineXBRL",
    "primaryDocument",
    "primaryDocDescription",
]


def _columns(filings: list[SynthFiling]) -> dict[str, list]:
    cols: dict[str, list] = {k: [] for k in COLUMNS}
    for f in filings:
        corr = f.form in ("UPLOAD", "CORRESP")
        xbrl = int(f.form in ("10-K", "10-Q", "10-K/A", "8-K") and f.filing_date.year >= 2011)
        cols["accessionNumber"].append(f.accession)
        cols["filingDate"].append(f.filing_date.isoformat())
        cols["reportDate"].append(f.report_date.isoformat() if f.report_date else "")
        cols["acceptanceDateTime"].append(f"{f.accepted:%Y-%m-%dT%H:%M:%S}.000Z")
        cols["act"].append("" if corr else ("33" if f.form.startswith(("S-", "424")) else "34"))
        cols["form"].append(f.form)
        cols["fileNumber"].append(f.file_number)
        cols["filmNumber"].append("" if corr else f.film)
        cols["items"].append(f.items)
        cols["core_type"].append({"UPLOAD": "LETTER"}.get(f.form, "XBRL" if xbrl else f.form))
        cols["size"].append(f.size)
        cols["isXBRL"].append(xbrl)
        cols["isInlineXBRL"].append(int(xbrl and f.filing_date.year >= 2019))
        cols["primaryDocument"].append(f.primary_document)
        cols["primaryDocDescription"].append(f.description)
    return cols


def _write_submissions(root: Path, world: CompanyWorld) -> None:
    c = world.company
    filings = sorted(world.filings, key=lambda f: (f.filing_date, f.accession), reverse=True)
    folder = root / "data.sec.gov" / "submissions"
    files: list[dict] = []
    recent = filings
    # Some companies page their older rows out, as EDGAR does once `recent` is full.
    if world.index % 6 == 1 and len(filings) > 12:
        cut = len(filings) * 2 // 3
        recent, older = filings[:cut], filings[cut:]
        name = f"CIK{c.cik:010d}-submissions-001.json"
        _write(folder / name, _dump(_columns(older)))
        files.append(
            {
                "name": name,
                "filingCount": len(older),
                "filingFrom": older[-1].filing_date.isoformat(),
                "filingTo": older[0].filing_date.isoformat(),
            }
        )
    address = {
        "street1": c.street.upper(),
        "street2": None,
        "city": c.city.upper(),
        "stateOrCountry": c.city_state,
        "zipCode": c.zip,
        "stateOrCountryDescription": c.city_state,
        "isForeignLocation": 0,
        "foreignStateTerritory": None,
        "country": None,
        "countryCode": None,
    }
    doc = {
        "cik": f"{c.cik:010d}",
        "entityType": "operating",
        "sic": c.industry.sic,
        "sicDescription": c.industry.description,
        "ownerOrg": c.industry.office_new.replace("Office of ", ""),
        "insiderTransactionForOwnerExists": 0,
        "insiderTransactionForIssuerExists": 1,
        "name": c.name,
        "tickers": [c.ticker],
        "exchanges": ["Nasdaq" if c.cik % 2 else "NYSE"],
        "ein": c.ein,
        "lei": None,
        "description": "",
        "website": "",
        "investorWebsite": "",
        "category": "Large accelerated filer" if c.cik % 3 else "Accelerated filer",
        "fiscalYearEnd": c.fye,
        "stateOfIncorporation": c.state,
        "stateOfIncorporationDescription": c.state,
        "addresses": {"mailing": address, "business": address},
        "phone": c.phone,
        "flags": "",
        "formerNames": c.former_names,
        "filings": {"recent": _columns(recent), "files": files},
    }
    _write(folder / f"CIK{c.cik:010d}.json", _dump(doc))


def generate_mirror(
    *,
    out_dir: Path,
    companies: int,
    seed: int,
    start_year: int = 2012,
    end_year: int = 2025,
    reviews_per_company: int | None = None,
) -> MirrorSummary:
    """Write `companies` synthetic companies with their correspondence and a ground-truth file under `out_dir`."""
    if companies < 0 or end_year < start_year:
        raise ValueError("companies must be >= 0 and end_year >= start_year")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start, end = date(start_year, 1, 1), date(end_year, 12, 31)
    counters = AccessionCounters()
    names: set[str] = set()
    tickers: set[str] = set()
    ciks: set[int] = set()
    filings_total = letters_total = 0
    ground_truth = out_dir / "ground_truth.json"
    with ground_truth.open("w", encoding="utf-8") as gt:
        gt.write("[")
        first = True
        for index in range(companies):
            world = CompanyWorld(
                index=index, seed=seed, start=start, end=end, counters=counters, names=names, tickers=tickers, ciks=ciks
            )
            reviews = CompanyReviews(world, reviews_wanted=reviews_per_company)
            reviews.build()
            for letter in sorted(reviews.letters, key=lambda lt: (lt.filing.filing_date, lt.filing.accession)):
                _write_letter(out_dir, world.company, letter, reviews.disseminated[letter.filing.accession])
                _stream(gt, letter.label, first)
                first = False
            _write_submissions(out_dir, world)
            filings_total += len(world.filings)
            letters_total += len(reviews.letters)
        gt.write("\n]\n")
    return MirrorSummary(companies=companies, filings=filings_total, letters=letters_total, ground_truth_path=ground_truth)


def _stream(gt: IO[str], label: dict, first: bool) -> None:
    gt.write(("\n" if first else ",\n") + json.dumps(label, sort_keys=True))
