"""PDF rendering with WeasyPrint, restricted to our own static files and data: URLs."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_BASE = "static:///"


class RefusedURL(ValueError):
    pass


def safe_url_fetcher(url: str, timeout: int = 10, ssl_context=None):
    """Serve `data:` URLs and files under STATIC_URL / static:///; refuse everything else.

    Report content comes from users (observations, evidence): a `file://` image or an
    internal `http://` link in it must never be fetched.
    """
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
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


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=STATIC_BASE, url_fetcher=safe_url_fetcher).write_pdf()
