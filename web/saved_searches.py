"""Saved searches: a person names a search to run it again. Each is its owner's alone; no path reads or
changes another's (every read and change here is narrowed to the owner)."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import QueryDict

from web.models import SavedSearch
from web.search import SEARCH_PARAMETERS

MAX_SAVED_SEARCHES = 50


def saved_searches_of(*, user: AbstractBaseUser | AnonymousUser | None) -> QuerySet[SavedSearch]:
    if user is None or not user.is_authenticated:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(owner=user)


def saved_search_query_clean(query: str) -> str:
    """The search page's own parameters of a query string, in its order, empty ones dropped: nothing
    else is kept, so a saved search is only ever a link to the search page."""
    params = QueryDict(query)
    kept = QueryDict(mutable=True)
    for name in SEARCH_PARAMETERS:
        value = params.get(name, "").strip()
        if value:
            kept[name] = value
    return kept.urlencode()


def saved_search_create(*, owner: AbstractBaseUser, name: str, query: str) -> SavedSearch:
    name = " ".join(name.split())
    cleaned = saved_search_query_clean(query)
    if not name:
        raise ValidationError({"name": ["give the search a name"]}, code="required")
    if len(name) > SavedSearch._meta.get_field("name").max_length:
        raise ValidationError({"name": ["at most 100 characters"]}, code="max_length")
    if not cleaned:
        raise ValidationError({"query": ["there is nothing to save: choose some words or filters first"]}, code="empty")
    if len(cleaned) > SavedSearch._meta.get_field("query").max_length:
        raise ValidationError({"query": ["this search is too long to save"]}, code="max_length")
    if saved_searches_of(user=owner).count() >= MAX_SAVED_SEARCHES:
        raise ValidationError({"name": [f"you have {MAX_SAVED_SEARCHES} saved searches; delete one first"]}, code="limit")
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(owner=owner, name=name, query=cleaned)
    except IntegrityError:
        raise ValidationError({"name": ["you already have a saved search with this name"]}, code="unique") from None


def saved_search_delete(*, owner: AbstractBaseUser, saved_search_id: int) -> bool:
    """Delete one of the owner's saved searches; False if they have none with this id."""
    deleted, _ = saved_searches_of(user=owner).filter(pk=saved_search_id).delete()
    return bool(deleted)
