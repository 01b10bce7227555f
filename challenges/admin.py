from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from challenges.models import Challenge, ChallengeTag


@admin.register(Challenge)
class ChallengeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_en", "retired_on"]
    search_fields = ["code", "title_en", "title_fr", "title_es"]


@admin.register(ChallengeTag)
class ChallengeTagAdmin(SimpleHistoryAdmin):
    list_display = ["state", "challenge", "noted_on", "status", "addressed_on"]
    list_filter = ["status", "state__region"]
    search_fields = ["state__iso3", "state__name_en", "challenge__code", "source"]
    raw_id_fields = ["state", "challenge", "recorded_by"]
    readonly_fields = ["version", "created_at"]
