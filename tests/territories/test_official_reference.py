"""The official administrative reference: import, change report, search, creation from it,
the territory page's reference section, and who may use it.

Runs on tests/territories/official_reference/, a cut of @etalab/decoupage-administratif.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from territories.models import (
    OfficialChange,
    OfficialDataVersion,
    OfficialTerritory,
    Territory,
)
from territories.official import normalise, official_reference_import
from territories.selectors import official_search
from tests.factories import DelegationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "official_reference"
LOOS, LENS = "62528", "62498"
CA_LENS_LIEVIN = "246200364"


@pytest.fixture
def reference():
    official_reference_import(source=FIXTURE)


@pytest.fixture
def next_version(tmp_path):
    """A copy of the fixture as a later version: edit its JSON, then import it."""
    target = tmp_path / "reference"
    shutil.copytree(FIXTURE, target)

    def edit(name, change, version="6.0.1"):
        path = target / "data" / f"{name}.json"
        rows = json.loads(path.read_text())
        change(rows)
        path.write_text(json.dumps(rows))
        package = json.loads((target / "package.json").read_text())
        package["version"] = version
        (target / "package.json").write_text(json.dumps(package))
        return target

    return edit


def entry(kind, code) -> OfficialTerritory:
    return OfficialTerritory.objects.get(kind=kind, code=code)


def linked_territory(kind, code, **kwargs) -> Territory:
    official = entry(kind, code)
    return TerritoryFactory(
        name=official.name, kind=kind, code=code, official=official, region="HDF", **kwargs
    )


# --- Import -------------------------------------------------------------------------------


def test_the_import_loads_current_communes_epcis_departements_and_regions(reference):
    loos = entry("commune", LOOS)
    assert (loos.name, loos.siren, loos.postcodes, loos.population) == (
        "Loos-en-Gohelle",
        "216205286",
        "62750",
        6799,
    )
    assert (loos.departement, loos.region, loos.epci_code) == ("62", "32", CA_LENS_LIEVIN)
    ca = entry("ca", CA_LENS_LIEVIN)
    assert (ca.name, ca.siren, ca.departement, ca.region) == (
        "CA de Lens - Liévin",
        CA_LENS_LIEVIN,
        "62",
        "32",
    )
    assert entry("metropole", "200093201").name == "Métropole Européenne de Lille"
    assert entry("departement", "62").name == "Pas-de-Calais"
    assert entry("region", "32").name == "Hauts-de-France"
    # The delegated commune in the fixture is no local authority to enrol.
    assert OfficialTerritory.objects.filter(kind="commune").count() == 9


def test_a_second_import_of_the_same_files_changes_nothing_and_keeps_one_version(reference):
    before = list(OfficialTerritory.objects.order_by("pk").values())
    result = official_reference_import(source=FIXTURE)
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert list(OfficialTerritory.objects.order_by("pk").values()) == before
    assert list(OfficialDataVersion.objects.values_list("version", "communes", "epcis")) == [
        ("6.0.0", 9, 3)
    ]


def test_a_new_version_is_recorded_beside_the_previous_one(reference, next_version):
    source = next_version("communes", lambda rows: None, version="6.1.0")
    official_reference_import(source=source)
    assert set(OfficialDataVersion.objects.values_list("version", flat=True)) == {
        "6.0.0",
        "6.1.0",
    }


def test_the_command_imports_and_says_how_much(capsys, db):
    call_command("import_official_territories", source=FIXTURE)
    out = capsys.readouterr().out
    assert "Référentiel officiel 6.0.0" in out and "9 communes" in out
    assert OfficialTerritory.objects.count() > 0


def test_the_command_without_the_package_fails_with_the_way_to_install_it(tmp_path, db):
    with pytest.raises(CommandError, match="npm ci"):
        call_command("import_official_territories", source=tmp_path)
    call_command("import_official_territories", source=tmp_path, if_present=True)
    assert not OfficialTerritory.objects.exists()


# --- Change report ------------------------------------------------------------------------


def _move_lens_out_and_grow_loos(rows):
    for commune in rows:
        if commune["code"] == LOOS:
            commune["population"] = 7001


def _drop_lens_from_the_ca(rows):
    for epci in rows:
        epci["membres"] = [m for m in epci["membres"] if m["code"] != LENS]


def test_a_reimport_records_population_and_membership_changes_of_enrolled_territories(
    world, reference, next_version
):
    loos = linked_territory("commune", LOOS)
    lens = linked_territory("commune", LENS)
    ca = linked_territory("ca", CA_LENS_LIEVIN)
    DelegationFactory(cohort=world.cohort, territory=loos)
    DelegationFactory(cohort=world.cohort, territory=ca)
    # Lens is linked but enrolled in no cohort: nobody to tell.
    next_version("communes", _move_lens_out_and_grow_loos)
    source = next_version("epci", _drop_lens_from_the_ca)

    official_reference_import(source=source)

    changes = {(c.territory.name, c.field, c.before, c.after) for c in OfficialChange.objects.all()}
    assert changes == {
        ("Loos-en-Gohelle", "population", "6799", "7001"),
        ("CA de Lens - Liévin", "members", "Lens", ""),
    }
    assert entry("commune", LENS).epci_code == ""
    assert not OfficialChange.objects.filter(territory=lens).exists()


def test_a_commune_leaving_its_intercommunality_is_reported_for_the_commune(
    world, reference, next_version
):
    lens = linked_territory("commune", LENS)
    DelegationFactory(cohort=world.cohort, territory=lens)
    official_reference_import(source=next_version("epci", _drop_lens_from_the_ca))
    change = OfficialChange.objects.get(territory=lens)
    assert (change.field, change.before, change.after) == (
        "epci",
        f"CA de Lens - Liévin ({CA_LENS_LIEVIN})",
        "",
    )


def test_an_entry_dropped_by_the_reference_is_kept_for_its_territory_and_reported(
    world, reference, next_version
):
    loos = linked_territory("commune", LOOS)
    DelegationFactory(cohort=world.cohort, territory=loos)

    def drop_loos_and_abergement(rows):
        rows[:] = [r for r in rows if r["code"] not in {LOOS, "01001"}]

    source = next_version("communes", drop_loos_and_abergement)
    result = official_reference_import(source=source)
    assert (result.withdrawn, result.deleted) == (1, 1)
    loos.refresh_from_db()
    assert loos.official.withdrawn
    assert not OfficialTerritory.objects.filter(kind="commune", code="01001").exists()
    assert OfficialChange.objects.get(territory=loos).field == "withdrawn"
    assert official_search("loos en gohelle") == []


def test_the_facilitators_of_the_territorys_cohort_see_the_changes_and_no_one_else(
    client, world, reference, next_version
):
    loos = linked_territory("commune", LOOS)
    DelegationFactory(cohort=world.cohort, territory=loos)
    official_reference_import(source=next_version("communes", _move_lens_out_and_grow_loos))

    client.force_login(world.facilitator)
    page = client.get(reverse("territories:territory-detail", args=[loos.pk])).content.decode()
    assert "6799 → 7001" in page
    listing = client.get(reverse("territories:official-changes")).content.decode()
    assert "Loos-en-Gohelle" in listing and "6799 → 7001" in listing

    client.force_login(world.other_facilitator)
    page = client.get(reverse("territories:territory-detail", args=[loos.pk])).content.decode()
    assert "6799 → 7001" not in page
    listing = client.get(reverse("territories:official-changes")).content.decode()
    assert "Loos-en-Gohelle" not in listing


# --- Search -------------------------------------------------------------------------------


def test_normalise_drops_accents_hyphens_apostrophes_and_case():
    assert normalise("Loos-en-Gohelle") == "loos en gohelle"
    assert normalise("L'Abergement-Clémenciat") == "l abergement clemenciat"
    assert normalise("  ÉVRY–Courcouronnes ") == "evry courcouronnes"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("loos en gohelle", "Loos-en-Gohelle"),
        ("LOOS-EN-GOHELLE", "Loos-en-Gohelle"),
        ("loos en gohèlle", "Loos-en-Gohelle"),
        ("62750", "Loos-en-Gohelle"),
        (LOOS, "Loos-en-Gohelle"),
        ("216205286", "Loos-en-Gohelle"),
        ("abergement clemenciat", "L'Abergement-Clémenciat"),
        ("evry courcouronnes", "Évry-Courcouronnes"),
        ("2a004", "Ajaccio"),
        ("lens", "Lens"),
        ("lens lievin", "CA de Lens - Liévin"),
        (CA_LENS_LIEVIN, "CA de Lens - Liévin"),
        ("metropole lille", "Métropole Européenne de Lille"),
    ],
)
def test_the_search_finds_by_name_postcode_insee_or_siren_whatever_the_accents(
    reference, query, first
):
    assert official_search(query)[0].name == first


def test_the_search_ignores_one_letter_queries_and_finds_nothing_for_unknown_names(reference):
    assert official_search("l") == []
    assert official_search("zzyzx") == []


# --- Creating a territory from the reference ----------------------------------------------


def test_the_autocomplete_links_each_entry_to_a_prefilled_creation_form(client, world, reference):
    client.force_login(world.facilitator)
    response = client.get(
        reverse("territories:official-search"), {"q": "loos en gohelle"}, HTTP_HX_REQUEST="true"
    )
    loos = entry("commune", LOOS)
    assert f'href="{reverse("territories:territory-create")}?officiel={loos.pk}"' in (
        response.content.decode()
    )
    assert "<html" not in response.content.decode()


def test_without_javascript_the_creation_page_lists_the_results_itself(client, world, reference):
    client.force_login(world.facilitator)
    response = client.get(reverse("territories:official-search"), {"q": "loos"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Loos-en-Gohelle" in page and "?officiel=" in page


def test_picking_an_entry_fills_kind_code_population_departement_and_region(
    client, world, reference
):
    client.force_login(world.facilitator)
    ca = entry("ca", CA_LENS_LIEVIN)
    response = client.get(reverse("territories:territory-create"), {"officiel": ca.pk})
    form = response.context["form"]
    assert {k: form[k].value() for k in ("name", "kind", "code", "region", "departement")} == {
        "name": "CA de Lens - Liévin",
        "kind": "ca",
        "code": CA_LENS_LIEVIN,
        "region": "HDF",
        "departement": "62",
    }
    assert form["population"].value() == ca.population


def test_a_facilitator_creates_a_real_commune_from_the_reference(client, world, reference):
    client.force_login(world.facilitator)
    loos = entry("commune", LOOS)
    data = {
        **_prefilled(client, loos),
        "geography": "urban",
        "maturity": "experienced",
        "ess_integration": "high",
        "political_label": "",
    }
    response = client.post(reverse("territories:territory-create"), data)
    territory = Territory.objects.get(code=LOOS)
    assert response["Location"] == reverse("territories:territory-detail", args=[territory.pk])
    assert (territory.official, territory.kind, territory.population, territory.region) == (
        loos,
        "commune",
        6799,
        "HDF",
    )
    assert territory.departement == "62"


def _prefilled(client, official) -> dict:
    form = client.get(reverse("territories:territory-create"), {"officiel": official.pk}).context[
        "form"
    ]
    values = {name: form[name].value() for name in form.fields}
    return {name: "" if value is None else value for name, value in values.items()}


def test_a_picked_entry_refuses_another_code(client, world, reference):
    client.force_login(world.facilitator)
    loos = entry("commune", LOOS)
    data = {
        **_prefilled(client, loos),
        "code": "62499",
        "geography": "urban",
        "maturity": "beginner",
        "ess_integration": "low",
    }
    response = client.post(reverse("territories:territory-create"), data)
    assert response.status_code == 200
    assert "doivent rester ceux du référentiel" in str(response.context["form"].errors["code"])
    assert not Territory.objects.filter(code="62499").exists()


def test_a_territory_absent_from_the_reference_is_still_created_by_hand(client, world, reference):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("territories:territory-create"),
        {
            "name": "PETR du Pays Imaginaire",
            "kind": "petr",
            "code": "200000172",
            "population": "42000",
            "region": "HDF",
            "departement": "62",
            "geography": "rural",
            "maturity": "beginner",
            "ess_integration": "low",
            "official": "",
        },
    )
    assert response.status_code == 302
    assert Territory.objects.get(name="PETR du Pays Imaginaire").official is None


def test_a_result_already_on_the_platform_links_to_its_territory(client, world, reference):
    territory = linked_territory("commune", LOOS)
    client.force_login(world.facilitator)
    page = client.get(
        reverse("territories:official-search"), {"q": "loos"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert reverse("territories:territory-detail", args=[territory.pk]) in page
    assert "déjà sur la plateforme" in page


@pytest.mark.parametrize("persona", ["agent_a", "elu", "researcher", "outsider"])
def test_only_facilitators_and_staff_search_the_reference_and_create(
    client, world, reference, persona
):
    client.force_login(world.persona(persona))
    search = client.get(
        reverse("territories:official-search"), {"q": "loos"}, HTTP_HX_REQUEST="true"
    )
    create = client.get(reverse("territories:territory-create"), {"q": "loos"})
    changes = client.get(reverse("territories:official-changes"))
    assert (search.status_code, create.status_code, changes.status_code) == (403, 403, 403)


@pytest.mark.parametrize("persona", ["facilitator", "staff"])
def test_facilitators_and_staff_use_the_autocomplete(client, world, reference, persona):
    client.force_login(world.persona(persona))
    response = client.get(
        reverse("territories:official-search"), {"q": "loos"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "Loos-en-Gohelle" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, reference):
    response = client.get(reverse("territories:official-search"), {"q": "loos"})
    assert response.status_code == 302 and "login" in response["Location"]


# --- The territory page's reference section -----------------------------------------------


def test_a_communes_page_shows_its_intercommunality(client, world, reference):
    loos = linked_territory("commune", LOOS)
    client.force_login(world.facilitator)
    page = client.get(reverse("territories:territory-detail", args=[loos.pk])).content.decode()
    assert "CA de Lens - Liévin" in page and "Pas-de-Calais" in page and "216205286" in page


def test_an_epcis_page_lists_its_member_communes_with_their_populations(client, world, reference):
    ca = linked_territory("ca", CA_LENS_LIEVIN)
    client.force_login(world.staff)
    response = client.get(reverse("territories:territory-detail", args=[ca.pk]))
    members = response.context["reference"].members
    expected = sorted(
        OfficialTerritory.objects.filter(code__in=[LOOS, LENS, "62510"]),
        key=lambda m: -m.population,
    )
    assert [(m.name, m.population) for m in members] == [(m.name, m.population) for m in expected]
    assert {m.name for m in members} == {"Loos-en-Gohelle", "Lens", "Liévin"}
    page = response.content.decode()
    assert "3 communes membres" in page
    assert "<td>Loos-en-Gohelle</td><td>62528</td><td>6799</td>" in page.replace(
        "\u202f", ""
    ).replace("\xa0", "")


def test_a_territory_created_by_hand_says_it_is_linked_to_no_entry(client, world, reference):
    client.force_login(world.facilitator)
    page = client.get(
        reverse("territories:territory-detail", args=[world.territory_a.pk])
    ).content.decode()
    assert "n'est relié à aucune entrée du référentiel officiel" in page


def test_a_two_letter_query_finds_names_starting_with_it(reference):
    assert {e.name for e in official_search("li")} == {"Lille", "Liévin"}


def test_the_reference_pages_speak_english_too(client, world, reference):
    client.force_login(world.facilitator)
    page = client.get(
        reverse("territories:territory-create"), {"q": "loos"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Search the official reference" in page and "Or create the territory by hand" in page


def test_editing_a_linked_territory_keeps_the_references_kind_and_code(client, world, reference):
    loos = linked_territory("commune", LOOS, geography="urban", maturity="beginner")
    client.force_login(world.staff)
    form = client.get(reverse("territories:territory-update", args=[loos.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(
        reverse("territories:territory-update", args=[loos.pk]), {**data, "code": "62499"}
    )
    assert "doivent rester ceux du référentiel" in str(response.context["form"].errors["code"])
    response = client.post(
        reverse("territories:territory-update", args=[loos.pk]), {**data, "population": "7000"}
    )
    assert response.status_code == 302
    loos.refresh_from_db()
    assert (loos.population, loos.official.code) == (7000, LOOS)


# --- From a cohort's "add a territory" page -----------------------------------------------


def test_a_facilitator_adds_a_real_ca_to_their_cohort_from_its_page(client, world, reference):
    client.force_login(world.facilitator)
    page = client.get(
        reverse("territories:delegation-create", args=[world.cohort.pk])
    ).content.decode()
    create_url = f"{reverse('territories:territory-create')}?cohorte={world.cohort.pk}"
    assert create_url in page
    results = client.get(
        reverse("territories:official-search"),
        {"q": "lens lievin", "cohorte": world.cohort.pk},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    ca = entry("ca", CA_LENS_LIEVIN)
    assert f"?officiel={ca.pk}&amp;cohorte={world.cohort.pk}" in results
    data = {
        **_prefilled(client, ca),
        "geography": "mixed",
        "maturity": "beginner",
        "ess_integration": "medium",
        "cohorte": world.cohort.pk,
    }
    response = client.post(f"{create_url}&officiel={ca.pk}", data)
    assert response["Location"] == reverse("transitions:cohort-detail", args=[world.cohort.pk])
    territory = Territory.objects.get(official=ca)
    assert territory.delegations.get().cohort == world.cohort


def test_a_facilitator_cannot_enrol_a_new_territory_in_another_facilitators_cohort(
    client, world, reference
):
    client.force_login(world.facilitator)
    loos = entry("commune", LOOS)
    data = {
        **_prefilled(client, loos),
        "geography": "urban",
        "maturity": "beginner",
        "ess_integration": "low",
        "cohorte": world.other_cohort.pk,
    }
    response = client.post(reverse("territories:territory-create"), data)
    assert response.status_code in (403, 404)
    assert not Territory.objects.filter(official=loos).exists()


def test_a_commune_typed_by_hand_with_a_reference_code_is_linked_to_its_entry(
    client, world, reference
):
    client.force_login(world.facilitator)
    response = client.post(
        reverse("territories:territory-create"),
        {
            "name": "Loos",
            "kind": "commune",
            "code": LOOS,
            "population": "6800",
            "region": "HDF",
            "departement": "62",
            "geography": "urban",
            "maturity": "beginner",
            "ess_integration": "low",
        },
    )
    assert response.status_code == 302
    territory = Territory.objects.get(code=LOOS)
    assert (territory.name, territory.official) == ("Loos", entry("commune", LOOS))


def test_names_with_a_word_starting_with_the_query_come_before_other_matches(reference):
    for name, code, population in [
        ("Doullens", "80253", 5751),
        ("Courcelles-lès-Lens", "62249", 5000),
    ]:
        OfficialTerritory.objects.create(
            kind="commune", code=code, name=name, population=population, search=normalise(name)
        )
    assert [e.name for e in official_search("lens")] == [
        "Lens",
        "CA de Lens - Liévin",
        "Courcelles-lès-Lens",
        "Doullens",
    ]
