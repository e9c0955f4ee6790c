"""EDGAR complete submission files (<ACCESSION>.txt): the SGML header and every document inside."""

from __future__ import annotations

import binascii
import html
import re
from dataclasses import dataclass, field
from datetime import date, datetime


class SgmlParseError(ValueError):
    """The bytes are not a complete EDGAR submission. Permanent: fetching the same file again will not help
    unless it was cut short in transit (the message says "truncated" then)."""


@dataclass
class FormerName:
    name: str
    changed: date | None


@dataclass
class SgmlFiler:
    role: str  # "FILED FOR", "FILER", "SUBJECT COMPANY", "FILED BY", "REPORTING-OWNER", "ISSUER", ...
    cik: int = 0
    name: str = ""
    sic: str = ""
    sic_description: str = ""
    irs_number: str = ""
    state_of_incorporation: str = ""
    fiscal_year_end: str = ""
    file_number: str = ""
    film_number: str = ""
    former_names: list[FormerName] = field(default_factory=list)


@dataclass
class SubmissionHeader:
    accession_number: str
    submission_type: str = ""
    public_document_count: int | None = None
    filed_as_of: date | None = None
    acceptance_datetime: datetime | None = None  # naive, as printed: Eastern time
    period_of_report: date | None = None
    public_reference_accession: str | None = None
    filers: list[SgmlFiler] = field(default_factory=list)


@dataclass
class SubmissionDocument:
    sequence: int
    type: str
    filename: str
    description: str
    content: bytes


@dataclass
class CompleteSubmission:
    header: SubmissionHeader
    documents: list[SubmissionDocument]


_HEADER_RE = re.compile(rb"<(SEC|IMS)-HEADER>(.*?)</(SEC|IMS)-HEADER>", re.S | re.I)
_DOCUMENT_RE = re.compile(rb"<DOCUMENT>(.*?)</DOCUMENT>", re.S | re.I)
_TAG_LINE_RE = re.compile(r"^<([A-Z0-9-]+)>(.*)$")
_KEY_VALUE_RE = re.compile(r"^([A-Z0-9][A-Z0-9 ()&/.,'-]*?):\s*(.*)$")
_SIC_RE = re.compile(r"^(.*?)\s*\[(\d+)\]\s*$")
_WRAPPER_OPEN_RE = re.compile(rb"^\s*<(PDF|XML|XBRL|JSON)>\r?\n?", re.I)
_UU_BEGIN_RE = re.compile(rb"^\s*begin [0-7]{3,4} [^\r\n]*\r?\n", re.I)

# Indented section names inside a filer block; any other indented line is a field of the current section.
_SECTIONS = {"COMPANY DATA", "OWNER DATA", "FILING VALUES", "BUSINESS ADDRESS", "MAIL ADDRESS", "FORMER COMPANY", "FORMER NAME"}


def _date(value: str) -> date | None:
    value = value.strip()
    if len(value) >= 8 and value[:8].isdigit():
        try:
            return date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        except ValueError:
            return None
    return None


def _datetime(value: str) -> datetime | None:
    value = value.strip()
    try:
        return datetime.strptime(value[:14], "%Y%m%d%H%M%S") if len(value) >= 14 else None
    except ValueError:
        return None


def _set_filer_field(filer: SgmlFiler, section: str, key: str, value: str) -> None:
    if section in ("FORMER COMPANY", "FORMER NAME"):
        if key == "FORMER CONFORMED NAME":
            filer.former_names.append(FormerName(name=value, changed=None))
        elif key == "DATE OF NAME CHANGE" and filer.former_names:
            filer.former_names[-1].changed = _date(value)
        return
    if key == "COMPANY CONFORMED NAME":
        filer.name = value
    elif key == "CENTRAL INDEX KEY" and value.isdigit():
        filer.cik = int(value)
    elif key == "STANDARD INDUSTRIAL CLASSIFICATION":
        match = _SIC_RE.match(value)
        filer.sic, filer.sic_description = (match.group(2), match.group(1)) if match else ("", value)
    elif key in ("IRS NUMBER", "EIN"):  # EDGAR renamed the field to EIN in 2025
        filer.irs_number = value
    elif key == "STATE OF INCORPORATION":
        filer.state_of_incorporation = value
    elif key == "FISCAL YEAR END":
        filer.fiscal_year_end = value
    elif key == "SEC FILE NUMBER":
        filer.file_number = value
    elif key == "FILM NUMBER":
        filer.film_number = value


