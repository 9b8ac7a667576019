from django.contrib import admin

from peergroups.models import Contribution, PeerGroup, PeerSession


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ["category", "cohort", "created_at"]
    list_filter = ["category", "cohort"]
    search_fields = ["cohort__name"]


@admin.register(PeerSession)
class PeerSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "starts_at", "status", "version"]
    list_filter = ["status", "group__category", "group__cohort"]
    search_fields = ["group__cohort__name", "place"]
    readonly_fields = ["version"]


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "session", "is_key", "hidden", "shared", "created_at"]
    list_filter = ["kind", "shared", "hidden", "is_key", "session__group__category"]
    search_fields = ["text", "theme"]
    raw_id_fields = ["session", "author", "merged_into"]
    filter_horizontal = ["axes"]
