"""docker-compose.yml: accepted by docker-compose, two web replicas behind the proxy whose
config names exactly them, one worker, one beat and the stores."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.ops

ROOT = Path(__file__).resolve().parents[2]


def _config(**env: str) -> subprocess.CompletedProcess:
    assert shutil.which("docker-compose"), "docker-compose is missing: `make system-deps`"
    return subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_docker_compose_accepts_the_file_and_runs_two_web_replicas_behind_the_proxy():
    result = _config(SECRET_KEY="x" * 50, MINIO_ROOT_PASSWORD="a-long-password")
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert {"db", "redis", "minio", "web1", "web2", "proxy", "worker", "beat"} <= set(services)
    for web in ("web1", "web2"):
        assert services[web]["command"][0:1] == ["gunicorn"] or "gunicorn" in str(
            services[web]["command"]
        )
        assert services[web]["environment"]["STORAGE_URL"].startswith("s3://")
        assert "volumes" not in services[web] or all(
            "media" not in str(volume) for volume in services[web]["volumes"]
        )
    upstreams = re.findall(r"server (\w+):8000", (ROOT / "deploy/nginx.conf").read_text())
    assert sorted(upstreams) == ["web1", "web2"]


def test_docker_compose_refuses_to_start_without_the_secrets():
    result = _config(SECRET_KEY="", MINIO_ROOT_PASSWORD="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr or "MINIO_ROOT_PASSWORD" in result.stderr
