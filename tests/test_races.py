"""Races between workers: two fetches of one filing, and a re-parse while a fetch parses the same letter.

The workers are real threads, each with its own database connection, calling the services a
Celery worker calls, against the fake EDGAR.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections

from comments import services as comments_services
from comments.models import Letter
from filings import services
from filings.models import Document, Filing, IngestionFailure, IngestionRun
from filings.signals import filing_documents_stored
from tests.filings.test_ingestion import on_disk, sample_correspondence
from tests.plugins.fake_edgar import client_for

pytestmark = pytest.mark.django_db(transaction=True)

RACED_CIK = 1701605
APPLE = 320193
APPLE_CORRESP = "0000320193-24-000061"


@pytest.fixture
def shared_database(transactional_db, tmp_path: Path) -> Iterator[None]:
    """One database file every thread opens, as the web process and the workers share it in production.

    The SQLite test database is in memory with a shared cache, where a writer that finds the table
    locked fails at once ("database table is locked") instead of waiting as it does on a file.
    """
    if connection.vendor != "sqlite":
        yield
        return
    in_memory_connection = connections[DEFAULT_DB_ALIAS]
    in_memory_settings = connections.settings[DEFAULT_DB_ALIAS]
    connections.settings[DEFAULT_DB_ALIAS] = {**in_memory_settings, "NAME": str(tmp_path / "races.sqlite3")}
    connections[DEFAULT_DB_ALIAS] = connections.create_connection(DEFAULT_DB_ALIAS)
    call_command("migrate", verbosity=0)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections.settings[DEFAULT_DB_ALIAS] = in_memory_settings
        # The in-memory database lives as long as its connection, so the suite's own is put back untouched.
        connections[DEFAULT_DB_ALIAS] = in_memory_connection


def in_threads(*work: Callable[[], object]) -> list[object]:
    """Start every callable at the same moment on its own thread; return their results or raise the first error."""
    barrier = threading.Barrier(len(work))
    results: list[object] = [None] * len(work)
    errors: list[BaseException] = []

    def run(i: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = job()
        except BaseException as exc:  # noqa: BLE001 - reported to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(work)]
    # In-process tasks mark "inside a task" in one flag for the whole process; threads running them at
    # once can leave it set, and every later result.get() would refuse. Put it back as it was.
    with allow_join_result():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    if errors:
        raise errors[0]
    return results


def register(accession: str, cik: int, form: str) -> Filing:
    filing, _ = services.filing_register(accession_number=accession, cik=cik, form_type=form, source=Filing.Source.ACCESSION)
    return filing


@pytest.fixture
def announced() -> Iterator[Counter]:
    """How often each filing was announced as stored."""
    counts: Counter = Counter()
    lock = threading.Lock()

    def count(sender: object, *, filing_id: int, **kwargs: object) -> None:
        with lock:
            counts[filing_id] += 1

    filing_documents_stored.connect(count, weak=False, dispatch_uid="tests.test_races.announced")
    yield counts
    filing_documents_stored.disconnect(dispatch_uid="tests.test_races.announced")


def test_it_stores_a_filing_once_when_two_workers_race_for_it(
    shared_database, fake_edgar_settings, edgar_sample_dir, announced, tmp_path
):
    rows = {
        a: row
        for a, row in sample_correspondence(edgar_sample_dir).items()
        if row[0] == RACED_CIK and on_disk(edgar_sample_dir, RACED_CIK, a)
    }
    filings = [register(accession, cik, form) for accession, (cik, form, _) in sorted(rows.items())]
    assert len(filings) >= 3
    run = services.ingestion_run_start(source=IngestionRun.Source.ACCESSION, parameters={"race": True})
    services.ingestion_run_count(run_id=run.pk, filings_seen=2 * len(filings))
    ids = [f.pk for f in filings]

    def worker(name: str, order: list[int]) -> Callable[[], list]:
        # Each worker has its own client, cache and connection, as two Celery worker processes would,
        # and both share the one rate budget.
        def fetch_all() -> list:
            client = client_for(fake_edgar_settings, tmp_path, cache_dir=tmp_path / name)
            return [services.ingestion_run_fetch_one(client=client, filing_id=pk, run_id=run.pk) for pk in order]

        return fetch_all

    first, second = in_threads(worker("one", ids), worker("two", ids[::-1]))

    outcomes: dict[int, list] = {pk: [] for pk in ids}
    for outcome in [*first, *second]:
        outcomes[outcome.filing.pk].append(outcome)
    for pk, pair in outcomes.items():
        assert sorted(o.fetched for o in pair) == [False, True], pk
        assert not any(o.failed for o in pair), pk
    assert announced == Counter(dict.fromkeys(ids, 1))
    run.refresh_from_db()
    assert (run.filings_fetched, run.filings_skipped, run.filings_failed) == (len(ids), len(ids), 0)
    assert run.documents_stored == sum(o.documents for pair in outcomes.values() for o in pair)
    assert run.status == IngestionRun.Status.SUCCEEDED and not IngestionFailure.objects.exists()
    for filing in Filing.objects.filter(pk__in=ids):
        assert filing.fetch_status == Filing.FetchStatus.FETCHED
        assert filing.documents.exists()
    # Nothing in a filing's folder was asked for twice: the loser of each race fetched nothing.
    archive_paths = {path: n for path, n in fake_edgar_settings.stats()["paths"].items() if f"/data/{RACED_CIK}/" in path}
    assert archive_paths and max(archive_paths.values()) == 1


def letter_state(letter: Letter) -> dict:
    letter.refresh_from_db()
    return {
        "letter": (letter.pk, letter.kind, letter.parse_status, letter.letter_date),
        "comments": list(letter.comments.order_by("position").values_list("pk", "number", "position", "text")),
        "responses": list(letter.responses.order_by("position").values_list("pk", "number", "position", "text", "comment_id")),
        "references": list(letter.references.order_by("position").values_list("pk", "position", "form", "filing_id")),
    }


def test_it_keeps_one_consistent_letter_when_a_reparse_races_a_fetch(shared_database, fake_edgar_settings, tmp_path):
    filing = register(APPLE_CORRESP, APPLE, "CORRESP")

    def fetch() -> None:
        # The fetch parses the filing's letters itself once its documents commit (tasks run in-process).
        services.ingestion_run_fetch_one(client=client_for(fake_edgar_settings, tmp_path), filing_id=filing.pk)

    def reparse() -> int:
        deadline = time.monotonic() + 60
        while not Document.objects.filter(filing_id=filing.pk).exists():
            assert time.monotonic() < deadline, "the fetch never stored its documents"
            time.sleep(0.002)
        parsed = 0
        for _ in range(3):
            for letter in comments_services.filing_letters_process(filing_id=filing.pk):
                comments_services.letter_parse(letter=letter, force=True)
                parsed += 1
        return parsed

    _, parsed = in_threads(fetch, reparse)

    assert parsed >= 3
    letter = Letter.objects.get(filing=filing)
    raced = letter_state(letter)
    assert raced["letter"][2] == Letter.ParseStatus.PARSED
    assert raced["responses"], "the CORRESP's responses were parsed"
    assert [r[2] for r in raced["responses"]] == list(range(len(raced["responses"])))
    # The letter the race left is the one a parse on its own leaves.
    comments_services.letter_parse(letter=letter, force=True)
    assert letter_state(letter) == raced
