import subprocess

import pytest
from django.urls import reverse

from agora import services
from agora.models import Position, Statement
from tests.factories import close_stage
from tests.peergroups.factories import ContributionFactory
from transitions.models import Job

pytestmark = pytest.mark.django_db

SECRET = "Secret jamais partagé"
SHARED = "Besoin d'un tiers de confiance"


@pytest.fixture
def cards(world, peer):
    ContributionFactory(session=peer.session(), author=world.elu, text=SECRET)
    shared = ContributionFactory(session=peer.session(), author=world.elu, text=SHARED, shared=True)
    anonymous = ContributionFactory(
        session=peer.session("AGENT_ETAT"),
        author=world.etat,
        anonymous=True,
        shared=True,
        kind="expectation",
        target_category="ELU",
        text="Attente anonyme partagée",
    )
    return shared, anonymous


def _names(world):
    return [world.elu.full_name, world.etat.full_name, world.elu.email, world.etat.email]


@pytest.mark.parametrize("who", ["elu", "etat", "agent_a", "researcher", "facilitator"])
def test_the_agora_shows_shared_contributions_by_category_and_never_a_name(
    client, world, peer, cards, who
):
    client.force_login(getattr(world, who))
    response = client.get(reverse("agora:agora-detail", args=[world.cohort.pk]))
    body = response.content.decode().split('id="main"', 1)[1]  # the header names the viewer
    assert response.status_code == 200
    assert "Besoin d&#x27;un tiers de confiance" in body
    assert "Attente anonyme partagée" in body
    assert SECRET not in body
    for name in _names(world):
        assert name not in body


def test_a_facilitator_of_another_cohort_gets_404_on_the_agora(client, world, peer, cards):
    client.force_login(world.other_facilitator)
    assert client.get(reverse("agora:agora-detail", args=[world.cohort.pk])).status_code == 404
    assert client.get(reverse("agora:agora-refresh", args=[world.cohort.pk])).status_code == 404


def test_the_facilitator_builds_a_statement_and_records_positions_live(client, world, peer, cards):
    shared, _anonymous = cards
    client.force_login(world.facilitator)
    url = reverse("agora:statement-create", args=[world.cohort.pk])
    response = client.post(
        url, {"kind": "proposal", "text": "Un tiers de confiance", "sources": [shared.pk]}
    )
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert list(statement.sources.all()) == [shared]
    position_url = reverse("agora:position-set", args=[statement.pk])
    for category in ("ELU", "AGENT_COLLECTIVITE", "AGENT_ETAT", "ACTEUR_SOCIO_ECONOMIQUE"):
        response = client.post(
            position_url,
            {"category": category, "stance": "agree", "revision": 0},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
    assert 'class="verdict-consensus"' in response.content.decode()
    assert Position.objects.count() == 4


def test_a_statement_from_an_unshared_source_or_empty_gets_a_message(client, world, peer, cards):
    secret = peer.session().contributions.get(text=SECRET)
    client.force_login(world.facilitator)
    url = reverse("agora:statement-create", args=[world.cohort.pk])
    response = client.post(url, {"kind": "proposal", "text": "x", "sources": [secret.pk]})
    assert response.status_code == 400
    assert "pas partagée" in response.content.decode()
    assert SECRET not in response.content.decode()
    empty = client.post(url, {"kind": "proposal", "text": ""})
    assert "L&#x27;énoncé est vide" in empty.content.decode()
    assert not Statement.objects.exists()


def test_participants_cannot_build_statements_nor_record_positions(client, world, peer, cards):
    agora = services.agora_ensure(cohort=world.cohort)
    statement = services.statement_create(agora=agora, kind="learning", text="Appris")
    client.force_login(world.elu)
    assert (
        client.post(
            reverse("agora:statement-create", args=[world.cohort.pk]),
            {"kind": "learning", "text": "y"},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("agora:position-set", args=[statement.pk]),
            {"category": "ELU", "stance": "agree", "revision": 0},
        ).status_code
        == 403
    )


def test_writes_to_a_closed_agora_get_403_with_an_explanation(client, world, peer):
    close_stage(world.cohort, "agora")
    client.force_login(world.facilitator)
    response = client.post(
        reverse("agora:statement-create", args=[world.cohort.pk]), {"kind": "learning", "text": "y"}
    )
    assert response.status_code == 403
    assert "n&#x27;est pas ouverte" in response.content.decode()


def test_the_agora_refresh_answers_304_until_a_position_changes(client, world, peer):
    agora = services.agora_ensure(cohort=world.cohort)
    client.force_login(world.elu)
    url = reverse("agora:agora-refresh", args=[world.cohort.pk])
    assert client.get(url, {"v": agora.version}).status_code == 304
    services.statement_create(agora=agora, kind="learning", text="Nouvel apprentissage")
    response = client.get(url, {"v": agora.version})
    assert response.status_code == 200 and "Nouvel apprentissage" in response.content.decode()


def test_the_summary_pdf_has_statements_matrix_and_grid_by_category_and_no_name(
    client, world, peer, cards, django_capture_on_commit_callbacks
):
    agora = services.agora_ensure(cohort=world.cohort)
    statement = services.statement_create(
        agora=agora, kind="proposal", text="Le rythme des réunions"
    )
    services.position_set(statement=statement, category="ELU", stance="agree", base_revision=0)
    services.position_set(
        statement=statement,
        category="AGENT_ETAT",
        stance="disagree",
        note="Trop fréquentes",
        base_revision=0,
    )
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("agora:summary-request", args=[world.cohort.pk]), HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert "en cours de préparation" in response.content.decode()
    job = Job.objects.get(kind="agora_summary")
    assert job.status == "ready", job.error
    status = client.get(reverse("agora:summary-status", args=[world.cohort.pk])).content.decode()
    assert "Télécharger la synthèse" in status and "every 2s" not in status
    download = client.get(reverse("agora:summary-download", args=[world.cohort.pk]))
    pdf = b"".join(download.streaming_content)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())  # table cells wrap
    assert "Le rythme des réunions" in text and "Dissensus" in text and "Trop fréquentes" in text
    assert "Attente anonyme partagée" in text
    assert SECRET not in text
    for name in _names(world):
        assert name not in text
    # Asking again for the same content gives back the same single artifact.
    client.post(reverse("agora:summary-request", args=[world.cohort.pk]))
    assert Job.objects.filter(kind="agora_summary").count() == 1


def test_an_outsider_cannot_download_the_summary(client, world, peer, cards):
    client.force_login(world.other_facilitator)
    assert client.get(reverse("agora:summary-download", args=[world.cohort.pk])).status_code == 404
    assert client.post(reverse("agora:summary-request", args=[world.cohort.pk])).status_code == 404
