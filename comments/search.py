"""Full-text search over the text of letters, staff comments and company responses: one interface, two
backends, never a LIKE scan.

- PostgreSQL: a stored `to_tsvector` column per table, GIN-indexed (migrations 0005 and 0008), matched
  with `websearch_to_tsquery`, ranked by `ts_rank` on the stored vector, with snippets by `ts_headline`.
- SQLite: an FTS5 table, `comments_search`, that triggers keep in step with the letters, comments,
  responses and documents (so bulk writes and `.update()` are indexed too); ranked by bm25(), snippets
  by snippet().

`text_search` answers a queryset of the kind's own model, narrowed by the visibility selector, annotated
with `search_rank` (higher is better) and `search_snippet` (raw: pass it through `snippet_html`). Being a
queryset, it takes the usual filters, cursor pages and exports like any list. It ranks the newest matches,
as many as its caller shows (found in one query first), or every match.

A query is read the way a web search box is: words must all appear, "a phrase" in that order, OR between
alternatives, -word excluded.
"""

from __future__ import annotations

import operator
import re
from datetime import date
from functools import reduce
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection as default_connection
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Col, Expression, RawSQL
from django.db.models.functions import Cast, Coalesce, Greatest, Left, Substr
from django.db.models.lookups import GreaterThan
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from comments.models import CompanyResponse, Letter, StaffComment
from comments.selectors import letters_visible_to
from filings.models import Document

KINDS = ("letter", "comment", "response")
KIND_LABELS = {"letter": "Letters", "comment": "Staff comments", "response": "Company responses"}
SEARCH_CONFIG = "english"
# to_tsvector refuses to make a vector over 1 MB; no letter comes near this many characters, and a
# document that did would still be found by its first 300,000.
INDEXED_CHARACTERS = 300_000
# Around each match in a raw snippet; snippet_html escapes the text and turns them into <mark>.
MARK_START, MARK_END = "\x02", "\x03"
ELLIPSIS = " … "
SNIPPET_WORDS = 30

FTS_TABLE = "comments_search"
# An index row's rowid is the object's id * 4 + its kind's code, so a trigger finds it without a scan.
KIND_CODES = {"letter": 1, "comment": 2, "response": 3}


