"""Reads of the parcours core, already scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from transitions import request_scope
from transitions.models import ActorCategory, Cohort, Membership, Role
from transitions.roles import roles_of

# What a page needs to name a person (User.__str__): every other column of the user row
# (password hash, flags, dates) stays in the database.
USER_NAME_FIELDS = ("id", "full_name", "email", "erased_at")


def with_user_names(queryset: QuerySet, *relations: str) -> QuerySet:
    """`select_related` of user foreign keys loading only what names the person."""
    from transitions.models import User

    unused = [f.attname for f in User._meta.concrete_fields if f.attname not in USER_NAME_FIELDS]
    return queryset.select_related(*relations).defer(
        *(f"{relation}__{name}" for relation in relations for name in unused)
    )


def cohorts_for(user) -> QuerySet[Cohort]:
    """Cohorts the user may see: every cohort for staff, else the ones they belong to."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    if user.is_staff:
        return Cohort.objects.all()
    # A subquery, not roles_of(): this queryset is composed into the live pages' polls,
    # which must stay one SQL statement (a memo would add a query to a 304).
    return Cohort.objects.filter(memberships__user=user).distinct()


def cohorts_facilitated_by(user) -> QuerySet[Cohort]:
    if user.is_staff:
        return Cohort.objects.all()
    return Cohort.objects.filter(pk__in=roles_of(user).cohort_ids(Role.FACILITATOR))


# --- Referential -------------------------------------------------------------------------


REFERENTIAL_VERSION_KEY = "transitions:referential-version"

# (version, principles, hints): the referential as this process last loaded it.
_referential: tuple[str, list, dict] | None = None


def _load_referential() -> list:
    from django.db.models import Prefetch

    from transitions.models import Axis, Balise, Principle

    return list(
        Principle.objects.prefetch_related(
            Prefetch(
                "axes",
                queryset=Axis.objects.order_by("letter").prefetch_related(
                    Prefetch("balises", queryset=Balise.objects.order_by("number"))
                ),
            ),
            Prefetch(
                "balises",
                queryset=Balise.objects.order_by("number").prefetch_related(
                    Prefetch("axes", queryset=Axis.objects.order_by("letter"))
                ),
            ),
        ).order_by("number")
    )


