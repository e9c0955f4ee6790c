"""TF-IDF + truncated SVD (latent semantic analysis) trained on the staff comments themselves.

fit() learns a vocabulary, idf weights and an SVD projection; embed() uses only those arrays, never
scikit-learn, so a model loaded from disk gives bit-identical vectors to the one that was fitted. A model
is saved as plain arrays and JSON (no pickle) in a directory named for its version, the hash of its
contents: `<root>/tfidf-svd/<version>/` (root is var/precedents at run time).
"""

from __future__ import annotations

import hashlib
import io
import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from precedents.embedders import Embedder, l2_normalise
from precedents.text import terms

FORMAT = 1


class TfidfModelError(RuntimeError):
    """A saved model is missing, of another format, or its files do not match its version."""


class TfidfSvdEmbedder(Embedder):
    name = "tfidf-svd"

    def __init__(
        self,
        *,
        vocabulary: Sequence[str],
        idf: np.ndarray,
        components: np.ndarray,
        params: dict,
        analyzer: Callable[[str], list[str]] = terms,
    ) -> None:
        self.vocabulary = list(vocabulary)
        self._index = {t: i for i, t in enumerate(self.vocabulary)}
        self.idf = np.ascontiguousarray(idf, dtype=np.float32)
        self.components = np.ascontiguousarray(components, dtype=np.float32)  # (dim, n_terms)
        self.params = dict(params)
        self.analyzer = analyzer
        self.dim = int(self.components.shape[0])
        self.version = _content_version(self.vocabulary, self.idf, self.components, self.params)

    @classmethod
    def fit(
        cls,
        texts: Sequence[str],
        *,
        dim: int = 256,
        min_df: int = 2,
        max_df: float = 0.5,
        max_terms: int = 100_000,
        seed: int = 0,
        analyzer: Callable[[str], list[str]] = terms,
    ) -> TfidfSvdEmbedder:
        """Fit on `texts` (deterministic for a given seed, machine and BLAS). dim is capped below the
        number of texts and of kept words, as the SVD needs."""
        from sklearn.decomposition import TruncatedSVD

        docs = [Counter(analyzer(t)) for t in texts]
        df = Counter(t for d in docs for t in d)
        ceiling = max_df * len(docs)
        kept = sorted((t for t, n in df.items() if n >= min_df and n <= ceiling), key=lambda t: (-df[t], t))[:max_terms]
        vocabulary = sorted(kept)
        if len(vocabulary) < 2 or len(docs) < 2:
            raise ValueError("too few texts or words to fit a TF-IDF model")
        n = len(docs)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in vocabulary], dtype=np.float32)
        params = {
            "dim": dim,
            "min_df": min_df,
            "max_df": max_df,
            "max_terms": max_terms,
            "seed": seed,
            "n_docs": n,
            "sublinear_tf": True,
        }
        probe = cls(
            vocabulary=vocabulary,
            idf=idf,
            components=np.zeros((1, len(vocabulary)), np.float32),
            params=params,
            analyzer=analyzer,
        )
        matrix = probe._tfidf_counts(docs)
        n_components = max(1, min(dim, n - 1, len(vocabulary) - 1))
        svd = TruncatedSVD(n_components=n_components, algorithm="randomized", n_iter=7, random_state=seed)
        svd.fit(matrix)
        return cls(vocabulary=vocabulary, idf=idf, components=svd.components_, params=params, analyzer=analyzer)

    def _tfidf_counts(self, docs: Sequence[Counter]) -> sp.csr_matrix:
        """Sublinear tf x idf, rows L2-normalised, as scikit-learn's TfidfVectorizer(sublinear_tf=True)."""
        indptr: list[int] = [0]
        indices: list[int] = []
        data: list[float] = []
        for counts in docs:
            cols = sorted((self._index[t], c) for t, c in counts.items() if t in self._index)
            indices.extend(col for col, _ in cols)
            data.extend(1.0 + math.log(c) for _, c in cols)
            indptr.append(len(indices))
        matrix = sp.csr_matrix(
            (np.asarray(data, np.float32), np.asarray(indices, np.int32), np.asarray(indptr, np.int64)),
            shape=(len(docs), len(self.vocabulary)),
            dtype=np.float32,
        )
        matrix = matrix.multiply(self.idf[np.newaxis, :]).tocsr().astype(np.float32)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()).astype(np.float32)
        norms[norms == 0] = 1.0
        return sp.csr_matrix(sp.diags(1.0 / norms, dtype=np.float32) @ matrix, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        matrix = self._tfidf_counts([Counter(self.analyzer(t)) for t in texts])
        dense = np.asarray(matrix @ self.components.T, dtype=np.float32)
        return l2_normalise(np.ascontiguousarray(dense))

    # ------------------------------------------------------------- on disk

    def save(self, root: Path) -> Path:
        """Write the model to `<root>/tfidf-svd/<version>/` and return that directory."""
        directory = root / self.name / self.version
        directory.mkdir(parents=True, exist_ok=True)
        np.save(directory / "idf.npy", self.idf)
        np.save(directory / "components.npy", self.components)
        meta = {
            "format": FORMAT,
            "name": self.name,
            "version": self.version,
            "dim": self.dim,
            "params": self.params,
            "vocabulary": self.vocabulary,
        }
        (directory / "model.json").write_text(json.dumps(meta))
        return directory

    @classmethod
    def load(cls, directory: Path, *, analyzer: Callable[[str], list[str]] = terms) -> TfidfSvdEmbedder:
        try:
            meta = json.loads((directory / "model.json").read_text())
            idf = np.load(directory / "idf.npy")
            components = np.load(directory / "components.npy")
        except (OSError, ValueError) as exc:
            raise TfidfModelError(f"no readable TF-IDF model in {directory}: {exc}") from exc
        if meta.get("format") != FORMAT:
            raise TfidfModelError(f"{directory} holds model format {meta.get('format')!r}, this code reads {FORMAT}")
        model = cls(vocabulary=meta["vocabulary"], idf=idf, components=components, params=meta["params"], analyzer=analyzer)
        if model.version != meta["version"]:
            raise TfidfModelError(f"{directory}: files give version {model.version}, model.json says {meta['version']}")
        return model


def tfidf_model_bytes(model: TfidfSvdEmbedder) -> bytes:
    """The model as one .npz blob (its arrays, and its metadata as UTF-8 bytes): what the database keeps."""
    meta = {
        "format": FORMAT,
        "name": model.name,
        "version": model.version,
        "params": model.params,
        "vocabulary": model.vocabulary,
    }
    buffer = io.BytesIO()
    np.savez(buffer, idf=model.idf, components=model.components, meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8))
    return buffer.getvalue()


def tfidf_model_from_bytes(data: bytes) -> TfidfSvdEmbedder:
    """The model tfidf_model_bytes wrote; TfidfModelError if it is of another format or altered."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
            meta = json.loads(arrays["meta"].tobytes().decode())
            idf, components = arrays["idf"], arrays["components"]
    except (OSError, ValueError, KeyError) as exc:
        raise TfidfModelError(f"not a stored TF-IDF model: {exc}") from exc
    if meta.get("format") != FORMAT:
        raise TfidfModelError(f"stored model format {meta.get('format')!r}, this code reads {FORMAT}")
    model = TfidfSvdEmbedder(vocabulary=meta["vocabulary"], idf=idf, components=components, params=meta["params"])
    if model.version != meta["version"]:
        raise TfidfModelError(f"stored model's arrays give version {model.version}, its metadata says {meta['version']}")
    return model


def _content_version(vocabulary: Sequence[str], idf: np.ndarray, components: np.ndarray, params: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([FORMAT, list(vocabulary), params], sort_keys=True).encode())
    h.update(idf.tobytes())
    h.update(components.tobytes())
    return h.hexdigest()[:16]
