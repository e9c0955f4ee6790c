"""Signals filings/ sends so that upper layers can react without filings/ importing them."""

from django.dispatch import Signal

# Sent after a filing's documents are stored and their text extracted, on commit.
# kwargs: filing_id (int), accession_number (str), form_type (str)
filing_documents_stored = Signal()

# Sent after each beat sweep (filings.tasks.sweep_ingestion), so upper layers can finish work of their
# own that a dead worker left unfinished (a letter left pending). kwargs: swept_at (datetime)
ingestion_swept = Signal()
