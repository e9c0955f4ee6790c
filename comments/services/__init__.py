"""Comment-letter rules. Entry points (tasks, admin, API, commands) call these and nothing else."""

from comments.services.intake import private_letter_intake, upload_validate
from comments.services.letters import letter_store_parsed, letter_text, letters_create_for_filing
from comments.services.linking import private_letter_link_twin, references_resolve, response_link
from comments.services.parsing import (
    filing_letters_process,
    letter_links_refresh,
    letter_parse,
    letter_parse_apply,
    letters_reparse_all,
)
from comments.services.reviews import company_reviews_thread, reviews_thread_all

__all__ = [
    "company_reviews_thread",
    "filing_letters_process",
    "letter_links_refresh",
    "letter_parse",
    "letter_parse_apply",
    "letter_store_parsed",
    "letter_text",
    "letters_create_for_filing",
    "letters_reparse_all",
    "private_letter_intake",
    "private_letter_link_twin",
    "references_resolve",
    "response_link",
    "reviews_thread_all",
    "upload_validate",
]
