"""A canonical picture of the mirror: what ingestion stored, without ids, timestamps or run history.

Two databases that ingested the same EDGAR (one cleanly, one through faults and killed workers)
give equal snapshots. Rows are lists of JSON values in a stable order, so a snapshot can be saved,
compared and diffed line by line (`manage.py snapshot`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date, datetime

from filings.models import Company, Document, Filing, IndexDay

Row = list[object]


def filings_snapshot() -> dict[str, list[Row]]:
    return {
        "companies": snapshot_sorted(
            _row(*values)
            for values in Company.objects.values_list(
                "cik", "name", "sic", "state_of_incorporation", "fiscal_year_end", "tickers"
            )
        ),
        "filings": snapshot_sorted(
            _row(
                f.accession_number,
                f.form_type,
                f.filing_date,
                f.index_date,
                f.acceptance_datetime,
                f.period_of_report,
                f.file_number,
                f.public_reference_accession,
                f.fetch_status,
                f.fetched_via,
                sorted(c.cik for c in f.companies.all()),
            )
            for f in Filing.objects.prefetch_related("companies")
        ),
        "documents": snapshot_sorted(
            _row(accession, sequence, filename, type_, size, sha256, status, extractor, _digest(text))
            for accession, sequence, filename, type_, size, sha256, status, extractor, text in Document.objects.values_list(
                "filing__accession_number",
                "sequence",
                "filename",
                "type",
                "size",
                "sha256",
                "extraction_status",
                "extractor",
                "text",
            ).iterator(chunk_size=200)
        ),
        "index_days": snapshot_sorted(_row(day, entries) for day, entries in IndexDay.objects.values_list("date", "entries")),
    }


def snapshot_sorted(rows: Iterable[Row]) -> list[Row]:
    """Rows in one total order (their JSON text), whatever mix of blanks and values they hold."""
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))


def snapshot_dumps(snapshot: dict[str, list[Row]]) -> str:
    """Deterministic JSON with one row per line, so two snapshots diff by row."""
    tables = [
        f"  {json.dumps(name)}: ["
        + ",".join(f"\n    {json.dumps(row, sort_keys=True)}" for row in rows)
        + ("\n  ]" if rows else "]")
        for name, rows in sorted(snapshot.items())
    ]
    return "{\n" + ",\n".join(tables) + "\n}\n"


def snapshot_row(*values: object) -> Row:
    """One snapshot row: dates as ISO strings, everything else as JSON has it."""
    return _row(*values)


def _row(*values: object) -> Row:
    return [_plain(value) for value in values]


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _digest(text: str) -> str:
    # The text a document gave, compared without writing all of it into the snapshot.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16] if text else ""
