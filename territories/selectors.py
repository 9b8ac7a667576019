"""Reads of territories, already scoped to the user.

Every facilitator may browse the directory to enrol a territory in their cohort, but of a
territory outside the cohorts they run they read only the public administrative facts
(name, kind, official code, population, region): its political label, maturity, ESS
integration and geography are the business of the cohorts it takes part in
(`territory_facts`). Everyone else sees only the territories of their own delegations
(agents and participants) or of the cohorts they observe (researchers): an agent of
territory A never sees territory B.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse

from territories.models import (
    TERRITORY_PUBLIC_FIELDS,
    Delegation,
    EssIntegration,
    Geography,
    Maturity,
    OfficialChange,
    OfficialTerritory,
    Organisation,
    PilotProject,
    PilotProjectStatus,
    PoliticalLabel,
    Region,
    Relationship,
    Territory,
    TerritoryKind,
)
from territories.official import normalise
from transitions.dashboard import Cell
from transitions.labels import label
from transitions.models import Role
from transitions.roles import roles_of
from transitions.selectors import cohorts_facilitated_by


def territories_for(user) -> QuerySet[Territory]:
    if not user.is_authenticated:
        return Territory.objects.none()
    roles = roles_of(user)
    if user.is_staff or roles.facilitates_anywhere:
        return Territory.objects.all()
    return Territory.objects.filter(
        Q(delegations__in=roles.delegation_ids())
        | Q(delegations__cohort__in=roles.cohort_ids(Role.RESEARCHER))
    ).distinct()


def directory_for(
    user, *, query: str = "", kind: str = "", region: str = ""
) -> QuerySet[Territory]:
    """The territory directory: `territories_for` narrowed by the search box (name or
    code) and the filters, in name order (id breaks ties so pages never overlap)."""
    territories = territories_for(user)
    if kind in TerritoryKind.values:
        territories = territories.filter(kind=kind)
    if region in Region.values:
        territories = territories.filter(region=region)
    if query:
        territories = territories.filter(Q(name__icontains=query) | Q(code__istartswith=query))
    return territories.order_by("name", "pk")


def _full_record_q(user) -> Q | None:
    """Territories whose whole record the user reads (None: all of them).

    Those of the cohorts they run or observe, those of their own delegations, and, for a
    facilitator, those in no cohort yet: any facilitator may edit and enrol such a
    territory (can_edit_territory), so hiding its record from them would protect nothing.
    """
    if user.is_staff:
        return None
    roles = roles_of(user)
    q = Q(delegations__cohort__in=roles.cohort_ids(Role.FACILITATOR, Role.RESEARCHER)) | Q(
        delegations__in=roles.delegation_ids()
    )
    if roles.facilitates_anywhere:
        q |= Q(delegations__isnull=True)
    return q


def with_record_access(territories: QuerySet[Territory], user) -> QuerySet[Territory]:
    """Annotate `full_record`: may the user read more than the public facts?"""
    q = _full_record_q(user)
    if q is None:
        full = Q(pk__isnull=False)
    else:
        full = Q(pk__in=Territory.objects.filter(q).values("pk"))
    return territories.annotate(full_record=ExpressionWrapper(full, output_field=BooleanField()))


@dataclass(frozen=True)
class TerritoryFacts:
    """What a viewer may read of a territory: the public facts always, the rest only
    with `full` (else those fields are empty, so no template can leak them)."""

    pk: int
    name: str
    kind: str
    code: str
    population: int
    region: str
    full: bool
    departement: str = ""
    geography: str = ""
    maturity: str = ""
    ess_integration: str = ""
    political_label: str = ""
    political_label_detail: str = ""

    # Labels from the per-process map (transitions.labels): a directory page calls these
    # for every row, and each get_FOO_display() would rebuild a dict and call gettext.
    def get_political_label_display(self) -> str:
        return label(PoliticalLabel, self.political_label)

    def get_kind_display(self) -> str:
        return label(TerritoryKind, self.kind)

    def get_region_display(self) -> str:
        return label(Region, self.region)

    def get_geography_display(self) -> str:
        return label(Geography, self.geography)

    def get_maturity_display(self) -> str:
        return label(Maturity, self.maturity)

    def get_ess_integration_display(self) -> str:
        return label(EssIntegration, self.ess_integration)


def territory_facts(territory: Territory) -> TerritoryFacts:
    """`territory` comes from `with_record_access` (its `full_record` annotation)."""
    public = {name: getattr(territory, name) for name in TERRITORY_PUBLIC_FIELDS}
    if not territory.full_record:
        return TerritoryFacts(pk=territory.pk, full=False, **public)
    return TerritoryFacts(
        pk=territory.pk,
        full=True,
        geography=territory.geography,
        maturity=territory.maturity,
        ess_integration=territory.ess_integration,
        political_label=territory.political_label,
        political_label_detail=territory.political_label_detail,
        **public,
    )


def delegations_of_territory_for(user, territory: Territory) -> QuerySet[Delegation]:
    """The territory's delegations in cohorts the user manages or belongs to."""
    qs = territory.delegations.select_related("cohort").order_by("-cohort__year")
    if user.is_staff:
        return qs
    roles = roles_of(user)
    return qs.filter(
        Q(cohort__in=roles.cohort_ids(Role.FACILITATOR, Role.RESEARCHER))
        | Q(pk__in=roles.delegation_ids())
    ).distinct()


