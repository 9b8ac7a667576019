"""On the demo, a facilitator walks the parcours from the entry stage to the pilot projects
and finds each stage's output where the method expects it (issue 11, "done when").

The current demo cohort is part-way through (entry to peer groups); what the agora, the
forums and the pilot projects produce is read in the finished cohort of the year before,
whose stages are all closed (transitions.demo.finished_demo_cohort)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.factories import give_mfa

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sees(live_page: Page, text: str) -> None:
    expect(live_page.get_by_text(text, exact=False).first).to_be_visible()


def test_a_facilitator_walks_the_demo_parcours_and_finds_each_stages_output(
    live_server, page: Page
):
    from agora.models import Forum, Opportunity
    from territories.models import PilotProject
    from transitions import demo
    from transitions.models import User

    demo.load_demo()
    cohort, finished = demo.demo_cohort(), demo.finished_demo_cohort()
    facilitator = User.objects.get(email="animation@demo.transitions.fr")
    give_mfa(facilitator)  # the demo gives one only under `make run`'s bypass code
    base = live_server.url
    sign_in(page, base, facilitator.email, demo.DEMO_PASSWORD)

    # The cohort page links each stage that has a page of its own.
    page.get_by_role("link", name="Cohortes", exact=True).first.click()
    page.get_by_role("link", name=cohort.name).first.click()
    expect(page.get_by_role("heading", name=cohort.name)).to_be_visible()

    # Entry: each territory's prerequisites, justified, and its commitment.
    page.get_by_role("link", name="Entrée dans le parcours", exact=True).click()
    page.get_by_role("row", name="Bruyères-les-Terrils").get_by_role("link", name="Voir").click()
    _sees(page, "village sobre et solidaire")
    back_to_cohort = f"← {cohort.name}"

    # Prise de hauteur: the notes of the theoretical inputs.
    page.goto(f"{base}/cohortes/{cohort.pk}/")
    page.get_by_role("link", name="Prise de hauteur", exact=True).click()
    _sees(page, "Quatre principes pour piloter un changement systémique")

    # Inspiration: visit reports and the cohort's shared topics.
    page.get_by_role("link", name=back_to_cohort).click()
    page.get_by_role("link", name="Inspiration et formation collective", exact=True).click()
    _sees(page, "La Ferme du Chevalement")
    _sees(page, "Alimentation")

    # Diagnostic: a validated territory's results.
    page.goto(f"{base}/diagnostics/")
    _sees(page, "Validé")
    validated = cohort.delegations.filter(diagnostic__status="validated").first().diagnostic
    page.goto(f"{base}/diagnostics/{validated.pk}/resultats/")
    expect(page.get_by_role("heading", name="Résultats").first).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()  # the radar

    # Peer groups: the facilitator's cross view of the four groups' grids.
    page.goto(f"{base}/groupes-de-pairs/cohortes/{cohort.pk}/grille/")
    for category in ("Élu·e", "Agent·e de collectivité", "Agent·e de l'État"):
        _sees(page, category)
    _sees(page, "Contraintes")

    # The agora, forums and pilot projects of this cohort are still to come: the finished
    # cohort shows what they produce.
    page.goto(f"{base}/agora/cohorte/{finished.pk}/")
    _sees(page, "Personne n'a de temps prévu pour coopérer")
    _sees(page, "Lavergne-sur-Cher")  # positions per delegation, beside the categories

    forum = Forum.objects.get(delegation__cohort=finished, delegation__territory__code="245907126")
    page.goto(f"{base}/agora/forums/{forum.pk}/synthese/")
    _sees(page, "Consensus sur le lieu")
    _sees(page, "Un tiers-lieu dans l'ancienne gare")

    page.goto(f"{base}/territoires/projets-pilotes/cohortes/{finished.pk}/")
    page.get_by_role("link", name="Matériauthèque des friches").first.click()
    _sees(page, "Premier lot de portes et de radiateurs réemployé")
    project = PilotProject.objects.get(title="Tiers-lieu de l'ancienne gare")
    page.goto(f"{base}/territoires/projets-pilotes/{project.pk}/")
    # Where it came from: the cooperation opportunity of the territory's forum.
    _sees(page, "Issu de l'opportunité de coopération du forum")
    page.get_by_role("link", name="Tiers-lieu de l'ancienne gare").click()
    opportunity = Opportunity.objects.get(pilot_project=project)
    expect(page).to_have_url(
        f"{base}/agora/forums/{opportunity.forum_id}/recolte/#opportunity-{opportunity.pk}"
    )
    _sees(page, "Visite d'une légumerie existante")  # the opportunity's next step
