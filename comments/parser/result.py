"""What the parser returns: plain dataclasses, and their labelled-contract form (tests/labels, the bench)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from comments.parser.acknowledgements import AcknowledgementFinding
from comments.parser.references import ReferencedFiling

# Bump when the parser's output changes: stored letters parsed by another version are re-parsed.
PARSER_VERSION = "2026.12.2"


@dataclass
class ParsedComment:
    number: int
    heading: str | None
    page: str | None
    text: str
    topics: list[str] = field(default_factory=list)


# How a company answered a comment (tests/labels/README.md); the first two are commitments (LABELS.md).
ANSWER_TYPES = ("revised", "will_revise", "clarified", "provided_information", "declined")
COMMITTED_TYPES = frozenset({"revised", "will_revise"})


@dataclass
class ParsedResponse:
    """One answer of a company letter, with the staff comment it restates (its words, heading and page)."""

    number: int
    restated_comment: str | None
    text: str
    commitment: bool
    commitment_text: str | None
    answer_type: str | None = None  # one of ANSWER_TYPES; left out, it follows from commitment
    heading: str | None = None  # the restated comment's heading chain, " / " between levels
    page: str | None = None  # the page in the heading right above the restated comment

    def __post_init__(self) -> None:
        if self.answer_type is None:
            self.answer_type = "will_revise" if self.commitment else "provided_information"
        if self.answer_type not in ANSWER_TYPES:
            raise ValueError(f"unknown answer type {self.answer_type!r}")
        if self.commitment != (self.answer_type in COMMITTED_TYPES):
            raise ValueError(f"commitment={self.commitment} contradicts answer type {self.answer_type!r}")


@dataclass
class ParsedLetter:
    kind: str
    letter_date: date | None
    company_name: str | None
    addressee: str | None
    signatories: list[str]
    staff_office: str | None
    referenced_filings: list[ReferencedFiling]
    responds_to_letter_date: date | None
    comments: list[ParsedComment]
    responses: list[ParsedResponse]
    acknowledgements: list[AcknowledgementFinding] | None
    acknowledgements_requested: bool | None
    literature: list[str]
    topics: list[str]
    parser_version: str = PARSER_VERSION

    def to_contract(self, *, file: str) -> dict:
        def d(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "file": file,
            "kind": self.kind,
            "letter_date": d(self.letter_date),
            "company_name": self.company_name,
            "referenced_filings": [
                {
                    "form": f.form,
                    "period_end": d(f.period_end),
                    "filed": d(f.filed),
                    "file_number": f.file_number,
                    "amendment": f.amendment,
                }
                for f in self.referenced_filings
            ],
            "responds_to_letter_date": d(self.responds_to_letter_date),
            "comments": [{"number": c.number, "heading": c.heading, "page": c.page, "text": c.text} for c in self.comments],
            # "comments" of a company letter are the comments its responses restate, kept for older readers;
            # each response carries its restated comment's heading and page itself.
            "responses": [
                {
                    "number": r.number,
                    "restated_comment": r.restated_comment,
                    "heading": r.heading,
                    "page": r.page,
                    "text": r.text,
                    "answer_type": r.answer_type,
                    "commitment": r.commitment,
                }
                for r in self.responses
            ],
            "acknowledgements": None
            if self.acknowledgements is None
            else {a.statement: a.present for a in self.acknowledgements},
            "acknowledgements_requested": self.acknowledgements_requested,
            "literature": list(self.literature),
            "topics": list(self.topics),
            "signatories": list(self.signatories),
        }
