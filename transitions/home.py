"""What the home page says each person has to do now, provided by the apps.

The core never imports a feature app: each app that holds something to do (a diagnostic
to answer or validate, a peer session to join, a forum to prepare, an export that is
ready) registers a provider from its AppConfig.ready():

    register_home_provider(diagnostics.providers.home_actions)

A provider takes (user, cohorts) — the cohorts the home page shows, already scoped to the
user — and returns the `NextAction`s it sees within the user's scope, asking the apps'
own selectors and rules (never a stage's status directly). Each provider costs a
constant number of queries, whatever the number of cohorts' objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# How urgent an action is, first shown first: someone waits on you, something is open for
# you to contribute to, something ready to pick up, something to look at.
WAITING, CONTRIBUTE, READY, FOLLOW = 10, 20, 30, 40


@dataclass(frozen=True)
class NextAction:
    text: str  # what to do, one sentence
    url: str
    link: str  # the link's words
    detail: str = ""  # how far the person got, when, who waits
    cohort_id: int | None = None
    priority: int = CONTRIBUTE


Provider = Callable[..., list[NextAction]]
_providers: list[Provider] = []


def register_home_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def next_actions(user, cohorts) -> list[NextAction]:
    actions: list[NextAction] = []
    for provider in _providers:
        actions.extend(provider(user, cohorts))
    return sorted(actions, key=lambda a: a.priority)
