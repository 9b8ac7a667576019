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


# Stage pages: the page where a stage's output lives, registered by the app that serves the
# stage (e.g. parcours for the entry stage); the cohort page links each stage's name to it.
# `url_name` takes the cohort id as its one argument.
_stage_pages: dict[str, str] = {}


def register_stage_page(kind: str, url_name: str) -> None:
    _stage_pages[kind] = url_name


def stage_page_url(stage) -> str:
    from django.urls import reverse

    url_name = _stage_pages.get(stage.kind)
    return reverse(url_name, args=[stage.cohort_id]) if url_name else ""
