"""`manage.py parse_letter`: JSON lines, one per file, without a database."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from comments.management.commands.parse_letter import letter_document

ARCHIVES = Path("www.sec.gov/Archives/edgar/data")
REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> list[dict]:
    """Every printed row, whether or not the command then reported unreadable files."""
    out = StringIO()
    try:
        call_command("parse_letter", *args, stdout=out)
    except CommandError:
        pass  # its exit status is test_it_exits_non_zero_when_a_file_could_not_be_read's business
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_it_prints_the_contract_for_the_seed_letter(seeds_dir):
    (row,) = run(str(seeds_dir / "000_9b39a0a9723855a0.txt"), "--form", "CORRESP", "--json")
    assert (row["kind"], row["letter_date"], row["acknowledgements"]["no_defense"]) == ("company_response", "2010-01-12", True)
    assert set(row) >= {"file", "referenced_filings", "comments", "responses", "literature", "topics", "signatories"}


def test_it_reports_an_unreadable_file_and_goes_on(tmp_path, seeds_dir):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    rows = run(str(broken), str(tmp_path / "missing.htm"), str(seeds_dir / "000_9b39a0a9723855a0.txt"))
    assert [("error" in r) for r in rows] == [True, True, False]


def test_it_exits_non_zero_when_a_file_could_not_be_read_and_still_prints_every_result(tmp_path, seeds_dir):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"not a pdf")
    seed = str(seeds_dir / "000_9b39a0a9723855a0.txt")
    command = [sys.executable, "manage.py", "parse_letter"]
    failed = subprocess.run([*command, str(broken), seed], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert failed.returncode == 1
    assert [("error" in json.loads(line)) for line in failed.stdout.splitlines()] == [True, False]
    assert "1 of 2 files could not be read" in failed.stderr
    read = subprocess.run([*command, seed], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert read.returncode == 0, read.stderr


def test_it_treats_filename1_pdf_in_a_staff_accession_as_upload(edgar_sample_dir):
    pdfs = sorted((edgar_sample_dir / ARCHIVES).glob("*/0000000000*/filename1.pdf"))
    assert pdfs, "the sample holds staff letters"
    assert letter_document(pdfs[0], None)[2] == "UPLOAD"


def test_it_reads_the_form_from_a_corresp_wrapper(edgar_sample_dir):
    htm = sorted((edgar_sample_dir / ARCHIVES).glob("*/*/filename1.htm"))[0]
    assert letter_document(htm, None)[2] == "CORRESP"


def test_it_takes_the_letter_out_of_a_complete_submission(edgar_sample_dir):
    txt = edgar_sample_dir / ARCHIVES / "320193/000000000024003505/0000000000-24-003505.txt"
    if not txt.exists():
        pytest.skip("Apple complete submission missing")
    (row,) = run(str(txt))
    assert row["kind"] == "staff_comment_letter" and row["comments"]
