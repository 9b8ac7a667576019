"""Safe actions: the one confirmation step and the one "undo" offer every app uses.

A destructive or irreversible action is a POST that acts only when it carries
`confirme=oui`. Without it the view answers the confirmation page rendered here (what
will happen to what, a confirm button that posts the same fields again, a way back), so
the step works without JavaScript and under the CSP (no inline script). A POST that
skipped the step therefore never acts.

After the action, `success_with_undo` puts the feedback message with an "Annuler"
button: the message's `extra_tags` carry the undo's URL and fields, and base.html
renders them as a small POST form (CSRF token included) through the `undo_form` filter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

CONFIRM_FIELD = "confirme"
CONFIRM_VALUE = "oui"
UNDO_TAG = "undo"


def confirmed(request: HttpRequest) -> bool:
    """Whether the POST comes from the confirmation step (or an undo button)."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


@dataclass
class Confirmation:
    """What the confirmation page says; every text is already translated."""

    title: str
    question: str
    confirm_label: str
    cancel_url: str
    consequences: list[str] = field(default_factory=list)
    undo_note: str = ""
    danger: bool = True
    # The fields to post again with the confirmation (e.g. the stage's new status).
    fields: Mapping[str, str] = field(default_factory=dict)
    # An app's template included in the page (e.g. what is still unanswered).
    details_template: str = ""
    details: Mapping = field(default_factory=dict)


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The step before acting: posts `confirmation.fields` plus `confirme=oui` back to
    the same URL. Status 200: nothing happened, and the page says so."""
    return render(
        request,
        "transitions/confirm.html",
        {
            "confirmation": confirmation,
            "action_url": request.path,
            "fields": dict(confirmation.fields).items(),
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
            **confirmation.details,
        },
    )


def success_with_undo(
    request: HttpRequest, text: str, undo_url: str, fields: Mapping[str, str] | None = None
) -> None:
    """A success message offering to undo what was just done (a POST to `undo_url`)."""
    query = QueryDict(mutable=True)
    query.update(fields or {})
    # Reversed URLs and urlencoded fields hold no space, so the tags split cleanly.
    messages.success(request, text, extra_tags=f"{UNDO_TAG} {undo_url} {query.urlencode()}")


def undo_of(extra_tags: str) -> dict | None:
    """The undo button of a message (url and hidden fields), or None."""
    parts = (extra_tags or "").split(" ")
    if len(parts) < 2 or parts[0] != UNDO_TAG:
        return None
    fields: Iterable[tuple[str, str]] = QueryDict(parts[2] if len(parts) > 2 else "").items()
    return {"url": parts[1], "fields": [*fields, (CONFIRM_FIELD, CONFIRM_VALUE)]}
