"""A person's path through the pages, in a real browser: sign in, the dashboard, a letter with a comment
and its answer, search, an export download, and the API docs; and a member's path from the dashboard to
a review's timeline, one comment beside its answer, a full-text search saved by name, and its export. Headless Chromium (Debian's, at
/usr/bin/chromium) driven by Playwright's Python package; screenshots land in test-output/screenshots/
for a person to look at. Nothing here may log a console error: a Content-Security-Policy violation
would be one."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from comments.models import CompanyResponse, Letter, Review
from comments.services import reviews_thread_all
from teams.models import Membership, Organisation, Role
from tests.api.rows import conversation_make, reviewed_conversation_make
from tests.comments.factories import company_make
from workflow.models import Assignment

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PASSWORD = "correct horse battery staple"

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)", allow_module_level=True)

pytestmark = pytest.mark.slow


@pytest.fixture
def story(transactional_db):
    """Rows made before the browser starts: Playwright's loop makes Django refuse ORM calls afterwards."""
    get_user_model().objects.create_user("paralegal", password=PASSWORD)
    company = company_make(name="Acme Widgets Inc.")
    company.tickers, company.fiscal_year_end = ["ACME"], "1231"
    company.save()
    older = conversation_make(company=company, when=date(2023, 4, 3), topics=("segments",))
    newest = conversation_make(
        company=company,
        when=date(2024, 3, 1),
        comment_text="Please quantify the effect of the price increase on net sales for each period presented.",
        response_text="The price increase added $12 million to net sales in 2024. We will quantify it in future filings.",
        topics=("mdna", "revenue_recognition"),
    )
    conversation_make(company=company_make(name="Globex Corporation"), when=date(2024, 1, 15), topics=("non_gaap",))
    # The paralegal's team has a live review of another company: uploaded, answered, awaiting the staff.
    paralegal = get_user_model().objects.get(username="paralegal")
    team = Organisation.objects.create(name="Acme legal team", slug="acme-legal")
    Membership.objects.create(user=paralegal, organisation=team, role=Role.EDITOR)
    live = reviewed_conversation_make(
        company=company_make(name="Initech Holdings"),
        uploaded_by=paralegal,
        organisation=team,
        when=date(2023, 6, 1),
        comment_text="Please disclose the impairment charge recorded on the Initech goodwill, by segment.",
        response_text="We recorded a $40 million goodwill impairment in the Services segment and will disclose it by segment.",
        topics=("goodwill_impairment",),
    )
    CompanyResponse.objects.filter(pk=live.responses[0].pk).update(answer_type=CompanyResponse.AnswerType.WILL_REVISE)
    Assignment.objects.create(organisation=team, comment=live.comments[1], owner=paralegal, due_on=date(2030, 1, 15))
    # A staff letter the team has not answered yet, one of its comments due tomorrow.
    waiting = conversation_make(
        company=company_make(name="Umbrella Corp"),
        uploaded_by=paralegal,
        organisation=team,
        when=date(2022, 9, 1),
        comment_text="Tell us about the new segment.",
    )
    Letter.objects.filter(pk=waiting.company_letter.pk).delete()
    Assignment.objects.create(
        organisation=team, comment=waiting.comments[0], owner=paralegal, due_on=timezone.localdate() + timedelta(days=1)
    )
    # Every letter threaded (each answer names the date of the staff letter it answers), and each closed
    # review given its closing date, for the charts.
    for answer in Letter.objects.filter(responds_to__isnull=False).select_related("responds_to"):
        Letter.objects.filter(pk=answer.pk).update(responds_to_letter_date=answer.responds_to.letter_date)
    reviews_thread_all()
    for i, review in enumerate(Review.objects.filter(status=Review.Status.CLOSED, opened_on__isnull=False).order_by("pk")):
        Review.objects.filter(pk=review.pk).update(closed_on=review.opened_on + timedelta(days=35 + 20 * i))
    return {"company": company, "letter": newest.staff_letter, "older": older, "live": live}


@pytest.fixture
def page(live_server, story, monkeypatch) -> Iterator:
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
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.errors = errors
        yield tab
        context.close()
        browser.close()


