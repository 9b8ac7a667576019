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
