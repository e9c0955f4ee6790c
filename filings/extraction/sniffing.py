"""What a document's bytes are, whatever its name says."""

from __future__ import annotations

import re

from filings.extraction.docx_text import zip_names
from filings.extraction.text import unicode_bom
from filings.parsers.sgml import strip_sgml_wrapper

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".svg")
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF87a", b"GIF89a", b"BM", b"II*\x00", b"MM\x00*")
# What an HTML document starts with (after a BOM or an XML prolog); markup further in does not make text HTML.
_HTML_START_RE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(<!doctype html|<html|<head|<body|<title|<div|<p[\s>]|<table|<font|<!--)",
    re.I,
)
# SVG is a drawing that can carry scripts, not a letter: it is an image, whatever it is named.
_SVG_START_RE = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--.{0,2000}?-->\s*)*(?:<!doctype svg|<svg[\s>])", re.I | re.S
)


def sniff(data: bytes) -> str:
    """What the bytes are, whatever their name says: pdf, image, docx, zip, html, text or binary.
    extract_text picks its extractor by it; private intake rejects an upload whose name says otherwise."""
    head = data[:1024]
    # A bitmap's "BM" must be followed by its size and four zero bytes: "BMC Software" is a letter.
    if head.startswith(_IMAGE_MAGIC) and (not head.startswith(b"BM") or head[6:10] == b"\x00" * 4):
        return "image"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        names = zip_names(data)
        return "docx" if names is not None and "word/document.xml" in names else "zip"
    codec = unicode_bom(head)
    if codec:
        # UTF-16 text holds a zero byte in every ASCII character; judge its characters, not its bytes.
        head = data[:8192].decode(codec, errors="ignore").encode("utf-8")
        unwrapped = head
    else:
        unwrapped = strip_sgml_wrapper(data[:65536])
    if _SVG_START_RE.match(unwrapped[:4096]):
        return "image"
    if _HTML_START_RE.match(unwrapped[:1024]):
        return "html"
    sample = unwrapped[:4096]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return "binary" if b"\x00" in sample or controls > len(sample) // 20 else "text"
