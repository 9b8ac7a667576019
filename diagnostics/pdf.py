"""WeasyPrint rendering for the diagnostic report, with a fetcher that only serves our
static files and `data:` URLs.

WeasyPrint 70 no longer accepts a plain function as `url_fetcher` (it reads
`url_fetcher._fail_on_errors` and expects a `URLFetcherResponse`), and it dropped
`default_url_fetcher`, so `transitions.pdf.render_pdf` breaks as soon as a document asks
for any URL. This subclass keeps the core's policy (`transitions.pdf.safe_url_fetcher`
decides which static file a URL names, and refuses everything else) with the new API.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from transitions.pdf import STATIC_BASE, RefusedURL, safe_url_fetcher


class SafeURLFetcher(URLFetcher):
    def __init__(self) -> None:
        # Only data: goes through urllib (its DataHandler); no redirects, no network.
        super().__init__(allowed_protocols=("data",), allow_redirects=False)
        self.fetched: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        self.fetched.append(url)
        if url.startswith("data:"):
            return super().fetch(url, headers)
        found = safe_url_fetcher(url)  # raises RefusedURL for anything not ours
        return URLFetcherResponse(
            url, body=found["string"], headers={"Content-Type": found["mime_type"]}
        )


def render_pdf(template_name: str, context: dict, *, fetcher: SafeURLFetcher | None = None):
    html = render_to_string(template_name, context)
    return HTML(
        string=html, base_url=STATIC_BASE, url_fetcher=fetcher or SafeURLFetcher()
    ).write_pdf()


__all__ = ["RefusedURL", "SafeURLFetcher", "render_pdf"]
