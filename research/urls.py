from django.urls import path

from research import views

app_name = "research"

urlpatterns = [
    path("", views.space_list, name="space-list"),
    path("<int:cohort_id>/", views.space, name="space"),
    path("<int:cohort_id>/territoires/", views.territories, name="territory-list"),
    path("<int:cohort_id>/corpus/", views.corpus, name="corpus"),
    path("<int:cohort_id>/carte-de-chaleur.svg", views.heat_map_download, name="heat-map"),
    path("<int:cohort_id>/detection/", views.detection_refresh, name="detection-refresh"),
    path("<int:cohort_id>/corpus/<str:segment_id>/", views.segment, name="segment"),
    path("<int:cohort_id>/observations/", views.observations, name="observation-list"),
    path("<int:cohort_id>/codes/", views.codebook, name="codebook"),
    path("<int:cohort_id>/protocole/", views.protocol, name="protocol"),
    path("<int:cohort_id>/exports/", views.export, name="export"),
    path("<int:cohort_id>/exports/dictionnaire/", views.data_dictionary, name="data-dictionary"),
    path("<int:cohort_id>/exports/journal/", views.export_log, name="export-log"),
]
