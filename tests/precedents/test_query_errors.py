from __future__ import annotations

import pytest

from precedents.lexical import BM25Index
from precedents.retrieval import DenseRetriever, LexicalRetriever
from precedents.text import MAX_QUERY_CHARS, PrecedentQueryError, query_validate
from precedents.tfidf import TfidfSvdEmbedder
from precedents.vectors import NumpyVectorIndex


@pytest.fixture()
def retriever(ids, documents) -> LexicalRetriever:
    r = LexicalRetriever(BM25Index())
    r.add(ids, documents)
    return r


@pytest.mark.parametrize("query", ["", "   \n\t "])
def test_it_refuses_an_empty_query_with_a_message(retriever, query) -> None:
    with pytest.raises(PrecedentQueryError, match="empty"):
        retriever.search(query)


def test_it_refuses_a_query_longer_than_the_limit_and_says_the_limit(retriever) -> None:
    huge = "Please tell us about your goodwill. " * (MAX_QUERY_CHARS // 20)
    with pytest.raises(PrecedentQueryError, match=f"{MAX_QUERY_CHARS:,}"):
        retriever.search(huge)


def test_it_accepts_a_query_of_exactly_the_limit(retriever) -> None:
    query = ("goodwill " * MAX_QUERY_CHARS)[:MAX_QUERY_CHARS]
    assert retriever.search(query)


def test_it_refuses_a_query_with_no_words() -> None:
    with pytest.raises(PrecedentQueryError, match="no words"):
        query_validate("?!  -- ...")


def test_it_refuses_a_query_that_is_not_text() -> None:
    with pytest.raises(PrecedentQueryError, match="must be text"):
        query_validate(None)


def test_the_query_error_is_a_value_error_so_entry_points_can_answer_400() -> None:
    assert issubclass(PrecedentQueryError, ValueError)


def test_a_query_with_no_word_the_dense_model_knows_finds_nothing_rather_than_everything(documents, ids) -> None:
    model = TfidfSvdEmbedder.fit(documents, dim=8)
    dense = DenseRetriever(model, NumpyVectorIndex(model.dim))
    dense.add(ids, documents)
    assert dense.search("zzzz qqqq") == []
