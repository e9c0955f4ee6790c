"""What kind of letter this is."""
from __future__ import annotations

import re

STAFF_FORMS = {"UPLOAD", "LETTER"}
COMPANY_FORMS = {"CORRESP"}

_NO_REVIEW = re.compile(
    r"(?i)\b(?:do|does|will)\s+not\s+(?:intend\s+to\s+|plan\s+to\s+)?review\b|\bwill\s+not\s+be\s+reviewed\b|\bnot\s+(?:be\s+)?subject\s+to\s+(?:a\s+|any\s+)?(?:further\s+)?review\b|\bno\s+review\b|\bhave\s+not\s+reviewed\s+and\s+will\s+not\s+review\b"
)
_COMPLETE = re.compile(
    r"(?i)\b(?:completed|concluded|complete)\s+(?:our|its|the)\s+review\b|\bno\s+further\s+comments\b|\bhave\s+no\s+(?:further\s+)?comments\b|\bdo\s+not\s+have\s+any\s+(?:further|additional)\s+comments\b"
)
_HAS_COMMENTS = re.compile(r"(?i)\bfollowing\s+comments?\b|\bhave\s+the\s+following\b|\bwe\s+have\s+(?:limited\s+our\s+review|reviewed\s+your)\b")
_ACCELERATION = re.compile(
    r"(?i)\baccelerat(?:e|ion|ed)\b[^.]{0,200}?\beffective|\beffective(?:ness|\s+date|\s+time)?\b[^.]{0,200}?\baccelerat|\brequest\s+for\s+acceleration\b|\bacceleration\s+request\b"
)
_EXTENSION = re.compile(
    r"(?i)\bextension\b|\b(?:respond|response|responses)\b[^.]{0,80}?\b(?:by|on\s+or\s+before|no\s+later\s+than|until|within)\s+(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}|\d+\s+(?:additional\s+)?(?:business\s+)?days|an\s+additional)|\badditional\s+time\b|\bmore\s+time\b|\bwill\s+(?:respond|submit\s+(?:its|our|a)\s+response|provide\s+(?:its|our|a)\s+response)\s+(?:by|on\s+or\s+before|no\s+later\s+than)\b|\bexpects?\s+to\s+(?:respond|provide\s+(?:a|its|our)\s+response|submit)\b|\b(?:intend|intends|plan|plans)\s+to\s+(?:respond|submit\s+(?:its|our|a)\s+response|provide\s+(?:its|our|a)\s+response)\b"
)
_RESPONDS = re.compile(
    r"(?i)\b(?:your|staff'?s?|the\s+staff'?s?)\s+(?:comments?|comment\s+letter|letter)\b|\bcomment\s+letter\b|\bcomments?\s+(?:of|from|in|set\s+forth|contained|raised)\b"
    r"|\brespon(?:d|ds|se|ses|ding)\s+to\b[^.]{0,120}?\bcomments?\b"
)


def is_staff_text(head: str, tail: str) -> bool:
    """No form type known: a staff letter is signed by the Division; a company writes to the Commission."""
    if re.search(r"(?i)division\s+of\s+corporation\s+finance", tail) and not re.search(r"(?i)/s/", tail[:400]):
        return True
    if re.search(r"(?i)securities\s+and\s+exchange\s+commission|division\s+of\s+corporation\s+finance", head):
        return False
    return False


def staff_kind(body: str, n_comments: int) -> str:
    head = body[:1500]
    if n_comments and _HAS_COMMENTS.search(head):
        return "staff_comment_letter"
    if _NO_REVIEW.search(head):
        return "no_review"
    if _COMPLETE.search(head) and not _HAS_COMMENTS.search(head):
        return "review_complete"
    if n_comments or _HAS_COMMENTS.search(head):
        return "staff_comment_letter"
    return "other"


def company_kind(body: str, n_comments: int, *, has_markers: bool = False) -> str:
    head = body[:2500]
    responds = bool(_RESPONDS.search(body[:4000]))
    if n_comments and responds:
        return "company_response"
    if _ACCELERATION.search(head):
        return "acceleration_request"
    if _EXTENSION.search(head) and not n_comments:
        return "extension_request"
    if re.search(r"(?i)\bresponse\b", head) and _RESPONDS.search(head):
        return "company_response"
    return "other"
