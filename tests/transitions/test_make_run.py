"""`make run PORT=…` serves on that port, and the links in emails (SITE_URL) follow it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _dry_run(*args: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | env
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *args],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return next(line for line in done.stdout.splitlines() if "runserver" in line)


def _site_url(command: str) -> str:
    # The recipe's shell expands ${SITE_URL:-default}: ask a shell the same way.
    prefix = command.split(" .venv/bin/python")[0]
    return subprocess.run(
        ["bash", "-c", f"{prefix} bash -c 'echo $SITE_URL'"],
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def test_make_run_serves_on_8000_by_default_with_links_to_it():
    command = _dry_run()
    assert command.endswith("runserver 127.0.0.1:8000")
    assert _site_url(command) == "http://127.0.0.1:8000"


def test_make_run_port_8001_serves_there_and_invitation_links_point_there():
    command = _dry_run("PORT=8001")
    assert command.endswith("runserver 127.0.0.1:8001")
    assert _site_url(command) == "http://127.0.0.1:8001"


def test_a_site_url_set_by_the_operator_wins_over_the_port():
    command = _dry_run("PORT=8001")
    prefix = command.split(" .venv/bin/python")[0]
    echoed = subprocess.run(
        ["bash", "-c", f"{prefix} bash -c 'echo $SITE_URL'"],
        env=os.environ | {"SITE_URL": "https://transitions.example.org"},
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert echoed == "https://transitions.example.org"
