from django.urls import path

from transitions import views

app_name = "transitions"

urlpatterns = [
    path("referentiel/", views.referential, name="referential"),
    path("profil/", views.profile, name="profile"),
    path("profil/mes-donnees/", views.profile_data_export, name="profile-data-export"),
    path("profil/effacement/", views.profile_erasure_request, name="profile-erasure-request"),
    path("effacements/", views.erasure_list, name="erasure-list"),
    path("effacements/<int:pk>/confirmer/", views.erasure_confirm, name="erasure-confirm"),
    path("cohortes/", views.cohort_list, name="cohort-list"),
    path("cohortes/nouvelle/", views.cohort_create, name="cohort-create"),
    path("cohortes/<int:cohort_id>/", views.cohort_detail, name="cohort-detail"),
    path("cohortes/<int:cohort_id>/modifier/", views.cohort_update, name="cohort-update"),
    path(
        "cohortes/<int:cohort_id>/tableau-de-bord/",
        views.cohort_dashboard,
        name="cohort-dashboard",
    ),
    path(
        "cohortes/<int:cohort_id>/etapes/<int:stage_id>/modifier/",
        views.stage_update,
        name="stage-update",
    ),
    path(
        "cohortes/<int:cohort_id>/etapes/<int:stage_id>/deplacer/",
        views.stage_move,
        name="stage-move",
    ),
    path(
        "cohortes/<int:cohort_id>/etapes/<int:stage_id>/etat/",
        views.stage_status,
        name="stage-status",
    ),
    path(
        "cohortes/<int:cohort_id>/etapes/<int:stage_id>/rencontres/nouvelle/",
        views.meeting_create,
        name="meeting-create",
    ),
    path(
        "cohortes/<int:cohort_id>/rencontres/<int:meeting_id>/modifier/",
        views.meeting_update,
        name="meeting-update",
    ),
    path("cohortes/<int:cohort_id>/rencontres/", views.meeting_list, name="meeting-list"),
    path(
        "cohortes/<int:cohort_id>/rencontres/<int:meeting_id>/",
        views.meeting_detail,
        name="meeting-detail",
    ),
    path(
        "cohortes/<int:cohort_id>/rencontres/<int:meeting_id>/presences/",
        views.meeting_attendance,
        name="meeting-attendance",
    ),
    path(
        "cohortes/<int:cohort_id>/rencontres/<int:meeting_id>/compte-rendu/",
        views.meeting_report,
        name="meeting-report",
    ),
    path(
        "cohortes/<int:cohort_id>/rencontres/<int:meeting_id>/pieces-jointes/",
        views.meeting_attachment_add,
        name="meeting-attachment-add",
    ),
    path(
        "cohortes/<int:cohort_id>/pieces-jointes/<int:attachment_id>/",
        views.meeting_attachment_download,
        name="meeting-attachment-download",
    ),
    path(
        "cohortes/<int:cohort_id>/pieces-jointes/<int:attachment_id>/retirer/",
        views.meeting_attachment_delete,
        name="meeting-attachment-delete",
    ),
    path(
        "cohortes/<int:cohort_id>/sous-groupes/nouveau/",
        views.subgroup_form,
        name="subgroup-create",
    ),
    path(
        "cohortes/<int:cohort_id>/sous-groupes/<int:subgroup_id>/modifier/",
        views.subgroup_form,
        name="subgroup-update",
    ),
    path("cohortes/<int:cohort_id>/membres/", views.member_list, name="member-list"),
    path(
        "cohortes/<int:cohort_id>/membres/<int:membership_id>/modifier/",
        views.membership_update,
        name="membership-update",
    ),
    path(
        "cohortes/<int:cohort_id>/invitations/nouvelle/",
        views.invitation_create,
        name="invitation-create",
    ),
    path(
        "cohortes/<int:cohort_id>/invitations/import/",
        views.invitation_import,
        name="invitation-import",
    ),
    path(
        "cohortes/<int:cohort_id>/invitations/<int:invitation_id>/renvoyer/",
        views.invitation_resend,
        name="invitation-resend",
    ),
    path(
        "cohortes/<int:cohort_id>/invitations/<int:invitation_id>/revoquer/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "cohortes/<int:cohort_id>/invitations/<int:invitation_id>/retablir/",
        views.invitation_restore,
        name="invitation-restore",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("fichiers/<int:job_id>/", views.job_download, name="job-download"),
    path("exploitation/", views.operations_status, name="operations"),
]
