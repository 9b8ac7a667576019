"""PDF rendering with WeasyPrint, restricted to our own static files and `data:` URLs.

Report content comes from users (observations, evidence, contributions): a `file://`
image or an internal `http://` link in it must never be fetched. WeasyPrint is imported
lazily: importing it parses its stylesheets, which every `manage.py` command would
otherwise pay for.
"""

from __future__ import annotations

import mimetypes
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_BASE = "static:///"


class RefusedURL(ValueError):
    pass


def static_file_for(url: str) -> dict:
    """The static file a URL names (static:///… or STATIC_URL…); RefusedURL otherwise."""
    path = None
    if url.startswith(STATIC_BASE):
        path = url[len(STATIC_BASE) :]
    else:
        parsed = urlparse(url)
        if parsed.scheme in ("", "static") and parsed.path.startswith(settings.STATIC_URL):
            path = parsed.path[len(settings.STATIC_URL) :]
    if path is None:
        raise RefusedURL(f"Refused to fetch {url!r} while rendering a PDF")
    path = unquote(path)
    if ".." in Path(path).parts:
        raise RefusedURL(f"Refused to fetch {url!r} while rendering a PDF")
    found = finders.find(path)
    if not found:
        raise RefusedURL(f"No static file {path!r}")
    mime, _ = mimetypes.guess_type(found)
    return {
        "string": Path(found).read_bytes(),
        "mime_type": mime or "application/octet-stream",
        "filename": Path(found).name,
    }


@cache
def _fetcher_class():
    # WeasyPrint 70 expects a URLFetcher instance returning URLFetcherResponse objects.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        def __init__(self) -> None:
            # Only data: goes through urllib (its DataHandler); no redirects, no network.
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.fetched: list[str] = []

        def fetch(self, url: str, headers=None):
            self.fetched.append(url)
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = static_file_for(url)  # raises RefusedURL for anything not ours
            return URLFetcherResponse(
                url, body=found["string"], headers={"Content-Type": found["mime_type"]}
            )

    return SafeURLFetcher


def make_fetcher():
    """A new safe fetcher; its `.fetched` lists every URL it was asked for."""
    return _fetcher_class()()


def render_pdf(template_name: str, context: dict, *, fetcher=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(
        string=html, base_url=STATIC_BASE, url_fetcher=fetcher or make_fetcher()
    ).write_pdf()
