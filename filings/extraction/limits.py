"""How much one document may unpack to. Anyone can put a file on EDGAR or upload one, and a few kilobytes
can inflate to gigabytes, so every decompression the extractors do stops at these caps and raises
ExtractionError: a permanent failure the caller records while the batch goes on.

Real letters sit far below every cap (the 559 letters of the EDGAR sample: at most 58,544 characters
of text, 20 pages, 0.5 MB of PDF streams); the caps are there for hostile files, not large letters.
"""

MAX_DOCUMENT_BYTES = 64 * 2**20  # any input; the EDGAR client and intake stop earlier (50 MB, 10 MB)
MAX_TEXT_CHARS = 5_000_000  # the text of one document, whatever its format

# DOCX is a zip. The sizes are counted while inflating: a member's header may lie.
MAX_DOCX_MEMBERS = 1000
MAX_DOCX_UNPACKED_BYTES = 50 * 2**20  # all members together
MAX_DOCX_MEMBER_BYTES = 32 * 2**20  # an image, say
# python-docx holds an XML part as a tree: 8 MB of document.xml took 100 MB and 7 s to read.
MAX_DOCX_XML_BYTES = 8 * 2**20
MAX_DOCX_RATIO = 200  # unpacked/packed, for a member over 1 MB; XML compresses about 10x

# PDF: PDFium inflates every stream it reads, and keeps ~160 bytes per character of a text page.
MAX_PDF_PAGES = 2000
MAX_PDF_STREAM_BYTES = 2 * 2**20  # a content stream, form or CMap; real letters' largest is 0.13 MB
MAX_PDF_FONT_BYTES = 32 * 2**20  # an embedded font program
MAX_PDF_INFLATED_BYTES = 128 * 2**20  # all streams PDFium may inflate for text, together
