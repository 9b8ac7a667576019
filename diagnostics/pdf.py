"""WeasyPrint rendering for the diagnostic report, with a fetcher that only serves our
static files and `data:` URLs.

WeasyPrint 70 no longer accepts a plain function as `url_fetcher` (it reads
`url_fetcher._fail_on_errors` and expects a `URLFetcherResponse`), and it dropped
`default_url_fetcher`, so `transitions.pdf.render_pdf` breaks as soon as a document asks
for any URL. The fetcher below keeps the core's policy (`transitions.pdf.safe_url_fetcher`
decides which static file a URL names, and refuses everything else) with the new API.
WeasyPrint is imported lazily: importing it parses its stylesheets, which every
`manage.py` command would otherwise pay for.
"""

from __future__ import annotations

from functools import cache

from django.template.loader import render_to_string

from transitions.pdf import STATIC_BASE, RefusedURL, safe_url_fetcher


@cache
def _fetcher_class():
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
            found = safe_url_fetcher(url)  # raises RefusedURL for anything not ours
            return URLFetcherResponse(
                url, body=found["string"], headers={"Content-Type": found["mime_type"]}
            )

    return SafeURLFetcher


def make_fetcher():
    """A new fetcher; its `.fetched` lists every URL it was asked for."""
    return _fetcher_class()()


def render_pdf(template_name: str, context: dict, *, fetcher=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(
        string=html, base_url=STATIC_BASE, url_fetcher=fetcher or make_fetcher()
    ).write_pdf()


__all__ = ["RefusedURL", "make_fetcher", "render_pdf"]
