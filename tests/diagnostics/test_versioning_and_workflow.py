"""Questionnaire versions, and the draft → submitted → validated workflow."""

from __future__ import annotations

import pytest
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Answer, Questionnaire
from diagnostics.selectors import current_questionnaire
from tests.diagnostics.factories import axis_question, history_lines, history_size, member
from tests.factories import DelegationFactory

pytestmark = pytest.mark.django_db


def test_version_1_holds_a_profile_33_axis_items_and_a_synthesis_in_french_and_english(db):
    questionnaire = Questionnaire.objects.get(version=1)
    sections = list(questionnaire.questions.values_list("section", flat=True))
    assert sections.count("axis") == 33
    assert sections.count("profile") >= 3 and sections.count("synthesis") == 3
    assert all(q.prompt_fr and q.prompt_en for q in questionnaire.questions.all())
    assert {q.axis.code for q in questionnaire.questions.filter(section="axis")} == {
        f"P{p}-{c}" for p, n in ((1, 7), (2, 9), (3, 8), (4, 9)) for c in "abcdefghi"[:n]
    }


def test_publishing_a_new_version_never_alters_a_diagnostic_begun_on_the_old_one(
    client, world, diagnostic
):
    v1 = world.diagnostic.questionnaire
    old_question = axis_question(world.diagnostic, "P2-i")
    services.answer_save(
        diagnostic=world.diagnostic,
        question=old_question,
        user=world.agent_a,
        base_version=0,
        level=2,
        text="On a le droit d'essayer.",
    )
    v2 = services.questionnaire_publish(
        base=v1,
        prompts={"P2-i": ("Peut-on se tromper sans être sanctionné ?", "Can one fail safely?")},
    )
    assert current_questionnaire() == v2
    # The old diagnostic keeps version 1, its wording and its answers.
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.questionnaire == v1
    old_question.refresh_from_db()
    assert old_question.prompt_fr.startswith("A-t-on le droit d'expérimenter")
    assert Answer.objects.get(question=old_question).text == "On a le droit d'essayer."
    client.force_login(world.agent_a)
    html = client.get(
        reverse("diagnostics:principle-edit", args=[world.diagnostic.pk, 2])
    ).content.decode()
    assert "A-t-on le droit d&#x27;expérimenter" in html
    assert "sans être sanctionné" not in html
    # A diagnostic opened now uses version 2.
    delegation = DelegationFactory(cohort=world.cohort)
    new = services.diagnostic_open(delegation=delegation)
    assert new.questionnaire == v2
    assert new.questionnaire.questions.get(code="P2-i").prompt_fr.startswith("Peut-on se tromper")
    # A question of version 2 cannot be answered in a version 1 diagnostic.
    v2_question = v2.questions.get(code="P2-i")
    url = reverse("diagnostics:answer-save", args=[world.diagnostic.pk, v2_question.pk])
    assert client.post(url, {"version": 0, "level": 1, "text": ""}).status_code == 404


def test_the_agent_submits_then_a_facilitator_validates(client, world, diagnostic):
    pk = world.diagnostic.pk
    client.force_login(world.agent_a)
    response = client.post(
        reverse("diagnostics:diagnostic-submit", args=[pk]), {"confirme": "oui"}, follow=True
    )
    assert "a été soumis à l&#x27;animation pour validation." in response.content.decode()
    client.force_login(world.facilitator)
    response = client.post(
        reverse("diagnostics:diagnostic-validate", args=[pk]), {"confirme": "oui"}, follow=True
    )
    assert "est validé." in response.content.decode()
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "validated"
    assert world.diagnostic.validated_by == world.facilitator
    statuses = [
        (after, who)
        for _what, label, _before, after, who in history_lines(world.diagnostic, world.staff)
        if label == "état" and _before
    ]
    assert statuses == [
        ("Soumis", world.agent_a.full_name),
        ("Validé", world.facilitator.full_name),
    ]


def test_a_facilitator_reopens_with_a_comment_the_delegation_then_sees(client, world, diagnostic):
    pk = world.diagnostic.pk
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    client.force_login(world.facilitator)
    url = reverse("diagnostics:diagnostic-reopen", args=[pk])
    response = client.post(url, {"comment": "   "})
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in response.content.decode()
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "submitted"
    client.post(url, {"comment": "Complétez la section P4, merci."})
    world.diagnostic.refresh_from_db()
    assert world.diagnostic.status == "draft"
    client.force_login(world.elu)
    html = client.get(reverse("diagnostics:diagnostic-detail", args=[pk])).content.decode()
    assert "Complétez la section P4, merci." in html


def test_submitting_twice_does_not_apply_twice(world, diagnostic):
    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    stale = type(world.diagnostic).objects.get(pk=world.diagnostic.pk)
    stale.status = "draft"  # a page loaded before the first submit
    with pytest.raises(services.StateError):
        services.diagnostic_submit(diagnostic=stale, user=world.agent_a2)
    lines = history_lines(world.diagnostic, world.staff)
    assert [after for _w, label, before, after, _who in lines if label == "état" and before] == [
        "Soumis"
    ]


def test_the_dashboard_provider_gives_each_delegations_status(world, diagnostic):
    from diagnostics.providers import diagnostic_cells

    services.diagnostic_submit(diagnostic=world.diagnostic, user=world.agent_a)
    cells = diagnostic_cells(world.cohort, [world.delegation_a, world.delegation_b])
    assert cells[world.delegation_a.pk].label == "Soumis"
    assert world.delegation_b.pk not in cells


def test_a_member_opens_the_diagnostic_of_their_delegation_from_the_list(client, world, diagnostic):
    client.force_login(world.agent_b)
    response = client.post(reverse("diagnostics:diagnostic-open", args=[world.delegation_b.pk]))
    assert response.status_code == 302
    assert world.delegation_b.diagnostic.questionnaire.version >= 1


def test_the_demo_loader_is_idempotent(db, monkeypatch):
    from diagnostics.demo import load_demo_diagnostics
    from diagnostics.demo_content import STAGES
    from diagnostics.models import Diagnostic
    from territories.demo import load_territories_demo
    from transitions import demo

    monkeypatch.setattr(demo, "_demo_loaders", [load_territories_demo])
    demo.load_demo()
    load_demo_diagnostics()
    count = Diagnostic.objects.count()
    answers = Answer.objects.count()
    diagnostic = Diagnostic.objects.order_by("pk").first()
    changes = history_size(
        diagnostic, diagnostic_staff := member(diagnostic.delegation.cohort, "facilitator")
    )
    load_demo_diagnostics()
    assert Diagnostic.objects.count() == count == len(STAGES)
    assert Answer.objects.count() == answers > 100
    assert history_size(diagnostic, diagnostic_staff) == changes
    assert member  # keeps the helper import used
