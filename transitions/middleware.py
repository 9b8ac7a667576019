"""Response headers the core sets on every request, and the second-factor requirement."""

from __future__ import annotations

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils.cache import patch_cache_control
from django.utils.functional import empty
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from transitions.roles import roles_of


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


# Routes a person who must set up a second factor can still reach: the setup itself
# (allauth.mfa's pages), signing out, re-entering their password (the setup asks for it),
# the health check and the language switch. Static files are served before any view.
MFA_SEEN_SESSION_KEY = "transitions_mfa_seen"
MFA_EXEMPT_URL_NAMES = frozenset(
    {"account_logout", "account_reauthenticate", "healthz", "set_language"}
)


def _mfa_exempt(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return True  # 404s render no personal data
    name = match.url_name or ""
    return name.startswith("mfa_") or name in MFA_EXEMPT_URL_NAMES


class MFARequiredMiddleware:
    """Staff, facilitators and researchers use a second factor before any other page.

    Someone whose roles require it (`UserRoles.requires_mfa`) and who has no
    authenticator app yet is sent to allauth's TOTP setup with a French explanation.
    Writes (POST…) are checked before the view runs. Reads are checked after it, and only
    when the view loaded the user: the live boards' polls answer 304 from a signed token
    without loading the session or the user (their token was issued on a page this
    middleware checked), and must stay one query. A read that was refused is replaced by
    the redirect before anything leaves the server; reads write nothing (no write on GET).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
            return self.get_response(request)
        response = self.get_response(request)
        if _user_loaded(request):
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return response

    def _refusal(self, request):
        if getattr(request, "resolver_match", None) is None:
            try:
                request.resolver_match = resolve(request.path_info)
            except Resolver404:
                return None
        if _mfa_exempt(request):
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        # Once seen, the session remembers that its user has a second factor, so the live
        # boards' polls stay within their query budget (no role or authenticator query).
        # Nobody who must have a second factor can remove it (MFAAdapter).
        if request.session.get(MFA_SEEN_SESSION_KEY) == user.pk:
            return None
        if not roles_of(user).requires_mfa(user):
            return None
        if is_mfa_enabled(user):
            request.session[MFA_SEEN_SESSION_KEY] = user.pk
            return None
        messages.warning(
            request,
            _(
                "Votre rôle (animation, recherche ou administration) donne accès aux "
                "données de nombreuses personnes : activez d'abord la double "
                "authentification avec une application d'authentification (code à six "
                "chiffres). Vous pourrez ensuite reprendre votre navigation."
            ),
        )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(_setup_url())
        return redirect(_setup_url())


def _setup_url() -> str:
    return reverse("mfa_activate_totp")


def _user_loaded(request) -> bool:
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", None)
    return user is not None and wrapped is not empty


class HeadAsGetMiddleware:
    """HEAD is answered wherever GET is, by one rule instead of one per view.

    Views guard their methods with `require_GET` / `require_http_methods(["GET", "POST"])`,
    which Django does not widen to HEAD (RFC 9110 asks servers to answer HEAD like GET):
    monitoring probes and link checkers got a 405. The request runs as a GET and the
    body is dropped; headers (Content-Length, Content-Type, caching) stay those of the GET.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if response.streaming:
            response.streaming_content = []
        else:
            response.content = b""
        return response
