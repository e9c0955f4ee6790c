from __future__ import annotations

import gzip
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
import requests

from devtools.fake_edgar.server import FakeEdgar, Fault
from filings.parsers.daily_index import parse_daily_index
from tests.plugins.fake_edgar import TEST_RATE_BLOCK_SECONDS, TEST_USER_AGENT

REPO_DIR = Path(__file__).resolve().parents[2]
UA = {"User-Agent": TEST_USER_AGENT}
APPLE_SUBMISSIONS = "/submissions/CIK0000320193.json"
FORD_LETTER_PDF = "/Archives/edgar/data/37996/000000000018011647/filename1.pdf"
REAL_FORM_INDEX = "/Archives/edgar/daily-index/2020/QTR1/form.20200318.idx"


def index_path(kind: str, day: date) -> str:
    return f"/Archives/edgar/daily-index/{day.year}/QTR{(day.month - 1) // 3 + 1}/{kind}.{day:%Y%m%d}.idx"


def filings_by_day(sample: Path) -> dict[date, set[tuple[str, str]]]:
    """(form, accession number) of every filing in the sample's submissions JSON, read independently of the fake."""
    by_day: dict[date, set[tuple[str, str]]] = defaultdict(set)
    for file in (sample / "data.sec.gov" / "submissions").glob("CIK*.json"):
        data = json.loads(file.read_bytes())
        recent = data["filings"]["recent"] if "filings" in data else data
        for filed, form, accession in zip(recent["filingDate"], recent["form"], recent["accessionNumber"]):
            by_day[date.fromisoformat(filed)].add((form, accession))
    return by_day


def busiest_correspondence_day(sample: Path) -> tuple[date, set[tuple[str, str]]]:
    """The day with the most CORRESP/UPLOAD filings for which the sample has no real form index."""
    candidates = []
    for day, filings in filings_by_day(sample).items():
        letters = {(form, acc) for form, acc in filings if form in {"CORRESP", "UPLOAD"}}
        if letters and not (sample / "www.sec.gov" / index_path("form", day).lstrip("/")).exists():
            candidates.append((len(letters), day, letters))
    _, day, letters = max(candidates)
    return day, letters


def get(fake: FakeEdgar, host_url: str, path: str, **kwargs) -> requests.Response:
    kwargs.setdefault("headers", UA)
    return requests.get(host_url + path, timeout=10, **kwargs)


def test_it_generates_a_daily_form_index_listing_that_days_correspondence(fake_edgar: FakeEdgar, edgar_sample_dir: Path) -> None:
    day, letters = busiest_correspondence_day(edgar_sample_dir)

    response = get(fake_edgar, fake_edgar.archives_url, index_path("form", day))
    parsed = parse_daily_index(response.text)

    assert response.status_code == 200
    assert parsed.malformed == []
    assert {(e.form_type, e.accession_number) for e in parsed.entries if e.form_type in {"CORRESP", "UPLOAD"}} == letters


def test_it_generates_a_daily_master_index_listing_every_filing_of_that_day(
    fake_edgar: FakeEdgar, edgar_sample_dir: Path
) -> None:
    day, _ = busiest_correspondence_day(edgar_sample_dir)

    response = get(fake_edgar, fake_edgar.archives_url, index_path("master", day))
    parsed = parse_daily_index(response.text)

    assert parsed.malformed == []
    assert {(e.form_type, e.accession_number) for e in parsed.entries} == filings_by_day(edgar_sample_dir)[day]


def test_it_lists_filings_from_paged_submissions_files_under_the_company_name(
    fake_edgar: FakeEdgar, edgar_sample_dir: Path
) -> None:
    page = json.loads((edgar_sample_dir / "data.sec.gov/submissions/CIK0000749647-submissions-001.json").read_bytes())
    day = date.fromisoformat(page["filingDate"][0])
    main = json.loads((edgar_sample_dir / "data.sec.gov/submissions/CIK0000749647.json").read_bytes())

    parsed = parse_daily_index(get(fake_edgar, fake_edgar.archives_url, index_path("master", day)).text)

    assert (main["name"], page["accessionNumber"][0]) in {(e.company_name, e.accession_number) for e in parsed.entries}


