"""Pilot projects as pages: positioning, scope, no lost update, status, milestones,
the prefilled entry from the upper apps, the dashboard cell."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from territories import services
from territories.models import Milestone, PilotProject
from territories.selectors import pilot_project_cells
from tests.factories import put_stage_in_state
from transitions.models import Axis

pytestmark = pytest.mark.django_db


def _org(territory, name):
    return services.organisation_create(
        territory=territory,
        user=None,
        organisation={"name": name, "legal_form": "scic"},
        relationship={"relation_type": "UNEQUAL", "observed_on": datetime.date(2024, 1, 1)},
    )


@pytest.fixture
def open_stage(world):
    put_stage_in_state(world.cohort, "pilot_projects", "open")


@pytest.fixture
def project(world):
    return services.pilot_project_create(delegation=world.delegation_a, title="Tiers-lieu")


def _form_data(client, url, **changes) -> dict:
    """What the edit page would post: its initial values (fingerprint included), changed."""
    data = _posted(client.get(url).context["form"])
    data.update(changes)
    return data


def _posted(form) -> dict:
    """A form's values as the browser posts them (an empty multiple choice sends nothing)."""
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def test_an_agent_positions_a_project_with_partners_from_the_map_and_axes(
    client, world, open_stage
):
    fabrique = _org(world.territory_a, "La Fabrique")
    axis = Axis.objects.first()
    client.force_login(world.agent_a)
    url = reverse("territories:pilot-create", args=[world.delegation_a.pk])
    response = client.post(
        url,
        {
            "title": "Cantine locale",
            "description": "Approvisionner la cantine en circuit court.",
            "status": "positioned",
            "origin": "scratch",
            "axes": [axis.pk],
            "partners": [fabrique.pk],
        },
    )
    project = PilotProject.objects.get(title="Cantine locale")
    assert response.url == reverse("territories:pilot-detail", args=[project.pk])
    assert list(project.partners.all()) == [fabrique] and list(project.axes.all()) == [axis]
    assert project.status == "positioned" and project.delegation == world.delegation_a


def test_a_partner_from_another_territory_s_map_is_refused(client, world, open_stage):
    foreign = _org(world.territory_b, "Ressourcerie d'Autreville")
    client.force_login(world.agent_a)
    url = reverse("territories:pilot-create", args=[world.delegation_a.pk])
    response = client.post(
        url, {"title": "X", "status": "idea", "origin": "scratch", "partners": [foreign.pk]}
    )
    assert response.status_code == 422 and not PilotProject.objects.exists()


def test_an_agent_of_another_territory_gets_404_everywhere_on_territory_a_projects(
    client, world, open_stage, project
):
    client.force_login(world.agent_b)
    urls = [
        reverse("territories:pilot-detail", args=[project.pk]),
        reverse("territories:pilot-update", args=[project.pk]),
        reverse("territories:pilot-create", args=[world.delegation_a.pk]),
    ]
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    posted = client.post(
        reverse("territories:pilot-status", args=[project.pk]), {"status": "paused"}
    )
    assert posted.status_code == 404
    assert PilotProject.objects.get(pk=project.pk).status == "idea"


def test_the_cohort_list_shows_a_member_only_their_delegation_and_a_facilitator_all(
    client, world, project
):
    services.pilot_project_create(delegation=world.delegation_b, title="Ressourcerie")
    url = reverse("territories:pilot-list", args=[world.cohort.pk])
    client.force_login(world.elu)
    html = client.get(url).content.decode()
    assert "Tiers-lieu" in html and "Ressourcerie" not in html
    client.force_login(world.facilitator)
    html = client.get(url).content.decode()
    assert "Tiers-lieu" in html and "Ressourcerie" in html


