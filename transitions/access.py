"""Access helpers: outside your scope 404, inside it without the right 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from transitions.models import Cohort
from transitions.selectors import cohorts_for, stage_serving

DEFAULT_FORBIDDEN = _("Vous n'avez pas le droit de faire cette action ici.")


def get_cohort_or_404(user, cohort_id: int, perm: str | None = None) -> Cohort:
    cohort = get_object_or_404(cohorts_for(user), pk=cohort_id)
    if perm and not user.has_perm(perm, cohort):
        raise PermissionDenied
    return cohort


def require(user, perm: str, obj, message: str = "") -> None:
    """Raise 403 when the user lacks `perm` on an object already known to be in scope.

    The refusal explains itself: when the stage serving the object is not open, that is
    the reason shown (every write rule includes `transitions.rules.stage_is_open`);
    otherwise `message`, else a generic sentence.
    """
    if not user.has_perm(perm, obj):
        reason = stage_refusal(obj) or message
        raise PermissionDenied(reason) if reason else PermissionDenied


def stage_refusal(obj) -> str:
    """Why the stage serving `obj` takes no writes; empty when it is open or none serves it."""
    stage = stage_serving(obj)
    if stage is None or stage.is_open:
        return ""
    return _(
        "L'étape « %(name)s » n'est pas ouverte : ce qu'elle contient est en lecture seule."
    ) % {"name": stage.name}


def scoped_or_404(queryset, **lookup):
    """Fetch from an already user-scoped queryset; anything else is invisible (404)."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def forbidden(request, message: str = "") -> HttpResponse:
    """A 403 that says why: JSON `{"error": …}` for htmx and API calls, a page otherwise."""
    message = str(message) or str(DEFAULT_FORBIDDEN)
    wants_json = getattr(request, "htmx", False) or "application/json" in request.headers.get(
        "Accept", ""
    )
    if wants_json:
        return JsonResponse({"error": message}, status=403)
    return render(request, "403.html", {"message": message}, status=403)


def permission_denied(request, exception=None) -> HttpResponse:
    """handler403: every PermissionDenied(message) becomes an explained refusal."""
    message = exception.args[0] if exception is not None and exception.args else ""
    return forbidden(request, message)
