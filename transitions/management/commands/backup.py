"""Write one backup archive: the PostgreSQL dump and every stored file (transitions.backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from transitions.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Sauvegarde la base PostgreSQL (pg_dump) et les fichiers stockés (disque local ou S3) "
        "dans une archive avec manifeste et sommes SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="Chemin de l'archive (défaut : ./transitions-AAAAMMJJ-HHMMSS.tar).",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            output = Path(f"transitions-{timezone.now():%Y%m%d-%H%M%S}.tar")
        try:
            summary = backup_create(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {summary.path}: {summary.tables} tables, {summary.rows} rows, "
                f"{summary.files} files ({summary.file_bytes} bytes) in {summary.seconds:.1f} s."
            )
        )
