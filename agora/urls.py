from django.urls import path

from agora import views
from agora.views import cafe, forums

app_name = "agora"

urlpatterns = [
    path("", views.agora_list, name="agora-list"),
    path("cohorte/<int:cohort_id>/", views.agora_detail, name="agora-detail"),
    path("cohorte/<int:cohort_id>/actualiser/", views.agora_refresh, name="agora-refresh"),
    path("cohorte/<int:cohort_id>/delegations/", views.agora_delegations, name="agora-delegations"),
    path("cohorte/<int:cohort_id>/enonces/", views.statement_create, name="statement-create"),
    path(
        "cohorte/<int:cohort_id>/contributions/",
        views.shared_more,
        name="shared-contributions",
    ),
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
    # Territorial forums
    path("forums/", forums.forum_list, name="forum-list"),
    path("forums/delegation/<int:delegation_id>/", forums.forum_start, name="forum-start"),
    path("forums/<int:forum_id>/", forums.forum_detail, name="forum-detail"),
    path("forums/<int:forum_id>/preparer/", forums.forum_prepare, name="forum-prepare"),
    path("forums/<int:forum_id>/non-tenu/", forums.forum_not_held, name="forum-not-held"),
    path("forums/<int:forum_id>/recolte/", forums.forum_harvest, name="forum-harvest"),
    path("forums/cartons/<int:card_id>/recolte/", forums.card_harvest, name="card-harvest"),
    path(
        "forums/<int:forum_id>/opportunites/",
        forums.opportunity_create,
        name="opportunity-create",
    ),
    path(
        "forums/opportunites/<int:opportunity_id>/modifier/",
        forums.opportunity_edit,
        name="opportunity-edit",
    ),
    path(
        "forums/opportunites/<int:opportunity_id>/projet-pilote/",
        forums.opportunity_pilot_project,
        name="opportunity-pilot",
    ),
    path(
        "forums/opportunites/<int:opportunity_id>/relation/",
        forums.opportunity_to_relationship,
        name="opportunity-relationship",
    ),
    path("forums/<int:forum_id>/synthese/", forums.forum_summary, name="forum-summary"),
    path(
        "forums/<int:forum_id>/synthese/pdf/",
        forums.forum_summary_request,
        name="forum-summary-request",
    ),
    path(
        "forums/<int:forum_id>/synthese/etat/",
        forums.forum_summary_status,
        name="forum-summary-status",
    ),
    path(
        "forums/<int:forum_id>/synthese/fichier/",
        forums.forum_summary_download,
        name="forum-summary-download",
    ),
    # The live World Café
    path("forums/<int:forum_id>/cafe/", cafe.cafe_run, name="cafe-run"),
    path("forums/<int:forum_id>/cafe/etat/", cafe.cafe_run_refresh, name="cafe-run-refresh"),
    path("forums/<int:forum_id>/cafe/demarrer/", cafe.round_start, name="round-start"),
    path("forums/<int:forum_id>/cafe/pause/", cafe.round_pause, name="round-pause"),
    path("forums/<int:forum_id>/cafe/clore/", cafe.round_close, name="round-close"),
    path("forums/<int:forum_id>/cafe/plan/", cafe.seating_propose, name="seating-propose"),
    path("forums/<int:forum_id>/cafe/deplacer/", cafe.seat_move, name="seat-move"),
    path("forums/<int:forum_id>/cafe/tables/", cafe.table_add, name="table-add"),
    path("forums/<int:forum_id>/cafe/accueil/", cafe.participant_add, name="participant-add"),
    path("forums/tables/<int:table_id>/roles/", cafe.table_roles, name="table-roles"),
    path("forums/tables/<int:table_id>/", cafe.table_page, name="table-page"),
    path("forums/tables/<int:table_id>/etat/", cafe.table_refresh, name="table-refresh"),
    path("forums/tables/<int:table_id>/cartons/", cafe.card_add, name="card-add"),
    path("forums/cartons/<int:card_id>/", cafe.card_edit, name="card-edit"),
    path("forums/<int:forum_id>/projecteur/", cafe.projector, name="projector"),
    path(
        "forums/<int:forum_id>/projecteur/etat/",
        cafe.projector_refresh,
        name="projector-refresh",
    ),
]
