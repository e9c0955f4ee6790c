"""What kind of letter this is."""

from __future__ import annotations

import re

_NO_REVIEW = re.compile(
    r"(?i)\b(?:do|does|will)\s+not\s+(?:intend\s+to\s+|plan\s+to\s+)?review\b|\bwill\s+not\s+be\s+reviewed\b|\bnot\s+(?:be\s+)?subject\s+to\s+(?:a\s+|any\s+)?(?:further\s+)?review\b|\bno\s+review\b|\bhave\s+not\s+reviewed\s+and\s+will\s+not\s+review\b"
)
_COMPLETE = re.compile(
    r"(?i)\b(?:completed|concluded|complete)\s+(?:our|its|the)\s+review\b|\bno\s+further\s+comments\b|\bhave\s+no\s+(?:further\s+)?comments\b|\bdo\s+not\s+have\s+any\s+(?:further|additional)\s+comments\b"
)
_HAS_COMMENTS = re.compile(
    r"(?i)\bfollowing\s+comments?\b|\bhave\s+the\s+following\b|\bwe\s+have\s+(?:limited\s+our\s+review|reviewed\s+your)\b"
)
_ACCELERATION = re.compile(
    r"(?i)\baccelerat(?:e|ion|ed)\b[^.]{0,200}?\beffective|\beffective(?:ness|\s+date|\s+time)?\b[^.]{0,200}?\baccelerat|\brequest\s+for\s+acceleration\b|\bacceleration\s+request\b|\brule\s+461\b"
    r"|\brequests?\b[^.]{0,200}?\b(?:be\s+declared|become|becomes)\s+effective\b"
)
_EXTENSION = re.compile(
    r"(?i)\bextension\b|\b(?:respond|response|responses)\b[^.]{0,160}?\b(?:by|on\s+or\s+before|no\s+later\s+than|until|within)\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|\d+\s+(?:additional\s+)?(?:business\s+)?days|an\s+additional)|\badditional\s+time\b|\bmore\s+time\b|\bwill\s+(?:respond|submit\s+(?:its|our|a)\s+response|provide\s+(?:its|our|a)\s+response)\s+(?:by|on\s+or\s+before|no\s+later\s+than)\b|\bexpects?\s+to\s+(?:respond|provide\s+(?:a|its|our)\s+response|submit)\b|\b(?:intend|intends|plan|plans)\s+to\s+(?:respond|submit\s+(?:its|our|a)\s+response|provide\s+(?:its|our|a)\s+response)\b"
)
_RESPONDS = re.compile(
    r"(?i)\b(?:your|staff'?s?|the\s+staff'?s?)\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4},?\s+)?(?:comments?|comment\s+letter|letter)\b|\bcomment\s+letter\b|\bcomments?\s+(?:of|from|in|set\s+forth|contained|raised)\b"
    r"|\brespon(?:d|ds|se|ses|ding)\s+to\b[^.]{0,120}?\bcomments?\b"
)


_STAFF_BODY = re.compile(
    r"(?i)\bwe\s+have\s+(?:reviewed|limited\s+our\s+review|completed\s+our\s+review)\b|\bhave\s+the\s+following\s+comments?\b|"
    r"\bplease\s+respond\s+to\s+(?:this\s+letter|these\s+comments|this\s+comment)\b|\bwe\s+urge\s+all\s+persons\b|\bwe\s+remind\s+you\b"
)
_STAFF_TITLES = re.compile(
    r"(?i)\b(?:branch\s+chief|assistant\s+director|staff\s+accountant|special\s+counsel|senior\s+counsel|attorney[-\s]adviser|office\s+chief|assistant\s+chief\s+accountant|division\s+of\s+corporation\s+finance)\b"
)
_COMPANY_BODY = re.compile(
    r"(?i)\bstaff'?s?\s+comments?\b|\bcomments?\s+of\s+the\s+staff\b|\byour\s+(?:comment\s+)?letter\b|\bon\s+behalf\s+of\b|\bthe\s+company\s+(?:hereby\s+)?(?:requests|responds|submits)\b"
)
# The Commission's own address heads a letter written to it.
_SEC_ADDRESS = re.compile(r"(?i)100\s+F\s+Street|450\s+Fifth\s+Street|Washington,?\s+D\.?\s?C\.?\s+20549")


def is_staff_text(head: str, body: str, tail: str) -> bool:
    """No form type known: weigh what only the staff writes against what only a company writes."""
    staff_signature = bool(_STAFF_TITLES.search(tail[:600]) or re.search(r"(?im)^office\s+of\s+[A-Z]", tail[:600]))
    staff = (
        2 * bool(_STAFF_BODY.search(body[:1500]))
        + 2 * staff_signature
        + bool(re.search(r"(?i)\bmail\s+stop\b", head))
        + bool(_OFFICER_ADDRESSEE.search(head) and not _STAFF_TITLES.search(head))
    )
    company = (
        2 * bool(_SEC_ADDRESS.search(head))
        + 2 * bool(_COMPANY_BODY.search(body[:1500]))
        + bool(re.search(r"/s/", tail[:400]) and not staff_signature)
    )
    return staff > company


_OFFICER_ADDRESSEE = re.compile(
    r"(?i)\b(?:chief\s+(?:executive|financial|accounting|operating)\s+officer|president|chairman|general\s+counsel)\b"
)


_STAFF_ASKS = re.compile(
    r"(?i)^we\s+note\b|\bplease\s+(?:advise|tell|revise|explain|expand|confirm|disclose|clarify|describe|quantify)\b"
)
_REDACTED = re.compile(r"(?i)\bredact")


def staff_kind(body: str, n_comments: int, *, numbered: bool = True) -> str:
    head = body[:1500]
    if n_comments and not numbered and not _HAS_COMMENTS.search(head):
        # Unnumbered text without the usual "following comments" opening: a comment only if it asks
        # for something, and not the exhibit-redaction or effectiveness notices the staff also sends.
        n_comments = n_comments if _STAFF_ASKS.search(head) and not _REDACTED.search(head) else 0
    if n_comments and _HAS_COMMENTS.search(head):
        return "staff_comment_letter"
    if _NO_REVIEW.search(head):
        return "no_review"
    if _COMPLETE.search(head) and not _HAS_COMMENTS.search(head):
        return "review_complete"
    if n_comments or _HAS_COMMENTS.search(head):
        return "staff_comment_letter"
    return "other"


def company_kind(body: str, n_comments: int) -> str:
    head = body[:2500]
    responds = bool(_RESPONDS.search(body[:4000]))
    if n_comments and responds:
        return "company_response"
    if _ACCELERATION.search(head):
        return "acceleration_request"
    if _EXTENSION.search(head) and not n_comments:
        return "extension_request"
    if _RESPONDS.search(head):
        return "company_response"  # answers a comment letter without restating numbered comments
    return "other"
