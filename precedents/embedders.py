"""Text -> dense vector, behind one interface. Every embedder runs offline on CPU and is pinned: the same
text and the same `key` always give the same vector, so stored vectors are keyed by `key`.

- WordLlamaEmbedder: the static 256-dimensional token embeddings that ship inside the `wordllama` wheel
  (l2_supercat), mean-pooled. Nothing is downloaded: the files are read from the installed package.
- TfidfSvdEmbedder (precedents/tfidf.py): TF-IDF + truncated SVD trained on the corpus itself.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path

import numpy as np


class EmbedderUnavailable(RuntimeError):
    """The embedder's files are not installed. Permanent on this machine: install the pinned package."""


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, in place; an all-zero row (a text with no known word) stays zero."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    np.divide(vectors, norms, out=vectors, where=norms > 0)
    return vectors


class Embedder(ABC):
    name: str
    version: str
    dim: int

    @property
    def key(self) -> str:
        """What stored vectors are keyed by: a change of model or weights changes it."""
        return f"{self.name}@{self.version}"

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dim) float32, each row L2-normalised (or zero for a text with no known token)."""


class WordLlamaEmbedder(Embedder):
    """Mean of the l2_supercat token embeddings over the text's tokens (what WordLlama.embed does), read
    straight from the wheel's files. The `wordllama` package itself is not imported: its __init__
    configures the root logger and its loader falls back to the Hugging Face hub when a file is missing."""

    name = "wordllama-l2-supercat"
    dim = 256
    WEIGHTS = "weights/l2_supercat_256.safetensors"
    TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"

    def __init__(self, package_dir: Path | None = None, *, batch_size: int = 256) -> None:
        self.package_dir = package_dir or _package_dir("wordllama")
        self.batch_size = batch_size
        weights, tokenizer = self.package_dir / self.WEIGHTS, self.package_dir / self.TOKENIZER
        for path in (weights, tokenizer):
            if not path.exists():
                raise EmbedderUnavailable(f"{path} is missing: install the pinned wordllama wheel")
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        digest = hashlib.sha256(weights.read_bytes() + tokenizer.read_bytes()).hexdigest()[:12]
        self.version = f"{importlib.metadata.version('wordllama')}+{digest}"
        self._table = np.ascontiguousarray(load_file(str(weights))["embedding.weight"], dtype=np.float32)
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        top = self._table.shape[0] - 1
        for start in range(0, len(texts), self.batch_size):
            batch = list(texts[start : start + self.batch_size])
            for offset, enc in enumerate(self._tokenizer.encode_batch(batch, add_special_tokens=False)):
                ids = np.clip(np.asarray(enc.ids, dtype=np.int64), 0, top)
                if ids.size:
                    out[start + offset] = self._table[ids].mean(axis=0, dtype=np.float32)
        return l2_normalise(out)


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderUnavailable(f"the {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))
