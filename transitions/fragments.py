"""Rendered fragments cached under their content's version and the viewer's scope.

A live page (the peer board, the agora) is made of fragments whose content has a version
(a card, a statement row). Each is rendered once per (content version, viewer scope,
language) and kept in Django's cache (Redis in production), so a board of 200 cards
costs one `get_many` instead of 200 renderings.

The key is the only thing standing between a fragment and a viewer outside its scope:
every caller passes a `scope` string naming what changes the fragment for the viewer
(role, category, visibility of hidden cards, whether moderation buttons show, whether
the viewer is the author…). Two viewers with the same scope must be allowed to see the
very same bytes.

Nothing personal to the viewer is ever stored: a fragment is rendered with a marker in
place of the CSRF token (`{% csrf_token %}` in the partial writes it), and the marker is
replaced by the viewer's own token when the fragment is served. A cache that is down
costs a rendering, never an error page.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable, Hashable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

FRAGMENT_SECONDS = 6 * 3600
# Never typed by anyone: derived from the secret key, the same in every process.
CSRF_MARK = "csrf-" + hashlib.sha256(f"fragments:{settings.SECRET_KEY}".encode()).hexdigest()[:24]


def digest(*parts: object) -> str:
    """A short stable digest of values that change a fragment (a name shown in it…),
    keyed with the secret key so that a cache key never reveals them."""
    return hmac.new(
        settings.SECRET_KEY.encode(),
        "\x1f".join(str(p) for p in parts).encode(),
        hashlib.sha256,
    ).hexdigest()[:16]


def fragment_key(kind: str, version: Iterable[object], scope: str) -> str:
    """`frag:<kind>:<content version parts>:<viewer scope>:<language>`."""
    return ":".join(["frag", kind, *(str(p) for p in version), scope, get_language() or ""])


def render_cached(
    request: HttpRequest,
    keys: dict[Hashable, str],
    render: Callable[[list[Hashable]], dict[Hashable, str]],
) -> dict[Hashable, str]:
    """{id: html} for every id of `keys` ({id: fragment_key(...)}): from the cache, and
    `render(missing ids)` ({id: html rendered with `csrf_token=CSRF_MARK`}) for the rest,
    which are then stored. The CSRF marker is replaced with the request's own token."""
    try:
        found = cache.get_many(list(keys.values())) if keys else {}
    except Exception:  # a cache that is down or frozen: render everything
        logger.warning("fragment cache unavailable", exc_info=True)
        found = {}
    html = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in html]
    if missing:
        rendered = render(missing)
        html.update(rendered)
        try:
            cache.set_many({keys[pk]: rendered[pk] for pk in rendered}, FRAGMENT_SECONDS)
        except Exception:
            logger.warning("fragment cache unavailable", exc_info=True)
    token = None
    for pk, text in html.items():
        if CSRF_MARK in text:
            token = token or get_token(request)
            html[pk] = text.replace(CSRF_MARK, token)
    return html
