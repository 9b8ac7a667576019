"""Writes of the agora; every write bumps the agora's version in the same transaction."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from agora import reference
from agora.models import (
    AGORA_DELEGATION_FIELDS,
    AGORA_DELTA_VERSIONS,
    DEFAULT_QUESTIONS,
    FORUM_HARVEST_FIELDS,
    FORUM_NOT_HELD_FIELDS,
    FORUM_PREPARATION_FIELDS,
    KEY_IDEAS_PER_TABLE_ROUND,
    OPPORTUNITY_FIELDS,
    OPPORTUNITY_FINGERPRINT,
    Agora,
    CafeRound,
    CafeTable,
    Card,
    CardKind,
    Forum,
    ForumStatus,
    NotHeldReason,
    Opportunity,
    Participant,
    ParticipantCategory,
    Position,
    RoundStatus,
    Seat,
    Stance,
    Statement,
    StatementKind,
)
from agora.seating import TableSpec, met_pairs, plan_seating
from agora.selectors import current_round
from peergroups.models import Contribution
from territories.models import Delegation, PilotProject, PilotProjectOrigin, RelationType
from territories.services import pilot_project_create, relationship_record
from transitions.concurrency import StaleEdit, check_fresh
from transitions.models import ActorCategory, Cohort


def agora_ensure(*, cohort: Cohort) -> Agora:
    """The cohort's agora row, created when the agora stage opens (stage-opened hook
    registered in AgoraConfig.ready()); idempotent, as a stage can be reopened."""
    agora, _created = Agora.objects.get_or_create(cohort=cohort)
    return agora


def _bump(
    agora_id: int,
    statement_id: int | None = None,
    *,
    created: bool = False,
    event: int | None = None,
) -> int:
    """Move the agora's version on and stamp the statement that changed (its row in the
    live part); `event` records a deleted statement's id (or 0: the layout changed)."""
    Agora.objects.filter(pk=agora_id).update(version=F("version") + 1)
    version = Agora.objects.filter(pk=agora_id).values_list("version", flat=True)[0]
    if statement_id:
        stamps = {"changed_version": version}
        if created:
            stamps["created_version"] = version
        Statement.objects.filter(pk=statement_id).update(**stamps)
    if event is not None:
        events = Agora.objects.filter(pk=agora_id).values_list("live_events", flat=True)[0]
        recent = [e for e in events if e[0] > version - AGORA_DELTA_VERSIONS]
        Agora.objects.filter(pk=agora_id).update(live_events=[*recent, [version, event]])
    return version


def _check_statement(agora: Agora, kind: str, sources: list[Contribution]) -> None:
    if kind not in StatementKind.values:
        raise ValidationError({"kind": _("Type d'énoncé inconnu.")})
    # Only what a group shared may feed the agora.
    for source in sources:
        if (
            not source.shared
            or source.hidden
            or source.merged_into_id is not None
            or source.session.group.cohort_id != agora.cohort_id
        ):
            raise ValidationError({"sources": _("Une source n'est pas partagée avec cette agora.")})


