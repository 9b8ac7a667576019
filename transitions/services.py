"""Writes of the parcours core."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from transitions import request_scope
from transitions.concurrency import check_fresh, check_fresh_or_absent
from transitions.hooks import stage_opened
from transitions.models import (
    COHORT_FIELDS,
    DEFAULT_TEMPLATE,
    MEETING_FIELDS,
    MEETING_REPORT_FINGERPRINT,
    MEMBERSHIP_FIELDS,
    ROLES_WITH_CATEGORY,
    STAGE_FIELDS,
    SUBGROUP_FIELDS,
    Attendance,
    Cohort,
    Invitation,
    Meeting,
    MeetingAttachment,
    MeetingLink,
    MeetingOutcome,
    MeetingReport,
    Membership,
    OutcomeKind,
    Role,
    Stage,
    StageStatus,
    Subgroup,
    SubRole,
    User,
    sub_role_fits,
)
from transitions.roles import roles_changed


@transaction.atomic
def cohort_create(
    *,
    name: str,
    year: int,
    created_by: User | None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    description: str = "",
) -> Cohort:
    """Create a cohort from the default parcours template; its creator facilitates it."""
    cohort = Cohort.objects.create(
        name=name,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        created_by=created_by,
    )
    Stage.objects.bulk_create(
        Stage(cohort=cohort, kind=kind, name=str(kind.label), order=index, optional=optional)
        for index, (kind, optional) in enumerate(DEFAULT_TEMPLATE, start=1)
    )
    if created_by is not None and not created_by.is_staff:
        Membership.objects.create(user=created_by, cohort=cohort, role=Role.FACILITATOR)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, fingerprint: str, **values) -> Cohort:
    locked = Cohort.objects.select_for_update().get(pk=cohort.pk)
    check_fresh(locked, COHORT_FIELDS, fingerprint)
    for name in COHORT_FIELDS:
        setattr(locked, name, values[name])
    locked.save(update_fields=COHORT_FIELDS)
    return locked


# --- Stages ------------------------------------------------------------------------------


@transaction.atomic
def stage_update(
    *,
    stage: Stage,
    fingerprint: str,
    name: str,
    opens_on: dt.date | None,
    closes_on: dt.date | None,
    skipped: bool,
) -> Stage:
    locked = Stage.objects.select_for_update().get(pk=stage.pk)
    check_fresh(locked, STAGE_FIELDS, fingerprint)
    if skipped and not locked.optional:
        raise ValidationError(
            {"skipped": _("Seules les étapes facultatives peuvent être sautées.")}
        )
    if skipped and locked.status == StageStatus.OPEN:
        raise ValidationError(
            {
                "skipped": _(
                    "Fermez d'abord cette étape : une étape ouverte ne peut pas être sautée."
                )
            }
        )
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("La clôture prévue doit suivre l'ouverture prévue.")})
    locked.name, locked.opens_on, locked.closes_on, locked.skipped = (
        name,
        opens_on,
        closes_on,
        skipped,
    )
    locked.save(update_fields=STAGE_FIELDS)
    request_scope.forget(("stages", locked.cohort_id))
    return locked


@transaction.atomic
def stage_move(*, stage: Stage, direction: str) -> None:
    """Swap a stage with its neighbour ("up" or "down"); orders are renumbered 1..n."""
    stages = list(
        Stage.objects.select_for_update().filter(cohort_id=stage.cohort_id).order_by("order")
    )
    index = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in {"up", "down"} or not 0 <= target < len(stages):
        raise ValidationError(_("Cette étape ne peut pas être déplacée dans ce sens."))
    stages[index], stages[target] = stages[target], stages[index]
    for position, s in enumerate(stages, start=1):
        s.order = position
    Stage.objects.bulk_update(stages, ["order"])


# Allowed status changes: open an upcoming stage, close an open one, reopen a closed one.
STAGE_TRANSITIONS = {
    StageStatus.UPCOMING: {StageStatus.OPEN},
    StageStatus.OPEN: {StageStatus.CLOSED, StageStatus.UPCOMING},
    StageStatus.CLOSED: {StageStatus.OPEN},
}


@transaction.atomic
def stage_set_status(*, stage: Stage, status: str) -> Stage:
    locked = Stage.objects.select_for_update().get(pk=stage.pk)
    if locked.skipped:
        raise ValidationError(_("Cette étape est sautée : réintégrez-la avant de l'ouvrir."))
    if status not in STAGE_TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("Impossible de passer l'étape « %(name)s » de « %(old)s » à « %(new)s ».")
            % {
                "name": locked.name,
                "old": StageStatus(locked.status).label,
                "new": StageStatus(status).label if status in StageStatus.values else status,
            }
        )
    locked.status = status
    locked.save(update_fields=["status"])
    request_scope.forget(("stages", locked.cohort_id))
    if status == StageStatus.OPEN:
        stage_opened(locked)
    return locked


# --- Meetings ----------------------------------------------------------------------------


def _check_meeting_subgroup(cohort_id: int, subgroup: Subgroup | None) -> None:
    if subgroup is not None and subgroup.cohort_id != cohort_id:
        raise ValidationError({"subgroup": _("Ce sous-groupe n'appartient pas à la cohorte.")})


@transaction.atomic
def meeting_create(*, stage: Stage, **values) -> Meeting:
    values.setdefault("subgroup", None)
    _check_meeting_subgroup(stage.cohort_id, values["subgroup"])
    return Meeting.objects.create(stage=stage, **{k: values[k] for k in MEETING_FIELDS})


@transaction.atomic
def meeting_update(*, meeting: Meeting, fingerprint: str, **values) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("stage").get(pk=meeting.pk)
    check_fresh(locked, MEETING_FIELDS, fingerprint)
    values.setdefault("subgroup", locked.subgroup)
    _check_meeting_subgroup(locked.stage.cohort_id, values["subgroup"])
    for name in MEETING_FIELDS:
        setattr(locked, name, values[name])
    locked.save(update_fields=MEETING_FIELDS)
    return locked


# --- Attendance, closing reports, attachments --------------------------------------------


def meeting_invitees(meeting: Meeting):
    """The memberships whose holders may attend: the cohort's members, or for a subgroup's
    meeting its delegations' members and the facilitators."""
    qs = Membership.objects.filter(cohort_id=meeting.stage.cohort_id)
    if meeting.subgroup_id:
        from django.db.models import Q

        qs = qs.filter(
            Q(role=Role.FACILITATOR) | Q(delegation__in=meeting.subgroup.delegations.all())
        )
    return qs


