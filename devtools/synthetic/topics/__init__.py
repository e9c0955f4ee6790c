"""Topics of synthetic staff comments: where a comment sits, what the staff asks, how the company answers.

topic (what a topic holds; literature by era), reporting and registration (the topic tables), shared
(follow-ups that fit any topic; placeholder words). Here the tables are joined by key.
"""

from __future__ import annotations

from devtools.synthetic.topics.registration import REGISTRATION_TOPICS
from devtools.synthetic.topics.reporting import TOPICS
from devtools.synthetic.topics.shared import CHANNELS, GENERIC_FOLLOWUPS, MEASURES, TARGETS
from devtools.synthetic.topics.topic import Topic, lit

TOPIC_BY_KEY = {t.key: t for t in TOPICS + REGISTRATION_TOPICS}

__all__ = [
    "CHANNELS",
    "GENERIC_FOLLOWUPS",
    "MEASURES",
    "REGISTRATION_TOPICS",
    "TARGETS",
    "TOPICS",
    "TOPIC_BY_KEY",
    "Topic",
    "lit",
]
