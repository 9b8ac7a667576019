"""Settings parsing: every bad value stops start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def import_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "DATABASE_URL",
            "REDIS_URL",
            "CONN_MAX_AGE",
            "ALLOWED_HOSTS",
            "EMAIL_PORT",
            "CELERY_TASK_SOFT_TIME_LIMIT",
            "CELERY_TASK_TIME_LIMIT",
            "STORAGE_URL",
            "AWS_STORAGE_BUCKET_NAME",
            "SENTRY_DSN",
            "LOG_FORMAT",
            "LOG_LEVEL",
        }
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import transitions.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_starts_with_sqlite_and_eager_celery_when_nothing_is_set():
    result = import_settings(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout


def test_it_uses_postgresql_when_database_url_is_set():
    result = import_settings(DEBUG="true", DATABASE_URL="postgres://u@db.example:5432/transitions")
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "peut-être"}, "DEBUG must be a boolean"),
        ({"DEBUG": "false"}, "SECRET_KEY is required when DEBUG is off"),
        (
            {"DEBUG": "true", "DATABASE_URL": "mysql://root@localhost/x"},
            "DATABASE_URL must be a postgres://",
        ),
        (
            {"DEBUG": "true", "DATABASE_URL": "postgres://u@localhost:5432/"},
            "DATABASE_URL must name a database",
        ),
        (
            {"DEBUG": "true", "REDIS_URL": "http://localhost:6379"},
            "REDIS_URL must be a redis:// URL",
        ),
        (
            {"DEBUG": "true", "REDIS_URL": "redis://localhost:port/0"},
            "REDIS_URL has an invalid port",
        ),
        ({"DEBUG": "true", "CONN_MAX_AGE": "forever"}, "CONN_MAX_AGE must be an integer"),
        ({"DEBUG": "true", "CONN_MAX_AGE": "-1"}, "CONN_MAX_AGE must be >= 0"),
        ({"DEBUG": "true", "EMAIL_PORT": "smtp"}, "EMAIL_PORT must be an integer"),
        (
            {"DEBUG": "true", "CELERY_TASK_SOFT_TIME_LIMIT": "100", "CELERY_TASK_TIME_LIMIT": "50"},
            "CELERY_TASK_TIME_LIMIT must be greater",
        ),
        ({"DEBUG": "true", "STORAGE_URL": "ftp://k:s@h/b"}, "STORAGE_URL must be an s3:// URL"),
        (
            {"DEBUG": "true", "STORAGE_URL": "s3://k:s@host:9000/"},
            "STORAGE_URL must name one bucket",
        ),
        (
            {"DEBUG": "true", "STORAGE_URL": "s3://k:s@host:port/b"},
            "STORAGE_URL has an invalid port",
        ),
        ({"DEBUG": "true", "STORAGE_URL": "s3://k:s@h/b?secure=maybe"}, "STORAGE_URL: secure must"),
        (
            {"DEBUG": "true", "STORAGE_URL": "s3://k:s@h/b?zone=x"},
            "STORAGE_URL has unknown parameters",
        ),
        ({"DEBUG": "true", "STORAGE_URL": "s3://k@h/b"}, "give both the access key and the secret"),
        (
            {"DEBUG": "true", "STORAGE_URL": "s3://k:s@h/b", "AWS_STORAGE_BUCKET_NAME": "b"},
            "Set either STORAGE_URL or AWS_STORAGE_BUCKET_NAME",
        ),
        (
            {"DEBUG": "true", "AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "minio:9000"},
            "AWS_S3_ENDPOINT_URL must be an http(s):// URL",
        ),
        ({"DEBUG": "true", "SENTRY_DSN": "not a dsn"}, "SENTRY_DSN is not a valid Sentry DSN"),
        ({"DEBUG": "true", "LOG_FORMAT": "xml"}, "LOG_FORMAT must be text or json"),
        ({"DEBUG": "true", "LOG_LEVEL": "LOUD"}, "LOG_LEVEL must be DEBUG"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, message):
    result = import_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_allowed_hosts_is_a_comma_separated_list():
    clean = dict(os.environ, DEBUG="true", ALLOWED_HOSTS="a.example, b.example ,")
    result = subprocess.run(
        [sys.executable, "-c", "import transitions.settings as s; print(s.ALLOWED_HOSTS)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "['a.example', 'b.example']"


def test_tests_run_with_persistent_connections_and_real_services(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True


def test_without_storage_variables_files_stay_on_the_local_disk(monkeypatch):
    from transitions.settings import env_storage

    monkeypatch.delenv("STORAGE_URL", raising=False)
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    assert env_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_storage_url_gives_a_private_s3_storage_with_short_signed_urls(monkeypatch):
    from transitions.settings import env_storage

    monkeypatch.setenv(
        "STORAGE_URL", "s3://AK%2B1:se%2Fcret@minio:9000/transitions?region=fr-par&secure=false"
    )
    storage = env_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["access_key"], options["secret_key"]) == ("AK+1", "se/cret")
    assert options["endpoint_url"] == "http://minio:9000"
    assert (options["bucket_name"], options["region_name"]) == ("transitions", "fr-par")
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] == 60 and options["file_overwrite"] is False


def test_the_aws_variables_give_the_same_storage(monkeypatch):
    from transitions.settings import env_storage

    monkeypatch.delenv("STORAGE_URL", raising=False)
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "transitions")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AK")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "SK")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.fr-par.scw.cloud")
    monkeypatch.setenv("AWS_S3_REGION_NAME", "fr-par")
    options = env_storage()["OPTIONS"]
    assert options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert (options["access_key"], options["secret_key"]) == ("AK", "SK")
    assert options["bucket_name"] == "transitions"
