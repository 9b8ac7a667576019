from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from transitions.models import (
    Attendance,
    Axis,
    Balise,
    Cohort,
    ErasureRequest,
    Invitation,
    Job,
    Meeting,
    MeetingAttachment,
    MeetingLink,
    MeetingOutcome,
    MeetingReport,
    Membership,
    Principle,
    Stage,
    StageStatus,
    Subgroup,
    User,
)
from transitions.services import stage_set_status


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "cohort", "delegation"]
    fields = ["user", "cohort", "role", "category", "delegation", "research_consent"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "memberships__role"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["full_name"]}),
        (
            _("Droits"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    inlines = [MembershipInline]

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        """Only the user's own columns and the declared filters: a filter through a
        reverse relation (a feature's rows pointing at users) would reveal who wrote an
        anonymous contribution."""
        first = lookup.split("__")[0]
        own = {f.name for f in User._meta.concrete_fields} | {
            f.attname for f in User._meta.concrete_fields
        }
        if first not in own and not any(
            lookup == path or lookup.startswith(path + "__") for path in self.list_filter
        ):
            return False
        return super().lookup_allowed(lookup, value, request)


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0


class BaliseInline(admin.TabularInline):
    model = Balise
    extra = 0


@admin.register(Principle)
class PrincipleAdmin(admin.ModelAdmin):
    list_display = ["code", "title_fr", "dimension"]
    list_filter = ["dimension"]
    search_fields = ["code", "title_fr", "title_en"]
    inlines = [AxisInline, BaliseInline]


@admin.register(Axis)
class AxisAdmin(admin.ModelAdmin):
    list_display = ["code", "label_fr", "principle"]
    list_filter = ["principle"]
    search_fields = ["code", "label_fr", "label_en"]


@admin.register(Balise)
class BaliseAdmin(admin.ModelAdmin):
    list_display = ["code", "title_fr", "principle", "number"]
    list_filter = ["principle"]
    search_fields = ["code", "title_fr", "title_en"]


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0
    fields = ["order", "kind", "name", "optional", "skipped", "status", "opens_on", "closes_on"]
    readonly_fields = ["status"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "starts_on", "ends_on", "created_at"]
    list_filter = ["year"]
    search_fields = ["name", "description"]
    inlines = [StageInline]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "kind", "order", "status", "optional", "skipped", "opens_on"]
    list_filter = ["kind", "status", "optional", "skipped", "cohort"]
    search_fields = ["name", "cohort__name"]
    list_select_related = ["cohort"]
    # The status changes only through transitions.services.stage_set_status, which checks
    # the transition and runs the stage-opened hooks: read-only here, changed by actions.
    readonly_fields = ["status"]
    actions = ["open_stages", "close_stages"]

    def _set_status(self, request, queryset, status: str) -> None:
        changed = 0
        for stage in queryset:
            try:
                stage_set_status(stage=stage, status=status)
                changed += 1
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
        if changed:
            self.message_user(
                request,
                ngettext("%(n)s étape mise à jour.", "%(n)s étapes mises à jour.", changed)
                % {"n": changed},
                messages.SUCCESS,
            )

    @admin.action(description=_("Ouvrir les étapes sélectionnées"))
    def open_stages(self, request, queryset) -> None:
        self._set_status(request, queryset, StageStatus.OPEN)

    @admin.action(description=_("Clôturer les étapes sélectionnées"))
    def close_stages(self, request, queryset) -> None:
        self._set_status(request, queryset, StageStatus.CLOSED)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ["user", "delegation"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "stage", "starts_at", "duration_minutes", "place"]
    list_filter = ["kind", "stage__kind", "stage__cohort"]
    search_fields = ["title", "place", "stage__cohort__name"]
    list_select_related = ["stage__cohort"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "category", "sub_role", "delegation"]
    list_filter = ["category", "sub_role", "meeting__stage__cohort"]
    search_fields = ["user__full_name", "user__email", "guest_name", "meeting__title"]
    list_select_related = ["user", "meeting", "delegation__territory"]
    raw_id_fields = ["meeting", "user", "delegation"]


class MeetingOutcomeInline(admin.TabularInline):
    model = MeetingOutcome
    extra = 0


class MeetingLinkInline(admin.TabularInline):
    model = MeetingLink
    extra = 0


@admin.register(MeetingReport)
class MeetingReportAdmin(admin.ModelAdmin):
    list_display = ["meeting", "closed_at", "closed_by"]
    list_filter = ["meeting__kind", "meeting__stage__cohort"]
    search_fields = ["meeting__title", "summary", "learnings"]
    raw_id_fields = ["meeting", "closed_by"]
    inlines = [MeetingOutcomeInline, MeetingLinkInline]


@admin.register(MeetingOutcome)
class MeetingOutcomeAdmin(admin.ModelAdmin):
    list_display = ["text", "kind", "owner", "due_on", "report"]
    list_filter = ["kind"]
    search_fields = ["text", "owner", "report__meeting__title"]
    raw_id_fields = ["report"]


@admin.register(MeetingLink)
class MeetingLinkAdmin(admin.ModelAdmin):
    list_display = ["label", "url", "report"]
    list_filter = ["report__meeting__stage__cohort"]
    search_fields = ["label", "url", "report__meeting__title"]
    raw_id_fields = ["report"]


@admin.register(Subgroup)
class SubgroupAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "basis"]
    list_filter = ["basis", "cohort"]
    search_fields = ["name", "description", "cohort__name"]
    filter_horizontal = ["delegations"]


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(admin.ModelAdmin):
    list_display = ["filename", "meeting", "size", "uploaded_at"]
    list_filter = ["meeting__stage__cohort"]
    search_fields = ["filename", "meeting__title"]
    list_select_related = ["meeting__stage"]
    # The file's own widget links to /media/, which is never served: link to the checked view.
    exclude = ["file"]
    readonly_fields = ["download", "size", "uploaded_at"]
    raw_id_fields = ["meeting", "uploaded_by"]

    @admin.display(description=_("Fichier"))
    def download(self, attachment: MeetingAttachment) -> str:
        url = reverse(
            "transitions:meeting-attachment-download",
            args=[attachment.meeting.stage.cohort_id, attachment.pk],
        )
        return format_html('<a href="{}">{}</a>', url, attachment.filename)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "cohort",
        "role",
        "category",
        "sub_role",
        "delegation",
        "research_consent",
    ]
    list_filter = ["role", "category", "sub_role", "research_consent", "cohort"]
    search_fields = [
        "user__email",
        "user__full_name",
        "cohort__name",
        "delegation__territory__name",
    ]
    list_select_related = ["user", "cohort", "delegation__territory"]
    autocomplete_fields = ["user", "cohort", "delegation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "cohort", "role", "category", "status_display", "expires_at"]
    list_filter = ["role", "category", "cohort"]
    search_fields = ["email", "full_name", "cohort__name"]
    list_select_related = ["cohort"]
    readonly_fields = ["token", "created_at", "sent_at", "accepted_at", "accepted_by", "revoked_at"]
    autocomplete_fields = ["cohort", "delegation", "invited_by"]

    @admin.display(description=_("état"))
    def status_display(self, obj: Invitation) -> str:
        return obj.get_status_display()


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """Read-only: an erasure is confirmed on `transitions:erasure-list`, which runs every
    eraser of the personal-data registry (deleting a row here would not)."""

    list_display = ["user", "requested_at", "confirmed_by", "done_at"]
    list_filter = ["done_at"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "requested_at", "confirmed_by", "done_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "target",
        "status",
        "progress",
        "attempts",
        "runs",
        "created_at",
        "finished_at",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["kind", "target", "error"]
    # The file's own widget links to /media/, which is never served: link to the checked view.
    exclude = ["file"]
    readonly_fields = [
        "content_hash",
        "download",
        "created_at",
        "enqueued_at",
        "started_at",
        "finished_at",
        "runs",
        "claimed_by",
    ]

    @admin.display(description=_("Fichier"))
    def download(self, job: Job) -> str:
        if not job.file:
            return "—"
        url = reverse("transitions:job-download", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, job.filename or url)
