"""A facilitator creates a cohort, adds three territories, bulk-invites 12 people from a
CSV and sees them counted by category on the dashboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.factories import CohortFactory, MembershipFactory, TerritoryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CATEGORIES = ["élu", "agent de collectivité", "agent de l'État", "socio-économique"]


def test_a_facilitator_sets_up_a_cohort_and_sees_invited_people_by_category(
    live_server, page: Page
):
    # An experienced facilitator (of a previous cohort) may create a new one.
    facilitator = MembershipFactory(
        cohort=CohortFactory(name="Cohorte 2025"), role="facilitator"
    ).user
    TerritoryFactory(name="Bourg-en-Vallée", code="59010")
    TerritoryFactory(name="Agglo des Étangs", kind="ca", code="244109021", population=62000)
    sign_in(page, live_server.url, facilitator.email, "motdepasse-solide-42")

    page.get_by_role("link", name="Cohortes", exact=True).first.click()
    page.get_by_role("link", name="Nouvelle cohorte").click()
    page.get_by_label("Nom").fill("Territoires pilotes 2027")
    page.get_by_label("Année").fill("2027")
    page.get_by_role("button", name="Créer la cohorte").click()
    expect(page.get_by_role("heading", name="Territoires pilotes 2027")).to_be_visible()
    expect(page.get_by_role("cell", name="Groupes de pairs", exact=True)).to_be_visible()

    # A third territory does not exist yet: the facilitator creates it, with one mistake.
    page.goto(f"{live_server.url}/territoires/nouveau/")
    page.get_by_label("Nom").fill("Val-d'Orbe")
    page.get_by_label("Strate").select_option(label="Commune")
    page.get_by_label("Code officiel").fill("3435")
    page.get_by_label("Population").fill("1700")
    page.get_by_label("Région").select_option(label="Occitanie")
    page.get_by_label("Géographie").select_option(label="Rural")
    page.get_by_label("Maturité en transition").select_option(label="Débutant")
    page.get_by_label("Intégration de l'ESS").select_option(label="Faible")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le code INSEE d'une commune compte 5 caractères")).to_be_visible()
    page.get_by_label("Code officiel").fill("34350")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name="Val-d'Orbe")).to_be_visible()

    page.get_by_role("link", name="Cohortes", exact=True).first.click()
    page.get_by_role("link", name="Territoires pilotes 2027").click()
    page.get_by_role("link", name="Ajouter un territoire").click()
    for name in ["Bourg-en-Vallée", "Agglo des Étangs", "Val-d'Orbe"]:
        page.get_by_label("Territoire").select_option(
            label=next(
                o
                for o in page.locator("#id_territory option").all_inner_texts()
                if o.startswith(name)
            )
        )
        page.get_by_role("button", name="Ajouter et en ajouter un autre").click()
        expect(page.get_by_text(f"« {name} » rejoint la cohorte.")).to_be_visible()

    codes = ["59010", "244109021", "34350"]
    lines = ["email;nom complet;rôle;catégorie;code territoire"]
    for t, code in enumerate(codes):
        for c, category in enumerate(CATEGORIES):
            role = "agent" if category == "agent de collectivité" else "participant"
            lines.append(f"p{t}{c}@exemple.fr;Personne {t}{c};{role};{category};{code}")
    csv_bytes = ("\n".join(lines) + "\n").encode("latin-1")

    page.get_by_role("link", name="Territoires pilotes 2027").click()
    page.get_by_role("link", name="Membres et invitations").click()
    page.get_by_role("link", name="Inviter depuis un fichier CSV").click()
    page.get_by_label("Fichier CSV").set_input_files(
        files=[{"name": "invites.csv", "mimeType": "text/csv", "buffer": csv_bytes}]
    )
    page.get_by_role("button", name="Vérifier et inviter").click()
    expect(page.get_by_text("12 invitations envoyées.")).to_be_visible()

    page.get_by_role("link", name="Territoires pilotes 2027").click()
    page.get_by_role("link", name="Tableau de bord").click()
    cards = page.locator(".participation-by-category .card")
    expect(cards).to_have_count(4)
    for index in range(4):
        expect(cards.nth(index)).to_contain_text("3 invitations en attente")
    expect(page.get_by_text("12 invitations en attente.")).to_be_visible()
    matrix = page.locator("table.matrix")
    expect(matrix.get_by_role("row")).to_have_count(4)
    expect(matrix).to_contain_text("non commencé")