def test_it_answers_a_day_without_filings_like_a_missing_archives_path(fake_edgar: FakeEdgar, edgar_sample_dir: Path) -> None:
    day = date(2021, 1, 2)  # a Saturday
    assert day not in filings_by_day(edgar_sample_dir)

    response = get(fake_edgar, fake_edgar.archives_url, index_path("form", day))

    assert (response.status_code, b"<Code>AccessDenied</Code>" in response.content) == (403, True)


def test_it_serves_a_real_index_in_root_instead_of_generating_one(fake_edgar: FakeEdgar, edgar_sample_dir: Path) -> None:
    response = get(fake_edgar, fake_edgar.archives_url, REAL_FORM_INDEX)

    assert response.content == (edgar_sample_dir / "www.sec.gov" / REAL_FORM_INDEX.lstrip("/")).read_bytes()


@pytest.mark.parametrize("user_agent", [None, "Mozilla/5.0", "Acme Corp"])
def test_it_refuses_a_client_without_a_declared_user_agent(user_agent: str | None, fake_edgar: FakeEdgar) -> None:
    response = get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS, headers={"User-Agent": user_agent})

    assert (response.status_code, b"Undeclared Automated Tool" in response.content) == (403, True)


def test_it_answers_the_rate_threshold_page_when_a_client_floods_it(fake_edgar: FakeEdgar) -> None:
    responses = [get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS) for _ in range(12)]

    assert [r.status_code for r in responses] == [200] * 10 + [403, 403]
    assert b"Request Rate Threshold Exceeded" in responses[-1].content
    assert fake_edgar.stats()["rate_limited"] == 2


def test_it_lets_a_blocked_client_back_in_after_the_block(fake_edgar: FakeEdgar) -> None:
    for _ in range(11):
        get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS)

    time.sleep(TEST_RATE_BLOCK_SECONDS + 0.1)

    assert get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS).status_code == 200


def test_it_answers_403_access_denied_for_a_missing_archives_path(fake_edgar: FakeEdgar) -> None:
    response = get(fake_edgar, fake_edgar.archives_url, "/Archives/edgar/data/320193/nothing-here.htm")

    assert (response.status_code, b"<Code>AccessDenied</Code>" in response.content) == (403, True)


def test_it_answers_404_no_such_key_for_an_unknown_submissions_file(fake_edgar: FakeEdgar) -> None:
    response = get(fake_edgar, fake_edgar.data_url, "/submissions/CIK0000000001.json")

    assert (response.status_code, b"<Code>NoSuchKey</Code>" in response.content) == (404, True)


def test_it_serves_its_own_error_pages_when_root_has_none(fake_edgar_factory, tmp_path: Path, edgar_sample_dir: Path) -> None:  # noqa: ANN001
    (tmp_path / "www.sec.gov").mkdir()
    fake = fake_edgar_factory(tmp_path)

    response = get(fake, fake.archives_url, "/Archives/edgar/data/1/missing.txt")

    assert (response.status_code, b"<Code>AccessDenied</Code>" in response.content) == (403, True)
    assert response.content != (edgar_sample_dir / "odd" / "403-access-denied.xml").read_bytes()


def test_it_refuses_paths_outside_its_root(fake_edgar: FakeEdgar) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", fake_edgar.port, timeout=10)
    connection.request("GET", "/www.sec.gov/../../README.md", headers=UA)

    assert connection.getresponse().status == 403


def test_it_gzips_a_text_file_when_asked(fake_edgar: FakeEdgar, edgar_sample_dir: Path) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", fake_edgar.port, timeout=10)
    connection.request("GET", "/data.sec.gov" + APPLE_SUBMISSIONS, headers={**UA, "Accept-Encoding": "gzip, deflate"})
    response = connection.getresponse()

    assert response.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(response.read()) == (edgar_sample_dir / "data.sec.gov" / APPLE_SUBMISSIONS.lstrip("/")).read_bytes()


