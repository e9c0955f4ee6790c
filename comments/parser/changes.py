"""What a company's answer changes: a revision already made in a filed document, or one promised for a
future filing. Pure: answer text in, (answer type, the company's sentence) out.

The wording rules hold general phrasings of SEC response letters; no rule names a company or a letter.
"""

from __future__ import annotations

import re

from comments.parser.prefilter import fold, prefiltered

_SUBJECT = r"(?:we|the\s+company|company|management|registrant|the\s+partnership|the\s+trust|the\s+bank|the\s+corporation|it)"
_REVISE_VERBS = (
    r"revise|expand|include|add|disclose|clarify|enhance|amend|update|modify|remove|present|incorporate|supplement|change|"
    r"conform|reflect|describe|discuss|delete|align|redefine|relabel|rename|retitle|quantify|identify|label|insert|explain|refine|eliminate|"
    r"reclassify|recast|reconcile|omit|discontinue|tailor|replace|report|separately\s+(?:present|disclose)|break\s+out|"
    r"provide\s+(?:additional|enhanced|expanded|further|more|detailed|the\s+(?:following|requested|additional)|similar|disclosure|clarif|a\s+(?:more|discussion|description|reconciliation|table|breakdown))|"
    r"ensure\s+that|comply\s+with\s+(?:this|the|your)\s+(?:staff'?s?\s+)?comment|"
    r"make\s+(?:conforming|similar|the|corresponding)|(?:re-?)?file\s+(?:an?\s+)?(?:amend\w*|exhibit|the\s+(?:agreement|exhibit|amendment))|re-?file|adjust|"
    r"address\s+(?:the|your|these|this|such)\s+(?:\w+\s+){0,2}?comments?"
)
# "we will revise", "the Company intends to expand", "Ford will, in future filings, include".
_COMMIT_FUTURE = prefiltered(
    rf"(?i)\b{_SUBJECT}\b(?:\s+[a-z]+){{0,3}}?\s+(?:will|shall|(?:intends?|plans?|undertakes?|proposes?|commits?|agrees?|expects?|(?:has\s+|have\s+)?decided)(?:,?\s+(?:in|into|with|for|from|beginning|starting)(?:\s+[a-z]+){{1,4}}?,?)?\s+to),?\s+(?:[a-z,]+\s+){{0,5}}?(?:{_REVISE_VERBS})\b"
)
_FUTURE_FILINGS = prefiltered(
    r"(?i)\b(?:in|into|within|from|to|of|with|beginning\s+with|starting\s+with|commencing\s+with|beginning\s+in|starting\s+in)\s+(?:all\s+)?(?:of\s+)?(?:our|its|the\s+company'?s?|the)?\s*(?:future|next|upcoming|subsequent|forthcoming|prospective)\b"
    r"|\bgoing\s+forward\b|\bfuture\s+(?:periodic\s+|annual\s+|quarterly\s+)?(?:filings|reports|disclosures?)\b"
)
_FIRST_PERSON_ACTION = prefiltered(
    rf"(?i)(?:\b{_SUBJECT}\b[^.]{{0,80}}?|\bfuture\s+(?:filings|reports|periodic\s+reports),?\s+)\b(?:will|shall|intends?\s+to|plans?\s+to|decided\s+to|proposes?\s+to|undertakes?\s+to|commits?\s+to|agrees?\s+to|expects?\s+to),?\s+(?:[a-z,]+\s+){{0,6}}?(?:{_REVISE_VERBS}|provide|use|make|present|show|refer|title|call|no\s+longer)\b"
)
_PASSIVE_FUTURE = prefiltered(
    r"(?i)\bwill\s+(?:also\s+)?be\s+(?:[a-z]+\s+){0,6}?(?:revised|expanded|included|added|enhanced|updated|clarified|modified|disclosed|presented|provided|removed|deleted|reflected|labeled|relabeled|renamed|expanded|discussed|described|quantified)\b"
)
_PROPOSED = prefiltered(
    r"(?i)\bpropos(?:e|es|ed|ing)\b[^.]{0,80}?\b(?:revis|disclosure|enhance|language|addition|amend|change|clarif|update)|\b(?:revised|enhanced|expanded|additional|updated)\s+disclosure\s+(?:will|would)\b"
    r"|\bto\s+be\s+(?:included|added|revised|expanded|disclosed|presented|provided)\s+in\s+(?:our\s+|its\s+)?(?:future|next|subsequent|upcoming)"
)
_COMMIT_DONE = prefiltered(
    r"(?i)\b(?:we|the\s+company|it)\s+(?:has|have)\s+(?:also\s+)?(?:revised|expanded|added|amended|updated|clarified|modified|enhanced|removed|deleted)\b(?![^.]{0,80}\bsupplementa)[^.]{0,100}?\b(?:disclosures?|risk\s+factors?|captions?|language|the\s+following)\b|\b(?:exhibits?|disclosures?|registration\s+statement|prospectus|pages?)\b.{0,80}?\b(?:has|have)\s+been\s+(?:revised|updated|amended|expanded|added|included|filed|clarified)\b|\b(?:has|have)\s+(?:\w+\s+){0,2}?revised\s+(?:the|our|its|their)\s+(?:\w+\s+){0,2}?(?:disclosures?|registration\s+statement|prospectus|proxy\s+statement|offering\s+statement|filing)\b|\b(?:has|have)\s+(?:been\s+)?(?:\w+\s+){0,2}?(?:revised|expanded|added|amended|updated|included|clarified|modified|enhanced|removed|deleted|filed|incorporated)\b[^.]{0,200}?\b(?:amendment|amended|registration\s+statement|revised\s+(?:draft|offering|registration)|page|pages|form\s+\d|proxy\s+statement|offering\s+statement|exhibit|appendix|annex|schedule|prospectus|information\s+statement|note\s+\d)"
)
# "Future earnings releases … will include …", "future filings will not include …": the company's future
# documents as the subject; leaving something out of them is a change too.
_FUTURE_DOCS = prefiltered(
    r"(?i)\bfuture\s+(?:[a-z\-]+\s+){0,2}?(?:filings|reports|releases|statements|disclosures)\b(?:[^.;]|\.(?!\s+(?-i:[A-Z]))){0,300}?\b(?:will|shall)\s+(?:also\s+)?(?:not\s+|no\s+longer\s+)?(?:include|present|contain|disclose|provide|reflect|use|show|discuss)\b"
)
# A promise that depends on something ("to the extent material", "if … we will") or only keeps
# watching is not a commitment to change disclosure.
_CONDITIONAL = prefiltered(
    r"(?i)^\s*(?:(?:however|accordingly|further|additionally|also|alternatively|nonetheless),?\s+)?(?:to\s+the\s+extent|if|should|in\s+the\s+event|where|unless)\b|\bwill\s+(?:evaluate|consider|assess|review|monitor)\b(?!\s+and\s+(?:address|revise|expand|include|enhance|update|clarify)\b)|\bcontinue\s+to\b"
    r"|,\s*if\s+(?!applicable|appropriate|necessary|needed|any\b|so\b)|\bas\s+(?:new\s+|additional\s+)?(?:information|developments?|facts)\b[^.]{0,40}\b(?:becomes?|occurs?|arises?)"
)
_NEGATION = prefiltered(
    r"(?i)\b(?:will|shall|has|have|had|did)\s+not\b|\bnor\b|\bnever\b|\bdo(?:es)?\s+not\s+(?:believe|intend|plan|propose)\b|\bno\s+(?:revision|amendment|changes?|additional\s+disclosure)\s+(?:is|are|to|will)\b|\bnot\s+(?:necessary|required|needed|warranted)\b"
)

