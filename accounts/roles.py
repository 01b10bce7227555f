"""The three roles of the portal, as Django groups with permissions.

Secretariat: creates and edits every record. Co-chairs: read everything, edit nothing.
Delegates: public treaty status and the published reports. Anonymous users: public pages only.
Permissions are named as "app_label.codename"; "app_label.*" means every permission of the app and
"app_label.view_*" every view permission.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

PORTAL_APPS = ("states", "depositary", "challenges", "outreach", "meetings")


class Role(models.TextChoices):
    SECRETARIAT = "Secretariat", _("Secretariat")
    COCHAIRS = "Co-chairs", _("Co-chairs")
    DELEGATES = "Delegates", _("Delegates")


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.SECRETARIAT: [*(f"{app}.*" for app in PORTAL_APPS), "accounts.manage_accounts"],
    Role.COCHAIRS: [*(f"{app}.view_*" for app in PORTAL_APPS if app != "depositary")],
    Role.DELEGATES: [
        "states.view_state",
        "meetings.view_meeting",
        "meetings.view_published_report",
    ],
}


def resolve_permissions(patterns, permission_model):
    """The Permission rows that the patterns name (unknown names are skipped: not migrated yet)."""
    wanted = permission_model.objects.none()
    for pattern in patterns:
        app_label, _dot, codename = pattern.partition(".")
        qs = permission_model.objects.filter(content_type__app_label=app_label)
        if codename == "*":
            pass
        elif codename.endswith("*"):
            qs = qs.filter(codename__startswith=codename[:-1])
        else:
            qs = qs.filter(codename=codename)
        wanted = wanted | qs
    return wanted


def sync_role_permissions(*, using="default", apps=None, **kwargs):
    """Create the role groups if missing and give each exactly its permissions (idempotent)."""
    from django.apps import apps as global_apps

    registry = apps or global_apps
    try:
        group_model = registry.get_model("auth", "Group")
        permission_model = registry.get_model("auth", "Permission")
    except LookupError:
        return
    for role, patterns in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.using(using).get_or_create(name=role)
        group.permissions.set(resolve_permissions(patterns, permission_model).using(using))


def role_of(user) -> str | None:
    """The user's role name (the first of Secretariat, Co-chairs, Delegates they belong to)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_portal_role"):
        names = {g.name for g in user.groups.all()}
        user._portal_role = next((r.value for r in Role if r.value in names), None)
    return user._portal_role
