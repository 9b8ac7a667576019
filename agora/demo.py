"""Demo agora for `make run`: statements and positions (texts in agora/demo_content.py),
and the territorial forums (idempotent).

The current demo cohort's agora and forums are still to come (its stages are upcoming), so
they hold nothing until someone opens them; the finished cohort (`transitions.demo.
finished_demo_cohort`) held its agora, with its three delegations, then two forums (one
could not be held)."""

from __future__ import annotations

from agora.demo_content import FINISHED_STATEMENTS, STATEMENTS
from agora.models import (
    FORUM_PREPARATION_FIELDS,
    ForumPurpose,
    ForumStatus,
    Statement,
)
from agora.services import agora_ensure, position_set, statement_create
from peergroups.demo_content import card_text
from peergroups.models import Contribution
from transitions.demo import demo_cohort, finished_demo_cohort
from transitions.models import StageKind
from transitions.selectors import stage_allows_writes


def load_agora_demo() -> None:
    """The agora's statements and each category's position, once its stage is open (an
    upcoming agora stays empty: nothing was said in a plenary that has not happened).
    Idempotent: an agora that has statements is left alone."""
    cohort = demo_cohort()
    if cohort is None or not stage_allows_writes(cohort.pk, StageKind.AGORA):
        return
    shared = {
        c.text: c
        for c in Contribution.objects.filter(
            session__group__cohort=cohort, shared=True, hidden=False, merged_into=None
        ).select_related("session__group")
    }
    agora = agora_ensure(cohort=cohort)
    if Statement.objects.filter(agora=agora).exists():
        return
    for kind, text, refs, positions in STATEMENTS:
        sources = [shared[card_text(ref)] for ref in refs if card_text(ref) in shared]
        statement = statement_create(agora=agora, kind=kind, text=text, sources=sources)
        for category, (stance, note) in positions.items():
            position_set(
                statement=statement, category=category, stance=stance, note=note, base_revision=0
            )


def load_finished_agora_demo() -> None:
    """The finished cohort's agora: its delegations, statements, each category's and each
    delegation's position. Written while the demo opens that cohort's stages (its first
    load); afterwards its stage is closed and an agora with statements is left alone."""
    cohort = finished_demo_cohort()
    if cohort is None:
        return
    agora = agora_ensure(cohort=cohort)
    if Statement.objects.filter(agora=agora).exists():
        return
    if not stage_allows_writes(cohort.pk, StageKind.AGORA):
        return
    from agora.services import agora_set_delegations

    delegations = {d.territory.code: d for d in cohort.delegations.select_related("territory")}
    agora = agora_set_delegations(
        agora=agora, delegations=list(delegations.values()), fingerprint=""
    )
    for kind, text, positions, by_territory in FINISHED_STATEMENTS:
        statement = statement_create(agora=agora, kind=kind, text=text)
        for category, (stance, note) in positions.items():
            position_set(
                statement=statement, category=category, stance=stance, note=note, base_revision=0
            )
        for code, (stance, note) in by_territory.items():
            if code in delegations:
                position_set(
                    statement=statement,
                    delegation=delegations[code],
                    stance=stance,
                    note=note,
                    base_revision=0,
                )


# --- Territorial forums --------------------------------------------------------------------

DEMO_FORUM_PEOPLE = [
    ("Élu·e aux solidarités", "ELU"),
    ("Adjoint·e à l'économie", "ELU"),
    ("Chargé·e de mission ESS", "AGENT_COLLECTIVITE"),
    ("DGS", "AGENT_COLLECTIVITE"),
    ("Déléguée DREETS", "AGENT_ETAT"),
    ("Recyclerie", "ESS"),
    ("SCIC énergie", "ESS"),
    ("Régie de quartier", "ESS"),
    ("Artisan du bâtiment", "OTHER_SOCIO_ECO"),
    ("Habitante du bourg", "CITIZEN"),
    ("Habitant du hameau", "CITIZEN"),
    ("CRESS", "ESS"),
]
DEMO_CARDS = {
    1: (
        ["L'ESS, ce sont des voisins qui entreprennent", "La collectivité ouvre des portes"],
        ["Pour certains, l'ESS reste du social"],
        "",
    ),
    2: (
        ["Un rendez-vous régulier élus – structures", "Un interlocuteur unique en mairie"],
        ["Les appels à projets mettent en concurrence"],
        "Au tour précédent : l'ESS comme voisinage qui entreprend.",
    ),
    3: (
        ["Un tiers-lieu dans l'ancienne gare", "Des clauses sociales dans les marchés"],
        [],
        "Au tour précédent : un rendez-vous régulier, un interlocuteur unique.",
    ),
}


