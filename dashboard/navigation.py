"""The main navigation: each entry names its URL and the roles that may use it.

The reading pages come first, one link each; the Secretariat's tools share one menu, so the bar
fits an ordinary laptop's width in every language. An entry whose URL is not defined (its feature
not built yet) is left out, so the navigation never links to a page that does not exist.
Roles: None means everyone, anonymous users included.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, role_of

STAFF = (Role.SECRETARIAT, Role.COCHAIRS)
SIGNED_IN = (Role.SECRETARIAT, Role.COCHAIRS, Role.DELEGATES)
SECRETARIAT = (Role.SECRETARIAT,)

NAV_ITEMS = [
    ("dashboard:index", _("Dashboard"), STAFF),
    ("status", _("Treaty status"), None),
    ("states:list", _("States"), None),
    ("meetings:index", _("Meetings"), SIGNED_IN),
    ("challenges:index", _("Challenges"), STAFF),
    ("pipeline:index", _("Joining pipeline"), STAFF),
    ("outreach:index", _("Outreach"), STAFF),
    ("reports:index", _("Reports"), SIGNED_IN),
]

# The Secretariat's tools, in one menu ("Secretariat") at the end of the bar.
TOOL_ITEMS = [
    ("states:import", _("Import a status file"), SECRETARIAT),
    ("depositary:index", _("Depositary check"), SECRETARIAT),
    ("accounts:people", _("Accounts"), SECRETARIAT),
    ("audit:index", _("Audit trail"), SECRETARIAT),
]


def _entries(request, role, entries) -> list[dict]:
    items = []
    for url_name, label, roles in entries:
        if roles is not None and role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = request.path.startswith(url) if url != "/" else request.path == "/"
        items.append({"url": url, "label": label, "active": active})
    return items


def nav_items(request):
    """nav_items: the bar's links; nav_tools: the Secretariat's menu (empty for other roles),
    nav_tools_active: whether the current page is one of its tools."""
    role = role_of(request.user) if hasattr(request, "user") else None
    tools = _entries(request, role, TOOL_ITEMS)
    return {
        "nav_items": _entries(request, role, NAV_ITEMS),
        "nav_tools": tools,
        "nav_tools_active": any(item["active"] for item in tools),
    }
