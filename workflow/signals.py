"""Signals workflow/ sends, for the parts that react to the team's work (alerts) without workflow knowing them.

Each is sent on commit. The alert sweep finds due-soon and overdue comments itself, through
workflow.selectors (comments_due_soon, comments_overdue); these announce what happens at one moment.
"""

from __future__ import annotations

from django.dispatch import Signal

# A draft went into review: it now awaits an approver. Arguments: draft_id (int), organisation_id (int).
draft_submitted = Signal()
# An approver approved a draft. Arguments: draft_id (int), organisation_id (int).
draft_approved = Signal()
# The company's CORRESP on EDGAR was matched to a response letter.
# Arguments: response_letter_id (int), organisation_id (int), letter_id (int, the filed letter).
response_letter_filed = Signal()
