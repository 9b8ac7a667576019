from django.db import migrations


def load(apps, schema_editor):
    from diagnostics.questionnaire_data import load_version_1

    load_version_1(
        apps.get_model("diagnostics", "Questionnaire"),
        apps.get_model("diagnostics", "Question"),
        apps.get_model("transitions", "Axis"),
    )


def unload(apps, schema_editor):
    apps.get_model("diagnostics", "Questionnaire").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diagnostics", "0001_initial"),
        ("transitions", "0002_referential"),
    ]

    operations = [migrations.RunPython(load, unload)]
