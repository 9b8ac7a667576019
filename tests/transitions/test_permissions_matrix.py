"""Role × view matrix: outside your scope 404, inside it without the right 403."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tests.factories import MARKER

pytestmark = pytest.mark.django_db

PERSONAS = [
    "facilitator",
    "other_facilitator",
    "agent_a",
    "agent_b",
    "elu",
    "researcher",
    "anonymous",
    "staff",
]

ALL_SIGNED_IN = dict.fromkeys(PERSONAS, 200) | {"anonymous": 302}
MANAGE = {
    "facilitator": 200,
    "other_facilitator": 404,
    "agent_a": 403,
    "agent_b": 403,
    "elu": 403,
    "researcher": 403,
    "anonymous": 302,
    "staff": 200,
}
MANAGE_POST = {k: (302 if v == 200 else v) for k, v in MANAGE.items()}
FACILITATORS_ONLY = MANAGE | {"other_facilitator": 200}

# (name, method, url builder, data, expected status per persona)
VIEWS = [
    ("home", "get", lambda w: reverse("home"), None, dict.fromkeys(PERSONAS, 200)),
    ("referential", "get", lambda w: reverse("transitions:referential"), None, ALL_SIGNED_IN),
    ("profile", "get", lambda w: reverse("transitions:profile"), None, ALL_SIGNED_IN),
    ("cohort-list", "get", lambda w: reverse("transitions:cohort-list"), None, ALL_SIGNED_IN),
    (
        "cohort-create",
        "get",
        lambda w: reverse("transitions:cohort-create"),
        None,
        FACILITATORS_ONLY,
    ),
    (
        "cohort-detail",
        "get",
        lambda w: reverse("transitions:cohort-detail", args=[w.cohort.pk]),
        None,
        ALL_SIGNED_IN | {"other_facilitator": 404},
    ),
    (
        "cohort-update",
        "get",
        lambda w: reverse("transitions:cohort-update", args=[w.cohort.pk]),
        None,
        MANAGE,
    ),
    (
        "cohort-dashboard",
        "get",
        lambda w: reverse("transitions:cohort-dashboard", args=[w.cohort.pk]),
        None,
        MANAGE,
    ),
    (
        "stage-update",
        "get",
        lambda w: reverse(
            "transitions:stage-update", args=[w.cohort.pk, w.cohort.stages.first().pk]
        ),
        None,
        MANAGE,
    ),
    (
        "stage-move",
        "post",
        lambda w: reverse("transitions:stage-move", args=[w.cohort.pk, w.cohort.stages.last().pk]),
        {"direction": "up"},
        MANAGE_POST,
    ),
    (
        "stage-status",
        "post",
        lambda w: reverse(
            "transitions:stage-status", args=[w.cohort.pk, w.cohort.stages.first().pk]
        ),
        {"status": "open"},
        MANAGE_POST,
    ),
    (
        "meeting-create",
        "get",
        lambda w: reverse(
            "transitions:meeting-create", args=[w.cohort.pk, w.cohort.stages.first().pk]
        ),
        None,
        MANAGE,
    ),
    (
        "meeting-update",
        "get",
        lambda w: reverse("transitions:meeting-update", args=[w.cohort.pk, w.meeting.pk]),
        None,
        MANAGE,
    ),
    (
        "member-list",
        "get",
        lambda w: reverse("transitions:member-list", args=[w.cohort.pk]),
        None,
        MANAGE,
    ),
    (
        "invitation-create",
        "get",
        lambda w: reverse("transitions:invitation-create", args=[w.cohort.pk]),
        None,
        MANAGE,
    ),
    (
        "invitation-import",
        "get",
        lambda w: reverse("transitions:invitation-import", args=[w.cohort.pk]),
        None,
        MANAGE,
    ),
    (
        "invitation-resend",
        "post",
        lambda w: reverse("transitions:invitation-resend", args=[w.cohort.pk, w.invitation.pk]),
        {},
        MANAGE_POST,
    ),
    (
        "invitation-revoke",
        "post",
        lambda w: reverse("transitions:invitation-revoke", args=[w.cohort.pk, w.invitation.pk]),
        {"confirme": "oui"},
        MANAGE_POST,
    ),
    (
        "invitation-restore",
        "post",
        lambda w: reverse("transitions:invitation-restore", args=[w.cohort.pk, w.invitation.pk]),
        {},
        MANAGE_POST,
    ),
    (
        "invitation-accept",
        "get",
        lambda w: reverse("transitions:invitation-accept", args=[w.invitation.token]),
        None,
        dict.fromkeys(PERSONAS, 403) | {"anonymous": 200},
    ),
    (
        "delegation-create",
        "get",
        lambda w: reverse("territories:delegation-create", args=[w.cohort.pk]),
        None,
        MANAGE,
    ),
    ("territory-list", "get", lambda w: reverse("territories:territory-list"), None, ALL_SIGNED_IN),
    (
        "territory-create",
        "get",
        lambda w: reverse("territories:territory-create"),
        None,
        FACILITATORS_ONLY,
    ),
    (
        "territory-detail",
        "get",
        lambda w: reverse("territories:territory-detail", args=[w.territory_a.pk]),
        None,
        ALL_SIGNED_IN | {"agent_b": 404},
    ),
    (
        "territory-update",
        "get",
        lambda w: reverse("territories:territory-update", args=[w.territory_a.pk]),
        None,
        MANAGE | {"other_facilitator": 403, "agent_b": 404},
    ),
]


def _with(world, meeting, invitation):
    """The persona world plus this module's core objects, for the URL builders."""
    return SimpleNamespace(
        **vars(world), meeting=meeting, invitation=invitation, persona=world.persona
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "expected"), VIEWS, ids=[v[0] for v in VIEWS]
)
def test_each_persona_gets_the_expected_status(
    client, world, meeting, invitation, persona, name, method, url, data, expected
):
    world = _with(world, meeting, invitation)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url(world), data or {})
    assert response.status_code == expected[persona], (name, persona)
    if expected[persona] == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_marker_stored_on_territory_a_never_reaches_the_agent_of_territory_b(
    client, world, meeting, invitation
):
    world = _with(world, meeting, invitation)
    client.force_login(world.agent_b)
    for name, method, url, data, _expected in VIEWS:
        response = getattr(client, method)(url(world), data or {}, follow=method == "post")
        assert MARKER not in response.content.decode(), name
    # …while the agent of A does see their own territory.
    client.force_login(world.agent_a)
    response = client.get(reverse("territories:territory-detail", args=[world.territory_a.pk]))
    assert MARKER in response.content.decode()


def test_an_agent_sees_only_their_own_territory_in_lists(client, world):
    client.force_login(world.agent_b)
    content = client.get(reverse("territories:territory-list")).content.decode()
    assert "Autreville" in content and "Loos-sur-Lys" not in content
    content = client.get(
        reverse("transitions:cohort-detail", args=[world.cohort.pk])
    ).content.decode()
    assert "Autreville" in content and "Loos-sur-Lys" not in content


def test_a_facilitator_sees_only_the_cohorts_they_facilitate(client, world):
    client.force_login(world.other_facilitator)
    content = client.get(reverse("transitions:cohort-list")).content.decode()
    assert "Autre cohorte" in content
    assert "Cohorte principale" not in content


def test_a_htmx_stage_action_outside_the_rules_gets_a_json_error(client, world):
    client.force_login(world.facilitator)
    stage = world.cohort.stages.order_by("order").first()
    response = client.post(
        reverse("transitions:stage-move", args=[world.cohort.pk, stage.pk]),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "déplacée" in response.json()["error"]