# --- the query ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"\w", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _terms(text: str) -> tuple[list[list[str]], list[str]]:
    """The query's groups of alternatives (every group must match) and its exclusions, each term quoted."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for token in _TOKEN.findall(text):
        if token == "OR":
            join_next = bool(groups)
            continue
        negative = token.startswith("-") and len(token) > 1
        words = token.lstrip("-").strip('"').replace('"', " ").rstrip("*")
        if not _WORD.search(words):
            continue
        term = f'"{words}"'
        if negative:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return groups, excluded


def fts5_query(text: str) -> str | None:
    """A web-search query as an FTS5 expression, every term quoted so nothing a person types is read as
    FTS5 syntax; None when nothing is left to look for (only exclusions, or only punctuation)."""
    groups, excluded = _terms(text)
    if not groups:
        return None
    expression = " AND ".join(group[0] if len(group) == 1 else f"({' OR '.join(group)})" for group in groups)
    for term in excluded:
        expression = f"({expression}) NOT {term}"
    return expression


def search_text_clean(text: str) -> str:
    """What a person typed, without the control characters no database stores (PostgreSQL refuses NUL)."""
    return _CONTROL.sub(" ", text).strip()


# --- snippets ----------------------------------------------------------------------------------------


def snippet_html(raw: str | None) -> SafeString:
    """A raw snippet as HTML: every character of the letter escaped, and only our own <mark> around the
    matches. A sentinel a letter itself carries can only misplace a highlight, never open a tag."""
    out: list[str] = []
    inside = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", raw or ""):
        if piece == MARK_START:
            inside = True
        elif piece == MARK_END:
            inside = False
        elif piece:
            out.append(f"<mark>{escape(piece)}</mark>" if inside else escape(piece))
    return mark_safe("".join(out))  # noqa: S308  every piece was escaped above


def snippet_text(raw: str | None) -> str:
    """A raw snippet as plain text (for exports): the sentinels dropped."""
    return (raw or "").replace(MARK_START, "").replace(MARK_END, "")


# --- the rows searched, as the user may see them ------------------------------------------------------


def _base(*, user: AbstractBaseUser | AnonymousUser | None, kind: str, letters: QuerySet[Letter] | None) -> QuerySet:
    visible = letters_visible_to(user=user, letters=letters)
    if kind == "letter":
        return visible
    if kind == "comment":
        return StaffComment.objects.filter(letter__in=visible, in_latest_parse=True)
    if kind == "response":
        return CompanyResponse.objects.filter(letter__in=visible)
    raise ValueError(f"search one of {', '.join(KINDS)}, not {kind!r}")


# A common word is in tens of thousands of rows, and ranking every match means reading each one (1.7 s for
# the letters and 150-250 ms for the staff comments of 100,000 letters, bench/RESULTS-load.md). So a search
# ranks the newest matches, as many as its caller can show or count, and one more row says there were more.
_NEWEST_FIRST = {
    "letter": (F("letter_date").desc(nulls_last=True), "-pk"),
    # Spelt with the letter's own key, so the letters' newest-first index gives the order.
    "comment": (F("letter__letter_date").desc(nulls_last=True), F("letter__pk").desc(), "-pk"),
    "response": (F("letter__letter_date").desc(nulls_last=True), F("letter__pk").desc(), "-pk"),
}


def _newest(rows: QuerySet, kind: str, newest: int) -> QuerySet:
    return rows.order_by(*_NEWEST_FIRST[kind]).values("pk")[: newest + 1]


def text_search(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    q: str,
    kind: str = "letter",
    letters: QuerySet[Letter] | None = None,
    newest: int | None = None,
    using: BaseDatabaseWrapper | None = None,
) -> QuerySet:
    """The letters, staff comments or company responses (`kind`) whose text matches `q`, among those of
    `letters` (else every letter) that `user` may see; annotated with `search_rank` and `search_snippet`,
    unordered (order by `-search_rank` for the best first).

    `newest`: rank only that many of the newest matches, by their letter's date, and one more to say there
    were more; every match when None (at its price)."""
    rows = _base(user=user, kind=kind, letters=letters)
    q = search_text_clean(q)
    if fts5_query(q) is None:
        # Nothing to look for (only exclusions, or no words): no hits, on either database alike.
        return rows.none().annotate(search_rank=RawSQL("0.0", [], output_field=FloatField()), search_snippet=RawSQL("''", []))
    vendor = (using or default_connection).vendor
    if vendor == "postgresql":
        branches, annotations = _postgres(rows, kind, q)
    elif vendor == "sqlite":
        branches, annotations = _sqlite(rows, kind, q)
    else:
        raise NotImplementedError(f"full-text search needs PostgreSQL or SQLite, not {vendor}")
    if newest is None:
        return reduce(operator.or_, branches).annotate(**annotations)
    # The newest matches are found first, and the count and the page of ranked rows read them by key alone:
    # the visibility rule and the filters chose them.
    if vendor == "postgresql" and kind != "letter":
        keys = _newest_walked_or_indexed(rows, branches[0], kind, _query(q), newest)
    else:
        keys = [key for key, _ in _keys([(_newest(b, kind, newest), False) for b in branches])]
    return _by_key(rows.model, keys, vendor).annotate(**annotations)


def _keys(parts: list[tuple[QuerySet, bool]]) -> list[tuple[int, bool]]:
    """The keys of the rows of every part, in one query, each with its part's flag (whether it walked). Each
    part is read inside an IN: SQLite allows no LIMIT in a part of a UNION."""
    selects = [
        part.model.objects.filter(pk__in=part).order_by().values_list("pk", Value(walked, output_field=BooleanField()))
        for part, walked in parts
    ]
    return list(reduce(lambda a, b: a.union(b, all=True), selects))


def _by_key(model: type[Model], keys: list[int], vendor: str) -> QuerySet:
    if vendor == "postgresql":
        # One array parameter: a thousand parameters cost Django and psycopg some 15 ms a query to spell out.
        return model.objects.filter(_KeyIn(F("pk"), Value(keys, output_field=ArrayField(BigIntegerField()))))
    return model.objects.filter(pk__in=keys)


class _KeyIn(Func):
    """`key = ANY(array)` on PostgreSQL."""

    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        (key_sql, key_params), (keys_sql, keys_params) = (compiler.compile(e) for e in self.get_source_expressions())
        return f"{key_sql} = ANY({keys_sql})", [*key_params, *keys_params]


# --- PostgreSQL -----------------------------------------------------------------------------------------


class StoredVector(Expression):
    """The stored, GIN-indexed vector (VECTOR_COLUMN) of the row that holds `text_field`: `text` for the
    row itself, `document__text` for a letter's document. Spelt as the column, so the planner uses the GIN
    index for the match and the rank reads the stored vector instead of parsing the text again."""

    output_field = SearchVectorField()

    def __init__(self, text_field: str = "text") -> None:
        super().__init__()
        self.text = F(text_field)

    def get_source_expressions(self) -> list[Any]:
        return [self.text]

    def set_source_expressions(self, exprs: list[Any]) -> None:
        (self.text,) = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        # The resolved text column names the table (or its alias in a join): the vector is beside it.
        column = self.text
        if not isinstance(column, Col):
            raise ValueError(f"StoredVector needs a text column, not {column!r}")
        return f"{compiler.quote_name_unless_alias(column.alias)}.{connection.ops.quote_name(VECTOR_COLUMN)}", []


def _rank(vector: Any, query: SearchQuery) -> Cast:
    # ts_rank answers a 4-byte real, which Python reads back rounded: as a double, a page's edge row
    # compares equal to itself, and the next page starts exactly after it.
    return Cast(SearchRank(vector, query), output_field=FloatField())


# ts_headline parses all the text it is given, 2-3 ms for a letter of 10,000 characters: it is given the
# SNIPPET_WINDOW characters around the first place a word of the query is found, or all of it when none is
# (a word whose stem is not how it is spelt, such as "company").
SNIPPET_WINDOW = 1_000


def _headline(text: Any, query: SearchQuery, q: str) -> SearchHeadline:
    return SearchHeadline(
        _around_first_word(text, q),
        query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_END,
        max_words=SNIPPET_WORDS,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=ELLIPSIS,
    )


def _around_first_word(text: Any, q: str) -> Expression:
    groups, _ = _terms(q)
    words = re.findall(r"\w+", groups[0][0])
    # The first word of the first term that is not a stop word, as the index has it: its stem, a prefix of
    # most spellings, found at the start of a word ("leas" is in "Please").
    stem = Func(*(RawSQL(f"(ts_lexize('{SEARCH_CONFIG}_stem', lower(%s)))[1]", [w]) for w in words), function="COALESCE")
    word_start = Func(Value(r"\m"), stem, template="(%(expressions)s)", arg_joiner=" || ", output_field=TextField())
    found = Func(text, word_start, Value(1), Value(1), Value(0), Value("i"), function="regexp_instr", output_field=IntegerField())
    start = Greatest(found - SNIPPET_WINDOW // 2, Value(1))
    return Case(
        When(GreaterThan(found, Value(0)), then=Substr(text, start, SNIPPET_WINDOW)),
        default=Left(text, INDEXED_CHARACTERS),
        output_field=TextField(),
    )


# A letter's text is its own when private (or without a document), else its document's.
_OWN_TEXT = Q(is_private=True) | Q(document__isnull=True)


# Of the newest rows, how many a comment or response search samples to learn how common its words are there;
# the share of matches past which it walks the rows newest first instead of asking the index; and how many
# of the newest letters a walk reads at most (a common word fills a page of 1,000 within 3,000 here).
DENSITY_SAMPLE = 2_000
WALKED_SHARE = 0.02
WALK_LETTERS = 10_000


def _query(q: str) -> SearchQuery:
    return SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)


def _postgres(rows: QuerySet, kind: str, q: str) -> tuple[list[QuerySet], dict[str, Any]]:
    """The matching rows, in one or more branches, and the rank and snippet to annotate them with."""
    query = _query(q)
    # ts_headline is costly, and PostgreSQL computes it only after the top-N sort (for the page's rows, a
    # page per parallel worker at most), or on the rows read when the order comes from an index.
    if kind != "letter":
        annotations = {
            "search_rank": _rank(StoredVector("text"), query),
            "search_snippet": _headline(F("text"), query, q),
        }
        return [rows.alias(search_vector=StoredVector("text")).filter(search_vector=query)], annotations
    # Two indexed matches, each on its own table and in its own branch: private text on the letter, public
    # text on the document. The document's is asked row by row (EXISTS, with no OR beside it to make it a
    # hashed subplan over every match), so the newest are found by walking the letters newest first, or
    # through the index when a word is rare: the planner chooses.
    document_matches = Exists(
        Document.objects.alias(search_vector=StoredVector("text")).filter(pk=OuterRef("document_id"), search_vector=query)
    )
    own = StoredVector("text")
    vector = Case(When(_OWN_TEXT, then=own), default=StoredVector("document__text"), output_field=SearchVectorField())
    text = Case(
        When(_OWN_TEXT, then=F("text")),
        default=F("document__text"),
        output_field=TextField(),
    )
    branches = [rows.alias(own_vector=own).filter(_OWN_TEXT, own_vector=query), rows.filter(~_OWN_TEXT, document_matches)]
    return branches, {"search_rank": _rank(vector, query), "search_snippet": _headline(text, query, q)}


class _MatchesAmong(Subquery):
    """How many rows of a `walk_match` sample match: the sample read once, each row tested as it is read."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS sampled WHERE sampled.walk_match)"
    output_field = IntegerField()


