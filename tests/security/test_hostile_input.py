"""Hostile input on every form and htmx/JSON endpoint (Hypothesis): never a server error,
never an unescaped script in a page.

Every route that someone may POST to (tests/security/access_policy.py) is posted to as a
persona the policy lets in, with form data drawn from the field names its pages show plus
ids from elsewhere: NUL bytes, 100 kB strings, right-to-left overrides, HTML and script,
boundary numbers, missing, duplicated and wrongly typed fields, and ids of another
cohort's objects or of nothing at all. Every page that someone may GET is also asked with
hostile query parameters. Each request runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import re

import pytest
from django.db import transaction
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research.services import corpus_detect
from tests.conftest import ensure_reference_data
from tests.factories import build_world
from tests.security import access_policy
from tests.security.routes import all_routes, url_for
from tests.security.scene import build_scene

pytestmark = pytest.mark.django_db

SCRIPT = "<script>qqxss(1)</script>"
PAYLOADS = [
    SCRIPT,
    '"><img src=x onerror=qqxss(2)>',
    "</textarea><script>qqxss(3)</script>",
    "javascript:qqxss(4)",
    "\x00",
    "a\x00b",
    "\u202egnp.exe",
    "\u202b\u200f\u2066مرحبا\u2069",
    "=SOMME(A1:A9)",
    "' OR 1=1 --",
    "{{ 7*7 }}{% debug %}",
    "%s%n%x",
    "x" * 100_000,
    "é" * 50_000,
    "",
    " ",
    "\r\n",
]
NUMBERS = [
    "0",
    "-1",
    "1",
    "2147483647",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "1e308",
    "NaN",
    "Infinity",
    "1.5",
    "0x10",
    "٣",
    "１",
]
DATES = ["2026-02-30", "0000-00-00", "9999-12-31", "1900-01-01", "31/12/2026", "hier"]
# Field names our forms use for ids and numbers, so tampering reaches them even when no
# page shows the field.
KNOWN_FIELDS = [
    "cohort", "delegation", "territory", "organisation", "axes", "partners", "contributors",
    "cards", "sources", "participant", "table", "anchor", "rapporteur", "merged_into",
    "lead_organisation", "base_version", "version", "revision", "fingerprint", "seen",
    "level", "category", "kind", "stance", "status", "direction", "number", "seats",
    "observed_on", "due_on", "happened_on", "starts_at", "text", "note", "comment", "title",
    "name", "email", "role", "quoted", "flag", "value", "consent", "file", "q", "v", "t",
]  # fmt: skip
QUERY_FIELDS = ["q", "page", "v", "t", "cursor", "sort", "category", "kind", "axis",
                "status", "territory", "cohort", "next", "source", "code", "segment"]  # fmt: skip
NAME_ATTR = re.compile(r'name="([^"]{1,60})"')

COUNTS = {"post": 0, "get": 0, "csv": 0}


def _ids(scene) -> list[str]:
    from transitions.models import Cohort

    other = Cohort.objects.exclude(pk=scene.world.cohort.pk).first()
    return [str(v) for v in scene.objects.values() if isinstance(v, int)] + [
        str(other.pk),
        "999999999",
        "-5",
        "1;DROP TABLE x",
    ]


def _values(ids):
    return st.one_of(
        st.sampled_from(PAYLOADS),
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES),
        st.sampled_from(ids),
        st.text(max_size=40),
        st.lists(st.sampled_from(ids + NUMBERS[:4]), min_size=2, max_size=4),  # duplicated
    )


def _who_posts(key: str) -> str | None:
    allowed = access_policy.allowed(key, "POST")
    for role in ("facilitator", "agent_a", "elu", "researcher", "staff", "etat", "anonymous"):
        if role in allowed:
            return role
    return None


def _check(response, where: str, health: bool = False) -> None:
    if not (health and response.status_code == 503):
        assert response.status_code < 500, f"{where}: {response.status_code}"
    if getattr(response, "streaming", False):
        return
    body = response.content.decode("utf-8", "replace")
    assert "<script>qqxss" not in body, f"{where}: unescaped script"
    assert "<img src=x onerror=qqxss" not in body, f"{where}: unescaped tag"


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker):
    """One scene for the module (built once, not once per test), in a transaction rolled
    back after the module's last test; each test runs in a savepoint inside it."""
    with (
        django_db_blocker.unblock(),
        override_settings(ACCOUNT_RATE_LIMITS=False),
        transaction.atomic(),
    ):
        ensure_reference_data()
        world = build_world()
        scene = build_scene(world)
        corpus_detect(cohort=world.cohort)  # once, not in every rolled-back request
        clients = {}
        for role in access_policy.ROLES:
            client = Client(raise_request_exception=False)
            user = scene.persona(role)
            if user is not None:
                client.force_login(user)
            clients[role] = client
        yield scene, clients
        transaction.set_rollback(True)


SKIP = ("account_logout", "admin:logout", "set_language")


def test_hostile_form_posts_never_break_a_page_or_inject_a_script(hostile):
    scene, clients = hostile
    ids = _ids(scene)
    values = _values(ids)
    routes = [
        r
        for r in all_routes()
        if not r.is_admin and r.key not in SKIP and _who_posts(r.key) is not None
    ]
    assert len(routes) > 40
    for route in routes:
        role = _who_posts(route.key)
        client = clients[role]
        url = url_for(route, scene.objects)
        with transaction.atomic():
            page = client.get(url)
            transaction.set_rollback(True)
        names = sorted(set(NAME_ATTR.findall(page.content.decode("utf-8", "replace"))))
        names = [n for n in names if n not in ("csrfmiddlewaretoken", "next")] or KNOWN_FIELDS
        fields = st.sampled_from(sorted(set(names) | set(KNOWN_FIELDS[:20])))

        _fuzz_post(client, url, f"({route.key}) as {role}", fields, values)
    print(f"\nhostile input: {COUNTS['post']} form posts over {len(routes)} routes")


