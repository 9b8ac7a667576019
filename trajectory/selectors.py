"""Reads of a territory's trajectory, scoped to the viewer.

The scope is the diagnostic's (`diagnostics.selectors.delegations_for`). Every object a
link may point at is read through its own app's public selector, among what the viewer
may see there: a link whose end the viewer may not see shows nothing of it. Peer
contributions are read only through `peergroups.selectors.shared_contributions` (no
author, shared ones only) and diagnostic findings are the results by category, so a
trajectory never reveals an unshared contribution or a respondent's name.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agora.models import Agora, Card, Forum, ForumStatus, Opportunity, Statement
from agora.selectors import cards_for, forums_for
from diagnostics import scores
from diagnostics.models import Diagnostic, DiagnosticStatus
from diagnostics.selectors import delegations_for as diagnostic_delegations_for
from diagnostics.selectors import diagnostics_for
from peergroups.selectors import shared_contributions
from territories.models import Delegation, PilotProject, Relationship, RelationType
from territories.selectors import pilot_projects_for
from trajectory.models import (
    ACHIEVEMENT_KINDS,
    RANK,
    Engagement,
    Link,
    NodeKind,
    StoryEntry,
    link_type_label,
)
from transitions.models import ActorCategory, AttendanceBucket, Membership, Role
from transitions.selectors import attendance_by_category, meetings_visible_to

# A diagnostic finding (DOMAIN §5.1 levels 0–4): an axis whose overall level is at most
# "emerging" (1: isolated actions carried by a few people), or whose categories see it
# far apart (consensus/dissensus as data).
LOW_LEVEL = 1.0
LARGE_GAP = 1.5
SUGGESTIONS = 6


def delegations_for(user) -> QuerySet[Delegation]:
    """The delegations whose trajectory the user may see: exactly their diagnostic's."""
    return diagnostic_delegations_for(user)


# --- Nodes: what a link may join ---------------------------------------------------------


@dataclass
class Node:
    kind: str
    id: int
    label: str  # short, for the drawing
    text: str  # longer, for the page
    axes: frozenset[str] = frozenset()
    date: dt.date | None = None
    url: str = ""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def rank(self) -> int:
        return RANK[self.kind]

    @property
    def kind_label(self) -> str:
        return str(NodeKind(self.kind).label)


# `user=None` reads a delegation as its own records stand (what its delegation and the
# cohort's facilitators both see): the background PDF renders run without a viewer.


def diagnostic_of(user, delegation) -> Diagnostic | None:
    qs = Diagnostic.objects.all() if user is None else diagnostics_for(user)
    return qs.filter(delegation=delegation).first()


def is_finding(row: scores.Row) -> bool:
    """An axis row of a diagnostic's results makes a finding: a low overall level or a
    large gap between categories. Pure, so it is tested by hand."""
    low = row.overall.mean is not None and row.overall.mean <= LOW_LEVEL
    gap = row.gap is not None and row.gap >= LARGE_GAP
    return low or gap


def findings_of(result: scores.Results) -> list[scores.Row]:
    return [row for row in result.axes if is_finding(row)]


def _finding_label(row: scores.Row) -> str:
    parts = [row.item.code]
    if row.overall.mean is not None:
        parts.append(_("niveau %(level).1f") % {"level": row.overall.mean})
    if row.gap is not None and row.gap >= LARGE_GAP:
        parts.append(_("écart %(gap).1f") % {"gap": row.gap})
    return " · ".join(parts)


def _day(value) -> dt.date | None:
    if value is None:
        return None
    return timezone.localdate(value) if isinstance(value, dt.datetime) else value