def _seat_of(memberships: list[Membership]) -> Membership:
    """The membership an attendance copies: a seat with a category first (an agent who
    also takes part counts under their category), then a facilitator's or researcher's."""
    return sorted(memberships, key=lambda m: (not m.category, m.role))[0]


@transaction.atomic
def attendance_set(*, meeting: Meeting, user_ids: set[int]) -> list[Attendance]:
    """Record which members were present: the given set replaces the members' rows (guests
    are kept). Category, sub-role and delegation are copied from the membership now, so a
    later change of membership does not rewrite past attendance."""
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    by_user: dict[int, list[Membership]] = {}
    for membership in meeting_invitees(meeting).filter(user_id__in=user_ids):
        by_user.setdefault(membership.user_id, []).append(membership)
    unknown = set(user_ids) - set(by_user)
    if unknown:
        raise ValidationError(
            _("Certaines personnes cochées ne peuvent pas assister à cette rencontre.")
        )
    meeting.attendances.filter(user__isnull=False).exclude(user_id__in=user_ids).delete()
    existing = set(meeting.attendances.filter(user__isnull=False).values_list("user_id", flat=True))
    rows = []
    for user_id, memberships in by_user.items():
        if user_id in existing:
            continue
        seat = _seat_of(memberships)
        rows.append(
            Attendance(
                meeting=meeting,
                user_id=user_id,
                category=seat.category,
                sub_role=seat.sub_role,
                delegation_id=seat.delegation_id,
            )
        )
    Attendance.objects.bulk_create(rows)
    return list(meeting.attendances.all())


@transaction.atomic
def attendance_add_guest(
    *, meeting: Meeting, name: str, organisation: str = "", category: str = "", sub_role: str = ""
) -> Attendance:
    """An outside guest (a mirror group's challenger, a network's representative)."""
    name = name.strip()
    if not name:
        raise ValidationError({"guest_name": _("Indiquez le nom de la personne invitée.")})
    if sub_role and not category:
        raise ValidationError({"sub_role": _("Choisissez d'abord la catégorie d'acteur.")})
    if not sub_role_fits(category, sub_role):
        raise ValidationError({"sub_role": _("Ce sous-rôle ne correspond pas à la catégorie.")})
    return Attendance.objects.create(
        meeting=meeting,
        guest_name=name,
        guest_organisation=organisation.strip(),
        category=category,
        sub_role=sub_role,
    )


@transaction.atomic
def attendance_remove_guest(*, meeting: Meeting, attendance_id: int) -> None:
    deleted, _rows = meeting.attendances.filter(pk=attendance_id, user__isnull=True).delete()
    if not deleted:
        raise ValidationError(_("Cette personne invitée n'est plus dans la liste."))


