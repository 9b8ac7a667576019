"""Load the demo data (idempotent) and print one login per role."""

from django.conf import settings
from django.core.management.base import BaseCommand

from transitions.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Crée (ou complète) les données de démonstration et affiche les identifiants."

    def handle(self, *args, **options):
        accounts = load_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        )
        for role, email in accounts:
            self.stdout.write(f"  {role:<28} {email}")
        if settings.MFA_TOTP_INSECURE_BYPASS_CODE:
            self.stdout.write(
                "Double authentification (démo, DEBUG uniquement) : les comptes staff, "
                "animation et recherche saisissent le code "
                f"{settings.MFA_TOTP_INSECURE_BYPASS_CODE} après leur mot de passe."
            )
        else:
            self.stdout.write(
                "Double authentification : à leur première connexion, les comptes staff, "
                "animation et recherche activent une application d'authentification "
                "(QR code à scanner)."
            )
        self.stdout.write(f"Ouvrez {settings.SITE_URL}/accounts/login/")
