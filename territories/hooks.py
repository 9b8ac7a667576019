"""Where a pilot project came from, told by the apps above territories.

Territories never imports the agora or the diagnostics, yet a project positioned from a
forum's cooperation opportunity should link back to it. An upper app registers a
provider from its AppConfig.ready() (as the dashboard's stage providers do):

    register_pilot_source(opportunity_sources)

A provider takes (user, project) and returns the links the user may follow, scoped by
the provider's own rules; it costs at most a query or two per project page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceLink:
    label: str  # what the link is ("Opportunité de coopération du forum")
    title: str  # the source's own title
    url: str


SourceProvider = Callable[..., list[SourceLink]]
_providers: list[SourceProvider] = []


def register_pilot_source(provider: SourceProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def pilot_sources(user, project) -> list[SourceLink]:
    return [link for provider in _providers for link in provider(user, project)]


# What else a territory's delegation has in the apps above territories (its diagnostic,
# its forum), for the territory page and the ESS map to link to. A provider takes (user,
# delegations) and returns {delegation_id: [SourceLink]} for the ones the user may open,
# in a query or two whatever the number of delegations.
DelegationLinksProvider = Callable[..., dict[int, list[SourceLink]]]
_delegation_providers: list[DelegationLinksProvider] = []


def register_delegation_links(provider: DelegationLinksProvider) -> None:
    if provider not in _delegation_providers:
        _delegation_providers.append(provider)


def delegation_links(user, delegations) -> dict[int, list[SourceLink]]:
    links: dict[int, list[SourceLink]] = {d.pk: [] for d in delegations}
    for provider in _delegation_providers:
        for delegation_id, found in provider(user, delegations).items():
            links.setdefault(delegation_id, []).extend(found)
    return links
