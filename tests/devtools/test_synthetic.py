from __future__ import annotations

import binascii
import hashlib
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import pypdfium2
import pytest
from django.core.management import call_command

from devtools.synthetic import generate_mirror
from devtools.synthetic.pdf import render_pdf

ARCHIVES = Path("www.sec.gov/Archives/edgar/data")


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def _folder(root: Path, label: dict) -> Path:
    return root / ARCHIVES / str(label["cik"]) / label["accession"].replace("-", "")


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    return " ".join(" ".join(page.get_textpage().get_text_bounded().split()) for page in pdf)


def _uudecode(block: str) -> bytes:
    out = bytearray()
    for line in block.splitlines()[1:]:
        if line == "end":
            break
        if line:
            out += binascii.a2b_uu(line)
    return bytes(out)


def _submission_rows(root: Path) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    folder = root / "data.sec.gov" / "submissions"
    for path in sorted(folder.glob("CIK??????????.json")):
        doc = json.loads(path.read_text())
        pages = [doc["filings"]["recent"]] + [json.loads((folder / f["name"]).read_text()) for f in doc["filings"]["files"]]
        for cols in pages:
            for i, accession in enumerate(cols["accessionNumber"]):
                rows[accession] = {"cik": int(doc["cik"]), **{k: cols[k][i] for k in cols}}
    return rows


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> tuple[Path, list[dict]]:
    root = tmp_path_factory.mktemp("mirror")
    # 2014-2019 straddles the October 2016 change in acknowledgement practice.
    summary = generate_mirror(out_dir=root, companies=5, seed=11, start_year=2014, end_year=2019, reviews_per_company=4)
    return root, json.loads(summary.ground_truth_path.read_text())


def test_the_same_seed_writes_a_byte_identical_tree(tmp_path):
    generate_mirror(out_dir=tmp_path / "a", companies=3, seed=5, start_year=2015, end_year=2018)
    generate_mirror(out_dir=tmp_path / "b", companies=3, seed=5, start_year=2015, end_year=2018)
    assert _hashes(tmp_path / "a") == _hashes(tmp_path / "b")


def test_a_different_seed_writes_a_different_tree(tmp_path):
    generate_mirror(out_dir=tmp_path / "a", companies=3, seed=5, start_year=2015, end_year=2018)
    generate_mirror(out_dir=tmp_path / "b", companies=3, seed=6, start_year=2015, end_year=2018)
    assert _hashes(tmp_path / "a") != _hashes(tmp_path / "b")


def test_the_summary_counts_the_letters_in_the_ground_truth(tmp_path):
    summary = generate_mirror(out_dir=tmp_path, companies=2, seed=3, start_year=2016, end_year=2019)
    labels = json.loads(summary.ground_truth_path.read_text())
    assert summary.letters == len(labels) > 0
    assert summary.companies == 2


def test_every_ground_truth_letter_exists_at_its_archives_path(mirror):
    root, labels = mirror
    missing = [lb["accession"] for lb in labels if not (_folder(root, lb) / lb["document"]).is_file()]
    assert labels and missing == []


def test_every_letter_folder_has_an_index_json_listing_its_documents(mirror):
    root, labels = mirror
    for lb in labels:
        names = {item["name"] for item in json.loads((_folder(root, lb) / "index.json").read_text())["directory"]["item"]}
        assert lb["document"] in names


def test_the_submissions_json_lists_every_letter_with_its_form_and_date(mirror):
    root, labels = mirror
    rows = _submission_rows(root)
    for lb in labels:
        row = rows[lb["accession"]]
        assert (row["cik"], row["form"], row["filingDate"]) == (lb["cik"], lb["edgar_form"], lb["letter_date"])


def test_every_referenced_filing_is_listed_in_the_submissions_json(mirror):
    root, labels = mirror
    rows = _submission_rows(root)
    refs = [(lb["cik"], ref) for lb in labels for ref in lb["referenced_filings"] if ref["form"] != "CORRESP"]
    assert refs
    for cik, ref in refs:
        assert any(
            row["cik"] == cik
            and row["form"] == ref["form"]
            and (ref["file_number"] is None or row["fileNumber"] == ref["file_number"])
            and (ref["filed"] is None or row["filingDate"] == ref["filed"])
            and (ref["period_end"] is None or row["reportDate"] == ref["period_end"])
            for row in rows.values()
        ), ref


def test_some_companies_page_older_filings_into_a_submissions_file(mirror):
    root, _ = mirror
    paged = [
        json.loads(p.read_text())["filings"]["files"] for p in (root / "data.sec.gov" / "submissions").glob("CIK??????????.json")
    ]
    files = [f for company in paged for f in company]
    assert files and all((root / "data.sec.gov" / "submissions" / f["name"]).is_file() for f in files)


def test_a_staff_letter_pdf_opens_and_yields_its_comment_text(mirror):
    root, labels = mirror
    letter = next(lb for lb in labels if lb["kind"] == "staff_comment_letter" and len(lb["comments"]) >= 2)
    text = _pdf_text((_folder(root, letter) / "filename1.pdf").read_bytes())
    assert all(c["first_words"] in text for c in letter["comments"])


def test_an_upload_complete_submission_names_the_filing_under_review(mirror):
    root, labels = mirror
    rows = _submission_rows(root)
    uploads = [lb for lb in labels if lb["edgar_form"] == "UPLOAD" and (_folder(root, lb) / f"{lb['accession']}.txt").exists()]
    assert uploads
    for lb in uploads:
        header = (_folder(root, lb) / f"{lb['accession']}.txt").read_text().split("</SEC-HEADER>")[0]
        reference = re.search(r"PUBLIC REFERENCE ACCESSION NUMBER:\s+(\S+)", header).group(1)
        assert rows[reference]["form"].split("/")[0] in {"10-K", "DEF 14A", "S-1", "S-3", "S-4", "DRS"}


