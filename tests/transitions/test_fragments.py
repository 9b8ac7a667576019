"""The fragment cache (transitions/fragments.py): scope and language in the key, the
viewer's own CSRF token, and a cache that is down costs a rendering, not a page."""

from __future__ import annotations

from unittest import mock

from django.test import RequestFactory
from django.utils import translation

from transitions.fragments import CSRF_MARK, digest, fragment_key, render_cached


def _request():
    return RequestFactory().get("/")


def test_the_key_holds_the_scope_the_version_and_the_language():
    with translation.override("fr"):
        french = fragment_key("card", (1, 5), "member")
        assert fragment_key("card", (1, 5), "moderator") != french
        assert fragment_key("card", (1, 6), "member") != french
    with translation.override("en"):
        assert fragment_key("card", (1, 5), "member") != french


def test_a_digest_is_stable_and_reveals_nothing_readable():
    assert digest("Élise Élue", 3) == digest("Élise Élue", 3) != digest("Élise Élue", 4)
    assert "lise" not in digest("Élise Élue")


def test_fragments_are_rendered_once_then_served_with_each_viewers_token():
    calls = []

    def render(missing):
        calls.append(list(missing))
        return {pk: f'<form><input value="{CSRF_MARK}"></form>{pk}' for pk in missing}

    keys = {1: fragment_key("test", (1,), "s"), 2: fragment_key("test", (2,), "s")}
    first, second = _request(), _request()
    one = render_cached(first, keys, render)
    two = render_cached(second, keys, render)
    assert calls == [[1, 2]]
    assert CSRF_MARK not in one[1] and CSRF_MARK not in two[1]
    assert one[1] != two[1]  # each request gets its own (masked) token


def test_a_cache_that_is_down_costs_a_rendering_not_an_error():
    def render(missing):
        return {pk: f"<p>{pk}</p>" for pk in missing}

    with (
        mock.patch("transitions.fragments.cache.get_many", side_effect=ConnectionError),
        mock.patch("transitions.fragments.cache.set_many", side_effect=ConnectionError),
    ):
        assert render_cached(_request(), {7: "k7"}, render) == {7: "<p>7</p>"}
