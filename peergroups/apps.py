from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeergroupsConfig(AppConfig):
    name = "peergroups"
    verbose_name = _("Groupes de pairs")
    default_auto_field = "django.db.models.BigAutoField"
