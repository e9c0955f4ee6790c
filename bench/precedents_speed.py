"""Speed and size of the precedent index: on the sample corpus and on N synthetic comments (default 1M).

    .venv/bin/python bench/precedents_speed.py [--synthetic 1000000] [--queries 300] [--json PATH]

- indexing rate, comments per second on one core (BLAS and the tokenizer held to one thread);
- query p50/p95 in ms for one client (BLAS may use both cores), query embedding included;
- index memory (array bytes) and disk (saved files); process peak RSS.
Synthetic comments recombine sentences of the sample's staff comments (2-6 sentences under a sample
heading, seeded), so their vocabulary and length are those of real comments; they live only in memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")  # the tokenizers crate: one core while indexing
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from precedents_corpus import load_corpus  # noqa: E402
from precedents_systems import documents  # noqa: E402

from precedents.embedders import WordLlamaEmbedder  # noqa: E402
from precedents.lexical import BM25Index  # noqa: E402
from precedents.retrieval import DenseRetriever, HybridRetriever, LexicalRetriever  # noqa: E402
from precedents.rows import IdSet  # noqa: E402
from precedents.tfidf import TfidfSvdEmbedder  # noqa: E402
from precedents.vectors import NumpyVectorIndex  # noqa: E402
from precedents.vectors_ivf import IvfVectorIndex, centroids_fit  # noqa: E402

_SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z])")
TFIDF_FIT_SAMPLE = 100_000


def synthetic_comments(n: int, *, seed: int = 7) -> list[str]:
    corpus = load_corpus()
    sentences = [s.strip() for c in corpus for s in _SENTENCE.split(" ".join(c.text.split())) if len(s.split()) >= 5]
    headings = [c.heading or "" for c in corpus]
    rng = random.Random(seed)
    return [rng.choice(headings) + "\n" + " ".join(rng.choices(sentences, k=rng.randint(2, 6))) for _ in range(n)]


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def percentiles(seconds: list[float]) -> dict:
    ms = np.array(seconds) * 1000
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "n": len(ms)}


def timed(fn) -> tuple[object, float]:
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def latency(search, queries: list[str], k: int = 10) -> dict:
    """Wall-clock percentiles, and CPU-time ones: on a machine shared with other work the CPU time a
    query needs is the steadier figure (numpy's BM25 and the graph walk run on one thread)."""
    search(queries[0], k)  # warm caches (stem cache, BLAS pages)
    wall, cpu = [], []
    for q in queries:
        start, start_cpu = time.perf_counter(), time.process_time()
        search(q, k)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    out = percentiles(wall)
    out.update({f"cpu_{key}": value for key, value in percentiles(cpu).items() if key != "n"})
    return out


def bench_scale(name: str, texts: list[str], queries: list[str], *, lists: bool, out: dict, cache: Path | None = None) -> None:
    ids = list(range(len(texts)))
    row: dict = {"comments": len(texts)}
    out[name] = row
    print(f"[{name}] {len(texts):,} comments", flush=True)
    fit_docs = texts[:TFIDF_FIT_SAMPLE]
    if cache is not None and (cache / "flat" / "vectors.npy").exists():
        # Query latency again on vectors embedded by an earlier run: the embedding rates stay that run's.
        row["from_cache"] = str(cache)
        tfidf = TfidfSvdEmbedder.load(next((cache / "model" / "tfidf-svd").iterdir()))
        flat = NumpyVectorIndex.load(cache / "flat")
        with threadpool_limits(limits=1):
            bm25 = BM25Index()
            _, add_s = timed(lambda: bm25.add(ids, texts))
            _, build_s = timed(bm25.build)
        row["bm25_index_per_s_per_core"] = len(texts) / (add_s + build_s)
        row["bm25_postings_mb"] = bm25.postings_bytes / 2**20
        vectors = flat.vectors
    else:
        with threadpool_limits(limits=1):
            tfidf, fit_s = timed(lambda: TfidfSvdEmbedder.fit(fit_docs, dim=256))
            row["tfidf_fit"] = {"docs": len(fit_docs), "seconds": fit_s}
            vectors, embed_s = timed(lambda: tfidf.embed(texts))
            row["tfidf_embed_per_s_per_core"] = len(texts) / embed_s
            wl = WordLlamaEmbedder()
            sub = texts[: min(len(texts), 100_000)]
            _, wl_s = timed(lambda: wl.embed(sub))
            row["wordllama_embed_per_s_per_core"] = len(sub) / wl_s
            bm25 = BM25Index()
            _, add_s = timed(lambda: bm25.add(ids, texts))
            _, build_s = timed(bm25.build)
            row["bm25_index_per_s_per_core"] = len(texts) / (add_s + build_s)
            row["bm25_postings_mb"] = bm25.postings_bytes / 2**20
            flat = NumpyVectorIndex(tfidf.dim)
            _, flat_s = timed(lambda: flat.add(ids, vectors))
            row["numpy_add_per_s_per_core"] = len(texts) / flat_s
    row["numpy_vectors_mb"] = flat.vectors.nbytes / 2**20
    print(f"[{name}] indexed; peak RSS {rss_peak_mb():.0f} MB", flush=True)
    index = None
    if lists:
        with threadpool_limits(limits=1):
            # As precedent_model_fit: the centroids are k-means over the fitted comments' vectors.
            centroids, kmeans_s = timed(lambda: centroids_fit(tfidf.embed(fit_docs)))
            assert centroids is not None
            row["centroids"] = {"lists": len(centroids), "fitted_on": len(fit_docs), "seconds_with_embedding": kmeans_s}
            index = IvfVectorIndex(centroids)
            _, lists_s = timed(lambda: index.add(ids, vectors))
            row["lists_add_per_s_per_core"] = len(texts) / lists_s
        print(f"[{name}] lists built in {lists_s:.0f} s", flush=True)

    tmp = cache if cache is not None else Path(tempfile.mkdtemp(prefix="precedents-speed-"))
    try:
        if row.get("from_cache") is None:
            row["disk_mb"] = {"tfidf_model": dir_mb(tfidf.save(tmp / "model")), "numpy_index": dir_mb(flat.save(tmp / "flat"))}
    finally:
        if cache is None:
            shutil.rmtree(tmp, ignore_errors=True)
    query_latencies(row, ids, queries, tfidf, bm25, flat, index)


def query_latencies(row: dict, ids: list[int], queries: list[str], tfidf, bm25, flat, index) -> None:
    lexical = LexicalRetriever(bm25)
    dense_flat = DenseRetriever(tfidf, flat, name="tfidf-svd/numpy")
    q_vectors = tfidf.embed(queries)
    row["query"] = {
        "embed_tfidf": latency(lambda q, k: tfidf.embed([q]), queries),
        "lexical_bm25": latency(lambda q, k: lexical.search(q, k=k), queries),
        "lexical_bm25_k400": latency(lambda q, k: lexical.search(q, k=400), queries),
        "dense_numpy": latency(lambda q, k: dense_flat.search(q, k=k), queries),
        "hybrid_bm25+numpy": latency(lambda q, k: HybridRetriever([lexical, dense_flat]).search(q, k=k), queries),
    }
    allowed_small = IdSet(ids[:: max(1, len(ids) // 10_000)])
    allowed_most = IdSet(ids[: int(len(ids) * 0.9)])
    _, first_s = timed(lambda: flat.rows_of(allowed_most))
    row["idset_90pct_first_use_ms"] = first_s * 1000
    row["query"]["dense_numpy_allowed_10k"] = latency(
        lambda q, k: dense_flat.search(q, k=k, allowed_ids=allowed_small), queries[:100]
    )
    if index is not None:
        dense_lists = DenseRetriever(tfidf, index, name="tfidf-svd/lists")
        row["query"]["dense_lists"] = latency(lambda q, k: dense_lists.search(q, k=k), queries)
        row["query"]["dense_lists_k400"] = latency(lambda q, k: dense_lists.search(q, k=400), queries)
        row["query"]["hybrid_bm25+lists"] = latency(lambda q, k: HybridRetriever([lexical, dense_lists]).search(q, k=k), queries)
        row["query"]["dense_lists_allowed_10k"] = latency(
            lambda q, k: dense_lists.search(q, k=k, allowed_ids=allowed_small), queries[:100]
        )
        index.exact.rows_of(allowed_most)  # the first use, measured above on the flat index
        row["query"]["dense_lists_allowed_90pct"] = latency(
            lambda q, k: dense_lists.search(q, k=k, allowed_ids=allowed_most), queries[:100]
        )
        for k in (10, 100):
            exact = [{cid for cid, _ in flat.search(v, k)} for v in q_vectors]
            approx = [{cid for cid, _ in index.search(v, k)} for v in q_vectors]
            row[f"lists_recall_at_{k}_vs_exact"] = float(np.mean([len(a & e) / k for a, e in zip(approx, exact)]))
    row["peak_rss_mb"] = rss_peak_mb()
    row["load_average_1m"] = os.getloadavg()[0]
    print(f"done: {json.dumps(row['query'])}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--json", type=Path, default=REPO / "bench" / "out" / "precedents" / "speed.json")
    ap.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="keep the synthetic model and vectors here; a later run with the same --cache reuses them",
    )
    args = ap.parse_args()
    corpus_docs = documents(load_corpus())
    rng = random.Random(3)
    queries = rng.sample(corpus_docs, min(args.queries, len(corpus_docs)))
    out: dict = {"cores": os.cpu_count()}
    bench_scale("sample", corpus_docs, queries, lists=False, out=out)
    if args.synthetic:
        texts, gen_s = timed(lambda: synthetic_comments(args.synthetic))
        out["synthetic_generation_s"] = gen_s
        cache = args.cache / str(args.synthetic) if args.cache else None
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
        bench_scale(f"synthetic_{args.synthetic}", texts, queries, lists=True, out=out, cache=cache)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(out, indent=1))
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
