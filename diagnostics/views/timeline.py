"""The diagnostic's narrative timeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from diagnostics import services
from diagnostics.forms import (
    TimelineEventEditForm,
    TimelineEventForm,
)
from diagnostics.models import (
    TIMELINE_FIELDS,
    TimelineEvent,
)
from diagnostics.views.common import (
    STALE_EVENT,
    diagnostic_in_scope,
    require_right,
    tabs_context,
)
from transitions.concurrency import StaleEdit, refused_edit
from transitions.confirm import Confirmation, confirmation_page, confirmed

# --- Timeline ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk)
    can_edit = request.user.has_perm("diagnostics.change_diagnostic", diagnostic)
    form = TimelineEventForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_right(request, "diagnostics.change_diagnostic", diagnostic)
        if form.is_valid():
            services.timeline_event_add(
                diagnostic=diagnostic, user=request.user, **form.cleaned_data
            )
            messages.success(request, _("Événement ajouté au récit."))
            return redirect("diagnostics:timeline-list", pk=diagnostic.pk)
        status = 422
    events = diagnostic.timeline_events.select_related("created_by")
    return render(
        request,
        "diagnostics/timeline.html",
        {
            "diagnostic": diagnostic,
            "events": events,
            "form": form,
            "can_edit": can_edit,
            **tabs_context("timeline"),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def timeline_update(request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.change_diagnostic")
    event = get_object_or_404(TimelineEvent, pk=event_id, diagnostic=diagnostic)
    # The form works on its own copy: a refused save must not retitle the page.
    form = TimelineEventEditForm(
        request.POST or None, instance=TimelineEvent.objects.get(pk=event.pk)
    )
    stale = None
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in TIMELINE_FIELDS}
        try:
            services.timeline_event_update(
                event=event,
                user=request.user,
                fingerprint=form.cleaned_data["fingerprint"],
                **values,
            )
        except StaleEdit as error:
            form, stale = refused_edit(
                form, error, message=STALE_EVENT, take_theirs_url=request.path
            )
        except ValidationError as error:
            form.add_error(None, error)
        # A colleague saved exactly these values meanwhile: nothing is lost, it is saved.
        if stale is None or not stale.differences:
            if not form.errors:
                messages.success(request, _("Événement enregistré."))
                return redirect("diagnostics:timeline-list", pk=diagnostic.pk)
            stale = None
    return render(
        request,
        "diagnostics/timeline_edit.html",
        {
            "diagnostic": diagnostic,
            "event": event,
            "form": form,
            "stale": stale,
            "differences": stale.differences if stale else [],
            **tabs_context("timeline"),
        },
        status=409 if stale else (422 if form.errors else 200),
    )


@login_required
@require_POST
def timeline_delete(request: HttpRequest, pk: int, event_id: int) -> HttpResponse:
    diagnostic = diagnostic_in_scope(request, pk, "diagnostics.change_diagnostic")
    event = get_object_or_404(TimelineEvent, pk=event_id, diagnostic=diagnostic)
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Retirer un événement du récit"),
                question=_("Retirer « %(title)s » du récit du territoire ?")
                % {"title": event.title},
                consequences=[
                    _("L'événement disparaît du récit et du rapport ; l'historique le garde.")
                ],
                confirm_label=_("Retirer l'événement"),
                cancel_url=reverse("diagnostics:timeline-list", args=[diagnostic.pk]),
            ),
        )
    services.timeline_event_delete(event=event, user=request.user)
    messages.success(
        request, _("« %(title)s » a été retiré du récit du territoire.") % {"title": event.title}
    )
    return redirect("diagnostics:timeline-list", pk=diagnostic.pk)
