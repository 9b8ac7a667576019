"""What feature apps do when a stage opens, registered from their AppConfig.ready().

The core never imports a feature app; an app that must set something up when its
stage opens (peer groups for the peer-groups stage, say) registers a callable here:

    register_stage_opened(StageKind.PEER_GROUPS, lambda stage: ...)

Callables run inside the transaction that opens the stage, so a failure leaves the
stage closed, and must be idempotent (a stage can be closed and reopened).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_on_open: dict[str, list[Callable]] = defaultdict(list)


def register_stage_opened(kind: str, callback: Callable) -> None:
    if callback not in _on_open[kind]:
        _on_open[kind].append(callback)


def stage_opened(stage) -> None:
    for callback in _on_open.get(stage.kind, []):
        callback(stage)
