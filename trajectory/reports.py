"""The trajectory's drawing (one SVG for the page, its export and the PDFs) and the
"ce que nous avons accompli ensemble" PDFs, rendered by the shared job pipeline
(transitions.jobs): one per territory, one per cohort for the closing event.

A PDF is rendered without a viewer: it shows the delegation's own records
(`selectors.nodes_for(None, …)`: what its delegation and the cohort's facilitators both
see), never another cohort's.
"""

from __future__ import annotations

import base64

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from diagnostics import scores
from territories.models import Delegation
from trajectory import selectors
from trajectory.models import NodeKind
from transitions import charts
from transitions.jobs import content_hash, job_request, latest_job
from transitions.models import Cohort, Job, JobStatus
from transitions.pdf import render_pdf
from transitions.selectors import cohorts_for

DELEGATION_KIND = "trajectory_achievements"
COHORT_KIND = "trajectory_cohort_achievements"
# Bump when a template changes, so an old file is not served for a new layout.
TEMPLATE_VERSION = 1
MAX_BOXES = 10

COLUMNS = [
    ((NodeKind.FINDING,), _lazy("Constats du diagnostic"), "#b15928"),
    ((NodeKind.CONTRIBUTION, NodeKind.STATEMENT), _lazy("Pairs et agora"), "#6a3d9a"),
    ((NodeKind.CARD, NodeKind.OPPORTUNITY), _lazy("Forum et opportunités"), "#1f78b4"),
    ((NodeKind.PILOT,), _lazy("Projet pilote"), "#2e8b2a"),
]


def flow_svg(delegation, nodes, links, steps) -> str:
    """The timeline on top, the links drawn as a flow below. A column shows its linked
    objects first; findings, opportunities and pilot projects are drawn even unlinked
    (they are the territory's own), cohort-wide texts and cards only when linked."""
    linked_keys = {k for link in links.shown for k in (link.source.key, link.target.key)}
    columns = []
    for kinds, label, colour in COLUMNS:
        members = [n for n in nodes.values() if n.kind in kinds]
        own = {NodeKind.FINDING, NodeKind.OPPORTUNITY, NodeKind.PILOT}
        members = [n for n in members if n.key in linked_keys or n.kind in own]
        members.sort(key=lambda n: (n.key not in linked_keys, n.rank, n.kind, n.id))
        columns.append(
            charts.FlowColumn(
                label=str(label),
                colour=colour,
                nodes=[
                    charts.FlowNode(n.key, n.label, f"{n.kind_label} : {n.text}", n.url)
                    for n in members[:MAX_BOXES]
                ],
                more=max(0, len(members) - MAX_BOXES),
            )
        )
    edges = [(link.source.key, link.target.key, link.type_label) for link in links.shown]
    footer = ""
    if links.hidden:
        footer = _("%(n)s lien(s) vers des éléments que vous ne pouvez pas voir.") % {
            "n": links.hidden
        }
    return charts.timeline_flow(
        steps=[
            charts.TimelineStep(
                title=str(step.title),
                date=date_format(step.date, "M Y") if step.date else "",
                lines=[str(line) for line in step.lines],
                done=step.done,
            )
            for step in steps
        ],
        columns=columns,
        edges=edges,
        aria_label=_("Trajectoire de %(territory)s : du diagnostic au projet pilote")
        % {"territory": delegation.territory.name},
        footer=footer,
    )


def trajectory_context(user, delegation) -> dict:
    """Everything the trajectory page, its SVG and the PDFs draw, for `user` (None: the
    delegation's own records)."""
    diagnostic = selectors.diagnostic_of(user, delegation)
    result = scores.diagnostic_results(diagnostic) if diagnostic is not None else None
    nodes = selectors.nodes_for(user, delegation, result=result)
    links = selectors.links_for(user, delegation, nodes)
    steps = selectors.timeline(user, delegation, nodes, result)
    return {
        "delegation": delegation,
        "diagnostic": diagnostic,
        "result": result,
        "nodes": nodes,
        "links": links,
        "steps": steps,
        "svg": flow_svg(delegation, nodes, links, steps),
    }


