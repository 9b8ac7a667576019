from django.urls import path

from diagnostics import views

app_name = "diagnostics"

urlpatterns = [
    path("", views.diagnostic_list, name="diagnostic-list"),
    path("delegation/<int:delegation_id>/ouvrir/", views.diagnostic_open, name="diagnostic-open"),
    path("<int:pk>/", views.diagnostic_detail, name="diagnostic-detail"),
    path("<int:pk>/principe/<int:number>/", views.principle_edit, name="principle-edit"),
    path("<int:pk>/section/<slug:section>/", views.section_edit, name="section-edit"),
    path("<int:pk>/reponses/<int:question_id>/", views.answer_save, name="answer-save"),
    path("<int:pk>/reponses/<int:question_id>/element/", views.answer_item, name="answer-item"),
    path("<int:pk>/reponses/<int:question_id>/preuves/", views.evidence_add, name="evidence-add"),
    path(
        "<int:pk>/preuves/<int:evidence_id>/supprimer/",
        views.evidence_delete,
        name="evidence-delete",
    ),
    path("<int:pk>/recit/", views.timeline, name="timeline-list"),
    path("<int:pk>/recit/<int:event_id>/modifier/", views.timeline_update, name="timeline-update"),
    path("<int:pk>/recit/<int:event_id>/supprimer/", views.timeline_delete, name="timeline-delete"),
    path("<int:pk>/historique/", views.history, name="history-list"),
    path("<int:pk>/resultats/", views.results, name="results-detail"),
    path(
        "<int:pk>/observations/<int:answer_id>/citer/",
        views.observation_quote,
        name="observation-quote",
    ),
    path("<int:pk>/soumettre/", views.submit, name="diagnostic-submit"),
    path("<int:pk>/valider/", views.validate, name="diagnostic-validate"),
    path("<int:pk>/rouvrir/", views.reopen, name="diagnostic-reopen"),
    path("<int:pk>/rapport/", views.report_request, name="report-request"),
    path("<int:pk>/rapport/etat/", views.report_status, name="report-status"),
    path("<int:pk>/rapport/telecharger/", views.report_download, name="report-download"),
]
