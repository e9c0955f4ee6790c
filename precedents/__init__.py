"""Precedent search: for a staff comment, the most similar comments other companies got, how they answered
and how it ended (issue #11; measured and chosen in bench/RESULTS-precedents.md).

The retrieval core is pure (no ORM): text.py (what is indexed, query checks), lexical.py (BM25),
embedders.py and tfidf.py (dense models), vectors.py and vectors_ivf.py (vector indexes: exact, and
faiss's inverted lists past 50,000 comments), rows.py (ids, reusable filters), retrieval.py (rank
fusion, the bench's retrievers).
The app: models.py (model versions, vectors), indexing.py (fit, re-index, a parsed letter's comments),
store.py (a version's index in this process), search.py (the search service), tasks.py, receivers.py,
management/commands/ (precedents, precedents_index), api/, templatetags/ (the review page's panel).
"""
