from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from peergroups import selectors, services
from peergroups.forms import (
    ContributionEditForm,
    ContributionForm,
    ContributionReviseForm,
    ContributionWithdrawForm,
    MergeForm,
    SessionForm,
)
from peergroups.models import (
    CONTRIBUTION_EDIT_FIELDS,
    DEFAULT_SESSION_COUNT,
    GRID_KINDS,
    Contribution,
    ContributionKind,
    PeerSession,
    SessionStatus,
)
from transitions.access import forbidden, get_cohort_or_404, require, scoped_or_404
from transitions.concurrency import StaleEdit, stale_choice
from transitions.confirm import Confirmation, confirmation_page, confirmed, success_with_undo
from transitions.fragments import CSRF_MARK, digest, fragment_key, render_cached
from transitions.pagination import paginate, search_terms, wants_fragment
from transitions.polling import poll_token, poll_user_id
from transitions.selectors import referential_principles


def _session(request: HttpRequest, session_id: int) -> PeerSession:
    session = scoped_or_404(selectors.sessions_for(request.user), pk=session_id)
    # The selector scopes; the rule states the same safe-space boundary explicitly.
    require(request.user, "peergroups.view_peergroup", session)
    return session


def _contribution(request: HttpRequest, contribution_id: int) -> Contribution:
    contribution = scoped_or_404(
        Contribution.objects.select_related("session__group__cohort").filter(
            session__in=selectors.sessions_for(request.user)
        ),
        pk=contribution_id,
    )
    require(request.user, "peergroups.change_contribution", contribution)
    return contribution


POLL_SCOPE = "peergroups.board"


def card_keys(
    viewer_id: int,
    entries: list[selectors.BoardEntry],
    *,
    moderator: bool,
    can_moderate: bool,
    can_revise: bool = False,
) -> dict[int, str]:
    """{card id: cache key} of the cards' fragments as `viewer_id` sees them (an own card
    the viewer may still edit or withdraw carries those links: a scope of its own)."""
    scope = ("moderator" if moderator else "member") + ("+act" if can_moderate else "")
    own = "+own+rev" if can_revise else "+own"
    return {
        e.pk: fragment_key(
            "peercard",
            (e.pk, e.changed, e.stamp, digest(e.author_id, e.author)),
            scope + (own if e.author_id == viewer_id else ""),
        )
        for e in entries
    }


def _card_fragments(
    request: HttpRequest,
    session: PeerSession,
    entries: list[selectors.BoardEntry],
    *,
    moderator: bool,
    can_moderate: bool,
    can_revise: bool = False,
) -> dict[int, str]:
    """Each card's HTML, cached under its version and the viewer's scope.

    The scope holds everything that changes a card for its viewer: moderator or member
    (hidden duplicates, greyed cards), whether moderation buttons show (the stage is
    open), and whether the viewer wrote it. The version holds the card's last change on
    the board, its row's last save and its author's displayed name (an erasure or a new
    name gives a new key). Cards are only ever served on their own group's board.
    """
    keys = card_keys(
        request.user.pk,
        entries,
        moderator=moderator,
        can_moderate=can_moderate,
        can_revise=can_revise,
    )

    def render(missing: list) -> dict[int, str]:
        cards = selectors.board_contributions(request.user, session, moderator=moderator)
        return {
            card.pk: render_to_string(
                "peergroups/_card.html",
                {
                    "card": card,
                    "can_moderate": can_moderate,
                    "revisable": can_revise and card.author_id == request.user.pk,
                    "csrf_token": CSRF_MARK,
                },
            )
            for card in cards.filter(pk__in=missing)
        }

    return {pk: mark_safe(html) for pk, html in render_cached(request, keys, render).items()}