def _clean_link(url: str) -> str:
    url = url.strip()
    # A path of this site or an http(s) address: never javascript: or data: links.
    if url.startswith("/") and not url.startswith("//"):
        return url
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            _(
                "« %(url)s » n'est pas une adresse valide (un chemin commençant par / ou http(s)://)."
            )
            % {"url": url}
        ) from None
    return url


@transaction.atomic
def meeting_report_save(
    *,
    meeting: Meeting,
    user: User | None,
    fingerprint: str,
    summary: str,
    learnings: str,
    outcomes: list[dict],
    links: list[dict],
) -> MeetingReport:
    """Write (or rewrite) a meeting's closing report with its decisions, next steps and
    links, all or nothing. A next step needs an owner and a date."""
    # The meeting's row lock serialises report writers, so the check below and the rewrite
    # of the report's rows happen with nobody in between.
    Meeting.objects.select_for_update().get(pk=meeting.pk)
    report = MeetingReport.objects.filter(meeting=meeting).first()
    check_fresh_or_absent(report, MEETING_REPORT_FINGERPRINT, fingerprint)
    if not summary.strip():
        raise ValidationError({"summary": _("Dites en quelques lignes ce qui a été fait.")})
    errors = []
    for outcome in outcomes:
        if outcome["kind"] == OutcomeKind.NEXT_STEP and not (
            outcome.get("owner") and outcome.get("due_on")
        ):
            errors.append(
                _("La prochaine étape « %(text)s » demande un·e porteur·se et une échéance.")
                % {"text": outcome["text"]}
            )
    cleaned_links = []
    for link in links:
        try:
            cleaned_links.append({"label": link["label"].strip(), "url": _clean_link(link["url"])})
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    if report is None:
        report = MeetingReport(meeting=meeting, closed_by=user)
    report.summary, report.learnings = summary.strip(), learnings.strip()
    report.save()
    report.outcomes.all().delete()
    MeetingOutcome.objects.bulk_create(
        MeetingOutcome(
            report=report,
            kind=o["kind"],
            text=o["text"].strip(),
            owner=(o.get("owner") or "").strip(),
            due_on=o.get("due_on"),
        )
        for o in outcomes
    )
    report.links.all().delete()
    MeetingLink.objects.bulk_create(MeetingLink(report=report, **link) for link in cleaned_links)
    return report


ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_EXTENSIONS = (
    "pdf odt ods odp doc docx xls xlsx ppt pptx txt csv md png jpg jpeg gif webp svg".split()
)


