"""The wordllama model runs from the files inside its wheel: loading and embedding open no connection."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from precedents.embedders import EmbedderUnavailable, WordLlamaEmbedder


def test_it_loads_and_embeds_without_the_network(monkeypatch, wordllama) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the embedder tried to open a network connection")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    embedder = WordLlamaEmbedder()
    vectors = embedder.embed(["Please quantify climate-related capital expenditures.", ""])
    assert vectors.shape == (2, 256) and vectors.dtype == np.float32
    assert not vectors[1].any()  # an empty text has no token, so no direction


def test_it_names_the_weights_in_its_key(wordllama) -> None:
    embedder = wordllama
    assert embedder.key.startswith("wordllama-l2-supercat@") and "+" in embedder.version


def test_it_says_which_file_is_missing(tmp_path) -> None:
    with pytest.raises(EmbedderUnavailable, match="l2_supercat_256.safetensors"):
        WordLlamaEmbedder(tmp_path)
