from django.contrib import admin

from diagnostics.models import (
    Answer,
    Diagnostic,
    Evidence,
    Question,
    Questionnaire,
    TimelineEvent,
)


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["order", "section", "code", "axis", "prompt_fr", "prompt_en"]
    # Published questions are data other diagnostics rely on: publish a new version.
    readonly_fields = fields
    can_delete = False


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["version", "title_fr", "published_at"]
    search_fields = ["title_fr", "title_en", "notes"]
    list_filter = ["published_at"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "questionnaire", "section", "order"]
    list_filter = ["questionnaire", "section"]
    search_fields = ["code", "prompt_fr", "prompt_en"]


@admin.register(Diagnostic)
class DiagnosticAdmin(admin.ModelAdmin):
    list_display = ["delegation", "questionnaire", "status", "submitted_at", "validated_at"]
    list_filter = ["status", "questionnaire", "delegation__cohort"]
    search_fields = ["delegation__territory__name", "review_comment"]
    list_select_related = ["delegation__territory", "delegation__cohort", "questionnaire"]
    raw_id_fields = ["delegation", "submitted_by", "validated_by"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["question", "diagnostic", "respondent", "category", "level", "version"]
    list_filter = ["category", "level", "question__section", "diagnostic__delegation__cohort"]
    search_fields = ["text", "question__code", "respondent__email"]
    list_select_related = ["question", "diagnostic__delegation__territory", "respondent"]
    raw_id_fields = ["diagnostic", "question", "respondent", "updated_by"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["kind", "description", "frequency", "answer", "created_at"]
    list_filter = ["kind"]
    search_fields = ["description", "frequency"]
    raw_id_fields = ["answer", "created_by"]


@admin.register(TimelineEvent)
class TimelineEventAdmin(admin.ModelAdmin):
    list_display = ["happened_on", "title", "kind", "diagnostic"]
    list_filter = ["kind"]
    search_fields = ["title", "description"]
    raw_id_fields = ["diagnostic", "created_by"]
