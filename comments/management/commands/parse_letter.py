"""Parse comment letters from files and print one JSON object per file per line. No database needed.

python manage.py parse_letter FILE... [--form UPLOAD|CORRESP] [--json]
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments.parser import parse_letter
from filings.extraction import extract_text
from filings.forms import LETTER_FORMS
from filings.parsers.sgml import parse_complete_submission

_WRAPPER_TYPE = re.compile(rb"<TYPE>\s*([A-Z0-9/\- ]+?)\s*[\r\n<]", re.I)
_STAFF_ACCESSION = re.compile(r"^0000000000-?\d{2}-?\d{6}$|^9999999997-?\d{2}-?\d{6}$")


def letter_document(path: Path, form: str | None) -> tuple[bytes, str, str | None]:
    """(document bytes, its file name, its EDGAR form) for a file: a complete submission .txt gives
    its letter document and header form; otherwise the form comes from --form, the SGML wrapper, the
    accession folder's naming, or stays None for the text to decide."""
    data = path.read_bytes()
    head = data[:4096]
    if b"<SEC-HEADER>" in head or b"ACCESSION NUMBER:" in head:
        sub = parse_complete_submission(data)
        sub_form = (sub.header.submission_type or "").upper() or None
        docs = [d for d in sub.documents if d.type.upper() == sub_form] or sub.documents
        if not docs:
            raise ValueError("complete submission holds no documents")
        doc = docs[0]
        return doc.content, doc.filename or path.name, form or sub_form
    if form:
        return data, path.name, form
    m = _WRAPPER_TYPE.search(head)
    if m and m.group(1).decode("ascii", "ignore").upper() in LETTER_FORMS:
        return data, path.name, m.group(1).decode("ascii").upper()
    return data, path.name, _form_from_folder(path)


def _form_from_folder(path: Path) -> str | None:
    folder = path.parent.name
    if re.fullmatch(r"\d{18}", folder):
        folder = f"{folder[:10]}-{folder[10:12]}-{folder[12:]}"
    if _STAFF_ACCESSION.match(folder) and path.name.lower().startswith("filename1"):
        return "UPLOAD"  # the SEC files its own letters under a 0000000000- accession
    index = path.parent / "index.json"
    if index.exists():
        try:
            names = [i.get("name", "") for i in json.loads(index.read_text()).get("directory", {}).get("item", [])]
        except (ValueError, AttributeError):
            names = []
        if any(n.lower().startswith("filename1") for n in names) and folder.startswith("0000000000"):
            return "UPLOAD"
    return None


class Command(BaseCommand):
    help = "Parse comment-letter files (PDF, HTML, text or a complete submission) and print JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+")
        parser.add_argument("--form", choices=sorted(LETTER_FORMS), default=None)
        parser.add_argument("--json", action="store_true", help="JSON lines (the only output format; kept for scripts)")

    def handle(self, *args: object, **options: object) -> None:
        form = options.get("form")
        names = list(options["files"])  # type: ignore[call-overload]
        unreadable = 0
        for name in names:
            row = parse_file(Path(str(name)), form=str(form) if form else None)
            unreadable += "error" in row
            self.stdout.write(json.dumps(row, ensure_ascii=False))
        if unreadable:
            # Every result is printed first; the status then tells a script that something was not read.
            raise CommandError(f"{unreadable} of {len(names)} files could not be read", returncode=1)


def parse_file(path: Path, *, form: str | None = None) -> dict:
    """One file's contract dict, or {"file", "error"} when it cannot be read (the batch goes on)."""
    try:
        data, filename, doc_form = letter_document(path, form)
        extraction = extract_text(data, filename=filename, doc_type=doc_form or "")
        parsed = parse_letter(extraction.text, form_type=doc_form, emphasis=extraction.emphasis)
    except Exception as exc:  # any unreadable file is reported and skipped, never fatal for the batch
        return {"file": str(path), "error": f"{type(exc).__name__}: {exc}"}
    return parsed.to_contract(file=str(path))
