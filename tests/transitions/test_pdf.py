from __future__ import annotations

import pytest

from transitions.pdf import RefusedURL, make_fetcher, static_file_for


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.org/logo.png",
        "static:///../../transitions/settings.py",
        "static:///css/absent.css",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        make_fetcher().fetch(url)


def test_the_pdf_fetcher_serves_our_own_static_files():
    response = make_fetcher().fetch("static:///css/transitions.css")
    assert b":root" in response.read()
    assert static_file_for("/static/css/transitions.css")["mime_type"] == "text/css"


def test_the_pdf_fetcher_serves_data_urls():
    response = make_fetcher().fetch("data:text/plain;base64,Ym9uam91cg==")
    assert response.read() == b"bonjour"
