"""HTTP access to SEC EDGAR: one client, one shared request budget, errors that say whether a retry can help."""
