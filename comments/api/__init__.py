"""The letters API, served under /api/v1/ (config/urls.py)."""
