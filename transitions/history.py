"""The one audit history, as the apps below `audit` see it.

Changes are recorded by django-pghistory's triggers (the `audit` app, which sits on top
and which nothing imports). Two things the apps below need, kept here so they never
import `audit`:

* `acting(user)` — who a service's writes are by, outside a request (commands, the demo,
  Celery, tests); inside a POST, `pghistory.middleware.HistoryMiddleware` already says so.
  Nesting merges: the innermost user wins.
* the *object history* registry: `audit` registers, from its AppConfig.ready(), a reader
  per model whose history a page shows (`register_object_history("diagnostics.
  Diagnostic", reader)`); `object_history(obj, viewer=…)` asks it. The reader applies the
  confidentiality rules (audit/tracked.py) and returns `ObjectHistory`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pghistory
from django.db import connection


@contextmanager
def acting(user) -> Iterator[None]:
    """Attach `user` to the history of the writes made inside the block."""
    # SQLite (`make run`) has no triggers, and pghistory would prepend PostgreSQL's
    # set_config() to its statements: attach nothing there.
    if user is None or getattr(user, "pk", None) is None or connection.vendor != "postgresql":
        yield
        return
    with pghistory.context(user=user.pk):
        yield
    # pghistory passes the context to the triggers with transaction-local settings, which
    # outlive the block when an outer transaction goes on (a composite service, the demo
    # loader, a test): clear them, or later writes would be credited to this user. (An
    # enclosing context, e.g. the request's, sets them again on its next statement.)
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pghistory.context_id', '', true), "
                "set_config('pghistory.context_metadata', '', true)"
            )


@dataclass
class ObjectHistory:
    """What a history page shows: entries newest first (each with `when`, `action`,
    `model`, `subject`, `who`, `changes` = [(label, before, after)]), whether the database
    records history at all (not on SQLite), and whether older entries were left out."""

    entries: list = field(default_factory=list)
    recorded: bool = True
    truncated: bool = False


_readers: dict[str, Callable[..., ObjectHistory]] = {}


def register_object_history(label: str, reader: Callable[..., ObjectHistory]) -> None:
    _readers[label] = reader


def object_history(obj, *, viewer, limit: int = 200) -> ObjectHistory | None:
    """The history of `obj` and the rows that belong to it, as `viewer` may see it; None
    when no reader is registered for its model (the history app is not installed)."""
    reader = _readers.get(obj._meta.label)
    if reader is None:
        return None
    return reader(obj.pk, viewer=viewer, limit=limit)


def attributed(func: Callable) -> Callable:
    """Decorate a service taking `user=`: its writes are attributed to that user."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with acting(kwargs.get("user")):
            return func(*args, **kwargs)

    return wrapper
