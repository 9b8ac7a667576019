"""What research shows in the core: its navigation entry."""

from __future__ import annotations

from transitions.l10n import long_date
from transitions.models import Role
from transitions.roles import roles_of


def nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.cohort_ids(Role.RESEARCHER, Role.FACILITATOR))


def home_actions(user, cohorts) -> list:
    """For a cohort's researchers: the exports they asked for that are ready to download
    (last two weeks), and the research space where field notes are written. One query."""
    import datetime as dt

    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from research import exports
    from transitions import home
    from transitions.models import Job, JobStatus

    researched = [c for c in cohorts if Role.RESEARCHER in roles_of(user).in_cohort(c.pk)]
    if not researched:
        return []
    names = {c.pk: c.name for c in researched}
    actions = []
    ready = Job.objects.filter(
        kind__in=exports.JOB_KINDS,
        status=JobStatus.READY,
        requested_by=user,
        created_at__gte=timezone.now() - dt.timedelta(days=14),
    ).order_by("-pk")
    for job in ready:
        cohort_id = job.target.split(":", 1)[0]
        if not cohort_id.isdigit() or int(cohort_id) not in names:
            continue
        actions.append(
            home.NextAction(
                text=_("Votre export « %(file)s » est prêt") % {"file": job.filename},
                url=reverse("transitions:job-download", args=[job.pk]),
                link=_("Télécharger l'export"),
                detail=_("Demandé le %(date)s pour « %(cohort)s ».")
                % {
                    "date": long_date(job.created_at, "heure"),
                    "cohort": names[int(cohort_id)],
                },
                cohort_id=int(cohort_id),
                priority=home.READY,
            )
        )
    for cohort in researched:
        actions.append(
            home.NextAction(
                text=_("Consigner vos observations de terrain pour « %(cohort)s »")
                % {"cohort": cohort.name},
                url=reverse("research:observation-list", args=[cohort.pk]),
                link=_("Espace recherche"),
                cohort_id=cohort.pk,
                priority=home.FOLLOW,
            )
        )
    return actions