def nodes_for(user, delegation, *, result: scores.Results | None = None) -> dict[str, Node]:
    """Every object of the delegation's parcours the user may see and a link may join,
    keyed "kind:id". The cohort-wide texts (shared contributions, agora statements) come
    only when the user may see the agora."""
    nodes: dict[str, Node] = {}

    def add(node: Node) -> None:
        nodes[node.key] = node

    diagnostic = diagnostic_of(user, delegation)
    if diagnostic is not None:
        result = result or scores.diagnostic_results(diagnostic)
        when = _day(diagnostic.submitted_at or diagnostic.created_at)
        url = reverse("diagnostics:results-detail", args=[diagnostic.pk])
        for row in findings_of(result):
            add(
                Node(
                    kind=NodeKind.FINDING,
                    id=row.item.pk,
                    label=_finding_label(row),
                    text=f"{row.item.code} {row.item.label}",
                    axes=frozenset({row.item.code}),
                    date=when,
                    url=url,
                )
            )
    cohort = delegation.cohort
    # What the peer groups shared is the agora's to show: asked of the agora's rule, on
    # the cohort's agora (its row exists once the agora stage opened; the rule reads only
    # the cohort, so an unsaved one answers the same before).
    agora = Agora.objects.filter(cohort=cohort).first() or Agora(cohort=cohort)
    if user is None or user.has_perm("agora.view_agora", agora):
        agora_url = reverse("agora:agora-detail", args=[cohort.pk])
        for c in shared_contributions(cohort):
            add(
                Node(
                    kind=NodeKind.CONTRIBUTION,
                    id=c.id,
                    label=f"{c.category_label} · {c.kind_label}",
                    text=c.text,
                    axes=frozenset(c.axes),
                    url=agora_url,
                )
            )
        statements = Statement.objects.filter(agora__cohort=cohort).prefetch_related(
            "sources__axes"
        )
        for s in statements:
            axes = frozenset(a.code for src in s.sources.all() for a in src.axes.all())
            add(
                Node(
                    kind=NodeKind.STATEMENT,
                    id=s.pk,
                    label=f"{s.get_kind_display()}",
                    text=s.text,
                    axes=axes,
                    date=_day(s.created_at),
                    url=agora_url,
                )
            )
    cards = (
        (Card.objects.all() if user is None else cards_for(user))
        .filter(table__forum__delegation=delegation, merged_into__isnull=True)
        .select_related("table__forum")
        .prefetch_related("axes")
    )
    for card in cards:
        forum = card.table.forum
        add(
            Node(
                kind=NodeKind.CARD,
                id=card.pk,
                label=card.get_kind_display(),
                text=card.text,
                axes=frozenset(a.code for a in card.axes.all()),
                date=forum.held_on,
                url=reverse("agora:forum-harvest", args=[forum.pk]),
            )
        )
    opportunities = (
        Opportunity.objects.filter(forum__delegation=delegation)
        .filter(**({} if user is None else {"forum__in": forums_for(user)}))
        .select_related("forum")
        .prefetch_related("axes")
    )
    for o in opportunities:
        add(
            Node(
                kind=NodeKind.OPPORTUNITY,
                id=o.pk,
                label=o.title,
                text=o.title,
                axes=frozenset(a.code for a in o.axes.all()),
                date=o.forum.held_on,
                url=reverse("agora:forum-harvest", args=[o.forum_id]),
            )
        )
    pilots = PilotProject.objects.all() if user is None else pilot_projects_for(user)
    for p in pilots.filter(delegation=delegation).prefetch_related("axes"):
        add(
            Node(
                kind=NodeKind.PILOT,
                id=p.pk,
                label=p.title,
                text=f"{p.title} ({p.get_status_display()})",
                axes=frozenset(a.code for a in p.axes.all()),
                date=_day(p.created_at),
                url=reverse("territories:pilot-detail", args=[p.pk]),
            )
        )
    return nodes


# --- Links -------------------------------------------------------------------------------


@dataclass
class ShownLink:
    pk: int
    source: Node
    target: Node
    type_label: str


@dataclass
class LinkView:
    shown: list[ShownLink]
    hidden: int  # links with an end the viewer may not see: counted, never described


def links_for(user, delegation, nodes: dict[str, Node]) -> LinkView:
    """The delegation's links whose two ends the viewer may see (`nodes` is
    `nodes_for(user, delegation)`)."""
    shown, hidden = [], 0
    for link in Link.objects.filter(delegation=delegation).order_by("pk"):
        source = nodes.get(f"{link.source_kind}:{link.source_id}")
        target = nodes.get(f"{link.target_kind}:{link.target_id}")
        if source is None or target is None:
            hidden += 1
            continue
        shown.append(ShownLink(link.pk, source, target, link_type_label(link.target_kind)))
    return LinkView(shown=shown, hidden=hidden)


