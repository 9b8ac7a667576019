from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from transitions import jobs, operations, personal_data, selectors, services
from transitions.access import get_cohort_or_404, require, scoped_or_404
from transitions.concurrency import StaleEdit, refused_edit
from transitions.confirm import Confirmation, confirmation_page, confirmed, success_with_undo
from transitions.forms import (
    AttachmentForm,
    AttendanceForm,
    CohortForm,
    ConsentForm,
    GuestForm,
    InvitationAcceptForm,
    InvitationForm,
    InvitationImportForm,
    InvitationSignupForm,
    LinkFormSet,
    MeetingForm,
    MeetingReportForm,
    MembershipForm,
    OutcomeFormSet,
    StageForm,
    SubgroupForm,
)
from transitions.home import next_actions
from transitions.invitation_import import MAX_BYTES, invitations_import
from transitions.labels import options
from transitions.models import (
    ActorCategory,
    Invitation,
    InvitationStatus,
    Job,
    JobStatus,
    Meeting,
    MeetingAttachment,
    MeetingLink,
    MeetingOutcome,
    MeetingReport,
    Membership,
    Role,
    Stage,
    StageStatus,
    Subgroup,
    User,
)
from transitions.pagination import paginate, search_terms, wants_fragment
from transitions.roles import roles_of

# The members page's status filter: registered members, or invitations of one status.
MEMBER_STATUS = "membre"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        context["cards"] = selectors.cohort_cards_for(request.user)
        cohorts = [card["cohort"] for card in context["cards"]]
        # The providers ask stage rules cohort by cohort: the stages are read at once.
        selectors.stages_prefetch([c.pk for c in cohorts])
        context["actions"] = next_actions(request.user, cohorts)
        roles = roles_of(request.user)
        # The empty state says what to do next, by the role the person holds.
        context["seat_roles"] = {seat.role for seat in roles.seats}
        context["can_create_cohort"] = request.user.has_perm("transitions.add_cohort")
        # Researchers do not consent on their own behalf: only a membership in another
        # role offers the consent review (as the profile page decides per cohort).
        context["asks_consent"] = any(
            seat.role != Role.RESEARCHER for seat in roles_of(request.user).seats
        )
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
    from django.utils import timezone

    from transitions.navigation import stage_page_url

    user = request.user
    stages = list(selectors.stages_of(cohort))
    for stage in stages:
        stage.page_url = stage_page_url(stage)
    return {
        "cohort": cohort,
        "stages": stages,
        "meetings": selectors.meetings_visible_to(user, cohort).filter(
            starts_at__gte=timezone.now()
        )[:10],
        "subgroups": selectors.subgroups_visible_to(user, cohort),
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
    status = request.POST.get("status", "")
    closing = status == StageStatus.CLOSED and stage.status == StageStatus.OPEN
    if closing and not confirmed(request):
        # Closing freezes every write of the stage's pages: asked once, on a page of its
        # own (the close button is a plain form, not htmx).
        return confirmation_page(
            request,
            Confirmation(
                title=_("Clore l'étape « %(name)s »") % {"name": stage.name},
                question=_("Clore l'étape « %(name)s » de « %(cohort)s » ?")
                % {"name": stage.name, "cohort": cohort.name},
                consequences=[
                    _(
                        "Plus personne ne pourra y écrire : les pages de l'étape passent "
                        "en lecture seule pour les délégations et les groupes."
                    ),
                    _("Rien n'est supprimé : tout reste lisible."),
                ],
                undo_note=_("Vous pourrez rouvrir l'étape à tout moment depuis la cohorte."),
                confirm_label=_("Clore l'étape"),
                cancel_url=reverse("transitions:cohort-detail", args=[cohort.pk]),
                fields={"status": StageStatus.CLOSED},
            ),
        )
    try:
        stage = services.stage_set_status(stage=stage, status=status)
    except ValidationError as error:
        return _stage_action_response(request, cohort, " ".join(error.messages))
    if not request.htmx:
        if closing:
            success_with_undo(
                request,
                _("L'étape « %(name)s » est close : ses pages sont en lecture seule.")
                % {"name": stage.name},
                reverse("transitions:stage-status", args=[cohort.pk, stage.pk]),
                {"status": StageStatus.OPEN},
            )
        elif stage.status == StageStatus.OPEN:
            messages.success(request, _("L'étape « %(name)s » est ouverte.") % {"name": stage.name})
    return _stage_action_response(request, cohort)


# --- Meetings ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, cohort_id: int, stage_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.add_meeting")
    stage = scoped_or_404(Stage.objects.filter(cohort=cohort), pk=stage_id)
    form = MeetingForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "fingerprint"}
        try:
            services.meeting_create(stage=stage, **data)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
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
    form = MeetingForm(request.POST or None, instance=meeting, cohort=cohort)
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
            form.add_error(None, ValidationError(error.messages))
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


