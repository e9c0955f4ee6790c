"""The admin in a real browser at 1,280 pixels: the letters list fits the screen, and a letter's page shows
its text, its review and its place on EDGAR. Headless Chromium (Debian's, at /usr/bin/chromium) driven by
Playwright's Python package; screenshots land in test-output/screenshots/admin-*.png for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from comments.models import Acknowledgement, Letter
from comments.services import reviews_thread_all
from filings.models import Company
from tests.api.rows import conversation_make, ingestion_run_make
from tests.comments.factories import company_make

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
PASSWORD = "correct horse battery staple"

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow

LONG_COMMENT = (
    "We note your disclosure on page 45 that net sales increased 12% due to higher prices and volume. Please quantify "
    "the effect of each factor for each period presented, and tell us how you considered Item 303(b) of Regulation S-K."
)


@pytest.fixture
def rows(transactional_db):
    """Rows made before the browser starts: Playwright's loop makes Django refuse ORM calls afterwards."""
    get_user_model().objects.create_superuser("operator", "operator@example.com", PASSWORD)
    company = company_make(cik=3_300_001, name="Arcadia Resources Holdings Corporation of North America")
    Company.objects.filter(pk=company.pk).update(
        tickers=["ACRD", "ACRD.PR"],
        fiscal_year_end="1231",
        sic="1311",
        sic_description="Crude Petroleum & Natural Gas",
        state_of_incorporation="DE",
    )
    talk = conversation_make(
        company=company,
        when=date(2015, 2, 10),
        topics=("mdna", "non_gaap"),
        comment_text=LONG_COMMENT,
        response_text="The price increase added $12 million to net sales. We will quantify it in future filings.",
    )
    Letter.objects.filter(pk=talk.staff_letter.pk).update(
        signatories=["Rafael Villanueva", "Karl Hiller"],
        acknowledgements_requested=True,
        staff_office="Office of Energy & Transportation",
    )
    for statement, present in [("responsibility", True), ("no_foreclosure", True), ("no_defense", False)]:
        Acknowledgement.objects.create(letter=talk.company_letter, statement=statement, present=present, required=True)
    for i, name in enumerate(
        ["Globex Corporation", "Initech International Business Solutions Incorporated", "Umbrella Pharmaceuticals plc"]
    ):
        conversation_make(company=company_make(name=name), when=date(2019 + i, 3, 4), topics=("revenue_recognition", "segments"))
    ingestion_run_make(failures=2)
    reviews_thread_all()
    review = Letter.objects.get(pk=talk.staff_letter.pk).review
    return {"company": company, "talk": talk, "review": review}


@pytest.fixture
def page(live_server, rows, monkeypatch) -> Iterator:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the live server's thread does the ORM work
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        errors: list[str] = []
        # The admin has no favicon; the browser asking for one is not a fault of a page.
        tab.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 and "favicon" not in r.url else None)
        tab.on(
            "console", lambda m: errors.append(m.text) if m.type == "error" and "Failed to load resource" not in m.text else None
        )
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.errors = errors
        tab.goto(f"{live_server.url}/admin/login/")
        tab.get_by_label("Username").fill("operator")
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Log in").click()
        tab.wait_for_url(f"{live_server.url}/admin/")
        yield tab
        context.close()
        browser.close()


def _shot(page, name: str, *, full_page: bool = True) -> None:  # noqa: ANN001
    page.screenshot(path=str(SCREENSHOTS / f"admin-{name}.png"), full_page=full_page)


def _fits(page) -> bool:  # noqa: ANN001
    """Nothing to scroll sideways: not the page, nor the changelist's table inside its own box."""
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
        " && [...document.querySelectorAll('.results')].every(e => e.scrollWidth <= e.clientWidth)"
    )


def test_it_fits_the_letters_list_on_a_1280_pixel_screen(page, live_server):
    page.goto(f"{live_server.url}/admin/comments/letter/")
    assert page.get_by_role("columnheader", name="Review status").is_visible()
    assert _fits(page)
    _shot(page, "letters", full_page=False)
    page.goto(f"{live_server.url}/admin/comments/review/")
    assert _fits(page)
    _shot(page, "reviews", full_page=False)
    page.goto(f"{live_server.url}/admin/filings/company/")
    assert _fits(page)
    _shot(page, "companies", full_page=False)
    for name in ("filing", "document", "ingestionrun", "ingestionfailure", "staffcomment"):
        page.goto(f"{live_server.url}/admin/{'comments' if name == 'staffcomment' else 'filings'}/{name}/")
        _shot(page, f"{name}s", full_page=False)
        assert _fits(page), name
    assert page.errors == []


def test_it_shows_a_letter_with_its_text_review_and_edgar_link(page, live_server, rows):
    talk = rows["talk"]
    page.goto(f"{live_server.url}/admin/comments/letter/{talk.staff_letter.pk}/change/")
    edgar = page.get_by_role("link", name="This letter (filename1.htm) on EDGAR").get_attribute("href")
    assert edgar.startswith("https://www.sec.gov/Archives/edgar/data/3300001/")
    assert "Please quantify the effect" in page.locator(".text-block").inner_text()
    assert page.locator(".text-block").evaluate("e => getComputedStyle(e).overflowY") == "auto"
    assert _fits(page)
    _shot(page, "letter")
    page.get_by_role("link", name="Company response of Feb. 28, 2015").click()
    # The click starts a navigation; expect() waits for the response's page, is_visible() would not.
    expect(page.get_by_text("No-defense statement: missing (required)")).to_be_visible()
    _shot(page, "letter-response")
    page.goto(f"{live_server.url}/admin/comments/review/{rows['review'].pk}/change/")
    _shot(page, "review")
    page.goto(f"{live_server.url}/admin/filings/company/{rows['company'].pk}/change/")
    assert page.get_by_text("December 31").is_visible()
    _shot(page, "company")
    assert page.errors == []
