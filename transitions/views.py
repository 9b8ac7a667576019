from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from transitions import jobs, personal_data, selectors, services
from transitions.access import get_cohort_or_404, require, scoped_or_404
from transitions.concurrency import StaleEdit, refused_edit
from transitions.forms import (
    CohortForm,
    ConsentForm,
    InvitationAcceptForm,
    InvitationForm,
    InvitationImportForm,
    InvitationSignupForm,
    MeetingForm,
    StageForm,
)
from transitions.invitation_import import MAX_BYTES, invitations_import
from transitions.models import Invitation, Job, JobStatus, Meeting, Role, Stage, User
from transitions.roles import roles_of


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        context["cards"] = selectors.cohort_cards_for(request.user)
        context["can_create_cohort"] = request.user.has_perm("transitions.add_cohort")
    return render(request, "transitions/home.html", context)


@login_required
@require_GET
def referential(request: HttpRequest) -> HttpResponse:
    require(request.user, "transitions.view_referential", None)
    return render(
        request,
        "transitions/referential.html",
        {"principles": selectors.referential_principles()},
    )


# --- Cohorts -----------------------------------------------------------------------------


@login_required
@require_GET
def cohort_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "transitions/cohort_list.html",
        {
            "cards": selectors.cohort_cards_for(request.user),
            "can_create_cohort": request.user.has_perm("transitions.add_cohort"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "transitions.add_cohort", None)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        cohort = services.cohort_create(created_by=request.user, **data)
        messages.success(request, _("La cohorte a été créée avec les étapes du parcours type."))
        return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
    return render(request, "transitions/cohort_form.html", {"form": form, "cohort": None})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_update(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.change_cohort")
    form = CohortForm(request.POST or None, instance=cohort)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        try:
            services.cohort_update(
                cohort=cohort, fingerprint=form.cleaned_data["fingerprint"], **data
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La cohorte a été enregistrée."))
            return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
    return render(
        request,
        "transitions/cohort_form.html",
        {"form": form, "cohort": cohort, "stale": stale},
        status=409 if stale else 200,
    )


def _cohort_context(request: HttpRequest, cohort) -> dict:
    user = request.user
    return {
        "cohort": cohort,
        "stages": selectors.stages_of(cohort),
        "meetings": selectors.meetings_of(cohort, upcoming_only=True),
        "delegations": selectors.delegations_visible_in(user, cohort),
        "can_manage": user.has_perm("transitions.change_cohort", cohort),
        "roles": [Role(r).label for r in sorted(roles_of(user).in_cohort(cohort.pk))],
    }


@login_required
@require_GET
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.view_cohort")
    return render(request, "transitions/cohort_detail.html", _cohort_context(request, cohort))


@login_required
@require_GET
def cohort_dashboard(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.view_dashboard")
    return render(
        request,
        "transitions/dashboard.html",
        {"cohort": cohort, **selectors.dashboard_for(cohort)},
    )


# --- Stages ------------------------------------------------------------------------------


def _stage(request: HttpRequest, cohort_id: int, stage_id: int) -> tuple:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.change_stage")
    stage = scoped_or_404(Stage.objects.filter(cohort=cohort), pk=stage_id)
    return cohort, stage


@login_required
@require_http_methods(["GET", "POST"])
def stage_update(request: HttpRequest, cohort_id: int, stage_id: int) -> HttpResponse:
    cohort, stage = _stage(request, cohort_id, stage_id)
    form = StageForm(request.POST or None, instance=stage)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_update(
                stage=stage,
                fingerprint=form.cleaned_data["fingerprint"],
                name=form.cleaned_data["name"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                skipped=form.cleaned_data.get("skipped", False),
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            # Field-keyed errors may name a field the form lacks: show them on top.
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("L'étape a été enregistrée."))
            return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
    return render(
        request,
        "transitions/stage_form.html",
        {"form": form, "cohort": cohort, "stage": stage, "stale": stale},
        status=409 if stale else 200,
    )


def _stage_action_response(request: HttpRequest, cohort, error: str = "") -> HttpResponse:
    if request.htmx:
        if error:
            return JsonResponse({"error": error}, status=400)
        return render(
            request, "transitions/cohort_detail.html#stages", _cohort_context(request, cohort)
        )
    if error:
        messages.error(request, error)
    return redirect("transitions:cohort-detail", cohort_id=cohort.pk)


@login_required
@require_POST
def stage_move(request: HttpRequest, cohort_id: int, stage_id: int) -> HttpResponse:
    cohort, stage = _stage(request, cohort_id, stage_id)
    try:
        services.stage_move(stage=stage, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        return _stage_action_response(request, cohort, " ".join(error.messages))
    return _stage_action_response(request, cohort)


@login_required
@require_POST
def stage_status(request: HttpRequest, cohort_id: int, stage_id: int) -> HttpResponse:
    cohort, stage = _stage(request, cohort_id, stage_id)
    try:
        services.stage_set_status(stage=stage, status=request.POST.get("status", ""))
    except ValidationError as error:
        return _stage_action_response(request, cohort, " ".join(error.messages))
    return _stage_action_response(request, cohort)


# --- Meetings ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, cohort_id: int, stage_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.add_meeting")
    stage = scoped_or_404(Stage.objects.filter(cohort=cohort), pk=stage_id)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        services.meeting_create(stage=stage, **data)
        messages.success(request, _("La rencontre a été ajoutée."))
        return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
    return render(
        request,
        "transitions/meeting_form.html",
        {"form": form, "cohort": cohort, "stage": stage, "meeting": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_update(request: HttpRequest, cohort_id: int, meeting_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.change_meeting")
    meeting = scoped_or_404(
        Meeting.objects.filter(stage__cohort=cohort).select_related("stage"), pk=meeting_id
    )
    form = MeetingForm(request.POST or None, instance=meeting)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        try:
            services.meeting_update(
                meeting=meeting, fingerprint=form.cleaned_data["fingerprint"], **data
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La rencontre a été enregistrée."))
            return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
    return render(
        request,
        "transitions/meeting_form.html",
        {
            "form": form,
            "cohort": cohort,
            "stage": meeting.stage,
            "meeting": meeting,
            "stale": stale,
        },
        status=409 if stale else 200,
    )


# --- People and invitations --------------------------------------------------------------


@login_required
@require_GET
def member_list(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.view_membership")
    return render(
        request,
        "transitions/member_list.html",
        {
            "cohort": cohort,
            "memberships": selectors.memberships_of(cohort),
            "invitations": selectors.invitations_of(cohort),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.add_invitation")
    form = InvitationForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(cohort=cohort, invited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("transitions:member-list", cohort_id=cohort.pk)
    return render(request, "transitions/invitation_form.html", {"form": form, "cohort": cohort})


@login_required
@require_http_methods(["GET", "POST"])
def invitation_import(request: HttpRequest, cohort_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.add_invitation")
    form = InvitationImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST" and form.is_valid():
        report = invitations_import(
            cohort=cohort,
            # One byte over the limit is enough to refuse it; never read a huge file whole.
            data=form.cleaned_data["file"].read(MAX_BYTES + 1),
            invited_by=request.user,
        )
        if report.ok:
            messages.success(request, _("%(n)s invitations envoyées.") % {"n": report.created})
            return redirect("transitions:member-list", cohort_id=cohort.pk)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "transitions/invitation_import.html",
        {"form": form, "cohort": cohort, "report": report},
        status=status,
    )


def _invitation(request: HttpRequest, cohort_id: int, invitation_id: int) -> tuple:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.change_invitation")
    invitation = scoped_or_404(Invitation.objects.filter(cohort=cohort), pk=invitation_id)
    return cohort, invitation


@login_required
@require_POST
def invitation_resend(request: HttpRequest, cohort_id: int, invitation_id: int) -> HttpResponse:
    cohort, invitation = _invitation(request, cohort_id, invitation_id)
    try:
        services.invitation_resend(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Invitation renvoyée à %(email)s.") % {"email": invitation.email}
        )
    return redirect("transitions:member-list", cohort_id=cohort.pk)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, cohort_id: int, invitation_id: int) -> HttpResponse:
    cohort, invitation = _invitation(request, cohort_id, invitation_id)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitation révoquée : le lien ne fonctionne plus."))
    return redirect("transitions:member-list", cohort_id=cohort.pk)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link: creates the account (through allauth) or joins an existing one."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("cohort", "delegation__territory"), token=token
    )
    context: dict = {"invitation": invitation, "problem": services.invitation_problem(invitation)}
    if context["problem"]:
        return render(request, "transitions/invitation_accept.html", context, status=410)

    user = request.user
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        context["wrong_account"] = True
        return render(request, "transitions/invitation_accept.html", context, status=403)
    if existing and not user.is_authenticated:
        context["login_url"] = reverse("account_login") + "?next=" + request.path
        context["needs_login"] = True
        return render(request, "transitions/invitation_accept.html", context)

    asks_consent = invitation.role != Role.RESEARCHER
    if user.is_authenticated:
        form = InvitationAcceptForm(request.POST or None, asks_consent=asks_consent)
        if request.method == "POST" and form.is_valid():
            try:
                services.invitation_accept(
                    invitation=invitation,
                    user=user,
                    research_consent=form.cleaned_data.get("research_consent", False),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Bienvenue dans la cohorte « %(name)s ».") % {"name": invitation.cohort.name},
                )
                return redirect("transitions:cohort-detail", cohort_id=invitation.cohort_id)
        context["form"] = form
        return render(request, "transitions/invitation_accept.html", context)

    # A new person: public signup is closed except through a valid invitation.
    request.invitation_signup_allowed = True
    adapter = get_adapter(request)
    form = InvitationSignupForm(
        request.POST or None,
        email=invitation.email,
        initial={"full_name": invitation.full_name},
        asks_consent=asks_consent,
    )
    if request.method == "POST" and form.is_valid() and adapter.is_open_for_signup(request):
        try:
            with transaction.atomic():
                new_user = adapter.new_user(request)
                new_user.email = invitation.email
                new_user.full_name = form.cleaned_data["full_name"]
                new_user.set_password(form.cleaned_data["password1"])
                new_user.save()
                # The link reached this mailbox, which proves the address: no second email.
                EmailAddress.objects.create(
                    user=new_user, email=invitation.email, verified=True, primary=True
                )
                services.invitation_accept(
                    invitation=invitation,
                    user=new_user,
                    research_consent=form.cleaned_data.get("research_consent", False),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Votre compte est créé. Bienvenue dans la cohorte « %(name)s ».")
                % {"name": invitation.cohort.name},
            )
            return perform_login(
                request,
                new_user,
                email_verification="none",
                redirect_url=reverse("transitions:cohort-detail", args=[invitation.cohort_id]),
                signup=True,
            )
    context["form"] = form
    return render(request, "transitions/invitation_accept.html", context)


# --- Profile -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    memberships = list(selectors.memberships_of_user(request.user))
    cohorts: dict[int, dict] = {}
    for m in memberships:
        entry = cohorts.setdefault(
            m.cohort_id,
            {
                "cohort": m.cohort,
                "roles": [],
                "consent": m.research_consent,
                "at": m.research_consent_at,
            },
        )
        entry["roles"].append(m)
    for entry in cohorts.values():
        # Researchers observe: their own words are not research material, so a
        # researcher-only membership is never asked for consent.
        entry["asks_consent"] = any(m.role != Role.RESEARCHER for m in entry["roles"])
    if request.method == "POST":
        cohort_id = request.POST.get("cohort")
        entry = cohorts.get(int(cohort_id)) if (cohort_id or "").isdigit() else None
        if entry is None:
            messages.error(request, _("Vous n'êtes pas membre de cette cohorte."))
            return redirect("transitions:profile")
        if not entry["asks_consent"]:
            messages.error(
                request, _("Votre rôle dans cette cohorte ne demande pas de consentement.")
            )
            return redirect("transitions:profile")
        form = ConsentForm(request.POST)
        if form.is_valid():
            services.research_consent_set(
                user=request.user,
                cohort=entry["cohort"],
                consent=form.cleaned_data["research_consent"],
            )
            messages.success(request, _("Votre choix de consentement a été enregistré."))
        else:
            messages.error(request, _("Choisissez explicitement oui ou non."))
        return redirect("transitions:profile")
    for entry in cohorts.values():
        entry["form"] = ConsentForm(
            initial={"research_consent": "yes" if entry["consent"] else "no"},
            auto_id=f"c{entry['cohort'].pk}_%s",
        )
    erasure_pending = request.user.erasure_requests.filter(done_at__isnull=True).exists()
    return render(
        request,
        "transitions/profile.html",
        {"entries": list(cohorts.values()), "erasure_pending": erasure_pending},
    )


# --- Health ------------------------------------------------------------------------------


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any driver error means "not answering"
        return False, exc.__class__.__name__


def _redis_ok() -> tuple[bool, str]:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
        return True, "ok"
    except Exception as exc:
        return False, exc.__class__.__name__


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, str] = {}
    healthy = True
    ok, detail = _database_ok()
    checks["database"] = detail
    healthy &= ok
    if settings.REDIS_URL:
        ok, detail = _redis_ok()
        checks["redis"] = detail
        healthy &= ok
    else:
        checks["redis"] = "not configured"
    body: dict = {"status": "ok" if healthy else "error"}
    # Which service failed, and how, is for the operators: staff only.
    if request.user.is_authenticated and request.user.is_staff:
        body["checks"] = checks
    return JsonResponse(body, status=200 if healthy else 503)


# --- Generated files ---------------------------------------------------------------------


def job_file_response(request: HttpRequest, job: Job, obj) -> FileResponse:
    """The one place a generated file leaves the server: the job's kind rule is checked on
    `obj` (which the caller found in the user's scope), then the file is streamed as an
    attachment that no cache keeps. `/media/` is never served."""
    kind = jobs.job_kind(job.kind)
    if kind is None or job.status != JobStatus.READY or not job.file:
        raise Http404
    if not request.user.has_perm(kind.view_perm, obj):
        raise PermissionDenied(_("Vous n'avez pas le droit de télécharger ce fichier."))
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename or "document")
    # Reports hold a territory's answers: neither shared caches nor the browser keep them.
    patch_cache_control(response, private=True, no_store=True)
    return response


def job_poll_response(request: HttpRequest, template_name: str, context: dict, job) -> HttpResponse:
    """A job's polling partial; once the job is finished (or absent) htmx stops polling."""
    response = render(request, template_name, context)
    if job is None or not job.is_active:
        stop = HttpResponseStopPolling()
        stop.content = response.content
        return stop
    return response


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    """Download a job's file by id: 404 outside the scope of its object, 403 without the
    kind's right on it."""
    job = get_object_or_404(Job, pk=job_id)
    kind = jobs.job_kind(job.kind)
    obj = kind.obj_for(request.user, job.target) if kind else None
    if obj is None:
        raise Http404
    return job_file_response(request, job, obj)


# --- Personal data (RGPD) ------------------------------------------------------------------


@never_cache
@login_required
@require_GET
def profile_data_export(request: HttpRequest) -> HttpResponse:
    """Everything the platform holds about the signed-in person, as one JSON file."""
    data = personal_data.user_export(request.user)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-transitions.json"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def profile_erasure_request(request: HttpRequest) -> HttpResponse:
    personal_data.erasure_request(user=request.user)
    messages.success(
        request,
        _(
            "Votre demande d'effacement est enregistrée. Un·e animateur·rice de votre cohorte "
            "ou l'équipe la confirmera ; vos données seront alors effacées."
        ),
    )
    return redirect("transitions:profile")


@login_required
@require_GET
def erasure_list(request: HttpRequest) -> HttpResponse:
    pending = personal_data.pending_erasures_for(request.user)
    return render(request, "transitions/erasure_list.html", {"pending": pending})


@login_required
@require_POST
def erasure_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    erasure = scoped_or_404(personal_data.pending_erasures_for(request.user), pk=pk)
    require(
        request.user,
        "transitions.confirm_erasure",
        erasure,
        _("Seul·e un·e animateur·rice d'une cohorte de cette personne ou l'équipe confirme."),
    )
    personal_data.user_erase(user=erasure.user, by=request.user)
    messages.success(request, _("Les données de cette personne sont effacées."))
    return redirect("transitions:erasure-list")
