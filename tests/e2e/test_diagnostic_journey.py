"""Browser journey: two agents fill the diagnostic at the same time, one submits, a
facilitator validates and downloads the PDF report."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from tests.diagnostics.factories import diagnostic_world
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"
PRINCIPLE_TITLES = [
    "Créer, renforcer les conditions d'engagement, ici et maintenant",
    "Agir en coopération, tenir le cap et la durée collectivement",
    "Agir de façon intégrée, systémique, élargir le périmètre progressivement",
    "la valeur créée",
]


def test_two_agents_fill_at_once_then_submit_validate_and_download(live_server, new_page, tmp_path):
    world = diagnostic_world(territory_name="Loos-en-Gohelle")
    diagnostic = world.diagnostic
    questions = {q.code: q for q in diagnostic.questionnaire.questions.all()}
    base = f"{live_server.url}/diagnostics/{diagnostic.pk}"

    agnes, bruno = new_page(), new_page()
    sign_in(agnes, live_server.url, world.agent_a.email, PASSWORD)
    sign_in(bruno, live_server.url, world.agent_a2.email, PASSWORD)

    # Both open the shared profile and principle 1 at the same time.
    agnes.goto(f"{base}/section/profil/")
    bruno.goto(f"{base}/section/profil/")
    context_item = agnes.locator(f"#item-{questions['profile.context'].pk}")
    ambition_item = bruno.locator(f"#item-{questions['profile.ambition'].pk}")
    context_item.locator("textarea").fill("Ancienne cité minière devenue ville pilote.")
    ambition_item.locator("textarea").fill("Un projet de territoire voté à l'unanimité.")
    for item in (context_item, ambition_item):
        expect(item.locator(".save-state")).to_have_text("✓ Enregistré", timeout=10_000)

    agnes.goto(f"{base}/principe/1/")
    bruno.goto(f"{base}/principe/1/")
    p1a = questions["P1-a"].pk
    agnes_item = agnes.locator(f"#item-{p1a}")
    bruno_item = bruno.locator(f"#item-{p1a}")
    agnes_item.get_by_label("3 · Ancré").check()
    bruno_item.get_by_label("1 · Émergent").check()
    agnes_item.locator("textarea").fill("Le désir de transmettre aux enfants.")
    bruno_item.locator("textarea").fill("Peu de gens se sentent concernés.")
    for item in (agnes_item, bruno_item):
        expect(item.locator(".save-state")).to_have_text("✓ Enregistré", timeout=10_000)
    expect(agnes.locator("#progress-P1")).to_have_text("1 / 7")

    # Both answers survived: each sees their own after reloading, and the shared texts.
    agnes.reload()
    expect(agnes.locator(f"#item-{p1a} textarea")).to_have_value(
        "Le désir de transmettre aux enfants."
    )
    expect(agnes.locator(f"#item-{p1a}").get_by_label("3 · Ancré")).to_be_checked()
    bruno.reload()
    expect(bruno.locator(f"#item-{p1a} textarea")).to_have_value(
        "Peu de gens se sentent concernés."
    )
    bruno.goto(f"{base}/section/profil/")
    expect(bruno.locator(f"#item-{questions['profile.context'].pk} textarea")).to_have_value(
        "Ancienne cité minière devenue ville pilote."
    )
    expect(bruno.locator(f"#item-{questions['profile.ambition'].pk} textarea")).to_have_value(
        "Un projet de territoire voté à l'unanimité."
    )

    # Agnès submits.
    agnes.goto(f"{base}/")
    agnes.get_by_role("button", name="Soumettre le diagnostic").click()
    # The confirmation step lists what is still unanswered before anything is submitted.
    expect(
        agnes.get_by_role("heading", name="Par principe : les axes sans aucune réponse")
    ).to_be_visible()
    agnes.get_by_role("button", name="Soumettre quand même").click()
    expect(agnes.get_by_text("a été soumis à l'animation pour validation.")).to_be_visible()

    # The facilitator validates and downloads the report.
    fanny = new_page()
    sign_in(fanny, live_server.url, world.facilitator.email, PASSWORD)
    fanny.goto(f"{live_server.url}/diagnostics/")
    fanny.get_by_role("link", name="Ouvrir").click()
    fanny.get_by_role("button", name="Valider le diagnostic").click()
    fanny.get_by_role("button", name="Valider le diagnostic").click()  # the confirmation
    expect(fanny.get_by_text("est validé.")).to_be_visible()
    fanny.get_by_role("link", name="Voir les résultats").click()
    expect(fanny.locator("svg.radar")).to_be_visible()
    fanny.get_by_role("button", name="Préparer le rapport PDF").click()
    download_link = fanny.get_by_role("link", name="Télécharger le rapport PDF")
    expect(download_link).to_be_visible(timeout=30_000)
    with fanny.expect_download() as info:
        download_link.click()
    path = tmp_path / "rapport.pdf"
    info.value.save_as(path)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Loos-en-Gohelle" in flat
    for title in PRINCIPLE_TITLES:
        assert title in flat
    assert "Agnès" not in flat  # observations are attributed to categories only


def test_two_agents_editing_the_same_shared_text_get_a_choice_not_a_silent_overwrite(
    live_server, new_page
):
    world = diagnostic_world(territory_name="Malaunay")
    diagnostic = world.diagnostic
    question = diagnostic.questionnaire.questions.get(code="synthesis.pilot_project")
    url = f"{live_server.url}/diagnostics/{diagnostic.pk}/section/synthese/"
    agnes, bruno = new_page(), new_page()
    sign_in(agnes, live_server.url, world.agent_a.email, PASSWORD)
    sign_in(bruno, live_server.url, world.agent_a2.email, PASSWORD)
    agnes.goto(url)
    bruno.goto(url)  # both start from the same (empty) version
    agnes_item = agnes.locator(f"#item-{question.pk}")
    bruno_item = bruno.locator(f"#item-{question.pk}")
    agnes_item.locator("textarea").fill("Une cuisine centrale coopérative.")
    expect(agnes_item.locator(".save-state")).to_have_text("✓ Enregistré", timeout=10_000)
    bruno_item.locator("textarea").fill("Un tiers-lieu alimentaire.")
    conflict = bruno_item.locator(".conflict")
    expect(conflict).to_be_visible(timeout=10_000)
    expect(conflict).to_contain_text("Agnès Agent a enregistré cette réponse")
    expect(conflict).to_contain_text("Une cuisine centrale coopérative.")
    # Bruno's text is still in his field; he chooses to keep it, knowingly.
    expect(bruno_item.locator("textarea")).to_have_value("Un tiers-lieu alimentaire.")
    conflict.get_by_role("button", name="Garder ma version").click()
    expect(bruno_item.locator(".save-state")).to_have_text("✓ Enregistré", timeout=10_000)
    # Agnès, who had not reloaded, is now told in turn when she edits again.
    agnes_item.locator("textarea").fill("Une cuisine centrale coopérative et un jardin.")
    agnes_conflict = agnes_item.locator(".conflict")
    expect(agnes_conflict).to_contain_text("Un tiers-lieu alimentaire.", timeout=10_000)
    agnes_conflict.get_by_role("link", name="Reprendre sa version").click()
    expect(agnes.locator(f"#item-{question.pk} textarea")).to_have_value(
        "Un tiers-lieu alimentaire."
    )
    history = bruno.goto(f"{live_server.url}/diagnostics/{diagnostic.pk}/historique/")
    assert history.ok
    expect(bruno.get_by_text("Une cuisine centrale coopérative.").first).to_be_visible()
