"""Bench settings for the pages at scale: the bench URLconf (baseline view) and a cache
key prefix of its own per run, so a reused bench database never meets cache entries left
by another database with the same ids in a shared Redis."""

import os

from tests.bench.peer_settings import *  # noqa: F403

if CACHES["default"].get("KEY_PREFIX") is not None:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_CACHE_PREFIX", "bench-scale")  # noqa: F405
