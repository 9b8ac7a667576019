"""HEAD is answered wherever GET is (RFC 9110 §9.3.2): same status, same headers, no body.

(Django's test client drops a HEAD response's body itself, so the body is checked on the
middleware directly.)

Every route of the root URLconf is asked with GET then HEAD, by anonymous visitors and by
a superuser facilitator (who passes every gate), each request in a rolled-back savepoint.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import Client

from tests.conftest import ensure_reference_data
from tests.factories import build_world
from tests.security.routes import all_routes, url_for
from tests.security.scene import build_scene


def _ask(client, method, url):
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_every_route_that_answers_get_answers_head_the_same_way_without_a_body(settings):
    from transitions.models import User

    settings.ACCOUNT_RATE_LIMITS = False
    ensure_reference_data()
    world = build_world()
    scene = build_scene(world)
    User.objects.filter(pk=world.staff.pk).update(is_superuser=True)
    signed_in = Client()
    signed_in.force_login(world.staff)
    clients = {"anonymous": Client(), "staff": signed_in}

    wrong, answered = [], 0
    for route in all_routes():
        if route.is_admin or "logout" in route.key:
            continue
        url = url_for(route, scene.objects)
        for who, client in clients.items():
            get = _ask(client, "get", url)
            if get.status_code == 405:  # a POST-only route: HEAD has nothing to mirror
                continue
            head = _ask(client, "head", url)
            answered += 1
            if head.status_code != get.status_code:
                wrong.append(f"HEAD {url} as {who}: {head.status_code} (GET: {get.status_code})")
            elif head.get("Content-Type") != get.get("Content-Type"):
                wrong.append(f"HEAD {url} as {who}: Content-Type {head.get('Content-Type')}")
    assert answered > 100, answered
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_head_on_the_home_page_is_not_refused(client):
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200


def test_the_middleware_runs_head_as_get_and_drops_the_body_but_keeps_its_length():
    from django.http import HttpResponse, StreamingHttpResponse
    from django.test import RequestFactory

    from transitions.middleware import HeadAsGetMiddleware

    seen = []

    def view(request):
        seen.append(request.method)
        response = HttpResponse("bonjour")
        response["Content-Length"] = "7"
        return response

    request = RequestFactory().head("/")
    response = HeadAsGetMiddleware(view)(request)
    assert seen == ["GET"] and request.method == "HEAD"
    assert response.content == b"" and response["Content-Length"] == "7"

    streamed = HeadAsGetMiddleware(lambda r: StreamingHttpResponse(iter([b"a", b"b"])))(
        RequestFactory().head("/")
    )
    assert b"".join(streamed.streaming_content) == b""
    post = HeadAsGetMiddleware(lambda r: HttpResponse(r.method))(RequestFactory().post("/"))
    assert post.content == b"POST"
