from django.urls import path

from territories import views

app_name = "territories"

urlpatterns: list = [
    path("", views.territory_list, name="territory-list"),
    path("nouveau/", views.territory_create, name="territory-create"),
    path("<int:territory_id>/", views.territory_detail, name="territory-detail"),
    path("<int:territory_id>/modifier/", views.territory_update, name="territory-update"),
    path(
        "cohortes/<int:cohort_id>/ajouter/",
        views.delegation_create,
        name="delegation-create",
    ),
]

# --- ESS actor map (issue 4) -------------------------------------------------------------
from territories import ess_views  # noqa: E402

urlpatterns += [
    path("<int:territory_id>/ess/", ess_views.ess_map, name="ess-map"),
    path(
        "<int:territory_id>/ess/ajouter/",
        ess_views.organisation_create,
        name="organisation-create",
    ),
    path("<int:territory_id>/ess/import/", ess_views.ess_import, name="ess-import"),
    path(
        "<int:territory_id>/ess/<int:organisation_id>/",
        ess_views.organisation_detail,
        name="organisation-detail",
    ),
]
urlpatterns += [
    path(
        "<int:territory_id>/ess/<int:organisation_id>/modifier/",
        ess_views.organisation_update,
        name="organisation-update",
    ),
]
