from django.contrib import admin

from agora.models import Agora, Position, Statement


@admin.register(Agora)
class AgoraAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cohort", "version", "created_at"]
    list_filter = ["cohort"]
    search_fields = ["cohort__name"]
    readonly_fields = ["version"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    readonly_fields = ["revision", "updated_at"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "agora", "revision", "created_at", "updated_at"]
    list_filter = ["kind", "agora__cohort"]
    search_fields = ["text"]
    raw_id_fields = ["sources"]
    # Revisions guard the live page against lost updates; only the services move them.
    readonly_fields = ["revision", "updated_at"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["statement", "category", "stance", "revision", "updated_at"]
    list_filter = ["category", "stance", "statement__agora__cohort"]
    search_fields = ["statement__text", "note"]
    readonly_fields = ["revision", "updated_at"]