@transaction.atomic
def statement_create(
    *, agora: Agora, kind: str, text: str, sources: Iterable[Contribution] = ()
) -> Statement:
    sources = list(sources)
    _check_statement(agora, kind, sources)
    statement = Statement.objects.create(agora=agora, kind=kind, text=text.strip())
    statement.sources.set(sources)
    _bump(agora.pk, statement.pk, created=True)
    return statement


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    revision: int,
    kind: str,
    text: str,
    sources: Iterable[Contribution],
) -> Statement:
    """A facilitator's edit; refused (StaleEdit) when it changed since the form loaded.

    The sources become exactly the chosen ones: a source its group has unshared since
    can no longer be chosen, so an edit drops it.
    """
    sources = list(sources)
    _check_statement(statement.agora, kind, sources)
    # A new kind moves the statement in the by-kind list: the live part is sent whole.
    moved = kind != statement.kind
    updated = Statement.objects.filter(pk=statement.pk, revision=revision).update(
        kind=kind, text=text.strip(), revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(Statement.objects.get(pk=statement.pk))
    statement.refresh_from_db()
    statement.sources.set(sources)
    _bump(statement.agora_id, statement.pk, event=0 if moved else None)
    return statement


@transaction.atomic
def statement_delete(*, statement: Statement) -> None:
    agora_id, statement_id = statement.agora_id, statement.pk
    statement.delete()
    _bump(agora_id, event=statement_id)


@transaction.atomic
def agora_set_delegations(
    *, agora: Agora, delegations: Iterable[Delegation], fingerprint: str
) -> Agora:
    """Record which territorial delegations take part in the agora (each then holds a
    position per statement). Refused (StaleEdit, with the agora as saved now) when another
    facilitator changed the list since the page. Positions of a delegation taken off the
    list are kept, not shown, and come back with it."""
    locked = Agora.objects.select_for_update().get(pk=agora.pk)
    check_fresh(locked, AGORA_DELEGATION_FIELDS, fingerprint)
    delegations = list(delegations)
    if any(d.cohort_id != locked.cohort_id for d in delegations):
        raise ValidationError(_("Une délégation n'appartient pas à cette cohorte."))
    locked.delegations.set(delegations)
    _bump(locked.pk, event=0)
    return locked


@transaction.atomic
def position_set(
    *,
    statement: Statement,
    stance: str,
    base_revision: int,
    category: str = "",
    delegation: Delegation | None = None,
    note: str = "",
) -> Position:
    """Record or change the position of a category, or of a delegation that takes part,
    from the state the facilitator saw.

    `base_revision` is the position's revision shown on the page (0: none recorded yet).
    When someone recorded another value in between, StaleEdit carries it so the
    facilitator chooses: keep theirs, or send again with its revision to replace it.
    Sending what is already recorded is never a conflict.
    """
    if delegation is not None:
        if category:
            raise ValidationError(_("Une position est celle d'une catégorie ou d'un territoire."))
        if not statement.agora.delegations.filter(pk=delegation.pk).exists():
            raise ValidationError({"delegation": _("Cette délégation ne participe pas à l'agora.")})
    elif category not in ActorCategory.values:
        raise ValidationError({"category": _("Catégorie d'acteur inconnue.")})
    if stance not in Stance.values:
        raise ValidationError({"stance": _("Position inconnue.")})
    note = note.strip()
    holder = {"delegation": delegation} if delegation is not None else {"category": category}
    rows = Position.objects.filter(statement=statement, **holder)
    if delegation is None:
        rows = rows.filter(delegation__isnull=True)
    current = rows.first()
    if current is None:
        if base_revision != 0:
            raise ValidationError(_("Cette position est introuvable : rechargez la page."))
        try:
            with transaction.atomic():
                position = Position.objects.create(
                    statement=statement, stance=stance, note=note, **holder
                )
        except IntegrityError:
            # Recorded a moment ago by someone else from the same empty start.
            raise StaleEdit(rows.get()) from None
    else:
        if current.stance == stance and current.note == note:
            return current
        if current.revision != base_revision:
            raise StaleEdit(current)
        updated = rows.filter(revision=base_revision).update(
            stance=stance, note=note, revision=F("revision") + 1, updated_at=timezone.now()
        )
        if not updated:  # someone slipped in between our read and our write
            raise StaleEdit(rows.get())
        position = rows.get()
    _bump(statement.agora_id, statement.pk)
    return position


# --- Territorial forums ------------------------------------------------------------------
# Every write of the café bumps the forum's version in the same transaction, so the
# projector, the tables' phones and the facilitator's screen poll it in one query.


def _bump_forum(forum_id: int) -> None:
    Forum.objects.filter(pk=forum_id).update(version=F("version") + 1)


@transaction.atomic
def forum_ensure(*, delegation: Delegation, facilitator=None) -> Forum:
    """The delegation's forum, created (POST) when someone starts preparing it, with the
    three questions of the RTES World Cafés (seed 002) and three tables of six."""
    forum, created = Forum.objects.get_or_create(
        delegation=delegation, defaults={"facilitator": facilitator}
    )
    if created:
        CafeRound.objects.bulk_create(
            CafeRound(forum=forum, number=i, question=q)
            for i, q in enumerate(DEFAULT_QUESTIONS, start=1)
        )
        CafeTable.objects.bulk_create(CafeTable(forum=forum, number=i) for i in (1, 2, 3))
    return forum


@transaction.atomic
def forum_prepare(
    *, forum: Forum, fingerprint: str, axes=(), invited_organisations=(), **values
) -> Forum:
    """Save the preparation (R1); StaleEdit when the row changed since the page."""
    locked = Forum.objects.select_for_update().get(pk=forum.pk)
    check_fresh(locked, FORUM_PREPARATION_FIELDS, fingerprint)
    for name in FORUM_PREPARATION_FIELDS:
        setattr(locked, name, values[name])
    foreign = [o for o in invited_organisations if o.territory_id != locked.delegation.territory_id]
    if foreign:
        raise ValidationError(
            {"invited_organisations": _("Seules les organisations du territoire sont invitées.")}
        )
    locked.save(update_fields=[*FORUM_PREPARATION_FIELDS, "updated_at"])
    locked.axes.set(axes)
    locked.invited_organisations.set(invited_organisations)
    return locked


@transaction.atomic
def forum_record_not_held(
    *, forum: Forum, fingerprint: str, not_held_reason: str, not_held_detail: str
) -> Forum:
    """A forum that could not be held, and why: itself an observation for the research."""
    locked = Forum.objects.select_for_update().get(pk=forum.pk)
    check_fresh(locked, FORUM_NOT_HELD_FIELDS, fingerprint)
    if not_held_reason not in NotHeldReason.values:
        raise ValidationError({"not_held_reason": _("Raison inconnue.")})
    if not_held_reason == NotHeldReason.OTHER and not not_held_detail.strip():
        raise ValidationError({"not_held_detail": _("Précisez la raison.")})
    locked.status = ForumStatus.NOT_HELD
    locked.not_held_reason = not_held_reason
    locked.not_held_detail = not_held_detail.strip()
    locked.save(update_fields=["status", *FORUM_NOT_HELD_FIELDS, "updated_at"])
    return locked


@transaction.atomic
def forum_reopen(*, forum: Forum) -> Forum:
    Forum.objects.filter(pk=forum.pk).update(
        status=ForumStatus.PREPARING, not_held_reason="", not_held_detail=""
    )
    forum.refresh_from_db()
    return forum


@transaction.atomic
def forum_harvest(*, forum: Forum, fingerprint: str, **values) -> Forum:
    locked = Forum.objects.select_for_update().get(pk=forum.pk)
    check_fresh(locked, FORUM_HARVEST_FIELDS, fingerprint)
    for name in FORUM_HARVEST_FIELDS:
        setattr(locked, name, values[name].strip())
    locked.save(update_fields=[*FORUM_HARVEST_FIELDS, "updated_at"])
    return locked


@transaction.atomic
def table_add(*, forum: Forum, seats: int = 6) -> CafeTable:
    number = (forum.tables.aggregate(n=Max("number"))["n"] or 0) + 1
    table = CafeTable.objects.create(forum=forum, number=number, seats=seats)
    _bump_forum(forum.pk)
    return table


@transaction.atomic
def table_set_roles(*, table: CafeTable, anchor: Participant | None, rapporteur) -> CafeTable:
    if anchor is not None and anchor.forum_id != table.forum_id:
        raise ValidationError({"anchor": _("Cette personne n'est pas inscrite à ce forum.")})
    if anchor is not None and CafeTable.objects.filter(anchor=anchor).exclude(pk=table.pk).exists():
        raise ValidationError({"anchor": _("Cette personne est déjà l'ancre d'une autre table.")})
    table.anchor, table.rapporteur = anchor, rapporteur
    table.save(update_fields=["anchor", "rapporteur"])
    _bump_forum(table.forum_id)
    return table


@transaction.atomic
def participant_arrive(
    *, forum: Forum, name: str, category: str, organisation=None, organisation_label: str = ""
) -> Participant:
    """Attendance taken at the door."""
    if category not in ParticipantCategory.values:
        raise ValidationError({"category": _("Catégorie inconnue.")})
    if organisation is not None and organisation.territory_id != forum.delegation.territory_id:
        raise ValidationError({"organisation": _("Cette organisation n'est pas sur la carte.")})
    participant = Participant.objects.create(
        forum=forum,
        name=name.strip(),
        category=category,
        organisation=organisation,
        organisation_label=organisation_label.strip(),
    )
    _bump_forum(forum.pk)
    return participant


@transaction.atomic
def seating_propose(*, cafe_round: CafeRound) -> dict[int, int]:
    """Write the proposed seating plan of a round (replacing its previous proposal), from
    who is present, the anchors and who already met in the earlier rounds."""
    forum = cafe_round.forum
    tables = list(forum.tables.order_by("number"))
    people = dict(forum.participants.values_list("pk", "category"))
    earlier = Seat.objects.filter(round__forum=forum, round__number__lt=cafe_round.number)
    together: dict[tuple[int, int], list[int]] = {}
    for round_id, table_id, person in earlier.values_list("round_id", "table_id", "participant_id"):
        together.setdefault((round_id, table_id), []).append(person)
    plan = plan_seating(
        categories=people,
        tables=[TableSpec(id=t.pk, seats=t.seats, anchor=t.anchor_id) for t in tables],
        met=met_pairs(together.values()),
    )
    Seat.objects.filter(round=cafe_round).delete()
    Seat.objects.bulk_create(
        Seat(round=cafe_round, table_id=table_id, participant_id=person)
        for person, table_id in plan.items()
    )
    _bump_forum(forum.pk)
    return plan


@transaction.atomic
def seat_move(*, cafe_round: CafeRound, participant: Participant, table: CafeTable) -> Seat:
    """The facilitator moves someone; an anchor stays at their table."""
    if participant.forum_id != cafe_round.forum_id or table.forum_id != cafe_round.forum_id:
        raise ValidationError(_("Cette place n'appartient pas à ce forum."))
    if CafeTable.objects.filter(anchor=participant).exclude(pk=table.pk).exists():
        raise ValidationError(_("Une personne ancre reste à sa table."))
    seat, _created = Seat.objects.update_or_create(
        round=cafe_round, participant=participant, defaults={"table": table}
    )
    _bump_forum(cafe_round.forum_id)
    return seat


@transaction.atomic
def round_start(*, forum: Forum) -> CafeRound:
    """Start (or resume) the current round; the previous running one closes."""
    locked = Forum.objects.select_for_update().get(pk=forum.pk)
    cafe_round = current_round(locked)
    if cafe_round is None or cafe_round.status == RoundStatus.CLOSED:
        raise ValidationError(_("Tous les tours sont terminés."))
    now = timezone.now()
    seconds = (
        cafe_round.remaining_seconds
        if cafe_round.status == RoundStatus.PAUSED and cafe_round.remaining_seconds is not None
        else cafe_round.duration_minutes * 60
    )
    cafe_round.status = RoundStatus.RUNNING
    cafe_round.ends_at = now + datetime.timedelta(seconds=seconds)
    cafe_round.remaining_seconds = None
    cafe_round.save(update_fields=["status", "ends_at", "remaining_seconds"])
    if locked.status == ForumStatus.PREPARING:
        Forum.objects.filter(pk=forum.pk).update(status=ForumStatus.HELD)
    _bump_forum(forum.pk)
    return cafe_round


@transaction.atomic
def round_pause(*, forum: Forum) -> CafeRound:
    Forum.objects.select_for_update().get(pk=forum.pk)
    cafe_round = forum.rounds.filter(status=RoundStatus.RUNNING).first()
    if cafe_round is None:
        raise ValidationError(_("Aucun tour n'est en cours."))
    left = max(0, int((cafe_round.ends_at - timezone.now()).total_seconds()))
    cafe_round.status, cafe_round.remaining_seconds = RoundStatus.PAUSED, left
    cafe_round.save(update_fields=["status", "remaining_seconds"])
    _bump_forum(forum.pk)
    return cafe_round


@transaction.atomic
def round_close(*, forum: Forum) -> CafeRound:
    """Close the round being played: its cards become read-only. The next round is then
    the current one (its seating proposed, its countdown started by "start")."""
    Forum.objects.select_for_update().get(pk=forum.pk)
    cafe_round = forum.rounds.filter(status__in=[RoundStatus.RUNNING, RoundStatus.PAUSED]).first()
    if cafe_round is None:
        raise ValidationError(_("Aucun tour n'est en cours."))
    cafe_round.status, cafe_round.remaining_seconds = RoundStatus.CLOSED, None
    cafe_round.save(update_fields=["status", "remaining_seconds"])
    _bump_forum(forum.pk)
    return cafe_round


def _check_card_round(table: CafeTable, cafe_round: CafeRound) -> None:
    if cafe_round.forum_id != table.forum_id:
        raise ValidationError(_("Ce tour n'appartient pas à ce forum."))
    if cafe_round.status not in (RoundStatus.RUNNING, RoundStatus.PAUSED):
        raise ValidationError(
            _("Ce tour est clos : ses cartons sont en lecture seule.")
            if cafe_round.status == RoundStatus.CLOSED
            else _("Ce tour n'a pas commencé.")
        )


@transaction.atomic
def card_add(*, table: CafeTable, cafe_round: CafeRound, kind: str, text: str, user) -> Card:
    """A rapporteur's card. At most three key ideas per table and round (seed 002): the
    table row is locked, so two phones at one table never write a fourth."""
    if kind not in CardKind.values:
        raise ValidationError({"kind": _("Type de carton inconnu.")})
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Le carton est vide.")})
    locked_round = CafeRound.objects.select_for_update().get(pk=cafe_round.pk)
    _check_card_round(table, locked_round)
    CafeTable.objects.select_for_update().get(pk=table.pk)
    if kind == CardKind.KEY_IDEA:
        count = Card.objects.filter(table=table, round=cafe_round, kind=CardKind.KEY_IDEA).count()
        if count >= KEY_IDEAS_PER_TABLE_ROUND:
            raise ValidationError(
                {
                    "kind": _(
                        "Cette table a déjà ses trois idées clés pour ce tour : notez cette "
                        "idée comme idée divergente, ou modifiez une idée clé."
                    )
                }
            )
    card = Card.objects.create(table=table, round=cafe_round, kind=kind, text=text, written_by=user)
    _bump_forum(table.forum_id)
    return card


@transaction.atomic
def card_update(*, card: Card, revision: int, text: str) -> Card:
    """Edit a card from the revision the rapporteur saw; StaleEdit when another phone of
    the table saved it meanwhile, refused once its round has closed."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Le carton est vide.")})
    locked_round = CafeRound.objects.select_for_update().get(pk=card.round_id)
    _check_card_round(card.table, locked_round)
    updated = Card.objects.filter(pk=card.pk, revision=revision).update(
        text=text, revision=F("revision") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleEdit(Card.objects.get(pk=card.pk))
    card.refresh_from_db()
    _bump_forum(card.table.forum_id)
    return card


@transaction.atomic
def card_harvest(*, card: Card, axes=(), merged_into: Card | None = None) -> Card:
    """The harvest: tag a card with axes, or merge it into a duplicate."""
    if merged_into is not None:
        if merged_into.pk == card.pk or merged_into.table.forum_id != card.table.forum_id:
            raise ValidationError(_("Un carton se fusionne dans un autre carton du même forum."))
        if merged_into.merged_into_id is not None:
            merged_into = merged_into.merged_into
    Card.objects.filter(pk=card.pk).update(merged_into=merged_into)
    Card.objects.filter(merged_into=card).update(merged_into=merged_into)
    card.merged_into = merged_into
    card.axes.set(axes)
    _bump_forum(card.table.forum_id)
    return card


@transaction.atomic
def opportunity_create(
    *, forum: Forum, contributors=(), axes=(), cards=(), **values
) -> Opportunity:
    _check_opportunity(forum, values, contributors, cards)
    opportunity = Opportunity.objects.create(forum=forum, **values)
    opportunity.contributors.set(contributors)
    opportunity.axes.set(axes)
    opportunity.cards.set(cards)
    return opportunity


@transaction.atomic
def opportunity_update(
    *, opportunity: Opportunity, fingerprint: str, contributors, axes, cards, **values
) -> Opportunity:
    """Save every field of an opportunity and its contributors, axes and source cards;
    raises transitions.concurrency.StaleEdit (with the saved row) when any of them
    changed since the page, so a colleague's edit is never overwritten unseen."""
    locked = (
        Opportunity.objects.select_for_update()
        .select_related("forum__delegation")
        .get(pk=opportunity.pk)
    )
    check_fresh(locked, OPPORTUNITY_FINGERPRINT, fingerprint)
    contributors, axes, cards = list(contributors), list(axes), list(cards)
    _check_opportunity(locked.forum, values, contributors, cards)
    for name in OPPORTUNITY_FIELDS:
        setattr(locked, name, values[name])
    locked.save(update_fields=[*OPPORTUNITY_FIELDS, "updated_at"])
    locked.contributors.set(contributors)
    locked.axes.set(axes)
    locked.cards.set(cards)
    return locked


@transaction.atomic
def opportunity_to_pilot_project(
    *, opportunity: Opportunity, title: str, description: str, status: str, axes, partners
) -> PilotProject:
    """Position the delegation's pilot project from this opportunity and record which
    opportunity it came from (the link lives here: territories never imports the agora).
    The project itself is territories' (its rules and status order apply)."""
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.pilot_project_id is not None:
        raise ValidationError(_("Un projet pilote est déjà issu de cette opportunité."))
    project = pilot_project_create(
        delegation=opportunity.forum.delegation,
        title=title,
        description=description,
        status=status,
        origin=PilotProjectOrigin.OPPORTUNITY,
        axes=axes,
        partners=partners,
    )
    locked.pilot_project = project
    locked.save(update_fields=["pilot_project", "updated_at"])
    opportunity.pilot_project = project
    return project


@transaction.atomic
def opportunity_link_pilot_project(*, opportunity: Opportunity, project: PilotProject) -> None:
    """Record that an existing pilot project of the same delegation was born from this
    opportunity (a project positioned before the link was kept, the demo's)."""
    locked = Opportunity.objects.select_for_update().select_related("forum").get(pk=opportunity.pk)
    if project.delegation_id != locked.forum.delegation_id:
        raise ValidationError(_("Ce projet pilote n'est pas celui de ce territoire."))
    if locked.pilot_project_id not in (None, project.pk) or (
        Opportunity.objects.filter(pilot_project=project).exclude(pk=locked.pk).exists()
    ):
        raise ValidationError(_("Un projet pilote est déjà issu de cette opportunité."))
    locked.pilot_project = project
    locked.save(update_fields=["pilot_project", "updated_at"])
    opportunity.pilot_project = project


def _check_opportunity(forum: Forum, values: dict, contributors, cards) -> None:
    territory_id = forum.delegation.territory_id
    lead = values.get("lead_organisation")
    if any(o.territory_id != territory_id for o in [*contributors, *([lead] if lead else [])]):
        raise ValidationError(_("Seules les organisations de la carte du territoire participent."))
    if any(c.table.forum_id != forum.pk for c in cards):
        raise ValidationError(_("Un carton source n'appartient pas à ce forum."))
    checks = [
        ("cooperation_form", reference.COOPERATION_FORMS),
        ("authority_moment", reference.AUTHORITY_MOMENTS),
        ("authority_posture", reference.AUTHORITY_POSTURES),
    ]
    for name, allowed in checks:
        if values.get(name) and values[name] not in allowed:
            raise ValidationError({name: _("Valeur inconnue.")})
    if any(m not in reference.AUTHORITY_MEANS for m in values.get("authority_means", [])):
        raise ValidationError({"authority_means": _("Valeur inconnue.")})


@transaction.atomic
def opportunity_to_relationship(*, opportunity: Opportunity, user, observed_on) -> Opportunity:
    """The opportunity became a relationship: a new dated record on the ESS map (the
    earlier ones stay: the evolution is the point)."""
    if opportunity.relationship_id is not None:
        raise ValidationError(_("Cette opportunité est déjà inscrite sur la carte."))
    if opportunity.lead_organisation is None:
        raise ValidationError(_("Choisissez d'abord l'organisation porteuse."))
    relationship = relationship_record(
        organisation=opportunity.lead_organisation,
        user=user,
        relation_type=RelationType.TRUST_PARTNERSHIP
        if opportunity.relation_type != "DELEGATION"
        else RelationType.QUASI_DELEGATION,
        cooperation_type=opportunity.relation_type,
        observed_on=observed_on,
        note=_("Issue du forum territorial : %(title)s") % {"title": opportunity.title},
    )
    opportunity.relationship = relationship
    opportunity.save(update_fields=["relationship"])
    return opportunity