def test_hostile_query_strings_never_break_a_page_or_inject_a_script(hostile):
    scene, clients = hostile
    ids = _ids(scene)
    values = st.one_of(st.sampled_from(PAYLOADS[:12]), st.sampled_from(NUMBERS + ids))
    routes = [
        r
        for r in all_routes()
        if not r.is_admin and r.key not in SKIP and access_policy.allowed(r.key, "GET")
    ]
    for route in routes:
        allowed = access_policy.allowed(route.key, "GET")
        readers = [
            r for r in ("facilitator", "agent_a", "elu", "researcher", "staff") if r in allowed
        ]
        role = readers[0] if readers else sorted(allowed)[0]
        client = clients[role]
        url = url_for(route, scene.objects)

        health = route.key in access_policy.HEALTH_PAGES
        _fuzz_get(client, url, f"({route.key}) as {role}", values, health)
    print(f"\nhostile input: {COUNTS['get']} query strings over {len(routes)} routes")


FUZZ = settings(
    deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def _fuzz_post(client, url, where, fields, values) -> None:
    @settings(FUZZ, max_examples=6)
    @given(data=st.dictionaries(fields, values, max_size=8), htmx=st.booleans())
    def post(data, htmx):
        headers = {"HX-Request": "true"} if htmx else {}
        with transaction.atomic():
            response = client.post(url, data, headers=headers)
            transaction.set_rollback(True)
        COUNTS["post"] += 1
        _check(response, f"POST {url} {where} with {_short(data)}")

    post()


def _fuzz_get(client, url, where, values, health=False) -> None:
    @settings(FUZZ, max_examples=3)
    @given(query=st.dictionaries(st.sampled_from(QUERY_FIELDS), values, min_size=1, max_size=4))
    def get(query):
        with transaction.atomic():
            response = client.get(url, query)
            transaction.set_rollback(True)
        COUNTS["get"] += 1
        _check(response, f"GET {url} {where} with {_short(query)}", health)

    get()


def _fuzz_upload(client, url, header, model, before) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    @settings(FUZZ, max_examples=25)
    @given(data=hostile_csv(header))
    def upload(data):
        with transaction.atomic():
            response = client.post(
                url, {"file": SimpleUploadedFile("import.csv", data, "text/csv")}
            )
            saved = model.objects.count() - before
            transaction.set_rollback(True)
        COUNTS["csv"] += 1
        _check(response, f"POST {url} with {data[:80]!r}")
        assert response.status_code in (200, 400, 422), response.status_code
        assert saved == 0, f"{saved} rows saved from {data[:200]!r}"
        assert FRENCH.search(response.content.decode()), data[:200]

    upload()


def _short(data) -> str:
    return repr(
        {k: (v[:30] + "…" if isinstance(v, str) and len(v) > 30 else v) for k, v in data.items()}
    )


# --- CSV imports --------------------------------------------------------------------------

INVITATION_HEADER = "email,nom complet,rôle,catégorie,code territoire"
ESS_HEADER = "nom,forme_juridique,secteurs,origine,siren,site_web,type_relation,forme_relation,date"
CELLS = st.one_of(
    st.sampled_from(["élu", "participant", "Hélène Géraud", "association", "59001", "", "x@"]),
    st.sampled_from(PAYLOADS[:12]),
    st.text(max_size=20),
)


@st.composite
def hostile_csv(draw, header: str) -> bytes:
    """A file with at least one ragged row (so it must be refused whole), in UTF-8, UTF-8
    with a BOM, Latin-1 or UTF-16, with a comma, semicolon, tab or pipe."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = len(header.split(","))
    rows = [header.replace(",", delimiter)] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 4))):
        cells = draw(st.lists(CELLS, min_size=width, max_size=width))
        rows.append(delimiter.join(c.replace("\n", " ") for c in cells))
    ragged = draw(st.lists(CELLS, min_size=1, max_size=width + 3).filter(lambda c: len(c) != width))
    rows.insert(draw(st.integers(0, len(rows))), delimiter.join(ragged))
    text = "\n".join(rows) + draw(st.sampled_from(["\n", "\r\n", ""]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "utf-16"]))
    return text.encode(encoding, errors="replace")


FRENCH = re.compile(
    r"ligne|Ligne|colonne|Colonne|encod|fichier|Fichier|vide|en-tête|aucune|invalide|"
    r"obligatoire|CSV"
)


def test_hostile_csv_imports_get_a_french_report_and_save_nothing(hostile):
    from django.urls import reverse

    from territories.models import Organisation
    from transitions.models import Invitation

    scene, clients = hostile
    imports = [
        (
            reverse("transitions:invitation-import", args=[scene.objects["cohort_id"]]),
            INVITATION_HEADER,
            Invitation,
        ),
        (
            reverse("territories:ess-import", args=[scene.objects["territory_id"]]),
            ESS_HEADER,
            Organisation,
        ),
    ]
    client = clients["facilitator"]
    for url, header, model in imports:
        before = model.objects.count()

        _fuzz_upload(client, url, header, model, before)
    print(f"\nhostile input: {COUNTS['csv']} CSV files")
