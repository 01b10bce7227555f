"""Formatting for the outreach pages (no {% if %} ladders in the templates)."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caching.labels import choice_label
from caching.urls import reverse_one
from states.dates import written

register = template.Library()


@register.filter
def date_span(activity) -> str:
    """ "3 May 2018" or "3 May 2018 - 5 May 2018" (an en dash)."""
    start = written(activity.start_date)
    if activity.end_date and activity.end_date != activity.start_date:
        return f"{start} \u2013 {written(activity.end_date)}"
    return start


@register.filter
def label(obj, field: str) -> str:
    """{{ activity|label:"kind" }}: get_kind_display(), translated once per language."""
    return choice_label(obj, field)


@register.filter
def timeline_url(state) -> str:
    """The state's outreach timeline (reversed once: a log of 50 rows links ~80 states)."""
    return reverse_one("outreach:state_timeline", state.iso3)


@register.simple_tag
def activity_rows(activities, show_tags=False):
    """The rows of the outreach table (outreach/includes/activity_table.html), written here with
    plain escaping: a page of 50 activities made the template engine look up ~1,000 values,
    most of the log's time after a write. `show_tags`: the challenge codes, else their count."""
    rows = []
    for activity in activities:
        states = mark_safe(  # Safe: each link was built by format_html.
            ", ".join(
                format_html('<a href="{}">{}</a>', timeline_url(state), state.name)
                for state in activity.states_by_name
            )
        )
        if show_tags:
            codes = [
                format_html('<span class="badge text-bg-warning">{}</span> ', tag.challenge.code)
                for tag in activity.challenge_tags.all()
            ]
            noted = mark_safe("".join(codes)) if codes else "—"  # Safe: built by format_html.
        else:
            noted = activity.tag_count
        rows.append(
            format_html(
                '<tr><td class="text-nowrap"><a href="{}">{}</a></td><td>{}</td>'
                '<td>{}<br><span class="small text-body-secondary">{}</span></td><td>{}</td>'
                '<td>{}</td><td>{}</td><td>{}</td><td><span class="badge {}">{}</span></td></tr>',
                activity.get_absolute_url(),
                date_span(activity),
                choice_label(activity, "kind"),
                choice_label(activity, "actor_role"),
                activity.actor_name,
                states,
                activity.place or "—",
                noted,
                activity.open_followup_count,
                visibility_badge(activity),
                choice_label(activity, "visibility"),
            )
        )
    if not rows:
        return format_html('<tr><td colspan="8">{}</td></tr>', _("No activity recorded."))
    return mark_safe("".join(rows))  # Safe: each row was built by format_html.


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
