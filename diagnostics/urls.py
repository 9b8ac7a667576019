from django.urls import path

from diagnostics.views import filling, overview, results, timeline

app_name = "diagnostics"

urlpatterns = [
    path("", overview.diagnostic_list, name="diagnostic-list"),
    path(
        "delegation/<int:delegation_id>/ouvrir/", overview.diagnostic_open, name="diagnostic-open"
    ),
    path("<int:pk>/", overview.diagnostic_detail, name="diagnostic-detail"),
    path("<int:pk>/principe/<int:number>/", filling.principle_edit, name="principle-edit"),
    path("<int:pk>/section/<slug:section>/", filling.section_edit, name="section-edit"),
    path("<int:pk>/reponses/<int:question_id>/", filling.answer_save, name="answer-save"),
    path("<int:pk>/reponses/<int:question_id>/element/", filling.answer_item, name="answer-item"),
    path("<int:pk>/reponses/<int:question_id>/preuves/", filling.evidence_add, name="evidence-add"),
    path(
        "<int:pk>/preuves/<int:evidence_id>/supprimer/",
        filling.evidence_delete,
        name="evidence-delete",
    ),
    path("<int:pk>/recit/", timeline.timeline, name="timeline-list"),
    path(
        "<int:pk>/recit/<int:event_id>/modifier/", timeline.timeline_update, name="timeline-update"
    ),
    path(
        "<int:pk>/recit/<int:event_id>/supprimer/", timeline.timeline_delete, name="timeline-delete"
    ),
    path("<int:pk>/historique/", results.history, name="history-list"),
    path("<int:pk>/resultats/", results.results, name="results-detail"),
    path(
        "<int:pk>/observations/<int:answer_id>/citer/",
        results.observation_quote,
        name="observation-quote",
    ),
    path("<int:pk>/soumettre/", overview.submit, name="diagnostic-submit"),
    path("<int:pk>/valider/", overview.validate, name="diagnostic-validate"),
    path("<int:pk>/annuler-validation/", overview.unvalidate, name="diagnostic-unvalidate"),
    path("<int:pk>/rouvrir/", overview.reopen, name="diagnostic-reopen"),
    path("<int:pk>/rapport/", results.report_request, name="report-request"),
    path("<int:pk>/rapport/etat/", results.report_status, name="report-status"),
    path("<int:pk>/rapport/telecharger/", results.report_download, name="report-download"),
]
