"""What diagnostics shows in the core: dashboard cells and the navigation entry."""

from __future__ import annotations

from django.urls import reverse

from diagnostics.models import Diagnostic, DiagnosticStatus
from transitions.dashboard import Cell
from transitions.models import Role
from transitions.roles import roles_of

STATE = {
    DiagnosticStatus.DRAFT: "in_progress",
    DiagnosticStatus.SUBMITTED: "in_progress",
    DiagnosticStatus.VALIDATED: "done",
}


def diagnostic_cells(cohort, delegations) -> dict[int, Cell]:
    """Each delegation's diagnostic status, in one query."""
    rows = Diagnostic.objects.filter(delegation__in=[d.pk for d in delegations]).only(
        "pk", "delegation_id", "status"
    )
    return {
        d.delegation_id: Cell(
            label=d.get_status_display(),
            state=STATE[d.status],
            url=reverse("diagnostics:diagnostic-detail", args=[d.pk]),
        )
        for d in rows
    }


def nav_visible(user) -> bool:
    roles = roles_of(user)
    return roles.is_staff or bool(roles.cohort_ids(Role.FACILITATOR, Role.AGENT, Role.PARTICIPANT))


def home_actions(user, cohorts) -> list:
    """The diagnostic each member of a delegation has to answer (with how many axes they
    answered), the one an agent may open, and, for those who follow the cohort, the
    submitted diagnostics waiting for validation. Four queries whatever the numbers."""
    from django.db.models import Count
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from diagnostics.models import Answer, Question, Section
    from diagnostics.selectors import delegations_for
    from transitions import home
    from transitions.rules import stage_is_open

    cohort_ids = [c.pk for c in cohorts]
    roles = roles_of(user)
    own = set(roles.delegation_ids())
    delegations = list(delegations_for(user).filter(cohort_id__in=cohort_ids))
    diagnostics = {
        d.delegation_id: d
        for d in Diagnostic.objects.filter(delegation__in=delegations).select_related(
            "delegation__territory", "delegation__cohort"
        )
    }
    mine = dict(
        Answer.objects.filter(
            diagnostic__in=list(diagnostics.values()), respondent=user, level__isnull=False
        )
        .values("diagnostic_id")
        .annotate(n=Count("question__axis", distinct=True))
        .values_list("diagnostic_id", "n")
    )
    totals = dict(
        Question.objects.filter(
            questionnaire__in={d.questionnaire_id for d in diagnostics.values()},
            section=Section.AXIS,
        )
        .values("questionnaire_id")
        .annotate(n=Count("axis", distinct=True))
        .values_list("questionnaire_id", "n")
    )
    actions = []
    for delegation in delegations:
        name = delegation.territory.name
        diagnostic = diagnostics.get(delegation.pk)
        if diagnostic is None:
            probe = Diagnostic(delegation=delegation)
            if delegation.pk in own and stage_is_open(user, probe):
                actions.append(
                    home.NextAction(
                        text=_("Ouvrir le diagnostic de %(name)s") % {"name": name},
                        url=reverse("diagnostics:diagnostic-list"),
                        link=_("Aller aux diagnostics"),
                        detail=_(
                            "L'étape de diagnostic est ouverte : le premier qui l'ouvre "
                            "le crée pour toute la délégation."
                        ),
                        cohort_id=delegation.cohort_id,
                    )
                )
            continue
        url = reverse("diagnostics:diagnostic-detail", args=[diagnostic.pk])
        if delegation.pk in own and user.has_perm("diagnostics.change_diagnostic", diagnostic):
            done, total = mine.get(diagnostic.pk, 0), totals.get(diagnostic.questionnaire_id, 0)
            detail = ngettext(
                "Vous avez répondu à %(done)s axe sur %(total)s.",
                "Vous avez répondu à %(done)s axes sur %(total)s.",
                done,
            ) % {"done": done, "total": total}
            if user.has_perm("diagnostics.submit_diagnostic", diagnostic):
                detail += " " + _(
                    "Vous le soumettrez à l'animation quand la délégation aura répondu."
                )
            actions.append(
                home.NextAction(
                    text=_("Répondre au diagnostic de %(name)s") % {"name": name},
                    url=url,
                    link=_("Reprendre le diagnostic") if done else _("Commencer le diagnostic"),
                    detail=detail,
                    cohort_id=delegation.cohort_id,
                )
            )
        elif user.has_perm("diagnostics.validate_diagnostic", diagnostic):
            actions.append(
                home.NextAction(
                    text=_("Valider le diagnostic de %(name)s") % {"name": name},
                    url=url,
                    link=_("Relire et valider"),
                    detail=_("La délégation l'a soumis ; elle attend votre validation."),
                    cohort_id=delegation.cohort_id,
                    priority=home.WAITING,
                )
            )
        elif delegation.pk in own and diagnostic.status == DiagnosticStatus.VALIDATED:
            actions.append(
                home.NextAction(
                    text=_("Le diagnostic de %(name)s est validé") % {"name": name},
                    url=reverse("diagnostics:results-detail", args=[diagnostic.pk]),
                    link=_("Voir les résultats et le rapport"),
                    cohort_id=delegation.cohort_id,
                    priority=home.READY,
                )
            )
    return actions


def delegation_links(user, delegations) -> dict:
    """Each delegation's diagnostic, for the territory page and the ESS map
    (territories.hooks); one query, scoped like every diagnostics page."""
    from django.utils.translation import gettext as _

    from diagnostics.selectors import diagnostics_for
    from territories.hooks import SourceLink

    found = diagnostics_for(user).filter(delegation__in=[d.pk for d in delegations])
    return {
        d.delegation_id: [
            SourceLink(
                label=_("Diagnostic"),
                title=d.get_status_display(),
                url=reverse("diagnostics:diagnostic-detail", args=[d.pk]),
            )
        ]
        for d in found
    }
