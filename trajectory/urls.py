from django.urls import path

from trajectory import views

app_name = "trajectory"

urlpatterns = [
    path("", views.delegation_list, name="delegation-list"),
    path("<int:delegation_id>/", views.delegation_detail, name="delegation-detail"),
    path("<int:delegation_id>/trajectoire.svg", views.delegation_svg, name="delegation-svg"),
    path("<int:delegation_id>/lier/", views.link_panel, name="link-panel"),
    path("<int:delegation_id>/liens/", views.link_create, name="link-create"),
    path(
        "<int:delegation_id>/liens/<int:link_id>/supprimer/",
        views.link_delete,
        name="link-delete",
    ),
    path("<int:delegation_id>/recit/nouveau/", views.story_create, name="story-create"),
    path(
        "<int:delegation_id>/recit/<int:entry_id>/modifier/",
        views.story_update,
        name="story-update",
    ),
    path(
        "<int:delegation_id>/recit/<int:entry_id>/supprimer/",
        views.story_delete,
        name="story-delete",
    ),
    path("<int:delegation_id>/recit/<int:entry_id>/image/", views.story_image, name="story-image"),
    path("<int:delegation_id>/engagements/", views.engagement_create, name="engagement-create"),
    path(
        "<int:delegation_id>/engagements/<int:engagement_id>/supprimer/",
        views.engagement_delete,
        name="engagement-delete",
    ),
    path("<int:delegation_id>/accompli/", views.achievements, name="achievements"),
    path("<int:delegation_id>/accompli/pdf/", views.achievements_pdf, name="achievements-pdf"),
    path(
        "<int:delegation_id>/accompli/pdf/etat/",
        views.achievements_status,
        name="achievements-status",
    ),
    path(
        "cohortes/<int:cohort_id>/accompli/",
        views.cohort_achievements,
        name="cohort-achievements",
    ),
    path(
        "cohortes/<int:cohort_id>/accompli/pdf/",
        views.cohort_achievements_pdf,
        name="cohort-achievements-pdf",
    ),
    path(
        "cohortes/<int:cohort_id>/accompli/pdf/etat/",
        views.cohort_achievements_status,
        name="cohort-achievements-status",
    ),
]
