from django.urls import path

from parcours import views

app_name = "parcours"

urlpatterns = [
    path("cohortes/<int:cohort_id>/entree/", views.entry_list, name="entry-list"),
    path(
        "cohortes/<int:cohort_id>/entree/<int:delegation_id>/",
        views.entry_edit,
        name="entry-update",
    ),
    path("cohortes/<int:cohort_id>/prise-de-hauteur/", views.stepping_back, name="stepping-back"),
    path(
        "cohortes/<int:cohort_id>/prise-de-hauteur/notes/<int:note_id>/",
        views.input_note_edit,
        name="input-note-update",
    ),
    path("cohortes/<int:cohort_id>/inspiration/", views.inspiration, name="inspiration"),
    path(
        "cohortes/<int:cohort_id>/inspiration/visites/nouvelle/",
        views.visit_report_form,
        name="visit-create",
    ),
    path(
        "cohortes/<int:cohort_id>/inspiration/visites/<int:report_id>/",
        views.visit_report_form,
        name="visit-update",
    ),
    path(
        "cohortes/<int:cohort_id>/inspiration/thematiques/nouvelle/",
        views.topic_create,
        name="topic-create",
    ),
    path(
        "cohortes/<int:cohort_id>/inspiration/thematiques/<int:topic_id>/notes/nouvelle/",
        views.topic_note_form,
        name="topic-note-create",
    ),
    path(
        "cohortes/<int:cohort_id>/inspiration/thematiques/<int:topic_id>/notes/<int:note_id>/",
        views.topic_note_form,
        name="topic-note-update",
    ),
    path(
        "cohortes/<int:cohort_id>/sous-groupes/<int:subgroup_id>/",
        views.subgroup_detail,
        name="subgroup-detail",
    ),
    path(
        "cohortes/<int:cohort_id>/sous-groupes/<int:subgroup_id>/notes/<int:note_id>/",
        views.subgroup_note_edit,
        name="subgroup-note-update",
    ),
]