def parse_sgml_header(text: str) -> SubmissionHeader:
    """Parse the key/value header (with or without the <SEC-HEADER> tags)."""
    top: dict[str, str] = {}
    filers: list[SgmlFiler] = []
    filer: SgmlFiler | None = None
    section = ""
    for raw in text.splitlines():
        if not raw.strip():
            continue
        indented = raw[0] in " \t"
        line = raw.strip()
        tag = _TAG_LINE_RE.match(line)
        if tag and not indented:
            top.setdefault(tag.group(1), tag.group(2).strip())
            continue
        match = _KEY_VALUE_RE.match(line)
        if not match:
            continue
        key, value = match.group(1).strip(), match.group(2).strip()
        if not indented:
            if value:
                top.setdefault(key, value)
                filer = None
            else:
                # An unindented key with no value opens a filer block: FILER:, FILED FOR:, SUBJECT COMPANY:, ...
                filer = SgmlFiler(role=key)
                filers.append(filer)
                section = ""
        elif filer is not None:
            if key in _SECTIONS and not value:
                section = key
            else:
                _set_filer_field(filer, section, key, value)

    accession = top.get("ACCESSION NUMBER", "")
    if not re.fullmatch(r"\d{10}-\d{2}-\d{6}", accession):
        raise SgmlParseError(f"no valid ACCESSION NUMBER in the SGML header (got {accession!r})")
    count = top.get("PUBLIC DOCUMENT COUNT", "")
    return SubmissionHeader(
        accession_number=accession,
        submission_type=top.get("CONFORMED SUBMISSION TYPE", ""),
        public_document_count=int(count) if count.isdigit() else None,
        filed_as_of=_date(top.get("FILED AS OF DATE", "")),
        acceptance_datetime=_datetime(top.get("ACCEPTANCE-DATETIME", "")),
        period_of_report=_date(top.get("CONFORMED PERIOD OF REPORT", "")),
        public_reference_accession=top.get("PUBLIC REFERENCE ACCESSION NUMBER") or None,
        filers=[f for f in filers if f.cik or f.name],
    )


_PRE_RE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S | re.I)
_HTML_TAG_RE = re.compile(r"<[^>]+>")
_TEXT_HEADER_RE = re.compile(r"<(?:SEC|IMS)-HEADER>(.*?)(?:</(?:SEC|IMS)-HEADER>|$)", re.S | re.I)
# The tagged form of the header (as in a .hdr.sgml file): a new filer block starts at one of these.
_TAGGED_FILER_ROLES = {"FILER": "FILER", "SUBJECT-COMPANY": "SUBJECT COMPANY", "FILED-BY": "FILED BY"}
_TAGGED_FILER_FIELDS = {
    "CONFORMED-NAME": "name",
    "ASSIGNED-SIC": "sic",
    "STATE-OF-INCORPORATION": "state_of_incorporation",
    "FISCAL-YEAR-END": "fiscal_year_end",
    "FILE-NUMBER": "file_number",
    "FILM-NUMBER": "film_number",
}


def parse_index_headers(data: bytes) -> SubmissionHeader:
    """EDGAR's `{accession}-index-headers.html`: the submission's SGML header, HTML-escaped inside <pre>.

    EDGAR prints it as the .txt's "KEY: value" header; the tagged form of a .hdr.sgml file is read too.
    """
    page = data.decode("utf-8", errors="replace")
    pre = _PRE_RE.search(page)
    text = html.unescape(pre.group(1) if pre else _HTML_TAG_RE.sub("", page))
    # Only what precedes the first document describes the filing.
    text = re.split(r"^\s*<DOCUMENT>", text, maxsplit=1, flags=re.M | re.I)[0]
    inner = _TEXT_HEADER_RE.search(text)
    header_text = text if inner is None else text[: inner.start()] + inner.group(1)
    try:
        return parse_sgml_header(header_text)
    except SgmlParseError:
        return _parse_tagged_header(header_text)


def _parse_tagged_header(text: str) -> SubmissionHeader:
    top: dict[str, str] = {}
    filers: list[SgmlFiler] = []
    for raw in text.splitlines():
        tag = _TAG_LINE_RE.match(raw.strip())
        if not tag:
            continue
        name, value = tag.group(1).upper(), tag.group(2).strip()
        if name in _TAGGED_FILER_ROLES:
            filers.append(SgmlFiler(role=_TAGGED_FILER_ROLES[name]))
        elif filers and name == "CIK" and value.isdigit():
            filers[-1].cik = int(value)
        elif filers and name in _TAGGED_FILER_FIELDS and not getattr(filers[-1], _TAGGED_FILER_FIELDS[name]):
            setattr(filers[-1], _TAGGED_FILER_FIELDS[name], value)
        elif value:
            top.setdefault(name, value)
    accession = top.get("ACCESSION-NUMBER", "")
    if not re.fullmatch(r"\d{10}-\d{2}-\d{6}", accession):
        raise SgmlParseError(f"no valid accession number in the index headers (got {accession!r})")
    count = top.get("PUBLIC-DOCUMENT-COUNT", "")
    return SubmissionHeader(
        accession_number=accession,
        submission_type=top.get("TYPE", ""),
        public_document_count=int(count) if count.isdigit() else None,
        filed_as_of=_date(top.get("FILING-DATE", "")),
        acceptance_datetime=_datetime(top.get("ACCEPTANCE-DATETIME", "")),
        period_of_report=_date(top.get("PERIOD", "")),
        public_reference_accession=top.get("PUBLIC-REFERENCE-ACC") or None,
        filers=[f for f in filers if f.cik or f.name],
    )


