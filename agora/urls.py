from django.urls import path

from agora import views

app_name = "agora"

urlpatterns = [
    path("", views.agora_list, name="agora-list"),
    path("cohorte/<int:cohort_id>/", views.agora_detail, name="agora-detail"),
    path("cohorte/<int:cohort_id>/actualiser/", views.agora_refresh, name="agora-refresh"),
    path("cohorte/<int:cohort_id>/enonces/", views.statement_create, name="statement-create"),
    path("enonces/<int:statement_id>/modifier/", views.statement_edit, name="statement-edit"),
    path("enonces/<int:statement_id>/supprimer/", views.statement_delete, name="statement-delete"),
    path("enonces/<int:statement_id>/positions/", views.position_set, name="position-set"),
    path("cohorte/<int:cohort_id>/synthese/", views.summary_request, name="summary-request"),
    path("cohorte/<int:cohort_id>/synthese/etat/", views.summary_status, name="summary-status"),
    path(
        "cohorte/<int:cohort_id>/synthese/fichier/",
        views.summary_download,
        name="summary-download",
    ),
]
