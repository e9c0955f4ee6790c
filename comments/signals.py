"""Signals comments/ sends, for the parts that react to a parsed letter (threading, alerts) without
the parse knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent on commit once a letter's parse is stored and its links are fresh.
# Arguments: letter_id (int), parser_version (str).
letter_parsed = Signal()
