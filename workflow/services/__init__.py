"""Workflow services: each changes state, checks the caller's role itself, and is named <entity>_<action>."""

from workflow.services.deadlines import extension_enter, filer_status_set
from workflow.services.drafts import (
    assignment_set,
    comment_workable_check,
    draft_approve,
    draft_save,
    draft_send_back,
    draft_submit,
    draft_writers,
    note_add,
)
from workflow.services.filed import response_letter_link_filed
from workflow.services.letters import (
    GeneratedLetter,
    company_letter_content,
    letter_render,
    response_letter_content,
    response_letter_for,
    response_letter_generate,
    response_letter_update,
)

__all__ = [
    "GeneratedLetter",
    "assignment_set",
    "comment_workable_check",
    "company_letter_content",
    "draft_approve",
    "draft_save",
    "draft_send_back",
    "draft_submit",
    "draft_writers",
    "extension_enter",
    "filer_status_set",
    "letter_render",
    "note_add",
    "response_letter_content",
    "response_letter_for",
    "response_letter_generate",
    "response_letter_link_filed",
    "response_letter_update",
]
