"""Background jobs shared by every app (PDF reports, exports).

A feature app registers a renderer for a job kind from its AppConfig.ready():

    register_renderer("diagnostic_report", render_diagnostic_report)

where the renderer takes the Job and returns (filename, bytes). A request calls
`job_request(...)`: the same kind, target and content hash give back the same
job (and file); a new hash creates a new job, enqueued once the transaction commits.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from transitions.models import Job, JobStatus

logger = logging.getLogger(__name__)

Renderer = Callable[[Job], tuple[str, bytes]]
_renderers: dict[str, Renderer] = {}


def register_renderer(kind: str, renderer: Renderer) -> None:
    _renderers[kind] = renderer


def content_hash(payload) -> str:
    """A stable hash of any JSON-serialisable description of the content."""
    encoded = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def _enqueue(job_id: int) -> None:
    from transitions.tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job_id))


def job_request(*, kind: str, target: str, content_hash: str, user=None) -> Job:
    """Return the job for this exact content, creating and enqueuing it when new.

    A failed job is retried when asked again; a pending or ready one is returned as is.
    """
    if kind not in _renderers:
        raise ValueError(f"No renderer registered for job kind {kind!r}")
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
                        kind=kind, target=target, content_hash=content_hash, requested_by=user
                    )
            except IntegrityError:
                # Another request created it a moment ago: use theirs.
                return Job.objects.get(kind=kind, target=target, content_hash=content_hash)
            _enqueue(job.pk)
        elif job.status == JobStatus.FAILED:
            job.status = JobStatus.PENDING
            job.error = ""
            job.save(update_fields=["status", "error"])
            _enqueue(job.pk)
    return job


def latest_job(*, kind: str, target: str) -> Job | None:
    return Job.objects.filter(kind=kind, target=target).order_by("-created_at").first()


def job_run(job_id: int) -> None:
    """Render a job's artifact; idempotent: a ready job is left alone."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status == JobStatus.READY:
        return
    job.attempts += 1
    job.save(update_fields=["attempts"])
    try:
        filename, data = _renderers[job.kind](job)
    except Exception as exc:
        logger.exception("Job %s failed", job_id)
        job.status = JobStatus.FAILED
        job.error = f"{exc.__class__.__name__}: {exc}"[:2000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return
    if job.file:
        job.file.delete(save=False)
    job.file.save(filename, ContentFile(data), save=False)
    job.filename = filename
    job.status = JobStatus.READY
    job.error = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "error", "finished_at"])
