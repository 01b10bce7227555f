from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from outreach.models import Attachment, FollowUp, OutreachActivity


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


@admin.register(OutreachActivity)
class OutreachActivityAdmin(SimpleHistoryAdmin):
    list_display = ["start_date", "kind", "actor_role", "actor_name", "visibility"]
    list_filter = ["kind", "actor_role", "visibility"]
    search_fields = ["actor_name", "place", "summary"]
    date_hierarchy = "start_date"
    filter_horizontal = ["states"]
    raw_id_fields = ["challenge_tags"]
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(SimpleHistoryAdmin):
    list_display = ["action", "owner", "due_on", "done", "done_on"]
    list_filter = ["done"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["original_name", "format", "size", "activity", "uploaded_at"]
    readonly_fields = ["token", "format", "size"]
