from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _nav_visible(user) -> bool:
    from transitions.roles import roles_of

    roles = roles_of(user)
    return roles.is_staff or roles.facilitates_anywhere


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Historique")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit.models import EVENT_MODELS
        from transitions.navigation import NavEntry, register_nav
        from transitions.personal_data import register_rows

        # History of the person's memberships goes with the memberships; the rest points
        # at the emptied account, like the rows it records.
        for label, model in EVENT_MODELS.items():
            user_fields = [
                f.name
                for f in model._meta.concrete_fields
                if f.is_relation and f.related_model._meta.label == "transitions.User"
            ]
            if not user_fields:
                continue
            register_rows(
                model,
                *user_fields,
                erase="delete" if label == "transitions.Membership" else "keep",
                note="audit history of the rows above",
                last=True,
            )

        from functools import partial

        from audit import selectors
        from audit.models import ArchivedChange
        from audit.tracked import TRACKED
        from transitions.history import register_object_history

        register_rows(
            ArchivedChange,
            "changed_by",
            note="archived diagnostic history stays, by the emptied account",
            last=True,
        )
        # The history pages of the apps below (a diagnostic's) read through the core's
        # registry, so they never import this app.
        for label in {owner for entry in TRACKED for owner, _path in entry.within}:
            register_object_history(label, partial(selectors.object_history, label))

        register_nav(
            NavEntry(
                label=_("Historique"), url_name="audit:cohort-list", visible=_nav_visible, order=90
            )
        )
