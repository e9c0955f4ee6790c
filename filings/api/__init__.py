"""The API over the EDGAR mirror (companies, filings, documents, ingestion runs), served under /api/v1/."""
