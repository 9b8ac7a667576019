from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgoraConfig(AppConfig):
    name = "agora"
    verbose_name = _("Agora et forums")
    default_auto_field = "django.db.models.BigAutoField"