def can_edit_territory(user, territory: Territory) -> bool:
    """Staff, a facilitator of a cohort the territory is in, or any facilitator while the
    territory belongs to no cohort yet (they just created it)."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    roles = roles_of(user)
    cohort_ids = set(territory.delegations.values_list("cohort_id", flat=True))
    if not cohort_ids:
        return roles.facilitates_anywhere
    return bool(cohort_ids & roles.cohort_ids(Role.FACILITATOR))


def territories_addable_to(user, cohort) -> QuerySet[Territory]:
    """Territories a facilitator may enrol: new ones (in no cohort yet) and those of
    cohorts they facilitate. Enrolling opens a territory's ESS map and diagnostic history
    to the cohort's facilitators, so another cohort's territory is not theirs to take;
    staff can enrol any territory."""
    qs = territories_for(user).exclude(delegations__cohort=cohort)
    if not user.is_staff:
        qs = qs.filter(
            Q(delegations__isnull=True) | Q(delegations__cohort__in=cohorts_facilitated_by(user))
        )
    return qs.distinct().order_by("name")


# --- The official reference ---------------------------------------------------------------

OFFICIAL_RESULTS = 10


def official_search(
    query: str, *, limit: int = OFFICIAL_RESULTS, known: QuerySet[Territory] | None = None
) -> list[OfficialTerritory]:
    """Entries of the official reference matching every word of `query` in their name,
    INSEE code, SIREN or postcodes, accents, hyphens and case ignored; names starting with
    the query first, then those with a word starting with it, then the most populated; a
    query of two characters finds names
    starting with them. Public data: no scope. With `known` (territories the viewer may
    see), each entry's `territory_id` is the one of them linked to it, in the same query."""
    words = normalise(query).split()[:6]
    prefix = " ".join(words)
    if len(prefix) < 2:
        return []
    qs = OfficialTerritory.objects.filter(withdrawn=False)
    if len(prefix) < 3:
        # Too short for the trigram index: names starting with it (btree prefix index).
        qs = qs.filter(search__startswith=prefix)
    elif max(len(word) for word in words) < 3:
        # Only short words ("ca du"): the phrase has trigrams the index can use.
        qs = qs.filter(search__contains=prefix)
    for word in words:
        qs = qs.filter(search__contains=word)
    if known is not None:
        qs = qs.annotate(
            territory_id=Subquery(known.filter(official=OuterRef("pk")).values("pk")[:1])
        )
    return list(
        qs.only("kind", "code", "name", "postcodes", "population", "departement")
        .annotate(
            rank=Case(
                When(search__startswith=prefix, then=Value(0)),
                When(search__contains=f" {words[0]}", then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank", F("population").desc(nulls_last=True), "name")[:limit]
    )


def official_entry(pk) -> OfficialTerritory | None:
    """The reference's entry `pk` (a query-string value), None when absent or invalid."""
    try:
        return OfficialTerritory.objects.filter(withdrawn=False).get(pk=int(pk))
    except (TypeError, ValueError, OfficialTerritory.DoesNotExist):
        return None


@dataclass(frozen=True)
class OfficialFacts:
    """What the reference knows of a territory: its entry, the names of its département
    and région, a commune's intercommunality, an EPCI's member communes."""

    entry: OfficialTerritory
    departement: str
    region: str
    epci: OfficialTerritory | None
    members: list[OfficialTerritory]

    @property
    def is_epci(self) -> bool:
        return self.entry.kind in EPCI_KIND_VALUES


EPCI_KIND_VALUES = {
    TerritoryKind.CC,
    TerritoryKind.CA,
    TerritoryKind.CU,
    TerritoryKind.METROPOLE,
}


def official_facts(territory) -> OfficialFacts | None:
    """In at most 3 queries; None for a territory linked to no entry (created by hand)."""
    if not territory.official_id:
        return None
    entry = OfficialTerritory.objects.get(pk=territory.official_id)
    wanted = Q(kind=TerritoryKind.DEPARTEMENT, code=entry.departement) | Q(
        kind=TerritoryKind.REGION, code=entry.region
    )
    if entry.kind == TerritoryKind.COMMUNE and entry.epci_code:
        wanted |= Q(kind__in=EPCI_KIND_VALUES, code=entry.epci_code)
    related = {o.kind: o for o in OfficialTerritory.objects.filter(wanted)}
    members = []
    if entry.kind in EPCI_KIND_VALUES:
        members = list(
            OfficialTerritory.objects.filter(
                kind=TerritoryKind.COMMUNE, epci_code=entry.code, withdrawn=False
            ).order_by(F("population").desc(nulls_last=True), "name")
        )
    epci = next((o for k, o in related.items() if k in EPCI_KIND_VALUES), None)
    return OfficialFacts(
        entry=entry,
        departement=getattr(related.get(TerritoryKind.DEPARTEMENT), "name", ""),
        region=getattr(related.get(TerritoryKind.REGION), "name", ""),
        epci=epci,
        members=members,
    )


def official_changes_for(user, territory=None) -> QuerySet[OfficialChange]:
    """Changes of the reference for the territories of the cohorts the user facilitates
    (staff: every territory), newest import first."""
    qs = OfficialChange.objects.select_related("territory", "version")
    if territory is not None:
        qs = qs.filter(territory=territory)
    if not user.is_authenticated:
        return qs.none()
    if user.is_staff:
        return qs
    return qs.filter(
        territory__delegations__cohort__in=roles_of(user).cohort_ids(Role.FACILITATOR)
    ).distinct()


# --- ESS actor map ----------------------------------------------------------------------


def territories_for_ess(user) -> QuerySet[Territory]:
    """Territories whose map the user may see: those of their delegations, and those
    taking part in cohorts they facilitate."""
    if not user.is_authenticated:
        return Territory.objects.none()
    if user.is_staff:
        return Territory.objects.all()
    roles = roles_of(user)
    own = {
        s.territory_id
        for s in roles.seats
        if s.role in (Role.AGENT, Role.PARTICIPANT) and s.territory_id
    }
    return Territory.objects.filter(
        Q(pk__in=own) | Q(delegations__cohort_id__in=roles.cohort_ids(Role.FACILITATOR))
    ).distinct()


def organisations_with_latest(territory) -> list[Organisation]:
    """The territory's organisations, each with `.latest` (its current relationship) and
    `.history` (every dated record, newest first), in 2 queries."""
    organisations = list(
        Organisation.objects.filter(territory=territory)
        .prefetch_related(
            Prefetch(
                "relationships",
                queryset=Relationship.objects.order_by("-observed_on", "-recorded_at", "-pk"),
                to_attr="history",
            )
        )
        .order_by("name")
    )
    for organisation in organisations:
        organisation.latest = organisation.history[0] if organisation.history else None
    return organisations


# --- Pilot projects (stage 6) ------------------------------------------------------------


def _pilot_scope_q(user, prefix: str = "") -> Q | None:
    """Delegations whose pilot projects the user sees (None: all of them): those of the
    cohorts they facilitate and their own delegation (agents and participants), like the
    diagnostic. Another territory's agent sees none of them."""
    if user.is_staff:
        return None
    roles = roles_of(user)
    return Q(**{f"{prefix}cohort__in": roles.cohort_ids(Role.FACILITATOR)}) | Q(
        **{f"{prefix}pk__in": roles.delegation_ids()}
    )


def pilot_delegations_for(user, *, cohort=None) -> QuerySet[Delegation]:
    """The delegations (of `cohort` when given) whose pilot projects the user sees."""
    if not user.is_authenticated:
        return Delegation.objects.none()
    qs = Delegation.objects.select_related("territory", "cohort")
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    q = _pilot_scope_q(user)
    return (qs if q is None else qs.filter(q)).order_by("territory__name")


def pilot_projects_for(user) -> QuerySet[PilotProject]:
    if not user.is_authenticated:
        return PilotProject.objects.none()
    qs = PilotProject.objects.select_related("delegation__territory", "delegation__cohort")
    q = _pilot_scope_q(user, prefix="delegation__")
    return qs if q is None else qs.filter(q)


def partner_choices(delegation) -> QuerySet[Organisation]:
    """Partners are picked from the territory's ESS map."""
    return Organisation.objects.filter(territory_id=delegation.territory_id).order_by("name")


# --- Dashboard cell for the pilot-projects stage -----------------------------------------

PILOT_STATE = {
    PilotProjectStatus.IDEA: "in_progress",
    PilotProjectStatus.POSITIONED: "done",
    PilotProjectStatus.LAUNCHED: "done",
    PilotProjectStatus.PAUSED: "in_progress",
    PilotProjectStatus.COMPLETED: "done",
}
# Which project a delegation's cell shows when it has several: the most advanced.
PILOT_RANK = [
    PilotProjectStatus.IDEA,
    PilotProjectStatus.PAUSED,
    PilotProjectStatus.POSITIONED,
    PilotProjectStatus.LAUNCHED,
    PilotProjectStatus.COMPLETED,
]


def pilot_project_cells(cohort, delegations) -> dict[int, Cell]:
    """Most advanced pilot project of each delegation, in one query; the cell links to
    that project, or to the delegation's projects in the cohort's list when it has
    several."""
    best: dict[int, tuple[str, int]] = {}
    counts: dict[int, int] = {}
    for delegation_id, status, pk in (
        PilotProject.objects.filter(delegation__in=[d.pk for d in delegations])
        .order_by("pk")
        .values_list("delegation_id", "status", "pk")
    ):
        counts[delegation_id] = counts.get(delegation_id, 0) + 1
        if delegation_id not in best or PILOT_RANK.index(status) > PILOT_RANK.index(
            best[delegation_id][0]
        ):
            best[delegation_id] = (status, pk)
    cells = {}
    for delegation_id, (status, pk) in best.items():
        label = PilotProjectStatus(status).label
        if counts[delegation_id] > 1:
            label = f"{label} (+{counts[delegation_id] - 1})"
            url = reverse("territories:pilot-list", args=[cohort.pk]) + f"#d{delegation_id}"
        else:
            url = reverse("territories:pilot-detail", args=[pk])
        cells[delegation_id] = Cell(label=label, state=PILOT_STATE[status], url=url)
    return cells


# --- The one read of the research app ------------------------------------------------------


@dataclass(frozen=True)
class ResearchOrganisation:
    """An organisation on the map of a territory enrolled in the cohort: the research app
    replaces its name, wherever a text mentions it, with a pseudonym."""

    id: int
    name: str
    territory_id: int


def research_organisations(cohort) -> list[ResearchOrganisation]:
    rows = Organisation.objects.filter(territory__delegations__cohort=cohort).values_list(
        "pk", "name", "territory_id"
    )
    return [ResearchOrganisation(*row) for row in rows.distinct()]


def neighbours(user, territory: Territory) -> list[dict]:
    """Per delegation of the territory the user may see: the links to its cohort, its
    members, its pilot projects (territories' and the core's), then what the apps above
    register (diagnostic, forum; territories.hooks). Scoped by each object's own rule."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from territories.hooks import SourceLink, delegation_links

    delegations = list(delegations_of_territory_for(user, territory))
    if not delegations:
        return []
    upper = delegation_links(user, delegations)
    with_pilots = set(
        pilot_delegations_for(user)
        .filter(pk__in=[d.pk for d in delegations])
        .values_list("pk", flat=True)
    )
    rows = []
    for delegation in delegations:
        cohort = delegation.cohort
        links = [
            SourceLink(
                label=_("Cohorte"),
                title=f"{cohort.name} ({cohort.year})",
                url=reverse("transitions:cohort-detail", args=[cohort.pk]),
            )
        ]
        links += upper.get(delegation.pk, [])
        if delegation.pk in with_pilots:
            links.append(
                SourceLink(
                    label=_("Projets pilotes"),
                    title=_("les projets pilotes de la cohorte"),
                    url=reverse("territories:pilot-list", args=[cohort.pk]),
                )
            )
        if user.has_perm("transitions.view_membership", cohort):
            links.append(
                SourceLink(
                    label=_("Membres"),
                    title=_("membres et invitations de la cohorte"),
                    url=reverse("transitions:member-list", args=[cohort.pk]),
                )
            )
        rows.append({"delegation": delegation, "links": links})
    return rows
