"""Per-request memo: what a request asks many times (roles, stage states) is read once.

A middleware opens a scope around each request; inside it `memo(key, load)` calls
`load()` once per key. Outside a scope (tests calling services or `has_perm`
directly, Celery tasks, shell) nothing is kept: every call reads fresh data, so no
stale answer can outlive the request that computed it. Services that change what a
memo holds call `forget(key)`.

The memo lives in a ContextVar, not on the user or a model instance, so no cache is
stuffed into another object's `__dict__`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_scope: ContextVar[dict | None] = ContextVar("transitions_request_scope", default=None)


def memo(key: Hashable, load: Callable[[], T]) -> T:
    store = _scope.get()
    if store is None:
        return load()
    if key not in store:
        store[key] = load()
    return store[key]


def fill(values: dict) -> None:
    """Put several memos at once (read together in one query); nothing outside a scope."""
    store = _scope.get()
    if store is not None:
        for key, value in values.items():
            store.setdefault(key, value)


def forget(key: Hashable) -> None:
    store = _scope.get()
    if store is not None:
        store.pop(key, None)


class RequestScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _scope.set({})
        try:
            return self.get_response(request)
        finally:
            _scope.reset(token)