def _image_data_url(entry) -> str:
    """A récit image inlined for WeasyPrint (its fetcher takes only static files and
    data: URLs)."""
    if not entry.image:
        return ""
    suffix = entry.image.name.rsplit(".", 1)[-1].lower()
    mime = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png", "webp": "webp"}.get(suffix)
    if mime is None:
        return ""
    try:
        with entry.image.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return ""
    return f"data:image/{mime};base64,{base64.b64encode(data).decode()}"


def delegation_pdf_context(delegation) -> dict:
    context = trajectory_context(None, delegation)
    achieved = selectors.achievements(None, delegation)
    for entry in achieved["story"]:
        entry.image_url = _image_data_url(entry)
    return {**context, **achieved, "generated_at": timezone.now()}


def _payload(context: dict) -> dict:
    """What the PDF shows, as data: the hash of the file's content."""
    return {
        "svg": context["svg"],
        "story": [
            (e.pk, e.kind, str(e.happened_on), e.title, e.text, e.image.name)
            for e in context["story"]
        ],
        "carried": context["carried"],
        "pilots": [n.text for n in context["pilots"]],
        "opportunities": [n.text for n in context["opportunities"]],
        "template": TEMPLATE_VERSION,
    }


def delegation_hash(delegation) -> str:
    return content_hash(_payload(delegation_pdf_context(delegation)))


def slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-").lower()


def delegation_target(delegation) -> str:
    return f"delegation:{delegation.pk}"


def delegation_request(*, delegation, user) -> Job:
    return job_request(
        kind=DELEGATION_KIND,
        target=delegation_target(delegation),
        content_hash=delegation_hash(delegation),
        user=user,
    )


def latest_delegation_pdf(delegation, *, ready_only: bool = False) -> Job | None:
    if ready_only:
        return (
            Job.objects.filter(
                kind=DELEGATION_KIND,
                target=delegation_target(delegation),
                status=JobStatus.READY,
            )
            .order_by("-created_at")
            .first()
        )
    return latest_job(kind=DELEGATION_KIND, target=delegation_target(delegation))


def delegation_object(user, target: str) -> Delegation | None:
    prefix, _sep, pk = target.partition(":")
    if prefix != "delegation" or not pk.isdigit():
        return None
    return selectors.delegations_for(user).filter(pk=int(pk)).first()


def render_delegation(job: Job, progress) -> tuple[str, bytes]:
    delegation = Delegation.objects.select_related("territory", "cohort").get(
        pk=int(job.target.split(":", 1)[1])
    )
    progress(10, _("Rassemblement de la trajectoire"))
    context = delegation_pdf_context(delegation)
    progress(50, _("Mise en page du PDF"))
    pdf = render_pdf("trajectory/pdf/achievements.html", {"sections": [context], **context})
    return f"accompli-ensemble-{slug(delegation.territory.name)}.pdf", pdf


# --- The cohort's PDF --------------------------------------------------------------------


def cohort_context(cohort) -> dict:
    sections = [
        delegation_pdf_context(d)
        for d in Delegation.objects.filter(cohort=cohort).select_related("territory", "cohort")
    ]
    return {"cohort": cohort, "sections": sections, "generated_at": timezone.now()}


def cohort_target(cohort) -> str:
    return f"cohort:{cohort.pk}"


def cohort_hash(cohort) -> str:
    context = cohort_context(cohort)
    return content_hash(
        {
            "cohort": [cohort.name, cohort.year],
            "sections": [_payload(s) for s in context["sections"]],
        }
    )


def cohort_request(*, cohort, user) -> Job:
    return job_request(
        kind=COHORT_KIND, target=cohort_target(cohort), content_hash=cohort_hash(cohort), user=user
    )


def latest_cohort_pdf(cohort) -> Job | None:
    return latest_job(kind=COHORT_KIND, target=cohort_target(cohort))


def cohort_object(user, target: str) -> Cohort | None:
    prefix, _sep, pk = target.partition(":")
    if prefix != "cohort" or not pk.isdigit():
        return None
    return cohorts_for(user).filter(pk=int(pk)).first()


def render_cohort(job: Job, progress) -> tuple[str, bytes]:
    cohort = Cohort.objects.get(pk=int(job.target.split(":", 1)[1]))
    progress(10, _("Rassemblement des trajectoires"))
    context = cohort_context(cohort)
    progress(60, _("Mise en page du PDF"))
    pdf = render_pdf("trajectory/pdf/achievements.html", context)
    return f"accompli-ensemble-{slug(cohort.name)}.pdf", pdf
