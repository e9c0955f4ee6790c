"""Reading a generated DOCX back with python-docx, as a person opening it in Word would see it."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx import Document


@dataclass
class Paragraph:
    text: str
    italic: bool  # every run with text is italic
    bold: bool


def docx_paragraphs(data: bytes) -> list[Paragraph]:
    document = Document(io.BytesIO(data))
    out = []
    for paragraph in document.paragraphs:
        runs = [run for run in paragraph.runs if run.text.strip()]
        out.append(
            Paragraph(
                text=paragraph.text,
                italic=bool(runs) and all(run.italic for run in runs),
                bold=bool(runs) and all(run.bold for run in runs),
            )
        )
    return out


def docx_header_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    return "\n".join(p.text for section in document.sections for p in section.header.paragraphs)


def re_block(paragraphs: list[Paragraph]) -> list[str]:
    """The Re: block's lines: from the paragraph starting "Re:" to the blank line after it."""
    start = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Re:"))
    lines = []
    for paragraph in paragraphs[start:]:
        if not paragraph.text.strip():
            break
        lines.append(paragraph.text.removeprefix("Re:").strip())
    return lines


def paragraph_with(paragraphs: list[Paragraph], words: str) -> Paragraph:
    return next(p for p in paragraphs if words in p.text)
