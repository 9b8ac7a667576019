"""Research test data: the persona world with a text in every source of the corpus.

Consenting: elu, etat, socio. Not consenting: collectivite, elu2. Territory A's forum is
held (a card written down by elu, one by collectivite, a harvest, atmosphere notes, an
opportunity led by the organisation); territory B's could not be held. Texts mention the
cohort's members, one of its organisations, a person outside the platform, an email and a
phone number, so the pseudonymisation tests look for each of them in every export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agora import services as agora_services
from agora.models import Forum
from agora.services import agora_ensure, position_set, statement_create
from diagnostics.services import answer_save
from peergroups import services as peer_services
from research import services
from territories.models import Organisation
from tests.diagnostics.factories import axis_question, open_diagnostic
from tests.factories import MembershipFactory, UserFactory, World, open_stage
from tests.peergroups.factories import open_peer_groups
from transitions.models import Axis, Membership

EMAIL = "jeanne.martin@mairie-exemple.fr"
PHONE = "06 12 34 56 78"
OUTSIDER_NAME = "Mme Durandal"
ORGANISATION = "Ressourcerie du Val"


@dataclass
class ResearchScene:
    world: World
    other_researcher: object
    organisation: Organisation
    diagnostic_answer: object
    shared_card: object
    unshared_card: object
    silent_card: object  # by a member who did not consent
    statement: object
    observation: object
    forum: object  # territory A's forum, held
    forum_card: object  # written down by elu (consenting)
    reluctant_card: object  # written down by collectivite (not consenting)
    opportunity: object
    not_held_forum: object  # territory B's forum, not held (calendar)

    def __getattr__(self, name):
        return getattr(self.world, name)

    @property
    def secrets(self) -> list[str]:
        """Strings that must never appear in any export."""
        w = self.world
        return [
            w.elu.full_name,
            w.etat.full_name,
            w.socio.full_name,
            ORGANISATION,
            "Durandal",
            EMAIL,
            PHONE,
            w.elu.email,
        ]


def consent(world, *users, value: bool = True) -> None:
    Membership.objects.filter(cohort=world.cohort, user__in=users).update(research_consent=value)


def research_scene(world: World) -> ResearchScene:
    consent(world, world.elu, world.etat, world.socio)
    other_researcher = UserFactory(full_name="Rita Autrecohorte")
    MembershipFactory(user=other_researcher, cohort=world.other_cohort, role="researcher")
    organisation = Organisation.objects.create(
        territory=world.territory_a, name=ORGANISATION, legal_form="association"
    )

    diagnostic = open_diagnostic(world)
    answer = answer_save(
        diagnostic=diagnostic,
        question=axis_question(diagnostic, "P1-a"),
        user=world.elu,
        base_version=0,
        category="ELU",
        level=2,
        text=f"Avec {world.socio.full_name} et la {ORGANISATION}, on avance ; écrire à {EMAIL}.",
    )

    peer = open_peer_groups(world)
    shared = peer_services.contribution_create(
        session=peer.session("AGENT_ETAT"),
        author=world.etat,
        kind="constraint",
        text=f"{OUTSIDER_NAME} nous a appelés au {PHONE} ; {world.elu.full_name} était là.",
        target_category="",
        axes=list(Axis.objects.filter(code__in=["P2-a"])),
    )
    peer_services.contribution_set_flag(contribution=shared, flag="shared", value=True)
    unshared = peer_services.contribution_create(
        session=peer.session("ELU"),
        author=world.elu,
        kind="commitment",
        text="Ce qui reste entre élus : parole non partagée",
        target_category="",
        axes=[],
    )
    silent = peer_services.contribution_create(
        session=peer.session("AGENT_COLLECTIVITE"),
        author=world.collectivite,
        kind="constraint",
        text="Parole d'une personne sans consentement",
        target_category="",
        axes=[],
    )
    peer_services.contribution_set_flag(contribution=silent, flag="shared", value=True)

    open_stage(world.cohort, "agora")
    agora = agora_ensure(cohort=world.cohort)
    statement = statement_create(
        agora=agora, kind="proposal", text="=SOMME(A1:A9) le droit à l'erreur", sources=[shared]
    )
    position_set(
        statement=statement,
        category="AGENT_ETAT",
        stance="nuanced",
        base_revision=0,
        note="Oui, si la préfecture suit.",
    )

    observation = services.observation_create(
        cohort=world.cohort,
        author=world.researcher,
        observed_on=dt.date(2026, 4, 2),
        text=f"{world.etat.full_name} prend la parole en premier.",
        categories=["AGENT_ETAT"],
        axes=list(Axis.objects.filter(code="P3-a")),
    )
    open_stage(world.cohort, "forums")
    forum = agora_services.forum_ensure(
        delegation=world.delegation_a, facilitator=world.facilitator
    )
    tables = list(forum.tables.order_by("number"))
    agora_services.table_set_roles(table=tables[0], anchor=None, rapporteur=world.elu)
    agora_services.table_set_roles(table=tables[1], anchor=None, rapporteur=world.collectivite)
    agora_services.round_start(forum=forum)  # the forum is held from its first round
    first_round = forum.rounds.get(number=1)
    forum_card = agora_services.card_add(
        table=tables[0],
        cafe_round=first_round,
        kind="key_idea",
        text=f"Mutualiser un local avec la {ORGANISATION}, propose {world.socio.full_name}.",
        user=world.elu,
    )
    reluctant_card = agora_services.card_add(
        table=tables[1],
        cafe_round=first_round,
        kind="divergent",
        text="Carton tenu par une main réticente",
        user=world.collectivite,
    )
    Forum.objects.filter(pk=forum.pk).update(
        held_on=dt.date(2026, 5, 12),
        purpose="build_commons",
        commitments=f"La mairie ouvre une permanence ; joindre le {PHONE}.",
        atmosphere=f"Tension palpable entre {world.elu.full_name} et la salle.",
    )
    forum.refresh_from_db()
    opportunity = agora_services.opportunity_create(
        forum=forum,
        title="Recyclerie partagée",
        relation_type="COOPERATION",
        lead_organisation=organisation,
        next_step=f"Écrire à {EMAIL}",
    )
    not_held = agora_services.forum_ensure(delegation=world.delegation_b)
    Forum.objects.filter(pk=not_held.pk).update(
        status="not_held", not_held_reason="calendar", not_held_detail="Élections en vue."
    )
    not_held.refresh_from_db()
    return ResearchScene(
        world=world,
        other_researcher=other_researcher,
        organisation=organisation,
        diagnostic_answer=answer,
        shared_card=shared,
        unshared_card=unshared,
        silent_card=silent,
        statement=statement,
        observation=observation,
        forum=forum,
        forum_card=forum_card,
        reluctant_card=reluctant_card,
        opportunity=opportunity,
        not_held_forum=not_held,
    )