def test_a_complete_submission_uudecodes_to_the_standalone_pdf(mirror):
    root, labels = mirror
    lb = next(lb for lb in labels if lb["edgar_form"] == "UPLOAD" and (_folder(root, lb) / f"{lb['accession']}.txt").exists())
    complete = (_folder(root, lb) / f"{lb['accession']}.txt").read_text()
    block = complete.split("<PDF>\n", 1)[1].split("\n</PDF>", 1)[0]
    assert _uudecode(block) == (_folder(root, lb) / "filename1.pdf").read_bytes()


def test_some_filings_have_no_complete_submission_so_the_folder_fallback_is_exercised(mirror):
    root, labels = mirror
    with_txt = [(_folder(root, lb) / f"{lb['accession']}.txt").exists() for lb in labels]
    assert 0 < with_txt.count(False) < with_txt.count(True)


def test_staff_letters_request_acknowledgements_only_before_october_5_2016(mirror):
    _, labels = mirror
    staff = [lb for lb in labels if lb["kind"] == "staff_comment_letter"]
    assert {lb["letter_date"] < "2016-10-05" for lb in staff} == {True, False}
    assert all(lb["acknowledgements_requested"] == (lb["letter_date"] < "2016-10-05") for lb in staff)


def test_responses_carry_all_three_acknowledgements_only_when_the_staff_asked(mirror):
    _, labels = mirror
    staff = {(lb["review_id"], lb["letter_date"]): lb for lb in labels if lb["kind"] == "staff_comment_letter"}
    responses = [lb for lb in labels if lb["kind"] == "company_response"]
    asked = [staff[(r["review_id"], r["responds_to_letter_date"])]["acknowledgements_requested"] for r in responses]
    assert set(asked) == {True, False}
    for response, requested in zip(responses, asked):
        acks = response["acknowledgements"]
        if requested:
            assert all(acks.values())
        else:
            assert not acks["no_foreclosure"] and not acks["no_defense"]


def test_a_response_answers_exactly_the_comment_numbers_of_its_staff_letter(mirror):
    _, labels = mirror
    staff = {(lb["review_id"], lb["letter_date"]): lb for lb in labels if lb["kind"] == "staff_comment_letter"}
    responses = [lb for lb in labels if lb["kind"] == "company_response"]
    assert responses
    for r in responses:
        letter = staff[(r["review_id"], r["responds_to_letter_date"])]
        assert r["responses"] == [c["number"] for c in letter["comments"]]
        assert set(r["commitments"]) <= set(r["responses"])


def test_a_response_is_dated_after_the_letter_it_answers(mirror):
    _, labels = mirror
    for r in labels:
        if r["responds_to_letter_date"]:
            assert r["letter_date"] > r["responds_to_letter_date"]


def test_each_review_ends_with_a_completion_or_an_acceleration_request_after_its_first_letter(mirror):
    _, labels = mirror
    reviews: dict[str, list[dict]] = defaultdict(list)
    for lb in labels:
        reviews[lb["review_id"]].append(lb)
    finished = [
        sorted(ls, key=lambda lb: lb["letter_date"])
        for ls in reviews.values()
        if any(lb["kind"] in ("review_complete", "acceleration_request") for lb in ls)
    ]
    assert finished
    for letters in finished:
        assert letters[0]["edgar_form"] == "UPLOAD"
        assert letters[-1]["kind"] in ("review_complete", "acceleration_request")


def test_the_pdf_writer_output_extracts_back_to_the_same_words():
    lines = [("Re: Example Holdings, Inc. (File No. 001-12345)", 0), ("", 0), ("1. Please tell us how you measured it.", 24)]
    data = render_pdf([lines, [("Page 2 continues here", 0)]])
    pdf = pypdfium2.PdfDocument(data)
    assert len(pdf) == 2
    assert _pdf_text(data) == " ".join(" ".join(text for text, _ in lines + [("Page 2 continues here", 0)]).split())


def test_the_management_command_prints_the_summary(tmp_path):
    out = io.StringIO()
    call_command("synth_edgar", "--out", str(tmp_path), "--companies", "2", "--seed", "4", stdout=out)
    labels = json.loads((tmp_path / "ground_truth.json").read_text())
    assert "companies=2" in out.getvalue()
    assert f"letters={len(labels)}" in out.getvalue()


def test_the_project_sgml_parser_reads_every_synthetic_complete_submission(mirror):
    from filings.parsers.sgml import parse_complete_submission

    root, labels = mirror
    parsed = 0
    for lb in labels:
        path = _folder(root, lb) / f"{lb['accession']}.txt"
        if not path.exists():
            continue
        submission = parse_complete_submission(path.read_bytes())
        assert submission.header.accession_number == lb["accession"]
        assert submission.header.submission_type == lb["edgar_form"]
        assert submission.header.filers[0].cik == lb["cik"]
        assert submission.documents[0].filename == lb["document"]
        parsed += 1
    assert parsed > 0


def test_the_project_sgml_parser_recovers_the_staff_pdf_and_the_reference(mirror):
    from filings.parsers.sgml import parse_complete_submission

    root, labels = mirror
    lb = next(lb for lb in labels if lb["edgar_form"] == "UPLOAD" and (_folder(root, lb) / f"{lb['accession']}.txt").exists())
    submission = parse_complete_submission((_folder(root, lb) / f"{lb['accession']}.txt").read_bytes())
    assert submission.documents[0].content == (_folder(root, lb) / "filename1.pdf").read_bytes()
    assert submission.header.public_reference_accession in _submission_rows(root)
