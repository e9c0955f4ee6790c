"""What the fake EDGAR serves for a path: files under its root, and daily indexes built from the submissions JSON.

Real EDGAR publishes a form and a master index for every business day with filings; the fake
derives them from the filings listed in `<root>/data.sec.gov/submissions`, so any EDGAR-shaped
folder (the sample or a synthetic mirror) has indexes that agree with its submissions.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

from filings.parsers.daily_index import (
    IndexEntry,
    render_form_index,
    render_master_index,
)
from filings.parsers.submissions import parse_submissions_json

logger = logging.getLogger(__name__)

ARCHIVES_HOST = "www.sec.gov"
DATA_HOST = "data.sec.gov"
_DAILY_INDEX = re.compile(r"/Archives/edgar/daily-index/(\d{4})/QTR([1-4])/(form|master)\.(\d{8})\.idx")
_SUBMISSIONS_FILE = re.compile(r"CIK(\d{10})(-submissions-\d+)?\.json")
_CONTENT_TYPES = {
    ".idx": "text/plain",
    ".txt": "text/plain",
    ".htm": "text/html",
    ".html": "text/html",
    ".json": "application/json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".pdf": "application/pdf",
}


def content_type_for(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def static_file(root: Path, host: str, path: str) -> bytes | None:
    """The file at `path` under `root/host`, or None; nothing outside that folder is ever served."""
    file = (root / host / path.lstrip("/")).resolve()
    if file.is_relative_to(root / host) and file.is_file():
        return file.read_bytes()
    return None


def daily_index(path: str, *, catalogue: Callable[[], dict[date, list[IndexEntry]]]) -> bytes | None:
    """The form or master index that `path` names, rendered from the catalogue; None when EDGAR has none.

    The catalogue is asked for only when `path` is an index, so a server that never serves one never reads
    the submissions.
    """
    match = _DAILY_INDEX.fullmatch(path)
    if not match:
        return None
    year, quarter, kind, stamp = match.groups()
    try:
        day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:]))
    except ValueError:
        return None
    if int(year) != day.year or int(quarter) != (day.month - 1) // 3 + 1:
        return None
    entries = catalogue().get(day)
    if not entries:
        return None  # EDGAR has no index for a day without filings (weekend, holiday)
    render = render_form_index if kind == "form" else render_master_index
    return render(entries, day=day).encode("latin-1", errors="replace")


def build_catalogue(folder: Path) -> dict[date, list[IndexEntry]]:
    """Every filing in the submissions JSON under `folder`, as index entries by filing date."""
    files = sorted(folder.glob("CIK*.json")) if folder.is_dir() else []
    names: dict[int, str] = {}
    rows_by_cik: dict[int, list] = defaultdict(list)
    for file in files:
        match = _SUBMISSIONS_FILE.fullmatch(file.name)
        if not match:
            continue
        cik = int(match.group(1))
        try:
            parsed = parse_submissions_json(file.read_bytes())
        except Exception:  # a broken file must not take the whole fake down
            logger.warning("fake EDGAR: skipping unreadable submissions file %s", file, exc_info=True)
            continue
        if not match.group(2):
            names[cik] = getattr(parsed.company, "name", "") or ""
        rows_by_cik[cik].extend(parsed.filings)
    by_day: dict[date, list[IndexEntry]] = defaultdict(list)
    for cik, rows in rows_by_cik.items():
        for row in rows:
            if not row.filing_date or not row.accession_number:
                continue
            filed = row.filing_date if isinstance(row.filing_date, date) else date.fromisoformat(str(row.filing_date))
            by_day[filed].append(
                IndexEntry(
                    form_type=row.form_type,
                    company_name=names.get(cik, ""),
                    cik=cik,
                    date_filed=filed,
                    filename=f"edgar/data/{cik}/{row.accession_number}.txt",
                    accession_number=row.accession_number,
                )
            )
    return dict(by_day)
