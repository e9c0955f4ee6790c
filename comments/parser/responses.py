"""Company responses: the restated staff comment, the answer, and whether the answer commits to a change."""
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
            first = p.text[m.end():].strip()
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


_SUBJECT = r"(?:we|the\s+company|company|management|registrant|the\s+partnership|the\s+trust|the\s+bank|the\s+corporation|it)"
_REVISE_VERBS = (
    r"revise|expand|include|add|disclose|clarify|enhance|amend|update|modify|remove|present|incorporate|supplement|change|"
    r"conform|reflect|describe|discuss|delete|align|redefine|relabel|rename|retitle|quantify|identify|label|insert|explain|refine|eliminate|"
    r"reclassify|recast|reconcile|omit|discontinue|tailor|replace|report|separately\s+(?:present|disclose)|break\s+out|"
    r"provide\s+(?:additional|enhanced|expanded|further|more|detailed|the\s+(?:following|requested|additional)|similar|disclosure|clarif|a\s+(?:more|discussion|description|reconciliation|table|breakdown))|"
    r"ensure\s+that|comply\s+with\s+(?:this|the|your)\s+(?:staff'?s?\s+)?comment|"
    r"make\s+(?:conforming|similar|the|corresponding)|file\s+(?:an?\s+)?(?:amend\w*|exhibit|the\s+agreement)|adjust|"
    r"address\s+(?:the|your|these|this|such)\s+(?:\w+\s+){0,2}?comments?"
)
# "we will revise", "the Company intends to expand", "Ford will, in future filings, include".
_COMMIT_FUTURE = re.compile(
    rf"(?i)\b{_SUBJECT}\b(?:\s+[a-z]+){{0,3}}?\s+(?:will|shall|(?:intends?|plans?|undertakes?|proposes?|commits?|agrees?|expects?|(?:has\s+|have\s+)?decided)(?:,?\s+(?:in|into|with|for|from|beginning|starting)(?:\s+[a-z]+){{1,4}}?,?)?\s+to),?\s+(?:[a-z,]+\s+){{0,5}}?(?:{_REVISE_VERBS})\b"
)
_FUTURE_FILINGS = re.compile(
    r"(?i)\b(?:in|into|within|from|to|of|with|beginning\s+with|starting\s+with|commencing\s+with|beginning\s+in|starting\s+in)\s+(?:all\s+)?(?:of\s+)?(?:our|its|the\s+company'?s?|the)?\s*(?:future|next|upcoming|subsequent|forthcoming|prospective)\b"
    r"|\bgoing\s+forward\b|\bfuture\s+(?:periodic\s+|annual\s+|quarterly\s+)?(?:filings|reports|disclosures?)\b"
)
_FIRST_PERSON_ACTION = re.compile(
    rf"(?i)(?:\b{_SUBJECT}\b[^.]{{0,80}}?|\bfuture\s+(?:filings|reports|periodic\s+reports),?\s+)\b(?:will|shall|intends?\s+to|plans?\s+to|decided\s+to|proposes?\s+to|undertakes?\s+to|commits?\s+to|agrees?\s+to|expects?\s+to),?\s+(?:[a-z,]+\s+){{0,6}}?(?:{_REVISE_VERBS}|provide|use|make|present|show|refer|title|call|no\s+longer)\b"
)
_PASSIVE_FUTURE = re.compile(
    r"(?i)\bwill\s+(?:also\s+)?be\s+(?:[a-z]+\s+){0,6}?(?:revised|expanded|included|added|enhanced|updated|clarified|modified|disclosed|presented|provided|removed|deleted|reflected|labeled|relabeled|renamed|expanded|discussed|described|quantified)\b"
)
_PROPOSED = re.compile(
    r"(?i)\bpropos(?:e|es|ed|ing)\b[^.]{0,80}?\b(?:revis|disclosure|enhance|language|addition|amend|change|clarif|update)|\b(?:revised|enhanced|expanded|additional|updated)\s+disclosure\s+(?:will|would)\b"
    r"|\bto\s+be\s+(?:included|added|revised|expanded|disclosed|presented|provided)\s+in\s+(?:our\s+|its\s+)?(?:future|next|subsequent|upcoming)"
)
_COMMIT_DONE = re.compile(
    r"(?i)\b(?:we|the\s+company|it)\s+(?:has|have)\s+(?:also\s+)?(?:revised|expanded|added|amended|updated|clarified|modified|enhanced|removed|deleted)\b(?![^.]{0,80}\bsupplementa)[^.]{0,100}?\b(?:disclosures?|risk\s+factors?|captions?|language|the\s+following)\b|\b(?:exhibits?|disclosures?|registration\s+statement|prospectus|pages?)\b.{0,80}?\b(?:has|have)\s+been\s+(?:revised|updated|amended|expanded|added|included|filed|clarified)\b|\b(?:has|have)\s+(?:\w+\s+){0,2}?revised\s+(?:the|our|its|their)\s+(?:\w+\s+){0,2}?(?:disclosures?|registration\s+statement|prospectus|proxy\s+statement|offering\s+statement|filing)\b|\b(?:has|have)\s+(?:elected|decided|agreed)\s+to\s+(?:revise|disclose|include|add|expand|amend|clarify|update|remove)\b|\b(?:has|have)\s+(?:been\s+)?(?:\w+\s+){0,2}?(?:revised|expanded|added|amended|updated|included|clarified|modified|enhanced|removed|deleted|filed|incorporated)\b[^.]{0,200}?\b(?:amendment|amended|registration\s+statement|revised\s+(?:draft|offering|registration)|page|pages|form\s+\d|proxy\s+statement|offering\s+statement|exhibit|appendix|annex|schedule|prospectus|information\s+statement|note\s+\d)"
)
# "Future earnings releases … will include …", "future filings will not include …": the company's future
# documents as the subject; leaving something out of them is a change too.
_FUTURE_DOCS = re.compile(
    r"(?i)\bfuture\s+(?:[a-z\-]+\s+){0,2}?(?:filings|reports|releases|statements|disclosures)\b(?:[^.;]|\.(?!\s+(?-i:[A-Z]))){0,300}?\b(?:will|shall)\s+(?:also\s+)?(?:not\s+|no\s+longer\s+)?(?:include|present|contain|disclose|provide|reflect|use|show|discuss)\b"
)
# A promise that depends on something ("to the extent material", "if … we will") or only keeps
# watching is not a commitment to change disclosure.
_CONDITIONAL = re.compile(
    r"(?i)^\s*(?:(?:however|accordingly|further|additionally|also|alternatively|nonetheless),?\s+)?(?:to\s+the\s+extent|if|should|in\s+the\s+event|where|unless)\b|\bwill\s+(?:evaluate|consider|assess|review|monitor)\b(?!\s+and\s+(?:address|revise|expand|include|enhance|update|clarify)\b)|\bcontinue\s+to\b"
    r"|,\s*if\s+(?!applicable|appropriate|necessary|needed|any\b|so\b)|\bas\s+(?:new\s+|additional\s+)?(?:information|developments?|facts)\b[^.]{0,40}\b(?:becomes?|occurs?|arises?)"
)
_NEGATION = re.compile(
    r"(?i)\b(?:will|shall)\s+not\b|\bnor\b|\bnever\b|\bdo(?:es)?\s+not\s+(?:believe|intend|plan|propose)\b|\bno\s+(?:revision|amendment|changes?|additional\s+disclosure)\s+(?:is|are|to|will)\b|\bnot\s+(?:necessary|required|needed|warranted)\b"
)


