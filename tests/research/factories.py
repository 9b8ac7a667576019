"""Research test data: the persona world with a text in every source of the corpus.

Consenting: elu, etat, socio. Not consenting: collectivite, elu2. Texts mention the
cohort's members, one of its organisations, a person outside the platform, an email and a
phone number, so the pseudonymisation tests look for each of them in every export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
        agora=agora, kind="consensus", text="=SOMME(A1:A9) le droit à l'erreur", sources=[shared]
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
    )
