"""Signals filings/ sends so that upper layers can react without filings/ importing them."""

from django.dispatch import Signal

# Sent after a filing's documents are stored and their text extracted, on commit.
# kwargs: filing_id (int), accession_number (str), form_type (str)
filing_documents_stored = Signal()
