"""The trajectory's timeline, findings and the comparison of two diagnostics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from diagnostics import scores
from tests.diagnostics.factories import open_diagnostic
from tests.factories import DelegationFactory, build_world
from trajectory import reports, selectors
from transitions.models import ActorCategory, Attendance, Meeting

pytestmark = pytest.mark.django_db


def MeetingFactory(*, stage, subgroup=None):  # noqa: N802 (reads like the factories)
    return Meeting.objects.create(
        stage=stage,
        kind="peer_session",
        title="Séance",
        starts_at=timezone.now(),
        subgroup=subgroup,
    )


def test_a_finding_is_a_low_axis_or_a_large_gap_between_categories(scene):
    result = scores.diagnostic_results(scene.diagnostic)
    codes = [row.item.code for row in selectors.findings_of(result)]
    assert "P2-a" in codes  # mean 0.5: low
    assert "P1-a" not in codes  # mean 3.5, gap 1: neither


def test_the_timeline_follows_the_parcours_in_order_with_its_figures(scene):
    meeting = MeetingFactory(stage=scene.cohort.stages.get(kind="peer_groups"))
    Attendance.objects.create(meeting=meeting, user=scene.elu, category=ActorCategory.ELU)
    Attendance.objects.create(
        meeting=meeting, user=scene.agent_a, category=ActorCategory.AGENT_COLLECTIVITE
    )
    context = reports.trajectory_context(scene.facilitator, scene.delegation_a)
    steps = {step.key: step for step in context["steps"]}
    assert list(steps) == [
        "diagnostic",
        "sessions",
        "agora",
        "forum",
        "opportunities",
        "pilot",
        "next_diagnostic",
    ]
    # Levels per principle: P1 = mean(4, 3) = 3.5, P2 = mean(1, 0) = 0.5.
    assert steps["diagnostic"].lines[0].startswith("P1 3,5 · P2 0,5")
    assert "1 constat(s)" in steps["diagnostic"].lines[1]
    assert steps["sessions"].lines[0] == "1 séance(s)"
    assert "Élu·es 1" in steps["sessions"].lines[1]
    assert "Agent·es de collectivité 1" in steps["sessions"].lines[1]
    assert steps["agora"].lines == ["1 contribution(s) partagée(s), 1 énoncé(s)"]
    assert steps["opportunities"].lines == ["Opportunité de la gare"]
    assert steps["pilot"].done and "Tiers-lieu" in steps["pilot"].lines[0]
    assert not steps["next_diagnostic"].done
    assert context["svg"].startswith("<svg") and "Tiers-lieu" in context["svg"]


def test_a_subgroups_meeting_is_counted_only_for_who_may_see_it(scene):
    from transitions.models import Subgroup

    subgroup = Subgroup.objects.create(cohort=scene.cohort, name="Sous-groupe B")
    subgroup.delegations.set([scene.delegation_b])
    MeetingFactory(stage=scene.cohort.stages.get(kind="inspiration"), subgroup=subgroup)
    assert selectors.sessions_attended(scene.agent_a, scene.delegation_a) == []
    assert len(selectors.sessions_attended(scene.facilitator, scene.delegation_a)) == 1
    # The PDF (no viewer) counts the delegation's own meetings only.
    assert selectors.sessions_attended(None, scene.delegation_a) == []


def test_the_attendance_totals_add_every_meetings_counts():
    rows = [
        {"by_category": {"ELU": 2, "CITOYEN": 1}},
        {"by_category": {"ELU": 1, "OTHER": 3}},
    ]
    totals = selectors.attendance_totals(rows)
    assert totals["ELU"] == 3 and totals["CITOYEN"] == 1 and totals["OTHER"] == 3
    assert totals["AGENT_ETAT"] == 0


def test_the_next_diagnostic_and_the_evolution_with_the_ess_map_then_and_now(client, scene):
    from territories.models import Organisation, Relationship

    later_world = build_world()
    later_world.cohort.year = scene.cohort.year + 2
    later_world.cohort.save()
    later = DelegationFactory(cohort=later_world.cohort, territory=scene.territory_a)
    from diagnostics.services import diagnostic_open
    from tests.factories import MembershipFactory, open_stage

    open_stage(later_world.cohort, "diagnostic")
    later_diagnostic = diagnostic_open(delegation=later)
    # The cohort A facilitator also follows the later cohort.
    MembershipFactory(user=scene.facilitator, cohort=later_world.cohort, role="facilitator")
    first_day = timezone.localdate(scene.diagnostic.created_at)
    org = Organisation.objects.create(
        territory=scene.territory_a, name="Le Quai", legal_form="association"
    )
    Relationship.objects.create(
        territory=scene.territory_a,
        organisation=org,
        relation_type="DISTANT",
        observed_on=first_day - dt.timedelta(days=10),
    )
    Relationship.objects.create(
        territory=scene.territory_a,
        organisation=org,
        relation_type="TRUST_PARTNERSHIP",
        observed_on=first_day + dt.timedelta(days=1),
    )
    type(later_diagnostic).objects.filter(pk=later_diagnostic.pk).update(
        created_at=timezone.now() + dt.timedelta(days=5)
    )
    later_diagnostic.refresh_from_db()
    evolution = selectors.evolution(scene.diagnostic, later_diagnostic)
    relations = {row["label"]: (row["then"], row["now"]) for row in evolution["relations"]}
    assert relations["Relations inexistantes ou distantes"] == (1, 0)
    assert relations["Relations partenariales de confiance"] == (0, 1)
    p2 = next(row for row in evolution["principles"] if row["code"] == "P2")
    assert p2["then"] == 0.5 and p2["now"] is None and p2["delta"] is None
    steps = {s.key: s for s in selectors.timeline(scene.facilitator, scene.delegation_a, {}, None)}
    assert steps["next_diagnostic"].done
    # Seen from the page: both diagnostics are offered, bad ids fall back to both ends.
    client.force_login(scene.facilitator)
    url = reverse("trajectory:delegation-detail", args=[scene.delegation_a.pk])
    page = client.get(url, {"avant": "abc", "apres": "999999"})
    assert page.status_code == 200
    assert "Relations partenariales de confiance" in page.content.decode()
    # Territory A's agent is not a member of the later cohort: one diagnostic, no comparison.
    assert len(selectors.territory_diagnostics(scene.agent_a, scene.delegation_a)) == 1


def test_the_svg_export_is_an_attachment_no_cache_keeps(client, scene):
    client.force_login(scene.agent_a)
    response = client.get(reverse("trajectory:delegation-svg", args=[scene.delegation_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"<svg")


def test_text_in_the_drawing_is_escaped(scene):
    scene.pilot.title = '<script>alert("x")</script>'
    scene.pilot.save()
    svg = reports.trajectory_context(scene.facilitator, scene.delegation_a)["svg"]
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_an_open_diagnostic_without_answers_gives_a_timeline_without_findings(world):
    open_diagnostic(world)
    context = reports.trajectory_context(world.agent_a, world.delegation_a)
    assert [s.key for s in context["steps"]][:1] == ["diagnostic"]
    assert context["nodes"] == {}
