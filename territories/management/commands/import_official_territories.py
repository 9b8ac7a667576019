"""`python manage.py import_official_territories [--source DIR]`: load the official
administrative reference (territories.official)."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from territories.official import DEFAULT_SOURCE, ReferenceMissing, official_reference_import


class Command(BaseCommand):
    help = "Charge le référentiel administratif officiel (@etalab/decoupage-administratif)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            default=DEFAULT_SOURCE,
            help="Dossier du paquet npm (package.json et data/*.json).",
        )
        parser.add_argument(
            "--if-present",
            action="store_true",
            help="Ne rien faire (sans erreur) si le paquet n'est pas installé.",
        )

    def handle(self, *args, source: Path, if_present: bool, **options):
        started = time.monotonic()
        try:
            result = official_reference_import(source=source)
        except ReferenceMissing as error:
            message = (
                f"Référentiel officiel absent ({error}). Installez-le avec `npm ci` à la "
                "racine du projet (package.json), ou indiquez --source."
            )
            if if_present:
                self.stdout.write(self.style.WARNING(message))
                return
            raise CommandError(message) from None
        counts = ", ".join(f"{value} {name}" for name, value in result.counts.items())
        self.stdout.write(
            f"Référentiel officiel {result.version} : {counts} ; "
            f"{result.created} créées, {result.updated} modifiées, "
            f"{result.withdrawn} retirées, {result.deleted} supprimées ; "
            f"{len(result.changes)} changements pour des territoires en cohorte "
            f"({time.monotonic() - started:.1f} s)."
        )
