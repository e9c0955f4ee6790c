"""Accounting and disclosure literature cited in a letter, as one canonical string each."""

from __future__ import annotations

import bisect
import re

from comments.parser.prefilter import Prefiltered, fold

_SUB = r"(?:\([a-z0-9]{1,4}\))"

_RULES: list[tuple[re.Pattern[str], object]] = [
    # ASC 606, ASC 606-10-50-5, FASB ASC Topic 280, ASC Subtopic 350-20
    (
        re.compile(
            r"(?i)\b(?:FASB\s+)?(?:ASC|Accounting\s+Standards\s+Codification)\s*(?:Topic|Subtopic|Section|Paragraph)?\s*(\d{3}(?:-\d{1,3}[A-Z]?){0,3})\b"
        ),
        lambda m: "ASC " + m.group(1),
    ),
    (re.compile(r"(?i)\bASU\s*(?:No\.\s*)?(\d{4}-\d{2})\b"), lambda m: "ASU " + m.group(1)),
    (re.compile(r"(?i)\b(?:SFAS|FAS)\s*(?:No\.\s*)?(\d{1,3}R?)\b"), lambda m: "SFAS " + m.group(1).upper()),
    (
        re.compile(r"(?i)\b(?:FASB\s+)?Statement\s+(?:of\s+Financial\s+Accounting\s+Standards\s+)?No\.\s*(\d{1,3})\b"),
        lambda m: "SFAS " + m.group(1),
    ),
    (re.compile(r"(?i)\bFIN\s*(?:No\.\s*)?(\d{1,3}R?)\b"), lambda m: "FIN " + m.group(1).upper()),
    (re.compile(r"(?i)\bEITF\s*(?:Issue\s*)?(?:No\.\s*)?(\d{2}-\d{1,2})\b"), lambda m: "EITF " + m.group(1)),
    # SAB Topic 1.M, SAB Topic 11:B, Staff Accounting Bulletin Topic 5.T
    (
        re.compile(r"(?i)\b(?:SAB|Staff\s+Accounting\s+Bulletin)\s+Topic\s+(\d{1,2})\s*[.:]?\s*([A-Z])?\b"),
        lambda m: "SAB Topic " + m.group(1) + ("." + m.group(2).upper() if m.group(2) else ""),
    ),
    (re.compile(r"(?i)\b(?:SAB|Staff\s+Accounting\s+Bulletin)\s*(?:No\.\s*)?(\d{2,3})\b"), lambda m: "SAB " + m.group(1)),
    # Item 303 of Regulation S-K, Items 10(e)(1)(i) of Regulation S-K, Regulation S-K Item 1202
    (
        re.compile(
            rf"(?i)\bItems?\s+(\d{{1,4}}[A-Z]?)({_SUB}?)(?:{_SUB}){{0,4}}(?:\s*(?:,|and|through|-)\s*(?:\d{{1,4}}[A-Z]?)?(?:{_SUB}){{0,5}}){{0,4}}\s+of\s+Regulation\s+(S-K|S-X|S-T|AB|A|BTR|M|G)\b"
        ),
        lambda m: f"Regulation {m.group(3).upper()} Item {m.group(1)}{m.group(2).lower()}",
    ),
    (
        re.compile(rf"(?i)\bRegulation\s+(S-K|S-X)\s+Item\s+(\d{{1,4}}[A-Z]?)({_SUB}?)"),
        lambda m: f"Regulation {m.group(1).upper()} Item {m.group(2)}{m.group(3).lower()}",
    ),
    # Rule 3-05 of Regulation S-X, Rules 5-03.2 of Regulation S-X, Regulation S-X Rule 4-08
    (
        re.compile(r"(?i)\bRules?\s+(\d{1,2}-\d{2}(?:\.\d{1,2})?)(?:\([a-z0-9]{1,4}\)){0,4}\s+of\s+Regulation\s+(S-X|S-K)\b"),
        lambda m: f"Regulation {m.group(2).upper()} Rule {m.group(1)}",
    ),
    (
        re.compile(r"(?i)\bRegulation\s+(S-X)\s+Rule\s+(\d{1,2}-\d{2}(?:\.\d{1,2})?)"),
        lambda m: f"Regulation {m.group(1).upper()} Rule {m.group(2)}",
    ),
    (
        re.compile(
            r"(?i)\bRule\s+(10[0-2])(?:\([a-z0-9]{1,4}\)){0,3}\s+of\s+Regulation\s+G\b|\bRegulation\s+G\s+Rule\s+(10[0-2])\b"
        ),
        lambda m: "Regulation G Rule " + (m.group(1) or m.group(2)),
    ),
    (re.compile(r"(?i)\bRule\s+(\d{1,2}[a-z]{1,2}-\d{1,3}[a-z]?)\b"), lambda m: "Rule " + m.group(1).lower()),
    (
        re.compile(r"(?i)\bRule\s+(4[0-9]{2}|1[0-9]{2})(?:\([a-z0-9]{1,4}\))?\b(?!\s+of)(?!(?:\([a-z0-9]{1,4}\))*\s+of)"),
        lambda m: "Rule " + m.group(1),
    ),
    (re.compile(r"\bRegulation\s+(G|FD|AB|A)\b(?!\s*(?:Item|Rule))"), lambda m: "Regulation " + m.group(1)),
    (re.compile(r"(?i)\b(IFRS|IAS)\s*(\d{1,2})\b"), lambda m: f"{m.group(1).upper()} {m.group(2)}"),
    (re.compile(r"(?i)\bQuestions?\s+(\d{3}\.\d{2})\b"), lambda m: "C&DI " + m.group(1)),
    (
        re.compile(r"(?i)\b(?:C&DI|Compliance\s+and\s+Disclosure\s+Interpretations?)\s+(?:Question\s+)?(\d{3}[A-Z]?\.\d{2})\b"),
        lambda m: "C&DI " + m.group(1),
    ),
]


_PREFILTERED = [(Prefiltered(rx), fmt) for rx, fmt in _RULES]


def find_literature(text: str) -> list[str]:
    """Canonical references in order of appearance. Rules run most specific first, and a match inside
    text an earlier rule already claimed ("Rule 100" within "Rule 100(b) of Regulation G") is dropped."""
    found: list[tuple[int, str]] = []
    seen: set[str] = set()
    starts: list[int] = []  # claimed spans, sorted and disjoint, so a bisect finds any overlap
    ends: list[int] = []
    folded = fold(text)
    for rx, fmt in _PREFILTERED:
        spans: list[tuple[int, int]] = []
        for m in rx.finditer(text, folded):
            i = bisect.bisect_right(starts, m.start())
            if (i and ends[i - 1] > m.start()) or (i < len(starts) and starts[i] < m.end()):
                continue
            spans.append((m.start(), m.end()))
            value = fmt(m)  # type: ignore[operator]
            if value not in seen:
                seen.add(value)
                found.append((m.start(), value))
        if spans:
            merged = sorted(list(zip(starts, ends)) + spans)
            starts = [a for a, _ in merged]
            ends = [b for _, b in merged]
    found.sort()
    return [v for _, v in found]