def suggestions(node: Node, nodes: dict[str, Node], linked: set[tuple[str, str]]) -> list[Node]:
    """What `node` may be linked to, nearest first: the objects of a later stage (or an
    earlier one, linked the other way) that share an axis with it and are not linked to
    it yet. Pure, so it is tested by hand."""
    scored = []
    for other in nodes.values():
        if other.rank == node.rank or not (other.axes & node.axes):
            continue
        pair = (node.key, other.key) if node.rank < other.rank else (other.key, node.key)
        if pair in linked:
            continue
        scored.append((-len(other.axes & node.axes), other.rank, other.kind, other.id, other))
    return [entry[-1] for entry in sorted(scored)[:SUGGESTIONS]]


def linked_pairs(delegation) -> set[tuple[str, str]]:
    return {
        (f"{s_kind}:{s_id}", f"{t_kind}:{t_id}")
        for s_kind, s_id, t_kind, t_id in Link.objects.filter(delegation=delegation).values_list(
            "source_kind", "source_id", "target_kind", "target_id"
        )
    }


def candidates(node: Node, nodes: dict[str, Node], linked: set[tuple[str, str]]) -> list[Node]:
    """Everything `node` may still be linked to (the panel's full list)."""
    out = []
    for other in nodes.values():
        if other.rank == node.rank:
            continue
        pair = (node.key, other.key) if node.rank < other.rank else (other.key, node.key)
        if pair not in linked:
            out.append(other)
    return sorted(out, key=lambda n: (n.rank, n.kind, n.id))


# --- Timeline ----------------------------------------------------------------------------


@dataclass
class Step:
    """One stage of the parcours on the territory's timeline."""

    key: str
    title: str
    date: dt.date | None
    lines: list[str] = field(default_factory=list)
    url: str = ""
    done: bool = False


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def principle_levels(result: scores.Results) -> list[tuple[str, float | None]]:
    return [(r.item.code, r.overall.mean) for r in result.principles]


def sessions_attended(user, delegation) -> list[dict]:
    """The cohort's meetings the viewer may see (without a viewer: the plenary ones and
    the delegation's subgroups'), with who came counted by category
    (transitions.selectors.attendance_by_category: counts, never names)."""
    cohort = delegation.cohort
    if user is None:
        subgroups = set(delegation.subgroups.values_list("pk", flat=True))
        return [
            row
            for row in attendance_by_category(cohort)
            if row["subgroup_id"] is None or row["subgroup_id"] in subgroups
        ]
    visible = set(meetings_visible_to(user, cohort).values_list("pk", flat=True))
    return [row for row in attendance_by_category(cohort) if row["meeting_id"] in visible]


def attendance_totals(rows: list[dict]) -> dict[str, int]:
    """Sum of the meetings' counts per category bucket. Pure."""
    totals: Counter[str] = Counter()
    for row in rows:
        totals.update(row["by_category"])
    return {bucket: totals.get(bucket, 0) for bucket in AttendanceBucket.values}


def next_diagnostic(user, delegation) -> Diagnostic | None:
    """The territory's diagnostic in a later cohort, if the viewer may see it (never
    without a viewer: another cohort's records are not the delegation's)."""
    if user is None:
        return None
    return (
        diagnostics_for(user)
        .filter(
            delegation__territory_id=delegation.territory_id,
            delegation__cohort__year__gt=delegation.cohort.year,
        )
        .order_by("delegation__cohort__year", "created_at")
        .first()
    )


