"""Export a cohort's corpus from the command line, for scripted analyses.

    python manage.py research_export --cohort ID --format {csv,xlsx,json,qdc,qdpx} \
        --output PATH [--project NAME]

The same protocol, consent rule and pseudonymisation as the web export (the same
`research.exports` code); the export is logged with channel "command".
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from research import exports, services
from research.models import ExportFormat
from research.selectors import Filters
from transitions.models import Cohort

FORMATS = ["csv", "xlsx", "json", "qdc", "qdpx", "codebook_csv"]


class Command(BaseCommand):
    help = "Export a cohort's research corpus, pseudonymised (CSV, XLSX, JSON, QDC, QDPX)."

    def add_arguments(self, parser):
        parser.add_argument("--cohort", type=int, required=True)
        parser.add_argument("--format", choices=FORMATS, required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument("--project", default="principal")

    def handle(self, *args, cohort, format, output, project, **options):
        try:
            cohort_obj = Cohort.objects.get(pk=cohort)
        except Cohort.DoesNotExist:
            raise CommandError(f"No cohort {cohort}.") from None
        export_project = services.export_project_for(cohort=cohort_obj, name=project)
        filters = Filters()
        log = services.export_log_create(
            cohort=cohort_obj,
            project=export_project,
            user=None,
            format=format,
            filters={},
            channel="command",
        )
        exporter = exports.Exporter(cohort_obj, export_project, filters)
        count = 0

        def done(n: int) -> None:
            nonlocal count
            count = n

        if format in (ExportFormat.CSV, ExportFormat.JSON):
            stream = exports.csv_stream if format == ExportFormat.CSV else exports.json_stream
            with open(output, "w", encoding="utf-8", newline="") as fh:
                for chunk in stream(exporter, on_done=done):
                    fh.write(chunk)
        else:
            if format == ExportFormat.XLSX:
                data, count = exports.xlsx_bytes(exporter)
            elif format == ExportFormat.QDPX:
                data, count = exports.qdpx_bytes(exporter)
            elif format == ExportFormat.QDC:
                data = exports.qdc_bytes(cohort_obj, exporter.pseudonymiser)
                count = len(exports.codebook(cohort_obj))
            else:
                data = exports.codebook_csv(cohort_obj).encode()
                count = len(exports.codebook(cohort_obj))
            with open(output, "wb") as fh:
                fh.write(data)
        services.export_log_count(log=log, row_count=count)
        self.stdout.write(f"{count} rows → {output}")
