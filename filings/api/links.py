"""Links to EDGAR for people: always the real sec.gov, whichever EDGAR this installation fetches from."""

from __future__ import annotations

EDGAR_PUBLIC_URL = "https://www.sec.gov"


def edgar_folder_url(*, cik: int, accession_number: str) -> str:
    """The filing's folder on EDGAR, listing every document of it."""
    return f"{EDGAR_PUBLIC_URL}/Archives/edgar/data/{int(cik)}/{accession_number.replace('-', '')}/"