# "has decided to revise …": a decision to change, not a change already made.
_DECIDED = prefiltered(
    r"(?i)\b(?:has|have)\s+(?:elected|decided|agreed|determined)\s+to\s+(?:revise|disclose|include|add|expand|amend|clarify|update|remove)\b"
)
# Changes made now, in words the rules above miss: simple past ("we expanded the disclosure in …"), a
# document filed or refiled with the letter, a pointer to the revised text, a report already filed.
_CHANGE_OBJECT = (
    r"(?:disclosures?|discussion|language|risk\s+factors?|captions?|tables?|footnotes?|notes?\s+\d+|presentation|md&a|section|"
    r"exhibits?|pages?|the\s+following|reconciliation|paragraphs?|sentences?|descriptions?|definitions?|headings?|titles?|"
    r"registration\s+statement|prospectus|proxy\s+statement|offering\s+(?:statement|circular)|filing|amendment|form\s+\d)"
)
_ADVERBS = r"(?:(?:also|further|hereby|now|accordingly|therefore|since|subsequently|already|then|similarly|likewise|consequently|thus|additionally|separately),?\s+){0,2}"
_CHANGED = (
    r"(?:revised|expanded|enhanced|updated|modified|clarified|amended|added|removed|deleted|replaced|corrected|supplemented)"
)
_MADE_PAST = prefiltered(
    rf"(?i)\b(?:we|the\s+company|company|it|management|registrant)\s+{_ADVERBS}(?:has|have)\s+{_ADVERBS}{_CHANGED}\s+(?:\w+\s+){{0,5}}?{_CHANGE_OBJECT}\b"
    # simple past only where the sentence places the change in a document or ties it to the comment
    rf"|\b(?:we|the\s+company|company|it|management|registrant)\s+{_ADVERBS}{_CHANGED}\s+(?:\w+\s+){{0,5}}?{_CHANGE_OBJECT}\b"
    r"(?=[^.]{0,200}?\b(?:on\s+pages?\s+\S|in\s+(?:the\s+|our\s+|its\s+)?(?:amendment|amended|revised|registration\s+statement|prospectus|(?:\w+\s+){0,3}?form\s+10-[kq]|quarterly\s+report|annual\s+report)|in\s+response\s+to))"
    r"|\bin\s+response\s+to\s+(?:the\s+)?(?:staff'?s\s+|your\s+)?comments?,\s+(?:we|the\s+company|company|it|management|registrant)\s+"
    + _ADVERBS
    + _CHANGED
    + r"\b"
)
_FILED_NOW = prefiltered(
    r"(?i)\b(?:is|are|was|were|has\s+been|have\s+been)\s+(?:being\s+)?(?:re-?)?(?:filed|submitted)\s+(?:herewith|concurrently|simultaneously|together|today|"
    r"as\s+(?:part\s+of|an?\s+exhibit|exhibits?)|with\s+(?:this|the|our)\s+(?:letter|amendment|response|amended|revised))"
    r"|\b(?:we|the\s+company|company|it|registrant)\s+(?:is|are|am|has|have)\s+(?:\w+\s+){0,2}?(?:re-?filing|re-?filed|(?:concurrently|simultaneously|today|herewith)\s+(?:filing|filed|submitting|submitted))\b"
    r"|\b(?:we|the\s+company|company|it|registrant)\s+(?:has\s+|have\s+)?(?:\w+\s+){0,2}?(?:re-?filed|filed|submitted)\s+(?:\w+\s+){0,6}?(?:amendment|amended|exhibits?|form\s+\d{1,2}-[a-z]{1,2}/a|revised\s+(?:draft|registration|exhibit))"
    r"|\bre-?filed\b[^.]{0,60}\bexhibit|\bexhibits?\s+[\d.]+\s+(?:\w+\s+){0,4}?(?:has|have)\s+been\s+re-?filed"
)
_SEE_REVISED = prefiltered(
    r"(?i)\b(?:see|refer(?:s|red)?\s+(?:the\s+staff\s+)?to|reflected\s+(?:on|in))\s+(?:the\s+)?(?:revised|updated|new|added|expanded|enhanced|amended|additional|modified)\s+(?:\w+\s+){0,2}?(?:disclosures?|language|risk\s+factors?|discussion|tables?|text|sections?|exhibits?|presentation|pages?)\b"
    r"|\b(?:see|refer(?:s|red)?\s+(?:the\s+staff\s+)?to)\s+(?:\w+\s+){0,3}?pages?\s+[\dA-Z][\w\-, ]{0,30}?\s+(?:of|in)\s+(?:the\s+|our\s+|its\s+)?(?:amendment|amended|revised|registration\s+statement|prospectus|draft|proxy\s+statement|information\s+statement|offering\s+statement)"
    r"|\b(?:see|refer(?:s|red)?\s+(?:the\s+staff\s+)?to)\b[^.]{0,80}?\b(?:in|of)\s+(?:the\s+)?(?:amendment\s+no|amended\s+(?:registration|draft|filing|form|proxy)|revised\s+(?:draft|registration|preliminary|proxy|offering))"
)
# A report filed after the staff's letter that carries the change: "we expanded … in our Form 10-Q for the
# quarter ended June 30, 2024, filed on August 1, 2024".
_FILED_REPORT = prefiltered(
    r"(?i)\b(?:form\s+10-[qk]|quarterly\s+report|annual\s+report|form\s+20-f|form\s+8-k)\b[^.;]{0,120}?\b(?:(?:was\s+|were\s+)?filed|furnished)\s+(?:with\s+the\s+(?:sec|commission)\s+)?on\b"
    r"|\b(?:recently|most\s+recently)\s+filed\s+(?:form\s+10-[qk]|quarterly\s+report|annual\s+report)"
)
_PAST_CHANGE = prefiltered(
    r"(?i)\b(?:revised|expanded|enhanced|updated|modified|clarified|added|(?:included|provided|presented)\s+(?:\w+\s+){0,2}?(?:additional|expanded|enhanced|revised|new|updated|the\s+requested|the\s+following|further|more|this|such|these|similar))\b"
)
# More ways to say a change is made: "is filing Amendment No. 1", "in response to the Staff's comment, the
# Company has removed …", "revised disclosure appears on page 5", "has complied with the Staff's comment",
# "has made the requested changes", "Amendment No. 2 includes …", "the risk factor was revised in …".
_MADE_OTHERWISE = prefiltered(
    r"(?i)\b(?:we|the\s+company|company|it|registrant)\s+(?:is|are|am)\s+(?:also\s+)?(?:concurrently\s+|simultaneously\s+|today\s+|herewith\s+|hereby\s+)?(?:re-?)?(?:filing|submitting)\s+(?:\w+\s+){0,6}?(?:amendment|amended|exhibits?|form\s+\d{1,2}-[a-z]{1,2}/a|revised)"
    r"|\bin\s+response\s+to\s+(?:the\s+|this\s+)?(?:staff'?s\s+|your\s+)?comments?,\s+(?:we|the\s+company|company|it|registrant)\s+(?:has|have)\s+(?:also\s+)?(?:revised|expanded|enhanced|updated|modified|clarified|amended|added|removed|deleted|replaced|corrected|included|filed|provided\s+(?:the\s+requested|additional|revised|updated)\s+disclosure)\b"
    r"|\b(?:revised|updated|new|expanded|enhanced|added|amended|modified)\s+(?:\w+\s+){0,2}?(?:disclosures?|language|risk\s+factors?|text|tables?|discussion)\s+(?:now\s+)?(?:appears?|is\s+(?:now\s+)?(?:included|provided|set\s+forth|found|located|presented)|has\s+been\s+(?:included|added|provided|inserted))\s+(?:on|in|under|at|within)\b"
    r"|\b(?:has|have)\s+complied\s+with\s+(?:the|this|your)\s+(?:staff'?s?\s+)?comment"
    r"|\b(?:has|have)\s+made\s+(?:the\s+)?(?:requested|suggested|appropriate|corresponding|conforming|necessary|related|applicable)\s+(?:\w+\s+)?(?:revisions?|changes?|edits?|updates?|corrections?)\b"
    r"|\b(?:changes?|revisions?|updates?|corrections?|edits?)\s+(?:\w+\s+){0,3}?(?:has|have)\s+been\s+made\b"
    r"|\b(?:amendment\s+no\.?\s*\d{1,2}|the\s+amendment|the\s+amended\s+(?:registration\s+statement|filing|form\s+\S+|draft\s+registration\s+statement|proxy\s+statement)|the\s+revised\s+(?:draft\s+)?(?:registration|offering|proxy|information)\s+statement)\s+(?:now\s+)?(?:includes|reflects|contains|incorporates|provides|discloses|has\s+been\s+revised|removes|adds)\b"
    r"|\b(?:was|were)\s+(?:also\s+)?(?:revised|expanded|updated|amended|added|removed|deleted|clarified|modified)\s+(?:in|on)\s+(?:the\s+|our\s+|its\s+)?(?:amendment|amended|revised|pages?\s+\S|registration\s+statement|prospectus)"
    r"|\b(?:has|have)\s+been\s+(?:revised|updated|amended|expanded|modified|corrected|re-?filed|removed|deleted)\s+(?:to\b|accordingly|as\s+(?:requested|suggested)|in\s+response|on\s+pages?\b)"
)
# Stopping is a change too: "in future filings we will no longer use the term …", "will not present …".
_STOP_USING = prefiltered(
    r"(?i)\b(?:we|the\s+company|company|it|registrant)\s+will\s+(?:no\s+longer|not|cease\s+to|discontinue|stop)\s+(?:use|using|present|presenting|include|including|refer|referring|characteri[sz]e|describe|call|label|show|report|disclose)\b"
)
_FUTURE_WORD = prefiltered(
    r"(?i)\b(?:will|shall|would|intends?|plans?|proposes?|expects?|going\s+forward|future|upcoming|next|subsequent)\b"
)


