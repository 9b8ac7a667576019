"""Existing cohorts get the parcours of DOMAIN §4: an entry stage first, and the merged
"inspiration" stage split into "prise de hauteur" followed by "inspiration et formation
collective". Idempotent: a cohort that already has a stage of a kind gets no second one.

- The inspiration stage keeps its identifier, rows, meetings and dates (everything that
  points at it stays valid); its default name becomes the new label.
- "Prise de hauteur" is inserted just before it with the same status, dates and skip
  flag: the two were one stage, so they were in the same state.
- "Entrée dans le parcours" comes first and takes the diagnostic stage's status: the
  prerequisites are checked when a territory starts, so a cohort whose diagnostic is open
  (or closed) has passed its entry too, and facilitators can still record it.
- Orders are renumbered 1..n, keeping the cohort's own order of the other stages.
"""

from django.db import migrations

OLD_INSPIRATION_NAME = "Inspiration et formation"
NEW_INSPIRATION_NAME = "Inspiration et formation collective"


def forwards(apps, schema_editor):
    Cohort = apps.get_model("transitions", "Cohort")
    Stage = apps.get_model("transitions", "Stage")
    for cohort in Cohort.objects.all().iterator():
        stages = list(Stage.objects.filter(cohort=cohort).order_by("order", "pk"))
        kinds = {s.kind: s for s in stages}
        changed = False
        inspiration = kinds.get("inspiration")
        if inspiration is not None and "stepping_back" not in kinds:
            stepping_back = Stage.objects.create(
                cohort=cohort,
                kind="stepping_back",
                name="Prise de hauteur",
                order=inspiration.order,
                optional=inspiration.optional,
                skipped=inspiration.skipped,
                status=inspiration.status,
                opens_on=inspiration.opens_on,
                closes_on=inspiration.closes_on,
            )
            stages.insert(stages.index(inspiration), stepping_back)
            changed = True
        if inspiration is not None and inspiration.name == OLD_INSPIRATION_NAME:
            inspiration.name = NEW_INSPIRATION_NAME
            inspiration.save(update_fields=["name"])
        if "entry" not in kinds:
            diagnostic = kinds.get("diagnostic")
            entry = Stage.objects.create(
                cohort=cohort,
                kind="entry",
                name="Entrée dans le parcours",
                order=0,
                optional=False,
                status=diagnostic.status if diagnostic is not None else "upcoming",
                opens_on=cohort.starts_on,
            )
            stages.insert(0, entry)
            changed = True
        if changed:
            for position, stage in enumerate(stages, start=1):
                stage.order = position
            Stage.objects.bulk_update(stages, ["order"])


class Migration(migrations.Migration):
    dependencies = [("transitions", "0004_meetings_trace_subgroups_sub_roles")]

    # Backwards leaves the stages: they may hold records by then.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
