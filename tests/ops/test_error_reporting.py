"""Errors go to a Sentry-compatible endpoint when SENTRY_DSN is set (a fake one on loopback
here), without personal data; nothing is sent when it is not set."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.ops.conftest import free_port

pytestmark = pytest.mark.ops

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
import sentry_sdk
from django.test import Client
from django.test.utils import override_settings

with override_settings(ROOT_URLCONF="tests.ops.boom_urls"):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "secret-cookie-value"
    response = client.get("/boom/", HTTP_X_REQUEST_ID="req-sentry-1")
print("status", response.status_code)
print("active", sentry_sdk.get_client().is_active())
sentry_sdk.flush(timeout=10)
"""


@pytest.fixture
def fake_sentry():
    received: list[bytes] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            encoding = self.headers.get("Content-Encoding", "")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "deflate":
                body = zlib.decompress(body)
            elif encoding == "br":
                import brotli

                body = brotli.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://publickey@127.0.0.1:{server.server_address[1]}/1", received
    finally:
        server.shutdown()
        server.server_close()


def _run(**env: str) -> subprocess.CompletedProcess:
    full = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-only-secret-key-never-used-outside-the-test-suite-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "RESEARCH_NER": "false",
        "DJANGO_SETTINGS_MODULE": "transitions.settings",
        **env,
    }
    if not env.get("SENTRY_DSN"):
        full.pop("SENTRY_DSN", None)
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_error_in_a_view_is_reported_without_personal_data(fake_sentry):
    dsn, received = fake_sentry
    result = _run(SENTRY_DSN=dsn)
    assert "status 500" in result.stdout, result.stderr
    assert "active True" in result.stdout
    sent = b"\n".join(received)
    assert b"boom-ops-test" in sent and b"RuntimeError" in sent
    assert b"secret-cookie-value" not in sent


def test_nothing_is_sent_when_sentry_dsn_is_not_set(fake_sentry):
    _dsn, received = fake_sentry
    result = _run(SENTRY_DSN="")
    assert "status 500" in result.stdout, result.stderr
    assert "active False" in result.stdout
    assert received == []
