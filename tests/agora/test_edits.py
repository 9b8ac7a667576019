"""No lost update in the agora: statement edits and category positions."""

import json

import pytest
from django.urls import reverse

from agora import services
from agora.models import Agora, Position, Statement
from tests.factories import close_stage
from tests.peergroups.factories import ContributionFactory, peer_world
from transitions.concurrency import StaleEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def agora(world, peer):
    return services.agora_ensure(cohort=world.cohort)


@pytest.fixture
def statement(agora):
    return services.statement_create(agora=agora, kind="learning", text="Première version")


def _edit_url(statement):
    return reverse("agora:statement-edit", args=[statement.pk])


def _position_url(statement):
    return reverse("agora:position-set", args=[statement.pk])


def _version(agora) -> int:
    return Agora.objects.get(pk=agora.pk).version


# --- Statement edits -----------------------------------------------------------------------


def test_the_facilitator_edits_text_kind_and_sources_and_live_views_refresh(
    client, world, peer, agora, statement
):
    source = ContributionFactory(session=peer.session(), text="Partagée", shared=True)
    before = _version(agora)
    client.force_login(world.facilitator)
    page = client.get(_edit_url(statement))
    assert page.status_code == 200
    assert "Première version" in page.content.decode()
    response = client.post(
        _edit_url(statement),
        {"kind": "consensus", "text": "Version revue", "sources": [source.pk], "revision": 1},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.kind, statement.text, statement.revision) == ("consensus", "Version revue", 2)
    assert list(statement.sources.all()) == [source]
    assert _version(agora) == before + 1
    refresh = client.get(reverse("agora:agora-refresh", args=[world.cohort.pk]), {"v": before})
    assert refresh.status_code == 200 and "Version revue" in refresh.content.decode()