def _demo_forum(delegation, facilitator, organisations) -> None:
    from agora import services
    from agora.selectors import current_round

    forum = services.forum_ensure(delegation=delegation, facilitator=facilitator)
    if forum.participants.exists() or forum.status == ForumStatus.NOT_HELD:
        return
    forum.dialogue_support = "Un lieu partagé pour l'économie de proximité"
    forum.purpose = ForumPurpose.CONSOLIDATE_PROJECT
    forum.place = "Salle des fêtes"
    forum.duration_minutes = 180
    forum.co_organisers = "La collectivité, la CRESS"
    forum.local_highlight = "Mois de l'ESS"
    forum.rapporteur_role = "Chargé·e de mission ESS"
    forum.starting_point = "Des relations anciennes avec la recyclerie, plus distantes ailleurs."
    forum = services.forum_prepare(
        forum=forum,
        fingerprint="",
        invited_organisations=organisations,
        **{name: getattr(forum, name) for name in FORUM_PREPARATION_FIELDS},
    )
    people = []
    for index, (name, category) in enumerate(DEMO_FORUM_PEOPLE):
        organisation = organisations[index % len(organisations)] if category == "ESS" else None
        people.append(
            services.participant_arrive(
                forum=forum, name=name, category=category, organisation=organisation
            )
        )
    tables = list(forum.tables.order_by("number"))
    for table, anchor in zip(tables, people[:3], strict=True):
        services.table_set_roles(table=table, anchor=anchor, rapporteur=facilitator)
    for _number in (1, 2, 3):
        cafe_round = current_round(forum)
        services.seating_propose(cafe_round=cafe_round)
        services.round_start(forum=forum)
        cafe_round.refresh_from_db()
        keys, divergent, synthesis = DEMO_CARDS[cafe_round.number]
        for table in tables:
            for text in keys:
                services.card_add(
                    table=table,
                    cafe_round=cafe_round,
                    kind="key_idea",
                    text=f"{text} (table {table.number})",
                    user=facilitator,
                )
            for text in divergent:
                services.card_add(
                    table=table,
                    cafe_round=cafe_round,
                    kind="divergent",
                    text=text,
                    user=facilitator,
                )
            if synthesis:
                services.card_add(
                    table=table,
                    cafe_round=cafe_round,
                    kind="synthesis",
                    text=synthesis,
                    user=facilitator,
                )
        services.round_close(forum=forum)
    forum.refresh_from_db()
    services.forum_harvest(
        forum=forum,
        fingerprint="",
        shared_constraints="Le temps des élus et des bénévoles.",
        expectations_authority_to_ess="Des propositions portées à plusieurs.",
        expectations_ess_to_authority="Un interlocuteur et des règles claires.",
        consensus_dissensus="Consensus sur le lieu ; dissensus sur la commande publique.",
        intentions="Faire vivre le centre-bourg.",
        commitments="La collectivité met un local à l'étude ; la CRESS anime.",
        vocabulary="« Coopération » plutôt que « partenariat ».",
        atmosphere="Peu de langue de bois, un moment convivial au déjeuner.",
    )
    services.opportunity_create(
        forum=forum,
        title="Un tiers-lieu dans l'ancienne gare",
        relation_type="COOPERATION",
        cooperation_form="Tiers-lieu solidaire",
        authority_moment="Amorçage",
        authority_posture="Co-construction",
        authority_means=["Investissement immobilier", "Mise en réseau"],
        lead_organisation=organisations[0],
        contributors=organisations[1:],
        next_step="Visite du bâtiment",
        next_step_owner="Service patrimoine",
    )


def _demo_opportunity_projects(delegations) -> None:
    """A held forum whose territory positioned its pilot project from an opportunity
    (territories' demo, loaded before this one) shows that opportunity, linked."""
    from agora import services
    from agora.models import Forum, Opportunity
    from territories.models import PilotProjectOrigin

    for delegation in delegations:
        forum = Forum.objects.filter(delegation=delegation).first()
        project = delegation.pilot_projects.filter(origin=PilotProjectOrigin.OPPORTUNITY).first()
        if forum is None or project is None:
            continue
        if Opportunity.objects.filter(pilot_project=project).exists():
            continue
        opportunity = services.opportunity_create(
            forum=forum,
            title=project.title,
            relation_type="COOPERATION",
            cooperation_form="Circuits courts alimentaires",
            authority_moment="Amorçage",
            authority_posture="Co-construction",
            lead_organisation=project.partners.first(),
            next_step="Visite d'une légumerie existante",
            next_step_owner="Service restauration collective",
        )
        services.opportunity_link_pilot_project(opportunity=opportunity, project=project)


def load_forums_demo() -> None:
    """Two territories of the finished cohort held a forum with a 3-table, 3-round café;
    the third could not."""
    from django.utils import timezone

    from agora import services
    from territories.models import Organisation
    from territories.services import organisation_create

    cohort = finished_demo_cohort()
    if cohort is None:
        return
    facilitator = cohort.memberships.filter(role="facilitator").select_related("user").first()
    if facilitator is None:
        return
    delegations = list(cohort.delegations.select_related("territory").order_by("pk")[:3])
    if len(delegations) < 3:
        return
    for delegation in delegations[:2]:
        organisations = list(Organisation.objects.filter(territory=delegation.territory)[:3])
        for name, form in [
            ("Recyclerie solidaire", "association"),
            ("Énergies citoyennes", "scic"),
            ("Régie de quartier", "association"),
        ][len(organisations) :]:
            organisations.append(
                organisation_create(
                    territory=delegation.territory,
                    user=facilitator.user,
                    organisation={"name": name, "legal_form": form},
                    relationship={"relation_type": "DISTANT", "observed_on": timezone.localdate()},
                )
            )
        _demo_forum(delegation, facilitator.user, organisations)
    _demo_opportunity_projects(delegations[:2])
    forum = services.forum_ensure(delegation=delegations[2], facilitator=facilitator.user)
    if forum.status == ForumStatus.PREPARING and not forum.participants.exists():
        services.forum_record_not_held(
            forum=forum,
            fingerprint="",
            not_held_reason="overloaded",
            not_held_detail="Le service économie est en sous-effectif jusqu'à l'automne.",
        )
