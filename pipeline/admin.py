from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pipeline.models import ProcedureStage, StageEntry


@admin.register(ProcedureStage)
class ProcedureStageAdmin(SimpleHistoryAdmin):
    list_display = ["order", "code", "name_en"]
    search_fields = ["code", "name_en", "name_fr", "name_es"]
    readonly_fields = ["version"]


@admin.register(StageEntry)
class StageEntryAdmin(SimpleHistoryAdmin):
    list_display = ["state", "stage", "date", "visibility"]
    list_filter = ["visibility", "stage", "state__region"]
    search_fields = ["state__iso3", "state__name_en", "source", "note"]
    raw_id_fields = ["state", "stage", "recorded_by"]
    readonly_fields = ["version", "created_at"]
