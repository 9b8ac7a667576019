"""The facilitator dashboard: real cells, participation counts, constant query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from territories.models import PilotProject
from tests.factories import (
    CohortFactory,
    DelegationFactory,
    MembershipFactory,
    TerritoryFactory,
)
from transitions.models import ActorCategory, Meeting

pytestmark = pytest.mark.django_db


def cohort_with(n: int, offset: int = 0):
    cohort = CohortFactory()
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    for i in range(n):
        delegation = DelegationFactory(
            cohort=cohort, territory=TerritoryFactory(code=f"{10000 + offset + i:05d}")
        )
        for category in ActorCategory.values:
            MembershipFactory(
                cohort=cohort,
                role="participant",
                category=category,
                delegation=delegation,
            )
        PilotProject.objects.create(delegation=delegation, title=f"Projet {i}", status="positioned")
    Meeting.objects.create(
        stage=cohort.stages.get(kind="agora"),
        kind="agora",
        title="Agora de printemps",
        starts_at=timezone.now() + timezone.timedelta(days=10),
    )
    return cohort, facilitator


def test_the_dashboard_query_count_is_the_same_for_2_and_40_territories(
    client, django_assert_max_num_queries
):
    small, small_facilitator = cohort_with(2)
    big, big_facilitator = cohort_with(40, offset=100)
    client.force_login(small_facilitator)
    with CaptureQueriesContext(connection) as small_queries:
        response = client.get(reverse("transitions:cohort-dashboard", args=[small.pk]))
    assert response.status_code == 200
    client.force_login(big_facilitator)
    with django_assert_max_num_queries(len(small_queries)):
        response = client.get(reverse("transitions:cohort-dashboard", args=[big.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == 80  # matrix + participation


def test_the_dashboard_counts_participation_by_category_and_territory(client):
    cohort = CohortFactory()
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    a = DelegationFactory(cohort=cohort, territory=TerritoryFactory(name="Arlon"))
    b = DelegationFactory(cohort=cohort, territory=TerritoryFactory(name="Brix"))
    for _ in range(3):
        MembershipFactory(cohort=cohort, role="participant", category="ELU", delegation=a)
    MembershipFactory(cohort=cohort, role="agent", category="AGENT_COLLECTIVITE", delegation=b)
    MembershipFactory(cohort=cohort, role="researcher")
    client.force_login(facilitator)
    response = client.get(reverse("transitions:cohort-dashboard", args=[cohort.pk]))
    by_category = dict(response.context["by_category"])
    assert by_category["Élu·e"] == 3
    assert by_category["Agent·e de collectivité"] == 1
    assert by_category["Agent·e de l'État"] == 0
    assert response.context["participation_total"] == 4
    lines = {line["delegation"].territory.name: line for line in response.context["participation"]}
    assert lines["Arlon"]["total"] == 3 and lines["Brix"]["total"] == 1


def test_cells_show_non_commence_until_data_exists_then_the_pilot_project(client):
    cohort = CohortFactory()
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    delegation = DelegationFactory(cohort=cohort)
    client.force_login(facilitator)
    url = reverse("transitions:cohort-dashboard", args=[cohort.pk])
    row = client.get(url).context["rows"][0]
    pilot = dict((stage.kind, cell) for stage, cell in row["cells"])["pilot_projects"]
    assert pilot.label == "non commencé"
    PilotProject.objects.create(delegation=delegation, title="Cantine bio", status="positioned")
    row = client.get(url).context["rows"][0]
    pilot = dict((stage.kind, cell) for stage, cell in row["cells"])["pilot_projects"]
    assert pilot.label == "Positionné" and pilot.state == "done"


def test_skipped_stages_leave_the_matrix_and_upcoming_meetings_are_listed(client):
    cohort = CohortFactory()
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    cohort.stages.filter(kind="forums").update(skipped=True)
    Meeting.objects.create(
        stage=cohort.stages.get(kind="agora"),
        kind="agora",
        title="Agora d'automne",
        starts_at=timezone.now() + timezone.timedelta(days=5),
    )
    Meeting.objects.create(
        stage=cohort.stages.get(kind="agora"),
        kind="agora",
        title="Agora passée",
        starts_at=timezone.now() - timezone.timedelta(days=5),
    )
    client.force_login(facilitator)
    response = client.get(reverse("transitions:cohort-dashboard", args=[cohort.pk]))
    assert "forums" not in [s.kind for s in response.context["stages"]]
    content = response.content.decode()
    assert "Agora d&#x27;automne" in content or "Agora d'automne" in content
    assert "Agora passée" not in content


def test_pending_invitations_are_counted_by_category_until_accepted(client):
    from transitions.services import invitation_create

    cohort = CohortFactory()
    facilitator = MembershipFactory(cohort=cohort, role="facilitator").user
    delegation = DelegationFactory(cohort=cohort)
    for i in range(2):
        invitation_create(
            cohort=cohort,
            email=f"etat{i}@exemple.fr",
            full_name="",
            role="participant",
            category="AGENT_ETAT",
            delegation=delegation,
            invited_by=facilitator,
        )
    client.force_login(facilitator)
    response = client.get(reverse("transitions:cohort-dashboard", args=[cohort.pk]))
    rows = {
        label: (members, invited)
        for label, members, invited in response.context["invited_by_category"]
    }
    assert rows["Agent·e de l'État"] == (0, 2)
    assert response.context["participation"][0]["invited"] == 2
