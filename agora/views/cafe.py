"""The live World Café: the facilitator's screen, the tables' phones, the projector.

Every live page polls `…/etat/?v=<forum version>&t=<poll token>` and gets 304 in one
query when nothing changed (the forum's `version` is bumped by every café write): with a
valid poll token (transitions.polling) the poll loads neither the session nor the user;
without one it falls back to the ordinary authentication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from agora import selectors, services
from agora.forms import CardEditForm, CardForm, ParticipantForm, SeatMoveForm, TableRolesForm
from agora.models import CardKind, Forum, RoundStatus
from agora.views.forums import forum_or_404
from transitions.access import require, scoped_or_404
from transitions.concurrency import StaleEdit
from transitions.models import Role, User
from transitions.polling import poll_token, poll_token_for, poll_user_id

# Poll-token scopes: the forum's pages (facilitator, projector) and a table's phone.
FORUM_POLL, TABLE_POLL = "agora.cafe-forum", "agora.cafe-table"


def poll_token_for_forum(user_id: int, forum_id: int, session_key: str) -> str:
    """The token a forum page would carry for this user and session (the bench's)."""
    return poll_token_for(FORUM_POLL, user_id, forum_id, session_key)


def _poll(request: HttpRequest, scope: str, object_id: int) -> HttpResponse | None:
    """A live page's poll: 304 when its version is still the forum's, 401 for nobody
    signed in, None when the page must be rendered again.

    With a valid token: one query, no session or user loaded. Otherwise: the ordinary
    authentication, then the same single scoped query."""
    seen = request.GET.get("v")
    where = {"forum_id": object_id} if scope == FORUM_POLL else {"table_id": object_id}
    user_id = poll_user_id(request, scope, object_id)
    if user_id is not None and seen == str(selectors.forum_version_for(user_id, **where)):
        return HttpResponse(status=304)
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Reconnectez-vous pour suivre le World Café.")}, status=401)
    if seen == str(selectors.forum_version_for(request.user.pk, **where)):
        return HttpResponse(status=304)
    return None


def _rapporteurs(forum: Forum):
    """Who may hold a table's phone: the delegation's members and the cohort's facilitators."""
    return User.objects.filter(
        Q(memberships__delegation_id=forum.delegation_id)
        | Q(memberships__cohort_id=forum.delegation.cohort_id, memberships__role=Role.FACILITATOR)
    ).distinct()


def _run_context(request: HttpRequest, forum: Forum) -> dict:
    cafe_round = selectors.current_round(forum)
    seating = selectors.seating_of(cafe_round)
    tables = list(forum.tables.select_related("anchor", "rapporteur").order_by("number"))
    for table in tables:
        table.seated = seating.get(table.pk, [])
    seated = {p.pk for people in seating.values() for p in people}
    return {
        "forum": forum,
        "round": cafe_round,
        "rounds": forum.rounds.order_by("number"),
        "seconds_left": selectors.seconds_left(cafe_round),
        "tables": tables,
        "participants": forum.participants.select_related("organisation"),
        "unseated": forum.participants.exclude(pk__in=seated),
        "participant_form": ParticipantForm(forum=forum),
        "rapporteurs": _rapporteurs(forum),
        "can_run": request.user.has_perm("agora.run_cafe", forum),
        "poll_token": poll_token(request, FORUM_POLL, forum.pk),
    }


@login_required
@require_GET
def cafe_run(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id)
    return render(request, "agora/cafe_run.html", _run_context(request, forum))


@never_cache
@require_GET
def cafe_run_refresh(request: HttpRequest, forum_id: int) -> HttpResponse:
    if (answer := _poll(request, FORUM_POLL, forum_id)) is not None:
        return answer
    forum = forum_or_404(request, forum_id)
    return render(request, "agora/cafe_run.html#live", _run_context(request, forum))


def _run_action(request: HttpRequest, forum_id: int, action) -> HttpResponse:
    forum = forum_or_404(request, forum_id, "agora.run_cafe")
    try:
        action(forum)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("agora:cafe-run", forum_id=forum.pk)


@login_required
@require_POST
def round_start(request: HttpRequest, forum_id: int) -> HttpResponse:
    return _run_action(request, forum_id, lambda forum: services.round_start(forum=forum))


@login_required
@require_POST
def round_pause(request: HttpRequest, forum_id: int) -> HttpResponse:
    return _run_action(request, forum_id, lambda forum: services.round_pause(forum=forum))


@login_required
@require_POST
def round_close(request: HttpRequest, forum_id: int) -> HttpResponse:
    return _run_action(request, forum_id, lambda forum: services.round_close(forum=forum))


@login_required
@require_POST
def seating_propose(request: HttpRequest, forum_id: int) -> HttpResponse:
    def propose(forum):
        cafe_round = selectors.current_round(forum)
        if cafe_round is None:
            raise ValidationError(_("Aucun tour à placer."))
        services.seating_propose(cafe_round=cafe_round)

    return _run_action(request, forum_id, propose)


@login_required
@require_POST
def table_add(request: HttpRequest, forum_id: int) -> HttpResponse:
    return _run_action(request, forum_id, lambda forum: services.table_add(forum=forum))


@login_required
@require_POST
def participant_add(request: HttpRequest, forum_id: int) -> HttpResponse:
    def arrive(forum):
        form = ParticipantForm(request.POST, forum=forum)
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.participant_arrive(forum=forum, **form.cleaned_data)

    return _run_action(request, forum_id, arrive)


@login_required
@require_POST
def seat_move(request: HttpRequest, forum_id: int) -> HttpResponse:
    def move(forum):
        form = SeatMoveForm(request.POST, forum=forum)
        cafe_round = selectors.current_round(forum)
        if not form.is_valid() or cafe_round is None:
            raise ValidationError(_("Choix invalide."))
        services.seat_move(cafe_round=cafe_round, **form.cleaned_data)

    return _run_action(request, forum_id, move)


@login_required
@require_POST
def table_roles(request: HttpRequest, table_id: int) -> HttpResponse:
    table = scoped_or_404(selectors.tables_for(request.user), pk=table_id)
    forum = table.forum

    def assign(forum):
        form = TableRolesForm(request.POST, forum=forum, rapporteurs=_rapporteurs(forum))
        if not form.is_valid():
            raise ValidationError(_("Choix invalide."))
        services.table_set_roles(table=table, **form.cleaned_data)

    return _run_action(request, forum.pk, assign)


# --- A table's phone ---------------------------------------------------------------------


def _table_context(request: HttpRequest, table) -> dict:
    forum = table.forum
    cafe_round = selectors.current_round(forum)
    if cafe_round is not None and cafe_round.status == RoundStatus.PENDING:
        # Between rounds the phone keeps showing the round just closed, read-only, until
        # the facilitator starts the next one (rather than an empty page).
        cafe_round = (
            forum.rounds.filter(status=RoundStatus.CLOSED, number__lt=cafe_round.number)
            .order_by("-number")
            .first()
            or cafe_round
        )
    cards = (
        list(table.cards.filter(round=cafe_round, merged_into__isnull=True).order_by("pk"))
        if cafe_round
        else []
    )
    can_write = request.user.has_perm("agora.add_card", table) and cafe_round is not None
    for card in cards:
        card.editable = request.user.has_perm("agora.change_card", card)
        card.form = CardEditForm(initial={"text": card.text, "revision": card.revision})
    return {
        "forum": forum,
        "table": table,
        "round": cafe_round,
        "seconds_left": selectors.seconds_left(cafe_round),
        "key_ideas": [c for c in cards if c.kind == CardKind.KEY_IDEA],
        "divergent": [c for c in cards if c.kind == CardKind.DIVERGENT],
        "syntheses": [c for c in cards if c.kind == CardKind.SYNTHESIS],
        "can_write": can_write,
        "card_form": CardForm(),
        "seated": selectors.seating_of(cafe_round).get(table.pk, []),
        "poll_token": poll_token(request, TABLE_POLL, table.pk),
    }


@login_required
@require_GET
def table_page(request: HttpRequest, table_id: int) -> HttpResponse:
    table = scoped_or_404(selectors.tables_for(request.user), pk=table_id)
    require(request.user, "agora.view_forum", table)
    return render(request, "agora/table_page.html", _table_context(request, table))


@never_cache
@require_GET
def table_refresh(request: HttpRequest, table_id: int) -> HttpResponse:
    if (answer := _poll(request, TABLE_POLL, table_id)) is not None:
        return answer
    table = scoped_or_404(selectors.tables_for(request.user), pk=table_id)
    require(request.user, "agora.view_forum", table)
    return render(request, "agora/table_page.html#live", _table_context(request, table))


@login_required
@require_POST
def card_add(request: HttpRequest, table_id: int) -> HttpResponse:
    table = scoped_or_404(selectors.tables_for(request.user), pk=table_id)
    require(
        request.user,
        "agora.add_card",
        table,
        _("Seul·e le·la rapporteur·e de cette table écrit ses cartons, pendant un tour."),
    )
    form = CardForm(request.POST)
    status = 200
    if form.is_valid():
        cafe_round = selectors.current_round(table.forum)
        try:
            services.card_add(
                table=table, cafe_round=cafe_round, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
            status = 400
        else:
            if not request.htmx:
                return redirect("agora:table-page", table_id=table.pk)
            form = CardForm()
    else:
        status = 400
    table.forum.refresh_from_db()
    context = _table_context(request, table)
    context["card_form"] = form
    template = "agora/table_page.html#live" if request.htmx else "agora/table_page.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def card_edit(request: HttpRequest, card_id: int) -> HttpResponse:
    card = scoped_or_404(selectors.cards_for(request.user), pk=card_id)
    table = card.table
    require(request.user, "agora.change_card", card)
    form = CardEditForm(request.POST)
    status, stale = 200, None
    if form.is_valid():
        try:
            services.card_update(
                card=card, revision=form.cleaned_data["revision"], text=form.cleaned_data["text"]
            )
        except StaleEdit as error:
            status = 409
            stale = {"card": error.current, "mine": form.cleaned_data["text"]}
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
    else:
        status = 400
    if status == 200 and not request.htmx:
        return redirect("agora:table-page", table_id=table.pk)
    table.forum.refresh_from_db()
    context = _table_context(request, table)
    context["stale_card"] = stale
    template = "agora/table_page.html#live" if request.htmx else "agora/table_page.html"
    return render(request, template, context, status=status)


# --- The projector -----------------------------------------------------------------------


def _projector_context(request: HttpRequest, forum: Forum) -> dict:
    cafe_round = selectors.current_round(forum)
    return {
        "poll_token": poll_token(request, FORUM_POLL, forum.pk),
        "forum": forum,
        "round": cafe_round,
        "seconds_left": selectors.seconds_left(cafe_round),
        "wall": selectors.cafe_wall(forum),
    }


@login_required
@require_GET
def projector(request: HttpRequest, forum_id: int) -> HttpResponse:
    forum = forum_or_404(request, forum_id)
    return render(request, "agora/projector.html", _projector_context(request, forum))


@never_cache
@require_GET
def projector_refresh(request: HttpRequest, forum_id: int) -> HttpResponse:
    if (answer := _poll(request, FORUM_POLL, forum_id)) is not None:
        return answer
    forum = forum_or_404(request, forum_id)
    return render(request, "agora/projector.html#live", _projector_context(request, forum))


def table_url(table) -> str:
    return reverse("agora:table-page", args=[table.pk])