def _uudecode(body: bytes) -> bytes:
    out = bytearray()
    for line in body.splitlines()[1:]:  # first line is "begin 644 name"
        if line.strip() in (b"end", b"`"):
            break
        if not line.strip():
            continue
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:
            # Some encoders pad lines past their length byte; decode only the declared length.
            nbytes = (((line[0] - 32) & 63) * 4 + 5) // 3
            try:
                out += binascii.a2b_uu(line[:nbytes])
            except binascii.Error as exc:
                raise SgmlParseError(f"bad uuencoded line {line[:40]!r}: {exc}") from None
    return bytes(out)


def _document_content(text_part: bytes) -> bytes:
    wrapped = _WRAPPER_OPEN_RE.match(text_part)
    if wrapped:
        # Real filings sometimes lack the closing tag (e.g. an unclosed <XBRL>), so strip each end on its own.
        text_part = text_part[wrapped.end() :].rstrip()
        closing = b"</" + wrapped.group(1) + b">"
        if text_part.upper().endswith(closing.upper()):
            text_part = text_part[: -len(closing)].rstrip(b"\r\n")
    if _UU_BEGIN_RE.match(text_part):
        return _uudecode(text_part.lstrip())
    return text_part


def _parse_document(block: bytes, number: int) -> SubmissionDocument:
    text_at = block.upper().find(b"<TEXT>")
    head = (block if text_at < 0 else block[:text_at]).decode("latin-1")
    fields: dict[str, str] = {}
    for line in head.splitlines():
        match = _TAG_LINE_RE.match(line.strip())
        if match:
            fields.setdefault(match.group(1).upper(), match.group(2).strip())
    content = b""
    if text_at >= 0:
        end = block.upper().rfind(b"</TEXT>")
        if end < text_at:
            raise SgmlParseError(f"truncated submission: document {number} has <TEXT> but no </TEXT>")
        body = block[text_at + len(b"<TEXT>") : end]
        body = body[1:] if body.startswith(b"\n") else body[2:] if body.startswith(b"\r\n") else body
        content = _document_content(body)
    sequence = fields.get("SEQUENCE", "")
    return SubmissionDocument(
        sequence=int(sequence) if sequence.isdigit() else number,
        type=fields.get("TYPE", ""),
        filename=fields.get("FILENAME", ""),
        description=fields.get("DESCRIPTION", ""),
        content=content,
    )


def parse_complete_submission(data: bytes) -> CompleteSubmission:
    if not data.strip():
        raise SgmlParseError("empty submission file (0 bytes)")
    header_match = _HEADER_RE.search(data)
    if header_match is None:
        raise SgmlParseError("not an EDGAR complete submission: no <SEC-HEADER>…</SEC-HEADER> block")
    header_text = header_match.group(2)
    try:
        header = parse_sgml_header(header_text.decode("utf-8"))
    except UnicodeDecodeError:
        header = parse_sgml_header(header_text.decode("latin-1"))

    rest = data[header_match.end() :]
    if rest.upper().count(b"<DOCUMENT>") != rest.upper().count(b"</DOCUMENT>"):
        raise SgmlParseError("truncated submission: a <DOCUMENT> has no </DOCUMENT>")
    if b"<SEC-DOCUMENT>" in data[:200].upper() and b"</SEC-DOCUMENT>" not in data[-200:].upper():
        raise SgmlParseError("truncated submission: no closing </SEC-DOCUMENT>")
    documents = [_parse_document(m.group(1), n) for n, m in enumerate(_DOCUMENT_RE.finditer(rest), start=1)]
    return CompleteSubmission(header=header, documents=documents)


def strip_sgml_wrapper(data: bytes) -> bytes:
    """Return the document inside EDGAR's <DOCUMENT>…<TEXT>…</TEXT></DOCUMENT> wrapper, or the input unchanged."""
    start = data[:200].lstrip().upper()
    if not start.startswith(b"<DOCUMENT>"):
        return data
    upper = data.upper()
    text_at = upper.find(b"<TEXT>")
    if text_at < 0:
        return data
    end = upper.rfind(b"</TEXT>")
    body = data[text_at + len(b"<TEXT>") : end if end > text_at else len(data)]
    return body.strip(b"\r\n")
