"""Event models of the audit history, one per entry of `audit.tracked.TRACKED`, made by
django-pghistory: a row per insert, update and delete, written by a PostgreSQL trigger
(so bulk updates are seen), with the request's context (who, which URL) attached by
`pghistory.middleware.HistoryMiddleware`.

On SQLite (the `make run` default) the tables exist but no trigger is installed
(django-pgtrigger installs triggers on PostgreSQL only): nothing is recorded and the
history pages say so (`audit.selectors.history_recorded`).
"""

from __future__ import annotations

import pghistory
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.tracked import TRACKED

EVENT_MODELS: dict[str, type] = {}

for _entry in TRACKED:
    # The tracked apps come before this one in INSTALLED_APPS: their models are loaded.
    _model = apps.get_registered_model(*_entry.label.split("."))
    EVENT_MODELS[_entry.label] = pghistory.create_event_model(
        _model,
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        app_label="audit",
        abstract=False,
        model_name=_entry.event_name,
        obj_field=pghistory.ObjForeignKey(related_name="+", db_constraint=False),
        **({"exclude": list(_entry.untracked)} if _entry.untracked else {}),
    )


class ArchivedChange(models.Model):
    """The diagnostics' hand-written history from before the move onto pghistory
    (`diagnostics.Change`, removed), kept read-only: those lines were text (old → new),
    not row snapshots, so they cannot become events. Copied once by migration
    `audit.0003_archive_diagnostic_changes`; nothing writes here any more. A diagnostic's
    history page shows them after its events, by the same rules: a change to a
    respondent's own axis answer (`personal`) under the answer's actor category.

    Drop the table once the cohorts that wrote them have closed."""

    diagnostic = models.ForeignKey(
        "diagnostics.Diagnostic", on_delete=models.CASCADE, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(db_index=True)
    subject = models.CharField(max_length=200)
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    personal = models.BooleanField(default=False)
    category = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("modification archivée")
        verbose_name_plural = _("modifications archivées (avant l'historique unique)")

    FIELD_LABELS = {
        "level": _("niveau"),
        "text": _("texte"),
        "evidence": _("preuve"),
        "timeline": _("récit"),
        "timeline_kind": _("type d'événement"),
        "timeline_happened_on": _("date de l'événement"),
        "timeline_title": _("titre de l'événement"),
        "timeline_description": _("récit de l'événement"),
        "status": _("état"),
        "comment": _("commentaire"),
        "quoted": _("citation dans le rapport"),
    }

    def __str__(self) -> str:
        return f"{self.subject} · {self.field}"

    @property
    def field_label(self) -> str:
        return str(self.FIELD_LABELS.get(self.field, self.field))
