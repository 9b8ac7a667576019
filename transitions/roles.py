"""The one role lookup: a person's memberships, loaded once per request.

Every predicate, selector and navigation entry asks `roles_of(user)`; nothing else
queries `Membership` to decide what someone may do. One query loads every
membership of the user (roles per cohort, actor categories, delegations and their
territories); the per-request memo (transitions.request_scope) keeps it for the
rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass

from transitions import request_scope
from transitions.models import Membership, Role


@dataclass(frozen=True)
class Seat:
    """One membership, as the permission rules need it."""

    cohort_id: int
    role: str
    category: str
    delegation_id: int | None
    territory_id: int | None
    research_consent: bool


class UserRoles:
    def __init__(self, *, is_staff: bool, seats: list[Seat]):
        self.is_staff = is_staff
        self.seats = seats

    def in_cohort(self, cohort_id: int | None) -> set[str]:
        return {s.role for s in self.seats if s.cohort_id == cohort_id}

    def cohort_ids(self, *roles: str) -> set[int]:
        return {s.cohort_id for s in self.seats if not roles or s.role in roles}

    def categories(self, cohort_id: int, *roles: str) -> set[str]:
        """Actor categories the user holds in a cohort (for the given roles)."""
        return {
            s.category
            for s in self.seats
            if s.cohort_id == cohort_id and s.category and (not roles or s.role in roles)
        }

    def delegation_ids(self, cohort_id: int | None = None) -> set[int]:
        return {
            s.delegation_id
            for s in self.seats
            if s.delegation_id and (cohort_id is None or s.cohort_id == cohort_id)
        }

    def in_delegation(self, delegation_id: int | None) -> set[str]:
        return {s.role for s in self.seats if delegation_id and s.delegation_id == delegation_id}

    def category_in_delegation(self, delegation_id: int | None) -> str:
        """The actor category someone answers with in a delegation (their agent seat first)."""
        seats = sorted(
            (s for s in self.seats if delegation_id and s.delegation_id == delegation_id),
            key=lambda s: s.role,
        )
        return seats[0].category if seats else ""

    def in_territory(self, territory_id: int | None) -> set[str]:
        """Roles held through a delegation of that territory (agents, participants)."""
        return {s.role for s in self.seats if territory_id and s.territory_id == territory_id}

    @property
    def facilitates_anywhere(self) -> bool:
        return any(s.role == Role.FACILITATOR for s in self.seats)

    def requires_mfa(self, user) -> bool:
        """Staff, facilitators and researchers see many people's data: they must use a
        second factor (transitions.middleware.MFARequiredMiddleware enforces it)."""
        return (
            self.is_staff
            or bool(getattr(user, "is_superuser", False))
            or any(s.role in (Role.FACILITATOR, Role.RESEARCHER) for s in self.seats)
        )


NOBODY = UserRoles(is_staff=False, seats=[])


def _load(user) -> UserRoles:
    rows = Membership.objects.filter(user_id=user.pk).values_list(
        "cohort_id",
        "role",
        "category",
        "delegation_id",
        "delegation__territory_id",
        "research_consent",
    )
    return UserRoles(is_staff=user.is_staff, seats=[Seat(*row) for row in rows])


def roles_of(user) -> UserRoles:
    if user is None or not user.is_authenticated:
        return NOBODY
    return request_scope.memo(("roles", user.pk), lambda: _load(user))


def roles_changed(user_id: int) -> None:
    """Services that change someone's memberships call this (see request_scope)."""
    request_scope.forget(("roles", user_id))