@transaction.atomic
def meeting_attachment_add(*, meeting: Meeting, upload, user: User | None) -> MeetingAttachment:
    from pathlib import Path

    name = Path(upload.name or "").name[:200]
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix not in ATTACHMENT_EXTENSIONS:
        raise ValidationError(
            _("Ce type de fichier n'est pas accepté (formats acceptés : %(formats)s).")
            % {"formats": ", ".join(ATTACHMENT_EXTENSIONS)}
        )
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("Le fichier dépasse 10 Mo."))
    attachment = MeetingAttachment(
        meeting=meeting, filename=name, size=upload.size, uploaded_by=user
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def meeting_attachment_delete(*, attachment: MeetingAttachment) -> None:
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # Remove the stored file only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)


# --- Subgroups (learning community) ------------------------------------------------------


def _check_subgroup(*, cohort: Cohort, name: str, delegations, exclude_pk=None) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = _("Donnez un nom au sous-groupe.")
    elif (
        Subgroup.objects.filter(cohort=cohort, name__iexact=name.strip())
        .exclude(pk=exclude_pk)
        .exists()
    ):
        errors["name"] = _("Un sous-groupe de ce nom existe déjà dans la cohorte.")
    if not delegations:
        errors["delegations"] = _("Choisissez au moins un territoire.")
    elif any(d.cohort_id != cohort.pk for d in delegations):
        errors["delegations"] = _("Ces territoires doivent appartenir à la cohorte.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def subgroup_create(
    *, cohort: Cohort, name: str, basis: str, description: str = "", delegations
) -> Subgroup:
    delegations = list(delegations)
    _check_subgroup(cohort=cohort, name=name, delegations=delegations)
    subgroup = Subgroup.objects.create(
        cohort=cohort, name=name.strip(), basis=basis, description=description
    )
    subgroup.delegations.set(delegations)
    return subgroup


@transaction.atomic
def subgroup_update(
    *, subgroup: Subgroup, fingerprint: str, name: str, basis: str, description: str, delegations
) -> Subgroup:
    locked = Subgroup.objects.select_for_update().get(pk=subgroup.pk)
    check_fresh(locked, SUBGROUP_FIELDS, fingerprint)
    delegations = list(delegations)
    _check_subgroup(cohort=locked.cohort, name=name, delegations=delegations, exclude_pk=locked.pk)
    locked.name, locked.basis, locked.description = name.strip(), basis, description
    locked.save(update_fields=SUBGROUP_FIELDS)
    locked.delegations.set(delegations)
    return locked


# --- Memberships -------------------------------------------------------------------------


def _check_sub_role(*, role: str, category: str, sub_role: str) -> None:
    if sub_role and role not in ROLES_WITH_CATEGORY:
        raise ValidationError(
            {"sub_role": _("Seul·es les agent·es et participant·es ont un sous-rôle.")}
        )
    if sub_role not in ("", *SubRole.values):
        raise ValidationError({"sub_role": _("Ce sous-rôle n'existe pas.")})
    if not sub_role_fits(category, sub_role):
        raise ValidationError(
            {"sub_role": _("Ce sous-rôle ne correspond pas à la catégorie d'acteur choisie.")}
        )


@transaction.atomic
def membership_update(
    *, membership: Membership, fingerprint: str, category: str, sub_role: str
) -> Membership:
    """Change a member's actor category and sub-role (agents and participants)."""
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    check_fresh(locked, MEMBERSHIP_FIELDS, fingerprint)
    if locked.role not in ROLES_WITH_CATEGORY:
        raise ValidationError(
            _("Seul·es les agent·es et participant·es ont une catégorie et un sous-rôle.")
        )
    if not category:
        raise ValidationError({"category": _("Indiquez la catégorie d'acteur.")})
    _check_sub_role(role=locked.role, category=category, sub_role=sub_role)
    locked.category, locked.sub_role = category, sub_role
    locked.save(update_fields=MEMBERSHIP_FIELDS)
    roles_changed(locked.user_id)
    return locked


# --- Invitations -------------------------------------------------------------------------


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse(
        "transitions:invitation-accept", kwargs={"token": invitation.token}
    )


def _send_invitation_email(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related(
        "cohort", "invited_by", "delegation__territory"
    ).get(pk=invitation_id)
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    send_mail(
        subject=_("Invitation à rejoindre la cohorte « %(cohort)s »")
        % {"cohort": invitation.cohort.name},
        message=render_to_string("transitions/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def validate_invitation_fields(
    *, cohort: Cohort, email: str, role: str, category: str, delegation, sub_role: str = ""
) -> None:
    """Role-specific requirements shared by the single and the bulk invitation."""
    _check_sub_role(role=role, category=category, sub_role=sub_role)
    errors = {}
    if role in ROLES_WITH_CATEGORY:
        if not category:
            errors["category"] = _("Indiquez la catégorie d'acteur (agent·e et participant·e).")
        if delegation is None:
            errors["delegation"] = _("Indiquez la délégation (agent·e et participant·e).")
    if delegation is not None and delegation.cohort_id != cohort.pk:
        errors["delegation"] = _("Cette délégation n'appartient pas à la cohorte.")
    if errors:
        raise ValidationError(errors)
    duplicate = duplicate_invitation_message(cohort=cohort, email=email, role=role)
    if duplicate:
        raise ValidationError({"email": duplicate})


def duplicate_invitation_message(*, cohort: Cohort, email: str, role: str) -> str:
    email = email.strip().lower()
    if Membership.objects.filter(cohort=cohort, user__email__iexact=email, role=role).exists():
        return _("Cette personne est déjà membre de la cohorte avec ce rôle.")
    pending = Invitation.objects.filter(
        cohort=cohort,
        email__iexact=email,
        role=role,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        return _("Une invitation en attente existe déjà pour cette adresse et ce rôle.")
    return ""


def _new_invitation(
    *, cohort, email, full_name, role, category, delegation, invited_by, sub_role=""
) -> Invitation:
    now = timezone.now()
    return Invitation(
        cohort=cohort,
        email=email.strip().lower(),
        full_name=full_name.strip(),
        role=role,
        category=category if role in ROLES_WITH_CATEGORY else "",
        sub_role=sub_role if role in ROLES_WITH_CATEGORY else "",
        delegation=delegation if role in ROLES_WITH_CATEGORY else None,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        sent_at=now,
        expires_at=now + dt.timedelta(days=Invitation.VALIDITY_DAYS),
    )


@transaction.atomic
def invitation_create(
    *,
    cohort: Cohort,
    email: str,
    full_name: str,
    role: str,
    category: str,
    delegation,
    invited_by: User | None,
    sub_role: str = "",
) -> Invitation:
    validate_invitation_fields(
        cohort=cohort,
        email=email,
        role=role,
        category=category,
        delegation=delegation,
        sub_role=sub_role,
    )
    invitation = _new_invitation(
        cohort=cohort,
        email=email,
        full_name=full_name,
        role=role,
        category=category,
        sub_role=sub_role,
        delegation=delegation,
        invited_by=invited_by,
    )
    invitation.save()
    # Mail only once the row is committed: a rolled-back invitation sends nothing.
    transaction.on_commit(lambda: _send_invitation_email(invitation.pk))
    return invitation


@transaction.atomic
def invitations_create_many(
    *, cohort: Cohort, rows: list[dict], invited_by: User | None
) -> list[Invitation]:
    """Create already-validated invitations together (all or nothing)."""
    invitations = Invitation.objects.bulk_create(
        [_new_invitation(cohort=cohort, invited_by=invited_by, **row) for row in rows]
    )
    ids = [i.pk for i in invitations]

    def send_all() -> None:
        for pk in ids:
            _send_invitation_email(pk)

    transaction.on_commit(send_all)
    return invitations


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Send the link again with a fresh 14-day validity (pending or expired invitations)."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at:
        raise ValidationError(_("Cette invitation a déjà été acceptée."))
    if locked.revoked_at:
        raise ValidationError(_("Cette invitation a été révoquée : créez-en une nouvelle."))
    now = timezone.now()
    locked.sent_at = now
    locked.expires_at = now + dt.timedelta(days=Invitation.VALIDITY_DAYS)
    locked.save(update_fields=["sent_at", "expires_at"])
    transaction.on_commit(lambda: _send_invitation_email(locked.pk))
    return locked


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.accepted_at:
        raise ValidationError(
            _("Cette invitation a déjà été acceptée : elle ne peut plus être révoquée.")
        )
    if not locked.revoked_at:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked


@transaction.atomic
def invitation_restore(*, invitation: Invitation) -> Invitation:
    """Undo a revocation within Invitation.RESTORE_HOURS: the same link works again
    until its original expiry."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.revoked_at:
        return locked
    if not locked.restorable:
        raise ValidationError(
            _(
                "Cette invitation a été révoquée il y a plus de %(hours)s heures : "
                "envoyez-en une nouvelle."
            )
            % {"hours": Invitation.RESTORE_HOURS}
        )
    locked.revoked_at = None
    locked.save(update_fields=["revoked_at"])
    return locked


def invitation_problem(invitation: Invitation) -> str:
    """Why an invitation link cannot be used, in French; empty when it can."""
    from transitions.models import InvitationStatus

    status = invitation.status
    if status == InvitationStatus.ACCEPTED:
        return _("Cette invitation a déjà été acceptée. Connectez-vous pour accéder à la cohorte.")
    if status == InvitationStatus.REVOKED:
        return _("Cette invitation a été annulée par l'équipe d'animation.")
    if status == InvitationStatus.EXPIRED:
        return _(
            "Cette invitation a expiré (elle était valable %(days)s jours). "
            "Demandez à l'équipe d'animation de vous la renvoyer."
        ) % {"days": Invitation.VALIDITY_DAYS}
    return ""


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User, research_consent: bool) -> Membership:
    """Turn a valid invitation into a membership of the invited user."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(locked)
    if problem:
        raise ValidationError(problem)
    if user.email.lower() != locked.email.lower():
        raise ValidationError(
            _("Cette invitation a été envoyée à une autre adresse e-mail que la vôtre.")
        )
    now = timezone.now()
    membership, _created = Membership.objects.update_or_create(
        user=user,
        cohort_id=locked.cohort_id,
        role=locked.role,
        defaults={
            "category": locked.category,
            "sub_role": locked.sub_role,
            "delegation_id": locked.delegation_id,
            "research_consent": research_consent,
            "research_consent_at": now,
        },
    )
    if not user.full_name and locked.full_name:
        user.full_name = locked.full_name
        user.save(update_fields=["full_name"])
    locked.accepted_at = now
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    roles_changed(user.pk)
    return membership


# --- Research consent --------------------------------------------------------------------


@transaction.atomic
def research_consent_set(*, user: User, cohort: Cohort, consent: bool) -> int:
    """Set the member's research consent for every role they hold in the cohort."""
    updated = Membership.objects.filter(user=user, cohort=cohort).update(
        research_consent=consent, research_consent_at=timezone.now()
    )
    roles_changed(user.pk)
    return updated
