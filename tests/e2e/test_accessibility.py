"""axe-core (the npm package, node_modules/axe-core) checks the main pages of each persona
on the demo data at 1366, 820 and 390 px: no violation of the WCAG 2.1 A and AA rules
(the ground of the RGAA local authorities must follow)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import sign_in
from tests.e2e.demo_pages import DESKTOP_HEIGHT, WIDTHS, load_demo_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "demo-transitions"

# Two frames after a resize: its observers (transitions.js) have run, as for a person.
TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(' ')),
    count: v.nodes.length,
  }));
}"""

# A box wider than the screen says so where it can be seen (transitions.js adds the hint).
UNMARKED_SCROLL = """() => [...document.querySelectorAll('.table-scroll')].filter(box => {
  const hint = box.previousElementSibling;
  const shown = hint && hint.classList.contains('scroll-hint') && !hint.hidden;
  return box.scrollWidth > box.clientWidth + 1 && !shown;
}).length"""

# axe lets an aria-describedby name a missing element pass; a screen reader then reads
# nothing where the page meant an error or a hint.
DANGLING_REFS = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')]
  .flatMap(el => ['aria-describedby', 'aria-labelledby'].flatMap(attr =>
    (el.getAttribute(attr) || '').split(/\\s+/).filter(id => id && !document.getElementById(id))
      .map(id => `${el.tagName.toLowerCase()}#${el.id} ${attr}=${id}`)))"""


def axe_violations(tab, url: str, label: str) -> list[str]:
    """Open `url` once, then run axe at each width (the media queries follow the resize)."""
    response = tab.goto(url)
    if response is None or not response.ok:
        return [f"{label} {url}: HTTP {response and response.status}, not checked"]
    return axe_here(tab, url, label)


def axe_here(tab, url: str, label: str) -> list[str]:
    tab.wait_for_load_state("networkidle")
    tab.add_script_tag(path=str(AXE))
    found = [f"{label} {url}: missing {ref}" for ref in tab.evaluate(DANGLING_REFS)]
    for width in WIDTHS.values():
        tab.set_viewport_size({"width": width, "height": DESKTOP_HEIGHT})
        tab.evaluate(TWO_FRAMES)
        # WCAG 1.4.10 (reflow): the page itself never scrolls sideways; wide tables scroll
        # inside their own box.
        page_width = tab.evaluate("document.documentElement.scrollWidth")
        if page_width > width:
            found.append(f"{width}px {label} {url}: the page is {page_width}px wide")
        unmarked = tab.evaluate(UNMARKED_SCROLL)
        if unmarked:
            found.append(f"{width}px {label} {url}: {unmarked} sideways scroll(s) not marked")
        for v in tab.evaluate(RUN_AXE, WCAG_21_AA):
            found.append(
                f"{width}px {label} {url}: {v['id']} ({v['impact']}, {v['count']} nodes) "
                f"{v['help']} → {' | '.join(v['targets'])}"
            )
    return found


def test_the_main_pages_of_every_persona_pass_axe_at_three_widths(live_server, browser):
    assert AXE.exists(), f"{AXE} is missing: `make reference` installs axe-core from npm"
    personas = load_demo_world()
    violations: list[str] = []
    checked = 0
    for persona in personas:
        # bypass_csp: axe is injected as an inline script, which the site's CSP refuses.
        context = browser.new_context(locale="fr-FR", bypass_csp=True)
        tab = context.new_page()
        sign_in(tab, live_server.url, persona.email, DEMO_PASSWORD)
        for label, path in persona.pages:
            found = axe_violations(tab, f"{live_server.url}{path}", f"[{persona.key}] {label}")
            violations += found
            checked += 1
            print(f"checked at {'/'.join(map(str, WIDTHS.values()))} px: [{persona.key}] {label}")
        context.close()
    # The sign-in page too, as everyone sees it first.
    anonymous = browser.new_context(locale="fr-FR", bypass_csp=True)
    violations += axe_violations(
        anonymous.new_page(), f"{live_server.url}/accounts/login/", "[anonyme] connexion"
    )
    anonymous.close()
    violations += form_errors_are_announced_and_tied_to_their_field(
        browser, live_server.url, personas[0]
    )
    assert checked >= 30
    assert not violations, "\n".join(violations)


def form_errors_are_announced_and_tied_to_their_field(browser, base_url, facilitator):
    """A form sent with errors: axe finds nothing, the summary is an alert linking to the
    field, each field's error is in its aria-describedby and the field is aria-invalid."""
    context = browser.new_context(locale="fr-FR", bypass_csp=True)
    tab = context.new_page()
    sign_in(tab, base_url, facilitator.email, DEMO_PASSWORD)
    territory_path = dict(facilitator.pages)["territoire"]
    url = f"{base_url}{territory_path}modifier/"
    tab.goto(url)
    form = tab.locator("form:has(input[name=name])")
    # The browser's own checks (required, min) would stop the form before the server's.
    form.evaluate("f => { f.noValidate = true; }")
    form.locator("input[name=name]").fill("")
    form.locator("input[name=population]").fill("-5")
    form.locator("[type=submit]").first.click()
    tab.wait_for_load_state()
    found = axe_here(tab, url, "[animation] territoire (erreurs)")
    summary = tab.get_by_role("alert").filter(has=tab.locator("a[href='#id_name']"))
    if summary.count() != 1:
        found.append(f"{url}: no alert summary linking to #id_name")
    for name in ("name", "population"):
        field = tab.locator(f"#id_{name}")
        described = field.get_attribute("aria-describedby") or ""
        refs = [tab.locator(f"[id='{ref}']") for ref in described.split()]
        texts = [ref.inner_text() if ref.count() else "(absent)" for ref in refs]
        if field.get_attribute("aria-invalid") != "true" or not any(
            "Erreur" in text for text in texts
        ):
            found.append(f"{url}: #id_{name} not tied to its error ({described!r} → {texts})")
    context.close()
    return found
