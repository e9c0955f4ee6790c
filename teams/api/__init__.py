"""Organisations, memberships and watchlists under /api/v1/."""
