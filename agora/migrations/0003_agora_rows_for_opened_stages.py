"""Agora rows used to be created by the first GET of the agora page; now the stage-opened
hook creates them. Cohorts whose agora stage opened before get theirs here."""

from django.db import migrations


def create_missing_agoras(apps, schema_editor):
    Agora = apps.get_model("agora", "Agora")
    Stage = apps.get_model("transitions", "Stage")
    opened = Stage.objects.filter(kind="agora", status__in=["open", "closed"]).values_list(
        "cohort_id", flat=True
    )
    existing = set(Agora.objects.values_list("cohort_id", flat=True))
    Agora.objects.bulk_create(
        [Agora(cohort_id=cohort_id) for cohort_id in set(opened) - existing]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agora", "0002_revisions"),
        ("transitions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_missing_agoras, migrations.RunPython.noop)]
