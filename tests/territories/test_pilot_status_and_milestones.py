"""The pilot project's status order (one table in territories.services, asked by the
status buttons and the edit form alike) and milestones edited and deleted."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from territories import services
from territories.models import Milestone, PilotProject
from tests.factories import put_stage_in_state

pytestmark = pytest.mark.django_db

ALLOWED = {
    ("idea", "positioned"),
    ("positioned", "launched"),
    ("positioned", "idea"),
    ("launched", "paused"),
    ("launched", "completed"),
    ("launched", "positioned"),
    ("paused", "launched"),
    ("completed", "launched"),
}
STATUSES = ["idea", "positioned", "launched", "paused", "completed"]


@pytest.fixture
def open_stage(world):
    put_stage_in_state(world.cohort, "pilot_projects", "open")


@pytest.fixture
def project(world):
    return services.pilot_project_create(delegation=world.delegation_a, title="Tiers-lieu")


@pytest.mark.parametrize(("current", "new"), [(a, b) for a in STATUSES for b in STATUSES if a != b])
def test_the_status_order_allows_exactly_its_transitions(world, current, new):
    project = PilotProject.objects.create(
        delegation=world.delegation_a, title="Légumerie", status=current
    )
    if (current, new) in ALLOWED:
        services.pilot_project_set_status(project=project, status=new, seen=current)
        assert PilotProject.objects.get(pk=project.pk).status == new
    else:
        with pytest.raises(ValidationError):
            services.pilot_project_set_status(project=project, status=new, seen=current)
        assert PilotProject.objects.get(pk=project.pk).status == current


def test_a_refused_status_button_says_why_in_french(client, world, open_stage, project):
    client.force_login(world.agent_a)
    url = reverse("territories:pilot-status", args=[project.pk])
    response = client.post(url, {"status": "completed", "seen": "idea"}, follow=True)
    html = response.content.decode()
    assert "Un projet « Idée » ne peut pas passer à « Réalisé »" in html
    assert "« Positionné »" in html
    assert PilotProject.objects.get(pk=project.pk).status == "idea"


def test_the_edit_form_offers_only_the_allowed_statuses_and_refuses_others(
    client, world, open_stage, project
):
    client.force_login(world.agent_a)
    url = reverse("territories:pilot-update", args=[project.pk])
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["status"].choices] == ["idea", "positioned"]
    with pytest.raises(ValidationError):
        services.pilot_project_update(
            project=project,
            fingerprint="",
            axes=[],
            partners=[],
            title="Tiers-lieu",
            description="",
            status="completed",
        )


def test_a_project_is_never_created_paused_or_completed(world):
    for status in ("paused", "completed"):
        with pytest.raises(ValidationError):
            services.pilot_project_create(
                delegation=world.delegation_a, title="Déjà fini", status=status
            )
    assert not PilotProject.objects.exists()


@pytest.fixture
def milestone(project):
    return services.milestone_add(
        project=project, title="Comité de pilotage", due_on=datetime.date(2027, 3, 1)
    )


def test_an_agent_edits_a_milestone(client, world, open_stage, project, milestone):
    client.force_login(world.agent_a)
    url = reverse("territories:milestone-edit", args=[project.pk, milestone.pk])
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "title": "Comité de pilotage élargi",
            "due_on": "2027-04-02",
            "done": "on",
            "fingerprint": form["fingerprint"].value(),
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.title == "Comité de pilotage élargi"
    assert milestone.due_on == datetime.date(2027, 4, 2) and milestone.done


def test_a_stale_milestone_edit_is_refused_showing_both_versions(
    client, world, open_stage, project, milestone
):
    client.force_login(world.agent_a)
    url = reverse("territories:milestone-edit", args=[project.pk, milestone.pk])
    seen = client.get(url).context["form"]["fingerprint"].value()
    Milestone.objects.filter(pk=milestone.pk).update(title="Comité reporté")
    response = client.post(
        url, {"title": "Comité de rentrée", "due_on": "2027-03-01", "fingerprint": seen}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Comité reporté" in html and "Comité de rentrée" in html and "stale-box" in html
    assert Milestone.objects.get(pk=milestone.pk).title == "Comité reporté"


def test_deleting_a_milestone_asks_for_confirmation_first(
    client, world, open_stage, project, milestone
):
    client.force_login(world.agent_a)
    url = reverse("territories:milestone-delete", args=[project.pk, milestone.pk])
    page = client.get(url)
    assert (
        page.status_code == 200 and "Cette action ne peut pas être annulée" in page.content.decode()
    )
    assert Milestone.objects.filter(pk=milestone.pk).exists()  # nothing deleted on GET
    assert client.post(url).status_code == 302
    assert not Milestone.objects.filter(pk=milestone.pk).exists()


def test_a_participant_neither_edits_nor_deletes_a_milestone(
    client, world, open_stage, project, milestone
):
    client.force_login(world.elu)
    for name in ("territories:milestone-edit", "territories:milestone-delete"):
        assert client.post(reverse(name, args=[project.pk, milestone.pk])).status_code == 403
    assert Milestone.objects.filter(pk=milestone.pk).exists()
