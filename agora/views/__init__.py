"""The agora's views (statements, positions, summary). Territorial forums: agora.views.forums
(preparation, harvest, summary) and agora.views.cafe (the live World Café)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora import reports, selectors, services
from agora.forms import AgoraDelegationsForm, PositionForm, StatementEditForm, StatementForm
from agora.models import POSITION_FIELDS, STATEMENT_EDIT_FIELDS, Agora, Stance, Statement
from peergroups.selectors import shared_contributions
from territories.models import Delegation
from transitions.access import get_cohort_or_404, require, scoped_or_404
from transitions.concurrency import StaleChoice, StaleEdit, refused_edit, stale_choice
from transitions.confirm import Confirmation, confirmation_page, confirmed
from transitions.fragments import CSRF_MARK, digest, fragment_key, render_cached
from transitions.models import ActorCategory
from transitions.pagination import paginate
from transitions.rules import stage_is_open
from transitions.selectors import cohorts_for
from transitions.views import job_file_response, job_poll_response


def _agora(request: HttpRequest, cohort_id: int) -> Agora:
    """The cohort's agora; it exists once the agora stage has opened (stage-opened hook)."""
    cohort = get_cohort_or_404(request.user, cohort_id, perm="agora.view_agora")
    return scoped_or_404(Agora.objects.select_related("cohort"), cohort=cohort)


ROW_PARTS = ("matrix", "territory", "kind")


def _row_fragments(request: HttpRequest, rows, delegations, *, run: bool) -> None:
    """Give each matrix row its HTML (`row.html[part]`), cached per statement version.

    The key holds the statement's last change (its positions included), its positions'
    revisions, the sources still shared and the columns (participating delegations), and
    the viewer's scope: `run` (the facilitator's tap buttons, stage open) or `read`.
    Agora content is attributed to categories, never to a person: within a scope every
    viewer may see the same bytes.
    """
    scope = "run" if run else "read"
    columns = digest(*(d.pk for d in delegations))
    keys = {}
    for row in rows:
        st = row.statement
        version = (
            st.pk,
            st.changed_version,
            f"{st.updated_at.timestamp():.6f}",
            digest(*((p.pk, p.revision) for p in st.positions.all())),
            digest(*(s.id for s in row.sources)),
            columns,
        )
        for part in ROW_PARTS:
            keys[(st.pk, part)] = fragment_key(f"agora-{part}", version, scope)
    by_pk = {row.statement.pk: row for row in rows}
    stances = PositionForm.base_fields["stance"].choices

    def render(missing: list) -> dict:
        return {
            (pk, part): render_to_string(
                f"agora/_statement.html#{part}-{'row' if part != 'kind' else 'item'}",
                {"row": by_pk[pk], "run": run, "stances": stances, "csrf_token": CSRF_MARK},
            )
            for pk, part in missing
        }

    html = render_cached(request, keys, render)
    for row in rows:
        row.html = {part: mark_safe(html[(row.statement.pk, part)]) for part in ROW_PARTS}


def _oob(fragment: str) -> str:
    """The fragment's own first element swaps itself in place (out of band)."""
    tag_end = fragment.index(" ", fragment.index("<"))
    return mark_safe(f'{fragment[:tag_end]} hx-swap-oob="true"{fragment[tag_end:]}')


def _live_context(request: HttpRequest, agora: Agora, shared=None, since=None) -> dict:
    """The live part's context: whole, or with `since` (the client's version) only the
    statement rows changed since then when that is possible (selectors.live_delta).
    Without `shared` (the poll), only the statements' sources are read."""
    delegations = selectors.agora_delegations(agora)
    rows = selectors.position_matrix(agora, shared, delegations)
    can_run = request.user.has_perm("agora.change_agora", agora)
    stage_open = stage_is_open(request.user, agora)
    delta = selectors.live_delta(agora, rows, since) if since is not None else None
    shown = delta.replaced + delta.appended if delta else rows
    _row_fragments(request, shown, delegations, run=can_run and stage_open)
    context = {
        "agora": agora,
        "cohort": agora.cohort,
        "categories": selectors.CATEGORIES,
        "delegations": delegations,
        "can_run": can_run,
        "stage_open": stage_open,
        "delta": delta is not None,
    }
    if delta is not None:
        for row in delta.replaced:
            row.oob = {part: _oob(html) for part, html in row.html.items() if part != "territory"}
            row.oob["territory"] = _oob(row.html["territory"]) if delegations else ""
        context.update(
            delta_removed=delta.removed,
            delta_replaced=delta.replaced,
            delta_appended=delta.appended,
        )
        return context
    context.update(
        matrix=rows,
        by_kind=selectors.statements_by_kind(rows),
        by_reading=selectors.statements_by_reading(rows),
    )
    return context


