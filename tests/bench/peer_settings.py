"""Bench-only settings: the product's settings plus a URLconf with the baseline view."""

from transitions.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.peer_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
