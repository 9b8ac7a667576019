from __future__ import annotations

import pytest
from django.db import connection

from tests.faults.harness import RedisServer, Worker, app_env

WORKER_APP = "tests.faults.worker_app"


@pytest.fixture
def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def env(database_url, redis_server, settings):
    return app_env(
        database_url=database_url,
        redis_url=redis_server.url,
        media_root=settings.MEDIA_ROOT,
        JOBS_RETRY_BACKOFF="1",
    )


@pytest.fixture
def worker(env, tmp_path):
    node = Worker(env, tmp_path / "worker.log", app=WORKER_APP)
    yield node
    node.stop()
