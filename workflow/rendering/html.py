"""The response letter as HTML, for reading in the browser and pasting. Django's template escapes every
piece of letter text, so what a drafter typed (or a staff letter said) is shown, never run."""

from __future__ import annotations

from django.template.loader import render_to_string

from workflow.rendering.content import DRAFT_MARK, LetterContent, heading_changes, long_date, paragraphs


def response_letter_html(content: LetterContent) -> str:
    items = [
        {
            "number": comment.number,
            "headings": headings,
            "comment": paragraphs(comment.comment),
            "response": paragraphs(comment.response),
            "approved": comment.approved,
            "status": comment.status,
        }
        for comment, headings in zip(content.comments, heading_changes(content.comments))
    ]
    return render_to_string(
        "workflow/response_letter.html",
        {
            "content": content,
            "items": items,
            "letter_date": long_date(content.letter_date),
            "staff_letter_date": long_date(content.staff_letter_date) if content.staff_letter_date else "",
            "draft_mark": DRAFT_MARK,
        },
    )
