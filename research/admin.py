"""Research in the admin: read-only logs; texts are reviewed in the research space."""

from django.contrib import admin

from research.models import Code, ExportLog, Observation, Protocol


@admin.register(Protocol)
class ProtocolAdmin(admin.ModelAdmin):
    list_display = ["cohort", "territories_named", "updated_at"]


@admin.register(Code)
class CodeAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "parent"]
    list_filter = ["cohort"]


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["observed_on", "cohort", "stage"]
    list_filter = ["cohort"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "cohort", "user", "channel", "format", "row_count"]
    list_filter = ["cohort", "format", "channel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
