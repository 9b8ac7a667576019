"""Diagnostics test data: a cohort with its diagnostic stage open and two delegations."""

from __future__ import annotations

from types import SimpleNamespace

from tests.factories import (
    CohortFactory,
    DelegationFactory,
    MembershipFactory,
    UserFactory,
    open_stage,
)


def member(cohort, role: str, category: str = "", delegation=None, **user_fields):
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, cohort=cohort, role=role, category=category, delegation=delegation)
    return user


def diagnostic_world(*, stage_open: bool = True, territory_name: str = "Loos-sur-Lys"):
    """Two territories in one cohort; territory A's diagnostic is opened."""
    from diagnostics.services import diagnostic_open

    cohort = CohortFactory()
    if stage_open:
        open_stage(cohort, "diagnostic")
    delegation_a = DelegationFactory(cohort=cohort, territory__name=territory_name)
    delegation_b = DelegationFactory(cohort=cohort, territory__name="Autreville")
    world = SimpleNamespace(
        cohort=cohort,
        delegation_a=delegation_a,
        delegation_b=delegation_b,
        agent_a=member(
            cohort, "agent", "AGENT_COLLECTIVITE", delegation_a, full_name="Agnès Agent"
        ),
        agent_a2=member(
            cohort, "agent", "AGENT_COLLECTIVITE", delegation_a, full_name="Bruno Agent"
        ),
        elu_a=member(cohort, "participant", "ELU", delegation_a, full_name="Élise Élue"),
        agent_b=member(
            cohort, "agent", "AGENT_COLLECTIVITE", delegation_b, full_name="Omar Outsider"
        ),
        facilitator=member(cohort, "facilitator", full_name="Fanny Animatrice"),
        researcher=member(cohort, "researcher", full_name="Rémi Chercheur"),
        stranger=UserFactory(full_name="Sam Inconnu"),
    )
    world.diagnostic = diagnostic_open(delegation=delegation_a) if stage_open else None
    return world


def axis_question(diagnostic, code: str):
    return diagnostic.questionnaire.questions.get(code=code)
