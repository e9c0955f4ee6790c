"""Pure parsers for EDGAR files: bytes or text in, dataclasses out (no ORM, no settings, no network)."""