def referential_version() -> str:
    """The referential's version in the shared cache: a fresh token when absent (a new
    cache, an eviction), so every process reloads rather than trust what it holds."""
    import uuid

    from django.core.cache import cache

    version = cache.get(REFERENTIAL_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(REFERENTIAL_VERSION_KEY, version, timeout=None):
            version = cache.get(REFERENTIAL_VERSION_KEY) or version
    return version


def referential_changed(**_kwargs) -> None:
    """A principle, axis or balise was saved or deleted (receivers in TransitionsConfig):
    every process reloads the referential on its next request."""
    import uuid

    from django.core.cache import cache

    cache.set(REFERENTIAL_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _referential_now() -> tuple[str, list, dict]:
    """The referential, loaded once per process and version (5 queries), then read from
    memory: one cache read per request, kept in the request scope. Its objects are
    shared between requests: read them, never change them."""
    global _referential
    version = request_scope.memo("referential-version", referential_version)
    if _referential is None or _referential[0] != version:
        principles = _load_referential()
        hints: dict[int, list] = {}
        for principle in principles:  # principles by number, balises by number
            for balise in principle.balises.all():
                for axis in balise.axes.all():
                    hints.setdefault(axis.pk, []).append(balise)
        _referential = (version, principles, hints)
    return _referential


def referential_principles() -> list:
    """The 4 principles with their axes and balises, each balise with the axes it relates
    to and each axis with its balises."""
    return _referential_now()[1]


def balise_hints(axis_ids) -> dict[int, list]:
    """{axis id: [its balises]} for the given axes: the hints shown beside a diagnostic
    item or a peer card (the referential's balise ↔ axis mapping)."""
    hints = _referential_now()[2]
    return {pk: hints[pk] for pk in axis_ids if pk in hints}


# --- Cohorts, stages, meetings -----------------------------------------------------------


def cohort_cards_for(user) -> list[dict]:
    """The user's cohorts with their roles, open stages and next meeting (home page)."""
    from django.utils import timezone

    from transitions.models import Meeting, Stage, StageStatus

    cohorts = list(cohorts_for(user).order_by("-year", "name"))
    if not cohorts:
        return []
    ids = [c.pk for c in cohorts]
    roles: dict[int, list[str]] = {}
    for seat in roles_of(user).seats:
        roles.setdefault(seat.cohort_id, []).append(seat.role)
    open_stages: dict[int, list[Stage]] = {}
    for stage in Stage.objects.filter(
        cohort_id__in=ids, status=StageStatus.OPEN, skipped=False
    ).order_by("order"):
        open_stages.setdefault(stage.cohort_id, []).append(stage)
    next_meeting: dict[int, Meeting] = {}
    for meeting in (
        # A subgroup's meetings are its members' (transitions.view_meeting): the home card
        # shows the next meeting of the whole cohort only.
        Meeting.objects.filter(
            stage__cohort_id__in=ids, starts_at__gte=timezone.now(), subgroup__isnull=True
        )
        .select_related("stage")
        .order_by("starts_at")
    ):
        next_meeting.setdefault(meeting.stage.cohort_id, meeting)
    return [
        {
            "cohort": c,
            "roles": [Role(r).label for r in roles.get(c.pk, [])],
            "open_stages": open_stages.get(c.pk, []),
            "next_meeting": next_meeting.get(c.pk),
            "can_manage": user.is_staff or Role.FACILITATOR in roles.get(c.pk, []),
        }
        for c in cohorts
    ]


def stages_of(cohort) -> QuerySet:
    from transitions.models import Stage

    return Stage.objects.filter(cohort=cohort).order_by("order")


def meetings_of(cohort, *, upcoming_only: bool = False) -> QuerySet:
    from django.utils import timezone

    from transitions.models import Meeting

    qs = Meeting.objects.filter(stage__cohort=cohort).select_related("stage")
    if upcoming_only:
        qs = qs.filter(starts_at__gte=timezone.now())
    return qs.order_by("starts_at")


def delegations_visible_in(user, cohort) -> QuerySet:
    """Delegations of a cohort the user may see: all for facilitators, researchers and
    staff; only their own for agents and participants (an agent of A never sees B)."""
    qs = cohort.delegations.select_related("territory").order_by("territory__name")
    if user.is_staff:
        return qs
    roles = roles_of(user)
    if roles.in_cohort(cohort.pk) & {Role.FACILITATOR, Role.RESEARCHER}:
        return qs
    return qs.filter(pk__in=roles.delegation_ids(cohort.pk))


# --- People ------------------------------------------------------------------------------


def memberships_of(cohort, *, query: str = "", category: str = "", role: str = "") -> QuerySet:
    """Members of a cohort (for its facilitators: the caller checks the right), by actor
    category then name, narrowed by the members page's search (name or address) and
    filters."""
    from django.db.models import Q

    members = Membership.objects.filter(cohort=cohort)
    if category in ActorCategory.values:
        members = members.filter(category=category)
    if role in Role.values:
        members = members.filter(role=role)
    if query:
        members = members.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    return members.select_related("user", "delegation__territory").order_by(
        "category", "role", "user__full_name", "user__email", "pk"
    )


def _invitation_status_q(status: str):
    """`Invitation.status` (a property) as a filter: the same order of precedence."""
    from django.db.models import Q
    from django.utils import timezone

    from transitions.models import InvitationStatus

    undecided = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    return {
        InvitationStatus.ACCEPTED: Q(accepted_at__isnull=False),
        InvitationStatus.REVOKED: Q(accepted_at__isnull=True, revoked_at__isnull=False),
        InvitationStatus.EXPIRED: undecided & Q(expires_at__lte=timezone.now()),
        InvitationStatus.PENDING: undecided & Q(expires_at__gt=timezone.now()),
    }[status]


def invitations_of(
    cohort, *, query: str = "", category: str = "", role: str = "", status: str = ""
) -> QuerySet:
    """A cohort's invitations, newest first, narrowed like `memberships_of` (and by
    status)."""
    from django.db.models import Q

    from transitions.models import Invitation, InvitationStatus

    invitations = Invitation.objects.filter(cohort=cohort)
    if category in ActorCategory.values:
        invitations = invitations.filter(category=category)
    if role in Role.values:
        invitations = invitations.filter(role=role)
    if status in InvitationStatus.values:
        invitations = invitations.filter(_invitation_status_q(status))
    if query:
        invitations = invitations.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return invitations.select_related("delegation__territory").order_by("-created_at", "-pk")


def memberships_of_user(user) -> QuerySet:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("cohort", "delegation__territory")
        .order_by("-cohort__year", "cohort__name", "role")
    )


# --- Facilitator dashboard ---------------------------------------------------------------


def dashboard_for(cohort) -> dict:
    """Everything the facilitator dashboard shows, in a constant number of queries.

    The territory × stage cells come from providers registered by feature apps
    (transitions.dashboard); participation is counted per actor category (the seeds count
    élus / agents / État / socio-économiques) and per territory.
    """
    from django.db.models import Count

    from transitions.dashboard import stage_cells
    from transitions.models import ActorCategory

    delegations = list(cohort.delegations.select_related("territory").order_by("territory__name"))
    stages = [s for s in stages_of(cohort) if not s.skipped]
    columns = [(stage, stage_cells(cohort, stage.kind, delegations)) for stage in stages]
    rows = [
        {"delegation": d, "cells": [(stage, cells[d.pk]) for stage, cells in columns]}
        for d in delegations
    ]

    members = Membership.objects.filter(cohort=cohort, role__in=[Role.AGENT, Role.PARTICIPANT])
    by_category = {c: 0 for c in ActorCategory.values}
    for row in members.values("category").annotate(n=Count("user", distinct=True)):
        if row["category"] in by_category:
            by_category[row["category"]] = row["n"]
    per_delegation: dict[int, dict[str, int]] = {
        d.pk: {c: 0 for c in ActorCategory.values} for d in delegations
    }
    for row in (
        members.filter(delegation__isnull=False)
        .values("delegation_id", "category")
        .annotate(n=Count("user", distinct=True))
    ):
        if row["delegation_id"] in per_delegation and row["category"] in by_category:
            per_delegation[row["delegation_id"]][row["category"]] = row["n"]
    # Invited people count too until they accept: the facilitator sees who is expected.
    from django.utils import timezone

    pending = cohort.invitations.filter(
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        role__in=[Role.AGENT, Role.PARTICIPANT],
    )
    invited_by_category = {c: 0 for c in ActorCategory.values}
    invited_per_delegation: dict[int, int] = {d.pk: 0 for d in delegations}
    for row in pending.values("category", "delegation_id").annotate(n=Count("id")):
        if row["category"] in invited_by_category:
            invited_by_category[row["category"]] += row["n"]
        if row["delegation_id"] in invited_per_delegation:
            invited_per_delegation[row["delegation_id"]] += row["n"]
    categories = [(value, label) for value, label in ActorCategory.choices]
    participation = [
        {
            "delegation": d,
            "counts": [per_delegation[d.pk][c] for c, _label in categories],
            "total": sum(per_delegation[d.pk].values()),
            "invited": invited_per_delegation[d.pk],
        }
        for d in delegations
    ]
    return {
        "stages": stages,
        "rows": rows,
        "categories": categories,
        "by_category": [(label, by_category[value]) for value, label in categories],
        "invited_by_category": [
            (label, by_category[value], invited_by_category[value]) for value, label in categories
        ],
        "participation_total": sum(by_category.values()),
        "invited_total": sum(invited_by_category.values()),
        "participation": participation,
        "upcoming_meetings": list(meetings_of(cohort, upcoming_only=True)[:10]),
    }


def stages_by_kind(cohort_id: int) -> dict:
    """The cohort's stages by kind, read once per request (transitions.request_scope)."""
    from transitions.models import Stage

    return request_scope.memo(
        ("stages", cohort_id),
        lambda: {s.kind: s for s in Stage.objects.filter(cohort_id=cohort_id)},
    )


def stages_prefetch(cohort_ids) -> None:
    """Read the stages of many cohorts in one query for the rest of the request (a page
    asking stage rules over every cohort a person sees, e.g. the home page)."""
    from transitions.models import Stage

    ids = [pk for pk in cohort_ids if pk is not None]
    if not ids:
        return
    found: dict = {("stages", pk): {} for pk in ids}
    for stage in Stage.objects.filter(cohort_id__in=ids):
        found[("stages", stage.cohort_id)][stage.kind] = stage
    request_scope.fill(found)


def stage_of(cohort, kind: str):
    """The cohort's stage of a kind (None when the template lacks it)."""
    return stages_by_kind(cohort.pk).get(kind)


def stage_allows_writes(cohort_id: int, kind: str) -> bool:
    """Whether the cohort's stage of that kind is open. Rules ask `stage_is_open` on an
    object; this is for a service creating the first object of a stage."""
    stage = stages_by_kind(cohort_id).get(kind)
    return stage is not None and stage.is_open


def stage_serving(obj):
    """The stage an object belongs to: its `stage_kind` in its cohort (see transitions.rules)."""
    kind = getattr(obj, "stage_kind", None)
    cohort_id = getattr(obj, "cohort_id", None) if kind else None
    if cohort_id is None:
        return None
    return stages_by_kind(cohort_id).get(kind)


# --- Meetings: visibility, attendance, REX -----------------------------------------------


def meetings_visible_to(user, cohort) -> QuerySet:
    """The cohort's meetings the user may see: a subgroup's meetings only for its
    delegations' members, the facilitators and staff (transitions.view_meeting)."""
    from django.db.models import Q

    from transitions.models import Meeting

    qs = Meeting.objects.filter(stage__cohort=cohort).select_related("stage", "subgroup", "report")
    if user.is_staff:
        return qs.order_by("starts_at")
    roles = roles_of(user)
    in_cohort = roles.in_cohort(cohort.pk)
    if not in_cohort:
        return Meeting.objects.none()
    if Role.FACILITATOR not in in_cohort:
        qs = qs.filter(
            Q(subgroup__isnull=True) | Q(subgroup__delegations__in=roles.delegation_ids(cohort.pk))
        ).distinct()
    return qs.order_by("starts_at")


def subgroups_visible_to(user, cohort) -> QuerySet:
    from transitions.models import Subgroup

    qs = Subgroup.objects.filter(cohort=cohort).prefetch_related("delegations__territory")
    if user.is_staff or Role.FACILITATOR in roles_of(user).in_cohort(cohort.pk):
        return qs.order_by("name")
    return (
        qs.filter(delegations__in=roles_of(user).delegation_ids(cohort.pk))
        .distinct()
        .order_by("name")
    )


def _empty_counts() -> dict[str, int]:
    from transitions.models import AttendanceBucket

    return dict.fromkeys(AttendanceBucket.values, 0)


def attendance_counts(attendances) -> dict:
    """Counts of attendance rows (or dicts with category/sub_role) by bucket and by
    sub-role. The one place counts are made (transitions.models.attendance_bucket sorts)."""
    from transitions.models import attendance_bucket

    by_category = _empty_counts()
    by_sub_role: dict[str, int] = {}
    total = 0
    for row in attendances:
        category = row["category"] if isinstance(row, dict) else row.category
        sub_role = row["sub_role"] if isinstance(row, dict) else row.sub_role
        by_category[attendance_bucket(category, sub_role)] += 1
        if sub_role:
            by_sub_role[sub_role] = by_sub_role.get(sub_role, 0) + 1
        total += 1
    return {"by_category": by_category, "by_sub_role": by_sub_role, "total": total}


def meeting_guest_names(cohort) -> list[str]:
    """Public, for the research app's pseudonymisation: the names of guests recorded as
    present at the cohort's meetings (not members, so no membership names them). Only
    ever used to hide these names in texts, never shown."""
    from transitions.models import Attendance

    return list(
        Attendance.objects.filter(meeting__stage__cohort=cohort)
        .exclude(guest_name="")
        .values_list("guest_name", flat=True)
        .distinct()
    )


def attendance_by_category(cohort) -> list[dict]:
    """Public: per meeting of the cohort, who was present counted by category (élus /
    agents / État / socio-économiques / citoyens / other) and by sub-role. Plain records
    with no name, for pages and for the research app. One query."""
    from transitions.models import Attendance, Meeting

    meetings = list(
        Meeting.objects.filter(stage__cohort=cohort)
        .select_related("stage")
        .order_by("starts_at", "pk")
    )
    rows: dict[int, list[dict]] = {m.pk: [] for m in meetings}
    for row in Attendance.objects.filter(meeting__stage__cohort=cohort).values(
        "meeting_id", "category", "sub_role"
    ):
        rows[row["meeting_id"]].append(row)
    return [
        {
            "meeting_id": m.pk,
            "title": m.title,
            "kind": m.kind,
            "stage_kind": m.stage.kind,
            "subgroup_id": m.subgroup_id,
            "starts_at": m.starts_at,
            **attendance_counts(rows[m.pk]),
        }
        for m in meetings
    ]


def meeting_attendance(meeting) -> dict:
    """A meeting's attendance: the rows (names: facilitators only, the caller checks
    transitions.view_attendance) and the counts by category and sub-role."""
    rows = list(
        meeting.attendances.select_related("user", "delegation__territory").order_by(
            "category", "user__full_name", "guest_name"
        )
    )
    return {"rows": rows, **attendance_counts(rows)}


def rex_timeline(cohort, meetings=None) -> dict:
    """REX and reflexive sessions over time: when each took place, the gap since the
    previous one, how many attended (by category) and how many came back from the previous
    session, so a facilitator sees whether the practice is regular and who keeps it alive."""
    from transitions.models import Attendance, Meeting, MeetingKind

    sessions = list(
        (meetings if meetings is not None else Meeting.objects.filter(stage__cohort=cohort))
        .filter(kind=MeetingKind.REX)
        .select_related("stage", "subgroup")
        .order_by("starts_at", "pk")
    )
    present: dict[int, list[dict]] = {s.pk: [] for s in sessions}
    for row in Attendance.objects.filter(meeting__in=[s.pk for s in sessions]).values(
        "meeting_id", "user_id", "guest_name", "category", "sub_role"
    ):
        present[row["meeting_id"]].append(row)
    entries = []
    previous = None
    seen: set = set()
    for session in sessions:
        people = {r["user_id"] or f"guest:{r['guest_name']}" for r in present[session.pk]}
        previous_people = (
            {r["user_id"] or f"guest:{r['guest_name']}" for r in present[previous.pk]}
            if previous
            else set()
        )
        entries.append(
            {
                "meeting": session,
                "gap_days": (session.starts_at - previous.starts_at).days if previous else None,
                "returning": len(people & previous_people),
                "newcomers": len(people - seen),
                **attendance_counts(present[session.pk]),
            }
        )
        seen |= people
        previous = session
    gaps = [e["gap_days"] for e in entries if e["gap_days"] is not None]
    return {
        "sessions": entries,
        "count": len(entries),
        "average_gap_days": round(sum(gaps) / len(gaps)) if gaps else None,
        "distinct_people": len(seen),
    }


# --- Home: what the core has for each person to do now ---------------------------------


HOME_MEETING_COHORTS = 5


def core_next_actions(user, cohorts) -> list:
    """The open stages of the person's cohorts with the next meeting they may attend
    (`meetings_visible_to`), and, for the cohorts they run, invitations still waiting
    and erasure requests to confirm. Registered with transitions.home."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from transitions import home
    from transitions.l10n import long_date
    from transitions.models import Invitation, Stage, StageStatus
    from transitions.navigation import stage_page_url

    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    # Staff see every cohort on their home: what the stages are doing is on the cohort
    # cards; only the cohorts they hold a seat in get the per-cohort meeting lookup.
    member_of = [c for c in cohorts if roles.in_cohort(c.pk)]
    actions = []
    now = timezone.now()
    stages = Stage.objects.filter(
        cohort__in=member_of, status=StageStatus.OPEN, skipped=False
    ).order_by("cohort_id", "order")
    open_by_cohort: dict[int, list] = {}
    for stage in stages:
        open_by_cohort.setdefault(stage.cohort_id, []).append(stage)
    # The next meeting is looked up (one scoped query each) only in the cohorts under
    # way, at most HOME_MEETING_COHORTS of them, so the page costs the same whatever the
    # number of cohorts a long-serving facilitator has held a seat in.
    active = [c for c in member_of if c.pk in open_by_cohort][:HOME_MEETING_COHORTS]
    for cohort in member_of:
        upcoming = (
            meetings_visible_to(user, cohort).filter(starts_at__gte=now).first()
            if cohort in active
            else None
        )
        meeting_text = (
            _("Prochaine rencontre : %(title)s, le %(date)s.")
            % {"title": upcoming.title, "date": long_date(upcoming.starts_at, "heure")}
            if upcoming
            else ""
        )
        for stage in open_by_cohort.get(cohort.pk, []):
            actions.append(
                home.NextAction(
                    text=_("Étape en cours dans « %(cohort)s » : %(stage)s")
                    % {"cohort": cohort.name, "stage": stage.name},
                    url=stage_page_url(stage)
                    or reverse("transitions:cohort-detail", args=[cohort.pk]),
                    link=_("Voir l'étape"),
                    detail=meeting_text if upcoming and upcoming.stage_id == stage.pk else "",
                    cohort_id=cohort.pk,
                    priority=home.FOLLOW,
                )
            )
        if upcoming and upcoming.stage_id not in {s.pk for s in open_by_cohort.get(cohort.pk, [])}:
            actions.append(
                home.NextAction(
                    text=_("Prochaine rencontre de « %(cohort)s »") % {"cohort": cohort.name},
                    url=reverse("transitions:meeting-detail", args=[cohort.pk, upcoming.pk]),
                    link=_("Voir la rencontre"),
                    detail=meeting_text,
                    cohort_id=cohort.pk,
                    priority=home.FOLLOW,
                )
            )
    run = [c for c in cohorts if user.has_perm("transitions.change_invitation", c)]
    if run:
        counts = {
            row["cohort_id"]: row
            for row in Invitation.objects.filter(
                cohort__in=run, accepted_at__isnull=True, revoked_at__isnull=True
            )
            .values("cohort_id")
            .annotate(
                pending=Count("pk", filter=Q(expires_at__gt=now)),
                expired=Count("pk", filter=Q(expires_at__lte=now)),
            )
        }
        for cohort in run:
            row = counts.get(cohort.pk)
            if not row:
                continue
            parts = []
            if row["pending"]:
                parts.append(
                    ngettext(
                        "%(n)s invitation attend une réponse.",
                        "%(n)s invitations attendent une réponse.",
                        row["pending"],
                    )
                    % {"n": row["pending"]}
                )
            if row["expired"]:
                parts.append(
                    ngettext(
                        "%(n)s invitation a expiré : renvoyez-la ou révoquez-la.",
                        "%(n)s invitations ont expiré : renvoyez-les ou révoquez-les.",
                        row["expired"],
                    )
                    % {"n": row["expired"]}
                )
            actions.append(
                home.NextAction(
                    text=_("Suivre les invitations de « %(cohort)s »") % {"cohort": cohort.name},
                    url=reverse("transitions:member-list", args=[cohort.pk]),
                    link=_("Membres et invitations"),
                    detail=" ".join(parts),
                    cohort_id=cohort.pk,
                    priority=home.WAITING if row["expired"] else home.FOLLOW,
                )
            )
    if user.is_staff or roles.facilitates_anywhere:
        from transitions import personal_data

        waiting = personal_data.pending_erasures_for(user).count()
        if waiting:
            actions.append(
                home.NextAction(
                    text=ngettext(
                        "%(n)s demande d'effacement de données attend votre confirmation",
                        "%(n)s demandes d'effacement de données attendent votre confirmation",
                        waiting,
                    )
                    % {"n": waiting},
                    url=reverse("transitions:erasure-list"),
                    link=_("Voir les demandes"),
                    priority=home.WAITING,
                )
            )
    return actions