def find_change(text: str, *, names: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """("revised", sentence) when the answer reports a change already made in a filed document, else
    ("will_revise", sentence) when it promises one, else None. A revision made now wins over a promise
    (tests/labels/README.md); the sentence is the company's own words.

    names are the company's own short names ("M&T", "Ford"), which speak for it like "we" does."""
    promise: str | None = None
    for said in _sentences(text):
        sentence = _as_company(said, names) if names else said
        if len(sentence) > 1500:
            sentence = sentence[:1500]
        if _QUOTED.match(sentence):
            continue  # quoted disclosure (existing or proposed text), not the company speaking
        kind = _sentence_change(sentence, revised_only=promise is not None)
        if kind == "revised":
            return "revised", said.strip()[:1000]
        if kind and promise is None:
            promise = said.strip()[:1000]
    return ("will_revise", promise) if promise else None


def find_commitment(text: str, *, names: tuple[str, ...] = ()) -> str | None:
    """The company's sentence that revises or commits to revise disclosure (LABELS.md), if any."""
    found = find_change(text, names=names)
    return found[1] if found else None


def _sentence_change(sentence: str, *, revised_only: bool = False) -> str | None:
    """What the sentence changes: "revised" (a change made), "will_revise" (one promised) or None. With
    revised_only (a promise was found already, and only a change made can still win) no promise is
    looked for."""
    low = fold(sentence)  # each rule below first checks for the words it needs
    done = (
        _COMMIT_DONE.search(sentence, low)
        or _MADE_PAST.search(sentence, low)
        or _FILED_NOW.search(sentence, low)
        or _SEE_REVISED.search(sentence, low)
        or _MADE_OTHERWISE.search(sentence, low)
    )
    if (
        not done
        and _FILED_REPORT.search(sentence, low)
        and _PAST_CHANGE.search(sentence, low)
        and not _FUTURE_WORD.search(sentence, low)
    ):
        done = _PAST_CHANGE.search(sentence, low)
    if done and _holds(sentence, low, done):
        return "revised"
    if revised_only:
        return None
    future = (
        _COMMIT_FUTURE.search(sentence, low)
        or (
            _FUTURE_FILINGS.search(sentence, low)
            and (_FIRST_PERSON_ACTION.search(sentence, low) or _PASSIVE_FUTURE.search(sentence, low))
        )
        or _PROPOSED.search(sentence, low)
        or _DECIDED.search(sentence, low)
    )
    if future and _holds(sentence, low, future):
        return "will_revise"
    if not future and not done:
        stop = _STOP_USING.search(sentence, low)
        if stop and _FUTURE_FILINGS.search(sentence, low) and not _CONDITIONAL.search(sentence, low):
            return "will_revise"
        docs = _FUTURE_DOCS.search(sentence, low)
        if docs and not _NEGATION.search(sentence[: docs.start()], low) and not _CONDITIONAL.search(sentence, low):
            return "will_revise"
    return None


def _holds(sentence: str, low: str, positive: re.Match[str]) -> bool:
    # A negation counts only up to the change: "we will remove it, as it is not required" still commits.
    lead = sentence[: positive.end()]
    turn = list(_TURN.finditer(lead, 0, positive.start() + 1))
    if turn:
        lead = lead[turn[-1].end() :]  # "we do not believe …; however, we will revise …"
    return not (_NEGATION.search(lead, low) or _CONDITIONAL.search(sentence, low))


def _as_company(sentence: str, names: tuple[str, ...]) -> str:
    # "M&T will disclose …" reads as "the Company will disclose …" to the rules above.
    for name in names:
        if name in sentence:
            sentence = sentence.replace(name + "'s", "the Company's").replace(name, "the Company")
    return sentence


_TURN = re.compile(r"(?i)\b(?:however|but|nevertheless|nonetheless)\b")
_QUOTED = re.compile(r"^\s*(?:[\u2022\u00b7*\-]\s*)?[\"\u201c]")
_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n+")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENT_SPLIT.split(text) if s.strip()]
