"""What research shows in the core: its navigation entry."""

from __future__ import annotations

from transitions.models import Role
from transitions.roles import roles_of


def nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.cohort_ids(Role.RESEARCHER, Role.FACILITATOR))
