"""Headers, cookies and configuration: what a browser and an operator can rely on."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 10 + "-a-real-looking-secret-of-more-than-fifty-characters-0123456789",
    "ALLOWED_HOSTS": "transitions.example.fr",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
    "SECURE_HSTS_PRELOAD": "true",
}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECURE_", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_the_deployment_check_is_clean_with_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key", ["change-me-in-production", "short-secret"])
def test_a_placeholder_or_short_secret_key_stops_start_up(key):
    result = _run(["-c", "import transitions.settings"], DEBUG="false", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY must be a real secret" in result.stderr


def test_compose_has_no_working_default_secret_key():
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "change-me" not in compose
    assert re.search(r"SECRET_KEY: \"\$\{SECRET_KEY:\?", compose)


def test_every_page_carries_a_csp_without_inline_script_or_eval(client):
    csp = client.get(reverse("account_login"))["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in csp and "'unsafe-inline'" not in directives["script-src"]


def test_pages_have_no_inline_script_and_htmx_runs_without_eval(client):
    user = UserFactory()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert '"allowEval": false' in html and '"historyCacheSize": 0' in html


def test_a_permissions_policy_and_hsts_are_sent(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get(reverse("account_login"), secure=True)
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_signed_in_pages_partials_and_polls_are_never_stored(client):
    client.force_login(UserFactory())
    for url in ["/", reverse("transitions:profile"), reverse("transitions:referential")]:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_the_admin_login_is_allauths_rate_limited_one(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    # A signed-in person who is not staff is refused, not shown a second login form.
    client.force_login(UserFactory())
    assert client.get("/admin/login/?next=/admin/").status_code == 403


@pytest.mark.ratelimit
def test_posting_passwords_to_the_admin_login_does_not_bypass_the_rate_limit(client):
    staff = UserFactory(is_staff=True, password="le-bon-mot-de-passe-42")
    for _ in range(6):
        client.post("/admin/login/", {"username": staff.email, "password": "faux"})
    # The admin's own form never authenticated anyone: nothing was logged in.
    assert "_auth_user_id" not in client.session
    client.post(reverse("account_login"), {"login": staff.email, "password": "faux"})
    assert "_auth_user_id" not in client.session


@pytest.mark.shared_cache
@pytest.mark.ratelimit
def test_failed_logins_are_counted_in_the_cache_every_worker_shares(client, settings):
    """Another process (as another gunicorn worker would) spends the allowance; this
    process then refuses the next attempt."""
    email = f"partage-{os.getpid()}-{id(client)}@exemple.fr"
    db = settings.DATABASES["default"]
    env = {
        "DEBUG": "false",
        "SECRET_KEY": PRODUCTION_ENV["SECRET_KEY"],
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "transitions.settings",
    }
    script = (
        "import django; django.setup();"
        "from django.test import Client; c = Client();"
        f"[c.post('/accounts/login/', {{'login': '{email}', 'password': 'x'}}) for _ in range(5)]"
    )
    result = _run(["-c", script], **env)
    assert result.returncode == 0, result.stderr
    response = client.post(reverse("account_login"), {"login": email, "password": "x"})
    assert response.status_code == 429 or "Trop de tentatives" in response.content.decode()


def test_no_template_uses_an_htmx_feature_that_needs_eval():
    """Trigger filters (`event[expr]`), `hx-on`, `js:` values and inline handlers run
    through eval or inline script: the CSP refuses both, so they would silently fail."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r'hx-trigger="[^"]*\[', text) or re.search(
            r'hx-on[:-]|hx-vals=.js:|\son[a-z]+="', text
        ):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
