"""Cheap "changed since?" polls for live pages (the peer board, the World Café's table,
facilitator and projector pages).

A live page polls every 2 s per person; most polls learn that nothing changed and get a
304. Loading the session row, the user and their memberships for that would cost three
queries and most of the request. So the page carries a signed poll token (user, object,
session-cookie digest): a poll holding a valid one asks a single scoped query whether the
version moved, without loading the session or the user. The token only ever lets its
holder learn "unchanged" (a 304): any content is rendered after the ordinary
authentication, the scope is re-checked by the query on every poll, it is bound to the
browser's session cookie (signing out or in changes it) and it expires.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

POLL_MAX_AGE = 12 * 3600


def _salt(scope: str) -> str:
    return f"transitions.poll:{scope}"


def _cookie_digest(session_key: str) -> str:
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


def poll_token_for(scope: str, user_id: int, object_id: int, session_key: str) -> str:
    """A token for `user_id` polling `object_id` of `scope` from the session `session_key`."""
    return signing.dumps(
        [user_id, object_id, _cookie_digest(session_key)], salt=_salt(scope), compress=False
    )


def poll_token(request: HttpRequest, scope: str, object_id: int) -> str:
    """The token a page embeds in its poll URL ("" for nobody signed in)."""
    cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not request.user.is_authenticated or not cookie:
        return ""
    return poll_token_for(scope, request.user.pk, object_id, cookie)


def poll_user_id(request: HttpRequest, scope: str, object_id: int) -> int | None:
    """The user a valid poll token (GET `t`) names for this object and session, or None."""
    token = request.GET.get("t", "")
    cookie = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    if not token or not cookie:
        return None
    try:
        user_id, token_object, digest = signing.loads(
            token, salt=_salt(scope), max_age=POLL_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if token_object != object_id or digest != _cookie_digest(cookie):
        return None
    return user_id if isinstance(user_id, int) else None