@pytest.mark.parametrize(
    ("url_attr", "path", "content_type"),
    [
        ("data_url", APPLE_SUBMISSIONS, "application/json"),
        ("archives_url", FORD_LETTER_PDF, "application/pdf"),
        ("archives_url", REAL_FORM_INDEX, "text/plain"),
    ],
)
def test_it_sets_the_content_type_by_extension(url_attr: str, path: str, content_type: str, fake_edgar: FakeEdgar) -> None:
    assert get(fake_edgar, getattr(fake_edgar, url_attr), path).headers["Content-Type"] == content_type


def test_it_keeps_connections_alive(fake_edgar: FakeEdgar) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", fake_edgar.port, timeout=10)
    for _ in range(3):
        connection.request("GET", "/data.sec.gov" + APPLE_SUBMISSIONS, headers=UA)
        response = connection.getresponse()
        response.read()

    assert (response.status, response.will_close) == (200, False)


def test_it_counts_requests_and_reports_them_over_http(fake_edgar: FakeEdgar) -> None:
    for path in (APPLE_SUBMISSIONS, APPLE_SUBMISSIONS, "/submissions/CIK0000000001.json"):
        get(fake_edgar, fake_edgar.data_url, path)

    stats = requests.get(f"{fake_edgar.url}/_fake/stats", timeout=10).json()

    assert (stats["requests"], stats["by_status"]) == (3, {"200": 2, "404": 1})
    assert stats["paths"] == {"/data.sec.gov" + APPLE_SUBMISSIONS: 2, "/data.sec.gov/submissions/CIK0000000001.json": 1}


def test_it_accepts_a_fault_over_http(fake_edgar: FakeEdgar) -> None:
    requests.post(
        f"{fake_edgar.url}/_fake/faults", json={"kind": "503", "path_contains": "CIK0000320193"}, timeout=10
    ).raise_for_status()

    statuses = [get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS).status_code for _ in range(2)]

    assert statuses == [503, 200]


def test_it_refuses_an_unknown_fault_kind_over_http(fake_edgar: FakeEdgar) -> None:
    response = requests.post(f"{fake_edgar.url}/_fake/faults", json={"kind": "teapot"}, timeout=10)

    assert response.status_code == 400


def test_it_resets_statistics_and_faults_over_http(fake_edgar: FakeEdgar) -> None:
    get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS)
    fake_edgar.inject(Fault("503"))

    requests.post(f"{fake_edgar.url}/_fake/reset", timeout=10).raise_for_status()

    assert get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS).status_code == 200
    assert fake_edgar.stats()["requests"] == 1


def test_it_answers_429_with_retry_after_when_told(fake_edgar: FakeEdgar) -> None:
    fake_edgar.inject(Fault("429", retry_after=7))

    response = get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS)

    assert (response.status_code, response.headers["Retry-After"]) == (429, "7")


def test_it_delays_a_slow_response(fake_edgar: FakeEdgar) -> None:
    fake_edgar.inject(Fault("slow", delay=0.5))

    began = time.monotonic()
    response = get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS)

    assert (response.status_code, time.monotonic() - began >= 0.5) == (200, True)


def test_it_cuts_a_body_short_of_its_content_length_when_told(fake_edgar: FakeEdgar) -> None:
    fake_edgar.inject(Fault("truncate"))
    connection = http.client.HTTPConnection("127.0.0.1", fake_edgar.port, timeout=10)
    connection.request("GET", "/www.sec.gov" + FORD_LETTER_PDF, headers=UA)

    with pytest.raises(http.client.IncompleteRead):
        connection.getresponse().read()


def test_it_injects_malformed_rows_into_a_served_index_when_told(fake_edgar: FakeEdgar) -> None:
    clean = parse_daily_index(get(fake_edgar, fake_edgar.archives_url, REAL_FORM_INDEX).text)
    fake_edgar.inject(Fault("malformed_index"))

    broken = parse_daily_index(get(fake_edgar, fake_edgar.archives_url, REAL_FORM_INDEX).text)

    assert broken.entries == clean.entries
    assert len(broken.malformed) > len(clean.malformed)