@login_required
@require_GET
def agora_list(request: HttpRequest) -> HttpResponse:
    cohorts = cohorts_for(request.user).order_by("-year", "name", "pk")
    return render(request, "agora/agora_list.html", {"cohorts": paginate(request, cohorts)})


@login_required
@require_GET
def agora_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, perm="agora.view_agora")
    agora = Agora.objects.filter(cohort=cohort).first()
    if agora is None:
        # Nothing is created on GET: the agora appears when its stage opens.
        return render(request, "agora/agora_detail.html", {"cohort": cohort, "agora": None})
    return render(request, "agora/agora_detail.html", _detail_context(request, agora))


# The page shows this many shared contributions; "load more" brings the next ones.
SHARED_PAGE = 30


def _shared_page(shared: list, start: int, everything: bool = False) -> dict:
    """One page of the shared contributions and where the next one starts (0: none)."""
    end = len(shared) if everything else start + SHARED_PAGE
    return {
        "shared_page": shared[start:end],
        "shared_next": end if end < len(shared) else 0,
        "shared_left": max(len(shared) - end, 0),
    }


def _detail_context(request: HttpRequest, agora: Agora, form: StatementForm | None = None) -> dict:
    shared = shared_contributions(agora.cohort)
    context = _live_context(request, agora, shared)
    # The statement form lists every shared contribution: rendered when asked for (its
    # section loads it when opened), or when it comes back with errors.
    form_shown = form is not None or request.GET.get("formulaire") == "1"
    context.update(
        _shared_page(shared, 0, everything=request.GET.get("contributions") == "toutes"),
        form_shown=form_shown,
        grid=selectors.expectations_grid(shared),
        form=form if form is not None else (StatementForm(shared=shared) if form_shown else None),
        job=reports.summary_latest(agora),
        can_summarise=request.user.has_perm("agora.add_summary", agora),
        can_see_grid=request.user.has_perm("peergroups.view_grid", agora.cohort),
    )
    return context


