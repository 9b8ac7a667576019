"""Both CSV imports (invitations, ESS organisations) read what spreadsheets write —
Latin-1, a BOM, semicolons — and answer a broken file with a French report per row,
saving nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territories.models import Organisation, Relationship
from transitions.models import Invitation

pytestmark = pytest.mark.django_db

ESS = (
    "nom;forme_juridique;secteurs;origine;siren;site_web;type_relation;forme_relation;date\n"
    "Épicerie solidaire de l'Île;association;alimentation;;;;DISTANT;;2023-09-15\n"
)
INVITATIONS = "email;nom complet;rôle;catégorie;code territoire\n"


def _post(client, url, data: bytes):
    return client.post(url, {"file": SimpleUploadedFile("f.csv", data, "text/csv")})


def _ess_url(world):
    return reverse("territories:ess-import", args=[world.territory_a.pk])


def _invitations_url(world):
    return reverse("transitions:invitation-import", args=[world.cohort.pk])


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-8-sig"])
def test_an_ess_file_from_a_french_spreadsheet_is_read(client, world, encoding):
    client.force_login(world.agent_a)
    response = _post(client, _ess_url(world), ESS.encode(encoding))
    assert response.status_code == 302
    assert Organisation.objects.get().name == "Épicerie solidaire de l'Île"


def test_a_ragged_latin1_ess_file_is_reported_row_by_row_in_french_and_saves_nothing(client, world):
    data = ESS + "Régie;association\n" + "Café;association;;;;;DISTANT;;2024-01-01;en trop\n"
    client.force_login(world.agent_a)
    response = _post(client, _ess_url(world), data.encode("latin-1"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Rien n'a été importé." in html
    assert ">3</td>" in html and "Régie" in html
    assert Organisation.objects.count() == 0 and Relationship.objects.count() == 0


def test_a_utf16_ess_file_is_refused_in_french(client, world):
    client.force_login(world.agent_a)
    response = _post(client, _ess_url(world), ESS.encode("utf-16"))
    assert response.status_code == 422
    assert "pas un fichier CSV (texte) lisible" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_an_ess_file_with_tabs_is_refused_with_the_expected_columns(client, world):
    client.force_login(world.agent_a)
    response = _post(client, _ess_url(world), ESS.replace(";", "\t").encode())
    assert response.status_code == 422
    assert "Colonnes manquantes" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_a_ragged_latin1_invitation_file_with_a_bom_is_reported_per_row_and_saves_nothing(
    client, world
):
    data = (
        "\ufeff" + INVITATIONS + "helene@exemple.fr;Hélène Géraud;participant;élu\n"
        "rene@exemple.fr;René Çà;participant;élu;59001;en trop\n"
    )
    client.force_login(world.facilitator)
    response = _post(client, _invitations_url(world), data.encode("utf-8"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ligne" in html or "ligne" in html
    assert Invitation.objects.count() == 0
    response = _post(client, _invitations_url(world), data[1:].encode("latin-1"))
    assert response.status_code == 400 and Invitation.objects.count() == 0


def test_an_invitation_file_with_tabs_gets_a_french_message(client, world):
    client.force_login(world.facilitator)
    data = (INVITATIONS + "helene@exemple.fr;Hélène;participant;élu;59001\n").replace(";", "\t")
    response = _post(client, _invitations_url(world), data.encode())
    assert response.status_code == 400
    assert Invitation.objects.count() == 0