def test_a_participant_reads_the_project_but_may_not_edit_it(client, world, open_stage, project):
    client.force_login(world.elu)
    assert client.get(reverse("territories:pilot-detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("territories:pilot-update", args=[project.pk])).status_code == 403


def test_while_the_stage_is_not_open_nobody_edits_and_the_refusal_says_why(client, world, project):
    client.force_login(world.facilitator)
    response = client.get(reverse("territories:pilot-update", args=[project.pk]))
    assert response.status_code == 403 and "pas ouverte" in response.content.decode()


def test_a_stale_edit_is_refused_with_the_differences_and_overwrites_nothing(
    client, world, open_stage, project
):
    fabrique = _org(world.territory_a, "La Fabrique")
    url = reverse("territories:pilot-update", args=[project.pk])
    client.force_login(world.agent_a)
    mine = _form_data(client, url, title="Tiers-lieu nourricier")
    # Meanwhile the facilitator adds a partner and retitles it.
    theirs = services.pilot_project_update(
        project=project,
        fingerprint="",
        axes=[],
        partners=[fabrique],
        title="Tiers-lieu agricole",
        description="",
        status="idea",
    )
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409, response.context["form"].errors
    assert "Tiers-lieu agricole" in html and "La Fabrique" in html and "stale-box" in html
    saved = PilotProject.objects.get(pk=project.pk)
    assert saved.title == theirs.title and list(saved.partners.all()) == [fabrique]
    # "Keep mine": the re-based form now carries the saved fingerprint.
    again = response.context["form"]
    assert client.post(url, _posted(again)).status_code == 302
    assert PilotProject.objects.get(pk=project.pk).title == "Tiers-lieu nourricier"


def test_a_status_change_from_a_stale_page_is_refused_and_then_applies_on_choice(
    client, world, open_stage, project
):
    client.force_login(world.agent_a)
    url = reverse("territories:pilot-status", args=[project.pk])
    assert client.post(url, {"status": "positioned", "seen": "idea"}).status_code == 302
    response = client.post(url, {"status": "launched", "seen": "idea"})
    assert response.status_code == 409 and "Positionné" in response.content.decode()
    assert PilotProject.objects.get(pk=project.pk).status == "positioned"
    assert client.post(url, {"status": "launched", "seen": "positioned"}).status_code == 302
    assert PilotProject.objects.get(pk=project.pk).status == "launched"


def test_an_agent_adds_a_dated_milestone_and_marks_it_reached(client, world, open_stage, project):
    client.force_login(world.agent_a)
    add = reverse("territories:milestone-add", args=[project.pk])
    assert (
        client.post(add, {"title": "Comité de pilotage", "due_on": "2027-03-01"}).status_code == 302
    )
    milestone = Milestone.objects.get(project=project)
    assert milestone.due_on == datetime.date(2027, 3, 1) and not milestone.done
    done = reverse("territories:milestone-done", args=[project.pk, milestone.pk])
    assert client.post(done, {"done": "1"}).status_code == 302
    assert Milestone.objects.get(pk=milestone.pk).done
    assert client.post(add, {"title": "", "due_on": "demain"}).status_code == 422


def test_the_create_form_opens_prefilled_from_an_opportunity_and_saves_nothing_on_get(
    client, world, open_stage
):
    fabrique = _org(world.territory_a, "La Fabrique")
    foreign = _org(world.territory_b, "Ailleurs")
    client.force_login(world.agent_a)
    url = reverse("territories:pilot-create", args=[world.delegation_a.pk])
    response = client.get(
        url,
        {
            "title": "Légumerie partagée",
            "origin": "opportunity",
            "partners": [fabrique.pk, foreign.pk],
        },
    )
    form = response.context["form"]
    assert form["title"].value() == "Légumerie partagée"
    assert form["origin"].value() == "opportunity"
    assert [int(pk) for pk in form["partners"].value()] == [fabrique.pk]
    assert not PilotProject.objects.exists()


def test_the_dashboard_cell_links_to_the_delegation_s_project(world, project):
    cells = pilot_project_cells(world.cohort, [world.delegation_a, world.delegation_b])
    assert cells[world.delegation_a.pk].url == reverse(
        "territories:pilot-detail", args=[project.pk]
    )
    assert world.delegation_b.pk not in cells
    services.pilot_project_create(delegation=world.delegation_a, title="Second")
    cells = pilot_project_cells(world.cohort, [world.delegation_a])
    assert "(+1)" in cells[world.delegation_a.pk].label
    assert cells[world.delegation_a.pk].url.endswith(f"#d{world.delegation_a.pk}")


def test_a_member_reaches_the_pilot_projects_from_the_cohort_page(client, world):
    client.force_login(world.agent_a)
    html = client.get(reverse("transitions:cohort-detail", args=[world.cohort.pk])).content
    assert reverse("territories:pilot-list", args=[world.cohort.pk]) in html.decode()


def test_the_project_page_offers_editors_the_other_statuses_and_readers_none(
    client, world, open_stage, project
):
    url = reverse("territories:pilot-detail", args=[project.pk])
    client.force_login(world.agent_a)
    html = client.get(url).content.decode()
    # From "idea" the status order allows only "positioned".
    assert "Passer à « Positionné »" in html
    assert "Passer à « Lancé »" not in html and "Passer à « Idée »" not in html
    assert reverse("territories:milestone-add", args=[project.pk]) in html
    client.force_login(world.elu)
    html = client.get(url).content.decode()
    assert "Passer à" not in html
    assert reverse("territories:milestone-add", args=[project.pk]) not in html


def test_odd_prefill_parameters_are_ignored_not_an_error(client, world, open_stage):
    client.force_login(world.agent_a)
    url = reverse("territories:pilot-create", args=[world.delegation_a.pk])
    response = client.get(
        url, {"partners": ["²", "99999999999999999999", "abc"], "axes": "-1", "origin": "x"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert not form["partners"].value() and form["origin"].value() == "scratch"


def test_the_cohort_list_costs_the_same_queries_for_two_and_six_territories(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import DelegationFactory, TerritoryFactory

    def add_delegation_with_project(code: str):
        delegation = DelegationFactory(cohort=world.cohort, territory=TerritoryFactory(code=code))
        project = services.pilot_project_create(delegation=delegation, title=f"Projet {code}")
        project.partners.set([_org(delegation.territory, f"Partenaire {code}")])

    services.pilot_project_create(delegation=world.delegation_a, title="Tiers-lieu")
    url = reverse("territories:pilot-list", args=[world.cohort.pk])
    client.force_login(world.facilitator)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).status_code == 200
    for code in ("80001", "80002", "80003", "80004"):
        add_delegation_with_project(code)
    with CaptureQueriesContext(connection) as six:
        html = client.get(url).content.decode()
    assert "Projet 80004" in html and "Partenaire 80004" in html
    assert len(six) == len(two)