def timeline(user, delegation, nodes: dict[str, Node], result: scores.Results | None) -> list[Step]:
    """The territory's parcours in order: diagnostic levels per principle, the sessions
    attended by category, agora, forum, opportunities, pilot project, the next diagnostic."""
    steps: list[Step] = []
    diagnostic = diagnostic_of(user, delegation)
    if diagnostic is not None and result is not None:
        levels = " · ".join(f"{code} {_fmt(mean)}" for code, mean in principle_levels(result))
        findings = sum(1 for n in nodes.values() if n.kind == NodeKind.FINDING)
        steps.append(
            Step(
                "diagnostic",
                _("Diagnostic"),
                _day(diagnostic.submitted_at or diagnostic.created_at),
                [
                    levels,
                    _("%(n)s répondant·es · %(f)s constat(s)")
                    % {"n": result.respondents, "f": findings},
                ],
                reverse("diagnostics:results-detail", args=[diagnostic.pk]),
                diagnostic.status != DiagnosticStatus.DRAFT,
            )
        )
    else:
        steps.append(Step("diagnostic", _("Diagnostic"), None, [_("pas encore ouvert")]))
    sessions = sessions_attended(user, delegation)
    if sessions:
        totals = attendance_totals(sessions)
        labels = dict(AttendanceBucket.choices)
        steps.append(
            Step(
                "sessions",
                _("Séances de la cohorte"),
                _day(sessions[0]["starts_at"]),
                [
                    _("%(n)s séance(s)") % {"n": len(sessions)},
                    " · ".join(f"{labels[b]} {n}" for b, n in totals.items() if n),
                ],
                done=True,
            )
        )
    statements = [n for n in nodes.values() if n.kind == NodeKind.STATEMENT]
    contributions = [n for n in nodes.values() if n.kind == NodeKind.CONTRIBUTION]
    if statements or contributions:
        steps.append(
            Step(
                "agora",
                _("Pairs et agora"),
                min((n.date for n in statements if n.date), default=None),
                [
                    _("%(c)s contribution(s) partagée(s), %(s)s énoncé(s)")
                    % {"c": len(contributions), "s": len(statements)}
                ],
                done=True,
            )
        )
    forums = Forum.objects.all() if user is None else forums_for(user)
    forum = forums.filter(delegation=delegation).first()
    if forum is not None:
        cards = sum(1 for n in nodes.values() if n.kind == NodeKind.CARD)
        steps.append(
            Step(
                "forum",
                _("Forum territorial"),
                forum.held_on,
                [forum.get_status_display(), _("%(n)s carton(s)") % {"n": cards}],
                reverse("agora:forum-detail", args=[forum.pk]),
                forum.status != ForumStatus.PREPARING,
            )
        )
    opportunities = [n for n in nodes.values() if n.kind == NodeKind.OPPORTUNITY]
    if opportunities:
        steps.append(
            Step(
                "opportunities",
                _("Opportunités de coopération"),
                min((n.date for n in opportunities if n.date), default=None),
                [n.label for n in opportunities[:3]],
                done=True,
            )
        )
    pilots = [n for n in nodes.values() if n.kind == NodeKind.PILOT]
    steps.append(
        Step(
            "pilot",
            _("Projet pilote"),
            min((n.date for n in pilots if n.date), default=None),
            [n.text for n in pilots[:3]] or [_("pas encore positionné")],
            pilots[0].url if pilots else "",
            bool(pilots),
        )
    )
    later = next_diagnostic(user, delegation)
    steps.append(
        Step(
            "next_diagnostic",
            _("Diagnostic suivant"),
            _day(later.created_at) if later else None,
            [str(later.delegation.cohort)] if later else [_("à programmer")],
            reverse("diagnostics:results-detail", args=[later.pk]) if later else "",
            later is not None,
        )
    )
    return steps


# --- Evolution: two diagnostics of the territory -----------------------------------------


def territory_diagnostics(user, delegation) -> list[Diagnostic]:
    """The territory's diagnostics (every cohort) the viewer may see, oldest first."""
    return list(
        diagnostics_for(user)
        .filter(delegation__territory_id=delegation.territory_id)
        .order_by("created_at")
    )


def relation_types_on(territory_id: int, day: dt.date) -> dict[str, int]:
    """How many organisations of the territory stood in each relationship type on `day`
    (each organisation's latest dated relationship up to that day)."""
    latest: dict[int, str] = {}
    for org_id, relation_type in (
        Relationship.objects.filter(territory_id=territory_id, observed_on__lte=day)
        .order_by("organisation_id", "observed_on", "recorded_at")
        .values_list("organisation_id", "relation_type")
    ):
        latest[org_id] = relation_type
    counts = Counter(latest.values())
    return {value: counts.get(value, 0) for value in RelationType.values}


