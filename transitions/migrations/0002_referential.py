from django.db import migrations

from transitions.referential_data import BALISES, DIMENSIONS, PRINCIPLES


def load_referential(apps, schema_editor):
    Principle = apps.get_model("transitions", "Principle")
    Axis = apps.get_model("transitions", "Axis")
    Balise = apps.get_model("transitions", "Balise")
    for number, data in enumerate(PRINCIPLES, start=1):
        dim_fr, dim_en = DIMENSIONS[data["dimension"]]
        principle, _ = Principle.objects.update_or_create(
            code=data["code"],
            defaults={
                "number": number,
                "dimension": data["dimension"],
                "title_fr": data["title_fr"],
                "title_en": data["title_en"],
                "dimension_title_fr": dim_fr,
                "dimension_title_en": dim_en,
            },
        )
        for letter, label_fr, label_en in data["axes"]:
            Axis.objects.update_or_create(
                code=f"{data['code']}-{letter}",
                defaults={
                    "principle": principle,
                    "letter": letter,
                    "label_fr": label_fr,
                    "label_en": label_en,
                },
            )
        for index, (title_fr, title_en) in enumerate(BALISES[data["dimension"]], start=1):
            Balise.objects.update_or_create(
                code=f"{data['dimension']}-{index}",
                defaults={
                    "principle": principle,
                    "number": index,
                    "title_fr": title_fr,
                    "title_en": title_en,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("transitions", "0001_initial")]

    operations = [migrations.RunPython(load_referential, migrations.RunPython.noop)]
