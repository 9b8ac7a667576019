"""Permissions of territories (django-rules)."""

from __future__ import annotations

import rules

from territories.selectors import can_edit_territory
from transitions.rules import is_facilitator_anywhere, is_staff


@rules.predicate
def may_edit_territory(user, territory) -> bool:
    return can_edit_territory(user, territory)


rules.add_perm("territories.add_territory", is_staff | is_facilitator_anywhere)
rules.add_perm("territories.change_territory", is_staff | may_edit_territory)
