"""The main pages each demo persona uses, found in the demo data (`transitions.demo`):
the accessibility checks (test_accessibility.py) and `make screenshots` visit the same
list."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from tests.factories import give_mfa

WIDTHS = {"desktop": 1366, "tablet": 820, "phone": 390}
PHONE_HEIGHT, DESKTOP_HEIGHT = 844, 900


@dataclass(frozen=True)
class Persona:
    key: str
    email: str
    pages: list[tuple[str, str]]  # (label, path)


def load_demo_world() -> list[Persona]:
    """Load the demo, give the personas that need one the test authenticator app, and
    list each persona's pages (label, path)."""
    from agora.models import Forum
    from diagnostics.models import Diagnostic
    from peergroups.models import PeerGroup, PeerSession
    from transitions import demo
    from transitions.models import Membership, Role, User

    demo.load_demo()
    cohort = demo.demo_cohort()
    users = {u.email: u for u in User.objects.filter(email__endswith="@demo.transitions.fr")}
    give_mfa(
        users["animation@demo.transitions.fr"],
        users["recherche@demo.transitions.fr"],
    )

    agent = users["agent@demo.transitions.fr"]
    delegation = (
        Membership.objects.filter(user=agent, cohort=cohort, role=Role.AGENT)
        .select_related("delegation")
        .get()
        .delegation
    )
    territory = delegation.territory
    diagnostic = Diagnostic.objects.get(delegation=delegation)
    # The richest diagnostic (submitted or validated) shows the full results page.
    answered = (
        Diagnostic.objects.filter(delegation__cohort=cohort)
        .exclude(status="draft")
        .order_by("pk")
        .first()
    ) or diagnostic
    participant_membership = Membership.objects.get(
        user=users["participant@demo.transitions.fr"], cohort=cohort, role=Role.PARTICIPANT
    )
    group = PeerGroup.objects.get(cohort=cohort, category=participant_membership.category)
    group_session = group.sessions.order_by("-number").first()
    session = PeerSession.objects.filter(group__cohort=cohort, status="open").order_by("pk").first()
    # Forums were held in the finished cohort (the current one has not reached them):
    # the facilitator, who ran both, opens its held forum and its World Café.
    forum = (
        Forum.objects.filter(delegation__cohort=demo.finished_demo_cohort(), status="held")
        .order_by("pk")
        .first()
    )
    table = forum.tables.order_by("pk").first()

    c = cohort.pk
    common_cohort = [
        ("cohorte", reverse("transitions:cohort-detail", args=[c])),
        ("agora", reverse("agora:agora-detail", args=[c])),
        ("profil", reverse("transitions:profile")),
    ]
    diagnostic_pages = [
        ("diagnostic", reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk])),
        ("principe", reverse("diagnostics:principle-edit", args=[diagnostic.pk, 1])),
    ]
    # The facilitator sees the richest diagnostic's results; an agent sees their own.
    results_all = ("résultats", reverse("diagnostics:results-detail", args=[answered.pk]))
    results_own = ("résultats", reverse("diagnostics:results-detail", args=[diagnostic.pk]))
    territory_pages = [
        ("territoire", reverse("territories:territory-detail", args=[territory.pk])),
        ("carte-ess", reverse("territories:ess-map", args=[territory.pk])),
    ]
    return [
        Persona(
            "animation",
            "animation@demo.transitions.fr",
            [
                ("accueil", "/"),
                *common_cohort[:1],
                ("tableau-de-bord", reverse("transitions:cohort-dashboard", args=[c])),
                ("membres", reverse("transitions:member-list", args=[c])),
                *territory_pages,
                *diagnostic_pages,
                results_all,
                ("séance-de-pairs", reverse("peergroups:session-board", args=[session.pk])),
                *common_cohort[1:2],
                ("forum", reverse("agora:forum-detail", args=[forum.pk])),
                ("world-café", reverse("agora:cafe-run", args=[forum.pk])),
                ("table-du-café", reverse("agora:table-page", args=[table.pk])),
                (
                    "trajectoire",
                    reverse("trajectory:delegation-detail", args=[forum.delegation_id]),
                ),
                *common_cohort[2:],
            ],
        ),
        Persona(
            "agent",
            "agent@demo.transitions.fr",
            [
                ("accueil", "/"),
                *common_cohort[:1],
                *territory_pages,
                *diagnostic_pages,
                results_own,
                *common_cohort[1:],
            ],
        ),
        Persona(
            "participant",
            "participant@demo.transitions.fr",
            [
                ("accueil", "/"),
                *common_cohort[:1],
                ("groupe", reverse("peergroups:group-detail", args=[group.pk])),
                (
                    "séance-de-pairs",
                    reverse("peergroups:session-board", args=[group_session.pk]),
                ),
                *common_cohort[1:],
            ],
        ),
        Persona(
            "recherche",
            "recherche@demo.transitions.fr",
            [
                ("accueil", "/"),
                ("espace-recherche", reverse("research:space", args=[c])),
                ("corpus", reverse("research:corpus", args=[c])),
                ("observations", reverse("research:observation-list", args=[c])),
                *common_cohort[2:],
            ],
        ),
    ]
