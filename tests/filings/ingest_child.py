"""`edgar_ingest` in a process of its own, for the tests that stop it with a signal.

Usage: python -m tests.filings.ingest_child ARGS... (the command's own arguments). With
INGEST_CHILD_SLOW_PARSE=<seconds>, each letter's parse waits that long first, so a test can stop
the process between storing a filing and parsing its letter.
"""

from __future__ import annotations

import os
import sys
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import execute_from_command_line

    slow = float(os.environ.get("INGEST_CHILD_SLOW_PARSE") or 0)
    if slow:
        from comments import parser

        real_parse = parser.parse_letter

        def slow_parse(*args: object, **kwargs: object) -> object:
            time.sleep(slow)
            return real_parse(*args, **kwargs)

        parser.parse_letter = slow_parse
    execute_from_command_line(["manage.py", "edgar_ingest", *sys.argv[1:]])


if __name__ == "__main__":
    main()
