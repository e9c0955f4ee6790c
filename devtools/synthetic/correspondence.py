"""A synthetic letter and its parts: paragraphs, the filings it refers to, and the staff's comments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from devtools.synthetic.world import SynthFiling


@dataclass
class Para:
    text: str
    style: str = ""  # "" | "i" | "b" | "u" | "bi"
    indent: int = 0  # nesting level: 1 for bullets and sub-items
    lines: bool = False  # text is several lines that keep their breaks (addresses, Re: blocks)
    center: bool = False


@dataclass(frozen=True)
class FilingRef:
    form: str  # "10-K", "10-K/A", "10-Q", "8-K", "S-1", "S-1/A", "DEF 14A", "CORRESP"
    period_end: date | None
    filed: date | None
    file_number: str | None
    amendment: int | None = None
    accession: str | None = None

    def label(self) -> dict:
        return {
            "form": self.form,
            "period_end": self.period_end.isoformat() if self.period_end else None,
            "filed": self.filed.isoformat() if self.filed else None,
            "file_number": self.file_number,
            "amendment": self.amendment,
        }


@dataclass
class SynthComment:
    number: int  # as the ground truth counts it (printed number, or position when unnumbered)
    printed: bool  # whether the letter prints the number
    headings: list[str]
    text: str
    subitems: list[str] = field(default_factory=list)
    lettered: bool = False  # sub-items as (a), (b) rather than bullets
    topic: str = ""
    variant: int = 0  # which of the topic's comments, so the answer can match it

    @property
    def first_words(self) -> str:
        return " ".join(self.text.split()[:8])


@dataclass
class SynthLetter:
    filing: SynthFiling
    kind: str
    paras: list[Para]
    doc_format: str  # "pdf" | "htm" | "txt"
    label: dict
    public_reference: str = ""
    page_header: list[str] = field(default_factory=list)  # repeated atop PDF pages after the first
