"""Restore a backup archive into an empty database and storage (transitions.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from transitions.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Restaure une archive de `backup` dans une base et un stockage vides, puis vérifie les "
        "lignes par table et les sommes des fichiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Efface d'abord la base (schéma public) et tous les fichiers stockés.",
        )

    def handle(self, *args, archive, force=False, **options):
        try:
            summary = restore_archive(archive, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.path}: {summary.tables} tables, {summary.rows} rows, "
                f"{summary.files} files ({summary.file_bytes} bytes) in {summary.seconds:.1f} s; "
                "row counts and checksums match the manifest."
            )
        )