def test_it_keeps_a_malformed_index_fault_for_the_next_index(fake_edgar: FakeEdgar) -> None:
    fake_edgar.inject(Fault("malformed_index"))
    get(fake_edgar, fake_edgar.data_url, APPLE_SUBMISSIONS)

    broken = parse_daily_index(get(fake_edgar, fake_edgar.archives_url, REAL_FORM_INDEX).text)

    assert broken.malformed != []


def test_it_never_writes_into_its_root(fake_edgar_factory, tmp_path: Path, edgar_sample_dir: Path) -> None:  # noqa: ANN001
    submissions = tmp_path / "data.sec.gov" / "submissions"
    submissions.mkdir(parents=True)
    (submissions / "CIK0000320193.json").write_bytes(
        (edgar_sample_dir / "data.sec.gov" / APPLE_SUBMISSIONS.lstrip("/")).read_bytes()
    )
    before = sorted(p for p in tmp_path.rglob("*"))
    fake = fake_edgar_factory(tmp_path)
    day = max(filings_by_day(tmp_path))

    get(fake, fake.archives_url, index_path("form", day))
    get(fake, fake.archives_url, "/Archives/edgar/data/320193/missing.txt")

    assert sorted(p for p in tmp_path.rglob("*")) == before


@pytest.mark.slow
def test_it_builds_the_index_of_a_large_mirror_quickly(fake_edgar_factory, tmp_path: Path) -> None:  # noqa: ANN001
    submissions = tmp_path / "data.sec.gov" / "submissions"
    submissions.mkdir(parents=True)
    companies, per_company = 200, 100  # 20,000 letters
    for n in range(companies):
        cik = 1_000_000 + n
        accessions = [f"{cik:010d}-23-{i:06d}" for i in range(per_company)]
        days = [date.fromordinal(date(2023, 1, 2).toordinal() + i % 250).isoformat() for i in range(per_company)]
        recent = {"accessionNumber": accessions, "filingDate": days, "form": ["CORRESP"] * per_company}
        recent |= {
            k: [""] * per_company
            for k in (
                "reportDate",
                "acceptanceDateTime",
                "act",
                "fileNumber",
                "filmNumber",
                "items",
                "primaryDocument",
                "primaryDocDescription",
            )
        }
        recent |= {k: [0] * per_company for k in ("size", "isXBRL", "isInlineXBRL")}
        data = {"cik": str(cik), "name": f"Synthetic Company {n}", "filings": {"recent": recent, "files": []}}
        (submissions / f"CIK{cik:010d}.json").write_text(json.dumps(data))
    fake = fake_edgar_factory(tmp_path)

    began = time.monotonic()
    first = get(fake, fake.archives_url, index_path("form", date(2023, 1, 2)))
    first_seconds = time.monotonic() - began
    began = time.monotonic()
    get(fake, fake.archives_url, index_path("form", date(2023, 1, 3)))
    second_seconds = time.monotonic() - began

    assert len(parse_daily_index(first.text).entries) == companies
    assert (first_seconds < 10, second_seconds < 0.5) == (True, True)


def test_it_runs_from_the_management_command_and_prints_its_urls(edgar_sample_dir: Path) -> None:
    command = [sys.executable, "manage.py", "fake_edgar", "--root", str(edgar_sample_dir), "--port", "0"]
    process = subprocess.Popen(
        command,
        cwd=REPO_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        urls = dict(process.stdout.readline().strip().split("=", 1) for _ in range(2))
        response = requests.get(urls["EDGAR_DATA_URL"] + APPLE_SUBMISSIONS, headers=UA, timeout=10)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)

    assert set(urls) == {"EDGAR_ARCHIVES_URL", "EDGAR_DATA_URL"}
    assert response.status_code == 200
