# --- ESS actor map (issue 4) -------------------------------------------------------------
from django.contrib import admin as _ess_admin  # noqa: E402

from territories.models import Organisation as _Organisation  # noqa: E402
from territories.models import Relationship as _Relationship  # noqa: E402


@_ess_admin.register(_Organisation)
class OrganisationAdmin(_ess_admin.ModelAdmin):
    list_display = ["name", "territory", "legal_form", "origin", "siren"]
    list_filter = ["legal_form", "origin", "territory__region"]
    search_fields = ["name", "siren", "sectors", "territory__name"]
    list_select_related = ["territory"]


@_ess_admin.register(_Relationship)
class RelationshipAdmin(_ess_admin.ModelAdmin):
    list_display = ["organisation", "territory", "relation_type", "cooperation_type", "observed_on"]
    list_filter = ["relation_type", "cooperation_type", "territory__region"]
    search_fields = ["organisation__name", "territory__name", "note"]
    list_select_related = ["organisation", "territory"]
    date_hierarchy = "observed_on"
