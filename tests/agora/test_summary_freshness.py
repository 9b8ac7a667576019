"""The summary PDF quotes source cards: editing one must give a new summary, never the old words."""

import subprocess

import pytest
from django.urls import reverse

from agora import services
from peergroups import services as peer_services
from tests.factories import open_stage
from tests.peergroups.factories import ContributionFactory, peer_world
from transitions.models import Job

pytestmark = pytest.mark.django_db

OLD = "Monsieur Exemple bloque tout a la mairie"
NEW = "Un blocage persistant a la mairie"


def summary_text(client, cohort) -> str:
    response = client.get(reverse("agora:summary-download", args=[cohort.pk]))
    pdf = b"".join(response.streaming_content)
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_editing_a_source_card_makes_a_new_summary_without_the_old_words(
    client, django_capture_on_commit_callbacks
):
    world = peer_world()
    open_stage(world.cohort, "agora")
    card = ContributionFactory(session=world.session(), author=world.elu, text=OLD, shared=True)
    agora = services.agora_ensure(cohort=world.cohort)
    services.statement_create(agora=agora, kind="proposal", text="Énoncé", sources=[card])
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agora:summary-request", args=[world.cohort.pk]))
    assert OLD in summary_text(client, world.cohort)

    card.refresh_from_db()
    peer_services.contribution_update(
        contribution=card,
        revision=card.revision,
        kind=card.kind,
        text=NEW,
        target_category="",
        theme="",
        axes=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agora:summary-request", args=[world.cohort.pk]))
    assert Job.objects.filter(kind="agora_summary").count() == 2
    text = summary_text(client, world.cohort)
    assert NEW in text
    assert OLD not in text
