from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    """An anonymous card names nobody, not even to staff: the author is shown only
    for named cards, is not an editable field, and no search or filter runs on it
    (a filter on the author would reveal who wrote an anonymous card)."""

    list_display = [
        "__str__",
        "kind",
        "session",
        "author_display",
        "is_key",
        "hidden",
        "shared",
        "created_at",
    ]
    list_filter = ["kind", "shared", "hidden", "is_key", "session__group__category"]
    search_fields = ["text", "theme"]
    raw_id_fields = ["session", "merged_into"]
    exclude = ["author"]
    readonly_fields = ["author_display"]
    filter_horizontal = ["axes"]
    list_select_related = ["session__group", "author"]

    @admin.display(description=_("auteur·rice"))
    def author_display(self, obj: Contribution) -> str:
        if obj.anonymous:
            return str(_("anonyme"))
        return str(obj.author) if obj.author else "—"

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if lookup.split("__")[0] in ("author", "author_id"):
            return False
        return super().lookup_allowed(lookup, value, request)
