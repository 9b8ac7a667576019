"""The territorial forums enter the corpus as four new sources. Protocols saved before
they existed could not choose them: they are added, as the default protocol has every
source (a facilitator removes them on the protocol page)."""

from django.db import migrations

FORUM_SOURCES = ["agora.card", "agora.forum", "agora.atmosphere", "agora.opportunity"]


def add_forum_sources(apps, schema_editor):
    Protocol = apps.get_model("research", "Protocol")
    for protocol in Protocol.objects.all():
        sources = sorted(set(protocol.sources) | set(FORUM_SOURCES))
        if sources != protocol.sources:
            protocol.sources = sources
            protocol.save(update_fields=["sources"])


def remove_forum_sources(apps, schema_editor):
    Protocol = apps.get_model("research", "Protocol")
    for protocol in Protocol.objects.all():
        protocol.sources = [s for s in protocol.sources if s not in FORUM_SOURCES]
        protocol.save(update_fields=["sources"])


class Migration(migrations.Migration):
    dependencies = [("research", "0002_detections")]

    operations = [migrations.RunPython(add_forum_sources, remove_forum_sources)]
