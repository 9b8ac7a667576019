"""Real services for the failure-injection tests: a private redis-server, Celery workers
and a gunicorn app server, each a subprocess on loopback that a test starts, kills and
restarts. Every wait is bounded; every process is stopped by its own id."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import kombu.pools

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Private ports (never the shared Redis on 6379).
REDIS_PORTS = range(16380, 16390)
WEB_PORTS = range(15440, 15450)
SECRET = "test-only-secret-key-never-used-outside-the-test-suite-0123456789"


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def free_port(ports: range) -> int:
    for port in ports:
        if _port_free(port):
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def _stop(process: subprocess.Popen | None, *, sig=signal.SIGTERM, timeout: float = 10) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


class RedisServer:
    """redis-server on a private port, in memory only (no dump, no AOF)."""

    def __init__(self, tmp: Path):
        self.port = free_port(REDIS_PORTS)
        self.tmp = tmp
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.tmp)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_for(self.answers, timeout=10, what="redis-server to start")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        _stop(self.process, sig=signal.SIGKILL)
        self.process = None


def app_env(*, database_url: str, redis_url: str, media_root: Path, **extra: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(media_root),
        "DEBUG": "false",
        "SECRET_KEY": SECRET,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "RESEARCH_NER": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }


class Worker:
    """A Celery worker with a fixed node name, so a restart is the same node again."""

    def __init__(self, env: dict, log: Path, *, node: str = "faults@localhost", app: str):
        self.env, self.log, self.node, self.app = env, log, node, app
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, *, concurrency: int = 1) -> None:
        pool = ["--pool=solo"] if concurrency == 1 else ["--pool=prefork", f"-c{concurrency}"]
        self.starts += 1
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "celery"), "-A", self.app, "worker", *pool, "--loglevel=INFO"]
                + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
                + [f"--hostname={self.node}"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill9(self) -> None:
        """kill -9 of the whole worker (its pool children too): no cleanup runs."""
        _stop(self.process, sig=signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.process, sig=signal.SIGTERM, timeout=15)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


class WebServer:
    """The app under gunicorn (2 sync workers), as in production."""

    def __init__(self, env: dict, log: Path):
        self.env, self.log = env, log
        self.port = free_port(WEB_PORTS)
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "python"), "-m", "gunicorn", "transitions.wsgi", "-w", "2"]
                + ["-b", f"127.0.0.1:{self.port}", "--timeout", "30", "--log-level", "warning"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        def up() -> bool:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return True
            except OSError:
                return False

        wait_for(up, timeout=60, what="gunicorn to start", interval=0.2)

    def stop(self) -> None:
        _stop(self.process)


@contextmanager
def broker(url: str):
    """Point this process's Celery app (the one `transitions.jobs` sends with) at `url`."""
    from transitions.celery import app

    previous = app.conf.broker_url

    def reset_pools() -> None:
        # kombu keeps its pools in a registry keyed by broker URL: clear it, or the next
        # test on the same private port would get a pool closed by this one.
        kombu.pools.reset()
        app._pool = None
        if "amqp" in app.__dict__:
            app.amqp._producer_pool = None

    app.conf.broker_url = url
    reset_pools()
    try:
        yield app
    finally:
        app.conf.broker_url = previous
        reset_pools()
