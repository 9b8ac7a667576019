"""Typologies as reference data: the ESS character facet, the political label as a
choice list (free text mapped by a data migration), the seeds' two maturity levels."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from territories.models import (
    EssCharacter,
    Maturity,
    Organisation,
    PoliticalLabel,
    Territory,
    political_label_from_text,
)
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module(
    "territories.migrations.0006_typologies_character_political_label_maturity"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ("", "")),
        ("  ", ("", "")),
        ("PS", ("ps", "")),
        ("Parti socialiste", ("ps", "")),
        ("EELV", ("eelv", "")),
        ("Europe Écologie – Les Verts", ("eelv", "")),
        ("LRM", ("lrm", "")),
        ("LREM", ("lrm", "")),
        ("La République en marche", ("lrm", "")),
        ("Renaissance", ("lrm", "")),
        ("Liste citoyenne", ("liste_citoyenne", "")),
        ("listes citoyennes", ("liste_citoyenne", "")),
        ("Divers", ("divers", "")),
        ("Divers gauche", ("divers", "Divers gauche")),
        ("DVD", ("divers", "DVD")),
        ("Sans étiquette", ("sans_etiquette", "")),
        ("Union centriste", ("autre", "Union centriste")),
        ("LR", ("autre", "LR")),
    ],
)
def test_free_text_labels_map_to_the_choice_list_keeping_what_would_be_lost(text, expected):
    assert political_label_from_text(text) == expected


def test_the_political_label_lists_the_seeds_labels_and_other():
    assert [str(label) for _c, label in PoliticalLabel.choices] == [
        "PS",
        "EELV",
        "LRM / Renaissance",
        "Liste citoyenne",
        "Divers",
        "Sans étiquette",
        "Autre",
    ]


def test_the_data_migration_maps_stored_free_text_and_folds_intermediate_maturity():
    # Rows as the free-text era left them (written past the choices, as the old column was).
    rows = {
        "Liste citoyenne": TerritoryFactory(),
        "Divers gauche": TerritoryFactory(),
        "Union centriste": TerritoryFactory(),
        "": TerritoryFactory(),
    }
    for text, territory in rows.items():
        Territory.objects.filter(pk=territory.pk).update(political_label=text)
    Territory.objects.filter(pk=rows[""].pk).update(maturity="intermediate")

    MIGRATION.labels_to_choices(django_apps, None)

    def read(text):
        t = Territory.objects.get(pk=rows[text].pk)
        return t.political_label, t.political_label_detail

    assert read("Liste citoyenne") == ("liste_citoyenne", "")
    assert read("Divers gauche") == ("divers", "Divers gauche")
    assert read("Union centriste") == ("autre", "Union centriste")
    assert read("") == ("", "")
    assert Territory.objects.get(pk=rows[""].pk).maturity == "experienced"
    assert not Territory.objects.filter(maturity="intermediate").exists()


def test_the_reverse_migration_gives_back_readable_text():
    kept = TerritoryFactory(political_label="autre", political_label_detail="Union centriste")
    plain = TerritoryFactory(political_label="eelv")
    MIGRATION.choices_to_labels(django_apps, None)
    assert Territory.objects.get(pk=kept.pk).political_label == "Union centriste"
    assert Territory.objects.get(pk=plain.pk).political_label == "EELV"


def test_maturity_has_the_seeds_two_levels():
    assert [str(label) for _c, label in Maturity.choices] == ["Débutant", "Déjà expérimenté"]


def test_the_territory_form_offers_the_choice_list_and_shows_the_detail(client, world):
    territory = world.delegation_a.territory
    client.force_login(world.facilitator)
    form_html = client.get(reverse("territories:territory-update", args=[territory.pk])).content
    assert "LRM / Renaissance" in form_html.decode()
    html = client.get(reverse("territories:territory-detail", args=[territory.pk])).content
    assert "Autre" in html.decode()


def test_the_ess_character_facet_lists_the_five_characters():
    assert [c for c, _l in EssCharacter.choices] == [
        "associative",
        "cooperative",
        "commercial",
        "professional",
        "citizen",
    ]


CSV = (
    "nom;forme_juridique;caractere;type_relation\n"
    "Épicerie solidaire;association;citoyenne;DISTANT\n"
    "Coop des Deux Rives;scic;cooperative;TRUST_PARTNERSHIP\n"
    "Sans caractère connu;association;;DISTANT\n"
)


def test_a_csv_import_reads_the_character_by_label_or_code_and_the_map_shows_it(client, world):
    territory = world.delegation_a.territory
    client.force_login(world.agent_a)
    upload = SimpleUploadedFile("acteurs.csv", CSV.encode(), content_type="text/csv")
    client.post(reverse("territories:ess-import", args=[territory.pk]), {"file": upload})
    assert dict(Organisation.objects.values_list("name", "character")) == {
        "Épicerie solidaire": "citizen",
        "Coop des Deux Rives": "cooperative",
        "Sans caractère connu": "",
    }
    html = client.get(reverse("territories:ess-map", args=[territory.pk])).content.decode()
    assert "Par caractère" in html
    assert "Citoyenne : 1" in html and "Coopérative : 1" in html and "Non renseigné : 1" in html


def test_an_unknown_character_in_a_csv_is_refused_in_french(client, world):
    territory = world.delegation_a.territory
    client.force_login(world.agent_a)
    bad = "nom;forme_juridique;caractere;type_relation\nX;association;militante;DISTANT\n"
    upload = SimpleUploadedFile("acteurs.csv", bad.encode(), content_type="text/csv")
    response = client.post(reverse("territories:ess-import", args=[territory.pk]), {"file": upload})
    assert response.status_code == 422
    assert "Caractère" in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_organisation_form_saves_the_character(client, world):
    territory = world.delegation_a.territory
    client.force_login(world.agent_a)
    client.post(
        reverse("territories:organisation-create", args=[territory.pk]),
        {
            "org-name": "Tiers-lieu du Marais",
            "org-legal_form": "association",
            "org-character": "professional",
            "rel-relation_type": "DISTANT",
            "rel-observed_on": "2024-01-01",
        },
    )
    assert Organisation.objects.get(name="Tiers-lieu du Marais").character == "professional"