def find_commitment(text: str, *, names: tuple[str, ...] = ()) -> str | None:
    """The sentence in which the company commits to revise, add or expand disclosure, if any.

    names are the company's own short names ("M&T", "Ford"), which speak for it like "we" does."""
    for said in _sentences(text):
        sentence = _as_company(said, names) if names else said
        if len(sentence) > 1500:
            sentence = sentence[:1500]
        if _QUOTED.match(sentence):
            continue  # quoted disclosure (existing or proposed text), not the company speaking
        positive = (
            _COMMIT_FUTURE.search(sentence)
            or (_FUTURE_FILINGS.search(sentence) and (_FIRST_PERSON_ACTION.search(sentence) or _PASSIVE_FUTURE.search(sentence)))
            or _PROPOSED.search(sentence)
            or _COMMIT_DONE.search(sentence)
        )
        if not positive:
            docs = _FUTURE_DOCS.search(sentence)
            if docs and not _NEGATION.search(sentence[: docs.start()]) and not _CONDITIONAL.search(sentence):
                return said.strip()[:1000]
            continue
        # A negation counts only up to the promise: "we will remove it, as it is not required" still commits.
        lead = sentence[: positive.end()]
        turn = list(_TURN.finditer(lead, 0, positive.start() + 1))
        if turn:
            lead = lead[turn[-1].end():]  # "we do not believe …; however, we will revise …"
        if _NEGATION.search(lead) or _CONDITIONAL.search(sentence):
            continue
        return said.strip()[:1000]  # the company's own words, not the rewritten sentence
    return None


def _as_company(sentence: str, names: tuple[str, ...]) -> str:
    # "M&T will disclose …" reads as "the Company will disclose …" to the rules above.
    for name in names:
        if name in sentence:
            sentence = sentence.replace(name + "'s", "the Company's").replace(name, "the Company")
    return sentence


_DEFINED_NAME = re.compile(r"\(\s*(?:the\s+)?[\"\u201c]([A-Z][A-Za-z&.\-]{1,24}(?:\s[A-Z][A-Za-z&.\-]{1,24}){0,2})[,]?[\"\u201d]")
_GENERIC_NAMES = {"Company", "Registrant", "Staff", "Commission", "SEC", "Comment Letter", "Letter", "Form", "We", "Our", "Us", "Issuer"}


def company_names(text: str, *, company: str | None = None) -> tuple[str, ...]:
    """Short names a letter uses for its writer: (the "Company" or "M&T") gives "M&T", and the Re: line's
    "NRG Energy, Inc." gives "NRG Energy" and "NRG"."""
    names: list[str] = []
    if company:
        base = re.sub(r"(?i),?\s+(?:inc|corp|corporation|co|company|ltd|limited|plc|llc|l\.?p|n\.?v|s\.?a|holdings?)\.?$", "", company.strip())
        first = base.split()[0] if base.split() else ""
        for name in (base, first):
            if len(name) >= 3 and name[0].isupper() and name.lower() not in ("the", "form") and name not in names:
                names.append(name)
    for m in _DEFINED_NAME.finditer(text[:3000]):
        name = m.group(1).strip(" ,")
        if name not in _GENERIC_NAMES and not name.startswith(("Form", "Comment", "Staff", "Commission")) and name not in names:
            names.append(name)
    return tuple(sorted(names[:6], key=len, reverse=True))  # longest first, so "NRG Energy" before "NRG"


_TURN = re.compile(r"(?i)\b(?:however|but|nevertheless|nonetheless)\b")
_QUOTED = re.compile(r"^\s*(?:[\u2022\u00b7*\-]\s*)?[\"\u201c]")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n+")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT_SPLIT.split(text) if s.strip()]
