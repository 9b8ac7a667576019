"""An agent fills an axis of the diagnostic with the keyboard alone (Tab, arrows, Space,
Enter): every control is reached in order, its focus is visible, the answer is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from diagnostics.models import Answer
from tests.diagnostics.factories import diagnostic_world
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"

ACTIVE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName, type: el.type || '', id: el.id, name: el.name || '',
    text: (el.innerText || el.value || '').trim().slice(0, 40),
    item: el.closest('article.item') ? el.closest('article.item').id : '',
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
  };
}"""


def tab_until(tab, wanted, limit=60):
    """Press Tab until `wanted(active)` holds; every stop on the way shows its focus."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        active = tab.evaluate(ACTIVE)
        assert active["outline"], f"focus not visible on {active}"
        if wanted(active):
            return active
    raise AssertionError(f"not reached with {limit} Tab presses; last: {active}")


def test_an_agent_fills_an_axis_with_the_keyboard_alone(live_server, new_page):
    world = diagnostic_world(territory_name="Loos-en-Gohelle")
    diagnostic = world.diagnostic
    question = diagnostic.questionnaire.questions.get(code="P1-a")
    item = f"item-{question.pk}"

    tab = new_page()
    sign_in(tab, live_server.url, world.agent_a.email, PASSWORD)
    tab.goto(f"{live_server.url}/diagnostics/{diagnostic.pk}/principe/1/")

    # Into the first axis's levels; Space picks the focused level, arrows move the choice.
    tab_until(tab, lambda a: a["item"] == item and a["type"] == "radio")
    tab.keyboard.press("Space")
    for _ in range(6):
        if tab.locator(f"#{item}").get_by_label("2 · Structuré").is_checked():
            break
        tab.keyboard.press("ArrowRight")
    expect(tab.locator(f"#{item}").get_by_label("2 · Structuré")).to_be_checked()

    # On to the observation, typed, then the item's own "Enregistrer" button with Enter.
    tab_until(tab, lambda a: a["item"] == item and a["tag"] == "TEXTAREA")
    tab.keyboard.type("Les habitants viennent aux réunions publiques.")
    tab_until(tab, lambda a: a["item"] == item and a["text"] == "Enregistrer")
    tab.keyboard.press("Enter")
    expect(tab.locator(f"#status-{question.pk}")).to_contain_text("Enregistré", timeout=10_000)

    answer = Answer.objects.get(diagnostic=diagnostic, question=question, respondent=world.agent_a)
    assert answer.level == 2
    assert answer.text == "Les habitants viennent aux réunions publiques."

    # The next principle is reached from the page's own navigation, with Enter.
    tab_until(tab, lambda a: a["tag"] == "A" and a["text"] == "P2", limit=400)
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/diagnostics/{diagnostic.pk}/principe/2/")
