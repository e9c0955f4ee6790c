"""The comment-letter parser: letter text in, a ParsedLetter out. Pure: no ORM, no settings, no network.

parse_letter() reads SEC staff letters (EDGAR UPLOAD/LETTER) and company letters (CORRESP): kind,
date, the filings named in the Re: block, numbered staff comments under their headings, company
responses with their commitments, the Tandy acknowledgements, literature and topics.

letter.py runs one letter through the steps; staff.py and company.py split the two kinds of body;
result.py holds what comes out (and PARSER_VERSION).
"""

from __future__ import annotations

from comments.parser.acknowledgements import AcknowledgementFinding
from comments.parser.letter import parse_letter
from comments.parser.references import ReferencedFiling
from comments.parser.result import ANSWER_TYPES, PARSER_VERSION, ParsedComment, ParsedLetter, ParsedResponse
from comments.parser.topics import TOPICS

__all__ = [
    "ANSWER_TYPES",
    "PARSER_VERSION",
    "TOPICS",
    "AcknowledgementFinding",
    "ParsedComment",
    "ParsedLetter",
    "ParsedResponse",
    "ReferencedFiling",
    "parse_letter",
]
