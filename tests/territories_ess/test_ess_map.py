"""The ESS actor map: organisations, dated relationships, CSV import, who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territories import services as ess_services
from territories.models import Organisation, Relationship

pytestmark = pytest.mark.django_db

VALID_SIREN = "732829320"  # passes the Luhn check
GOOD_CSV = (
    "nom;forme_juridique;secteurs;origine;siren;site_web;type_relation;forme_relation;date\n"
    "Énergie Citoyenne du Bocage;SCIC;énergie;;" + VALID_SIREN + ";https://ecb.example;"
    "TRUST_PARTNERSHIP;COOPERATION;2024-03-01\n"
    "AMAP des Trois Chênes;association;alimentation;;;;DISTANT;;2023-09-15\n"
)


def _csv(text):
    return SimpleUploadedFile("acteurs.csv", text.encode(), content_type="text/csv")


def test_a_csv_import_creates_every_organisation_with_its_dated_relationship(client, world):
    territory = world.delegation_a.territory
    client.force_login(world.agent_a)
    response = client.post(
        reverse("territories:ess-import", args=[territory.pk]),
        {"file": _csv(GOOD_CSV)},
        follow=True,
    )
    assert "2 organisations importées." in response.content.decode()
    scic = Organisation.objects.get(name="Énergie Citoyenne du Bocage")
    assert (scic.legal_form, scic.siren) == ("scic", VALID_SIREN)
    rel = scic.relationships.get()
    assert (rel.relation_type, rel.cooperation_type, rel.observed_on) == (
        "TRUST_PARTNERSHIP",
        "COOPERATION",
        datetime.date(2024, 3, 1),
    )
    assert rel.recorded_by == world.agent_a


def test_a_csv_with_one_bad_row_imports_nothing_and_reports_each_row(client, world):
    territory = world.delegation_a.territory
    bad = GOOD_CSV + "Régie de quartier;inconnue;;;123456789;;AMI;;2024-01-01\n"
    client.force_login(world.agent_a)
    response = client.post(
        reverse("territories:ess-import", args=[territory.pk]), {"file": _csv(bad)}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Rien n'a été importé." in html
    assert "clé de contrôle ne correspond pas" in html  # the SIREN of line 4
    assert "Sélectionnez un choix valide" in html  # legal form and relation type
    assert ">4</td>" in html and "correcte" in html
    assert Organisation.objects.count() == 0 and Relationship.objects.count() == 0


def test_a_csv_without_the_required_columns_is_refused_clearly(client, world):
    client.force_login(world.agent_a)
    response = client.post(
        reverse("territories:ess-import", args=[world.delegation_a.territory_id]),
        {"file": _csv("name,kind\nA,B\n")},
    )
    assert "Colonnes manquantes : nom, forme_juridique, type_relation" in response.content.decode()


def test_a_changed_relationship_adds_a_dated_record_and_keeps_the_old_one(client, world):
    territory = world.delegation_a.territory
    org = ess_services.organisation_create(
        territory=territory,
        user=world.agent_a,
        organisation={"name": "Tiers-lieu La Fabrique", "legal_form": "association"},
        relationship={"relation_type": "UNEQUAL", "observed_on": datetime.date(2022, 1, 1)},
    )
    client.force_login(world.agent_a)
    url = reverse("territories:organisation-detail", args=[territory.pk, org.pk])
    client.post(
        url,
        {
            "relation_type": "TRUST_PARTNERSHIP",
            "cooperation_type": "PARTNERSHIP",
            "observed_on": "2025-06-01",
            "note": "Après le forum.",
        },
    )
    assert list(
        org.relationships.order_by("observed_on").values_list("relation_type", flat=True)
    ) == [
        "UNEQUAL",
        "TRUST_PARTNERSHIP",
    ]
    html = client.get(url).content.decode()
    assert "Relations inégalitaires" in html and "Relations partenariales de confiance" in html
    map_html = client.get(reverse("territories:ess-map", args=[territory.pk])).content.decode()
    assert "<svg" in map_html and "Tiers-lieu La Fabrique" in map_html
    # The table shows the latest relationship.
    assert "Partenariat (« trouver le consensus »)" in map_html


def test_a_future_date_and_a_bad_siren_get_french_messages(client, world):
    territory = world.delegation_a.territory
    client.force_login(world.agent_a)
    response = client.post(
        reverse("territories:organisation-create", args=[territory.pk]),
        {
            "org-name": "X",
            "org-legal_form": "scop",
            "org-siren": "12345678",
            "rel-relation_type": "DISTANT",
            "rel-observed_on": "2999-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Un numéro SIREN compte exactement 9 chiffres." in html
    assert "La date ne peut pas être dans le futur." in html
    assert not Organisation.objects.exists()


def test_names_in_the_diagram_are_escaped(world):
    from territories.reports import ess_diagram_svg
    from territories.selectors import organisations_with_latest

    territory = world.delegation_a.territory
    ess_services.organisation_create(
        territory=territory,
        user=None,
        organisation={"name": "<script>alert(1)</script>", "legal_form": "association"},
        relationship={"relation_type": "DISTANT", "observed_on": datetime.date(2024, 1, 1)},
    )
    svg = ess_diagram_svg(territory, organisations_with_latest(territory))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_an_agent_of_another_territory_gets_404_on_every_url_of_the_map(client, world):
    territory = world.delegation_a.territory
    org = ess_services.organisation_create(
        territory=territory,
        user=None,
        organisation={"name": "AMAP", "legal_form": "association"},
        relationship={"relation_type": "DISTANT", "observed_on": datetime.date(2024, 1, 1)},
    )
    client.force_login(world.agent_b)
    for url in [
        reverse("territories:ess-map", args=[territory.pk]),
        reverse("territories:organisation-create", args=[territory.pk]),
        reverse("territories:ess-import", args=[territory.pk]),
        reverse("territories:organisation-detail", args=[territory.pk, org.pk]),
    ]:
        assert client.get(url).status_code == 404, url
        if not url.endswith("/ess/"):  # the map itself only answers GET
            assert client.post(url, {}).status_code == 404, url


def test_a_participant_sees_the_map_but_only_agents_and_facilitators_edit_it(client, world):
    territory = world.delegation_a.territory
    client.force_login(world.elu)
    assert client.get(reverse("territories:ess-map", args=[territory.pk])).status_code == 200
    assert (
        client.get(reverse("territories:organisation-create", args=[territory.pk])).status_code
        == 403
    )
    client.force_login(world.facilitator)
    assert (
        client.get(reverse("territories:organisation-create", args=[territory.pk])).status_code
        == 200
    )


def test_a_cell_over_the_csv_field_limit_is_refused_clearly(client, world):
    client.force_login(world.agent_a)
    text = (
        GOOD_CSV.splitlines()[0] + "\n" + "A" * 200_000 + ";association;;;;;DISTANT;;2024-01-01\n"
    )
    response = client.post(
        reverse("territories:ess-import", args=[world.delegation_a.territory_id]),
        {"file": _csv(text)},
    )
    assert response.status_code == 422
    assert "pas un fichier CSV" in response.content.decode()
    assert Organisation.objects.count() == 0
