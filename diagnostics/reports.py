"""The diagnostic report: a PDF rendered by a Celery task (transitions.jobs).

Asking again when nothing changed returns the same job and file: the job is keyed on a
hash of what the report shows (the answers' versions and quotes, evidence, the timeline,
status, ESS map state, template). It reads the rows themselves, not the audit history,
which SQLite (`make run`) does not record.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from diagnostics import scores
from diagnostics.models import (
    TIMELINE_FIELDS,
    Answer,
    Diagnostic,
    Evidence,
    Section,
    TimelineEvent,
)
from diagnostics.selectors import diagnostics_for, observations_of
from territories.models import (
    ORGANISATION_FIELDS,
    Organisation,
    Relationship,
    RelationType,
    Territory,
)
from transitions.jobs import content_hash, job_request, latest_job
from transitions.models import Job, JobStatus
from transitions.pdf import render_pdf

JOB_KIND = "diagnostic_report"
# Bump when the template changes, so an old file is not served for a new layout.
TEMPLATE_VERSION = 3


def _target(diagnostic) -> str:
    return f"diagnostic:{diagnostic.pk}"


def _figure(value: float | None) -> float | None:
    # Rounded past what the report prints, so float noise never changes the hash.
    return None if value is None else round(value, 4)


def report_hash(diagnostic: Diagnostic, *, result: scores.Results | None = None) -> str:
    """A hash of everything the report shows that can change without a history entry
    of this diagnostic: the territory's profile, the ESS map, the evolution against the
    earlier diagnostic and the cohort benchmark (both computed as the results page does,
    since other diagnostics move them)."""
    if result is None:
        result = scores.diagnostic_results(diagnostic)
    territory_id = diagnostic.delegation.territory_id
    payload = {
        "diagnostic": diagnostic.pk,
        "status": diagnostic.status,
        # Every answer write bumps its version (quoting is an update() of `quoted` only,
        # hence the quoted ids); evidence and the timeline are small: read as they are.
        "answers": Answer.objects.filter(diagnostic=diagnostic).aggregate(
            v=Sum("version"), n=Count("pk"), m=Max("pk"), u=Max("updated_at")
        ),
        "quoted": list(
            Answer.objects.filter(diagnostic=diagnostic, quoted=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        ),
        "evidence": Evidence.objects.filter(answer__diagnostic=diagnostic).aggregate(
            n=Count("pk"), m=Max("pk")
        ),
        "timeline": list(
            TimelineEvent.objects.filter(diagnostic=diagnostic)
            .order_by("pk")
            .values_list("pk", *TIMELINE_FIELDS)
        ),
        "review_comment": diagnostic.review_comment,
        "territory": list(
            Territory.objects.filter(pk=territory_id).values_list(
                "name", "kind", "population", "region", "geography", "maturity", "ess_integration"
            )
        ),
        "organisations": list(
            Organisation.objects.filter(territory_id=territory_id)
            .order_by("pk")
            .values_list("pk", *ORGANISATION_FIELDS)
        ),
        "relationships": Relationship.objects.filter(territory_id=territory_id).aggregate(
            m=Max("pk"), n=Count("pk")
        ),
        "evolution": [
            [e["principle"].code, _figure(e["before"]), _figure(e["now"])] for e in result.evolution
        ],
        "evolution_date": result.evolution_date if result.evolution else None,
        "benchmark": [[b["principle"].code, _figure(b["median"])] for b in result.benchmark],
        "benchmark_count": result.benchmark_count if result.benchmark else None,
        "template": TEMPLATE_VERSION,
    }
    return content_hash(payload)


def report_is_stale(job: Job | None, diagnostic: Diagnostic, result: scores.Results) -> bool:
    """Whether the latest report no longer matches what it would show today."""
    return bool(job) and job.content_hash != report_hash(diagnostic, result=result)


def report_request(*, diagnostic: Diagnostic, user) -> Job:
    return job_request(
        kind=JOB_KIND, target=_target(diagnostic), content_hash=report_hash(diagnostic), user=user
    )


def latest_report(diagnostic: Diagnostic, *, ready_only: bool = False) -> Job | None:
    if ready_only:
        return (
            Job.objects.filter(kind=JOB_KIND, target=_target(diagnostic), status=JobStatus.READY)
            .order_by("-created_at")
            .first()
        )
    return latest_job(kind=JOB_KIND, target=_target(diagnostic))


def ess_summary(territory) -> dict:
    """Organisations with their latest relationship, counted per relationship type."""
    organisations = list(Organisation.objects.filter(territory=territory).order_by("name"))
    latest: dict[int, Relationship] = {}
    for rel in Relationship.objects.filter(territory=territory).order_by(
        "organisation_id", "observed_on", "recorded_at"
    ):
        latest[rel.organisation_id] = rel
    counts = Counter(rel.relation_type for rel in latest.values())
    return {
        "organisations": [(org, latest.get(org.pk)) for org in organisations],
        "by_type": [(label, counts.get(value, 0)) for value, label in RelationType.choices],
        "total": len(organisations),
    }


def report_context(diagnostic: Diagnostic) -> dict:
    result = scores.diagnostic_results(diagnostic)
    shared = {
        a.question.code: a
        for a in Answer.objects.filter(
            diagnostic=diagnostic, respondent__isnull=True
        ).select_related("question")
    }
    profile = [
        (q, shared.get(q.code))
        for q in diagnostic.questionnaire.questions.filter(section=Section.PROFILE).order_by(
            "order"
        )
    ]
    synthesis = [
        (q, shared.get(q.code))
        for q in diagnostic.questionnaire.questions.filter(section=Section.SYNTHESIS).order_by(
            "order"
        )
    ]
    # Observations are attributed to a category, never to a name. Only those chosen for
    # the report, or every one while nobody has chosen yet.
    all_observations = list(observations_of(diagnostic))
    chosen = [a for a in all_observations if a.quoted]
    observations: dict[str, list[tuple[str, str, str]]] = {}
    for answer in chosen or all_observations:
        # Keyed on the axis: a dimension item of P2-d quotes under P2-d, with its dimension.
        observations.setdefault(answer.question.axis.code, []).append(
            (answer.category, answer.question.get_cooperation_dimension_display(), answer.text)
        )
    evidence = list(
        Evidence.objects.filter(answer__diagnostic=diagnostic)
        .select_related("answer__question__axis")
        .order_by("answer__question__order", "kind", "pk")
    )
    category_labels = dict(result.categories)
    axes_by_principle = []
    for principle_row in result.principles:
        rows = [r for r in result.axes if r.item.principle_id == principle_row.item.pk]
        for r in rows:
            r.observations = [
                (
                    category_labels.get(c, _("Catégorie non renseignée"))
                    + (f" · {dimension.lower()}" if dimension else ""),
                    t,
                )
                for c, dimension, t in observations.get(r.item.code, [])
            ]
            r.dimensions = result.dimensions if r.item == result.dimension_axis else []
        axes_by_principle.append((principle_row, rows))
    return {
        "diagnostic": diagnostic,
        "territory": diagnostic.delegation.territory,
        "cohort": diagnostic.delegation.cohort,
        "result": result,
        "radar": scores.radar_svg(result),
        "profile": profile,
        "synthesis": synthesis,
        "axes_by_principle": axes_by_principle,
        "evidence": evidence,
        "ess": ess_summary(diagnostic.delegation.territory),
        "observations_selected": bool(chosen),
        "timeline": list(diagnostic.timeline_events.order_by("happened_on", "created_at")),
        "category_colours": scores.CATEGORY_COLOURS,
        "generated_at": timezone.now(),
    }


def report_object(user, target: str) -> Diagnostic | None:
    """The diagnostic a report job is about, if the user may see it (registered with the
    job kind: the core download view checks the report rules on it)."""
    prefix, _sep, pk = target.partition(":")
    if prefix != "diagnostic" or not pk.isdigit():
        return None
    return diagnostics_for(user).filter(pk=int(pk)).first()


def render_report(job: Job, progress) -> tuple[str, bytes]:
    """Renderer registered for JOB_KIND: (filename, PDF bytes)."""
    diagnostic_id = int(job.target.split(":", 1)[1])
    diagnostic = Diagnostic.objects.select_related(
        "delegation__territory", "delegation__cohort", "questionnaire"
    ).get(pk=diagnostic_id)
    progress(10, _("Calcul des résultats"))
    context = report_context(diagnostic)
    progress(40, _("Mise en page du PDF"))
    pdf = render_pdf("diagnostics/pdf/report.html", context)
    slug = "".join(c if c.isalnum() else "-" for c in diagnostic.delegation.territory.name)
    return f"diagnostic-{slug.strip('-').lower()}.pdf", pdf
