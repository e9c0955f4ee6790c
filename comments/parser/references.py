"""The "Re:" block: the company and the filings a letter is about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from comments.parser.dates import dates_sharing_year, find_dates
from comments.parser.normalize import Line
from comments.parser.signatures import SALUTATION


@dataclass
class ReferencedFiling:
    form: str
    period_end: date | None = None
    filed: date | None = None
    file_number: str | None = None
    amendment: int | None = None


_RE_START = re.compile(r"(?i)^(?:re|subject|ref)\s*[:.]\s*|^re\s+(?=[A-Z])")

# A filing named in the block. The form token is short and anchored on "Form(s)" or "Schedule".
_FORM = re.compile(
    r"(?i)\b(?P<kw>forms?|schedules?)\s+(?P<form>(?:[0-9]{1,2}-[0-9A-Z]{1,4}|[A-Z]{1,3}-[0-9]{1,2}[A-Z]{0,3}|[0-9]{1,2}[A-Z]{0,2}-?[0-9A-Z]{0,4}|TO|13D|13G|14D-?9|14A|14C|F-\d{1,2}|S-\d{1,2}[A-Z]{0,3}))(?P<amend>\s?/\s?A)?\b"
)
_DRS = re.compile(r"(?i)\bdraft\s+(?:registration|offering)\s+statement\b")
_CORRESP = re.compile(
    r"(?i)\b(?:response(?:\s+letter)?|correspondence|corresp|letter\s+response)\s+(?:(?:filed|dated|submitted)\s+(?:on\s+)?)?"
)
_UPLOAD = re.compile(r"(?i)(?<!response )\b(?:comment\s+)?letter\s+(?:dated|issued)\b")
_ON_FORM = re.compile(r"(?i)\b(?:filed|furnished|submitted)\s+(?:on|under|pursuant\s+to)\s*$")
_AMENDMENT = re.compile(r"(?i)\bamendment\s+no\.?\s*(\d{1,2})\b|\b(\d{1,2})(?:st|nd|rd|th)\s+amendment\b")
_PERIOD = re.compile(
    r"(?i)\b(?:fiscal\s+)?(?:years?|quarters?|quarterly\s+(?:periods?|reports?)|periods?|months?|transition\s+period|reports?)\s+(?:ended|ending)\b"
)
_FILED = re.compile(r"(?i)\b(?:filed|submitted|furnished|confidentially\s+submitted)\b")
_DATED = re.compile(r"(?i)\bdated\b")
# A defined term such as (the "2021 Form 10-K") names no new filing.
_DEFINED = re.compile(r"\((?:the\s+|our\s+)?\"[^\"()]{0,80}\"\)|\((?:the\s+|our\s+)?\"[^\"()]{0,80}\)")
# A form printed without the word "Form" at the start of a line: "10-K for the Fiscal Year Ended…".
_BARE_FORM = re.compile(
    r"(?:^|\|\s?)(?P<form>10-K|10-Q|20-F|40-F|8-K|6-K|S-1|S-3|S-4|S-8|F-1|F-3|F-4|11-K|10-KT|10-K/A|10-Q/A|20-F/A|DEF\s?14A|PRE\s?14A|DEFA14A|DFAN14A)(?=\s|$|,)"
)
# EDGAR's own codes for proxy material, contest forms among them, printed as is ("PREC14A filed by …"):
# distinctive enough to be read anywhere in the block.
_PROXY_CODE = re.compile(
    r"\b(?P<form>PREC14A|DEFC14A|PREN14A|DEFN14A|PRRN14A|DFRN14A|PRER14A|DEFR14A|PREM14A|DEFM14A|DFAN14A|DEFA14A|PREC14C|PRER14C|DEFR14C|PREM14C|DEFM14C)(?:/A)?\b"
)
_SOLICITING = re.compile(r"(?i)\bsoliciting\s+materials?\b")
_FILE_NO = re.compile(r"(?i)\bfile\s*(?:\|\s*)?(?:nos?\.?|numbers?|#)\s*:?\s*")
_FILE_NUMBER = re.compile(r"\b(\d{1,3}-\s?\d{4,6}(?:-\d{1,3})?)\b")

_SPLIT_FILE_NUMBER = re.compile(r"\b(\d{1,3}-)\s*\|\s*(\d{4,6})\b")

_SCHEDULE_FORMS = {"TO": "SC TO-T", "13D": "SC 13D", "13G": "SC 13G", "14D9": "SC 14D9", "14D-9": "SC 14D9"}


@dataclass
class ReBlock:
    company_name: str | None
    lines: list[str]
    start: int  # index of the first line of the block in the letter's lines
    end: int  # index one past the last line


def find_re_block(lines: list[Line], *, limit: int = 80) -> ReBlock | None:
    for i, ln in enumerate(lines[:limit]):
        m = _RE_START.match(ln.text)
        if not m:
            continue
        first = ln.text[m.end() :].strip()
        block = [first] if first else []
        j = i + 1
        while j < len(lines) and j < i + 30:
            t = lines[j].text
            if SALUTATION.match(t) or len(t) > 200 or (len(t) > 110 and not _FORM.search(t[:60])):
                break
            block.append(t)
            j += 1
        company = None
        code = _PROXY_CODE.search(block[0]) if block else None
        if code and code.start() > 3:
            # "Acme Corp. PREC14A filed March 1, 2024 by Fund LP": the company, then the filing
            block = [block[0][: code.start()].rstrip(" ,;:-\u2013"), block[0][code.start() :], *block[1:]]
        if block and not _FORM.search(block[0]) and not _FILE_NO.search(block[0]) and not _PROXY_CODE.match(block[0]):
            company = block[0].rstrip(" ,;:")
        return ReBlock(company_name=company, lines=block, start=i, end=j)
    return _unlabelled_block(lines, limit)


def _unlabelled_block(lines: list[Line], limit: int) -> ReBlock | None:
    """A subject block printed without "Re:": the short lines between the date and the salutation
    that name a form or a file number."""
    sal = next((i for i, ln in enumerate(lines[:limit]) if SALUTATION.match(ln.text)), None)
    if sal is None:
        return None
    k = sal
    while k - 1 >= 0 and sal - (k - 1) <= 8 and len(lines[k - 1].text) < 150 and not _DATE_ONLY.match(lines[k - 1].text):
        k -= 1
    block = [ln.text for ln in lines[k:sal]]
    if not any(_FORM.search(t) or _FILE_NO.search(t) for t in block):
        return None
    # Keep from the first line that names the company or a filing (drop address lines above it).
    first = next((n for n, t in enumerate(block) if _FORM.search(t) or _FILE_NO.search(t)), 0)
    start = max(0, first - 1) if first and not re.search(r"\d", block[first - 1]) else first
    block = block[start:]
    company = block[0].rstrip(" ,;:") if block and not _FORM.search(block[0]) and not _FILE_NO.search(block[0]) else None
    return ReBlock(company_name=company, lines=block, start=k + start, end=sal)


_DATE_ONLY = re.compile(r"^(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4})$")


def parse_references(block: ReBlock | None) -> list[ReferencedFiling]:
    if block is None:
        return []
    lines = block.lines[1:] if block.company_name else block.lines
    filings = parse_reference_text(" | ".join(lines))
    if block.company_name and _FILE_NO.search(block.company_name):
        # "Huntington Bancshares Incorporated (File No. 001-34073)": one number for every filing below.
        numbers = _FILE_NUMBER.findall(block.company_name)
        for f in filings:
            if numbers and f.file_number is None and f.form not in ("CORRESP", "UPLOAD"):
                f.file_number = numbers[0].replace(" ", "")
    return filings


def _canonical_form(kw: str, form: str, amended: bool, prefix: str) -> str:
    f = form.upper().replace(" ", "")
    low = prefix.lower()
    if kw.lower().startswith("schedule"):
        if f == "14A":
            f = "PRE 14A" if "preliminary" in low else "DEF 14A"
        elif f == "14C":
            f = "PRE 14C" if "preliminary" in low else "DEF 14C"
        else:
            f = _SCHEDULE_FORMS.get(f, "SC " + f)
    if amended and not f.endswith("/A"):
        f += "/A"
    return f


def parse_reference_text(text: str) -> list[ReferencedFiling]:
    """Filings named in a Re: block joined with " | " between its lines."""
    text = _DEFINED.sub(lambda m: " " * len(m.group(0)), text)
    text = _SPLIT_FILE_NUMBER.sub(r"\1\2", text)  # "File No. 001-" / "12345": a number wrapped at its dash
    anchors: list[tuple[int, int, str, str]] = []  # (start, end, type, form-or-"")
    for m in _FORM.finditer(text):
        if _ON_FORM.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "Filed on Schedule 14A": how the filing above was made, not another filing
        anchors.append((m.start(), m.end(), "form", m.group(0)))
    for m in _PROXY_CODE.finditer(text):
        if not any(a[0] <= m.start("form") < a[1] for a in anchors):
            anchors.append((m.start("form"), m.end(), "bare", m.group(0)))
    for m in _BARE_FORM.finditer(text):
        if not any(a[0] <= m.start("form") < a[1] for a in anchors):
            anchors.append(
                (
                    m.start("form"),
                    m.end("form"),
                    "bare",
                    re.sub(r"\s+", " ", m.group("form")).upper().replace("DEF14A", "DEF 14A").replace("PRE14A", "PRE 14A"),
                )
            )
    for m in _DRS.finditer(text):
        if not any(a[0] - 60 <= m.start() <= a[0] and a[2] == "form" for a in anchors) and not _FORM.match(text, m.end() + 4):
            anchors.append((m.start(), m.end(), "drs", ""))
    for m in _UPLOAD.finditer(text):
        anchors.append((m.start(), m.end(), "upload", ""))
    for m in _CORRESP.finditer(text):
        tail = text[m.end() : m.end() + 40]
        if find_dates(tail) and not any(a[0] <= m.start() < a[1] for a in anchors):
            anchors.append((m.start(), m.end(), "corresp", ""))
    anchors.sort()
    # Merge anchors of the same statement: "Draft Registration Statement on Form S-1" is one DRS.
    merged: list[tuple[int, int, str, str]] = []
    for a in anchors:
        if merged and merged[-1][2] == "drs" and a[2] == "form" and a[0] - merged[-1][1] < 12:
            merged[-1] = (merged[-1][0], a[1], "drs", a[3])
            continue
        merged.append(a)

    filings: list[ReferencedFiling] = []
    pending_file: list[ReferencedFiling] = []  # filings still waiting for the File No. printed after them
    prev_end = 0
    for idx, (start, end, typ, raw) in enumerate(merged):
        seg_end = merged[idx + 1][0] if idx + 1 < len(merged) else len(text)
        prefix = text[prev_end:start]
        # The words before the anchor on its own line ("Amendment No. 2 to Registration Statement on").
        line_prefix = prefix.rsplit("|", 1)[-1]
        segment = text[end:seg_end]
        prev_end = end
        if typ in ("corresp", "upload"):
            dates = find_dates(segment[:60])
            f = ReferencedFiling(form="CORRESP" if typ == "corresp" else "UPLOAD", filed=dates[0][2] if dates else None)
            filings.append(f)
            _assign_file_numbers(segment, pending_file, filings)
            continue
        amendment = None
        am = _AMENDMENT.search(line_prefix) or _AMENDMENT.search(segment.split("|", 1)[0])
        if am:
            amendment = int(am.group(1) or am.group(2))
        if typ == "drs":
            form = "DRS"  # EDGAR files an amended draft as DRS/A, but letters name it as the draft
        elif typ == "bare":
            form = raw + ("/A" if amendment and not raw.endswith("/A") else "")
        else:
            fm = _FORM.match(raw)
            if fm is None:
                continue
            form = _canonical_form(fm.group("kw"), fm.group("form"), bool(fm.group("amend")) or bool(amendment), line_prefix)
            if "draft" in line_prefix.lower() and "statement" in line_prefix.lower():
                form = "DRS"
            elif _SOLICITING.search(line_prefix) and form in ("DEF 14A", "PRE 14A"):
                # Soliciting material by someone other than the registrant is DFAN14A.
                form = (
                    "DFAN14A"
                    if re.search(r"(?i)\bby\s+(?!the\s+company)[A-Z]", segment.split("|", 2)[1] if "|" in segment else segment)
                    else "DEFA14A"
                )
        periods, filed = _periods_and_filed(segment)
        earlier = [f for f in pending_file if f.filed is None]
        if (
            len(filed) > 1
            and re.search(r"(?i)\brespectively\b", segment)
            and earlier
            and len(filed) == len(earlier) + max(1, len(periods))
        ):
            # "Form 10-K … | Form 10-Q … | Filed February 28, 2018 and August 7, 2018, respectively"
            for f, d in zip(earlier, filed):
                f.filed = d
            filed = filed[len(earlier) :]
        # One filing per period; "Forms 8-K filed February 29 and May 5, 2016" names one per date.
        count = max(1, len(periods), len(filed) if fm_plural(raw) else 1)
        new = []
        for k in range(count):
            new.append(
                ReferencedFiling(
                    form=form,
                    period_end=periods[k] if k < len(periods) else None,
                    filed=filed[k] if k < len(filed) else (filed[0] if len(filed) == 1 and count == 1 else None),
                    amendment=amendment,
                )
            )
        filings.extend(new)
        pending_file.extend(new)
        _assign_file_numbers(segment, pending_file, filings)
    return filings


def fm_plural(raw: str) -> bool:
    return raw.lower().startswith(("forms", "schedules"))


def _periods_and_filed(segment: str) -> tuple[list[date], list[date]]:
    cut = len(segment)
    fm = _FILE_NO.search(segment)
    if fm:
        cut = fm.start()
    body = segment[:cut]
    periods: list[date] = []
    filed: list[date] = []
    pm = _PERIOD.search(body) or _DATED.search(body)
    fl = _FILED.search(body)
    if pm:
        stop = fl.start() if fl and fl.start() > pm.end() else len(body)
        periods = dates_sharing_year(body[pm.end() : stop])
    if fl:
        stop = len(body)
        after = body[fl.end() : stop]
        filed = dates_sharing_year(after)
        if pm and pm.start() > fl.end():
            filed = dates_sharing_year(body[fl.end() : pm.start()])
    if not pm and not fl:
        # "Form 10-K for December 31, 2022": a lone date names the period.
        ds = find_dates(body)
        periods = [ds[0][2]] if ds else []
    return periods, filed


def _assign_file_numbers(segment: str, pending: list[ReferencedFiling], filings: list[ReferencedFiling]) -> None:
    fm = _FILE_NO.search(segment)
    if not fm:
        return
    numbers = [n.replace(" ", "") for n in _FILE_NUMBER.findall(segment[fm.end() : fm.end() + 120])]
    if not numbers:
        return
    if len(numbers) > 1 and len(numbers) == len(pending):
        for f, n in zip(pending, numbers):
            f.file_number = n
    else:
        for f in pending:
            f.file_number = numbers[0]
        if not pending and filings and filings[-1].file_number is None:
            filings[-1].file_number = numbers[0]
    pending.clear()
