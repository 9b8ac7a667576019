"""The home page's diagnostic actions per persona, and the diagnostic's safe actions:
submitting shows what is unanswered and asks first; validating asks first and can be
undone; the overview shows who has answered, by category, never by name."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from diagnostics import services
from tests.diagnostics.factories import axis_question

pytestmark = pytest.mark.django_db


def _answer(world, user, *codes, category="AGENT_COLLECTIVITE"):
    for code in codes:
        services.answer_save(
            diagnostic=world.diagnostic,
            question=axis_question(world.diagnostic, code),
            user=user,
            base_version=0,
            category=category,
            level=2,
        )


def _actions(client, user) -> list[str]:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return [f"{a.text} | {a.detail}" for a in response.context["actions"]]


def test_an_agent_is_asked_to_answer_their_diagnostic_and_told_how_far_they_got(
    client, world, diagnostic
):
    _answer(world, world.agent_a, "P1-a", "P2-b")
    actions = _actions(client, world.agent_a)
    mine = [a for a in actions if a.startswith("Répondre au diagnostic de Loos-sur-Lys")]
    assert len(mine) == 1
    assert "Vous avez répondu à 2 axes sur 33." in mine[0]
    assert "/diagnostics/" in client.get("/").content.decode()


def test_a_participant_of_the_delegation_is_asked_to_answer_too(client, world, diagnostic):
    actions = _actions(client, world.elu)
    assert any(a.startswith("Répondre au diagnostic de Loos-sur-Lys") for a in actions)


def test_an_agent_of_another_territory_sees_only_their_own_territorys_diagnostic(
    client, world, diagnostic
):
    actions = _actions(client, world.agent_b)
    assert any(a.startswith("Ouvrir le diagnostic de Autreville") for a in actions)
    assert not any("Loos-sur-Lys" in a for a in actions)


def test_the_facilitator_is_asked_to_validate_only_once_the_diagnostic_is_submitted(
    client, world, diagnostic
):
    assert not any("diagnostic de Loos" in a for a in _actions(client, world.facilitator))
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    actions = _actions(client, world.facilitator)
    assert any(a.startswith("Valider le diagnostic de Loos-sur-Lys") for a in actions)
    assert not any("Valider" in a for a in _actions(client, world.other_facilitator))
    assert not any("Valider" in a for a in _actions(client, world.agent_a))


def test_the_researcher_and_an_outsider_get_no_diagnostic_to_answer(client, world, diagnostic):
    assert not any("diagnostic" in a for a in _actions(client, world.researcher))
    assert _actions(client, world.outsider) == []
    assert "aucune cohorte" in client.get("/").content.decode()


def test_submitting_without_the_confirmation_step_submits_nothing_and_lists_the_gaps(
    client, world, diagnostic
):
    _answer(world, world.agent_a, "P1-a")
    client.force_login(world.agent_a)
    response = client.post(reverse("diagnostics:diagnostic-submit", args=[world.diagnostic.pk]))
    assert response.status_code == 200
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "draft"
    gaps = {row.principle.code: row for row in response.context["coverage"].by_principle}
    assert [a.code for a in gaps["P1"].unanswered][:1] == ["P1-b"]
    assert "P1-a" not in [a.code for a in gaps["P1"].unanswered]
    assert sum(row.total for row in gaps.values()) == 33
    page = response.content.decode()
    assert "1 axe sur 33 a reçu au moins une réponse." in page
    assert "Par principe : les axes sans aucune réponse" in page
    assert "P4-a" in page  # an axis nobody answered is named
    by_category = {row.category: row for row in response.context["coverage"].by_category}
    assert by_category["AGENT_COLLECTIVITE"].respondents == 1
    assert by_category["AGENT_COLLECTIVITE"].answered == 1
    assert by_category["ELU"].respondents == 0
    assert "Soumettre quand même" in page


def test_submitting_with_the_confirmation_submits_and_says_which_diagnostic(
    client, world, diagnostic
):
    client.force_login(world.agent_a)
    response = client.post(
        reverse("diagnostics:diagnostic-submit", args=[world.diagnostic.pk]),
        {"confirme": "oui"},
        follow=True,
    )
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "submitted"
    assert "Le diagnostic de Loos-sur-Lys a été soumis" in response.content.decode()


def test_validating_asks_first_then_offers_an_undo_that_restores_the_submitted_state(
    client, world, diagnostic
):
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    client.force_login(world.facilitator)
    url = reverse("diagnostics:diagnostic-validate", args=[world.diagnostic.pk])
    assert client.post(url).status_code == 200
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "submitted"

    response = client.post(url, {"confirme": "oui"}, follow=True)
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "validated"
    page = response.content.decode()
    undo = reverse("diagnostics:diagnostic-unvalidate", args=[world.diagnostic.pk])
    assert "Le diagnostic de Loos-sur-Lys est validé." in page
    assert f'action="{undo}"' in page and ">Annuler</button>" in page

    response = client.post(undo, {"confirme": "oui"}, follow=True)
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "submitted"
    assert world.diagnostic.validated_by is None
    assert "La validation du diagnostic de Loos-sur-Lys est annulée" in response.content.decode()


def test_the_delegation_cannot_undo_a_validation(client, world, diagnostic):
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    services.diagnostic_validate(diagnostic=world.diagnostic, user=world.facilitator)
    client.force_login(world.agent_a)
    undo = reverse("diagnostics:diagnostic-unvalidate", args=[world.diagnostic.pk])
    assert client.post(undo).status_code == 403
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "validated"


def test_the_overview_shows_who_answered_by_category_never_by_name(client, world, diagnostic):
    _answer(world, world.elu, "P1-a", "P1-b", category="ELU")
    for viewer in (world.agent_a, world.facilitator):
        client.force_login(viewer)
        page = client.get(
            reverse("diagnostics:diagnostic-detail", args=[world.diagnostic.pk])
        ).content.decode()
        assert "Qui a répondu" in page and "Élu·e" in page
        assert world.elu.full_name not in page


def test_deleting_a_timeline_event_asks_first(client, world, diagnostic):
    event = services.timeline_event_add(
        diagnostic=world.diagnostic,
        user=world.agent_a,
        happened_on=datetime.date(2020, 1, 1),
        title="Fermeture de la mine",
        kind="key_event",
    )
    client.force_login(world.agent_a)
    url = reverse("diagnostics:timeline-delete", args=[world.diagnostic.pk, event.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "Fermeture de la mine" in asked.content.decode()
    assert world.diagnostic.timeline_events.filter(pk=event.pk).exists()
    client.post(url, {"confirme": "oui"})
    assert not world.diagnostic.timeline_events.filter(pk=event.pk).exists()


def test_a_facilitator_reads_the_delegations_progress_not_their_own_empty_answers(
    client, world, diagnostic
):
    _answer(world, world.agent_a, "P1-a", "P1-b")
    client.force_login(world.facilitator)
    response = client.get(reverse("diagnostics:diagnostic-detail", args=[world.diagnostic.pk]))
    page = response.content.decode()
    assert "(vos réponses)" not in page
    assert "(axes renseignés par la délégation)" in page
    p1 = next(p for p in response.context["principles"] if p.code == "P1")
    assert p1.coverage.answered == 2
    client.force_login(world.agent_a)
    assert (
        "(vos réponses)"
        in client.get(
            reverse("diagnostics:diagnostic-detail", args=[world.diagnostic.pk])
        ).content.decode()
    )