def _newest_walked_or_indexed(rows: QuerySet, indexed: QuerySet, kind: str, query: SearchQuery, newest: int) -> list[int]:
    """The keys of the `newest` newest matching comments or responses and one more, found the cheaper of two ways.

    A common word is fastest found by walking the rows newest first (through the letters' newest-first index)
    and testing each, which stops after the first `newest`; a rare one through the GIN index, then sorted.
    PostgreSQL cannot choose between them itself: it takes the words of a phrase as independent, and so
    "goodwill impairment", in 4% of the comments, for a word in 0.2% of them. So one statement counts the
    matches among the newest DENSITY_SAMPLE rows (an InitPlan, a few milliseconds) and runs only the branch
    for that density; both give the same rows. A walk stops at the newest WALK_LETTERS letters: a word common
    lately and rare before (a company's name just after its review) would otherwise read every row. When it
    stops there short of `newest`, the index finds the rest, in a second query."""
    match = Func(StoredVector("text"), query, function="ts_match_vq", output_field=BooleanField())
    found = _MatchesAmong(rows.annotate(walk_match=match).order_by(*_NEWEST_FIRST[kind]).values("walk_match")[:DENSITY_SAMPLE])
    common = round(DENSITY_SAMPLE * WALKED_SHARE)
    window = Letter.objects.order_by(*_NEWEST_FIRST["letter"]).values("letter_date")[WALK_LETTERS : WALK_LETTERS + 1]
    walked = rows.alias(walk_match=match, sampled=found, window_start=Coalesce(Subquery(window), Value(date.min)))
    walked = walked.filter(walk_match=True, sampled__gte=common, letter__letter_date__gte=F("window_start"))
    keys = _keys(
        [
            (_newest(walked, kind, newest), True),
            (_newest(indexed.alias(sampled=found).filter(sampled__lt=common), kind, newest), False),
        ]
    )
    if len(keys) > newest or (keys and not keys[0][1]):
        return [key for key, _ in keys]  # enough, or all the index holds
    # Walked to the window's end short of `newest` (or found nothing either way): the index has them all.
    return [key for key, _ in _keys([(_newest(indexed, kind, newest), False)])]


