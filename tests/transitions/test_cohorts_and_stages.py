"""Cohorts from the template; stages renamed, reordered, skipped, opened and closed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import CohortFactory, MembershipFactory
from transitions.concurrency import fingerprint
from transitions.models import Cohort, Meeting, Membership
from transitions.services import STAGE_FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(name="Cohorte Sud")


@pytest.fixture
def facilitator(cohort, client):
    user = MembershipFactory(cohort=cohort, role="facilitator").user
    client.force_login(user)
    return user


def kinds(cohort) -> list[str]:
    return list(cohort.stages.order_by("order").values_list("kind", flat=True))


def test_a_facilitator_creates_a_cohort_from_the_template_and_facilitates_it(client, facilitator):
    response = client.post(
        reverse("transitions:cohort-create"),
        {"name": "Cohorte 2027", "year": 2027, "starts_on": "2027-01-10", "ends_on": "2027-12-01"},
    )
    cohort = Cohort.objects.get(name="Cohorte 2027")
    assert response["Location"] == reverse("transitions:cohort-detail", args=[cohort.pk])
    assert kinds(cohort) == [
        "entry",
        "diagnostic",
        "stepping_back",
        "inspiration",
        "peer_groups",
        "agora",
        "forums",
        "pilot_projects",
    ]
    assert Membership.objects.filter(user=facilitator, cohort=cohort, role="facilitator").exists()


def test_a_cohort_ending_before_it_starts_is_refused_in_french(client, facilitator):
    response = client.post(
        reverse("transitions:cohort-create"),
        {"name": "À l'envers", "year": 2027, "starts_on": "2027-05-01", "ends_on": "2027-01-01"},
    )
    assert "La fin doit suivre le début" in response.content.decode()
    assert not Cohort.objects.filter(name="À l'envers").exists()


def test_stages_can_be_renamed_and_dated(client, cohort, facilitator):
    stage = cohort.stages.get(kind="inspiration")
    response = client.get(reverse("transitions:stage-update", args=[cohort.pk, stage.pk]))
    token = response.context["form"].initial["fingerprint"]
    response = client.post(
        reverse("transitions:stage-update", args=[cohort.pk, stage.pk]),
        {
            "name": "Prise de hauteur",
            "opens_on": "2026-03-01",
            "closes_on": "2026-04-01",
            "fingerprint": token,
        },
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.name == "Prise de hauteur" and str(stage.opens_on) == "2026-03-01"


def test_a_concurrent_stage_edit_is_refused_instead_of_overwritten(client, cohort, facilitator):
    stage = cohort.stages.get(kind="agora")
    stale = fingerprint(stage, STAGE_FIELDS)
    cohort.stages.filter(pk=stage.pk).update(name="Agora (renommée par une collègue)")
    response = client.post(
        reverse("transitions:stage-update", args=[cohort.pk, stage.pk]),
        {"name": "Mon agora", "fingerprint": stale},
    )
    assert "Quelqu&#x27;un d&#x27;autre a modifié" in response.content.decode()
    stage.refresh_from_db()
    assert stage.name == "Agora (renommée par une collègue)"


def test_stages_are_reordered_up_and_down(client, cohort, facilitator):
    agora = cohort.stages.get(kind="agora")
    client.post(reverse("transitions:stage-move", args=[cohort.pk, agora.pk]), {"direction": "up"})
    assert kinds(cohort)[4:6] == ["agora", "peer_groups"]
    client.post(
        reverse("transitions:stage-move", args=[cohort.pk, agora.pk]), {"direction": "down"}
    )
    assert kinds(cohort)[4:6] == ["peer_groups", "agora"]


def test_a_htmx_reorder_returns_the_stage_table_partial(client, cohort, facilitator):
    agora = cohort.stages.get(kind="agora")
    response = client.post(
        reverse("transitions:stage-move", args=[cohort.pk, agora.pk]),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="stages"') and "<html" not in content


def test_only_optional_stages_can_be_skipped(client, cohort, facilitator):
    forums = cohort.stages.get(kind="forums")
    client.post(
        reverse("transitions:stage-update", args=[cohort.pk, forums.pk]),
        {"name": forums.name, "skipped": "on", "fingerprint": fingerprint(forums, STAGE_FIELDS)},
    )
    forums.refresh_from_db()
    assert forums.skipped
    diagnostic = cohort.stages.get(kind="diagnostic")
    response = client.get(reverse("transitions:stage-update", args=[cohort.pk, diagnostic.pk]))
    assert "skipped" not in response.context["form"].fields


def test_opening_and_closing_a_stage_gates_its_inputs(client, cohort, facilitator):
    stage = cohort.stages.get(kind="diagnostic")
    url = reverse("transitions:stage-status", args=[cohort.pk, stage.pk])
    assert not stage.is_open
    client.post(url, {"status": "open"})
    stage.refresh_from_db()
    assert stage.is_open
    client.post(url, {"status": "closed", "confirme": "oui"})
    stage.refresh_from_db()
    assert stage.status == "closed" and not stage.is_open


def test_an_impossible_status_change_gets_a_french_message(client, cohort, facilitator):
    stage = cohort.stages.get(kind="diagnostic")
    response = client.post(
        reverse("transitions:stage-status", args=[cohort.pk, stage.pk]),
        {"status": "closed"},
        follow=True,
    )
    assert "Impossible de passer l&#x27;étape" in response.content.decode()
    stage.refresh_from_db()
    assert stage.status == "upcoming"


def test_a_skipped_stage_cannot_be_opened(client, cohort, facilitator):
    cohort.stages.filter(kind="forums").update(skipped=True)
    stage = cohort.stages.get(kind="forums")
    client.post(reverse("transitions:stage-status", args=[cohort.pk, stage.pk]), {"status": "open"})
    stage.refresh_from_db()
    assert stage.status == "upcoming"


def test_meetings_are_created_and_edited_per_stage(client, cohort, facilitator):
    stage = cohort.stages.get(kind="peer_groups")
    response = client.post(
        reverse("transitions:meeting-create", args=[cohort.pk, stage.pk]),
        {
            "kind": "peer_session",
            "title": "Séance entre pairs 1",
            "starts_at": "2030-02-03T09:30",
            "duration_minutes": 180,
            "place": "Maison de l'ESS",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.stage == stage and meeting.duration_minutes == 180
    url = reverse("transitions:meeting-update", args=[cohort.pk, meeting.pk])
    token = client.get(url).context["form"].initial["fingerprint"]
    client.post(
        url,
        {
            "kind": "peer_session",
            "title": "Séance entre pairs 1 (déplacée)",
            "starts_at": "2030-02-04T09:30",
            "duration_minutes": 180,
            "place": "Mairie",
            "fingerprint": token,
        },
    )
    meeting.refresh_from_db()
    assert meeting.place == "Mairie"
    detail = client.get(reverse("transitions:cohort-detail", args=[cohort.pk])).content.decode()
    assert "Séance entre pairs 1 (déplacée)" in detail


def test_a_meeting_with_a_bad_duration_gets_a_french_error(client, cohort, facilitator):
    stage = cohort.stages.get(kind="agora")
    response = client.post(
        reverse("transitions:meeting-create", args=[cohort.pk, stage.pk]),
        {
            "kind": "agora",
            "title": "Agora",
            "starts_at": timezone.now().strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 5,
        },
    )
    assert "La durée doit être comprise" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_referential_page_lists_the_33_axes_with_their_codes(client, facilitator):
    response = client.get(reverse("transitions:referential"))
    content = response.content.decode()
    assert content.count('class="badge">P') >= 33
    for code in ["P1-a", "P1-g", "P2-i", "P3-h", "P4-i"]:
        assert f'id="{code}"' in content
    assert "Lever le nez du guidon" in content
    assert "Balises de la dimension" in content


def test_the_home_page_lists_the_users_cohorts_and_next_steps(client, cohort, facilitator):
    content = client.get("/").content.decode()
    assert "Cohorte Sud" in content
    assert reverse("transitions:cohort-dashboard", args=[cohort.pk]) in content


def test_an_edit_without_the_page_fingerprint_is_refused(client, cohort, facilitator):
    stage = cohort.stages.get(kind="agora")
    response = client.post(
        reverse("transitions:stage-update", args=[cohort.pk, stage.pk]), {"name": "Écrasé"}
    )
    assert "rechargez-la avant d&#x27;enregistrer" in response.content.decode()
    stage.refresh_from_db()
    assert stage.name == "Agora"


def test_only_an_open_stage_takes_inputs(cohort):
    from transitions.rules import stage_is_open
    from transitions.services import stage_set_status

    class ServedByTheDiagnostic:
        stage_kind = "diagnostic"
        cohort_id = cohort.pk

    thing = ServedByTheDiagnostic()
    assert not stage_is_open(None, thing)
    stage = stage_set_status(stage=cohort.stages.get(kind="diagnostic"), status="open")
    assert stage_is_open(None, thing)
    stage_set_status(stage=stage, status="closed")
    assert not stage_is_open(None, thing)


def test_the_referential_is_shown_in_english_when_asked(client, facilitator):
    client.cookies["django_language"] = "en"
    content = client.get(reverse("transitions:referential")).content.decode()
    assert "Look up from the handlebars" in content
    assert "Lever le nez du guidon" not in content


@pytest.mark.parametrize(
    ("persona", "expected", "absent"),
    [
        (
            "facilitator",
            {"Cohortes", "Territoires", "Référentiel", "Mon profil"},
            {"Administration", "Exploitation"},
        ),
        (
            "agent_a",
            {"Cohortes", "Référentiel", "Mon profil"},
            {"Territoires", "Administration", "Exploitation"},
        ),
        ("staff", {"Cohortes", "Territoires", "Administration", "Exploitation"}, set()),
    ],
)
def test_navigation_entries_follow_the_role(client, world, persona, expected, absent):
    client.force_login(world.persona(persona))
    labels = {str(item["label"]) for item in client.get("/").context["nav_items"]}
    assert expected <= labels
    assert not (absent & labels)
