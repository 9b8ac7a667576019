"""The diagnostics' hand-written history (`diagnostics.Change`) moves onto the one audit
history: its rows are text lines (old → new), not row snapshots, so they cannot become
pghistory events; they are copied here, read-only, with what the confidentiality rule
needs computed once (`personal`: a change to a respondent's own axis answer; `category`:
that answer's actor category). `diagnostics.0005` then drops the old table (this migration
runs before it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


PERSONAL_FIELDS = ("level", "text", "evidence")
BATCH = 2000


def copy_changes(apps, schema_editor):
    Change = apps.get_model("diagnostics", "Change")
    Question = apps.get_model("diagnostics", "Question")
    Answer = apps.get_model("diagnostics", "Answer")
    ArchivedChange = apps.get_model("audit", "ArchivedChange")
    axis_codes = {}  # questionnaire id -> codes of its axis questions
    for questionnaire_id, code in Question.objects.filter(section="axis").values_list(
        "questionnaire_id", "code"
    ):
        axis_codes.setdefault(questionnaire_id, set()).add(code)
    categories = {
        (diagnostic_id, code, respondent_id): category
        for diagnostic_id, code, respondent_id, category in Answer.objects.filter(
            respondent__isnull=False
        ).values_list("diagnostic_id", "question__code", "respondent_id", "category")
    }
    rows = []
    for change in Change.objects.select_related("diagnostic").order_by("pk").iterator():
        personal = change.field in PERSONAL_FIELDS and change.subject in axis_codes.get(
            change.diagnostic.questionnaire_id, ()
        )
        rows.append(
            ArchivedChange(
                diagnostic_id=change.diagnostic_id,
                changed_by_id=change.changed_by_id,
                changed_at=change.changed_at,
                subject=change.subject,
                field=change.field,
                old_value=change.old_value,
                new_value=change.new_value,
                personal=personal,
                category=categories.get(
                    (change.diagnostic_id, change.subject, change.changed_by_id), ""
                )
                if personal
                else "",
            )
        )
        if len(rows) >= BATCH:
            ArchivedChange.objects.bulk_create(rows)
            rows = []
    ArchivedChange.objects.bulk_create(rows)


def copy_back(apps, schema_editor):
    Change = apps.get_model("diagnostics", "Change")
    ArchivedChange = apps.get_model("audit", "ArchivedChange")
    Change.objects.bulk_create(
        Change(
            diagnostic_id=row.diagnostic_id,
            changed_by_id=row.changed_by_id,
            subject=row.subject,
            field=row.field,
            old_value=row.old_value,
            new_value=row.new_value,
        )
        for row in ArchivedChange.objects.order_by("pk").iterator()
    )


class Migration(migrations.Migration):
    run_before = [("diagnostics", "0005_remove_hand_written_history")]

    dependencies = [
        ('audit', '0002_follow_typology_choices'),
        ('diagnostics', '0004_p2d_three_dimensions_questionnaire_v2'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ArchivedChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField(db_index=True)),
                ('subject', models.CharField(max_length=200)),
                ('field', models.CharField(max_length=50)),
                ('old_value', models.TextField(blank=True)),
                ('new_value', models.TextField(blank=True)),
                ('personal', models.BooleanField(default=False)),
                ('category', models.CharField(blank=True, max_length=30)),
                ('changed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('diagnostic', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='diagnostics.diagnostic')),
            ],
            options={
                'verbose_name': 'modification archivée',
                'verbose_name_plural': "modifications archivées (avant l'historique unique)",
                'ordering': ['-changed_at', '-pk'],
            },
        ),
        migrations.RunPython(copy_changes, copy_back),
    ]