# --- SQLite FTS5 ------------------------------------------------------------------------------------------


class _IndexRead(Func):
    """One value read from the FTS5 index for this row (its rank, its snippet): a correlated subquery on
    the row's own rowid, so the MATCH is answered from the index."""

    def __init__(self, key: Any, *, select: str, select_params: list[Any], match: str, code: int, output_field: Any) -> None:
        super().__init__(key, output_field=output_field)
        self.select, self.select_params, self.match, self.code = select, select_params, match, code

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        key_sql, key_params = compiler.compile(self.get_source_expressions()[0])
        sql = (
            f"(SELECT {self.select} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"AND {FTS_TABLE}.rowid = ({key_sql}) * 4 + {self.code})"
        )
        return sql, [*self.select_params, self.match, *key_params]


def _sqlite(rows: QuerySet, kind: str, q: str) -> tuple[list[QuerySet], dict[str, Any]]:
    match = fts5_query(q)
    code = KIND_CODES[kind]
    matching = RawSQL(f"SELECT object_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND kind = %s", [match, kind])
    # bm25() is lower for a better match; the rank is its negation, so higher is better on both backends.
    rank = _IndexRead(F("pk"), select=f"-bm25({FTS_TABLE})", select_params=[], match=match, code=code, output_field=FloatField())
    snippet = _IndexRead(
        F("pk"),
        select=f"snippet({FTS_TABLE}, 0, %s, %s, %s, {SNIPPET_WORDS})",
        select_params=[MARK_START, MARK_END, ELLIPSIS.strip()],
        match=match,
        code=code,
        output_field=TextField(),
    )
    matched = rows.filter(pk__in=matching)
    # A letter's two branches as on PostgreSQL, so the newest matches are counted alike on both.
    branches = [matched.filter(_OWN_TEXT), matched.exclude(_OWN_TEXT)] if kind == "letter" else [matched]
    return branches, {"search_rank": rank, "search_snippet": snippet}


