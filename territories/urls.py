from django.urls import path

from territories import views
from territories.views import ess, official, pilots

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
    # Pilot projects (stage 6)
    path("projets-pilotes/cohortes/<int:cohort_id>/", pilots.pilot_list, name="pilot-list"),
    path(
        "projets-pilotes/delegations/<int:delegation_id>/nouveau/",
        pilots.pilot_create,
        name="pilot-create",
    ),
    path("projets-pilotes/<int:project_id>/", pilots.pilot_detail, name="pilot-detail"),
    path("projets-pilotes/<int:project_id>/modifier/", pilots.pilot_update, name="pilot-update"),
    path("projets-pilotes/<int:project_id>/etat/", pilots.pilot_status, name="pilot-status"),
    path("projets-pilotes/<int:project_id>/jalons/", pilots.milestone_add, name="milestone-add"),
    path(
        "projets-pilotes/<int:project_id>/jalons/<int:milestone_id>/modifier/",
        pilots.milestone_edit,
        name="milestone-edit",
    ),
    path(
        "projets-pilotes/<int:project_id>/jalons/<int:milestone_id>/supprimer/",
        pilots.milestone_delete,
        name="milestone-delete",
    ),
    path(
        "projets-pilotes/<int:project_id>/jalons/<int:milestone_id>/atteint/",
        pilots.milestone_done,
        name="milestone-done",
    ),
]
