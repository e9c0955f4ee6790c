from __future__ import annotations

import pytest

from precedents.retrieval import RRF_K, reciprocal_rank_fusion


def test_it_puts_first_what_both_lists_rank_well() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "a"]])
    assert [cid for cid, _ in fused][:1] == ["b"]


def test_it_scores_by_the_documented_constant() -> None:
    ((cid, score),) = reciprocal_rank_fusion([["a"]])
    assert cid == "a" and score == pytest.approx(1 / (RRF_K + 1))


def test_it_breaks_ties_by_id() -> None:
    assert [cid for cid, _ in reciprocal_rank_fusion([["b", "a"], ["a", "b"]])] == ["a", "b"]
