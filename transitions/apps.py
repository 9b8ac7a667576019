from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionsConfig(AppConfig):
    name = "transitions"
    verbose_name = _("Parcours")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the job tasks in web processes too (Celery only autodiscovers in
        # workers): the job service sends them by name, and a registered task honours
        # eager mode and its own options.
        from transitions import personal_data, tasks  # noqa: F401
        from transitions.navigation import NavEntry, register_nav
        from transitions.roles import roles_of

        def signed_in(user) -> bool:
            return user.is_authenticated

        register_nav(NavEntry(_("Cohortes"), "transitions:cohort-list", signed_in, order=10))
        register_nav(NavEntry(_("Référentiel"), "transitions:referential", signed_in, order=80))
        register_nav(NavEntry(_("Mon profil"), "transitions:profile", signed_in, order=90))
        register_nav(
            NavEntry(_("Exploitation"), "transitions:operations", lambda u: u.is_staff, order=98)
        )
        register_nav(NavEntry(_("Administration"), "admin:index", lambda u: u.is_staff, order=99))
        personal_data.register_core()
        self._watch_referential()
        from transitions import selectors
        from transitions.home import register_home_provider

        register_home_provider(selectors.core_next_actions)
        register_nav(
            NavEntry(
                _("Effacements"),
                "transitions:erasure-list",
                lambda u: u.is_authenticated and (u.is_staff or roles_of(u).facilitates_anywhere),
                order=95,
            )
        )

    @staticmethod
    def _watch_referential() -> None:
        """Saving or deleting a principle, axis or balise (the admin) moves the version
        that per-process copies of the referential are kept under."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from transitions.models import Axis, Balise, Principle
        from transitions.selectors import referential_changed

        for model in (Principle, Axis, Balise):
            post_save.connect(referential_changed, sender=model, dispatch_uid=f"ref-save-{model}")
            post_delete.connect(referential_changed, sender=model, dispatch_uid=f"ref-del-{model}")
        m2m_changed.connect(
            referential_changed, sender=Balise.axes.through, dispatch_uid="ref-balise-axes"
        )
