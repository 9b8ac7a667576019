"""The forum summary: the page, the PDF through the job pipeline (pdftotext), the
harvest into opportunities and onto the ESS map; nobody is named."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from agora import services
from agora.models import Opportunity
from territories.models import Organisation, Relationship

pytestmark = pytest.mark.django_db

KEY_IDEAS = ["Un guichet unique ESS", "Des marchés réservés", "Un conseil local de l'ESS"]


def _fill(cafe, world):
    for text in KEY_IDEAS:
        services.card_add(
            table=cafe["tables"][0],
            cafe_round=cafe["round"],
            kind="key_idea",
            text=text,
            user=world.agent_a,
        )
    services.card_add(
        table=cafe["tables"][1],
        cafe_round=cafe["round"],
        kind="divergent",
        text="La commande publique reste une affaire de prix",
        user=world.elu,
    )
    services.round_close(forum=cafe["forum"])


def test_every_page_of_the_forum_renders_for_its_facilitator(client, cafe, world):
    _fill(cafe, world)
    client.force_login(world.facilitator)
    forum = cafe["forum"]
    for name, args in [
        ("agora:forum-list", []),
        ("agora:forum-detail", [forum.pk]),
        ("agora:forum-prepare", [forum.pk]),
        ("agora:cafe-run", [forum.pk]),
        ("agora:table-page", [cafe["tables"][0].pk]),
        ("agora:projector", [forum.pk]),
        ("agora:forum-harvest", [forum.pk]),
        ("agora:forum-summary", [forum.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_the_summary_pdf_contains_every_key_idea_and_no_participant_name(
    client, cafe, world, django_capture_on_commit_callbacks
):
    # `make test` installs poppler-utils: without it this proof must fail, not vanish.
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is required"
    _fill(cafe, world)
    client.force_login(world.facilitator)
    forum = cafe["forum"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("agora:forum-summary-request", args=[forum.pk]))
    assert response.status_code == 302
    download = client.get(reverse("agora:forum-summary-download", args=[forum.pk]))
    assert download.status_code == 200
    pdf = b"".join(download.streaming_content)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    for idea in KEY_IDEAS:
        assert idea in flat
    assert "La commande publique reste une affaire de prix" in flat
    names = [p.name for p in cafe["people"]] + [
        world.agent_a.full_name,
        world.elu.full_name,
        world.facilitator.full_name,
    ]
    for name in names:
        # The full name, and the first name alone (surnames like "Agent" are also words).
        assert name not in flat
        assert name.split()[0] not in flat, name


def test_another_territory_agent_cannot_download_the_summary(client, cafe, world):
    client.force_login(world.agent_b)
    url = reverse("agora:forum-summary-download", args=[cafe["forum"].pk])
    assert client.get(url).status_code == 404


def test_an_opportunity_turned_into_a_relationship_adds_a_dated_record_on_the_map(
    client, cafe, world
):
    _fill(cafe, world)
    organisation = Organisation.objects.create(
        territory=world.territory_a, name="Recyclerie du Val", legal_form="association"
    )
    client.force_login(world.facilitator)
    forum = cafe["forum"]
    response = client.post(
        reverse("agora:opportunity-create", args=[forum.pk]),
        {
            "title": "Une recyclerie partagée",
            "relation_type": "COOPERATION",
            "cooperation_form": "Tiers-lieu solidaire",
            "authority_moment": "Amorçage",
            "authority_posture": "Co-construction",
            "authority_means": ["Mise en réseau", "Apports en nature"],
            "lead_organisation": organisation.pk,
            "next_step": "Visiter le local",
            "next_step_owner": "Service économie",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    opportunity = Opportunity.objects.get()
    before = Relationship.objects.filter(organisation=organisation).count()
    client.post(reverse("agora:opportunity-relationship", args=[opportunity.pk]))
    opportunity.refresh_from_db()
    records = Relationship.objects.filter(organisation=organisation)
    assert records.count() == before + 1
    assert opportunity.relationship.cooperation_type == "COOPERATION"
    assert opportunity.relationship.observed_on is not None


def test_an_unknown_cooperation_form_is_refused(cafe):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.opportunity_create(
            forum=cafe["forum"], title="X", relation_type="COOPERATION", cooperation_form="Magie"
        )