def _meeting(request: HttpRequest, cohort_id: int, meeting_id: int, perm: str) -> tuple:
    """A meeting in the user's scope (else 404), then the right on it (else 403)."""
    cohort = get_cohort_or_404(request.user, cohort_id)
    meeting = scoped_or_404(
        selectors.meetings_visible_to(request.user, cohort).select_related("subgroup"),
        pk=meeting_id,
    )
    require(request.user, perm, meeting)
    return cohort, meeting


@login_required
@require_GET
def meeting_list(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Every meeting of the cohort the user may see, past and upcoming, with the counts by
    category; and the REX / reflexive sessions over time."""
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.view_cohort")
    meetings = selectors.meetings_visible_to(request.user, cohort)
    page = paginate(request, meetings, per_page=30)
    from transitions.models import AttendanceBucket

    counts = {row["meeting_id"]: row for row in selectors.attendance_by_category(cohort)}

    return render(
        request,
        "transitions/meeting_list.html",
        {
            "cohort": cohort,
            "page": page,
            "rows": [
                (m, [counts[m.pk]["by_category"][b] for b in AttendanceBucket.values]) for m in page
            ],
            "buckets": AttendanceBucket.choices,
            "rex": selectors.rex_timeline(cohort, meetings),
            "can_manage": request.user.has_perm("transitions.change_cohort", cohort),
        },
    )


@login_required
@require_GET
def meeting_detail(request: HttpRequest, cohort_id: int, meeting_id: int) -> HttpResponse:
    from transitions.models import AttendanceBucket, SubRole

    cohort, meeting = _meeting(request, cohort_id, meeting_id, "transitions.view_meeting")
    attendance = selectors.meeting_attendance(meeting)
    report = MeetingReport.objects.filter(meeting=meeting).first()
    return render(
        request,
        "transitions/meeting_detail.html",
        {
            "cohort": cohort,
            "meeting": meeting,
            "attendance": attendance,
            "bucket_counts": [
                (label, attendance["by_category"][value])
                for value, label in AttendanceBucket.choices
            ],
            "sub_role_counts": [
                (SubRole(value).label, n) for value, n in sorted(attendance["by_sub_role"].items())
            ],
            "report": report,
            "outcomes": list(report.outcomes.all()) if report else [],
            "links": list(report.links.all()) if report else [],
            "attachments": list(meeting.attachments.all()),
            "can_see_names": request.user.has_perm("transitions.view_attendance", meeting),
            "can_manage": request.user.has_perm("transitions.change_meeting", meeting),
            "attachment_form": AttachmentForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, cohort_id: int, meeting_id: int) -> HttpResponse:
    cohort, meeting = _meeting(request, cohort_id, meeting_id, "transitions.change_attendance")
    people = User.objects.filter(
        pk__in=services.meeting_invitees(meeting).values("user_id")
    ).order_by("full_name", "email")
    present = list(meeting.attendances.filter(user__isnull=False).values_list("user_id", flat=True))
    form = AttendanceForm(request.POST or None, people=people, initial={"present": present})
    guest_form = GuestForm(request.POST if "guest_name" in request.POST else None)
    status = 200
    if request.method == "POST" and "guest_name" in request.POST:
        form = AttendanceForm(people=people, initial={"present": present})
        if guest_form.is_valid():
            try:
                services.attendance_add_guest(
                    meeting=meeting,
                    name=guest_form.cleaned_data["guest_name"],
                    organisation=guest_form.cleaned_data["guest_organisation"],
                    category=guest_form.cleaned_data["category"],
                    sub_role=guest_form.cleaned_data["sub_role"],
                )
            except ValidationError as error:
                guest_form.add_error(None, ValidationError(error.messages))
            else:
                messages.success(request, _("La personne invitée a été ajoutée."))
                return redirect(request.path)
        status = 400
    elif request.method == "POST" and "remove_guest" in request.POST:
        try:
            services.attendance_remove_guest(
                meeting=meeting, attendance_id=int(request.POST["remove_guest"] or 0)
            )
        except (ValueError, ValidationError):
            messages.error(request, _("Cette personne invitée n'est plus dans la liste."))
        return redirect(request.path)
    elif request.method == "POST":
        if form.is_valid():
            try:
                services.attendance_set(
                    meeting=meeting, user_ids={u.pk for u in form.cleaned_data["present"]}
                )
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            else:
                messages.success(request, _("Les présences ont été enregistrées."))
                return redirect(
                    "transitions:meeting-detail", cohort_id=cohort.pk, meeting_id=meeting.pk
                )
        status = 400
    return render(
        request,
        "transitions/meeting_attendance.html",
        {
            "cohort": cohort,
            "meeting": meeting,
            "form": form,
            "guest_form": guest_form,
            "guests": meeting.attendances.filter(user__isnull=True),
        },
        status=status,
    )


def _formset_rows(formset) -> list[dict]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def _report_rows_differences(saved: MeetingReport, outcomes, links) -> list[dict]:
    """The stale box's rows for the report's decisions / next steps and links: the saved
    ones and the typed ones, one a line, when they differ (the form's own fields are
    compared by the concurrency kit)."""
    typed_outcomes = "\n".join(
        MeetingOutcome(
            kind=row["kind"], text=row["text"], owner=row.get("owner") or "", due_on=row["due_on"]
        ).line()
        for row in _formset_rows(outcomes)
    )
    typed_links = "\n".join(
        MeetingLink(label=row["label"], url=row["url"]).line() for row in _formset_rows(links)
    )
    rows = []
    for label, theirs, mine in (
        (_("Décisions et prochaines étapes"), saved.outcomes_text, typed_outcomes),
        (_("Liens vers ce que la rencontre a produit"), saved.links_text, typed_links),
    ):
        if theirs != mine:
            rows.append({"label": label, "saved": theirs or "—", "mine": mine or "—"})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def meeting_report(request: HttpRequest, cohort_id: int, meeting_id: int) -> HttpResponse:
    """The closing report: what was done, decisions and next steps, what the group
    learned, links to what it produced (attachments are added on the meeting's page)."""
    cohort, meeting = _meeting(request, cohort_id, meeting_id, "transitions.change_meetingreport")
    report = MeetingReport.objects.filter(meeting=meeting).first()
    data = request.POST if request.method == "POST" else None
    form = MeetingReportForm(data, instance=report)
    outcomes = OutcomeFormSet(
        data,
        prefix="outcomes",
        initial=[
            {"kind": o.kind, "text": o.text, "owner": o.owner, "due_on": o.due_on}
            for o in (report.outcomes.all() if report else [])
        ],
    )
    links = LinkFormSet(
        data,
        prefix="links",
        initial=[
            {"label": link.label, "url": link.url}
            for link in (report.links.all() if report else [])
        ],
    )
    stale = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and outcomes.is_valid() and links.is_valid():
            try:
                services.meeting_report_save(
                    meeting=meeting,
                    user=request.user,
                    fingerprint=form.cleaned_data["fingerprint"],
                    summary=form.cleaned_data["summary"],
                    learnings=form.cleaned_data["learnings"],
                    outcomes=_formset_rows(outcomes),
                    links=_formset_rows(links),
                )
            except StaleEdit as error:
                form, stale = refused_edit(form, error, take_theirs_url=request.path)
                stale.differences += _report_rows_differences(error.current, outcomes, links)
                status = 409
            except ValidationError as error:
                form.add_error(None, ValidationError(error.messages))
            else:
                messages.success(request, _("Le compte rendu a été enregistré."))
                return redirect(
                    "transitions:meeting-detail", cohort_id=cohort.pk, meeting_id=meeting.pk
                )
    return render(
        request,
        "transitions/meeting_report_form.html",
        {
            "cohort": cohort,
            "meeting": meeting,
            "form": form,
            "outcomes": outcomes,
            "links": links,
            "stale": stale,
        },
        status=status,
    )


@login_required
@require_POST
def meeting_attachment_add(request: HttpRequest, cohort_id: int, meeting_id: int) -> HttpResponse:
    cohort, meeting = _meeting(request, cohort_id, meeting_id, "transitions.add_meetingattachment")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choisissez un fichier à joindre."))
    else:
        try:
            services.meeting_attachment_add(
                meeting=meeting, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La pièce jointe a été ajoutée."))
    return redirect("transitions:meeting-detail", cohort_id=cohort.pk, meeting_id=meeting.pk)


def _attachment(request: HttpRequest, cohort_id: int, attachment_id: int, perm: str):
    cohort = get_cohort_or_404(request.user, cohort_id)
    attachment = scoped_or_404(
        MeetingAttachment.objects.filter(
            meeting__in=selectors.meetings_visible_to(request.user, cohort)
        ).select_related("meeting__stage", "meeting__subgroup"),
        pk=attachment_id,
    )
    require(request.user, perm, attachment)
    return cohort, attachment


@login_required
@require_GET
def meeting_attachment_download(
    request: HttpRequest, cohort_id: int, attachment_id: int
) -> FileResponse:
    """The one way an attachment leaves the server: scope, then rule; `/media/` is never
    served."""
    _cohort, attachment = _attachment(
        request, cohort_id, attachment_id, "transitions.view_meetingattachment"
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.filename)
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def meeting_attachment_delete(
    request: HttpRequest, cohort_id: int, attachment_id: int
) -> HttpResponse:
    cohort, attachment = _attachment(
        request, cohort_id, attachment_id, "transitions.delete_meetingattachment"
    )
    meeting_id = attachment.meeting_id
    if not confirmed(request):
        return confirmation_page(
            request,
            Confirmation(
                title=_("Retirer une pièce jointe"),
                question=_("Retirer « %(file)s » de la rencontre ?")
                % {"file": attachment.filename},
                consequences=[_("Le fichier est supprimé définitivement.")],
                confirm_label=_("Retirer la pièce jointe"),
                cancel_url=reverse("transitions:meeting-detail", args=[cohort.pk, meeting_id]),
            ),
        )
    services.meeting_attachment_delete(attachment=attachment)
    messages.success(
        request,
        _("La pièce jointe « %(file)s » a été retirée de la rencontre.")
        % {"file": attachment.filename},
    )
    return redirect("transitions:meeting-detail", cohort_id=cohort.pk, meeting_id=meeting_id)


# --- Subgroups ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def subgroup_form(
    request: HttpRequest, cohort_id: int, subgroup_id: int | None = None
) -> HttpResponse:
    """Create (no id) or edit a learning-community subgroup."""
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.add_subgroup")
    subgroup = (
        scoped_or_404(Subgroup.objects.filter(cohort=cohort), pk=subgroup_id)
        if subgroup_id
        else None
    )
    if subgroup is not None:
        require(request.user, "transitions.change_subgroup", subgroup)
    form = SubgroupForm(request.POST or None, instance=subgroup, cohort=cohort)
    stale = None
    if request.method == "POST" and form.is_valid():
        data = {
            "name": form.cleaned_data["name"],
            "basis": form.cleaned_data["basis"],
            "description": form.cleaned_data["description"],
            "delegations": form.cleaned_data["delegations"],
        }
        try:
            if subgroup is None:
                subgroup = services.subgroup_create(cohort=cohort, **data)
            else:
                services.subgroup_update(
                    subgroup=subgroup, fingerprint=form.cleaned_data["fingerprint"], **data
                )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("Le sous-groupe a été enregistré."))
            return redirect("transitions:cohort-detail", cohort_id=cohort.pk)
    return render(
        request,
        "transitions/subgroup_form.html",
        {"form": form, "cohort": cohort, "subgroup": subgroup, "stale": stale},
        status=409 if stale else (400 if request.method == "POST" else 200),
    )


# --- People and invitations --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def membership_update(request: HttpRequest, cohort_id: int, membership_id: int) -> HttpResponse:
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.change_membership")
    membership = scoped_or_404(
        Membership.objects.filter(
            cohort=cohort, role__in=[Role.AGENT, Role.PARTICIPANT]
        ).select_related("user", "delegation__territory"),
        pk=membership_id,
    )
    form = MembershipForm(request.POST or None, instance=membership)
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_update(
                membership=membership,
                fingerprint=form.cleaned_data["fingerprint"],
                category=form.cleaned_data["category"],
                sub_role=form.cleaned_data["sub_role"],
            )
        except StaleEdit as error:
            form, stale = refused_edit(form, error, take_theirs_url=request.path)
        except ValidationError as error:
            form.add_error(None, ValidationError(error.messages))
        else:
            messages.success(request, _("Le membre a été enregistré."))
            return redirect("transitions:member-list", cohort_id=cohort.pk)
    return render(
        request,
        "transitions/membership_form.html",
        {"form": form, "cohort": cohort, "membership": membership, "stale": stale},
        status=409 if stale else (400 if request.method == "POST" else 200),
    )


@login_required
@require_GET
def member_list(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Members grouped by actor category, then invitations; one search box (name or
    address) and filters by category, role and status, each list paginated."""
    cohort = get_cohort_or_404(request.user, cohort_id, "transitions.view_membership")
    filters = {
        "q": search_terms(request),
        "categorie": request.GET.get("categorie", ""),
        "role": request.GET.get("role", ""),
        "statut": request.GET.get("statut", ""),
    }
    narrow = {"query": filters["q"], "category": filters["categorie"], "role": filters["role"]}
    status = filters["statut"]
    members = invitations = None
    if status in ("", MEMBER_STATUS):
        members = paginate(request, selectors.memberships_of(cohort, **narrow))
    if status != MEMBER_STATUS:
        invitations = paginate(
            request,
            selectors.invitations_of(cohort, status=status, **narrow),
            param="page_invitations",
        )
    statuses = [(MEMBER_STATUS, _("Membres inscrits"))] + [
        (value, _("Invitations : %(status)s") % {"status": text})
        for value, text in options(InvitationStatus)
    ]
    template = "transitions/member_list.html"
    if wants_fragment(request):
        template += "#results"
    return render(
        request,
        template,
        {
            "cohort": cohort,
            "memberships": members,
            "invitations": invitations,
            "filters": filters,
            "filtered": any(filters.values()),
            "categories": options(ActorCategory),
            "roles": options(Role),
            "statuses": statuses,
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
    who = invitation.full_name or invitation.email
    members_url = reverse("transitions:member-list", args=[cohort.pk])
    if not confirmed(request):
        hours = Invitation.RESTORE_HOURS
        return confirmation_page(
            request,
            Confirmation(
                title=_("Révoquer l'invitation de %(who)s") % {"who": who},
                question=_("Révoquer l'invitation envoyée à %(email)s pour « %(cohort)s » ?")
                % {"email": invitation.email, "cohort": cohort.name},
                consequences=[
                    _("Le lien reçu par e-mail ne fonctionnera plus."),
                    _("Aucun compte ni aucune contribution ne sont supprimés."),
                ],
                undo_note=_(
                    "Vous pourrez rétablir l'invitation pendant %(hours)s heures "
                    "depuis la page des membres."
                )
                % {"hours": hours},
                confirm_label=_("Révoquer l'invitation"),
                cancel_url=members_url,
            ),
        )
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        success_with_undo(
            request,
            _("L'invitation de %(who)s a été révoquée : le lien ne fonctionne plus.")
            % {"who": who},
            reverse("transitions:invitation-restore", args=[cohort.pk, invitation.pk]),
        )
    return redirect(members_url)


@login_required
@require_POST
def invitation_restore(request: HttpRequest, cohort_id: int, invitation_id: int) -> HttpResponse:
    """Undo a revocation (within Invitation.RESTORE_HOURS)."""
    cohort, invitation = _invitation(request, cohort_id, invitation_id)
    who = invitation.full_name or invitation.email
    try:
        services.invitation_restore(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("L'invitation de %(who)s est rétablie : son lien fonctionne de nouveau.")
            % {"who": who},
        )
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


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 {"status": "ok"} or 503 {"status": "error"}. Which
    service failed is for the operators (staff see the checks here, and more on the
    operations page)."""
    checks = operations.liveness_checks()
    healthy = all(check.ok for check in checks)
    body: dict = {"status": "ok" if healthy else "error"}
    if request.user.is_authenticated and request.user.is_staff:
        body["checks"] = {check.name: check.detail for check in checks}
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
@never_cache
@require_GET
def operations_status(request: HttpRequest) -> HttpResponse:
    """Staff only: database, Redis, workers, beat, oldest pending job, storage."""
    if not request.user.is_staff:
        raise PermissionDenied(_("Cette page est réservée à l'équipe d'exploitation."))
    checks = operations.detailed_checks()
    healthy = all(check.ok for check in checks)
    labels = {
        "database": _("Base de données (PostgreSQL)"),
        "redis": _("Redis (file de tâches, cache, limites de débit)"),
        "workers": _("Workers Celery qui répondent"),
        "beat": _("Celery beat (balayeur de tâches)"),
        "pending_jobs": _("Tâches en attente"),
        "storage": _("Stockage des fichiers (écriture)"),
    }
    rows = [{"label": labels.get(c.name, c.name), "check": c} for c in checks]
    return render(
        request,
        "transitions/operations.html",
        {"rows": rows, "healthy": healthy},
        status=200 if healthy else 503,
    )


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
