from django.urls import path

from audit import views

app_name = "audit"

urlpatterns = [
    path("", views.cohort_list, name="cohort-list"),
    path("cohorte/<int:cohort_id>/", views.cohort_history, name="cohort-history"),
]
