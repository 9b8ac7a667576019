"""The access matrix: every route of the root URLconf × every role × GET and POST, checked
against the one policy table (tests/security/access_policy.py), with canaries in every
text field of cohort A and territory A that no one outside them may ever read.

One scene is built for the whole module; each request runs in a savepoint rolled back
after it, so a POST that passes its gate (a submission, a deletion) changes nothing for
the next request. Requests go through Django's test client (no HTTP), signed in with
force_login: the personas that need a second factor have one (tests/factories.py).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter

import pytest
from django.db import transaction
from django.test import Client

from research.services import corpus_detect
from tests.conftest import ensure_reference_data
from tests.factories import build_world
from tests.security import access_policy
from tests.security.routes import all_routes, url_for
from tests.security.scene import (
    ANONYMOUS_AUTHOR,
    ATTENDEE,
    COHORT_CANARY,
    OPEN_STAGES,
    TERRITORY_CANARY,
    build_scene,
    stamp_canaries,
)

ROLES = access_policy.ROLES
# The admin lets in active staff only (AdminSite.has_permission) whatever else a person is:
# its 200-odd routes are asked by nobody, the most privileged non-staff role and staff.
ADMIN_ROLES = ("anonymous", "facilitator", "staff")
METHODS = ("GET", "POST")
UNSHARED = "QqUNSHARED_parole_entre_elus"
RESPONDENT = "QqRESPONDENT_Elise"
# Who may read what (DESIGN.md, "Permissions and confidentiality").
OUTSIDE_COHORT = {"anonymous", "other_facilitator", "other_researcher"}
OUTSIDE_TERRITORY = OUTSIDE_COHORT | {"agent_b"}
UNSHARED_READERS = {"elu", "facilitator", "staff"}  # the ELU group and its facilitators
ATTENDANCE_READERS = {"facilitator", "staff"}  # names of who attended a meeting


def _denied(response) -> bool:
    status = response.status_code
    if status in (401, 403, 404, 405):
        return True
    if status in (301, 302, 303):
        target = response.get("Location", "")
        return "/accounts/login/" in target or "/admin/login/" in target
    return False


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


_RESULTS: dict = {}


@pytest.fixture
def matrix(db, settings):
    """Run every request once (in the first test that asks), in that test's transaction;
    the other tests read the same results."""
    if not _RESULTS:
        settings.ACCOUNT_RATE_LIMITS = False
        _RESULTS.update(_run_matrix())
    return _RESULTS


def _run_matrix() -> dict:
    from transitions.models import Attendance, User

    ensure_reference_data()
    world = build_world()
    scene = build_scene(world)
    stamp_canaries(scene)
    User.objects.filter(pk=world.staff.pk).update(is_superuser=True)
    research = scene.research
    type(research.unshared_card).objects.filter(pk=research.unshared_card.pk).update(text=UNSHARED)
    User.objects.filter(pk=world.elu.pk).update(full_name=RESPONDENT)
    User.objects.filter(pk=world.elu2.pk).update(full_name=ANONYMOUS_AUTHOR)
    # Who attended, by name, is the facilitators' (a guest's name stands for everyone's).
    Attendance.objects.filter(user=None).update(guest_name=ATTENDEE)
    # Name detection (spaCy) once for the whole corpus: each request's savepoint is rolled
    # back, and the research pages would otherwise detect every text again each time.
    corpus_detect(cohort=world.cohort)
    stages = dict(world.cohort.stages.values_list("kind", "status"))

    clients = {}
    for role in ROLES:
        client = Client()
        user = scene.persona(role)
        if user is not None:
            client.force_login(user)
        clients[role] = client

    routes = all_routes()
    outcomes: dict[tuple[str, str, str], bool] = {}
    statuses: Counter = Counter()
    leaks: list[str] = []
    errors: list[str] = []
    requests = 0
    started = time.monotonic()
    slowest: Counter = Counter()
    for route in routes:
        url = url_for(route, scene.objects)
        route_started = time.monotonic()
        for role in ADMIN_ROLES if route.is_admin else ROLES:
            client = clients[role]
            for method in METHODS:
                with transaction.atomic():
                    response = getattr(client, method.lower())(url)
                    body = _body(response)
                    transaction.set_rollback(True)
                requests += 1
                statuses[response.status_code] += 1
                if response.status_code >= 500 and not (
                    response.status_code == 503 and route.key in access_policy.HEALTH_PAGES
                ):
                    errors.append(f"{method} {url} as {role}: {response.status_code}")
                outcomes[(route.key, role, method)] = not _denied(response)
                leaks += _leaks(route, role, method, url, body)
                if "logout" in route.key or client.cookies.get("sessionid") is None:
                    user = scene.persona(role)
                    if user is not None:
                        client.force_login(user)
                client.cookies.pop("django_language", None)
        slowest["admin:*" if route.is_admin else route.key] += time.monotonic() - route_started
    return {
        "stages": stages,
        "slowest": slowest,
        "routes": routes,
        "outcomes": outcomes,
        "statuses": statuses,
        "leaks": leaks,
        "errors": errors,
        "requests": requests,
        "seconds": time.monotonic() - started,
        "stamped": scene.stamped,
    }


# The invitation page shows the cohort and the invitee's name to whoever holds the token:
# the token, mailed to the invitee, is their credential.
TOKEN_PAGES = {"transitions:invitation-accept"}
# Where contributions are shown: an anonymous card's author is named in none of them (the
# member list and the World Café's seating name people, not their cards).
CONTRIBUTION_PAGES = ("peergroups:", "research:", "agora:agora-", "agora:statement",
                      "agora:position", "agora:summary")  # fmt: skip


def _leaks(route, role, method, url, body: bytes) -> list[str]:
    found = []
    text = body.decode("utf-8", "replace")
    if route.key in TOKEN_PAGES:
        return found
    if role in OUTSIDE_COHORT and COHORT_CANARY in text:
        found.append(_leak(COHORT_CANARY, route, role, method, url, text))
    if role in OUTSIDE_TERRITORY and TERRITORY_CANARY in text:
        found.append(_leak(TERRITORY_CANARY, route, role, method, url, text))
    if role not in UNSHARED_READERS and UNSHARED in text:
        found.append(_leak(UNSHARED, route, role, method, url, text))
    if ANONYMOUS_AUTHOR in text and route.key.startswith(CONTRIBUTION_PAGES):
        found.append(_leak(ANONYMOUS_AUTHOR, route, role, method, url, text))
    if role not in ATTENDANCE_READERS and ATTENDEE in text:
        found.append(_leak(ATTENDEE, route, role, method, url, text))
    if role != "elu" and RESPONDENT in text and route.key.startswith("diagnostics:"):
        found.append(_leak(RESPONDENT, route, role, method, url, text))
    return found


def _leak(marker, route, role, method, url, text) -> str:
    at = text.index(marker)
    return (
        f"{marker} in {method} {url} ({route.key}) as {role}: …{text[max(0, at - 80) : at + 60]!r}"
    )


def test_every_route_of_the_urlconf_has_a_row_in_the_policy_table():
    missing = [r.key for r in all_routes() if access_policy.row_for(r.key) is None]
    assert not missing, (
        "Routes without a row in tests/security/access_policy.py POLICY; add one line per "
        "route, e.g.\n"
        + "\n".join(f'    "{key}": "<who may GET> | <who may POST>",' for key in missing)
        + "\n(roles or aliases from ALIASES, '-' for nobody)"
    )


def test_every_route_answers_every_role_as_the_policy_table_says(matrix):
    wrong = []
    for (key, role, method), allowed in sorted(matrix["outcomes"].items()):
        expected = role in access_policy.allowed(key, method)
        if allowed != expected:
            wrong.append(f"{method} {key} as {role}: {'let in' if allowed else 'refused'}")
    record = os.environ.get("ACCESS_MATRIX_RECORD")
    if record:
        observed: dict[str, dict[str, list[str]]] = {}
        for (key, role, method), allowed in matrix["outcomes"].items():
            observed.setdefault(key, {}).setdefault(method, [])
            if allowed:
                observed[key][method].append(role)
        with open(record, "w") as fh:
            json.dump(observed, fh, indent=1, ensure_ascii=False)
    assert not wrong, f"{len(wrong)} cells differ from the policy:\n" + "\n".join(wrong)


def test_no_canary_unshared_word_anonymous_author_or_respondent_leaks(matrix):
    assert matrix["stamped"][COHORT_CANARY] and matrix["stamped"][TERRITORY_CANARY]
    assert not matrix["leaks"], "\n".join(matrix["leaks"][:40])


def test_no_route_answers_any_role_with_a_server_error(matrix):
    assert not matrix["errors"], "\n".join(matrix["errors"])


def test_the_matrix_covers_every_route_role_and_method(matrix):
    routes = matrix["routes"]
    admin = sum(r.is_admin for r in routes)
    cells = ((len(routes) - admin) * len(ROLES) + admin * len(ADMIN_ROLES)) * len(METHODS)
    assert matrix["requests"] == len(matrix["outcomes"]) == cells
    stamped = sum(len(v) for v in matrix["stamped"].values())
    assert all(matrix["stages"][kind] == "open" for kind in OPEN_STAGES), matrix["stages"]
    print(
        f"\naccess matrix: {len(routes) - admin} routes × {len(ROLES)} roles + {admin} admin"
        f" routes × {len(ADMIN_ROLES)} roles, × {len(METHODS)} methods"
        f" = {matrix['requests']} requests in {matrix['seconds']:.1f} s;"
        f" {stamped} text fields stamped with canaries; stages {matrix['stages']};"
        f" statuses {dict(matrix['statuses'])};"
        f" slowest: {[(k, round(v, 1)) for k, v in matrix['slowest'].most_common(12)]}"
    )
