"""Links across the parcours: who may make them, and what they may show."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.trajectory.conftest import RESPONDENT_TEXT, UNSHARED_TEXT
from trajectory import selectors, services
from trajectory.models import Link

pytestmark = pytest.mark.django_db


def test_a_facilitator_links_a_finding_to_the_pilot_project_in_two_clicks(client, scene):
    client.force_login(scene.facilitator)
    detail = reverse("trajectory:delegation-detail", args=[scene.delegation_a.pk])
    panel = client.get(
        reverse("trajectory:link-panel", args=[scene.delegation_a.pk]),
        {"noeud": scene.finding_key},
        headers={"HX-Request": "true"},
    )
    assert panel.status_code == 200
    assert f"pilot:{scene.pilot.pk}" in panel.content.decode()  # suggested: shares P2-a
    created = client.post(
        reverse("trajectory:link-create", args=[scene.delegation_a.pk]),
        {"source": f"pilot:{scene.pilot.pk}", "target": scene.finding_key},
        headers={"HX-Request": "true"},
    )
    assert created.status_code == 204 and created["HX-Redirect"].startswith(detail)
    link = Link.objects.get()
    # Stored forward, whichever end the click started from.
    assert (link.source_kind, link.target_kind) == ("finding", "pilot")
    page = client.get(detail).content.decode()
    assert "aboutit à" in page and "Tiers-lieu" in page


@pytest.mark.parametrize(
    ("persona", "may_link"),
    [
        ("facilitator", True),
        ("staff", True),
        ("agent_a", True),
        ("elu", False),  # a participant of the delegation reads the trajectory only
        ("agent_b", False),
        ("other_facilitator", False),
        ("researcher", False),
        ("outsider", False),
    ],
)
def test_who_may_link_is_the_facilitation_and_the_territorys_agents(scene, persona, may_link):
    assert scene.persona(persona).has_perm("trajectory.add_link", scene.delegation_a) is may_link


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("facilitator", 200),
        ("staff", 200),
        ("agent_a", 200),
        ("elu", 200),
        ("agent_b", 404),  # another territory's agent: its diagnostic's scope, so 404
        ("other_facilitator", 404),
        ("researcher", 404),
        ("outsider", 404),
    ],
)
def test_the_trajectory_is_scoped_like_the_territorys_diagnostic(client, scene, persona, status):
    user = scene.persona(persona)
    client.force_login(user)
    url = reverse("trajectory:delegation-detail", args=[scene.delegation_a.pk])
    assert client.get(url).status_code == status
    diagnostic_url = reverse("diagnostics:diagnostic-detail", args=[scene.diagnostic.pk])
    assert client.get(diagnostic_url).status_code == status


def test_a_participant_cannot_post_a_link(client, scene):
    client.force_login(scene.elu)
    response = client.post(
        reverse("trajectory:link-create", args=[scene.delegation_a.pk]),
        {"source": scene.finding_key, "target": f"pilot:{scene.pilot.pk}"},
    )
    assert response.status_code == 403
    assert not Link.objects.exists()


def test_an_unshared_contribution_cannot_be_linked_even_by_a_facilitator(scene):
    with pytest.raises(ValidationError):
        services.link_create(
            delegation=scene.delegation_a,
            user=scene.facilitator,
            source=scene.finding_key,
            target=f"contribution:{scene.unshared.pk}",
        )
    assert not Link.objects.exists()


def test_another_territorys_project_cannot_be_linked(scene):
    with pytest.raises(ValidationError):
        services.link_create(
            delegation=scene.delegation_a,
            user=scene.facilitator,
            source=scene.finding_key,
            target=f"pilot:{scene.pilot_b.pk}",
        )


def test_two_objects_of_one_stage_are_not_linked_and_a_pair_is_linked_once(scene):
    with pytest.raises(ValidationError):
        services.link_create(
            delegation=scene.delegation_a,
            user=scene.facilitator,
            source=f"card:{scene.card.pk}",
            target=f"opportunity:{scene.opportunity.pk}",
        )
    args = {
        "delegation": scene.delegation_a,
        "user": scene.facilitator,
        "source": scene.finding_key,
        "target": f"opportunity:{scene.opportunity.pk}",
    }
    services.link_create(**args)
    with pytest.raises(ValidationError):
        services.link_create(**args)
    assert Link.objects.count() == 1


def test_a_link_to_a_contribution_unshared_later_shows_nothing_of_it(client, scene):
    services.link_create(
        delegation=scene.delegation_a,
        user=scene.facilitator,
        source=scene.finding_key,
        target=f"contribution:{scene.shared.pk}",
    )
    scene.shared.text = "Devenue confidentielle"
    scene.shared.shared = False
    scene.shared.save()
    for persona in ("facilitator", "agent_a", "elu"):
        user = scene.persona(persona)
        nodes = selectors.nodes_for(user, scene.delegation_a)
        view = selectors.links_for(user, scene.delegation_a, nodes)
        assert view.shown == [] and view.hidden == 1
        client.force_login(user)
        for name in ("delegation-detail", "delegation-svg", "achievements"):
            body = client.get(reverse(f"trajectory:{name}", args=[scene.delegation_a.pk]))
            assert "Devenue confidentielle" not in body.content.decode()


def test_no_page_of_the_trajectory_names_a_respondent_or_shows_an_unshared_text(client, scene):
    services.link_create(
        delegation=scene.delegation_a,
        user=scene.facilitator,
        source=scene.finding_key,
        target=f"contribution:{scene.shared.pk}",
    )
    forbidden = [UNSHARED_TEXT, RESPONDENT_TEXT, scene.agent_a.full_name, scene.elu.full_name]
    forbidden += [scene.agent_a.email, scene.elu.email]
    for persona in ("facilitator", "agent_a", "elu"):
        client.force_login(scene.persona(persona))
        urls = [
            reverse(f"trajectory:{name}", args=[scene.delegation_a.pk])
            for name in ("delegation-detail", "delegation-svg", "achievements")
        ]
        urls.append(
            reverse("trajectory:link-panel", args=[scene.delegation_a.pk])
            + f"?noeud={scene.finding_key}"
        )
        for url in urls:
            response = client.get(url)
            if response.status_code == 403:  # the panel is for who may link
                continue
            body = response.content.decode()
            checked = forbidden
            if persona == "facilitator" and url == urls[0]:
                # The facilitation names who carried what (the overload signal): the
                # delegation's members are offered by name, never tied to an answer.
                checked = [UNSHARED_TEXT, RESPONDENT_TEXT]
            shown = [text for text in checked if text and text in body]
            # The signed-in person's own name is in the page header.
            own = {scene.persona(persona).full_name, scene.persona(persona).email}
            assert [t for t in shown if t not in own] == [], (persona, url)


def test_suggestions_come_from_shared_axes_and_skip_what_is_already_linked(scene):
    nodes = selectors.nodes_for(scene.facilitator, scene.delegation_a)
    finding = nodes[scene.finding_key]
    suggested = {n.key for n in selectors.suggestions(finding, nodes, set())}
    assert {
        f"contribution:{scene.shared.pk}",
        f"statement:{scene.statement.pk}",
        f"card:{scene.card.pk}",
        f"opportunity:{scene.opportunity.pk}",
        f"pilot:{scene.pilot.pk}",
    } <= suggested | {n.key for n in selectors.candidates(finding, nodes, set())}
    assert f"contribution:{scene.unshared.pk}" not in nodes
    linked = {(scene.finding_key, f"pilot:{scene.pilot.pk}")}
    again = {n.key for n in selectors.suggestions(finding, nodes, linked)}
    assert f"pilot:{scene.pilot.pk}" not in again


def test_research_segments_keep_consenting_authors_recit_and_the_links(scene):
    import datetime as dt

    from transitions.models import Membership

    services.link_create(
        delegation=scene.delegation_a,
        user=scene.facilitator,
        source=scene.finding_key,
        target=f"pilot:{scene.pilot.pk}",
    )
    for author, title in ((scene.agent_a, "Consenti"), (scene.elu, "Sans accord")):
        services.story_entry_create(
            delegation=scene.delegation_a,
            user=author,
            kind="white_pebble",
            happened_on=dt.date(2026, 1, 1),
            title=title,
        )
    Membership.objects.filter(user=scene.agent_a).update(research_consent=True)
    segments = list(selectors.research_segments(scene.cohort))
    texts = [s.text for s in segments]
    assert "Consenti" in texts and "Sans accord" not in texts
    link = next(s for s in segments if s.source == "trajectory.link")
    assert "aboutit à" in link.text and "Tiers-lieu" in link.text and link.author_id is None


def test_the_lier_action_sits_beside_the_objects_on_their_own_pages(client, scene):
    panel = reverse("trajectory:link-panel", args=[scene.delegation_a.pk])
    harvest = reverse("agora:forum-harvest", args=[scene.card.table.forum_id])
    results = reverse("diagnostics:results-detail", args=[scene.diagnostic.pk])
    client.force_login(scene.agent_a)
    assert f"{panel}?noeud=card:{scene.card.pk}" in client.get(harvest).content.decode()
    assert (
        f"{panel}?noeud=opportunity:{scene.opportunity.pk}" in client.get(harvest).content.decode()
    )
    body = client.get(results).content.decode()
    assert f"{panel}?noeud={scene.finding_key}" in body
    assert "?noeud=finding:" + str(scene.pilot.axes.get(code="P1-a").pk) not in body
    # A participant of the delegation reads the pages without the action.
    client.force_login(scene.elu)
    assert "?noeud=" not in client.get(results).content.decode()
