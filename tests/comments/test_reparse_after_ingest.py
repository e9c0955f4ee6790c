"""An ingest, then a re-parse of every letter, changes nothing stored: each link a letter makes (the filings
it names, the letter and comments it answers, its review) ends the same whichever of the letters and filings
arrived first. The kill test (tests/test_kill.py) checks the same after random kills; this checks it every run."""

from __future__ import annotations

import difflib
import io

import pytest
from django.core.management import call_command

from comments.services.parsing import letters_reparse_all
from devtools.synthetic import generate_mirror
from tests.plugins.fake_edgar import use_fake_edgar

pytestmark = pytest.mark.django_db(transaction=True)


def _snapshot() -> str:
    out = io.StringIO()
    call_command("snapshot", stdout=out)
    return out.getvalue()


def test_a_reparse_of_every_letter_after_an_ingest_changes_nothing(settings, fake_edgar_factory, tmp_path):
    root = tmp_path / "mirror"
    # The kill test's mirror, where an answer names a draft registration statement before any letter has brought it.
    generate_mirror(out_dir=root, companies=3, seed=11, start_year=2023, end_year=2024)
    ciks = sorted(int(p.name[3:13]) for p in (root / "data.sec.gov" / "submissions").glob("CIK??????????.json"))
    use_fake_edgar(settings, fake_edgar_factory(root, rate_limit=10), cache_dir=tmp_path / "cache")
    settings.VAR_DIR, settings.REDIS_URL = tmp_path / "var", ""
    call_command("edgar_ingest", "--cik", *map(str, ciks), "--no-progress", stdout=io.StringIO())
    ingested = _snapshot()
    assert letters_reparse_all() > 20
    reparsed = _snapshot()
    diff = "".join(list(difflib.unified_diff(ingested.splitlines(True), reparsed.splitlines(True), "ingested", "re-parsed"))[:40])
    assert reparsed == ingested, diff
