"""Precedent search over the database: what a result shows, the filters, the index kept by the post-parse
step, and a re-index that changes nothing a user sees."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Review, StaffComment
from comments.selectors import letters_visible_to, letters_visible_to_organisation
from comments.signals import letter_parsed
from precedents.indexing import precedent_model_fit, precedent_reindex
from precedents.models import PrecedentModel, PrecedentVector
from precedents.search import Outcome, PrecedentFilters, precedents_search
from precedents.text import MAX_QUERY_CHARS, PrecedentQueryError
from tests.api.rows import reviewed_conversation_make
from tests.comments.factories import company_make
from tests.precedents.rows import GOODWILL_QUERY, precedent_corpus_make, private_conversation_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    return precedent_corpus_make()


@pytest.fixture
def indexed(corpus):
    model = precedent_model_fit(dim=8)
    precedent_reindex(model_id=model.pk)
    return corpus


def _public() -> object:
    return letters_visible_to(user=None)


def _ranking(**kwargs) -> list[tuple[int, float]]:
    return [(h.comment.pk, h.score) for h in precedents_search(letters=_public(), **kwargs).hits]


def test_it_finds_the_comments_on_the_same_issue_with_company_answer_and_outcome(indexed) -> None:
    results = precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=3)
    assert results.model_key is not None and results.model_key.startswith("tfidf-svd@")
    goodwill = {c.comments[0].pk for c in indexed[3:6]}
    assert {h.comment.pk for h in results.hits} == goodwill
    hit = results.hits[0]
    assert hit.rank == 1 and hit.comment.letter.company.name.startswith("Company ")
    assert hit.comment.heading and hit.comment.letter.letter_date and hit.comment.letter.review is not None
    assert hit.answer is not None and hit.answer_excerpt.startswith(hit.comment.letter.company.name + " answers")
    # Answered, and long past: threading closed the review after its one round.
    assert (hit.outcome, hit.rounds) == (Outcome.RESOLVED, 1)


def test_it_ranks_with_the_full_text_index_alone_before_a_model_is_indexed(corpus) -> None:
    results = precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=3)
    assert results.model_key is None
    assert {h.comment.pk for h in results.hits} <= {c.comments[0].pk for c in corpus[3:6]}


def test_it_leaves_out_the_query_comments_own_review(indexed) -> None:
    query = indexed[3].comments[0]
    hits = precedents_search(letters=_public(), comment=query, limit=10).hits
    assert hits and all(h.comment.letter.review_id != query.letter.review_id for h in hits)
    assert hits[0].comment.pk in {c.comments[0].pk for c in indexed[4:6]}


def test_it_gives_identical_results_after_a_reindex(indexed) -> None:
    model = PrecedentModel.objects.get(status=PrecedentModel.Status.ACTIVE)
    vectors = dict(PrecedentVector.objects.filter(model=model).values_list("comment_id", "vector"))
    first = [_ranking(text=q, limit=10) for q in (GOODWILL_QUERY, "climate change capital expenditures", "segment profit")]
    again_model = precedent_model_fit(dim=8)  # the same comments give the same version
    assert again_model.pk == model.pk
    precedent_reindex(model_id=model.pk)
    assert {k: bytes(v) for k, v in PrecedentVector.objects.filter(model=model).values_list("comment_id", "vector")} == {
        k: bytes(v) for k, v in vectors.items()
    }
    assert [
        _ranking(text=q, limit=10) for q in (GOODWILL_QUERY, "climate change capital expenditures", "segment profit")
    ] == first


def test_a_new_model_version_replaces_the_old_one_and_drops_its_vectors(indexed) -> None:
    old = PrecedentModel.objects.get(status=PrecedentModel.Status.ACTIVE)
    new = precedent_model_fit(dim=4)
    assert new.pk != old.pk and new.status == PrecedentModel.Status.INDEXING
    assert precedents_search(letters=_public(), text=GOODWILL_QUERY).model_key == old.key  # searched until it is complete
    new = precedent_reindex(model_id=new.pk)
    assert (new.status, new.indexed, new.total) == (PrecedentModel.Status.ACTIVE, StaffComment.objects.count(), new.indexed)
    old.refresh_from_db()
    assert old.status == PrecedentModel.Status.RETIRED and not PrecedentVector.objects.filter(model=old).exists()
    assert precedents_search(letters=_public(), text=GOODWILL_QUERY).model_key == new.key


def test_it_indexes_the_comments_of_a_parsed_letter_on_commit(indexed, django_capture_on_commit_callbacks) -> None:
    late = reviewed_conversation_make(
        company=company_make(name="Late Co"), comment_text="Goodwill reporting unit at risk of impairment?"
    )
    assert not PrecedentVector.objects.filter(comment__in=late.comments).exists()
    assert late.comments[0].pk not in {h.comment.pk for h in precedents_search(letters=_public(), text=GOODWILL_QUERY).hits}
    with django_capture_on_commit_callbacks(execute=True):
        letter_parsed.send(sender=None, letter_id=late.staff_letter.pk, parser_version="test")
    model = PrecedentModel.objects.get(status=PrecedentModel.Status.ACTIVE)
    stored = PrecedentVector.objects.filter(model=model, comment__in=late.comments)
    assert stored.count() == 2
    with django_capture_on_commit_callbacks(execute=True):  # sent again (a re-parse): the same vectors, not more
        letter_parsed.send(sender=None, letter_id=late.staff_letter.pk, parser_version="test")
    assert stored.count() == 2
    assert late.comments[0].pk in {h.comment.pk for h in precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=4).hits}


def test_a_reparsed_comment_is_found_by_its_new_text(indexed, django_capture_on_commit_callbacks) -> None:
    comment = indexed[12].comments[0]  # about an auditor's consent
    assert comment.pk not in {h.comment.pk for h in precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=3).hits}
    StaffComment.objects.filter(pk=comment.pk).update(
        text="Which reporting unit is at risk of failing the goodwill impairment test?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        letter_parsed.send(sender=None, letter_id=comment.letter_id, parser_version="test")
    assert comment.pk in {h.comment.pk for h in precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=4).hits}


def test_it_filters_by_topic_form_years_company_and_one_round(indexed) -> None:
    def found(**filters) -> set[int]:
        hits = precedents_search(letters=_public(), text="GAAP measure prominence", limit=50, filters=PrecedentFilters(**filters))
        return {h.comment.pk for h in hits.hits}

    non_gaap = {c.comments[0].pk for c in indexed[:3]}
    assert found(topic="non_gaap") == non_gaap
    assert found(form="10-K") and not found(form="S-1")
    years = {c.pk for conv in indexed if conv.staff_letter.letter_date.year == 2019 for c in conv.comments} & found()
    assert found(year_from=2019, year_to=2019) == years
    assert indexed[0].comments[0].pk not in found(exclude_company_id=indexed[0].company.pk)
    reissued, still_open = indexed[1].comments[0], indexed[2].comments[0]
    StaffComment.objects.filter(pk=reissued.pk).update(status=StaffComment.Status.REISSUED)
    StaffComment.objects.filter(pk=still_open.pk).update(status=StaffComment.Status.RESPONDED)
    Review.objects.filter(pk=indexed[2].review.pk).update(status=Review.Status.AWAITING_STAFF)
    assert found(resolved_in_one_round=True) == found() - {reissued.pk, still_open.pk}
    outcomes = {
        h.comment.pk: h.outcome for h in precedents_search(letters=_public(), text="GAAP measure prominence", limit=20).hits
    }
    assert (outcomes[indexed[0].comments[0].pk], outcomes[reissued.pk], outcomes[still_open.pk]) == (
        Outcome.RESOLVED,
        Outcome.REISSUED,
        Outcome.OPEN,
    )


def test_a_private_letter_is_found_only_by_its_own_organisation(indexed, organisation, other_organisation, member) -> None:
    private = private_conversation_make(organisation=organisation, member=member, text=GOODWILL_QUERY)
    precedent_reindex(model_id=PrecedentModel.objects.get(status=PrecedentModel.Status.ACTIVE).pk)
    secret = private.comments[0].pk
    for letters in (_public(), letters_visible_to_organisation(organisation=other_organisation)):
        for limit in (1, 50):
            assert secret not in {h.comment.pk for h in precedents_search(letters=letters, text=GOODWILL_QUERY, limit=limit).hits}
    own = precedents_search(letters=letters_visible_to_organisation(organisation=organisation), text=GOODWILL_QUERY, limit=1)
    assert own.hits[0].comment.pk == secret


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n", "empty"), ("?!", "no words"), ("word " * (MAX_QUERY_CHARS // 4), "limit")],
)
def test_it_refuses_an_empty_or_huge_query_with_a_reason(corpus, text, message) -> None:
    with pytest.raises(PrecedentQueryError, match=message):
        precedents_search(letters=_public(), text=text)


def test_it_asks_the_same_number_of_queries_whatever_the_limit(indexed) -> None:
    counts = []
    for limit in (1, 1, 5, 20):
        with CaptureQueriesContext(connection) as queries:
            precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=limit)
        counts.append(len(queries))
    assert counts[1] == counts[2] == counts[3], counts  # the first call also loads the model into the process


def test_it_stores_each_vector_as_the_model_embeds_it(indexed) -> None:
    model = PrecedentModel.objects.get(status=PrecedentModel.Status.ACTIVE)
    row = PrecedentVector.objects.filter(model=model).first()
    vector = np.frombuffer(bytes(row.vector), dtype="<f4")
    assert vector.shape == (model.dim,) and np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)


@pytest.mark.parametrize("filters", [PrecedentFilters(topic="non_gaap"), PrecedentFilters(year_from=2020, year_to=2020)])
def test_a_narrow_filter_gives_what_a_search_of_only_those_comments_gives(indexed, monkeypatch, filters) -> None:
    import precedents.search as search

    def ranking() -> list[int]:
        return [h.comment.pk for h in precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=3, filters=filters).hits]

    read_everything = ranking()  # the corpus is smaller than the first, unfiltered read
    monkeypatch.setattr(search, "FUSION_DEPTH", 3)
    monkeypatch.setattr(search, "OVERSAMPLE", 1)  # three unfiltered hits: too few pass, so the filtered search runs
    assert ranking() == read_everything and read_everything


def test_a_private_letter_stays_out_when_the_filtered_search_runs(indexed, monkeypatch, organisation, member) -> None:
    import precedents.search as search

    secret = private_conversation_make(organisation=organisation, member=member, text=GOODWILL_QUERY).comments[0]
    precedent_reindex(model_id=PrecedentModel.objects.get(status=PrecedentModel.Status.ACTIVE).pk)
    monkeypatch.setattr(search, "FUSION_DEPTH", 1)
    monkeypatch.setattr(search, "OVERSAMPLE", 1)  # the secret is everyone's best unfiltered hit
    hits = precedents_search(letters=_public(), text=GOODWILL_QUERY, limit=3).hits
    assert len(hits) == 3 and secret.pk not in {h.comment.pk for h in hits}


def test_a_version_fitted_on_enough_comments_searches_through_its_lists(corpus, monkeypatch) -> None:
    """Past EXACT_MAX comments the search reads the lists of the version's centroids; reading them all, it
    must rank exactly as the exact scan does."""
    import precedents.store as store
    import precedents.vectors_ivf as ivf

    exact = precedent_model_fit(dim=8)
    precedent_reindex(model_id=exact.pk)
    assert exact.centroids is None  # 14 comments are too few for lists
    expected = [_ranking(text=q, limit=10) for q in (GOODWILL_QUERY, "climate change capital expenditures")]
    monkeypatch.setattr(ivf, "LIST_SIZE", 1)
    monkeypatch.setattr(ivf, "MIN_LISTS", 2)
    monkeypatch.setattr(ivf, "EXACT_MAX", 0)
    monkeypatch.setattr(ivf, "NPROBE_SHARE", 1.0)
    listed = precedent_model_fit(dim=8)  # the same texts: the same version, now with its centroids
    assert listed.pk == exact.pk and listed.centroids is not None
    store._indexes.clear()

    def scan(*args, **kwargs):  # noqa: ANN002, ANN003
        raise AssertionError("the exact scan ran instead of the lists")

    monkeypatch.setattr(ivf.NumpyVectorIndex, "search", scan)
    assert [_ranking(text=q, limit=10) for q in (GOODWILL_QUERY, "climate change capital expenditures")] == expected
    loaded = store.precedent_index_of(listed)
    assert isinstance(loaded.vectors, ivf.IvfVectorIndex) and loaded.vectors.nprobe == loaded.vectors.lists > 1


def test_a_reindex_drops_the_vectors_of_comments_the_index_no_longer_holds(indexed) -> None:
    from precedents.indexing import vectors_of_dropped_comments

    model = PrecedentModel.objects.get(status=PrecedentModel.Status.ACTIVE)
    dropped, kept = indexed[0].comments[0], indexed[1].comments[0]
    StaffComment.objects.filter(pk=dropped.pk).update(in_latest_parse=False)  # a re-parse no longer finds it
    assert list(vectors_of_dropped_comments(model).values_list("comment_id", flat=True)) == [dropped.pk]
    precedent_reindex(model_id=model.pk)
    stored = set(PrecedentVector.objects.filter(model=model).values_list("comment_id", flat=True))
    assert dropped.pk not in stored and kept.pk in stored
    if connection.vendor == "postgresql":  # an anti-join, not NOT IN's nested loop over both tables
        assert "Anti Join" in vectors_of_dropped_comments(model).explain()