def _board_context(request: HttpRequest, session: PeerSession, since: int | None = None) -> dict:
    """The board's context: the whole board, or with `since` (the client's version) only
    what changed since then when that is possible (selectors.board_delta)."""
    moderator = request.user.has_perm("peergroups.change_peersession", session)
    can_moderate = request.user.has_perm("peergroups.change_contribution", session)
    entries = selectors.board_entries(session)
    visible = [e for e in entries if e.visible(moderator)]
    # The viewer's own cards they may still edit or withdraw: the rule asked once (every
    # card of the board shares its session, stage and group).
    own = next((e for e in entries if e.author_id == request.user.pk), None)
    can_revise = own is not None and request.user.has_perm(
        "peergroups.revise_contribution",
        Contribution(pk=own.pk, session=session, author_id=own.author_id),
    )
    delta = (
        selectors.board_delta(session, entries, moderator=moderator, since=since)
        if since is not None
        else None
    )
    shown = delta.replaced + delta.appended if delta else visible
    html = _card_fragments(
        request,
        session,
        shown,
        moderator=moderator,
        can_moderate=can_moderate,
        can_revise=can_revise,
    )
    context = {
        "session": session,
        "group": session.group,
        "card_count": len(visible),
        "moderator": moderator,
        "can_moderate": can_moderate,
        "can_open": request.user.has_perm("peergroups.open_peersession", session),
        "can_post": request.user.has_perm("peergroups.add_contribution", session),
        "poll_token": poll_token(request, POLL_SCOPE, session.pk),
        "delta": delta is not None,
    }
    if delta is not None:
        context.update(
            delta_removed=delta.removed,
            # The card's own element carries the out-of-band swap: it replaces itself.
            delta_replaced=[
                mark_safe(html[e.pk].replace("<article ", '<article hx-swap-oob="true" ', 1))
                for e in delta.replaced
                if e.pk in html
            ],
            delta_appended=[(e.kind, html[e.pk]) for e in delta.appended if e.pk in html],
        )
        return context
    # The grid's rows (DOMAIN §3.7), each card under its theme; former "learnings" apart.
    rows = []
    for kind in GRID_KINDS:
        themes: list[dict] = []
        unthemed = []
        for e in visible:
            if e.kind != kind or e.pk not in html:
                continue
            if not e.theme:
                unthemed.append(html[e.pk])
            elif themes and themes[-1]["name"] == e.theme:
                themes[-1]["cards"].append(html[e.pk])
            else:
                themes.append({"name": e.theme, "cards": [html[e.pk]]})
        rows.append(
            {"kind": kind.value, "label": kind.label, "unthemed": unthemed, "themes": themes}
        )
    context["rows"] = rows
    context["legacy_cards"] = [
        html[e.pk] for e in visible if e.kind == ContributionKind.LEARNING and e.pk in html
    ]
    return context


# Twelve cohorts' four groups a page.
GROUPS_PER_PAGE = 48


@login_required
@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    query = search_terms(request)
    page = paginate(
        request,
        selectors.groups_listed_for(request.user, query=query).prefetch_related("sessions"),
        per_page=GROUPS_PER_PAGE,
    )
    cohorts = {g.cohort_id: g.cohort for g in page.items}
    grid_links = [
        (pk, request.user.has_perm("peergroups.view_grid", cohort))
        for pk, cohort in cohorts.items()
    ]
    template = "peergroups/group_list.html"
    if wants_fragment(request):
        template += "#results"
    return render(
        request,
        template,
        {"groups": page, "grid_links": grid_links, "filters": {"q": query}},
    )


