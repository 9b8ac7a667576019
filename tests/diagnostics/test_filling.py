"""Filling a diagnostic: autosave (htmx), plain submit without JavaScript, no lost
update, the 10,000-character limit and the history."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Answer
from tests.diagnostics.factories import axis_question, history_lines, history_size

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _save_url(world, code):
    question = axis_question(world.diagnostic, code)
    return question, reverse("diagnostics:answer-save", args=[world.diagnostic.pk, question.pk])


def test_an_autosave_shows_enregistre_and_hands_back_the_new_version(client, world, diagnostic):
    question, url = _save_url(world, "P2-b")
    client.force_login(world.agent_a)
    response = client.post(
        url, {"version": 0, "level": 2, "text": "On évite les sujets qui fâchent."}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enregistré" in html
    assert f'id="q{question.pk}_version" value="1" hx-swap-oob="true"' in html
    assert 'id="progress-P2" hx-swap-oob="true">1 / 11'  # P2-d is three items from v2 in html
    answer = Answer.objects.get(question=question, respondent=world.agent_a)
    assert (answer.level, answer.category, answer.version) == (2, "AGENT_COLLECTIVITE", 1)


def test_without_javascript_a_plain_submit_saves_and_comes_back_to_the_item(
    client, world, diagnostic
):
    question, url = _save_url(world, "P1-c")
    client.force_login(world.elu)
    response = client.post(url, {"version": 0, "level": -1, "text": ""}, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/principe/1/#item-{question.pk}")
    assert "Réponse enregistrée." in response.content.decode()
    answer = Answer.objects.get(question=question, respondent=world.elu)
    assert answer.level == -1 and answer.category == "ELU"


def test_the_principle_page_shows_the_users_own_saved_answer(client, world, diagnostic):
    question, url = _save_url(world, "P1-a")
    client.force_login(world.agent_a)
    client.post(url, {"version": 0, "level": 3, "text": "Le désir de bien vivre ici."})
    html = client.get(
        reverse("diagnostics:principle-edit", args=[world.diagnostic.pk, 1])
    ).content.decode()
    assert "Le désir de bien vivre ici." in html
    assert re.search(rf'value="3"[^>]*id="q{question.pk}_level_\d"[^>]*checked', html)
    # Another member does not see it pre-filled as theirs.
    client.force_login(world.elu)
    html = client.get(
        reverse("diagnostics:principle-edit", args=[world.diagnostic.pk, 1])
    ).content.decode()
    assert "Le désir de bien vivre ici." not in html


def test_a_shared_text_saved_from_an_old_version_is_refused_with_the_other_value(
    client, world, diagnostic
):
    question = world.diagnostic.questionnaire.questions.get(code="synthesis.strengths")
    url = reverse("diagnostics:answer-save", args=[world.diagnostic.pk, question.pk])
    client.force_login(world.agent_a)
    client.post(url, {"version": 0, "text": "La confiance entre élus et associations."}, **HTMX)
    client.force_login(world.elu)
    # Élise loaded the page before Agnès saved: she still holds version 0.
    response = client.post(url, {"version": 0, "text": "Le bénévolat."}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Agnès Agent a enregistré cette réponse pendant que vous la modifiiez" in html
    assert "La confiance entre élus et associations." in html
    assert "Garder ma version" in html and "Reprendre sa version" in html
    answer = Answer.objects.get(question=question, respondent__isnull=True)
    assert answer.text == "La confiance entre élus et associations."
    # She chooses to keep hers, knowingly.
    response = client.post(url, {"version": 0, "keep_mine": 1, "text": "Le bénévolat."}, **HTMX)
    assert response.status_code == 200
    answer.refresh_from_db()
    assert (answer.text, answer.version) == ("Le bénévolat.", 2)


def test_a_conflict_without_javascript_keeps_the_typed_text_in_the_page(client, world, diagnostic):
    question = world.diagnostic.questionnaire.questions.get(code="profile.context")
    url = reverse("diagnostics:answer-save", args=[world.diagnostic.pk, question.pk])
    client.force_login(world.agent_a)
    client.post(url, {"version": 0, "text": "Version d'Agnès"})
    client.force_login(world.agent_a2)
    response = client.post(url, {"version": 0, "text": "Version de Bruno"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Version d&#x27;Agnès" in html and "Version de Bruno" in html


def test_a_text_longer_than_10000_characters_gets_a_clear_error_and_nothing_is_saved(
    client, world, diagnostic
):
    question, url = _save_url(world, "P3-c")
    client.force_login(world.agent_a)
    response = client.post(url, {"version": 0, "level": 1, "text": "x" * 10_001}, **HTMX)
    assert response.status_code == 422
    assert "10 000 caractères au maximum, il en compte 10001" in response.content.decode()
    assert not Answer.objects.filter(question=question).exists()
    response = client.post(url, {"version": 0, "level": 1, "text": "x" * 10_000}, **HTMX)
    assert response.status_code == 200


def test_a_level_outside_the_scale_is_refused_in_french(client, world, diagnostic):
    _question, url = _save_url(world, "P3-d")
    client.force_login(world.agent_a)
    response = client.post(url, {"version": 0, "level": 7, "text": ""}, **HTMX)
    assert response.status_code == 422
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_every_change_is_kept_in_the_history_with_who_when_old_and_new_under_the_category(
    client, world, diagnostic
):
    question, url = _save_url(world, "P4-i")
    client.force_login(world.agent_a)
    client.post(url, {"version": 0, "level": 1, "text": "Jamais."}, **HTMX)
    client.post(url, {"version": 1, "level": 3, "text": "La fête des récoltes."}, **HTMX)
    lines = [line for line in history_lines(world.diagnostic, world.agent_a) if line[0] == "P4-i"]
    assert [(label, before, after, who) for _what, label, before, after, who in lines] == [
        ("niveau", "", "1 · Émergent", "vous"),
        ("observation", "", "Jamais.", "vous"),
        ("niveau", "1 · Émergent", "3 · Ancré", "vous"),
        ("observation", "Jamais.", "La fête des récoltes.", "vous"),
    ]
    for viewer in (world.elu, world.facilitator):
        client.force_login(viewer)
        html = client.get(
            reverse("diagnostics:history-list", args=[world.diagnostic.pk])
        ).content.decode()
        # A respondent's answers are theirs: others see the category, not the name.
        assert "La fête des récoltes." in html and "Agent·e de collectivité" in html
        assert "Agnès Agent" not in html


def test_saving_the_same_values_again_is_not_a_conflict_and_adds_no_history(world, diagnostic):
    question = axis_question(world.diagnostic, "P2-a")
    kwargs = dict(
        diagnostic=world.diagnostic, question=question, user=world.agent_a, level=2, text="a"
    )
    services.answer_save(base_version=0, **kwargs)
    before = history_size(world.diagnostic, world.facilitator)
    answer = services.answer_save(base_version=0, **kwargs)
    assert answer.version == 1
    assert history_size(world.diagnostic, world.facilitator) == before


def test_evidence_is_added_and_removed_with_its_history(client, world, diagnostic):
    question = axis_question(world.diagnostic, "P2-g")
    client.force_login(world.agent_a)
    url = reverse("diagnostics:evidence-add", args=[world.diagnostic.pk, question.pk])
    response = client.post(
        url, {"kind": "device", "description": "Club des agents", "frequency": "tous les mois"}
    )
    assert response.status_code == 302
    html = client.get(
        reverse("diagnostics:principle-edit", args=[world.diagnostic.pk, 2])
    ).content.decode()
    assert "Club des agents" in html and "tous les mois" in html
    evidence = Answer.objects.get(question=question, respondent=world.agent_a).evidence.get()
    # Another member cannot delete someone else's evidence.
    client.force_login(world.elu)
    delete = reverse("diagnostics:evidence-delete", args=[world.diagnostic.pk, evidence.pk])
    assert client.post(delete).status_code == 404
    client.force_login(world.agent_a)
    assert client.post(delete, {"confirme": "oui"}).status_code == 302
    lines = history_lines(world.diagnostic, world.facilitator)
    assert [
        (line[1], line[2], line[3])
        for line in lines
        if line[0] == "P2-g" and line[1] == "description"
    ] == [
        ("description", "", "Club des agents"),
        ("description", "Club des agents", ""),
    ]


def test_a_submitted_diagnostic_is_read_only_for_the_delegation(client, world, diagnostic):
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    _question, url = _save_url(world, "P1-a")
    client.force_login(world.agent_a)
    assert client.post(url, {"version": 0, "level": 2, "text": ""}).status_code == 403
    html = client.get(
        reverse("diagnostics:principle-edit", args=[world.diagnostic.pk, 1])
    ).content.decode()
    assert "<fieldset disabled>" in html


def test_a_device_without_its_frequency_is_refused_in_french(client, world, diagnostic):
    question = axis_question(world.diagnostic, "P2-g")
    client.force_login(world.agent_a)
    url = reverse("diagnostics:evidence-add", args=[world.diagnostic.pk, question.pk])
    response = client.post(url, {"kind": "device", "description": "Club des agents"})
    assert response.status_code == 422
    assert "Indiquez la fréquence du dispositif" in response.content.decode()
    assert not Answer.objects.filter(question=question).exists()


def test_the_profile_shows_the_territory_and_its_ess_relationships(client, world, diagnostic):
    import datetime

    from territories import services as ess_services

    ess_services.organisation_create(
        territory=world.delegation_a.territory,
        user=None,
        organisation={"name": "AMAP", "legal_form": "association"},
        relationship={"relation_type": "DISTANT", "observed_on": datetime.date(2024, 1, 1)},
    )
    client.force_login(world.elu)
    html = client.get(
        reverse("diagnostics:section-edit", args=[world.diagnostic.pk, "profil"])
    ).content.decode()
    assert (
        "Relations avec 1 acteur de l&#x27;ESS" in html
        or "Relations avec 1 acteur de l'ESS" in html
    )
    assert "Hauts-de-France" in html
