"""The main navigation: each entry names its URL and the roles that may use it.

An entry whose URL is not defined (its feature not built yet) is left out, so the navigation
never links to a page that does not exist. Roles: None means everyone, anonymous users included.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, role_of

STAFF = (Role.SECRETARIAT, Role.COCHAIRS)
SIGNED_IN = (Role.SECRETARIAT, Role.COCHAIRS, Role.DELEGATES)

NAV_ITEMS = [
    ("dashboard:index", _("Dashboard"), STAFF),
    ("status", _("Treaty status"), None),
    ("states:list", _("States"), None),
    ("meetings:index", _("Meetings"), SIGNED_IN),
    ("challenges:index", _("Challenges"), STAFF),
    ("pipeline:index", _("Joining pipeline"), STAFF),
    ("outreach:index", _("Outreach"), STAFF),
    ("reports:index", _("Reports"), SIGNED_IN),
    ("depositary:index", _("Depositary check"), (Role.SECRETARIAT,)),
    ("accounts:people", _("Accounts"), (Role.SECRETARIAT,)),
]


def nav_items(request):
    role = role_of(request.user) if hasattr(request, "user") else None
    items = []
    for url_name, label, roles in NAV_ITEMS:
        if roles is not None and role not in roles:
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = request.path.startswith(url) if url != "/" else request.path == "/"
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
