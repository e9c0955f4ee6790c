"""The three "Tandy" acknowledgements, and whether a staff letter asks for them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from comments.parser.prefilter import fold, prefiltered

STATEMENTS = ("responsibility", "no_foreclosure", "no_defense")


@dataclass
class AcknowledgementFinding:
    statement: str  # "responsibility" | "no_foreclosure" | "no_defense"
    present: bool
    evidence: str | None


# Bounded gaps ({0,N} of a negated class) keep these linear and stop them running across paragraphs.
_PATTERNS = {
    "responsibility": prefiltered(
        r"(?i)\b(?:responsib(?:le|ility)|accountable)\b[^.\n]{0,80}?\b(?:adequacy|accuracy)\b[^.\n]{0,30}?\b(?:adequacy|accuracy|disclosure)"
    ),
    # Said in other words too: staff comments "do not prevent the Commission from taking any action", "do
    # not preclude", "the Commission is not foreclosed from"; "may not rely on staff comments as a defense".
    "no_foreclosure": prefiltered(
        r"(?i)\bforeclos(?:e|es|ed|ing)\b[^.\n]{0,120}?\b(?:commission|sec)\b|\bforeclos(?:e|es|ed|ing)\b[^.\n]{0,60}?\baction"
        r"|\bnot\s+(?:prevent|preclude|bar|prohibit|restrict|limit|impair|stop)\b[^.\n]{0,40}?\b(?:commission|sec)\b[^.\n]{0,20}?\b(?:from\s+)?(?:taking|take|acting|pursuing)\b"
        r"|\b(?:commission|sec)\b[^.\n]{0,40}?\b(?:is|are|will\s+not\s+be|shall\s+not\s+be)\s+(?:not\s+)?(?:precluded|prevented|barred|prohibited)\s+from\s+taking"
    ),
    "no_defense": prefiltered(
        r"(?i)\b(?:assert|raise|use|invoke|rely\s+(?:up)?on|cite|plead)\b[^.\n]{0,120}?\b(?:as|in)\s+(?:a\s+)?defen[cs]e\b|\bdefen[cs]e\b[^.\n]{0,80}?\bproceeding"
    ),
}

_REQUEST = prefiltered(
    r"(?i)\b(?:statement|letter)\s+from\s+the\s+company\s+acknowledging\b|\bcompany\s+acknowledging\s+that\b|"
    r"\bplease\s+(?:also\s+)?(?:provide|furnish|include)\b[^.]{0,160}?\backnowledg(?:e|ing|ement)\b|"
    r"\bin\s+(?:connection\s+with\s+)?respon(?:ding|se)\s+to\s+(?:our|these)\s+comments?,\s+please\s+provide\b[^.]{0,120}?\backnowledg"
)


def find_acknowledgements(text: str) -> list[AcknowledgementFinding]:
    out: list[AcknowledgementFinding] = []
    folded = fold(text)
    for name in STATEMENTS:
        m = _PATTERNS[name].search(text, folded)
        out.append(AcknowledgementFinding(statement=name, present=bool(m), evidence=_sentence(text, m) if m else None))
    return out


def acknowledgements_requested(text: str) -> bool:
    return bool(_REQUEST.search(text, fold(text)))


def _sentence(text: str, m: re.Match[str]) -> str:
    start = max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
    end_dot = text.find(".", m.end())
    end_nl = text.find("\n", m.end())
    ends = [e for e in (end_dot, end_nl) if e != -1]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end].strip()[:500]
