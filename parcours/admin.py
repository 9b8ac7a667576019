from django.contrib import admin

from parcours.models import EntryRecord, InputNote, SubgroupNote, Topic, TopicNote, VisitReport


@admin.register(EntryRecord)
class EntryRecordAdmin(admin.ModelAdmin):
    list_display = ["delegation", "ambition_met", "ecosystem_met", "leadership_met", "committed_on"]
    list_select_related = ["delegation__territory", "delegation__cohort"]
    raw_id_fields = ["delegation", "updated_by"]


@admin.register(InputNote)
class InputNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "speaker", "created_at"]
    raw_id_fields = ["cohort", "meeting", "author"]


@admin.register(VisitReport)
class VisitReportAdmin(admin.ModelAdmin):
    list_display = ["place", "delegation", "created_at"]
    list_select_related = ["delegation__territory", "delegation__cohort"]
    raw_id_fields = ["delegation", "meeting", "author"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort"]


@admin.register(TopicNote)
class TopicNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "updated_at"]
    raw_id_fields = ["topic", "contributors"]


@admin.register(SubgroupNote)
class SubgroupNoteAdmin(admin.ModelAdmin):
    list_display = ["title", "subgroup", "created_at"]
    raw_id_fields = ["subgroup", "meeting", "author"]
