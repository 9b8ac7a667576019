"""What a healthy deployment looks like: the checks behind `/healthz` and the staff page.

`/healthz` (load balancer, anonymous) asks only `liveness_checks()`: the database and
Redis answer. The staff page (`transitions:operations`) adds what an operator needs to
see: which Celery workers answer a ping, when beat last ran the job sweeper (recorded by
the sweeper task itself through `record_sweep()`), the oldest job still waiting, and
whether the file storage (local disk or S3 bucket) accepts a write.

Every check is bounded in time (one-second socket timeouts, one-second ping) so the page
stays quick when a service is down, and returns a `Check`: never raises.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from transitions.l10n import long_date
from transitions.models import Job, JobStatus

SWEEP_KEY = "operations:last-sweep"
WORKER_PING_TIMEOUT = 1.0
# Beat runs the sweeper every minute (CELERY_BEAT_SCHEDULE): three missed runs is a fault.
SWEEP_LATE_AFTER = datetime.timedelta(minutes=3)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _error(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}"[:300]


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return Check("database", True, "ok")
    except Exception as exc:  # any driver error means "not answering"
        return Check("database", False, _error(exc))


def redis_check() -> Check:
    if not settings.REDIS_URL:
        return Check("redis", True, "not configured")
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return Check("redis", True, "ok")
    except Exception as exc:
        return Check("redis", False, _error(exc))


def liveness_checks() -> list[Check]:
    """What the load balancer needs: can this replica serve a request?"""
    return [database_check(), redis_check()]


def workers_check() -> Check:
    if not settings.REDIS_URL:
        return Check("workers", True, _("aucun : tâches exécutées dans le processus web"))
    from transitions.celery import app

    try:
        replies = app.control.inspect(timeout=WORKER_PING_TIMEOUT).ping() or {}
    except Exception as exc:
        return Check("workers", False, _error(exc))
    if not replies:
        return Check("workers", False, _("aucun worker n'a répondu en une seconde"))
    return Check("workers", True, ", ".join(sorted(replies)))


def record_sweep(now: datetime.datetime | None = None) -> None:
    """Called by the sweeper task (run by beat): the staff page shows when it last ran.
    Kept in the shared cache (Redis), which every replica reads."""
    cache.set(SWEEP_KEY, (now or timezone.now()).isoformat(), timeout=None)


def last_sweep() -> datetime.datetime | None:
    raw = cache.get(SWEEP_KEY)
    return datetime.datetime.fromisoformat(raw) if raw else None


def beat_check(now: datetime.datetime | None = None) -> Check:
    now = now or timezone.now()
    try:
        last = last_sweep()
    except Exception as exc:
        return Check("beat", False, _error(exc))
    if last is None:
        return Check("beat", False, _("le balayeur de tâches n'a jamais tourné"))
    age = now - last
    detail = _("dernier passage du balayeur il y a %(seconds)d s (%(when)s)") % {
        "seconds": int(age.total_seconds()),
        "when": long_date(last, "seconde"),
    }
    return Check("beat", age <= SWEEP_LATE_AFTER, detail)


def pending_check(now: datetime.datetime | None = None) -> Check:
    now = now or timezone.now()
    try:
        # Waiting since its last hand-over to the broker (the sweeper re-sends stale ones).
        oldest = (
            Job.objects.filter(status=JobStatus.PENDING)
            .annotate(waiting_since=Coalesce("enqueued_at", "created_at"))
            .order_by("waiting_since", "pk")
            .first()
        )
        waiting = Job.objects.filter(status=JobStatus.PENDING).count()
    except Exception as exc:
        return Check("pending_jobs", False, _error(exc))
    if oldest is None:
        return Check("pending_jobs", True, _("aucune tâche en attente"))
    age = now - (oldest.enqueued_at or oldest.created_at)
    detail = _(
        "%(count)d en attente ; la plus ancienne (n° %(id)d, %(kind)s) attend depuis %(seconds)d s"
    ) % {
        "count": waiting,
        "id": oldest.pk,
        "kind": oldest.kind,
        "seconds": int(age.total_seconds()),
    }
    stale = age.total_seconds() > settings.JOBS_STALE_AFTER
    return Check("pending_jobs", not stale, detail)


def storage_check() -> Check:
    """Writes, reads back and deletes a small probe file in the default storage."""
    backend = f"{default_storage.__class__.__module__}.{default_storage.__class__.__name__}"
    probe = f"healthcheck/{uuid.uuid4().hex}.txt"
    payload = b"ok"
    try:
        name = default_storage.save(probe, ContentFile(payload))
        try:
            with default_storage.open(name, "rb") as handle:
                read_back = handle.read()
        finally:
            default_storage.delete(name)
    except Exception as exc:
        return Check("storage", False, f"{backend}: {_error(exc)}")
    if read_back != payload:
        return Check("storage", False, f"{backend}: " + _("relecture différente"))
    return Check("storage", True, backend)


def detailed_checks() -> list[Check]:
    return [
        *liveness_checks(),
        workers_check(),
        beat_check(),
        pending_check(),
        storage_check(),
    ]
