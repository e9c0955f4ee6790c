"""Comment-letter rules. Entry points (tasks, admin, API, commands) call these and nothing else."""

from comments.services.intake import private_letter_intake, upload_validate
from comments.services.letters import (
    filing_letters_process,
    letter_parse,
    letter_store_parsed,
    letter_text,
    letters_create_for_filing,
    letters_reparse_all,
)
from comments.services.linking import private_letter_link_twin, references_resolve, response_link

__all__ = [
    "filing_letters_process",
    "letter_parse",
    "letter_store_parsed",
    "letter_text",
    "letters_create_for_filing",
    "letters_reparse_all",
    "private_letter_intake",
    "private_letter_link_twin",
    "references_resolve",
    "response_link",
    "upload_validate",
]
