"""Formatting for the challenges pages (no {% if %} ladders in templates)."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def tag_status(tag):
    """A badge for a tag as last computed (selectors set .shown_status and .overtaken)."""
    status = getattr(tag, "shown_status", None) or tag.status_on()
    if status == "overtaken":
        overtaken = getattr(tag, "overtaken", None) or tag.overtaken_on()
        text = _("Overtaken on %(date)s (State Party)") % {
            "date": date_format(overtaken, "DATE_FORMAT")
        }
    elif status == "addressed":
        text = _("Addressed on %(date)s") % {"date": date_format(tag.addressed_on, "DATE_FORMAT")}
    else:
        text = _("Open")
    return format_html('<span class="badge tag-status tag-status-{}">{}</span>', status, text)


@register.filter
def person(user):
    """A user's full name, else the user name; an em dash for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
