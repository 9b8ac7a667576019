"""Navigation entries registered by apps, shown according to the user's roles.

The core never imports a feature app: each app registers its entries (and its
dashboard providers) from its AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    visible: Callable  # (user) -> bool
    order: int = 100


_entries: list[NavEntry] = []


def register_nav(entry: NavEntry) -> None:
    if entry not in _entries:
        _entries.append(entry)


def entries_for(user) -> list[NavEntry]:
    return [e for e in sorted(_entries, key=lambda e: e.order) if e.visible(user)]
