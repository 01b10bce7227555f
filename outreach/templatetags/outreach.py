"""Formatting for the outreach pages (no {% if %} ladders in the templates)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caching.labels import choice_label
from caching.urls import reverse_one

register = template.Library()


@register.filter
def date_span(activity) -> str:
    """ "3 May 2018" or "3 May 2018 - 5 May 2018" (an en dash)."""
    start = date_format(activity.start_date, "DATE_FORMAT")
    if activity.end_date and activity.end_date != activity.start_date:
        return f"{start} \u2013 {date_format(activity.end_date, 'DATE_FORMAT')}"
    return start


@register.filter
def label(obj, field: str) -> str:
    """{{ activity|label:"kind" }}: get_kind_display(), translated once per language."""
    return choice_label(obj, field)


@register.filter
def timeline_url(state) -> str:
    """The state's outreach timeline (reversed once: a log of 50 rows links ~80 states)."""
    return reverse_one("outreach:state_timeline", state.iso3)


@register.filter
def days_ago(days) -> str:
    if days is None:
        return _("never contacted")
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@register.filter
def state_names(states) -> str:
    return ", ".join(s.name for s in states)


@register.simple_tag
def url_or_empty(name, *args) -> str:
    """The URL, or "" when that page does not exist (yet): links to other apps' pages."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.filter
def overdue_on(followup, today) -> bool:
    return followup.is_overdue(today)


@register.filter
def visibility_badge(activity) -> str:
    return "text-bg-success" if activity.is_public else "text-bg-secondary"
