"""A territory's parcours from its diagnostic to its pilot project, on the persona world.

Territory A: its diagnostic, where P2-a is low (a finding) and P1-a is high (none);
the peer groups (one contribution shared on P2-a, one kept in the group, with a secret
text); the agora (a statement whose source is the shared contribution); its forum (a
card on P2-a) and a cooperation opportunity on P2-a; a pilot project on P2-a.
Territory B: a pilot project of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.diagnostics.factories import axis_question, open_diagnostic
from tests.factories import open_stage
from tests.peergroups.factories import ContributionFactory, open_peer_groups
from transitions.models import ActorCategory, Axis

UNSHARED_TEXT = "SECRET-DU-GROUPE ne sort pas du groupe"
RESPONDENT_TEXT = "OBSERVATION-DE-REPONDANT"


@dataclass
class Scene:
    world: Any
    diagnostic: Any
    shared: Any
    unshared: Any
    statement: Any
    card: Any
    opportunity: Any
    pilot: Any
    pilot_b: Any
    p2a: Any

    def __getattr__(self, name):
        return getattr(self.world, name)

    @property
    def finding_key(self) -> str:
        return f"finding:{self.p2a.pk}"


def _answer(diagnostic, user, category, code, level, text=""):
    from diagnostics.models import Answer

    return Answer.objects.create(
        diagnostic=diagnostic,
        question=axis_question(diagnostic, code),
        respondent=user,
        category=category,
        level=level,
        text=text,
    )


@pytest.fixture
def scene(world) -> Scene:
    from agora.models import Card, Opportunity, Statement
    from agora.services import agora_ensure, forum_ensure
    from territories.models import PilotProject

    diagnostic = open_diagnostic(world)
    p2a = Axis.objects.get(code="P2-a")
    p1a = Axis.objects.get(code="P1-a")
    _answer(diagnostic, world.agent_a, ActorCategory.AGENT_COLLECTIVITE, "P2-a", 1, RESPONDENT_TEXT)
    _answer(diagnostic, world.elu, ActorCategory.ELU, "P2-a", 0)
    _answer(diagnostic, world.agent_a, ActorCategory.AGENT_COLLECTIVITE, "P1-a", 4)
    _answer(diagnostic, world.elu, ActorCategory.ELU, "P1-a", 3)

    peer = open_peer_groups(world)
    session = peer.session(ActorCategory.ELU)
    shared = ContributionFactory(session=session, author=world.elu, shared=True, text="Partagée")
    shared.axes.set([p2a])
    unshared = ContributionFactory(session=session, author=world.elu, text=UNSHARED_TEXT)
    unshared.axes.set([p2a])

    open_stage(world.cohort, "agora")
    agora = agora_ensure(cohort=world.cohort)
    statement = Statement.objects.create(agora=agora, kind="shared_constraint", text="Énoncé")
    statement.sources.set([shared])

    open_stage(world.cohort, "forums")
    forum = forum_ensure(delegation=world.delegation_a, facilitator=world.facilitator)
    table = forum.tables.order_by("number").first()
    card = Card.objects.create(
        table=table, round=forum.rounds.get(number=1), kind="key_idea", text="Idée clé"
    )
    card.axes.set([p2a])
    opportunity = Opportunity.objects.create(
        forum=forum, title="Opportunité de la gare", relation_type="COOPERATION"
    )
    opportunity.axes.set([p2a])

    open_stage(world.cohort, "pilot_projects")
    pilot = PilotProject.objects.create(delegation=world.delegation_a, title="Tiers-lieu")
    pilot.axes.set([p2a, p1a])
    pilot_b = PilotProject.objects.create(delegation=world.delegation_b, title="Projet de B")
    pilot_b.axes.set([p2a])
    return Scene(
        world, diagnostic, shared, unshared, statement, card, opportunity, pilot, pilot_b, p2a
    )
