from django.urls import path

from territories import views
from territories.views import ess, official

app_name = "territories"

urlpatterns = [
    path("", views.territory_list, name="territory-list"),
    path("nouveau/", views.territory_create, name="territory-create"),
    path("referentiel/", official.official_search, name="official-search"),
    path("referentiel/changements/", official.official_changes, name="official-changes"),
    path("<int:territory_id>/", views.territory_detail, name="territory-detail"),
    path("<int:territory_id>/modifier/", views.territory_update, name="territory-update"),
    path(
        "cohortes/<int:cohort_id>/ajouter/",
        views.delegation_create,
        name="delegation-create",
    ),
    # The ESS actor map
    path("<int:territory_id>/ess/", ess.ess_map, name="ess-map"),
    path(
        "<int:territory_id>/ess/ajouter/",
        ess.organisation_create,
        name="organisation-create",
    ),
    path("<int:territory_id>/ess/import/", ess.ess_import, name="ess-import"),
    path(
        "<int:territory_id>/ess/<int:organisation_id>/",
        ess.organisation_detail,
        name="organisation-detail",
    ),
    path(
        "<int:territory_id>/ess/<int:organisation_id>/modifier/",
        ess.organisation_update,
        name="organisation-update",
    ),
]