def search_model(kind: str) -> type[Model]:
    return {"letter": Letter, "comment": StaffComment, "response": CompanyResponse}[kind]


# --- the index itself: made by migration 0005, repaired after every migrate ---------------------------------

_SQLITE_BODIES = {
    # A letter's text is its own when private (or without a document), else its document's.
    "letter": (
        "comments_letter",
        "CASE WHEN {r}.is_private OR {r}.document_id IS NULL THEN {r}.text "
        "ELSE COALESCE((SELECT text FROM filings_document WHERE id = {r}.document_id), '') END",
        ("text", "document_id", "is_private"),
    ),
    "comment": ("comments_staffcomment", "{r}.text", ("text",)),
    "response": ("comments_companyresponse", "{r}.text", ("text",)),
}


def _sqlite_triggers() -> dict[str, str]:
    triggers: dict[str, str] = {}
    for kind, (table, body, columns) in _SQLITE_BODIES.items():
        code = KIND_CODES[kind]
        insert = (
            f"INSERT INTO {FTS_TABLE}(rowid, body, kind, object_id) "
            f"VALUES (NEW.id * 4 + {code}, {body.format(r='NEW')}, '{kind}', NEW.id);"
        )
        delete = f"DELETE FROM {FTS_TABLE} WHERE rowid = OLD.id * 4 + {code};"
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        triggers[f"{FTS_TABLE}_{kind}_insert"] = f"AFTER INSERT ON {table} BEGIN {insert} END"
        triggers[f"{FTS_TABLE}_{kind}_update"] = (
            f"AFTER UPDATE OF {', '.join(columns)} ON {table} WHEN {changed} BEGIN {delete} {insert} END"
        )
        triggers[f"{FTS_TABLE}_{kind}_delete"] = f"AFTER DELETE ON {table} BEGIN {delete} END"
    # A public letter's text is its document's: a re-extracted document re-indexes its letter.
    public = "FROM comments_letter WHERE document_id = NEW.id AND NOT is_private"
    triggers[f"{FTS_TABLE}_document_update"] = (
        "AFTER UPDATE OF text ON filings_document WHEN OLD.text IS NOT NEW.text BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id * 4 + 1 {public}); "
        f"INSERT INTO {FTS_TABLE}(rowid, body, kind, object_id) SELECT id * 4 + 1, NEW.text, 'letter', id {public}; END"
    )
    return triggers