@login_required
@require_GET
def group_detail(request: HttpRequest, group_id: int) -> HttpResponse:
    group = scoped_or_404(selectors.groups_for(request.user), pk=group_id)
    require(request.user, "peergroups.view_peergroup", group)
    return render(
        request,
        "peergroups/group_detail.html",
        {
            "group": group,
            "sessions": group.sessions.all(),
            "moderator": request.user.has_perm("peergroups.change_peersession", group),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    require(request.user, "peergroups.change_peersession", session)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        services.peer_session_update(
            session=session,
            starts_at=form.cleaned_data["starts_at"],
            duration_minutes=form.cleaned_data["duration_minutes"],
            place=form.cleaned_data["place"],
        )
        messages.success(request, _("Séance mise à jour."))
        return redirect("peergroups:group-detail", group_id=session.group_id)
    return render(request, "peergroups/session_edit.html", {"session": session, "form": form})


@login_required
@require_POST
def session_status(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    require(request.user, "peergroups.open_peersession", session)
    status = request.POST.get("status", "")
    closing = status == SessionStatus.CLOSED and session.status == SessionStatus.OPEN
    board_url = reverse("peergroups:session-board", args=[session.pk])
    if closing and not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Clore « %(session)s »") % {"session": session},
                question=_("Clore « %(session)s » ?") % {"session": session},
                consequences=[
                    _("Les membres du groupe ne pourront plus y déposer de contribution."),
                    _("Les contributions restent lisibles par le groupe et l'animation."),
                ],
                undo_note=_("Vous pourrez la rouvrir tant que l'étape est ouverte."),
                confirm_label=_("Clore la séance"),
                cancel_url=board_url,
                fields={"status": SessionStatus.CLOSED},
            ),
        )
    try:
        services.peer_session_set_status(session=session, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if session.status == SessionStatus.OPEN:
            messages.success(
                request,
                _("« %(session)s » est ouverte : les membres peuvent contribuer.")
                % {"session": session},
            )
        elif closing:
            success_with_undo(
                request,
                _("« %(session)s » est close : plus aucune contribution n'y est possible.")
                % {"session": session},
                reverse("peergroups:session-status", args=[session.pk]),
                {"status": SessionStatus.OPEN},
            )
        else:
            messages.success(
                request,
                _("« %(session)s » : état « %(status)s ».")
                % {"session": session, "status": session.get_status_display()},
            )
    return redirect(board_url)


@login_required
@require_GET
def session_board(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    context = _board_context(request, session)
    context["form"] = ContributionForm(category=session.group.category)
    context["referential"] = referential_principles()
    return render(request, "peergroups/session_board.html", context)


@never_cache
@require_GET
def session_refresh(request: HttpRequest, session_id: int) -> HttpResponse:
    """The board's poll: 304 in one query when nothing changed, else what changed.

    With a valid poll token it neither loads the session row nor the user (one query in
    all); without one it falls back to the ordinary authentication.
    """
    try:
        since = int(request.GET.get("v", ""))
    except ValueError:
        since = None
    user_id = poll_user_id(request, POLL_SCOPE, session_id)
    found = selectors.session_version_for(user_id, session_id) if user_id else None
    if found is not None and since == found[0]:
        return HttpResponse(status=304)
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Reconnectez-vous pour suivre la séance.")}, status=401)
    found = selectors.session_version_for(request.user.pk, session_id)
    if found is None:
        return JsonResponse({"error": _("Séance introuvable.")}, status=404)
    if since == found[0]:
        return HttpResponse(status=304)
    session = _session(request, session_id)
    # Only the cards that changed since the client's version, or the whole board.
    context = _board_context(request, session, since=since)
    return render(request, "peergroups/session_board.html#refresh", context)


@login_required
@require_POST
def contribution_create(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    require(request.user, "peergroups.add_contribution", session, services.SESSION_CLOSED)
    category = session.group.category
    form = ContributionForm(request.POST, category=category)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.contribution_create(
                session=session,
                author=request.user,
                kind=data["kind"],
                text=data["text"],
                target_category=data["target_category"],
                axes=data["axes"],
                anonymous=data["anonymous"],
            )
        except PermissionDenied as error:
            return forbidden(request, str(error.args[0] if error.args else ""))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, _("Contribution publiée."))
                return redirect("peergroups:session-board", session_id=session.pk)
            session.refresh_from_db()
            context = _board_context(request, session)
            context.update(
                form=ContributionForm(initial={"kind": data["kind"]}, category=category),
                oob_board=True,
            )
            return render(request, "peergroups/session_board.html#post-form", context)
    context = _board_context(request, session)
    context["form"] = form
    if request.htmx:
        return render(request, "peergroups/session_board.html#post-form", context)
    context["referential"] = referential_principles()
    return render(request, "peergroups/session_board.html", context, status=400)


def _own_or_moderated(request: HttpRequest, contribution_id: int, author_perm: str):
    """(card, moderator?) for an edit: the facilitator moderates, the author revises their
    own card; anyone else in the group is refused with the reason (403)."""
    contribution = scoped_or_404(
        Contribution.objects.select_related("session__group__cohort").filter(
            session__in=selectors.sessions_for(request.user)
        ),
        pk=contribution_id,
    )
    if author_perm == "peergroups.revise_contribution" and request.user.has_perm(
        "peergroups.change_contribution", contribution
    ):
        return contribution, True
    require(request.user, author_perm, contribution, services.NOT_YOURS_OR_CLOSED)
    return contribution, False


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, contribution_id: int) -> HttpResponse:
    """The facilitator's edit (with the grouping), or the author's edit of their own card
    while the session is open. Either way a card changed meanwhile is never overwritten."""
    contribution, moderator = _own_or_moderated(
        request, contribution_id, "peergroups.revise_contribution"
    )
    form_class = ContributionEditForm if moderator else ContributionReviseForm
    initial = {
        "kind": contribution.kind,
        "text": contribution.text,
        "target_category": contribution.target_category,
        "axes": list(contribution.axes.all()),
        "theme": contribution.theme,
        "revision": contribution.revision,
    }
    category = contribution.session.group.category
    form = form_class(
        request.POST if request.method == "POST" else None, initial=initial, category=category
    )
    status, stale = 200, None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "contribution": contribution,
                "revision": data["revision"],
                "kind": data["kind"],
                "text": data["text"],
                "target_category": data["target_category"],
                "axes": data["axes"],
            }
            try:
                if moderator:
                    services.contribution_update(**fields, theme=data["theme"])
                else:
                    services.contribution_revise(**fields, author=request.user)
            except PermissionDenied as error:
                return forbidden(request, str(error.args[0] if error.args else ""))
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            except StaleEdit as error:
                stale = stale_choice(
                    form,
                    error,
                    message=_(
                        "Cette contribution a été modifiée entre-temps : votre version n'a "
                        "pas été enregistrée. Comparez, puis enregistrez la vôtre ou "
                        "reprenez la version actuelle."
                    ),
                    fields=[f for f in CONTRIBUTION_EDIT_FIELDS if f in form.fields],
                    take_theirs_url=request.path,
                )
                # What they typed stays; saving again starts from the version now shown.
                typed = request.POST.copy()
                typed["revision"] = str(error.current.revision)
                form = form_class(typed, category=category)
                form.is_valid()
                status = 409
            else:
                messages.success(
                    request,
                    _("Contribution modifiée.")
                    if moderator
                    else _("Votre contribution est modifiée."),
                )
                url = reverse("peergroups:session-board", args=[contribution.session_id])
                return redirect(f"{url}#card-{contribution.pk}")
        else:
            status = 400
    return render(
        request,
        "peergroups/contribution_edit.html",
        {"contribution": contribution, "form": form, "stale": stale, "moderator": moderator},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contribution_withdraw(request: HttpRequest, contribution_id: int) -> HttpResponse:
    """The author withdraws their own card, after confirming what they withdraw."""
    contribution, _moderator = _own_or_moderated(
        request, contribution_id, "peergroups.withdraw_contribution"
    )
    # Bound on every POST, even an empty one (which must say what is missing, not fail).
    form = ContributionWithdrawForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": contribution.revision},
    )
    status, changed = 200, False
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.contribution_withdraw(
                    contribution=contribution,
                    author=request.user,
                    revision=form.cleaned_data["revision"],
                )
            except PermissionDenied as error:
                return forbidden(request, str(error.args[0] if error.args else ""))
            except StaleEdit as error:
                # Shared, merged or edited since the page was read: show it as it is now
                # and ask again, rather than withdraw something the author has not seen.
                contribution, changed, status = error.current, True, 409
                form = ContributionWithdrawForm(initial={"revision": contribution.revision})
            else:
                messages.success(
                    request,
                    _("Votre contribution « %(text)s » est retirée du tableau.")
                    % {"text": Truncator(contribution.text).chars(60)},
                )
                return redirect("peergroups:session-board", session_id=contribution.session_id)
        else:
            form.add_error(None, _("Version de la contribution manquante : rechargez la page."))
    return render(
        request,
        "peergroups/contribution_withdraw.html",
        {"contribution": contribution, "form": form, "changed": changed},
        status=status,
    )


@login_required
@require_POST
def contribution_flag(request: HttpRequest, contribution_id: int) -> HttpResponse:
    contribution = _contribution(request, contribution_id)
    try:
        services.contribution_set_flag(
            contribution=contribution,
            flag=request.POST.get("flag", ""),
            value=request.POST.get("value") == "1",
        )
    except ValidationError as error:
        if request.htmx:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        messages.error(request, " ".join(error.messages))
    if request.htmx:
        session = _session(request, contribution.session_id)
        return render(
            request, "peergroups/session_board.html#flagged", _board_context(request, session)
        )
    return redirect("peergroups:session-board", session_id=contribution.session_id)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_merge(request: HttpRequest, contribution_id: int) -> HttpResponse:
    contribution = _contribution(request, contribution_id)
    form = MergeForm(request.POST or None, contribution=contribution)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_merge(contribution=contribution, into=form.cleaned_data["into"])
        except ValidationError as error:
            form.add_error("into", error)
        else:
            messages.success(request, _("Contributions fusionnées."))
            return redirect("peergroups:session-board", session_id=contribution.session_id)
    return render(
        request,
        "peergroups/contribution_merge.html",
        {"contribution": contribution, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def contribution_unmerge(request: HttpRequest, contribution_id: int) -> HttpResponse:
    contribution = _contribution(request, contribution_id)
    services.contribution_unmerge(contribution=contribution)
    messages.success(request, _("Contribution séparée."))
    return redirect(reverse("peergroups:session-board", args=[contribution.session_id]))


@login_required
@require_GET
def cohort_grid(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The facilitator's cross view of the four groups' grids."""
    cohort = get_cohort_or_404(request.user, cohort_id, perm="peergroups.view_grid")
    try:
        session_number = int(request.GET.get("seance") or 0)
    except ValueError:
        session_number = 0
    shared_only = request.GET.get("partagees") == "1"
    grid = selectors.cohort_grid(cohort, session_number=session_number, shared_only=shared_only)
    return render(
        request,
        "peergroups/cohort_grid.html",
        {
            "cohort": cohort,
            "grid": grid,
            "session_number": session_number,
            "shared_only": shared_only,
            "session_numbers": range(1, DEFAULT_SESSION_COUNT + 1),
        },
    )
