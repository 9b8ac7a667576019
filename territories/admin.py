from django.contrib import admin

from territories.models import (
    Delegation,
    Milestone,
    OfficialChange,
    OfficialDataVersion,
    OfficialTerritory,
    Organisation,
    PilotProject,
    Relationship,
    Territory,
)


class DelegationInline(admin.TabularInline):
    model = Delegation
    extra = 0
    autocomplete_fields = ["cohort"]


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "code",
        "population",
        "region",
        "geography",
        "maturity",
        "ess_integration",
    ]
    list_filter = ["kind", "region", "geography", "maturity", "ess_integration", "political_label"]
    search_fields = ["name", "code", "political_label_detail"]
    # 36,000 reference entries: never a <select> of them.
    autocomplete_fields = ["official"]
    inlines = [DelegationInline]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["territory", "cohort", "joined_at"]
    list_filter = ["cohort", "territory__region", "territory__kind"]
    search_fields = ["territory__name", "territory__code", "cohort__name"]
    list_select_related = ["territory", "cohort"]
    autocomplete_fields = ["territory", "cohort"]


@admin.register(PilotProject)
class PilotProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "delegation", "status", "origin", "updated_at"]
    list_filter = ["status", "origin", "delegation__cohort"]
    search_fields = ["title", "description", "delegation__territory__name"]
    list_select_related = ["delegation__territory", "delegation__cohort"]
    filter_horizontal = ["axes", "partners"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "due_on", "done"]
    list_filter = ["done", "project__delegation__cohort"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]


# --- ESS actor map -----------------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "legal_form", "character", "origin", "siren"]
    list_filter = ["legal_form", "character", "origin", "territory__region"]
    search_fields = ["name", "siren", "sectors", "territory__name"]
    list_select_related = ["territory"]


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "territory", "relation_type", "cooperation_type", "observed_on"]
    list_filter = ["relation_type", "cooperation_type", "territory__region"]
    search_fields = ["organisation__name", "territory__name", "note"]
    list_select_related = ["organisation", "territory"]
    date_hierarchy = "observed_on"


# --- The official reference: written by `import_official_territories` only ---------------


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficialTerritory)
class OfficialTerritoryAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "code", "siren", "population", "departement", "withdrawn"]
    list_filter = ["kind", "withdrawn", "region"]
    search_fields = ["name", "code", "siren", "postcodes", "search"]
    show_full_result_count = False


@admin.register(OfficialDataVersion)
class OfficialDataVersionAdmin(ReadOnlyAdmin):
    list_display = ["version", "imported_at", "communes", "epcis", "departements", "regions"]
    search_fields = ["version"]


@admin.register(OfficialChange)
class OfficialChangeAdmin(ReadOnlyAdmin):
    list_display = ["territory", "field", "before", "after", "version"]
    list_filter = ["field", "version"]
    search_fields = ["territory__name", "territory__code"]
    list_select_related = ["territory", "version"]
