"""The response letter as a Word document (python-docx), the form a company's counsel edits and files."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from workflow.rendering.content import DRAFT_MARK, LetterContent, heading_changes, long_date, paragraphs

_GREY = RGBColor(0x99, 0x99, 0x99)


def _mark_as_draft(document: DocxDocument) -> None:
    # On every page, in the header, and once big at the top: a draft must never pass for the letter to file.
    for section in document.sections:
        mark = section.header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(DRAFT_MARK)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(14), _GREY
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("DRAFT")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(36), _GREY


def response_letter_docx(content: LetterContent) -> bytes:
    document = Document()
    document.styles["Normal"].font.name = "Times New Roman"
    document.styles["Normal"].font.size = Pt(12)
    if not content.final:
        _mark_as_draft(document)
    document.add_paragraph(long_date(content.letter_date))
    document.add_paragraph("VIA EDGAR")
    for line in content.addressee:
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    for i, line in enumerate(content.re_lines):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.left_indent = Pt(36)
        paragraph.paragraph_format.first_line_indent = Pt(-36) if i == 0 else None
        paragraph.add_run(("Re:\t" if i == 0 else "") + line).bold = True
    document.add_paragraph()
    document.add_paragraph(content.salutation)
    document.add_paragraph(content.introduction)
    for comment, new_headings in zip(content.comments, heading_changes(content.comments)):
        for heading in new_headings:
            run = document.add_paragraph().add_run(heading)
            run.bold = run.underline = True
        restated = document.add_paragraph()
        restated.add_run(f"{comment.number}.\t").italic = True
        for i, text in enumerate(paragraphs(comment.comment)):
            if i:
                restated = document.add_paragraph()
            restated.add_run(text).italic = True
        label = document.add_paragraph()
        label.add_run("Response:").bold = True
        if not comment.approved:
            run = label.add_run(f"  [{comment.status}]")
            run.bold, run.font.color.rgb = True, _GREY
        for text in paragraphs(comment.response) or ["[no response drafted]"]:
            document.add_paragraph(text)
    if content.acknowledgements:
        document.add_paragraph("In connection with responding to the Staff\u2019s comments, the Company acknowledges that:")
        for statement in content.acknowledgements:
            document.add_paragraph(statement, style="List Bullet")
    document.add_paragraph("If you have any questions regarding this letter, please do not hesitate to contact the undersigned.")
    document.add_paragraph(content.closing)
    document.add_paragraph(content.company_name)
    signature = document.add_paragraph()
    signature.add_run(f"By: {content.signatory_name}" if content.signatory_name else "By: ______________________")
    if content.signatory_title:
        signature.add_run().add_break()
        signature.add_run(content.signatory_title)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