def evolution(before: Diagnostic, after: Diagnostic) -> dict:
    """Principle levels then and now, and the ESS map's relationship types on each date."""
    then_result = scores.diagnostic_results(before)
    now_result = scores.diagnostic_results(after)
    then_levels = dict(principle_levels(then_result))
    rows = []
    for code, now in principle_levels(now_result):
        then = then_levels.get(code)
        delta = None if then is None or now is None else now - then
        rows.append({"code": code, "then": then, "now": now, "delta": delta})
    then_day = _day(before.submitted_at or before.created_at)
    now_day = _day(after.submitted_at or after.created_at)
    territory_id = after.delegation.territory_id
    then_types = relation_types_on(territory_id, then_day)
    now_types = relation_types_on(territory_id, now_day)
    labels = dict(RelationType.choices)
    return {
        "before": before,
        "after": after,
        "then_day": then_day,
        "now_day": now_day,
        "principles": rows,
        "relations": [
            {"label": labels[value], "then": then_types[value], "now": now_types[value]}
            for value in RelationType.values
        ],
    }


# --- Récit, engagement, overload ---------------------------------------------------------


def story_of(delegation) -> QuerySet[StoryEntry]:
    return StoryEntry.objects.filter(delegation=delegation).order_by(
        "happened_on", "created_at", "pk"
    )


def engagements_of(delegation) -> QuerySet[Engagement]:
    return Engagement.objects.filter(delegation=delegation).order_by("happened_on", "pk")


def carried_by_role(delegation) -> list[dict]:
    """Who carried what, by role: per actor category, the things carried. No name."""
    labels = dict(ActorCategory.choices)
    grouped: dict[str, list[str]] = defaultdict(list)
    for e in engagements_of(delegation):
        grouped[e.category].append(e.what)
    return [
        {"category": labels[value], "items": grouped[value]}
        for value in ActorCategory.values
        if grouped.get(value)
    ]


# An overload signal: at least OVERLOAD_MIN_ITEMS things were carried by named people,
# and a few of them (the top OVERLOAD_FEW_SHARE of the delegation's members, at least
# one person) carry OVERLOAD_SHARE of them or more (DOMAIN §6, "l'engagement est
# potentiellement épuisant"; engagement balise 5).
OVERLOAD_MIN_ITEMS = 5
OVERLOAD_SHARE = 0.6
OVERLOAD_FEW_SHARE = 0.25


@dataclass
class Overload:
    overloaded: bool
    items: int  # things carried by a named person
    members: int  # people of the delegation who could carry
    few: int  # how many people "the few" are
    share: float  # what share of the items the few carry
    carriers: list[tuple[int, int]] = field(default_factory=list)  # (user id, items), most first


def overload_of(carrier_ids: list[int], members: int) -> Overload:
    """Pure: `carrier_ids` has one entry per thing carried (by that person's id);
    `members` counts the delegation's members (agents and participants)."""
    counts = Counter(carrier_ids)
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    items = len(carrier_ids)
    few = max(1, math.floor(max(members, len(counts)) * OVERLOAD_FEW_SHARE))
    carried_by_few = sum(n for _id, n in ordered[:few])
    share = carried_by_few / items if items else 0.0
    overloaded = items >= OVERLOAD_MIN_ITEMS and share >= OVERLOAD_SHARE and members > few
    return Overload(overloaded, items, members, few, share, ordered)


def overload_signal(delegation) -> dict:
    """The overload signal of a delegation, with the few people's names, for the
    cohort's facilitators only (rule `trajectory.view_overload`)."""
    carrier_ids = list(
        Engagement.objects.filter(delegation=delegation, carrier__isnull=False).values_list(
            "carrier_id", flat=True
        )
    )
    members = (
        Membership.objects.filter(delegation=delegation, role__in=[Role.AGENT, Role.PARTICIPANT])
        .values("user_id")
        .distinct()
        .count()
    )
    signal = overload_of(carrier_ids, members)
    from transitions.models import User

    names = {
        u.pk: u.get_full_name() or u.email
        for u in User.objects.filter(pk__in=[pk for pk, _n in signal.carriers[: signal.few]])
    }
    return {
        "signal": signal,
        "few": [(names.get(pk, ""), n) for pk, n in signal.carriers[: signal.few]],
        "percent": round(signal.share * 100),
    }


