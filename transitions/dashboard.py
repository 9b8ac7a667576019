"""Territory × stage cells of the facilitator dashboard, provided by feature apps.

The core never imports a feature app. Each app that serves a stage registers a
provider from its AppConfig.ready():

    register_stage_provider(StageKind.DIAGNOSTIC, diagnostic_cells)

A provider takes (cohort, delegations) and returns {delegation_id: Cell}, computed
with a constant number of queries whatever the number of delegations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Cell:
    label: str
    state: str = "not_started"  # not_started | in_progress | done
    url: str = ""


NOT_STARTED = Cell(label=_("non commencé"))

Provider = Callable[..., dict[int, Cell]]
_providers: dict[str, Provider] = {}


def register_stage_provider(kind: str, provider: Provider) -> None:
    _providers[kind] = provider


def stage_cells(cohort, stage_kind: str, delegations) -> dict[int, Cell]:
    provider = _providers.get(stage_kind)
    cells = provider(cohort, delegations) if provider else {}
    return {d.pk: cells.get(d.pk, NOT_STARTED) for d in delegations}
