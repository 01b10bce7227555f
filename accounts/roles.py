"""The three roles of the portal, as Django groups with permissions.

Secretariat: creates and edits every record. Co-chairs: read everything, edit nothing.
Delegates: public treaty status and the published reports. Anonymous users: public pages only.
Permissions are named as "app_label.codename"; "app_label.*" means every permission of the app and
"app_label.view_*" every view permission.
"""

import functools

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

PORTAL_APPS = ("states", "depositary", "challenges", "pipeline", "outreach", "meetings")


class Role(models.TextChoices):
    SECRETARIAT = "Secretariat", _("Secretariat")
    COCHAIRS = "Co-chairs", _("Co-chairs")
    DELEGATES = "Delegates", _("Delegates")


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.SECRETARIAT: [
        *(f"{app}.*" for app in PORTAL_APPS),
        "accounts.manage_accounts",
        "accounts.view_audit_trail",
    ],
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
        load_access(user)
    return user._portal_role


@functools.cache
def _access_sql() -> str:
    """The names of a user's groups and the permissions they hold (their own and their groups'),
    as rows (kind, a, b): ("group", name, "") or ("perm", app_label, codename). Built once per
    process from the models' tables and columns, quoted: only the user's id is a parameter."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    user_model = get_user_model()
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    memberships = user_model.groups.through
    own = user_model.user_permissions.through
    granted = Group.permissions.through
    perm = (
        f"SELECT 'perm', ct.{column(ContentType, 'app_label')}, p.{column(Permission, 'codename')}"  # noqa: S608
        f" FROM {table(Permission)} p"
        f" INNER JOIN {table(ContentType)} ct"
        f" ON ct.{quote('id')} = p.{column(Permission, 'content_type')}"
    )
    return (
        f"SELECT 'group', g.{column(Group, 'name')}, '' FROM {table(Group)} g"  # noqa: S608
        f" INNER JOIN {table(memberships)} m ON m.{column(memberships, 'group')} = g.{quote('id')}"
        f" WHERE m.{column(memberships, 'user')} = %s"
        f" UNION ALL {perm}"
        f" INNER JOIN {table(own)} o ON o.{column(own, 'permission')} = p.{quote('id')}"
        f" WHERE o.{column(own, 'user')} = %s"
        f" UNION ALL {perm}"
        f" INNER JOIN {table(granted)} gp ON gp.{column(granted, 'permission')} = p.{quote('id')}"
        f" INNER JOIN {table(memberships)} m ON m.{column(memberships, 'group')}"
        f" = gp.{column(granted, 'group')}"
        f" WHERE m.{column(memberships, 'user')} = %s"
    )


def load_access(user) -> None:
    """Read, in one query, what `user` may do: their role (role_of's per-request cache) and their
    permissions (ModelBackend's per-request cache, `_perm_cache`, used by has_perm). A superuser
    holds every permission (one more query). Every signed-in page reads both: one query instead
    of three (groups, own permissions, groups' permissions)."""
    with connection.cursor() as cursor:
        cursor.execute(_access_sql(), [user.pk] * 3)
        rows = cursor.fetchall()
    names = {a for kind, a, _b in rows if kind == "group"}
    user._portal_role = next((r.value for r in Role if r.value in names), None)
    if user.is_superuser:
        from django.contrib.auth.models import Permission

        pairs = Permission.objects.values_list("content_type__app_label", "codename")
    else:
        pairs = [(a, b) for kind, a, b in rows if kind == "perm"]
    user._perm_cache = {f"{app}.{codename}" for app, codename in pairs}


def forget_access(user) -> None:
    """Drop what load_access (and ModelBackend) remembered of `user`, after a change of role."""
    for name in ("_portal_role", "_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(name, None)