def _sqlite_rebuild(cursor: Any) -> None:
    cursor.execute(f"DELETE FROM {FTS_TABLE}")
    for kind, (table, body, _) in _SQLITE_BODIES.items():
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, body, kind, object_id) "
            f"SELECT r.id * 4 + {KIND_CODES[kind]}, {body.format(r='r')}, '{kind}', r.id FROM {table} r"
        )


# A stored tsvector per searched table (PostgreSQL generates it on every write), GIN-indexed: the match is
# answered from the index and the rank reads the stored vector, never re-parsing the text.
VECTOR_COLUMN = "search_vector"
_POSTGRES_TABLES = {
    "letter": "comments_letter",
    "comment": "comments_staffcomment",
    "response": "comments_companyresponse",
    "document": "filings_document",
}
_POSTGRES_COLUMNS = {
    table: f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {VECTOR_COLUMN} tsvector GENERATED ALWAYS AS "
    f"(to_tsvector('{SEARCH_CONFIG}'::regconfig, COALESCE(LEFT(text, {INDEXED_CHARACTERS}), ''))) STORED"
    for table in _POSTGRES_TABLES.values()
}
_POSTGRES_INDEXES = {f"{FTS_TABLE}_{name}": f"ON {table} USING gin ({VECTOR_COLUMN})" for name, table in _POSTGRES_TABLES.items()}


def search_index_install(*, connection: BaseDatabaseWrapper) -> None:
    """Make the index (idempotent): the FTS5 table and its triggers on SQLite, filled from what is stored;
    the GIN indexes on PostgreSQL. Nothing on another database."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                "body, kind UNINDEXED, object_id UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
            )
            for name, sql in _sqlite_triggers().items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {sql}")
            _sqlite_rebuild(cursor)
        elif connection.vendor == "postgresql":
            for sql in _POSTGRES_COLUMNS.values():
                cursor.execute(sql)
            for name, sql in _POSTGRES_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} {sql}")


def search_index_uninstall(*, connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _sqlite_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            for name in _POSTGRES_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
            for table in _POSTGRES_TABLES.values():
                cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {VECTOR_COLUMN}")


def search_index_repair(*, connection: BaseDatabaseWrapper) -> bool:
    """After a migrate: SQLite drops a table's triggers when a migration rebuilds the table (as it does
    to alter a column), and the index would silently stop following it. Put back what is missing and
    refill the index; True if anything was. Does nothing before migration 0005 made the index."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        present = {(kind, name) for kind, name in cursor.fetchall()}
        if ("table", FTS_TABLE) not in present:
            return False
        missing = {name: sql for name, sql in _sqlite_triggers().items() if ("trigger", name) not in present}
        if not missing:
            return False
        for name, sql in missing.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {sql}")
        _sqlite_rebuild(cursor)
    return True


def search_index_after_migrate(sender: Any, *, using: str = "default", **kwargs: Any) -> None:
    """A post_migrate receiver for search_index_repair."""
    search_index_repair(connection=connections[using])
