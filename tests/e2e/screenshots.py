"""`make screenshots`: the main pages of the demo at desktop (1366 px) and phone (390 px)
width, saved as PNG in docs/screenshots/ (the README shows some of them).

Not a test file (its name does not start with test_): the suite never runs it; the make
target passes it to pytest explicitly, for the live server, the demo data and Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils.text import slugify

from tests.e2e.conftest import sign_in
from tests.e2e.demo_pages import DESKTOP_HEIGHT, PHONE_HEIGHT, WIDTHS, load_demo_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OUT = Path(settings.BASE_DIR) / "docs" / "screenshots"
DEMO_PASSWORD = "demo-transitions"
# (persona, page label) pairs worth showing: what each role opens most.
SHOWN = {
    "animation": ["tableau-de-bord", "résultats", "carte-ess", "agora", "world-café"],
    "agent": ["accueil", "diagnostic", "principe"],
    "participant": ["accueil", "séance-de-pairs"],
    "recherche": ["espace-recherche", "corpus"],
}
SIZES = {
    "bureau": {"width": WIDTHS["desktop"], "height": DESKTOP_HEIGHT},
    "telephone": {"width": WIDTHS["phone"], "height": PHONE_HEIGHT},
}


def test_render_the_main_pages_of_the_demo(live_server, browser):
    OUT.mkdir(parents=True, exist_ok=True)
    written = []
    for persona in load_demo_world():
        context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
        tab = context.new_page()
        sign_in(tab, live_server.url, persona.email, DEMO_PASSWORD)
        pages = dict(persona.pages)
        for label in SHOWN[persona.key]:
            tab.goto(f"{live_server.url}{pages[label]}")
            tab.wait_for_load_state("networkidle")
            for size_name, size in SIZES.items():
                tab.set_viewport_size(size)
                # The visible screen, as a person sees it on opening the page.
                target = OUT / f"{persona.key}-{slugify(label)}-{size_name}.png"
                tab.screenshot(path=str(target), animations="disabled")
                written.append(target)
        context.close()
    assert all(p.stat().st_size > 5_000 for p in written)
    print("\n".join(str(p.relative_to(settings.BASE_DIR)) for p in written))
