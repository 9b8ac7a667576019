"""The agora page shows what the workshop needs at once (statements, positions, the first
shared contributions) and loads the rest on demand: the next contributions, the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.peergroups.factories import ContributionFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def shared(peer):
    return [
        ContributionFactory(session=peer.session(), text=f"Partagée n°{i:02d}", shared=True)
        for i in range(45)
    ]


def _page(client, world, **params) -> str:
    url = reverse("agora:agora-detail", args=[world.cohort.pk])
    return client.get(url, params).content.decode()


def test_the_page_shows_the_first_30_shared_contributions_and_loads_the_next(client, world, shared):
    client.force_login(world.etat)
    body = _page(client, world)
    listed = body.split('id="shared-list"', 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == 30
    assert "Voir les 15 contributions suivantes" in listed
    more = client.get(
        reverse("agora:shared-contributions", args=[world.cohort.pk]), {"apres": 30}, **HTMX
    ).content.decode()
    assert more.count("<li>") == 15 and "suivantes" not in more
    assert "Partagée n°44" in more or "Partagée n°00" in more
    everything = _page(client, world, contributions="toutes")
    assert everything.split('id="shared-list"', 1)[1].split("</ul>", 1)[0].count("<li>") == 45


def test_load_more_without_htmx_or_with_a_bad_offset_stays_usable(client, world, shared):
    client.force_login(world.etat)
    url = reverse("agora:shared-contributions", args=[world.cohort.pk])
    response = client.get(url, {"apres": 30})
    assert response.status_code == 302 and "contributions=toutes" in response.url
    first = client.get(url, {"apres": "abc"}, **HTMX).content.decode()
    assert first.count("<li>") == 30 and 'id="shared-more"' in first


def test_the_statement_form_loads_when_opened(client, world, shared):
    client.force_login(world.facilitator)
    body = _page(client, world)
    assert 'id="build-statement"' in body and 'name="sources"' not in body
    url = reverse("agora:statement-create", args=[world.cohort.pk])
    form = client.get(url, **HTMX).content.decode()
    assert 'name="sources"' in form and "Partagée n°44" in form
    assert client.get(url).status_code == 302
    assert 'name="sources"' in _page(client, world, formulaire="1")


def test_a_participant_neither_sees_nor_loads_the_statement_form(client, world, shared):
    client.force_login(world.elu)
    assert 'id="build-statement"' not in _page(client, world)
    url = reverse("agora:statement-create", args=[world.cohort.pk])
    assert client.get(url, **HTMX).status_code == 403
