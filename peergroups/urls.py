from django.urls import path

from peergroups import views

app_name = "peergroups"

urlpatterns = [
    path("", views.group_list, name="group-list"),
    path("<int:group_id>/", views.group_detail, name="group-detail"),
    path("cohortes/<int:cohort_id>/grille/", views.cohort_grid, name="cohort-grid"),
    path("seances/<int:session_id>/", views.session_board, name="session-board"),
    path("seances/<int:session_id>/actualiser/", views.session_refresh, name="session-refresh"),
    path("seances/<int:session_id>/modifier/", views.session_edit, name="session-edit"),
    path("seances/<int:session_id>/etat/", views.session_status, name="session-status"),
    path(
        "seances/<int:session_id>/contributions/",
        views.contribution_create,
        name="contribution-create",
    ),
    path(
        "contributions/<int:contribution_id>/modifier/",
        views.contribution_edit,
        name="contribution-edit",
    ),
    path(
        "contributions/<int:contribution_id>/retirer/",
        views.contribution_withdraw,
        name="contribution-withdraw",
    ),
    path(
        "contributions/<int:contribution_id>/marquer/",
        views.contribution_flag,
        name="contribution-flag",
    ),
    path(
        "contributions/<int:contribution_id>/fusionner/",
        views.contribution_merge,
        name="contribution-merge",
    ),
    path(
        "contributions/<int:contribution_id>/separer/",
        views.contribution_unmerge,
        name="contribution-unmerge",
    ),
]
