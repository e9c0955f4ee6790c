"""Company responses: the "Response" markers, the restated staff comment against the answer, the company's short names."""

from __future__ import annotations

import re

from comments.parser.structure import Para

# "Response:", "RESPONSE", "Company Response:", "Response to Comment 3:", "Our Response", "Answer:"
RESPONSE_MARKER = re.compile(
    r"^(?:\(?(?:the\s+)?(?:company'?s?|our|[A-Z][A-Za-z&.]{1,20}'?s?)\s+)?(?:responses?|answer|reply)(?:\s+(?:to\s+(?:staff\s+)?comment|no\.?)\s*(?:no\.?\s*)?(?P<n>\d{1,3}))?\s*(?:[:.\-\u2013\u2014)]|$|(?<=\d)\s)\s*",
    re.I,
)
_MARKER_GUARD = re.compile(r"(?i)^(?:responses?|answer|reply)\s+(?:dated|letter|to\s+(?:the|your|our)\b)")

_COMPANY_VOICE = re.compile(
    r"^(?:We\s+(?:respectfully|acknowledge|have|will|believe|do|did|are|supplementally|advise|confirm|note\s+the\s+staff|agree|understand|intend|propose|plan|considered|concluded|determined|evaluated|refer|hereby|would|appreciate|supplement|present|continue|account|recogni[sz]e|currently|and)|The\s+Company|Company\s+response|In\s+response|Response|Our\s+(?:response|disclosure|accounting|policy)|As\s+(?:discussed|requested|noted)|To\s+respond|Management|I\s|For\s+purposes\s+of\s+this\s+response|Thank\s+you|The\s+Registrant|The\s+Partnership|The\s+Trust|The\s+Bank)",
)
_STAFF_VOICE = re.compile(
    r"^(?:Please|Tell\s+us|Refer|Explain|Describe|Provide|Revise|Disclose|Clarify|Expand|Quantify|Discuss|Identify|You\s|Your\s|It\s+appears|If\s|To\s+the\s+extent|Also|In\s+addition|Additionally|Further|For\s+example|Finally|We\s+note|We\s+also\s+note|We\s+further\s+note|We\s+have\s+read\s+your|In\s+your\s+response|Address|Consider|Show\s+us)"
)


def is_response_marker(p: Para) -> re.Match[str] | None:
    t = p.text
    if _MARKER_GUARD.match(t):
        return None
    m = RESPONSE_MARKER.match(t)
    if not m:
        return None
    # "Responses to these comments are…" is prose; a marker is followed by ":" / end / a new sentence.
    head = t[: m.end()]
    if not re.search(r"[:.\-\u2013\u2014)]\s*$", head) and m.end() < len(t) and not m.group("n"):
        return None
    return m


def split_restated(block: list[Para], *, use_emphasis: bool) -> tuple[list[Para], list[Para], str | None]:
    """Split a comment-plus-answer block into (restated comment, answer, text of the answer's first
    paragraph after its marker)."""
    for k, p in enumerate(block):
        if k == 0:
            continue
        m = is_response_marker(p)
        if m:
            first = p.text[m.end() :].strip()
            return block[:k], block[k:], first
    if use_emphasis:
        k = 0
        while k < len(block) and (block[k].emphasis >= 0.5 or k == 0):
            k += 1
        if 0 < k < len(block):
            return block[:k], block[k:], None
    k = 1
    while k < len(block):
        t = block[k].text
        if _COMPANY_VOICE.match(t):
            break
        if not _STAFF_VOICE.match(t) and not _looks_like_list_item(t):
            break
        k += 1
    return block[:k], block[k:], None


def _looks_like_list_item(t: str) -> bool:
    return bool(re.match(r"^(?:[\u2022\u00b7*\-o]\s|\(?[a-z]{1,3}\)\s|\(?[ivx]{1,4}\)\s|[a-z]\.\s)", t))


_DEFINED_NAME = re.compile(r"\(\s*(?:the\s+)?[\"\u201c]([A-Z][A-Za-z&.\-]{1,24}(?:\s[A-Z][A-Za-z&.\-]{1,24}){0,2})[,]?[\"\u201d]")
_GENERIC_NAMES = {
    "Company",
    "Registrant",
    "Staff",
    "Commission",
    "SEC",
    "Comment Letter",
    "Letter",
    "Form",
    "We",
    "Our",
    "Us",
    "Issuer",
}


def company_names(text: str, *, company: str | None = None) -> tuple[str, ...]:
    """Short names a letter uses for its writer: (the "Company" or "M&T") gives "M&T", and the Re: line's
    "NRG Energy, Inc." gives "NRG Energy" and "NRG"."""
    names: list[str] = []
    if company:
        base = re.sub(
            r"(?i),?\s+(?:inc|corp|corporation|co|company|ltd|limited|plc|llc|l\.?p|n\.?v|s\.?a|holdings?)\.?$",
            "",
            company.strip(),
        )
        first = base.split()[0] if base.split() else ""
        for name in (base, first):
            if len(name) >= 3 and name[0].isupper() and name.lower() not in ("the", "form") and name not in names:
                names.append(name)
    for m in _DEFINED_NAME.finditer(text[:3000]):
        name = m.group(1).strip(" ,")
        if name not in _GENERIC_NAMES and not name.startswith(("Form", "Comment", "Staff", "Commission")) and name not in names:
            names.append(name)
    return tuple(sorted(names[:6], key=len, reverse=True))  # longest first, so "NRG Energy" before "NRG"
