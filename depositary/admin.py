from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from depositary.models import DepositaryCheck, DepositaryName, DepositarySync, StateDeclaration


@admin.register(DepositaryName)
class DepositaryNameAdmin(SimpleHistoryAdmin):
    list_display = ("name", "state", "note")
    search_fields = ("name", "state__name_en", "state__iso3")
    list_select_related = ("state",)


@admin.register(StateDeclaration)
class StateDeclarationAdmin(SimpleHistoryAdmin):
    list_display = ("state", "kind", "heading", "as_of", "source")
    list_filter = ("kind",)
    search_fields = ("state__name_en", "state__iso3", "text")
    list_select_related = ("state",)


@admin.register(DepositaryCheck)
class DepositaryCheckAdmin(admin.ModelAdmin):
    list_display = ("file_name", "as_of", "compared_on", "checked_by", "checked_at", "applied_at")
    exclude = ("content",)


@admin.register(DepositarySync)
class DepositarySyncAdmin(SimpleHistoryAdmin):
    list_display = ("started_at", "outcome", "differences_pending", "checked_on", "notified")
    list_filter = ("outcome",)
    readonly_fields = [f.name for f in DepositarySync._meta.fields]
