from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agora.models import (
    Agora,
    CafeRound,
    CafeTable,
    Card,
    Forum,
    Opportunity,
    Participant,
    Position,
    Statement,
)


@admin.register(Agora)
class AgoraAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cohort", "version", "created_at"]
    list_filter = ["cohort"]
    search_fields = ["cohort__name"]
    readonly_fields = ["version"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    readonly_fields = ["revision", "updated_at"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "agora", "revision", "created_at", "updated_at"]
    list_filter = ["kind", "agora__cohort"]
    search_fields = ["text"]
    raw_id_fields = ["sources"]
    # Revisions guard the live page against lost updates; only the services move them.
    readonly_fields = ["revision", "updated_at"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["statement", "category", "stance", "revision", "updated_at"]
    list_filter = ["category", "stance", "statement__agora__cohort"]
    search_fields = ["statement__text", "note"]
    readonly_fields = ["revision", "updated_at"]


# --- Territorial forums ----------------------------------------------------------------
# The forum's outputs are attributed to tables and roles, never to a person: the admin
# shows no card's writer, no table's anchor or rapporteur (the anchor's synthesis and the
# rapporteur's cards would then carry a name), and refuses any filter on them. The
# attendance list (Participant) is named, as at the door, and links to no card.


def _refuses(lookup: str, hidden: tuple[str, ...]) -> bool:
    return lookup.split("__")[0] in hidden


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "held_on", "place", "version", "updated_at"]
    list_filter = ["status", "purpose", "delegation__cohort"]
    search_fields = ["delegation__territory__name", "place"]
    raw_id_fields = ["delegation", "facilitator"]
    filter_horizontal = ["axes", "invited_organisations"]
    readonly_fields = ["version", "created_at", "updated_at"]
    list_select_related = ["delegation__territory"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "organisation", "organisation_label", "forum"]
    list_filter = ["category", "forum__delegation__cohort"]
    search_fields = ["name", "organisation__name", "organisation_label"]
    raw_id_fields = ["forum", "organisation"]
    list_select_related = ["organisation", "forum__delegation__territory"]


@admin.register(CafeTable)
class CafeTableAdmin(admin.ModelAdmin):
    HIDDEN = ("anchor", "anchor_id", "rapporteur", "rapporteur_id")
    list_display = ["__str__", "forum", "seats"]
    list_filter = ["forum__delegation__cohort"]
    search_fields = ["forum__delegation__territory__name"]
    raw_id_fields = ["forum"]
    exclude = ["anchor", "rapporteur"]
    list_select_related = ["forum__delegation__territory"]

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if _refuses(lookup, self.HIDDEN):
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(CafeRound)
class CafeRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "forum", "number", "question", "status", "duration_minutes"]
    list_filter = ["status", "forum__delegation__cohort"]
    search_fields = ["question", "forum__delegation__territory__name"]
    raw_id_fields = ["forum"]
    list_select_related = ["forum__delegation__territory"]


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    """A card is the table's, not its writer's: the writer is neither shown nor
    editable, and no search or filter runs on them."""

    HIDDEN = ("written_by", "written_by_id")
    list_display = ["__str__", "kind", "table", "round", "forum_display", "revision"]
    list_filter = ["kind", "round__number", "table__forum__delegation__cohort"]
    search_fields = ["text"]
    raw_id_fields = ["table", "round", "merged_into"]
    exclude = ["written_by"]
    readonly_fields = ["revision"]
    filter_horizontal = ["axes"]
    list_select_related = ["table__forum__delegation__territory", "round"]

    @admin.display(description=_("forum"))
    def forum_display(self, obj: Card) -> str:
        return str(obj.table.forum)

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        if _refuses(lookup, self.HIDDEN) or lookup.startswith(
            ("table__anchor", "table__rapporteur")
        ):
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "relation_type", "cooperation_form", "next_step_due"]
    list_filter = ["relation_type", "forum__delegation__cohort"]
    search_fields = ["title", "next_step", "forum__delegation__territory__name"]
    raw_id_fields = ["forum", "lead_organisation", "relationship", "cards"]
    filter_horizontal = ["contributors", "axes"]
    list_select_related = ["forum__delegation__territory"]
