"""Full-text search over letter, comment and response text, on whichever database runs the suite (SQLite
FTS5 here; PostgreSQL full text in CI's second pass): what it finds and in what order, how it reads a
query, that its index follows every write, that it never shows a private letter to another organisation,
that its snippets are escaped, and that it answers in a fixed number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from comments.models import CompanyResponse, Letter, StaffComment
from comments.search import fts5_query, search_index_repair, snippet_html, text_search
from config.api_pagination import KeysetCursorPagination
from filings.models import Document
from tests.api.fixtures import client_for
from tests.api.rows import conversation_make
from tests.comments.factories import company_make

pytestmark = pytest.mark.django_db

VIEWERS = [
    ("anonymous", False),
    ("colleague", True),
    ("member of another organisation", False),
    ("staff", False),
    ("superuser", True),
]


def _hits(response) -> list[tuple[str, int]]:  # noqa: ANN001
    assert response.status_code == 200, response.content
    return [(row["kind"], row["id"]) for row in response.json()["results"]]


@pytest.fixture
def letters():
    """Three public conversations about different things."""
    return {
        "leases": conversation_make(
            company=company_make(name="Leasing Corp"),
            comment_text="Please explain how you account for operating leases under ASC 842.",
            response_text="We account for operating leases as described in Note 7.",
            topics=("leases",),
        ),
        "revenue": conversation_make(
            company=company_make(name="Revenue Inc."),
            comment_text="Tell us how revenue recognition applies to your licences, and why revenue is gross.",
            response_text="Revenue from licences is recognised at a point in time.",
            topics=("revenue_recognition",),
        ),
        "goodwill": conversation_make(
            company=company_make(name="Goodwill plc"),
            comment_text="Explain the goodwill impairment test and the revenue growth it assumes.",
            response_text="The test assumes revenue growth of 3%.",
            topics=("goodwill_impairment",),
        ),
    }


# --- what it finds -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind,word,found",
    [
        ("comment", "leases", ["leases"]),
        ("response", "licences", ["revenue"]),
        ("letter", "impairment", ["goodwill", "goodwill"]),  # the staff letter and the answer restating it
    ],
)
def test_it_finds_words_in_letters_comments_and_responses(api, letters, kind, word, found):
    hits = _hits(api.get("/api/v1/search/", {"q": word, "kind": kind}))
    owners = {
        **{(k, c.comments[0].pk): name for name, c in letters.items() for k in ("comment",)},
        **{("response", c.responses[0].pk): name for name, c in letters.items()},
        **{("letter", c.staff_letter.pk): name for name, c in letters.items()},
        **{("letter", c.company_letter.pk): name for name, c in letters.items()},
    }
    assert sorted(owners[hit] for hit in hits) == found


def test_it_puts_the_best_match_first(api, letters):
    hits = _hits(api.get("/api/v1/search/", {"q": "revenue", "kind": "comment"}))
    # Twice in the revenue comment, once in the goodwill comment.
    assert hits == [("comment", letters["revenue"].comments[0].pk), ("comment", letters["goodwill"].comments[0].pk)]


@pytest.mark.parametrize(
    "q,found",
    [
        ('"operating leases"', {"leases"}),
        ('"leases operating"', set()),
        ("goodwill OR licences", {"goodwill", "revenue"}),
        ("revenue -goodwill", {"revenue"}),
        ("revenue licences", {"revenue"}),
        ("-revenue", set()),
    ],
)
def test_it_reads_a_query_as_a_web_search_box_does(api, letters, q, found):
    owners = {c.comments[0].pk: name for name, c in letters.items()}
    hits = _hits(api.get("/api/v1/search/", {"q": q, "kind": "comment"}))
    assert {owners[pk] for _, pk in hits} == found


@pytest.mark.parametrize(
    "q",
    ['"', "revenue*", "NEAR(revenue goodwill)", "AND OR NOT", "body:revenue", "^revenue", "(((", "'; DROP TABLE x; --", "\x00"],
)
def test_it_answers_any_query_a_person_may_type_without_an_error(api, letters, q):
    assert api.get("/api/v1/search/", {"q": q, "kind": "comment"}).status_code == 200


def test_it_stems_words_so_a_plural_finds_a_singular(api, letters):
    assert _hits(api.get("/api/v1/search/", {"q": "lease", "kind": "comment"})) == [("comment", letters["leases"].comments[0].pk)]


def test_it_narrows_by_the_letters_filters(api, letters):
    cik = letters["goodwill"].company.cik
    hits = _hits(
        api.get("/api/v1/search/", {"q": "revenue", "kind": "letter", "cik": cik, "letter_kind": "staff_comment_letter"})
    )
    assert hits == [("letter", letters["goodwill"].staff_letter.pk)]


@pytest.mark.parametrize(
    "params,field",
    [
        ({}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x", "kind": "memo"}, "kind"),
        ({"q": "x", "knd": "letter"}, "knd"),
        ({"q": "x", "letter_kind": "memo"}, "letter_kind"),
        ({"q": "x" * 501}, "q"),
    ],
)
def test_it_refuses_a_search_it_cannot_run_saying_why(api, letters, params, field):
    response = api.get("/api/v1/search/", params)
    assert response.status_code == 400 and field in response.json()


# --- the index follows every write ---------------------------------------------------------------------------


def test_it_finds_a_comment_changed_by_a_bulk_update_and_forgets_a_deleted_one(api, letters):
    StaffComment.objects.filter(pk=letters["leases"].comments[0].pk).update(text="Discuss the zeppelin fleet.")
    found = _hits(api.get("/api/v1/search/", {"q": "zeppelin", "kind": "comment"}))
    StaffComment.objects.filter(pk=letters["leases"].comments[0].pk).delete()
    assert found == [("comment", letters["leases"].comments[0].pk)]
    assert _hits(api.get("/api/v1/search/", {"q": "zeppelin", "kind": "comment"})) == []


def test_it_finds_a_public_letter_by_its_documents_new_text(api, letters):
    Document.objects.filter(pk=letters["leases"].staff_letter.document_id).update(text="A letter about dirigibles.")
    assert _hits(api.get("/api/v1/search/", {"q": "dirigibles"})) == [("letter", letters["leases"].staff_letter.pk)]
    assert ("letter", letters["leases"].staff_letter.pk) not in _hits(api.get("/api/v1/search/", {"q": "leases"}))


def test_it_finds_a_private_letter_by_its_own_text(api, member, organisation):
    private = conversation_make(uploaded_by=member, organisation=organisation)
    Letter.objects.filter(pk=private.staff_letter.pk).update(text="Our private note on blimps.")
    assert _hits(api.get("/api/v1/search/", {"q": "blimps"})) == [("letter", private.staff_letter.pk)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite keeps its index by triggers")
def test_it_repairs_the_index_after_a_migration_rebuilt_a_table(api, letters):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER comments_search_comment_update")  # what rebuilding the table does to it
    StaffComment.objects.filter(pk=letters["leases"].comments[0].pk).update(text="Discuss the zeppelin fleet.")
    missed = _hits(api.get("/api/v1/search/", {"q": "zeppelin", "kind": "comment"}))
    repaired = search_index_repair(connection=connection)
    assert (missed, repaired) == ([], True)
    assert _hits(api.get("/api/v1/search/", {"q": "zeppelin", "kind": "comment"})) == [
        ("comment", letters["leases"].comments[0].pk)
    ]
    assert search_index_repair(connection=connection) is False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN indexes are PostgreSQL's")
@pytest.mark.parametrize(
    "kind,index",
    [("letter", "comments_search_document"), ("comment", "comments_search_comment"), ("response", "comments_search_response")],
)
def test_it_answers_from_the_gin_indexes_on_postgresql(letters, member, kind, index):
    with connection.cursor() as cursor:
        # So the plan shows whether the GIN index can be used at all: with sequential and plain index scans off,
        # the near-empty tables cannot be read past it (a btree walked in rank order would do otherwise), and
        # with nested loops off a letter's document cannot be matched row by row, as the planner rightly
        # prefers for a handful of letters (a common word over many letters is matched so too, newest first).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
        cursor.execute("SET LOCAL enable_nestloop = off")
    with CaptureQueriesContext(connection) as newest:  # the newest matches, found before they are ranked
        text_search(user=member, q="revenue", kind=kind, newest=1_000)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + newest.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan
    if kind != "letter":  # every match of one table (a letter's own text or its document's is an OR of two)
        everything = text_search(user=member, q="revenue", kind=kind).order_by("-search_rank")[:10].explain()
        assert index in everything, everything


# --- who sees which hit -----------------------------------------------------------------------------------------


@pytest.fixture
def viewer_client(settings, colleague, outsider, staff_user, superuser):
    settings.API_ALLOW_ANONYMOUS_PUBLIC_READ = True
    users = {"colleague": colleague, "member of another organisation": outsider, "staff": staff_user, "superuser": superuser}
    return lambda name: client_for(users[name]) if name in users else APIClient()


@pytest.mark.parametrize("viewer,sees", VIEWERS)
@pytest.mark.parametrize("kind", ["letter", "comment", "response"])
def test_it_never_finds_a_private_letter_for_another_organisation(viewer_client, member, organisation, viewer, sees, kind):
    conversation_make(
        comment_text="The confidential merger with Initech.",
        response_text="The Initech merger closes soon.",
        uploaded_by=member,
        organisation=organisation,
    )
    response = viewer_client(viewer).get("/api/v1/search/", {"q": "Initech", "kind": kind})
    exported = viewer_client(viewer).get("/api/v1/search/", {"q": "Initech", "kind": kind, "format": "csv"}).content.decode()
    assert (bool(_hits(response)), "Initech" in exported) == (sees, sees)


# --- snippets -----------------------------------------------------------------------------------------------------


def test_it_escapes_hostile_text_in_a_snippet_and_marks_only_the_match(api):
    conversation_make(comment_text='Revenue <script>alert("x")</script> <img src=x onerror=alert(1)> & "more" \x02</mark>')
    snippet = api.get("/api/v1/search/", {"q": "revenue", "kind": "comment"}).json()["results"][0]["snippet"]
    assert "<script" not in snippet and "<img" not in snippet and "</mark>" in snippet
    assert snippet.count("<mark>") == snippet.count("</mark>") and snippet.startswith("<mark>Revenue</mark>")
    assert "&lt;" in snippet and snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_it_makes_snippets_html_from_sentinels_alone():
    assert snippet_html("a \x02<b>\x03 c") == "a <mark>&lt;b&gt;</mark> c"
    assert snippet_html("\x03</mark>\x02") == "&lt;/mark&gt;"
    assert snippet_html(None) == ""


def test_it_exports_plain_snippets_with_formulas_neutralised(api):
    conversation_make(comment_text='=HYPERLINK("http://evil.example") revenue & costs')
    body = api.get("/api/v1/search/", {"q": "revenue", "kind": "comment", "format": "csv"}).content.decode("utf-8-sig")
    snippet = next(csv.DictReader(io.StringIO(body)))["snippet"]
    # PostgreSQL's snippet starts at the first word, SQLite's at the first character: neither may run.
    assert "HYPERLINK" in snippet and (snippet.startswith("'=") or not snippet.startswith(("=", "+", "-", "@")))
    assert "<mark>" not in snippet and "&amp;" not in snippet and "& costs" in snippet


@pytest.mark.parametrize(
    "text,expected",
    [
        ("revenue", '"revenue"'),
        ('"operating leases" ASC', '"operating leases" AND "ASC"'),
        ("a OR b c", '("a" OR "b") AND "c"'),
        ("a -b -c", '(("a") NOT "b") NOT "c"'),
        ("-b", None),
        ("& | ;", None),
        ('say "so', '"say" AND "so"'),
    ],
)
def test_it_quotes_every_term_of_an_fts5_query(text, expected):
    assert fts5_query(text) == expected


# --- queries -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["letter", "comment", "response"])
@pytest.mark.parametrize("page_size", [2, 5])
def test_it_searches_in_a_fixed_number_of_queries(api, django_assert_num_queries, kind, page_size):
    for i in range(6):
        conversation_make(comment_text=f"Revenue question {i}.", response_text=f"Revenue answer {i}.")
    with django_assert_num_queries(3):  # the newest matches, their count, the page of them ranked
        response = api.get("/api/v1/search/", {"q": "revenue", "kind": kind, "page_size": page_size})
    assert len(response.json()["results"]) == page_size


def test_it_pages_search_results_by_cursor_in_rank_order(api):
    for i in range(5):
        conversation_make(comment_text="Revenue " * (i + 1) + "question.")
    first = api.get("/api/v1/search/", {"q": "revenue", "kind": "comment", "page_size": 2}).json()
    rest = [api.get(first["next"]).json()]
    while rest[-1]["next"]:
        rest.append(api.get(rest[-1]["next"]).json())
    ranks = [row["rank"] for page in [first, *rest] for row in page["results"]]
    assert len(ranks) == 5 and ranks == sorted(ranks, reverse=True)


def test_it_is_listed_at_the_api_root(api):
    assert api.get("/api/v1/").json()["search"].endswith("/api/v1/search/")
    assert CompanyResponse.objects.count() == 0


# --- a common word ------------------------------------------------------------------------------------------------


@pytest.fixture
def four_years_of_goodwill(monkeypatch, member, organisation):
    """Letters from 2020 to 2023 that say "goodwill", the oldest most often, and one private upload; a letter
    search ranks the newest two of each and the row that says there were more, as many as a page counts."""
    monkeypatch.setattr(KeysetCursorPagination, "count_limit", 2)
    public = [
        conversation_make(when=date(2020 + i, 3, 1), comment_text="Goodwill " * (9 if i == 0 else 1) + "question.")
        for i in range(4)
    ]
    private = conversation_make(organisation=organisation, when=date(2019, 3, 1), comment_text="Goodwill question.")
    return public, private


def _letter_dates(response) -> list[str]:  # noqa: ANN001
    return sorted(Letter.objects.get(pk=pk).letter_date.isoformat() for _, pk in _hits(response))


def test_a_letter_search_ranks_the_newest_matches_and_an_exact_count_or_an_export_ranks_them_all(api, four_years_of_goodwill):
    newest = api.get("/api/v1/search/", {"q": "goodwill", "page_size": 50})
    # The three newest published letters, and the team's own two (its own branch): the 2020 letter that says
    # it nine times is past the newest three.
    assert _letter_dates(newest) == ["2019-03-01", "2019-03-21", "2022-03-21", "2023-03-01", "2023-03-21"]
    assert (newest.json()["count"], newest.json()["count_exact"]) == (2, False)
    everything = api.get("/api/v1/search/", {"q": "goodwill", "page_size": 50, "count": "exact"})
    assert everything.json()["count"] == 10 and everything.json()["count_exact"] is True
    best = Letter.objects.get(pk=everything.json()["results"][0]["id"])
    assert best.letter_date.year == 2020  # the letter that says it nine times, or the answer restating it
    exported = api.get("/api/v1/search/", {"q": "goodwill", "format": "csv"})
    assert exported.status_code == 200 and exported["X-Export-Rows"] == "10"


def test_it_orders_comment_hits_by_their_letters_date_across_pages(api):
    for year in (2021, 2023, 2022):
        conversation_make(when=date(year, 3, 1), comment_text="Revenue question.")
    first = api.get("/api/v1/search/", {"q": "revenue", "kind": "comment", "ordering": "-letter_date", "page_size": 2}).json()
    rest = api.get(first["next"]).json()
    assert [row["letter_date"] for row in first["results"] + rest["results"]] == ["2023-03-01", "2022-03-01", "2021-03-01"]


@pytest.mark.parametrize("kind", ["comment", "response"])
def test_a_comment_or_response_search_ranks_the_newest_matches_and_an_exact_count_ranks_them_all(api, monkeypatch, kind):
    monkeypatch.setattr(KeysetCursorPagination, "count_limit", 2)
    for i in range(4):
        says = "Goodwill " * (9 if i == 0 else 1)
        conversation_make(when=date(2020 + i, 3, 1), comment_text=says + "question.", response_text=says + "answer.")
    newest = api.get("/api/v1/search/", {"q": "goodwill", "kind": kind}).json()
    # The newest two and the row that says there were more: the 2020 one that says it nine times is past them.
    assert sorted(row["letter_date"][:4] for row in newest["results"]) == ["2021", "2022", "2023"]
    assert (newest["count"], newest["count_exact"]) == (2, False)
    everything = api.get("/api/v1/search/", {"q": "goodwill", "kind": kind, "count": "exact"}).json()
    assert everything["count"] == 4 and everything["results"][0]["letter_date"].startswith("2020")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL chooses how to find the newest matches")
@pytest.mark.parametrize("kind", ["comment", "response"])
@pytest.mark.parametrize("walked_letters", [10_000, 3])  # 3: the walk stops short, and the index finds the rest
def test_it_finds_the_same_newest_matches_walking_the_rows_or_through_the_index(
    member, outsider, monkeypatch, kind, walked_letters
):
    monkeypatch.setattr("comments.search.DENSITY_SAMPLE", 4)
    monkeypatch.setattr("comments.search.WALK_LETTERS", walked_letters)
    for i in range(8):
        says = "Goodwill" if i % 2 else "Leases"
        conversation_make(when=date(2015 + i, 1, 1), comment_text=f"{says} question.", response_text=f"{says} answer.")
    conversation_make(
        when=date(2024, 1, 1), comment_text="Goodwill, privately.", response_text="Goodwill, privately.", uploaded_by=outsider
    )

    def found(share: float) -> list[int]:
        monkeypatch.setattr("comments.search.WALKED_SHARE", share)
        return sorted(text_search(user=member, q="goodwill", kind=kind, newest=3).values_list("pk", flat=True))

    # Half of the sample matches: a share of 0 walks the rows, one past 1 asks the index.
    walked, indexed = found(0.0), found(1.01)
    assert walked == indexed and len(walked) == 4  # the newest three and one more; never the outsider's own


@pytest.mark.parametrize(
    "asked,written",
    [
        ("leases", "leases"),  # its stem "leas" is in every "Please" before it
        ("companies", "company"),  # its stem "compani" is not how "company" is spelt
        ('"goodwill impairment"', "goodwill impairment"),
    ],
)
def test_it_marks_a_word_found_deep_in_a_long_text(api, asked, written):
    # Some 40,000 characters; and 7,000 words, under the 16,383rd position PostgreSQL keeps for a phrase.
    filler = "Please see the paragraph above and revise. " * 1_000
    conversation_make(comment_text=f"{filler}Tell us more about the {written} in Note 7. {filler}")
    snippet = api.get("/api/v1/search/", {"q": asked, "kind": "comment"}).json()["results"][0]["snippet"]
    assert f"<mark>{written.split()[0]}" in snippet.lower() and "note 7" in snippet.lower()
