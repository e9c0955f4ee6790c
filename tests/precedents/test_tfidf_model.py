from __future__ import annotations

import json

import numpy as np
import pytest

from precedents.tfidf import TfidfModelError, TfidfSvdEmbedder


def test_it_gives_identical_vectors_after_a_save_and_load(tmp_path, documents) -> None:
    model = TfidfSvdEmbedder.fit(documents, dim=8)
    directory = model.save(tmp_path)
    loaded = TfidfSvdEmbedder.load(directory)
    assert loaded.key == model.key and loaded.dim == model.dim
    assert np.array_equal(loaded.embed(documents), model.embed(documents))
    assert np.array_equal(loaded.embed(["an unseen query about goodwill"]), model.embed(["an unseen query about goodwill"]))


def test_it_saves_each_model_under_its_own_version(tmp_path, documents) -> None:
    first = TfidfSvdEmbedder.fit(documents, dim=8).save(tmp_path)
    second = TfidfSvdEmbedder.fit(documents[:-3], dim=8).save(tmp_path)
    assert first != second and first.parent == second.parent == tmp_path / "tfidf-svd"
    assert first.name == TfidfSvdEmbedder.load(first).version


def test_it_refuses_a_model_whose_files_were_changed(tmp_path, documents) -> None:
    directory = TfidfSvdEmbedder.fit(documents, dim=8).save(tmp_path)
    meta = json.loads((directory / "model.json").read_text())
    meta["vocabulary"][0] = "tampered"
    (directory / "model.json").write_text(json.dumps(meta))
    with pytest.raises(TfidfModelError, match="version"):
        TfidfSvdEmbedder.load(directory)


def test_it_reports_a_missing_model_clearly(tmp_path) -> None:
    with pytest.raises(TfidfModelError, match="no readable TF-IDF model"):
        TfidfSvdEmbedder.load(tmp_path / "absent")


def test_it_gives_a_zero_vector_to_text_with_no_known_word(documents) -> None:
    vector = TfidfSvdEmbedder.fit(documents, dim=8).embed(["zzz qqq"])[0]
    assert not vector.any()
