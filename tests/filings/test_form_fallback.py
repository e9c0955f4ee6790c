"""Every filing knows its form: without its complete .txt, a filing takes its form from the folder's
-index-headers.html or the company's submissions JSON (paged files included), and gets its letter."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from comments.models import Letter
from devtools.synthetic.pdf import render_pdf
from filings import services
from filings.models import Filing
from tests.filings.mirror import MirrorFiling, write_mirror
from tests.filings.test_sgml import INDEX_HEADERS
from tests.plugins.fake_edgar import client_for

CIK = 990001
STAFF_LETTER = "0000000000-24-000777"  # the accession INDEX_HEADERS describes
LETTER_PDF = render_pdf(
    [
        [("Example Holdings Inc", 0)],
        [("Re: Example Holdings Inc Registration Statement on Form S-1 Filed February 1, 2024", 0)],
        [("We have reviewed your registration statement and have the following comments.", 0)],
        [("1. Please revise your disclosure of segment revenue to discuss each segment.", 0)],
        [("2. Please file the consent of your auditor as an exhibit.", 0)],
        [("Sincerely, Division of Corporation Finance", 0)],
    ]
)
# Ford's staff letter of 2022-10-21 is in the sample as index.json and its PDF only: no .txt, no header page.
FORD = 37996
FORD_LETTER = "0000000000-22-011581"


def folder(root: Path, accession: str) -> Path:
    return root / "www.sec.gov" / "Archives" / "edgar" / "data" / str(CIK) / accession.replace("-", "")


def listing(accession: str, names: list[str]) -> str:
    items = [{"name": name, "type": "", "size": "", "last-modified": "2024-03-05 12:00:00"} for name in names]
    return json.dumps({"directory": {"item": items, "name": f"/Archives/edgar/data/{CIK}/{accession.replace('-', '')}"}})


def staff_letter_folder(root: Path, accession: str, *, headers: bytes | None) -> None:
    """A staff letter folder as EDGAR serves it when the .txt is missing: index.json, the PDF, maybe the header page."""
    path = folder(root, accession)
    path.mkdir(parents=True, exist_ok=True)
    (path / "filename1.pdf").write_bytes(LETTER_PDF)
    names = [f"{accession}-index-headers.html", f"{accession}-index.html", f"{accession}.txt", "filename1.pdf"]
    (path / "index.json").write_text(listing(accession, names))
    if headers is not None:
        (path / f"{accession}-index-headers.html").write_bytes(headers)


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    # The company's submissions JSON lists one CORRESP only: the staff letter is known from its folder alone.
    root = write_mirror(
        tmp_path / "mirror",
        cik=CIK,
        name="Example Holdings Inc",
        filings=[MirrorFiling("0000990001-24-000003", "CORRESP", "2024-03-20", {"response.txt": b"Response to comment 1."})],
    )
    staff_letter_folder(root, STAFF_LETTER, headers=INDEX_HEADERS)
    return root


@pytest.mark.django_db(transaction=True)
def test_it_takes_the_form_from_the_index_headers_page_and_gets_the_letter(fake_edgar_factory, mirror, tmp_path):
    client = client_for(fake_edgar_factory(mirror), tmp_path)

    run = services.ingest_accessions(client=client, accessions=[STAFF_LETTER], cik=CIK)

    filing = Filing.objects.get(accession_number=STAFF_LETTER)
    assert run.filings_fetched == 1 and filing.fetched_via == Filing.FetchedVia.FOLDER_INDEX
    assert (filing.form_type, str(filing.filing_date), filing.file_number) == ("UPLOAD", "2024-03-04", "333-271234")
    assert filing.public_reference_accession == "0000990001-23-000010"
    letter = Letter.objects.get(filing=filing)
    assert letter.direction == Letter.Direction.STAFF and letter.parse_status == Letter.ParseStatus.PARSED


@pytest.mark.django_db(transaction=True)
def test_it_takes_the_form_from_an_older_submissions_page_when_there_is_no_header(fake_edgar_factory, mirror, tmp_path):
    older = "0000000000-23-000456"
    staff_letter_folder(mirror, older, headers=None)
    submissions = mirror / "data.sec.gov" / "submissions"
    main = json.loads((submissions / f"CIK{CIK:010d}.json").read_text())
    main["filings"]["files"] = [{"name": f"CIK{CIK:010d}-submissions-001.json", "filingCount": 1}]
    (submissions / f"CIK{CIK:010d}.json").write_text(json.dumps(main))
    page = {"accessionNumber": [older], "filingDate": ["2023-06-01"], "form": ["UPLOAD"], "fileNumber": ["333-270001"]}
    (submissions / f"CIK{CIK:010d}-submissions-001.json").write_text(json.dumps(page))
    client = client_for(fake_edgar_factory(mirror), tmp_path)

    services.ingest_accessions(client=client, accessions=[older], cik=CIK)

    filing = Filing.objects.get(accession_number=older)
    assert (filing.form_type, str(filing.filing_date), filing.file_number) == ("UPLOAD", "2023-06-01", "333-270001")
    assert Letter.objects.get(filing=filing).direction == Letter.Direction.STAFF


@pytest.mark.django_db(transaction=True)
def test_it_fails_a_filing_whose_form_nothing_on_edgar_names(fake_edgar_factory, mirror, tmp_path):
    unknown = "0000000000-24-000999"
    staff_letter_folder(mirror, unknown, headers=None)
    client = client_for(fake_edgar_factory(mirror), tmp_path)

    run = services.ingest_accessions(client=client, accessions=[unknown], cik=CIK)

    filing = Filing.objects.get(accession_number=unknown)
    assert filing.fetch_status == Filing.FetchStatus.FAILED and "form is unknown" in filing.fetch_error
    assert not filing.documents.exists() and run.filings_failed == 1


@pytest.mark.django_db(transaction=True)
def test_it_gets_the_letter_of_a_real_staff_letter_fetched_by_accession_without_its_txt(fake_edgar_settings):
    out = io.StringIO()
    call_command("edgar_ingest", "--accession", FORD_LETTER, "--accession-cik", str(FORD), "--no-progress", stdout=out)

    filing = Filing.objects.get(accession_number=FORD_LETTER)
    assert filing.fetched_via == Filing.FetchedVia.FOLDER_INDEX, out.getvalue()
    assert filing.form_type == "UPLOAD" and filing.filing_date is not None
    letter = Letter.objects.get(filing=filing)
    assert letter.direction == Letter.Direction.STAFF and letter.kind


# A CORRESP of Archer-Daniels-Midland's (2020): its folder lists an image before the letter, and has no .txt here.
ADM = 7084
ADM_RESPONSE = "0000007084-20-000029"


@pytest.mark.django_db(transaction=True)
def test_it_takes_the_first_document_that_is_not_an_image_as_the_letter(fake_edgar_settings):
    call_command("edgar_ingest", "--accession", ADM_RESPONSE, "--accession-cik", str(ADM), "--no-progress", stdout=io.StringIO())

    filing = Filing.objects.get(accession_number=ADM_RESPONSE)
    assert [(d.filename, d.type) for d in filing.documents.order_by("sequence")][:2] == [
        ("adm202098correspimage1.gif", "GRAPHIC"),
        ("filename1.htm", "CORRESP"),
    ]
    assert Letter.objects.get(filing=filing).direction == Letter.Direction.COMPANY
