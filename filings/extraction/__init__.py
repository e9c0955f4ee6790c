"""Plain text (with italic/bold spans) from the documents of EDGAR correspondence: HTML, PDF, text, DOCX.

Pure: bytes in, an Extraction out. Every failure is an ExtractionError, which is permanent (the same bytes
will fail the same way), so callers record it instead of retrying. Ingestion, private intake and
parse_letter all read through extract_text, so its caps (limits.py) hold whichever way a file came.
The text is text only: markup, scripts and control characters never reach it.
"""

from __future__ import annotations

import re

from filings.extraction.docx_text import extract_docx
from filings.extraction.html_text import extract_html
from filings.extraction.limits import MAX_DOCUMENT_BYTES
from filings.extraction.pdf_text import extract_pdf, pdf_extractor_name
from filings.extraction.result import Extraction, ExtractionError
from filings.extraction.sniffing import IMAGE_SUFFIXES, sniff
from filings.extraction.text import CONTROL_RE, check_text_size, decode, tidy
from filings.parsers.sgml import strip_sgml_wrapper

__all__ = ["IMAGE_SUFFIXES", "Extraction", "ExtractionError", "extract_text", "pdf_extractor_name", "sniff"]

# Bidirectional overrides can make a name read as another in an error message.
_UNSAFE_NAME_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _display_name(filename: str) -> str:
    """The file's own name, without its folders or characters that act on a terminal, for a message."""
    return _UNSAFE_NAME_RE.sub("", re.split(r"[/\\]", filename)[-1])[:200] or "the file"


def extract_text(data: bytes, *, filename: str, doc_type: str = "") -> Extraction:
    """Choose the extractor by what the bytes are, using the file name only to say what was expected."""
    if not data:
        raise ExtractionError("empty document (0 bytes)")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ExtractionError(f"document is {len(data):,} bytes, over the {MAX_DOCUMENT_BYTES:,}-byte cap")
    name = filename.lower()
    kind = sniff(data)
    if doc_type.upper() == "GRAPHIC" or name.endswith(IMAGE_SUFFIXES) or kind == "image":
        raise ExtractionError("no text in an image document")
    if kind == "pdf":
        return extract_pdf(data)
    if name.endswith(".pdf"):
        if kind == "html":
            raise ExtractionError("expected a PDF but got an HTML page (an error page served instead of the file?)")
        raise ExtractionError("corrupt PDF: no %PDF header in the first 1024 bytes")
    if kind == "docx" or (kind == "zip" and name.endswith(".docx")):
        return extract_docx(data)
    if kind == "zip":
        raise ExtractionError(f"unsupported format: a ZIP archive ({_display_name(filename)})")
    if kind == "binary":
        raise ExtractionError("unsupported format: binary data that is not PDF, HTML, DOCX or text")
    unwrapped = strip_sgml_wrapper(data)
    if kind == "html" or name.endswith((".htm", ".html")):
        return extract_html(unwrapped)
    warnings: list[str] = []
    text = tidy(CONTROL_RE.sub("", decode(unwrapped, warnings)))
    check_text_size(len(text))
    return Extraction(text=text, extractor="text", warnings=warnings)
