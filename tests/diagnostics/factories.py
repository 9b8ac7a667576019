"""Diagnostics test data, built on the shared persona world (tests/factories.py)."""

from __future__ import annotations

from tests.factories import MembershipFactory, UserFactory, build_world, open_stage


def member(cohort, role: str, category: str = "", delegation=None, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, cohort=cohort, role=role, category=category, delegation=delegation)
    return user


def open_diagnostic(world):
    """Open cohort A's diagnostic stage and territory A's diagnostic."""
    from diagnostics.services import diagnostic_open

    open_stage(world.cohort, "diagnostic")
    return diagnostic_open(delegation=world.delegation_a)


def diagnostic_world(*, stage_open: bool = True, territory_name: str = "Loos-sur-Lys"):
    """A fresh persona world whose territory A has its diagnostic open (`world.diagnostic`),
    for tests that need a second cohort besides the `world` fixture's."""
    world = build_world(territory_a_name=territory_name)
    world.diagnostic = open_diagnostic(world) if stage_open else None
    return world


def axis_question(diagnostic, code: str):
    return diagnostic.questionnaire.questions.get(code=code)


def history_lines(diagnostic, viewer) -> list[tuple[str, str, str, str, str]]:
    """The diagnostic's history page as `viewer` reads it, oldest first: (what, field,
    before, after, who) — read through the core's registry, as the page does."""
    from transitions.history import object_history

    history = object_history(diagnostic, viewer=viewer, limit=10_000)
    return [
        (entry.subject or entry.model, label, before, after, entry.who)
        for entry in reversed(history.entries)
        for label, before, after in entry.changes
    ]


def history_size(diagnostic, viewer) -> int:
    """How many recorded writes the diagnostic's history holds."""
    from transitions.history import object_history

    return len(object_history(diagnostic, viewer=viewer, limit=10_000).entries)
