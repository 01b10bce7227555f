from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import (
    AgendaItem,
    CalendarToken,
    Conference,
    Document,
    DocumentFile,
    Meeting,
    PlanActivity,
    StandardTopic,
    WorkPlan,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "topic", "title", "presenter"]


@admin.register(Conference)
class ConferenceAdmin(SimpleHistoryAdmin):
    list_display = ["number", "opening", "closing", "place", "format"]


@admin.register(WorkPlan)
class WorkPlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "opening_conference", "conference"]
    list_select_related = ["opening_conference", "conference"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(SimpleHistoryAdmin):
    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        # A secret is made in the portal, which shows it once.
        return False


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "plan", "status"]
    list_filter = ["plan", "status"]
    inlines = [AgendaItemInline]


@admin.register(StandardTopic)
class StandardTopicAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_en", "order"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "order", "topic", "title"]
    list_select_related = ["meeting", "topic"]


@admin.register(PlanActivity)
class PlanActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "plan", "kind", "status", "start_date"]


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0
    fields = ["language", "file_format", "original_name", "size"]
    readonly_fields = ["language", "file_format", "original_name", "size"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Files go through the portal's upload form, which checks their content.
        return False


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["symbol", "annex", "title", "kind", "access"]
    list_filter = ["kind", "access"]
    inlines = [DocumentFileInline]
