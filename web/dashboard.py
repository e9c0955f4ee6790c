"""What the dashboard shows a signed-in user. Each panel is one entry of the context; reviews, due
dates and the watchlist's new letters join here as their apps land."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F

from comments import selectors

RECENT_LETTERS = 15


def dashboard_context(*, user: AbstractBaseUser) -> dict[str, Any]:
    letters = selectors.letters_visible_to(user=user, letters=selectors.letter_list())
    recent = letters.order_by(F("letter_date").desc(nulls_last=True), "-pk")[:RECENT_LETTERS]
    return {"recent_letters": list(recent)}
