"""Load the demo data (idempotent) and print one login per role."""

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
        self.stdout.write("Ouvrez http://127.0.0.1:8000/accounts/login/")
