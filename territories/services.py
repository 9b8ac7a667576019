"""Writes of territories and of their ESS actor map.

A relationship is never edited: a change adds a dated row, so its evolution is kept.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from territories.models import (
    MILESTONE_FIELDS,
    ORGANISATION_FIELDS,
    PILOT_PROJECT_FIELDS,
    PILOT_PROJECT_FINGERPRINT,
    TERRITORY_FIELDS,
    Delegation,
    Milestone,
    OfficialTerritory,
    Organisation,
    PilotProject,
    PilotProjectOrigin,
    PilotProjectStatus,
    Relationship,
    Territory,
)
from transitions.concurrency import StaleEdit, check_fresh
from transitions.models import Cohort


@transaction.atomic
def territory_create(
    *, official: OfficialTerritory | None = None, enrol_in: Cohort | None = None, **values
) -> Territory:
    """A territory typed by hand, or picked from the official reference (`official`: the
    entry it is, whose kind and code it keeps); enrolled at once in `enrol_in` when the
    facilitator started from their cohort's "add a territory" page. A territory typed by
    hand whose kind and code are an entry's is linked to it all the same."""
    if official is None:
        official = OfficialTerritory.objects.filter(
            kind=values["kind"], code=values["code"], withdrawn=False
        ).first()
    territory = Territory(official=official, **{k: values[k] for k in TERRITORY_FIELDS})
    territory.full_clean()
    territory.save()
    if enrol_in is not None:
        delegation_add(cohort=enrol_in, territory=territory)
    return territory


@transaction.atomic
def territory_update(*, territory: Territory, fingerprint: str, **values) -> Territory:
    """Raises transitions.concurrency.StaleEdit when the row changed since the page."""
    locked = Territory.objects.select_for_update().get(pk=territory.pk)
    check_fresh(locked, TERRITORY_FIELDS, fingerprint)
    for name in TERRITORY_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean()
    locked.save(update_fields=TERRITORY_FIELDS)
    return locked


def delegation_add(*, cohort: Cohort, territory: Territory) -> Delegation:
    try:
        with transaction.atomic():
            return Delegation.objects.create(cohort=cohort, territory=territory)
    except IntegrityError:
        raise ValidationError(_("Ce territoire fait déjà partie de la cohorte.")) from None


# --- ESS actor map -----------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *, territory: Territory, user, organisation: dict, relationship: dict
) -> Organisation:
    created = Organisation.objects.create(territory=territory, **organisation)
    Relationship.objects.create(
        territory=territory, organisation=created, recorded_by=user, **relationship
    )
    return created


@transaction.atomic
def organisation_update(*, organisation: Organisation, fingerprint: str, **values) -> Organisation:
    """Edit an organisation's own fields, refused (transitions.concurrency.StaleEdit) when
    the row changed since the page was loaded. Its relationships are not touched: they
    stay append-only (relationship_record)."""
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_fresh(locked, ORGANISATION_FIELDS, fingerprint)
    for name in ORGANISATION_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean(exclude=["territory"], validate_constraints=False)
    try:
        with transaction.atomic():
            locked.save(update_fields=ORGANISATION_FIELDS)
    except IntegrityError:
        # A colleague gave another organisation this name a moment ago.
        raise ValidationError({"name": _("Cette organisation figure déjà sur la carte.")}) from None
    return locked


@transaction.atomic
def relationship_record(*, organisation: Organisation, user, **fields) -> Relationship:
    """Record the relationship as of a date; earlier records stay (the evolution)."""
    return Relationship.objects.create(
        territory=organisation.territory, organisation=organisation, recorded_by=user, **fields
    )


@transaction.atomic
def organisations_import(*, territory: Territory, user, rows: list[tuple[dict, dict]]) -> int:
    """Save the rows of a checked import (territories.forms.organisations_csv_parse), all
    or nothing; returns how many organisations were created."""
    for organisation, relationship in rows:
        organisation_create(
            territory=territory, user=user, organisation=organisation, relationship=relationship
        )
    return len(rows)


# --- Pilot projects (stage 6) -------------------------------------------------------------

_S = PilotProjectStatus
# The one home of the pilot project's status order: which status may follow which. Every
# write of a status (the status buttons, the edit form) asks `pilot_status_check`.
# Forward: idea → positioned → launched ⇄ paused, launched → completed. Back-steps a
# facilitator needs to correct the record: positioned → idea (the positioning fell
# through), launched → positioned (marked launched too early), completed → launched
# (marked completed too early, or work resumes).
PILOT_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    _S.IDEA: frozenset({_S.POSITIONED}),
    _S.POSITIONED: frozenset({_S.LAUNCHED, _S.IDEA}),
    _S.LAUNCHED: frozenset({_S.PAUSED, _S.COMPLETED, _S.POSITIONED}),
    _S.PAUSED: frozenset({_S.LAUNCHED}),
    _S.COMPLETED: frozenset({_S.LAUNCHED}),
}
# A project is recorded at the start of the order, or already under way when it is
# recorded after the fact; never directly paused or completed.
PILOT_INITIAL_STATUSES = frozenset({_S.IDEA, _S.POSITIONED, _S.LAUNCHED})


