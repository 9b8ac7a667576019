"""Response headers the core sets on every request."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control


class PrivatePagesNoStoreMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a shared cache.

    Pages, htmx partials, polls and downloads of signed-in users carry personal data
    (answers, candid remarks, reports): `Cache-Control: private, no-store` unless the
    view set its own caching (a 304 poll keeps its validators either way).

    "Signed in" is read from the session cookie, not `request.user`: loading the user
    would cost the live boards' 304 polls two queries they are built to avoid. A
    visitor with a session but no account gets the header too, which costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_store=True)
        return response
