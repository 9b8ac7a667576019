"""What every diagnostics view shares: scope then right (404 / explained 403), tabs."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diagnostics import selectors
from diagnostics.models import (
    DiagnosticStatus,
    Section,
)
from transitions.access import require, scoped_or_404
from transitions.models import Principle

STALE_EVENT = gettext_lazy(
    "Quelqu'un d'autre a modifié cet événement pendant que vous le "
    "modifiiez : rien n'a été enregistré. Comparez ci-dessous la version "
    "enregistrée et votre saisie, corrigez si besoin, puis enregistrez à "
    "nouveau."
)

SHARED_SECTIONS = {"profil": Section.PROFILE, "synthese": Section.SYNTHESIS}
SECTION_SLUGS = {value: slug for slug, value in SHARED_SECTIONS.items()}


def refusal_reason(user, diagnostic) -> str:
    """Why a member in scope may not write, besides a closed stage (transitions.access)."""
    if diagnostic.status != DiagnosticStatus.DRAFT:
        return _(
            "Ce diagnostic a été soumis : il n'est plus modifiable tant que l'animation "
            "ne l'a pas rouvert."
        )
    return ""


def diagnostic_in_scope(request: HttpRequest, pk: int, perm: str = "diagnostics.view_diagnostic"):
    """Outside the user's scope 404; inside it without the right 403, saying why."""
    diagnostic = scoped_or_404(selectors.diagnostics_for(request.user), pk=pk)
    require_right(request, perm, diagnostic)
    return diagnostic


def require_right(request: HttpRequest, perm: str, diagnostic) -> None:
    if not request.user.has_perm(perm, diagnostic):
        require(request.user, perm, diagnostic, refusal_reason(request.user, diagnostic))


def tabs_context(tab: str) -> dict:
    return {"tab": tab, "tab_principles": list(Principle.objects.order_by("number"))}


def rights_context(user, diagnostic) -> dict:
    return {
        "can_edit": user.has_perm("diagnostics.change_diagnostic", diagnostic),
        "can_submit": user.has_perm("diagnostics.submit_diagnostic", diagnostic),
        "can_validate": user.has_perm("diagnostics.validate_diagnostic", diagnostic),
        "can_reopen": user.has_perm("diagnostics.reopen_diagnostic", diagnostic),
        "can_unvalidate": user.has_perm("diagnostics.unvalidate_diagnostic", diagnostic),
    }
