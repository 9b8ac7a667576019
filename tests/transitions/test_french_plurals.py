"""Real French plurals: 0 and 1 take the singular, and no "(s)" stands in for a plural."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def test_the_french_plural_catalogue_holds_every_plural_of_the_code_and_templates():
    call_command("french_catalogue", "--check")


@pytest.mark.parametrize(("n", "expected"), [(0, "0 membre"), (1, "1 membre"), (2, "2 membres")])
def test_french_counts_zero_and_one_in_the_singular(n, expected):
    with translation.override("fr"):
        rendered = Template(
            "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} membre"
            "{% plural %}{{ counter }} membres{% endblocktranslate %}"
        ).render(Context({"n": n}))
    assert rendered == expected


def test_a_decimal_below_two_keeps_its_noun_singular():
    template = Template(
        "{% load i18n %}{% blocktranslate count n=gap|accord with g=gap|floatformat:1 %}"
        "écart de {{ g }} point{% plural %}écart de {{ g }} points{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context({"gap": 1.5})) == "écart de 1,5 point"
        assert template.render(Context({"gap": 2.5})) == "écart de 2,5 points"


def test_english_keeps_its_own_rule():
    with translation.override("en"):
        assert translation.ngettext("%(n)s énoncé", "%(n)s énoncés", 0) == "%(n)s énoncés"


# "énoncé(s)", "importée(s)": a plural written as a parenthesis instead of ngettext.
PARENTHESIS_PLURAL = re.compile(r"[a-zéèêàû]\((?:s|x|es|e)\)", re.IGNORECASE)


def _texts(path: Path):
    """A template's lines, or a module's string literals (code like `f(s)` is no text)."""
    source = path.read_text(encoding="utf-8")
    if path.suffix != ".py":
        yield from enumerate(source.splitlines(), 1)
        return
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_interface_text_writes_a_plural_in_parentheses():
    offenders = []
    for folder in ("templates", "transitions", "territories", "parcours", "diagnostics",
                   "peergroups", "agora", "research", "audit"):  # fmt: skip
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".html", ".txt", ".py"} or "migrations" in path.parts:
                continue
            for number, text in _texts(path):
                if PARENTHESIS_PLURAL.search(text.replace("http(s)", "")):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {text.strip()[:100]}")
    assert not offenders, "Use ngettext / {% blocktranslate count %}:\n" + "\n".join(offenders)
