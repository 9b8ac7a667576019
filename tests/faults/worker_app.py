"""The Celery app the fault tests' workers run: the project's own app and renderers, plus
one test renderer whose infrastructure always fails (`celery -A tests.faults.worker_app`)."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transitions.settings")
django.setup()

from transitions.celery import app  # noqa: E402
from transitions.jobs import register_renderer  # noqa: E402
from transitions.models import Cohort  # noqa: E402

ALWAYS_UNREACHABLE = "fault_unreachable"
SHORT_PDF = "fault_short_pdf"
ERROR = "Connection refused by the map tiles server"


def _unreachable(job, progress):
    progress(10, "Connexion au service")
    raise ConnectionError(ERROR)


def _short_pdf(job, progress):
    """A three-page PDF through WeasyPrint: a real render, shorter than a full report."""
    from weasyprint import HTML

    progress(5, "Mise en page du PDF")
    rows = "".join(f"<tr><td>{i}</td><td>Ligne {i} du rapport</td></tr>" for i in range(150))
    html = f"<h1>Rapport {job.target}</h1><table>{rows}</table>"
    return f"rapport-{job.pk}.pdf", HTML(string=html).write_pdf()


def _cohort_for(user, target):
    return Cohort.objects.filter(pk=target).first()


for kind, renderer in ((SHORT_PDF, _short_pdf), (ALWAYS_UNREACHABLE, _unreachable)):
    register_renderer(
        kind,
        renderer,
        view_perm="transitions.view_cohort",
        add_perm="transitions.change_cohort",
        obj_for=_cohort_for,
    )

__all__ = ["app"]
