"""Permissions of territories (django-rules)."""

from __future__ import annotations

import rules

from territories.selectors import can_edit_territory
from transitions.rules import is_staff
from transitions.selectors import is_facilitator_anywhere


@rules.predicate
def is_facilitator_somewhere(user) -> bool:
    return is_facilitator_anywhere(user)


@rules.predicate
def may_edit_territory(user, territory) -> bool:
    return can_edit_territory(user, territory)


rules.add_perm("territories.add_territory", is_staff | is_facilitator_somewhere)
rules.add_perm("territories.change_territory", is_staff | may_edit_territory)