def pilot_status_next(current: str) -> list[str]:
    """The statuses a project may move to from `current`, in the order of the choices."""
    allowed = PILOT_STATUS_TRANSITIONS.get(current, frozenset())
    return [s for s in PilotProjectStatus.values if s in allowed]


def pilot_status_check(*, current: str | None, new: str) -> None:
    """Raise ValidationError (French, on the `status` field) when `new` may not follow
    `current` (None: a project being created). Staying where one is is always allowed."""
    if new not in PilotProjectStatus.values:
        raise ValidationError({"status": _("État inconnu.")})
    if current is None:
        if new not in PILOT_INITIAL_STATUSES:
            raise ValidationError(
                {
                    "status": _(
                        "Un projet pilote commence à l'état « idée », « positionné » ou « lancé »."
                    )
                }
            )
        return
    if new == current or new in PILOT_STATUS_TRANSITIONS.get(current, frozenset()):
        return
    allowed = ", ".join(f"« {PilotProjectStatus(s).label} »" for s in pilot_status_next(current))
    raise ValidationError(
        {
            "status": _(
                "Un projet « %(current)s » ne peut pas passer à « %(new)s » ; "
                "il peut passer à : %(allowed)s."
            )
            % {
                "current": PilotProjectStatus(current).label,
                "new": PilotProjectStatus(new).label,
                "allowed": allowed,
            }
        }
    )


def _check_partners(delegation: Delegation, partners) -> None:
    if any(o.territory_id != delegation.territory_id for o in partners):
        raise ValidationError(
            {"partners": _("Les partenaires sont choisis sur la carte ESS du territoire.")}
        )


@transaction.atomic
def pilot_project_create(
    *,
    delegation: Delegation,
    title: str,
    description: str = "",
    status: str = PilotProjectStatus.IDEA,
    origin: str = PilotProjectOrigin.SCRATCH,
    axes=(),
    partners=(),
) -> PilotProject:
    partners = list(partners)
    _check_partners(delegation, partners)
    pilot_status_check(current=None, new=status)
    project = PilotProject(
        delegation=delegation, title=title, description=description, status=status, origin=origin
    )
    project.full_clean()
    project.save()
    project.axes.set(axes)
    project.partners.set(partners)
    return project


@transaction.atomic
def pilot_project_update(
    *, project: PilotProject, fingerprint: str, axes, partners, **values
) -> PilotProject:
    """Save the project's fields, axes and partners; raises
    transitions.concurrency.StaleEdit when any of them changed since the page."""
    locked = PilotProject.objects.select_for_update().get(pk=project.pk)
    check_fresh(locked, PILOT_PROJECT_FINGERPRINT, fingerprint)
    partners = list(partners)
    _check_partners(locked.delegation, partners)
    pilot_status_check(current=locked.status, new=values["status"])
    for name in PILOT_PROJECT_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean()
    locked.save(update_fields=[*PILOT_PROJECT_FIELDS, "updated_at"])
    locked.axes.set(axes)
    locked.partners.set(partners)
    return locked


@transaction.atomic
def pilot_project_set_status(*, project: PilotProject, status: str, seen: str) -> PilotProject:
    """Move the project to `status` from the status the person saw (`seen`); raises
    StaleEdit with the saved row when someone changed it meanwhile."""
    if status not in PilotProjectStatus.values:
        raise ValidationError(_("État inconnu."))
    locked = PilotProject.objects.select_for_update().get(pk=project.pk)
    if locked.status != seen:
        raise StaleEdit(locked)
    pilot_status_check(current=locked.status, new=status)
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    return locked


@transaction.atomic
def milestone_add(*, project: PilotProject, title: str, due_on) -> Milestone:
    milestone = Milestone(project=project, title=title, due_on=due_on)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, done: bool) -> Milestone:
    """Idempotent: marking a reached milestone reached again changes nothing."""
    Milestone.objects.filter(pk=milestone.pk).update(done=done)
    milestone.done = done
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, fingerprint: str, **values) -> Milestone:
    """Edit a milestone; raises transitions.concurrency.StaleEdit when it changed since
    the page (a colleague's edit, or its being marked reached)."""
    locked = Milestone.objects.select_for_update().get(pk=milestone.pk)
    check_fresh(locked, MILESTONE_FIELDS, fingerprint)
    for name in MILESTONE_FIELDS:
        setattr(locked, name, values[name])
    locked.full_clean()
    locked.save(update_fields=MILESTONE_FIELDS)
    return locked


@transaction.atomic
def milestone_delete(*, milestone: Milestone) -> None:
    """Idempotent: a milestone a colleague deleted a moment ago stays deleted."""
    Milestone.objects.filter(pk=milestone.pk).delete()
