"""Response letters laid out as DOCX and HTML from one LetterContent."""

from workflow.rendering.content import FilingNamed, LetterContent, RestatedComment
from workflow.rendering.docx import response_letter_docx
from workflow.rendering.html import response_letter_html

__all__ = ["FilingNamed", "LetterContent", "RestatedComment", "response_letter_docx", "response_letter_html"]
