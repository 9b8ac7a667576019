"""Background jobs shared by every app (PDF reports, exports): the one job service.

A feature app registers each job kind from its AppConfig.ready():

    register_renderer(
        "diagnostic_report",
        render_diagnostic_report,
        view_perm="diagnostics.view_report",
        add_perm="diagnostics.add_report",
        obj_for=diagnostic_for_target,
    )

The renderer takes the Job and a progress callback and returns (filename, bytes).
`obj_for(user, target)` gives the object the kind's rules are checked on, among what
the user may see (None: outside their scope, so 404).

A request calls `job_request(...)`: the same kind, target and content hash give back
the same job (and file); a new hash creates a new job, handed to the broker once the
transaction commits. The job row in PostgreSQL is the truth, not the broker: when
Redis is down the request still succeeds, the job stays pending, and the sweeper
(`jobs_sweep`, run by Celery beat) hands it over again later, then gives up with a
visible error after MAX_ATTEMPTS.

This module never imports `transitions.tasks` (the tasks import it): it sends by
task name through the Celery app.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db import OperationalError as DatabaseOperationalError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from transitions.celery import app as celery_app
from transitions.models import Job, JobStatus

logger = logging.getLogger(__name__)

RUN_TASK = "transitions.tasks.run_job"
SWEEP_TASK = "transitions.tasks.sweep_jobs"
# Handed to the broker at most this many times (first request + sweeper re-sends).
MAX_ATTEMPTS = 3
SWEEP_BATCH = 100

# Errors of the infrastructure, not of the job: the task retries them with backoff
# instead of marking the job failed (PostgreSQL restarting, Redis unreachable, …).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseOperationalError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    ConnectionError,
)
# Failing to reach the broker while sending: logged, the job stays pending.
SEND_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)

Progress = Callable[..., None]
Renderer = Callable[[Job, Progress], tuple[str, bytes]]


@dataclass(frozen=True)
class JobKind:
    kind: str
    renderer: Renderer
    view_perm: str  # download a ready file, follow its progress
    add_perm: str  # ask for a new one
    obj_for: Callable[[Any, str], Any]  # (user, target) → object in the user's scope, or None
    # Celery time limits of this kind's runs, in seconds, when the defaults
    # (CELERY_TASK_SOFT_TIME_LIMIT / CELERY_TASK_TIME_LIMIT) are too short for it.
    soft_time_limit: int | None = None
    time_limit: int | None = None

    @property
    def hard_limit(self) -> int:
        return self.time_limit or settings.CELERY_TASK_TIME_LIMIT


_kinds: dict[str, JobKind] = {}


def register_renderer(
    kind: str,
    renderer: Renderer,
    *,
    view_perm: str,
    add_perm: str,
    obj_for: Callable[[Any, str], Any],
    soft_time_limit: int | None = None,
    time_limit: int | None = None,
) -> None:
    if (soft_time_limit is None) != (time_limit is None) or (
        time_limit is not None and time_limit <= soft_time_limit
    ):
        raise ValueError("A job kind's time_limit must be given with, and exceed, its soft limit")
    _kinds[kind] = JobKind(
        kind, renderer, view_perm, add_perm, obj_for, soft_time_limit, time_limit
    )


def job_kind(kind: str) -> JobKind | None:
    return _kinds.get(kind)


def content_hash(payload) -> str:
    """A stable hash of any JSON-serialisable description of the content."""
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


# --- Handing jobs to the broker ------------------------------------------------------------


# After a failed send, this process skips the broker for a few seconds: during an
# outage each request would otherwise spend the connection attempts and publish retries
# again (about a second). Skipped jobs stay pending; the sweeper sends them.
BROKER_BACKOFF_SECONDS = 5.0
_broker_down_until = 0.0


def _send(job_id: int, kind: str | None = None, *, backoff: bool = True) -> None:
    """Hand one job to the broker; a broker outage is logged, never raised.

    The row stays pending with its `enqueued_at`, so the sweeper sends it again once
    the broker is back: a user's request must not fail because Redis is down. The
    sweeper and a restarting worker always try (`backoff=False`). A kind with time
    limits of its own sends them with the task.
    """
    global _broker_down_until
    if backoff and time.monotonic() < _broker_down_until:
        logger.warning("Job %s not sent: the broker failed moments ago; it stays pending", job_id)
        return
    options = {}
    known = _kinds.get(kind) if kind else None
    if known is not None and known.time_limit:
        options = {"soft_time_limit": known.soft_time_limit, "time_limit": known.time_limit}
    try:
        celery_app.signature(RUN_TASK, args=(job_id,)).apply_async(**options)
    except SEND_ERRORS as exc:
        _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
        logger.warning(
            "Job %s could not be handed to the broker (%s: %s); it stays pending and the "
            "sweeper will send it again.",
            job_id,
            exc.__class__.__name__,
            exc,
        )


def _enqueue(job_id: int, kind: str | None = None, *, backoff: bool = True) -> None:
    # robust: anything else going wrong in the send is logged by Django, not raised
    # into the request that committed the job.
    # A named function, not functools.partial: Django's robust on_commit logs the
    # callback's __qualname__, which a partial lacks (the log call itself would raise).
    def send_job() -> None:
        _send(job_id, kind=kind, backoff=backoff)

    transaction.on_commit(send_job, robust=True)


def _reset_for_send(
    job: Job, *, attempts: int, now: datetime.datetime, clear_error: bool = True
) -> list[str]:
    job.status = JobStatus.PENDING
    if clear_error:  # a person asking again starts afresh; the sweeper keeps the last error
        job.error = ""
    job.progress = 0
    job.progress_message = ""
    job.attempts = attempts
    job.enqueued_at = now
    return ["status", "error", "progress", "progress_message", "attempts", "enqueued_at"]


def job_request(*, kind: str, target: str, content_hash: str, user=None) -> Job:
    """Return the job for this exact content, creating and enqueuing it when new.

    A failed job is retried when asked again; a pending, running or ready one is
    returned as is.
    """
    if kind not in _kinds:
        raise ValueError(f"No renderer registered for job kind {kind!r}")
    now = timezone.now()
    with transaction.atomic():
        job = (
            Job.objects.select_for_update()
            .filter(kind=kind, target=target, content_hash=content_hash)
            .first()
        )
        if job is None:
            try:
                with transaction.atomic():
                    job = Job.objects.create(
                        kind=kind,
                        target=target,
                        content_hash=content_hash,
                        requested_by=user,
                        attempts=1,
                        enqueued_at=now,
                    )
            except IntegrityError:
                # Another request created it a moment ago: use theirs.
                return Job.objects.get(kind=kind, target=target, content_hash=content_hash)
            _enqueue(job.pk, kind)
        elif job.status == JobStatus.FAILED:
            # Asked again by a person: a fresh round of attempts.
            job.save(update_fields=_reset_for_send(job, attempts=1, now=now))
            _enqueue(job.pk, kind)
    return job


def latest_job(*, kind: str, target: str) -> Job | None:
    return Job.objects.filter(kind=kind, target=target).order_by("-created_at").first()


# --- Running a job (called by the one-line task) ------------------------------------------


def _progress_reporter(job_id: int) -> Progress:
    def report(percent: int, message: str = "") -> None:
        """Renderers call this between steps; the polling partial shows it."""
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            progress=max(0, min(100, int(percent))), progress_message=str(message)[:200]
        )

    return report


def _node_and_pid(worker: str) -> tuple[str, int | None]:
    node, _sep, pid = worker.rpartition(":")
    return (node, int(pid)) if pid.isdigit() else (worker, None)


def _process_is_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, under another user
        return False
    return False


def _claim(job_id: int, worker: str) -> bool:
    """Take the job for this worker process with one conditional UPDATE (the job row
    decides who renders, never the broker): a pending job, or a running one whose
    claimant on this same node is this process (a redelivery to it) or a dead process
    (a prefork child killed mid-run, its message redelivered at once by
    `reject_on_worker_lost`). Anything else — running elsewhere, ready, failed — is a
    duplicate delivery and is left alone."""
    claim = {
        "status": JobStatus.RUNNING,
        "started_at": timezone.now(),
        "progress": 0,
        "progress_message": "",
        "runs": F("runs") + 1,
        "claimed_by": worker,
    }
    if Job.objects.filter(pk=job_id, status=JobStatus.PENDING).update(**claim):
        return True
    node, pid = _node_and_pid(worker)
    if not node:
        return False
    row = (
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING)
        .values_list("claimed_by", flat=True)
        .first()
    )
    if not row:
        return False
    old_node, old_pid = _node_and_pid(row)
    if old_node != node or old_pid is None:
        return False
    if old_pid != pid and not _process_is_gone(old_pid):
        return False
    logger.warning("Job %s: taking back a run left by %s", job_id, row)
    return bool(
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING, claimed_by=row).update(**claim)
    )


def job_run(job_id: int, *, worker: str = "") -> None:
    """Render a job's artifact. Idempotent: the job is claimed by a conditional UPDATE
    of its row (see `_claim`), so a duplicate delivery of a running, ready or failed job
    does nothing.

    Infrastructure errors (TRANSIENT_ERRORS) count one more attempt, put the job back to
    pending and propagate, so the task retries with backoff; at the MAX_ATTEMPTS-th such
    failure the job is marked failed with that error. Any other error fails the job at
    once with its message (rendering again would fail the same way).
    """
    if not _claim(job_id, worker):
        return
    job = Job.objects.get(pk=job_id)
    kind = _kinds.get(job.kind)
    try:
        if kind is None:
            raise LookupError(f"No renderer registered for job kind {job.kind!r}")
        filename, data = kind.renderer(job, _progress_reporter(job_id))
    except SoftTimeLimitExceeded:
        # Celery's soft limit: the run is stopped cleanly and the job fails with a message
        # the page shows (the hard limit, a little later, kills a run that ignores it).
        limit = kind.soft_time_limit if kind and kind.soft_time_limit else None
        logger.error("Job %s exceeded its time limit", job_id)
        job.status = JobStatus.FAILED
        job.error = _(
            "La préparation du fichier a dépassé la durée maximale autorisée "
            "(%(minutes)d minutes) et a été arrêtée. Réduisez le corpus avec des filtres, "
            "ou prévenez l'équipe pour allonger cette durée."
        ) % {"minutes": (limit or settings.CELERY_TASK_SOFT_TIME_LIMIT) // 60}
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return
    except TRANSIENT_ERRORS as exc:
        if _after_transient_error(job, exc):
            raise
        return
    except Exception as exc:
        logger.exception("Job %s failed", job_id)
        _fail(job, f"{exc.__class__.__name__}: {exc}")
        return
    if job.file:
        job.file.delete(save=False)
    job.file.save(filename, ContentFile(data), save=False)
    job.filename = filename
    job.status = JobStatus.READY
    job.error = ""
    job.progress = 100
    job.progress_message = ""
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "file",
            "filename",
            "status",
            "error",
            "progress",
            "progress_message",
            "finished_at",
        ]
    )
    logger.info("Job %s (%s, %s) is ready: %s", job_id, job.kind, job.target, job.file.name)


def _fail(job: Job, error: str) -> None:
    job.status = JobStatus.FAILED
    job.error = error[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])


def _after_transient_error(job: Job, exc: BaseException) -> bool:
    """Count the failed attempt; True when the task should retry, False when the job
    has now failed for good."""
    error = f"{exc.__class__.__name__}: {exc}"
    try:
        if job.attempts >= MAX_ATTEMPTS:
            logger.error("Job %s failed after %s attempts: %s", job.pk, job.attempts, error)
            _fail(
                job,
                _("Échec après %(count)d tentatives : %(error)s")
                % {"count": job.attempts, "error": error},
            )
            return False
        logger.warning("Job %s hit an infrastructure error (%s); it will be retried", job.pk, error)
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.PENDING,
            progress=0,
            progress_message="",
            error=error[:2000],
            attempts=F("attempts") + 1,
            enqueued_at=timezone.now(),
        )
    except TRANSIENT_ERRORS:  # the database itself is away: the retry or the sweeper sees it
        logger.exception("Job %s could not be put back to pending", job.pk)
    return True


def jobs_recover(*, node: str) -> int:
    """A worker node starting (again) takes back the jobs its previous incarnation left
    running: killed with `kill -9`, out of memory, machine restarted. They are sent again
    at once (one more attempt) instead of waiting for the sweeper's time limit.

    Node names must be unique among live workers (Celery's default, `celery@<host>`, is).
    """
    if not node:
        return 0
    now = timezone.now()
    recovered = 0
    with transaction.atomic():
        orphans = Job.objects.select_for_update(skip_locked=True).filter(
            status=JobStatus.RUNNING, claimed_by__startswith=f"{node}:"
        )
        for job in orphans:
            _send_again_or_fail(job, now)
            recovered += 1
    if recovered:
        logger.warning("Worker %s took back jobs left running: %s", node, recovered)
    return recovered


# --- The sweeper (Celery beat) -------------------------------------------------------------


def _stale_filter(now: datetime.datetime) -> Q:
    pending_cutoff = now - datetime.timedelta(seconds=settings.JOBS_STALE_AFTER)

    # A run longer than its hard time limit (its kind's, else Celery's) means its worker
    # died mid-run.
    def running_cutoff(seconds: int) -> datetime.datetime:
        return now - datetime.timedelta(seconds=seconds + 60)

    own = {k.kind: k.hard_limit for k in _kinds.values() if k.time_limit}
    running = Q(
        status=JobStatus.RUNNING,
        started_at__lt=running_cutoff(settings.CELERY_TASK_TIME_LIMIT),
    ) & ~Q(kind__in=list(own))
    for kind, seconds in own.items():
        running |= Q(status=JobStatus.RUNNING, kind=kind, started_at__lt=running_cutoff(seconds))
    return (
        Q(status=JobStatus.PENDING, enqueued_at__lt=pending_cutoff)
        | Q(status=JobStatus.PENDING, enqueued_at__isnull=True, created_at__lt=pending_cutoff)
        | running
    )


def _send_again_or_fail(job: Job, now: datetime.datetime) -> bool:
    """Send a stalled job again (True), or fail it with a visible error once it has had
    MAX_ATTEMPTS attempts (False). The caller holds the row's lock."""
    if job.attempts >= MAX_ATTEMPTS:
        last_error = job.error
        job.status = JobStatus.FAILED
        job.error = _(
            "Le fichier n'a pas pu être préparé après %(count)d tentatives "
            "(service de tâches de fond indisponible ou interrompu). "
            "Redemandez-le ; si l'échec persiste, prévenez l'équipe."
        ) % {"count": job.attempts}
        if last_error:  # the last infrastructure error a run met, for whoever investigates
            job.error = f"{job.error} ({last_error})"[:2000]
        job.finished_at = now
        job.save(update_fields=["status", "error", "finished_at"])
        logger.error("Job %s failed after %s attempts", job.pk, job.attempts)
        return False
    job.save(
        update_fields=_reset_for_send(job, attempts=job.attempts + 1, now=now, clear_error=False)
    )
    _enqueue(job.pk, job.kind, backoff=False)
    return True


def jobs_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Send again the jobs left pending (or running on a dead worker) too long; after
    MAX_ATTEMPTS sends, mark them failed with an error the page shows."""
    now = now or timezone.now()
    resent = failed = 0
    with transaction.atomic():
        # skip_locked: two beats (or a request retrying the same job) never block each other.
        stale = (
            Job.objects.select_for_update(skip_locked=True)
            .filter(_stale_filter(now))
            .order_by("pk")[:SWEEP_BATCH]
        )
        for job in stale:
            if _send_again_or_fail(job, now):
                resent += 1
            else:
                failed += 1
    if resent or failed:
        logger.info("Job sweeper: %s sent again, %s failed", resent, failed)
    return {"resent": resent, "failed": failed}