def overload_for_cohort(cohort) -> list[tuple[Delegation, dict]]:
    return [
        (d, overload_signal(d))
        for d in Delegation.objects.filter(cohort=cohort).select_related("territory")
    ]


def achievements(user, delegation) -> dict:
    """What "ce que nous avons accompli ensemble" shows for one territory."""
    nodes = nodes_for(user, delegation)
    links = links_for(user, delegation, nodes)
    story = list(story_of(delegation).filter(kind__in=ACHIEVEMENT_KINDS))
    return {
        "delegation": delegation,
        "territory": delegation.territory,
        "cohort": delegation.cohort,
        "story": story,
        "carried": carried_by_role(delegation),
        "pilots": [n for n in nodes.values() if n.kind == NodeKind.PILOT],
        "opportunities": [n for n in nodes.values() if n.kind == NodeKind.OPPORTUNITY],
        "links": links.shown,
    }


# --- Research (the function research would read; not wired yet: see the module doc) -----


@dataclass(frozen=True)
class ResearchSegment:
    """A récit entry or a link as the research corpus would see it: never a name.

    `author_id` exists only so research can replace it with a pseudonym per export project.
    Sources: `trajectory.story` (an entry of the récit: its author must hold a membership
    of the cohort with research consent and none without, as for diagnostic observations)
    and `trajectory.link` (a link, written by the facilitation or an agent in their role,
    like agora statements: no personal words, so no consent applies; its text names the
    two ends by kind and short label, as the delegation's own records show them)."""

    id: str
    source: str
    kind: str
    text: str
    axes: tuple[str, ...]
    territory_id: int
    territory_name: str
    territory_kind: str
    territory_region: str
    date: dt.date | None
    author_id: int | None
    updated_at: dt.datetime


STORY_SOURCE = "trajectory.story"
LINK_SOURCE = "trajectory.link"


def research_segments(cohort):
    from django.db.models import Exists, OuterRef

    memberships = Membership.objects.filter(user_id=OuterRef("created_by_id"), cohort=cohort)
    entries = (
        StoryEntry.objects.filter(delegation__cohort=cohort, created_by__isnull=False)
        .filter(Exists(memberships.filter(research_consent=True)))
        .exclude(Exists(memberships.filter(research_consent=False)))
        .select_related("delegation__territory")
        .order_by("pk")
    )
    for e in entries.iterator(chunk_size=500):
        territory = e.delegation.territory
        yield ResearchSegment(
            id=f"{STORY_SOURCE}:{e.pk}",
            source=STORY_SOURCE,
            kind=e.kind,
            text=f"{e.title}\n\n{e.text}".strip(),
            axes=(),
            territory_id=territory.pk,
            territory_name=territory.name,
            territory_kind=territory.kind,
            territory_region=territory.region,
            date=e.happened_on,
            author_id=e.created_by_id,
            updated_at=e.updated_at,
        )
    for delegation in Delegation.objects.filter(cohort=cohort).select_related(
        "territory", "cohort"
    ):
        nodes = nodes_for(None, delegation)
        territory = delegation.territory
        for shown in links_for(None, delegation, nodes).shown:
            link = Link.objects.only("created_at").get(pk=shown.pk)
            yield ResearchSegment(
                id=f"{LINK_SOURCE}:{shown.pk}",
                source=LINK_SOURCE,
                kind=f"{shown.source.kind}>{shown.target.kind}",
                text=f"{shown.source.kind_label} « {shown.source.label} » → {shown.type_label} → "
                f"{shown.target.kind_label} « {shown.target.label} »",
                axes=tuple(sorted(shown.source.axes & shown.target.axes)),
                territory_id=territory.pk,
                territory_name=territory.name,
                territory_kind=territory.kind,
                territory_region=territory.region,
                date=timezone.localdate(link.created_at),
                author_id=None,
                updated_at=link.created_at,
            )
