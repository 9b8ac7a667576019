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
