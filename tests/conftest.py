from __future__ import annotations

import os

import pytest

from tests.factories import UserFactory, build_world, give_mfa

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; never a browser Playwright downloads (machines are offline)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_rate_limits(request, settings):
    # Rate limits are tested on their own; elsewhere many logins run from one IP.
    if "ratelimit" not in request.keywords:
        settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture(autouse=True)
def _fresh_cache(request, settings):
    """Each test counts rate limits from zero in its own memory cache; tests marked
    `shared_cache` keep the configured one (Redis), which outlives a test."""
    if "shared_cache" in request.keywords:
        return
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def password() -> str:
    return "motdepasse-solide-42"


@pytest.fixture
def world(db):
    """The persona world (tests/factories.py::World), shared by every app's tests."""
    return build_world()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the second factor every staff account must have."""
    give_mfa(admin_user)
    return admin_user


@pytest.fixture
def user(password):
    return UserFactory(password=password)


def pytest_configure(config):
    config.addinivalue_line("markers", "ratelimit: keep allauth's rate limits on")
    config.addinivalue_line("markers", "shared_cache: use the configured (Redis) cache")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _broker_backoff_reset():
    """A test whose broker was down leaves no "skip the broker" moment to the next one."""
    from transitions import jobs

    jobs._broker_down_until = 0.0
    yield
    jobs._broker_down_until = 0.0


@pytest.fixture(autouse=True)
def _celery_eager(request):
    """Run Celery tasks in-process, except in tests that start a real worker."""
    from transitions.celery import app

    eager = "celery_worker" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


def ensure_reference_data() -> None:
    """Put back what data migrations load (the referential, questionnaire versions 1–2)."""
    import importlib

    from django.apps import apps

    from diagnostics.models import Question, Questionnaire
    from diagnostics.questionnaire_data import load_version_1, load_version_2
    from transitions.models import Axis

    if Axis.objects.count() < 33:
        importlib.import_module("transitions.migrations.0002_referential").load_referential(
            apps, None
        )
    from transitions.models import Balise
    from transitions.referential_data import load_balise_notes

    if Balise.objects.filter(description_fr="").exists():
        load_balise_notes(apps)
    if not Questionnaire.objects.filter(version=1).exists():
        load_version_1(Questionnaire, Question, Axis)
    if not Questionnaire.objects.filter(version=2).exists():
        load_version_2(Questionnaire, Question, Axis)


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request):
    """Transactional tests (browser journeys, threads, real workers) start from tables that
    the previous one flushed, data migrations' rows included: load them again."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "live_server" in request.fixturenames or "transactional_db" in request.fixturenames
    )
    if transactional:
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


def pytest_collection_modifyitems(config, items):
    """Failure-injection tests run only when asked for (`make test-faults`, `-m faults`)."""
    if "faults" in (config.getoption("markexpr") or ""):
        return
    kept = [item for item in items if "faults" not in item.keywords]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if "faults" in i.keywords])
        items[:] = kept
