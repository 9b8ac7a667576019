"""The agora summary PDF, rendered by the shared job pipeline (transitions.jobs)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agora.models import Agora
from agora.selectors import summary_hash_source, summary_payload
from transitions.jobs import content_hash, job_request, latest_job
from transitions.models import Job
from transitions.pdf import render_pdf
from transitions.selectors import cohorts_for

JOB_KIND = "agora_summary"


def job_target(agora: Agora) -> str:
    return f"agora:{agora.pk}"


def summary_object(user, target: str) -> Agora | None:
    """The agora a summary job is about, if the user may see its cohort (registered with
    the job kind: the core download view checks the summary rules on it)."""
    prefix, _sep, pk = target.partition(":")
    if prefix != "agora" or not pk.isdigit():
        return None
    return (
        Agora.objects.select_related("cohort")
        .filter(pk=int(pk), cohort__in=cohorts_for(user))
        .first()
    )


def render_agora_summary(job: Job, progress) -> tuple[str, bytes]:
    agora = Agora.objects.select_related("cohort").get(pk=int(job.target.split(":", 1)[1]))
    progress(10, _("Rassemblement des énoncés et des positions"))
    payload = summary_payload(agora)
    payload["generated_at"] = timezone.now()
    progress(40, _("Mise en page du PDF"))
    data = render_pdf("agora/pdf/summary.html", payload)
    return f"synthese-agora-{slugify(agora.cohort.name)}.pdf", data


def summary_request(*, agora: Agora, user) -> Job:
    """Same content → same job and file; any change of statements or positions → a new one."""
    digest = content_hash(summary_hash_source(summary_payload(agora)))
    return job_request(kind=JOB_KIND, target=job_target(agora), content_hash=digest, user=user)


def summary_latest(agora: Agora) -> Job | None:
    return latest_job(kind=JOB_KIND, target=job_target(agora))
