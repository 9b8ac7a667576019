"""One object of every kind a route can name, in cohort A and territory A, built on the
persona world and the apps' own test scenes; and the canaries stamped into their text.

The research scene (tests/research/factories.py) already holds a diagnostic answer, peer
contributions (shared, unshared, by a non-consenting member), an agora statement and a
field observation; the forum of the agora tests' `cafe` fixture adds the live World Café.
This module adds what is left: evidence, a timeline event, a report file, an ESS
relationship, a pilot project and its milestone, a harvested card, an opportunity,
meetings, a subgroup, the parcours' records and notes (_meetings_and_parcours), an
invitation, an anonymous contribution and a second cohort's researcher.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models

from tests.factories import open_stage
from tests.research.factories import research_scene

# Markers stamped into text fields; letters only in the middle of an underscore pair never
# occur in a CSRF token or a session id, so a hit is a leak, never chance.
COHORT_CANARY = "QqCANC_"
TERRITORY_CANARY = "QqCANT_"
ANONYMOUS_AUTHOR = "Anatole Anonyme"

# Fields that the rules publish beyond the scope (DESIGN.md: "of other territories only the
# public administrative facts (name, kind, code, population, region)"), and identifiers
# the code parses (ids inside text columns, hashes, file paths, job targets).
PUBLIC_OR_STRUCTURAL = {
    "territories.territory": {"name", "code", "region"},
    "transitions.job": {"kind", "target", "content_hash", "file", "filename"},
    "transitions.invitation": {"token", "email"},
    "transitions.user": {"email", "password"},
    "transitions.cohort": {"template"},
    "research.coding": {"segment_id"},
    "research.memo": {"segment_id"},
    # what the history reads to tell a respondent's answer from a shared section
    "diagnostics.change": {"subject", "field"},
}
# Text columns that hold identifiers, hashes or versions rather than prose.
STRUCTURAL_NAMES = ("_id", "hash", "version", "token", "key", "code", "slug")
PROJECT_APPS = (
    "transitions", "territories", "diagnostics", "peergroups", "agora", "research", "parcours"
)  # fmt: skip


@dataclass
class Scene:
    world: object
    research: object
    objects: dict = field(default_factory=dict)  # URL kwarg name → value
    other_researcher: object = None
    stamped: dict = field(default_factory=dict)  # "app.model.field" → count, per scope

    def persona(self, name: str):
        if name == "other_researcher":
            return self.other_researcher
        return self.world.persona(name)


def build_scene(world) -> Scene:
    from agora import services as agora_services
    from agora.models import CafeTable, Opportunity
    from diagnostics.models import Evidence, TimelineEvent
    from peergroups import services as peer_services
    from territories import services as territory_services
    from territories.models import Relationship
    from tests.transitions.factories import invitation_for
    from transitions.models import Job, JobStatus

    research = research_scene(world)
    other_researcher = research.other_researcher
    diagnostic = research.diagnostic_answer.diagnostic
    question = research.diagnostic_answer.question
    evidence = Evidence.objects.create(
        answer=research.diagnostic_answer,
        kind=Evidence._meta.get_field("kind").choices[0][0],
        description="Délibération du conseil",
        created_by=world.agent_a,
    )
    event = TimelineEvent.objects.create(
        diagnostic=diagnostic,
        kind=TimelineEvent._meta.get_field("kind").choices[0][0],
        happened_on=dt.date(2024, 5, 1),
        title="Élection municipale",
        description="Changement de majorité",
        created_by=world.agent_a,
    )
    job = Job.objects.create(
        kind="diagnostic_report",
        target=f"diagnostic:{diagnostic.pk}",
        content_hash="h",
        status=JobStatus.READY,
        filename="rapport.pdf",
        requested_by=world.facilitator,
    )
    job.file.save("rapport.pdf", ContentFile(f"%PDF-1.4 {TERRITORY_CANARY}".encode()))
    Relationship.objects.create(
        territory=world.territory_a,
        organisation=research.organisation,
        relation_type=Relationship._meta.get_field("relation_type").choices[0][0],
        observed_on=dt.date(2025, 1, 1),
        note="Relation suivie",
    )
    open_stage(world.cohort, "pilot_projects")
    project = territory_services.pilot_project_create(
        delegation=world.delegation_a, title="Cantine locale", description="Approvisionnement"
    )
    milestone = territory_services.milestone_add(
        project=project, title="Premier marché", due_on=dt.date(2026, 9, 1)
    )
    # Territory A's trajectory: a récit entry with an image, who carried what, a link.
    from trajectory.models import Engagement, StoryEntry

    story_entry = StoryEntry.objects.create(
        delegation=world.delegation_a,
        kind="white_pebble",
        happened_on=dt.date(2025, 6, 1),
        title="Premiers paniers",
        text="Quarante familles",
        image_name="gare.png",
        created_by=world.agent_a,
    )
    story_entry.image.save("gare.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    engagement = Engagement.objects.create(
        delegation=world.delegation_a,
        what="Dépôt de paniers",
        category="ELU",
        happened_on=dt.date(2025, 6, 1),
        carrier=world.elu,
        created_by=world.agent_a,
    )
    # The live World Café of territory A (as tests/agora/conftest.py::cafe builds it).
    open_stage(world.cohort, "forums")
    forum = agora_services.forum_ensure(
        delegation=world.delegation_a, facilitator=world.facilitator
    )
    people = [
        agora_services.participant_arrive(forum=forum, name=name, category=category)
        for name, category in [("Paulette Présente", "ELU"), ("Inès Insertion", "ESS")]
    ]
    table = CafeTable.objects.filter(forum=forum).order_by("number").first()
    agora_services.table_set_roles(table=table, anchor=people[0], rapporteur=world.agent_a)
    agora_services.seating_propose(cafe_round=forum.rounds.get(number=1))
    cafe_round = agora_services.round_start(forum=forum)
    card = agora_services.card_add(
        table=table, cafe_round=cafe_round, kind="key_idea", text="Mutualiser", user=world.agent_a
    )
    opportunity = Opportunity.objects.create(
        forum=forum,
        title="Tiers-lieu",
        relation_type=Opportunity._meta.get_field("relation_type").choices[0][0],
    )
    from trajectory.models import Link

    trajectory_link = Link.objects.create(
        delegation=world.delegation_a,
        source_kind="opportunity",
        source_id=opportunity.pk,
        target_kind="pilot",
        target_id=project.pk,
        created_by=world.facilitator,
    )
    anonymous_card = peer_services.contribution_create(
        session=research.unshared_card.session,
        author=world.elu2,
        kind="constraint",  # a grid kind (peergroups.models.GRID_KINDS)
        text="Dit sans nom",
        target_category="",
        axes=[],
    )
    anonymous_card.anonymous = True
    anonymous_card.save(update_fields=["anonymous"])
    world.elu2.full_name = ANONYMOUS_AUTHOR
    world.elu2.save(update_fields=["full_name"])
    invitation = invitation_for(world)
    stage = world.cohort.stages.get(kind="peer_groups")
    extra = _meetings_and_parcours(world)
    objects = {
        "cohort_id": world.cohort.pk,
        "stage_id": stage.pk,
        "invitation_id": invitation.pk,
        "token": invitation.token,
        "job_id": job.pk,
        "territory_id": world.territory_a.pk,
        "organisation_id": research.organisation.pk,
        "delegation_id": world.delegation_a.pk,
        "project_id": project.pk,
        "milestone_id": milestone.pk,
        "pk": diagnostic.pk,
        "number": 1,
        "section": "synthese",
        "question_id": question.pk,
        "answer_id": research.diagnostic_answer.pk,
        "evidence_id": evidence.pk,
        "event_id": event.pk,
        "group_id": research.unshared_card.session.group_id,
        "session_id": research.unshared_card.session_id,
        "contribution_id": research.unshared_card.pk,
        "statement_id": research.statement.pk,
        "forum_id": forum.pk,
        "card_id": card.pk,
        "opportunity_id": opportunity.pk,
        "table_id": table.pk,
        "segment_id": f"research.observation:{research.observation.pk}",
        "entry_id": story_entry.pk,
        "engagement_id": engagement.pk,
        "link_id": trajectory_link.pk,
        "app_label": "transitions",
        **extra.pop("objects"),
        "meeting_id": extra["meeting"].pk,
    }
    # Routes whose kwarg name another route also uses for another kind of object.
    objects.update(extra.pop("by_route"))
    return Scene(world=world, research=research, objects=objects, other_researcher=other_researcher)


# The stage states the scene leaves (the policy's write rows depend on them): these are
# open; diagnostic and agora stay as the research scene leaves them. The matrix checks
# and prints every stage's state (test_the_matrix_covers_every_route_role_and_method).
OPEN_STAGES = ("entry", "stepping_back", "inspiration", "peer_groups", "forums", "pilot_projects")
ATTENDEE = "QqATTENDEE_Gaston"


def _meetings_and_parcours(world) -> dict:
    """Territory A's subgroup (delegation A only) with a workshop, an attachment and a note;
    a cohort-wide meeting with attendance (members and a guest), a closing report with an
    outcome and a link; territory A's entry record and visit report; an input note, a topic
    and a topic note; elu's membership. Built with the apps' services (their factories)."""
    from tests.parcours.factories import entry_for, input_note_for, topic_note_for, visit_for
    from tests.transitions.factories import attachment_for, subgroup_meeting_for
    from transitions import services as core_services
    from transitions.models import Membership

    for kind in OPEN_STAGES:
        open_stage(world.cohort, kind)
    meeting = core_services.meeting_create(
        stage=world.cohort.stages.get(kind="inspiration"),
        kind="workshop",
        title="Atelier de la cohorte",
        starts_at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC),
        duration_minutes=120,
        place="Mairie",
    )
    core_services.attendance_set(meeting=meeting, user_ids={world.etat.pk, world.agent_b.pk})
    core_services.attendance_add_guest(meeting=meeting, name="Invité", organisation="Réseau")
    core_services.meeting_report_save(
        meeting=meeting,
        user=world.facilitator,
        fingerprint="",
        summary="Tour de table",
        learnings="La parole vraie demande du temps",
        outcomes=[
            {
                "kind": "next_step",
                "text": "Relancer",
                "owner": "Fanny",
                "due_on": dt.date(2026, 5, 4),
            }
        ],
        links=[{"label": "Le tableau", "url": "/groupes-de-pairs/"}],
    )
    workshop = subgroup_meeting_for(world)
    subgroup = workshop.subgroup
    attachment = attachment_for(workshop, content=f"Programme {TERRITORY_CANARY}".encode())
    from parcours import services as parcours_services

    subgroup_note = parcours_services.subgroup_note_create(
        subgroup=subgroup,
        author=world.elu,
        title="Note",
        body="Ce que nous avons vu",
        meeting=workshop,
    )
    entry_for(world)  # its texts carry canaries; its pages go by delegation
    visit = visit_for(world)
    input_note = input_note_for(world)
    topic_note = topic_note_for(world)
    membership = Membership.objects.get(user=world.elu, cohort=world.cohort)
    return {
        "meeting": meeting,
        "objects": {
            "attachment_id": attachment.pk,
            "subgroup_id": subgroup.pk,
            "membership_id": membership.pk,
            "report_id": visit.pk,
            "topic_id": topic_note.topic_id,
        },
        "by_route": {
            "@parcours:input-note-update": {"note_id": input_note.pk},
            "@parcours:topic-note-update": {"note_id": topic_note.pk},
            "@parcours:subgroup-note-update": {"note_id": subgroup_note.pk},
        },
    }


def _text_fields(model) -> list[models.Field]:
    skip = PUBLIC_OR_STRUCTURAL.get(model._meta.label_lower, set())
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and not isinstance(f, models.EmailField | models.SlugField | models.URLField)
        and f.name not in skip
        and not any(part in f.name for part in STRUCTURAL_NAMES)
        and (f.max_length is None or f.max_length >= 20)
    ]


def _territory_of(obj, world) -> bool:
    """Does the object belong to territory A (its delegation, diagnostic, ESS map, forum,
    pilot projects)? Follows the foreign keys every such model has."""
    for _depth in range(6):
        label = obj._meta.label_lower
        if label == "territories.territory":
            return obj.pk == world.territory_a.pk
        if label == "territories.delegation":
            return obj.pk == world.delegation_a.pk
        if label == "transitions.subgroup":  # a subgroup of delegation A alone
            return set(obj.delegations.values_list("pk", flat=True)) == {world.delegation_a.pk}
        for name in TERRITORY_PATH:
            if _is_fk(obj, name) and getattr(obj, f"{name}_id", None) is not None:
                obj = getattr(obj, name)
                break
        else:
            return False
    return False


TERRITORY_PATH = (
    "territory",
    "delegation",
    "diagnostic",
    "answer",
    "forum",
    "project",
    "table",
    "organisation",
    "subgroup",
    "meeting",
    "report",
)


def _is_fk(obj, name) -> bool:
    try:
        return isinstance(obj._meta.get_field(name), models.ForeignKey)
    except Exception:
        return False


def stamp_canaries(scene: Scene) -> None:
    """Write a canary into every free-text field of cohort A's objects (COHORT_CANARY) and,
    for those that belong to territory A, TERRITORY_CANARY; cohort A members' names too."""
    world = scene.world
    from transitions.models import Membership

    cohort_members = set(
        Membership.objects.filter(cohort=world.cohort).values_list("user_id", flat=True)
    )
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        fields = _text_fields(model)
        if not fields:
            continue
        for obj in model._default_manager.all():
            label = model._meta.label_lower
            if label == "transitions.user":
                if obj.pk not in cohort_members:
                    continue
                marker = COHORT_CANARY
            elif _territory_of(obj, world):
                marker = TERRITORY_CANARY
            elif _cohort_of(obj) == world.cohort.pk:
                marker = COHORT_CANARY
            else:
                continue
            values = {}
            for f in fields:
                value = f"{marker}{label}.{f.name}"
                if f.max_length:
                    value = value[: f.max_length]
                values[f.name] = value
                key = f"{label}.{f.name}"
                scene.stamped.setdefault(marker, {}).setdefault(key, 0)
                scene.stamped[marker][key] += 1
            model._default_manager.filter(pk=obj.pk).update(**values)


def _cohort_of(obj) -> int | None:
    label = obj.__class__._meta.label_lower
    if label == "transitions.cohort":
        return obj.pk
    try:
        value = obj.cohort_id
    except Exception:
        value = None
    if value is not None:
        return value
    for name in ("stage", "group", "session", "agora", "statement", "forum", "cohort", "topic",
                 "subgroup", "meeting", "report", "delegation", "project"):  # fmt: skip
        if _is_fk(obj, name) and getattr(obj, f"{name}_id", None) is not None:
            return _cohort_of(getattr(obj, name))
    return None