def _shot(page, name: str, *, full_page: bool = True) -> None:  # noqa: ANN001
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def _sign_in(page, live_server) -> None:  # noqa: ANN001
    page.goto(f"{live_server.url}/sign-in/")
    _shot(page, "01-sign-in")
    page.get_by_label("Username").fill("paralegal")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_it_goes_from_sign_in_to_a_letter_search_and_an_export(page, live_server, story, tmp_path):
    page.goto(f"{live_server.url}/")
    _shot(page, "00-landing")
    _sign_in(page, live_server)

    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Signed in as paralegal").is_visible()
    _shot(page, "02-dashboard")

    page.get_by_role("link", name="Staff comment letter").first.click()
    page.wait_for_url(f"{live_server.url}/letters/{story['letter'].pk}/")
    row = page.locator("#comment-1")
    assert "price increase on net sales" in row.inner_text() and "added $12 million" in row.inner_text()
    edgar = page.get_by_role("link", name="This letter's filing on EDGAR").get_attribute("href")
    assert edgar.startswith(f"https://www.sec.gov/Archives/edgar/data/{story['company'].cik}/")
    _shot(page, "03-letter")

    page.get_by_role("link", name="Acme Widgets Inc.").first.click()
    assert page.get_by_role("heading", name="Topics over time").is_visible()
    _shot(page, "04-company")

    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Company name, ticker or CIK").fill("acme")
    page.get_by_label("Topic").select_option(label="MD&A")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.get_by_role("heading", name="2 letters").is_visible()
    _shot(page, "05-search")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert download.value.suggested_filename == "letters.csv"
    assert sorted(row["company_name"] for row in rows) == ["Acme Widgets Inc.", "Acme Widgets Inc."]
    assert page.errors == []


def test_it_goes_from_the_dashboard_to_a_review_a_comment_and_its_answer_a_saved_search_and_its_export(
    page, live_server, story, tmp_path
):
    live = story["live"]
    _sign_in(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    open_reviews = page.locator("section", has=page.get_by_role("heading", name="Open reviews"))
    assert "Initech Holdings" in open_reviews.inner_text()
    due = page.locator("section", has=page.get_by_role("heading", name="Comments due soon and overdue"))
    assert "Due soon" in due.inner_text() and "Umbrella Corp" in due.inner_text()
    assert page.locator("#metrics-year svg").count() == 2
    _shot(page, "10-dashboard-member")

    open_reviews.get_by_role("link", name="10-K for Dec 31, 2022").click()  # Initech's
    page.wait_for_url(f"{live_server.url}/reviews/{live.review.pk}/")
    assert page.get_by_role("heading", name="Review of the 10-K for December 31, 2022").is_visible()
    row = page.locator(f"#comment-{live.comments[0].pk}")
    text = row.inner_text()
    assert "impairment charge recorded on the Initech goodwill" in text and "$40 million goodwill impairment" in text
    assert "Will revise in future filings" in text
    assert "Owner: paralegal" in page.locator(f"#comment-{live.comments[1].pk}").inner_text()
    _shot(page, "11-review-timeline")
    row.scroll_into_view_if_needed()
    row.screenshot(path=str(SCREENSHOTS / "12-comment-and-its-answer.png"))

    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Words", exact=True).fill('"goodwill impairment"')
    page.get_by_label("Search the words of").select_option(label="Company responses")
    page.get_by_role("button", name="Search", exact=True).click()
    assert page.get_by_role("heading", name="1 company response with these words").is_visible()
    assert "goodwill" in page.locator("td.snippet mark").first.inner_text().lower()
    page.get_by_label("Save this search as").fill("Initech impairment answers")
    page.get_by_role("button", name="Save search").click()
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("link", name="Initech impairment answers").is_visible()
    _shot(page, "13-search-words-saved")

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert download.value.suggested_filename == "search.csv" and [row["kind"] for row in rows] == ["response"]
    assert "goodwill impairment" in rows[0]["snippet"] and "<mark>" not in rows[0]["snippet"]

    page.get_by_role("link", name="Dashboard").click()
    assert page.get_by_role("link", name="Initech impairment answers").is_visible()
    page.locator("#metrics-heading").scroll_into_view_if_needed()
    _shot(page, "14-dashboard-saved-search-and-metrics")
    assert page.errors == []


def test_it_reads_with_the_keyboard_from_the_skip_link(page, live_server):
    page.goto(f"{live_server.url}/")  # not the sign-in page, whose username field takes the focus
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    _shot(page, "06-skip-link-focused")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_it_shows_the_api_docs_from_this_site(page, live_server):
    _sign_in(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/api/docs/")
    page.get_by_text("SEC comment letters API").first.wait_for(timeout=15000)
    _shot(page, "07-api-docs", full_page=False)
    assert page.errors == []


@pytest.mark.skipif(os.environ.get("SCREENSHOT_NARROW") == "0", reason="narrow screenshots turned off")
def test_it_reads_a_letter_on_a_narrow_screen(page, live_server, story):
    _sign_in(page, live_server)
    page.wait_for_url(f"{live_server.url}/")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/letters/{story['letter'].pk}/")
    assert page.locator("#comment-1").is_visible()
    _shot(page, "08-letter-narrow")
