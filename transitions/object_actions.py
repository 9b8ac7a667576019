"""Actions an app above offers on another app's objects, shown on those objects' pages.

A page of a feature app shows, beside one of its objects, what apps above it offer to do
with it (the trajectory's "lier"), without importing them: the upper app registers a
provider from its AppConfig.ready(), and the page's template asks
`{% object_actions obj within=… %}` (transitions/templatetags/object_actions.py).

A provider takes (user, obj, within) — `within` is the page's own object that scopes it
(the forum of a card, the diagnostic of an axis row) — and returns the actions the user
may take, checked by the provider's own rules; it must cost no query per object (the
page passes `within` so the scope is already loaded).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ObjectAction:
    label: str
    url: str
    title: str = ""


ActionProvider = Callable[..., list[ObjectAction]]
_providers: list[ActionProvider] = []


def register_object_action(provider: ActionProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def object_actions(user, obj, within=None) -> list[ObjectAction]:
    if user is None or not user.is_authenticated:
        return []
    return [action for provider in _providers for action in provider(user, obj, within)]