@never_cache
@login_required
@require_GET
def agora_refresh(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The live part's poll: 304 in one query when nothing changed, else the statement
    rows that changed since the client's version (or the whole live part)."""
    version = (
        Agora.objects.filter(cohort_id=cohort_id, cohort__in=cohorts_for(request.user))
        .values_list("version", flat=True)
        .first()
    )
    agora = None
    if version is None:  # not created yet (the stage never opened): an empty agora
        agora = _agora(request, cohort_id)
        version = agora.version
    if request.GET.get("v") == str(version):
        return HttpResponse(status=304)
    agora = agora or _agora(request, cohort_id)
    try:
        since = int(request.GET.get("v", ""))
    except ValueError:
        since = None
    context = _live_context(request, agora, since=since)
    return render(request, "agora/agora_detail.html#live-refresh", context)


@login_required
@require_GET
def shared_more(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The next page of the shared contributions ("load more" on the agora page)."""
    agora = _agora(request, cohort_id)
    try:
        start = max(int(request.GET.get("apres", "0")), 0)
    except ValueError:
        start = 0
    if not request.htmx:
        url = reverse("agora:agora-detail", args=[cohort_id])
        return redirect(f"{url}?contributions=toutes#shared-contributions")
    context = {"cohort": agora.cohort, **_shared_page(shared_contributions(agora.cohort), start)}
    return render(request, "agora/agora_detail.html#shared-page", context)


@login_required
@require_http_methods(["GET", "POST"])
def statement_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    agora = _agora(request, cohort_id)
    require(request.user, "agora.change_agora", agora)
    shared = shared_contributions(agora.cohort)
    if request.method == "GET":
        # The form, loaded when its section opens (or the page showing it, without htmx).
        if not request.htmx:
            url = reverse("agora:agora-detail", args=[cohort_id])
            return redirect(f"{url}?formulaire=1#build-statement")
        context = {"cohort": agora.cohort, "form_shown": True, "form": StatementForm(shared=shared)}
        return render(request, "agora/agora_detail.html#statement-form", context)
    form = StatementForm(request.POST, shared=shared)
    if form.is_valid():
        try:
            services.statement_create(
                agora=agora,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                sources=form.cleaned_data["sources"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Énoncé ajouté."))
            return redirect("agora:agora-detail", cohort_id=cohort_id)
    return render(
        request, "agora/agora_detail.html", _detail_context(request, agora, form), status=400
    )


def _statement(request: HttpRequest, statement_id: int) -> Statement:
    statement = scoped_or_404(
        Statement.objects.select_related("agora__cohort").filter(
            agora__cohort__in=cohorts_for(request.user)
        ),
        pk=statement_id,
    )
    require(request.user, "agora.change_agora", statement)
    return statement


def _revision_message() -> str:
    return _("Version de l'énoncé manquante ou invalide : rechargez la page.")


@login_required
@require_http_methods(["GET", "POST"])
def statement_edit(request: HttpRequest, statement_id: int) -> HttpResponse:
    """Edit a statement's text, kind and sources; a stale page never overwrites."""
    statement = _statement(request, statement_id)
    agora = statement.agora
    shared = shared_contributions(agora.cohort)
    shared_ids = {c.id for c in shared}
    initial = {
        "kind": statement.kind,
        "text": statement.text,
        # A source unshared since is not offered any more (it no longer leaves its group).
        "sources": [
            pk for pk in statement.sources.values_list("pk", flat=True) if pk in shared_ids
        ],
        "revision": statement.revision,
    }
    form = StatementEditForm(request.POST or None, initial=initial, shared=shared)
    current, status, stale = None, 200, None
    if request.method == "POST":
        status = 400
        if not form.is_valid():
            if "revision" in form.errors:
                form.add_error(None, _revision_message())
        else:
            try:
                services.statement_update(
                    statement=statement,
                    revision=form.cleaned_data["revision"],
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    sources=form.cleaned_data["sources"],
                )
            except StaleEdit as error:
                current, status = error.current, 409
                stale = _statement_stale(request, form, error, shared)
                # Keep what they typed; the next save is based on the version now shown.
                data = request.POST.copy()
                data["revision"] = str(current.revision)
                form = StatementEditForm(data, shared=shared)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Énoncé modifié."))
                url = reverse("agora:agora-detail", args=[agora.cohort_id])
                return redirect(f"{url}#statement-{statement.pk}")
    return render(
        request,
        "agora/statement_edit.html",
        {
            "statement": statement,
            "cohort": agora.cohort,
            "form": form,
            "current": current,
            "stale": stale,
        },
        status=status,
    )


def _statement_stale(request, form, error: StaleEdit, shared) -> StaleChoice:
    """The box of a refused statement edit: kind, text and sources, saved vs typed."""
    stale = stale_choice(
        form,
        error,
        message=_(
            "Cet énoncé a été modifié pendant que vous le modifiiez : votre version n'a pas "
            "été enregistrée."
        ),
        fields=STATEMENT_EDIT_FIELDS,
        note=_(
            "Votre version est restée dans le formulaire ci-dessous : enregistrez-la pour "
            "remplacer la version actuelle, ou reprenez la version actuelle."
        ),
        take_theirs_url=request.path,
        take_theirs_label=_("Reprendre la version actuelle"),
    )
    # Sources are a set of shared contributions, not a column: compared here, only those
    # still shared with the agora (an unshared one no longer leaves its group).
    labels = dict(form.fields["sources"].choices)
    saved_ids = set(error.current.sources.values_list("pk", flat=True)) & set(labels)
    typed_ids = {c.pk for c in form.cleaned_data["sources"]}
    if saved_ids != typed_ids:
        stale.differences.append(
            {
                "label": form.fields["sources"].label,
                "saved": "\n".join(str(labels[pk]) for pk in sorted(saved_ids)) or "—",
                "mine": "\n".join(str(labels[pk]) for pk in sorted(typed_ids)) or "—",
            }
        )
    return stale


@login_required
@require_POST
def statement_delete(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement(request, statement_id)
    cohort_id = statement.agora.cohort_id
    excerpt = Truncator(statement.text).words(12)
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Supprimer l'énoncé"),
                question=_("Supprimer l'énoncé « %(text)s » ?") % {"text": excerpt},
                consequences=[
                    _("L'énoncé et les positions des catégories sur cet énoncé seront supprimés."),
                    _("La suppression est définitive."),
                ],
                confirm_label=_("Supprimer l'énoncé"),
                cancel_url=reverse("agora:statement-edit", args=[statement.pk]),
            ),
        )
    services.statement_delete(statement=statement)
    messages.success(request, _("L'énoncé « %(text)s » a été supprimé.") % {"text": excerpt})
    return redirect("agora:agora-detail", cohort_id=cohort_id)


@login_required
@require_POST
def position_set(request: HttpRequest, statement_id: int) -> HttpResponse:
    try:
        statement = _statement(request, statement_id)
    except Http404:
        if not request.htmx:
            raise
        # Deleted by another facilitator while this page showed it (or never in scope).
        message = _("Cet énoncé n'existe plus ou ne vous est pas accessible : rechargez la page.")
        return JsonResponse({"error": message}, status=404)
    agora = statement.agora
    form = PositionForm(request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        if request.htmx:
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect("agora:agora-detail", cohort_id=agora.cohort_id)
    data = form.cleaned_data
    delegation = None
    if data["delegation"]:
        delegation = Delegation.objects.filter(
            pk=data["delegation"], cohort_id=agora.cohort_id
        ).first()
        if delegation is None:
            message = _("Cette délégation ne participe pas à l'agora : rechargez la page.")
            if request.htmx:
                return JsonResponse({"error": message}, status=400)
            messages.error(request, message)
            return redirect("agora:agora-detail", cohort_id=agora.cohort_id)
    try:
        services.position_set(
            statement=statement,
            category="" if delegation else data["category"],
            delegation=delegation,
            stance=data["stance"],
            note=data["note"],
            base_revision=data["revision"],
        )
    except StaleEdit as error:
        return _position_conflict(request, agora, statement, form, error)
    except ValidationError as error:
        message = " ".join(error.messages)
        if request.htmx:
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect("agora:agora-detail", cohort_id=agora.cohort_id)
    if request.htmx:
        agora.refresh_from_db()
        context = _live_context(request, agora)
        return render(request, "agora/agora_detail.html#live-response", context)
    return redirect(
        f"{reverse('agora:agora-detail', args=[agora.cohort_id])}#statement-{statement.pk}"
    )


def _position_conflict(request, agora, statement, form, error: StaleEdit) -> HttpResponse:
    """409: the live part as it is now, and the stale box with the other value and the
    choice: keep theirs (dismiss) or replace with mine (sent again from their revision)."""
    current, mine = error.current, form.cleaned_data
    holder = (
        current.delegation.territory.name
        if current.delegation_id
        else ActorCategory(current.category).label
    )
    # Our translated sentences are trusted markup, as in a template; only values are escaped.
    theirs = mark_safe(
        _(
            "Une autre personne a enregistré la position « %(category)s » pendant que vous "
            "choisissiez : %(stance)s."
        )
        % {"category": escape(holder), "stance": escape(current.get_stance_display())}
    )
    note = mark_safe(
        _("Votre choix n'a pas été enregistré : %(stance)s.")
        % {"stance": escape(Stance(mine["stance"]).label)}
    )
    url = reverse("agora:position-set", args=[statement.pk])
    conflict = stale_choice(
        form,
        error,
        message=format_html("{} « {} »", theirs, current.note) if current.note else theirs,
        fields=POSITION_FIELDS,
        subject=_("Énoncé : %(text)s") % {"text": Truncator(statement.text).chars(140)},
        note=format_html("{} « {} »", note, mine["note"].strip()) if mine["note"].strip() else note,
        take_theirs_url=(
            f"{reverse('agora:agora-detail', args=[agora.cohort_id])}#statement-{statement.pk}"
        ),
        take_theirs_label=_("Garder la leur"),
        take_theirs_dismiss=True,
        keep_mine_label=_("Remplacer par la mienne"),
        keep_mine_url=url,
        keep_mine_hx_target="#agora-live",
        keep_mine_fields={
            "category": current.category,
            "delegation": current.delegation_id or "",
            "stance": mine["stance"],
            "note": mine["note"].strip(),
            "revision": current.revision,
        },
    )
    agora.refresh_from_db()
    if request.htmx:
        context = _live_context(request, agora)
        context["conflict"] = conflict
        return render(request, "agora/agora_detail.html#live-response", context, status=409)
    context = _detail_context(request, agora)
    context["conflict"] = conflict
    return render(request, "agora/agora_detail.html", context, status=409)


def _summary_context(request: HttpRequest, agora: Agora, job) -> dict:
    return {
        "agora": agora,
        "job": job,
        "can_summarise": request.user.has_perm("agora.add_summary", agora),
    }


def _summary_agora(request: HttpRequest, cohort_id: int, perm: str) -> Agora:
    agora = _agora(request, cohort_id)
    if not request.user.has_perm(perm, agora):
        raise PermissionDenied(
            _("Seule l'animation de la cohorte prépare la synthèse de l'agora.")
            if perm == "agora.add_summary"
            else _("Vous n'avez pas accès à la synthèse de cette agora.")
        )
    return agora


@login_required
@require_POST
def summary_request(request: HttpRequest, cohort_id: int) -> HttpResponse:
    agora = _summary_agora(request, cohort_id, "agora.add_summary")
    job = reports.summary_request(agora=agora, user=request.user)
    if request.htmx:
        return render(
            request, "agora/agora_detail.html#summary", _summary_context(request, agora, job)
        )
    return redirect("agora:agora-detail", cohort_id=cohort_id)


@never_cache
@login_required
@require_GET
def summary_status(request: HttpRequest, cohort_id: int) -> HttpResponse:
    agora = _summary_agora(request, cohort_id, "agora.view_summary")
    job = reports.summary_latest(agora)
    context = _summary_context(request, agora, job)
    if request.htmx:
        return job_poll_response(request, "agora/agora_detail.html#summary", context, job)
    return render(request, "agora/agora_detail.html#summary", context)


@login_required
@require_GET
def summary_download(request: HttpRequest, cohort_id: int) -> FileResponse:
    agora = _agora(request, cohort_id)
    job = reports.summary_latest(agora)
    if job is None:
        raise Http404
    return job_file_response(request, job, agora)


@login_required
@require_http_methods(["GET", "POST"])
def agora_delegations(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Which territorial delegations take part: each then holds a position per statement."""
    agora = _agora(request, cohort_id)
    require(request.user, "agora.change_agora", agora)
    form = AgoraDelegationsForm(request.POST or None, instance=agora)
    stale, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.agora_set_delegations(
                    agora=agora,
                    delegations=form.cleaned_data["delegations"],
                    fingerprint=form.cleaned_data["fingerprint"],
                )
            except StaleEdit as error:
                saved = list(error.current.delegations.select_related("territory"))
                mine = list(form.cleaned_data["delegations"])
                form, stale = refused_edit(
                    form,
                    error,
                    message=_(
                        "Une autre personne a changé les délégations présentes pendant que "
                        "vous les choisissiez : rien n'a été enregistré."
                    ),
                    take_theirs_url=request.path,
                )
                stale.differences.append(
                    {
                        "label": _("Délégations présentes à l'agora"),
                        "saved": ", ".join(d.territory.name for d in saved) or "—",
                        "mine": ", ".join(d.territory.name for d in mine) or "—",
                    }
                )
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Délégations présentes enregistrées."))
                return redirect("agora:agora-detail", cohort_id=cohort_id)
    return render(
        request,
        "agora/agora_delegations.html",
        {"agora": agora, "cohort": agora.cohort, "form": form, "stale": stale},
        status=status,
    )
