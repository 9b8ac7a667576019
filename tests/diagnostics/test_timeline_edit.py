"""Editing an event of the narrative timeline: no lost update, every change in the history."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from diagnostics import services
from diagnostics.models import TimelineEvent
from tests.diagnostics.factories import history_lines, history_size

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world, diagnostic):
    return services.timeline_event_add(
        diagnostic=world.diagnostic,
        user=world.agent_a,
        kind="key_event",
        happened_on=datetime.date(2015, 3, 1),
        title="Premier forum citoyen",
        description="Trois cents personnes dans la salle des fêtes.",
    )


def _url(world, event) -> str:
    return reverse("diagnostics:timeline-update", args=[world.diagnostic.pk, event.pk])


def _form_data(client, url, **changes) -> dict:
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def test_a_member_edits_an_event_and_each_change_goes_to_the_history(
    client, world, diagnostic, event
):
    client.force_login(world.elu)
    url = _url(world, event)
    data = _form_data(
        client, url, kind="white_pebble", happened_on="2016-03-01", title="Premier forum"
    )
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "Événement enregistré." in html and "Premier forum" in html
    event.refresh_from_db()
    assert (event.kind, event.happened_on, event.title) == (
        "white_pebble",
        datetime.date(2016, 3, 1),
        "Premier forum",
    )
    assert event.description == "Trois cents personnes dans la salle des fêtes."
    updates = [
        (label, before, after, who)
        for _what, label, before, after, who in history_lines(world.diagnostic, world.facilitator)
        if before
    ]
    assert updates == [
        ("type", "Événement clé", "Caillou blanc", world.elu.full_name),
        ("date", "1er mars 2015", "1er mars 2016", world.elu.full_name),
        ("titre", "Premier forum citoyen", "Premier forum", world.elu.full_name),
    ]
    history = client.get(
        reverse("diagnostics:history-list", args=[world.diagnostic.pk])
    ).content.decode()
    assert "Premier forum · modification · titre" in history
    assert "Caillou blanc" in history


def test_saving_an_unchanged_event_adds_nothing_to_the_history(client, world, diagnostic, event):
    client.force_login(world.agent_a)
    url = _url(world, event)
    before = history_size(world.diagnostic, world.facilitator)
    assert client.post(url, _form_data(client, url)).status_code == 302
    assert history_size(world.diagnostic, world.facilitator) == before


def test_an_edit_from_a_stale_page_is_refused_and_shows_what_changed(
    client, world, diagnostic, event
):
    client.force_login(world.agent_a)
    url = _url(world, event)
    mine = _form_data(client, url, description="Deux cents personnes, d'après la presse.")
    client.force_login(world.agent_a2)
    theirs = _form_data(client, url, title="Le forum de la Fabrique")
    assert client.post(url, theirs).status_code == 302

    client.force_login(world.agent_a)
    history_before = history_size(world.diagnostic, world.facilitator)
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Quelqu&#x27;un d&#x27;autre a modifié cet événement" in html
    assert [d["label"] for d in response.context["differences"]] == ["Titre", "Récit"]
    assert "<td>Le forum de la Fabrique</td><td>Premier forum citoyen</td>" in html
    event.refresh_from_db()
    assert event.title == "Le forum de la Fabrique"
    assert event.description == "Trois cents personnes dans la salle des fêtes."
    assert history_size(world.diagnostic, world.facilitator) == history_before  # nothing half-saved

    # Having seen it, the person keeps the colleague's title and saves their description.
    form = response.context["form"]
    again = {name: form[name].value() or "" for name in form.fields}
    again["title"] = "Le forum de la Fabrique"
    assert client.post(url, again).status_code == 302
    event.refresh_from_db()
    assert (event.title, event.description) == (
        "Le forum de la Fabrique",
        "Deux cents personnes, d'après la presse.",
    )


def test_bad_input_gets_french_messages_and_nothing_is_saved(client, world, diagnostic, event):
    client.force_login(world.agent_a)
    url = _url(world, event)
    data = _form_data(client, url, title="", happened_on="pas une date", description="x" * 10_001)
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in html
    assert "Saisissez une date valide." in html
    assert "Ce texte est trop long" in html
    event.refresh_from_db()
    assert event.title == "Premier forum citoyen"


def test_who_may_edit_an_event(client, world, diagnostic, event):
    url = _url(world, event)
    data = {"kind": "contested", "happened_on": "2015-03-01", "title": "X", "fingerprint": "x"}
    client.force_login(world.agent_b)  # another territory
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404
    client.force_login(world.researcher)
    assert client.get(url).status_code == 404
    client.force_login(world.facilitator)  # follows the diagnostic, does not fill it
    assert client.get(url).status_code == 403
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    client.force_login(world.agent_a)  # submitted: read-only for the delegation
    assert client.get(url).status_code == 403
    assert client.post(url, data).status_code == 403
    assert TimelineEvent.objects.get(pk=event.pk).title == "Premier forum citoyen"


def test_an_event_of_another_diagnostic_is_404_through_this_diagnostics_url(client, world, event):
    from diagnostics.services import diagnostic_open

    other = diagnostic_open(delegation=world.delegation_b)
    client.force_login(world.agent_b)
    url = reverse("diagnostics:timeline-update", args=[other.pk, event.pk])
    assert client.get(url).status_code == 404


def test_the_timeline_links_each_event_to_its_edit_page(client, world, diagnostic, event):
    client.force_login(world.agent_a)
    html = client.get(
        reverse("diagnostics:timeline-list", args=[world.diagnostic.pk])
    ).content.decode()
    assert _url(world, event) in html


def test_an_edited_event_gives_a_new_report(client, world, diagnostic, event):
    from diagnostics import reports

    before = reports.report_hash(world.diagnostic)
    client.force_login(world.agent_a)
    url = _url(world, event)
    client.post(url, _form_data(client, url, title="Le premier forum"))
    assert reports.report_hash(world.diagnostic) != before
