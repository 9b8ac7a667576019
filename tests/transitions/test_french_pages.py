"""French done right on the rendered pages: every page each role can open is crawled once
(the security scene: every route with real objects), and its visible text checked for
internal keys and slugs ("engagement-1", "profile.context", "key_idea"), wording that
drifts from the glossary ("courriel", "email", "Evaluer", "en tant que Élu·e"), and
statuses read as verbs ("Fermer" beside "Ouverte").

The French message ids themselves are checked too (a glossary test over the catalogue of
the code and templates, transitions/management/commands/french_catalogue.py), and every one
of them must stay French when French is active: a French id that another catalogue
(Django's, allauth's) also holds gets that catalogue's translation ("Close" → "Fermer").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.db import transaction
from django.test import Client
from django.utils import translation

from tests.conftest import ensure_reference_data
from tests.factories import build_world, give_mfa
from tests.security.routes import all_routes, url_for
from tests.security.scene import build_scene
from transitions.management.commands.french_catalogue import interface_messages

# One word per concept (DOMAIN.md glossary; "adresse e-mail" for email).
GLOSSARY = [
    (re.compile(r"\b[Cc]ourriels?\b"), "« adresse e-mail » (pas « courriel »)"),
    (
        re.compile(r"(?<![-\w@.(])[Ee]mails?\b(?![-@])"),
        "« adresse e-mail » / « e-mail » (pas « email », « mail »)",
    ),  # fmt: skip
    (re.compile(r"(?<![-\w])[Mm]ails?\b"), "« e-mail » (pas « mail »)"),
    (
        re.compile(
            r"\bE(?:valu|tat\b|tats\b|lu\b|lue?s?\b|lu·|tape|v[eé]nement|cart|change|conomi)"
        ),
        "capitale accentuée (« Évaluer », « État », « Élu·e »)",
    ),
    (re.compile(r"\b[Ee]n tant que (?:[AEIOUÉÈaeiouéèh]|<|%\(|\{)"), "« en tant qu'… » (élision)"),
]
# Internal identifiers: slugs with a number ("engagement-1"), dotted keys
# ("profile.context", "agora.card") and snake_case values ("key_idea").
INTERNAL = re.compile(
    r"(?<![\w.@/-])(?:[a-z]+-\d+|[a-z]+(?:_[a-z]+)+|[a-z_]+\.[a-z_]+(?:\.[a-z_]+)*)(?![\w@/-])"
)
# Dotted words a page may legitimately print: file names.
INTERNAL_ALLOWED = re.compile(r"\.(?:pdf|csv|xlsx|qdpx|json|zip|tar)$")
# Addresses people read as such (an e-mail address, a link).
ADDRESSES = re.compile(r"\S+@\S+|https?://\S+")
# Pages that document a file's columns or an export's identifiers, which people type in
# their CSV headers or analysis software: the ESS import's columns ("forme_juridique"),
# the research exports' columns and source identifiers ("segment_id", "agora.card").
TECHNICAL_PAGES = {"territories:ess-import", "research:export", "research:protocol"}


class _Text(HTMLParser):
    """The text a person reads (not scripts, styles or attributes)."""

    # <code> holds what people type as such (a command name).
    SKIP = {"script", "style", "template", "textarea", "code"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def glossary_faults(text: str) -> list[str]:
    text = ADDRESSES.sub(" ", text)
    faults = []
    for pattern, rule in GLOSSARY:
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 40) : match.end() + 40]
            faults.append(f"{rule}: …{around}…")
    return faults


def internal_keys(text: str) -> list[str]:
    text = ADDRESSES.sub(" ", text)
    return sorted(
        {m.group(0) for m in INTERNAL.finditer(text) if not INTERNAL_ALLOWED.search(m.group(0))}
    )


def test_the_glossary_rules_catch_the_faults_people_reported():
    for fault in ["Courriel", "votre email", "P4 · Evaluer", "vous répondez en tant que Élu·e",
                  "agent de l'Etat"]:  # fmt: skip
        assert glossary_faults(fault), fault
    for fine in ["Adresse e-mail", "un e-mail de confirmation", "elu@exemple.org",
                 "P4 · Évaluer", "en tant qu'élu·e", "en tant que chercheur·e"]:  # fmt: skip
        assert not glossary_faults(fine), fine
    assert internal_keys("Balise engagement-1 · profile.context · texte · key_idea") == [
        "engagement-1", "key_idea", "profile.context"
    ]  # fmt: skip
    assert internal_keys("rapport.pdf · P1-a · 17 juin 2027 · https://exemple.org/a_b") == []
    assert internal_keys("Agnès · agent.a.3@exemple.fr") == []
    assert not glossary_faults("Invitation envoyée à %(email)s.")


def test_every_french_message_id_follows_the_glossary():
    faults = [f for text in interface_messages() for f in glossary_faults(text)]
    assert not faults, "\n".join(sorted(faults))


# Ids another catalogue translates on purpose: the language switcher names English in French.
OWN_TRANSLATION = {"English"}


def test_no_french_message_id_is_translated_by_another_catalogue_when_french_is_active():
    changed = []
    with translation.override("fr"):
        for text in interface_messages() - OWN_TRANSLATION:
            if translation.gettext(text) != text:
                changed.append(f"{text!r} → {translation.gettext(text)!r}")
    assert not changed, "Give these a pgettext context:\n" + "\n".join(sorted(changed))


def test_statuses_are_adjectives_and_never_the_verbs_of_the_buttons():
    from agora.models import RoundStatus
    from peergroups.models import SessionStatus
    from transitions.models import StageStatus

    with translation.override("fr"):
        assert [str(s.label) for s in StageStatus] == ["À venir", "Ouverte", "Fermée"]
        assert str(SessionStatus.CLOSED.label) == "Fermée"
        assert str(RoundStatus.CLOSED.label) == "Terminé"


ROLES = ("anonymous", "elu", "agent_a", "facilitator", "researcher", "staff")


@pytest.mark.django_db
def test_no_page_shows_an_internal_key_or_drifts_from_the_glossary(settings):
    settings.ACCOUNT_RATE_LIMITS = False
    ensure_reference_data()
    world = build_world()
    scene = build_scene(world)
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        if (user := scene.persona(role)) is not None:
            clients[role].force_login(user)

    faults, pages = [], 0
    for route in all_routes():
        if route.is_admin or "logout" in route.key:
            continue
        url = url_for(route, scene.objects)
        for role, client in clients.items():
            with transaction.atomic():
                response = client.get(url)
                transaction.set_rollback(True)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            text = visible_text(response.content.decode())
            faults += [f"{url} ({role}) {f}" for f in glossary_faults(text)]
            if route.key not in TECHNICAL_PAGES:
                faults += [f"{url} ({role}) clé interne « {k} »" for k in internal_keys(text)]
    assert pages > 150, pages
    assert not faults, "\n".join(sorted(set(faults)))


@pytest.mark.django_db
def test_the_login_page_offers_the_forgotten_password_link_once(client):
    text = visible_text(client.get("/accounts/login/").content.decode())
    assert text.count("Mot de passe oublié") == 1
    assert "Adresse e-mail" in text


# The demo of `make run`: each printed account's home page and the pages it links to.
HREF = re.compile(r'href="(/[^"#?]*)"')


@pytest.mark.django_db
def test_the_demo_pages_each_account_reaches_read_french_without_internal_keys(settings):
    from django.urls import Resolver404, resolve

    from transitions import demo
    from transitions.models import User

    settings.ACCOUNT_RATE_LIMITS = False
    ensure_reference_data()
    accounts = demo.load_demo()
    faults, reached = [], {}
    users = {email: User.objects.get(email=email) for _role, email in accounts}
    give_mfa(*users.values())  # as each would have after the second-factor setup
    for role, email in accounts:
        client = Client()
        client.force_login(users[email])
        home = client.get("/")
        assert home.status_code == 200, (role, home.status_code)
        urls = ["/", *dict.fromkeys(HREF.findall(home.content.decode()))]
        reached[role] = 0
        for url in urls[:60]:
            try:
                match = resolve(url)
            except Resolver404:
                continue  # static files
            name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
            if "logout" in (name or "") or url.startswith("/admin/"):
                continue
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            reached[role] += 1
            text = visible_text(response.content.decode())
            faults += [f"{url} ({role}) {f}" for f in glossary_faults(text)]
            if name not in TECHNICAL_PAGES:
                faults += [f"{url} ({role}) clé interne « {k} »" for k in internal_keys(text)]
    assert all(count >= 5 for count in reached.values()), reached
    assert not faults, "\n".join(sorted(set(faults)))
