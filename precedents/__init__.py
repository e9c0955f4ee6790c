"""Precedent search: for a staff comment, the most similar comments other companies got.

The retrieval core is pure (no ORM): text.py (what is indexed, query checks), lexical.py (BM25, standing
in for the database's full text), embedders.py and tfidf.py (dense models), vectors.py and
vectors_hnsw.py (vector indexes), rows.py (ids, reusable filters), retrieval.py (lexical, dense and
hybrid retrievers, rank fusion). Measured and chosen in bench/RESULTS-precedents.md.
"""
