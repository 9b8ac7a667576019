import os

from celery import Celery

# Connects the signals that carry a request's id into the tasks it sends.
import transitions.observability  # noqa: F401, E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "transitions.settings")

app = Celery("transitions")
# acks_late, reject-on-worker-lost and time limits come from settings (CELERY_*).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