def test_an_edit_from_a_stale_page_is_refused_and_shows_the_current_text(
    client, world, peer, agora, statement
):
    client.force_login(world.facilitator)
    # Another facilitator saved first, from the same page state (revision 1).
    services.statement_update(
        statement=statement, revision=1, kind="consensus", text="Leur version", sources=[]
    )
    version = _version(agora)
    response = client.post(
        _edit_url(statement), {"kind": "learning", "text": "Ma version", "revision": 1}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "a été modifié pendant que vous le modifiiez" in body
    assert "Leur version" in body  # the current text, shown
    assert "Ma version" in body  # theirs kept in the form
    statement.refresh_from_db()
    assert statement.text == "Leur version"
    assert _version(agora) == version
    # The form now carries the current revision: saving again is a deliberate replace.
    assert 'name="revision" value="2"' in body
    again = client.post(
        _edit_url(statement), {"kind": "learning", "text": "Ma version", "revision": 2}
    )
    assert again.status_code == 302
    statement.refresh_from_db()
    assert statement.text == "Ma version"


def test_a_statement_edit_only_takes_sources_the_groups_shared_with_this_agora(
    client, world, peer, statement
):
    secret = ContributionFactory(session=peer.session(), text="Secret du groupe")
    hidden = ContributionFactory(session=peer.session(), text="Masquée", shared=True, hidden=True)
    other_world_card = ContributionFactory(
        session=peer_world().session(), text="Autre cohorte", shared=True
    )
    client.force_login(world.facilitator)
    for source in (secret, hidden, other_world_card):
        response = client.post(
            _edit_url(statement),
            {"kind": "learning", "text": "x", "sources": [source.pk], "revision": 1},
        )
        body = response.content.decode()
        assert response.status_code == 400
        assert "pas partagée" in body
        assert source.text not in body
    statement.refresh_from_db()
    assert statement.text == "Première version" and statement.revision == 1


def test_bad_statement_edits_get_a_french_message_and_save_nothing(client, world, peer, statement):
    client.force_login(world.facilitator)
    empty = client.post(_edit_url(statement), {"kind": "learning", "text": "", "revision": 1})
    assert empty.status_code == 400
    assert "L&#x27;énoncé est vide" in empty.content.decode()
    no_revision = client.post(_edit_url(statement), {"kind": "learning", "text": "y"})
    assert no_revision.status_code == 400
    assert "rechargez la page" in no_revision.content.decode()
    statement.refresh_from_db()
    assert statement.text == "Première version"


def test_only_the_cohorts_facilitators_may_edit_a_statement(client, world, peer, statement):
    client.force_login(world.elu)
    assert client.get(_edit_url(statement)).status_code == 403
    assert client.post(_edit_url(statement), {"text": "x", "revision": 1}).status_code == 403
    client.force_login(world.other_facilitator)
    assert client.get(_edit_url(statement)).status_code == 404
    statement.refresh_from_db()
    assert statement.text == "Première version"


def test_a_closed_agora_refuses_statement_edits_with_an_explanation(client, world, peer, statement):
    close_stage(world.cohort, "agora")
    client.force_login(world.facilitator)
    response = client.get(_edit_url(statement))
    assert response.status_code == 403
    assert "n&#x27;est pas ouverte" in response.content.decode()


def test_the_live_matrix_links_each_statement_to_its_edit_page_for_facilitators_only(
    client, world, peer, statement
):
    url = reverse("agora:agora-detail", args=[world.cohort.pk])
    client.force_login(world.facilitator)
    assert _edit_url(statement) in client.get(url).content.decode()
    client.force_login(world.elu)
    assert _edit_url(statement) not in client.get(url).content.decode()


# --- Positions -----------------------------------------------------------------------------


def test_the_second_of_two_positions_from_the_same_start_is_refused_with_the_choice(
    client, world, peer, agora, statement
):
    client.force_login(world.facilitator)
    first = client.post(
        _position_url(statement),
        {"category": "ELU", "stance": "agree", "revision": 0},
        HTTP_HX_REQUEST="true",
    )
    assert first.status_code == 200
    version = _version(agora)
    # Another tab, still showing "no position yet", records a different one.
    second = client.post(
        _position_url(statement),
        {"category": "ELU", "stance": "disagree", "note": "Trop vite", "revision": 0},
        HTTP_HX_REQUEST="true",
    )
    body = second.content.decode()
    assert second.status_code == 409
    assert "pendant que vous choisissiez : D&#x27;accord" in body
    assert "Votre choix n'a pas été enregistré : Pas d&#x27;accord" in body
    assert "Trop vite" in body
    assert "Garder la leur" in body and "Remplacer par la mienne" in body
    assert 'id="agora-live"' in body and 'id="position-conflict" hx-swap-oob="true"' in body
    position = Position.objects.get(statement=statement, category="ELU")
    assert (position.stance, position.revision) == ("agree", 1)
    assert _version(agora) == version
    # "Replace with mine" sends the revision the conflict box showed.
    replace = client.post(
        _position_url(statement),
        {"category": "ELU", "stance": "disagree", "note": "Trop vite", "revision": 1},
        HTTP_HX_REQUEST="true",
    )
    assert replace.status_code == 200
    assert 'id="position-conflict" hx-swap-oob="true"></div>' in " ".join(
        replace.content.decode().split()
    ).replace("> <", "><")
    position.refresh_from_db()
    assert (position.stance, position.note, position.revision) == ("disagree", "Trop vite", 2)
    assert _version(agora) == version + 1


def test_a_change_from_an_outdated_revision_is_refused_in_the_service(statement):
    first = services.position_set(
        statement=statement, category="AGENT_ETAT", stance="agree", base_revision=0
    )
    services.position_set(
        statement=statement, category="AGENT_ETAT", stance="nuanced", base_revision=first.revision
    )
    with pytest.raises(StaleEdit) as conflict:
        services.position_set(
            statement=statement, category="AGENT_ETAT", stance="disagree", base_revision=1
        )
    assert conflict.value.current.stance == "nuanced"


def test_sending_what_is_already_recorded_is_not_a_conflict(client, world, peer, agora, statement):
    services.position_set(statement=statement, category="ELU", stance="agree", base_revision=0)
    version = _version(agora)
    client.force_login(world.facilitator)
    response = client.post(
        _position_url(statement),
        {"category": "ELU", "stance": "agree", "revision": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert _version(agora) == version


def test_a_position_conflict_without_javascript_shows_the_page_with_the_choice(
    client, world, peer, statement
):
    services.position_set(statement=statement, category="ELU", stance="nuanced", base_revision=0)
    client.force_login(world.facilitator)
    response = client.post(
        _position_url(statement), {"category": "ELU", "stance": "agree", "revision": 0}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "<html" in body and "Remplacer par la mienne" in body
    assert "pendant que vous choisissiez : Nuancé" in body


def test_bad_position_input_gets_a_json_error_in_french_not_a_500(client, world, peer, statement):
    client.force_login(world.facilitator)
    cases = [
        {"category": "ELU", "stance": "peut-être", "revision": 0},
        {"category": "MAIRE", "stance": "agree", "revision": 0},
        {"category": "ELU", "stance": "agree"},
        {"category": "ELU", "stance": "agree", "revision": "abc"},
        {"category": "ELU", "stance": "agree", "revision": 7},
    ]
    for data in cases:
        response = client.post(_position_url(statement), data, HTTP_HX_REQUEST="true")
        assert response.status_code == 400, data
        error = json.loads(response.content)["error"]
        assert error and "rror" not in error, data
    assert not Position.objects.exists()


def test_the_live_matrix_offers_tap_buttons_carrying_the_shown_revision(
    client, world, peer, statement
):
    services.position_set(statement=statement, category="ELU", stance="agree", base_revision=0)
    client.force_login(world.facilitator)
    body = client.get(reverse("agora:agora-detail", args=[world.cohort.pk])).content.decode()
    assert body.count('class="stance-form"') == 4
    assert 'name="stance" value="agree" class="stance-button stance-agree" aria-pressed="true"' in (
        body
    )
    assert 'name="revision" value="1"' in body and 'name="revision" value="0"' in body
    client.force_login(world.elu)
    assert (
        'class="stance-form"'
        not in client.get(reverse("agora:agora-detail", args=[world.cohort.pk])).content.decode()
    )


def test_deleting_a_statement_from_its_edit_page_removes_its_positions(
    client, world, peer, statement
):
    services.position_set(statement=statement, category="ELU", stance="agree", base_revision=0)
    client.force_login(world.facilitator)
    assert "Supprimer l'énoncé" in client.get(_edit_url(statement)).content.decode()
    url = reverse("agora:statement-delete", args=[statement.pk])
    # Without the confirmation step nothing is deleted: the page asks first.
    asked = client.post(url)
    assert asked.status_code == 200 and "La suppression est définitive." in asked.content.decode()
    assert Statement.objects.exists()
    response = client.post(url, {"confirme": "oui"})
    assert response.status_code == 302
    assert not Statement.objects.exists() and not Position.objects.exists()


def test_a_position_on_a_statement_deleted_meanwhile_gets_a_json_404_in_french(
    client, world, peer, statement
):
    url = _position_url(statement)
    services.statement_delete(statement=statement)
    client.force_login(world.facilitator)
    response = client.post(
        url, {"category": "ELU", "stance": "agree", "revision": 0}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 404
    assert "n'existe plus" in json.loads(response.content)["error"]
    assert (
        client.post(url, {"category": "ELU", "stance": "agree", "revision": 0}).status_code == 404
    )


def test_a_facilitator_of_another_cohort_gets_404_on_positions_and_edits(
    client, world, peer, statement
):
    client.force_login(world.other_facilitator)
    data = {"category": "ELU", "stance": "agree", "revision": 0}
    assert client.post(_position_url(statement), data, HTTP_HX_REQUEST="true").status_code == 404
    assert client.post(_edit_url(statement), {"text": "x", "revision": 1}).status_code == 404
    assert not Position.objects.exists()


def test_the_live_refresh_stays_cheap_unchanged_in_3_queries_changed_in_constant_queries(
    client, world, peer, agora, statement, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("agora:agora-refresh", args=[world.cohort.pk])
    client.force_login(world.facilitator)
    client.get(url)  # warm the session
    # Session and user rows (authentication), then the agora's version: nothing else.
    version = _version(agora)
    with django_assert_max_num_queries(3):
        assert client.get(url, {"v": version}).status_code == 304

    def changed_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"v": 0}).status_code == 200
        return len(queries)

    services.position_set(statement=statement, category="ELU", stance="agree", base_revision=0)
    few = changed_queries()
    for index in range(5):
        more = services.statement_create(agora=agora, kind="learning", text=f"Énoncé {index}")
        services.position_set(statement=more, category="ELU", stance="agree", base_revision=0)
    assert changed_queries() == few
