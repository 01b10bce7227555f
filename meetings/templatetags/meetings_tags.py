"""Formatting for the meetings pages: date ranges, status badges, language-version badges, and
the records' texts in the reader's language with their fallback marker (`tr`)."""

from django import template
from django.db.models import Model
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from caching.labels import choice_label
from meetings.models import Language
from meetings.topics import portal_links
from meetings.translated import active_language, localized
from states.dates import written

register = template.Library()

DASH = "\N{EN DASH}"
SPACED_DASH = " \N{EN DASH} "

STATUS_CLASSES = {
    "held": "text-bg-success",
    "done": "text-bg-success",
    "planned": "text-bg-primary",
    "in_progress": "text-bg-info",
    "cancelled": "text-bg-secondary",
}


@register.filter
def date_range(start, end=None):
    """7 March 2018; 11-15 September 2017; 30 May - 2 June 2018 (en dashes), in the active
    language's treaty style (wgtu_portal/formats: "11-15 de septiembre de 2017")."""
    if start is None:
        return ""
    return _date_range(start, end)


def _date_range(start, end):
    # Each date written once per language (states.dates.written): timelines repeat them.
    if end is None or end == start:
        return written(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}{DASH}{written(end)}"
    if start.year == end.year:
        return f"{written(start, 'MONTH_DAY_FORMAT')}{SPACED_DASH}{written(end)}"
    return f"{written(start)}{SPACED_DASH}{written(end)}"


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "text-bg-light")


@register.simple_tag
def timeline(entries, undated=()):
    """A plan's timeline (meetings.timeline.plan_timeline) as HTML: the markup the template
    meetings/includes/timeline.html had, written here with plain escaping. The meetings index
    shows every cycle's timeline (hundreds of entries at 20 cycles): the template engine's
    lookups were most of that page's time after a write."""
    conference_badge = format_html(
        '<span class="badge text-bg-dark">{}</span>', gettext("Conference of States Parties")
    )
    rows = []
    for entry in entries:
        label = (
            format_html('<a href="{}">{}</a>', entry.url, entry.label)
            if entry.url
            else conditional_escape(entry.label)
        )
        badge = conference_badge if entry.kind == "conference" else mark_safe("")
        if entry.status:
            badge += format_html(
                ' <span class="badge {}">{}</span>', status_class(entry.status), entry.status_label
            )
        rows.append(
            format_html(
                '<li class="timeline-entry timeline-{}"><span class="timeline-date">{}</span> '
                '<span class="timeline-label">{} {}</span></li>',
                entry.kind,
                date_range(entry.start, entry.end),
                label,
                badge,
            )
        )
    html = format_html(
        '<ol class="timeline list-unstyled" aria-label="{}">{}</ol>',
        gettext("Timeline"),
        mark_safe("".join(rows)),  # Safe: each row was built by format_html above.
    )
    if undated:
        items = [
            format_html(
                '<li>{} <span class="badge {}">{}</span></li>',
                tr(activity, "title"),
                status_class(activity.status),
                choice_label(activity, "status"),
            )
            for activity in undated
        ]
        html += format_html(
            '<p class="mb-1 fw-semibold">{}</p><ul class="timeline-undated">{}</ul>',
            gettext("Throughout the cycle"),
            mark_safe("".join(items)),  # Safe: each item was built by format_html above.
        )
    return html


@register.inclusion_tag("meetings/includes/language_badges.html")
def language_badges(document):
    """En ✓ Fr — Es ✓: which language versions exist (from the prefetched files, no query)."""
    present = {f.language for f in document.files.all()}
    return {
        "versions": [
            {"code": code, "label": label, "present": code in present}
            for code, label in Language.choices
        ]
    }


@register.simple_tag
def topic_links(topic, on):
    """The portal pages that know about `topic` (as of `on`); empty for a free item."""
    return portal_links(topic.code, on) if topic else []


@register.filter
def tr(obj, field: str):
    """`field` of `obj` in the reader's language, escaped, with the discreet marker when only
    another language's version exists ("(en anglais seulement)"): meetings.translated."""
    if obj is None:
        return ""
    return localized(obj, field).html()


@register.filter
def tr_paragraphs(obj, field: str):
    """Like `tr`, as paragraphs (a long text: notes, descriptions)."""
    if obj is None:
        return ""
    return localized(obj, field).html(paragraphs=True)


@register.filter
def tr_plain(obj, field: str) -> str:
    """Plain text with the marker (attributes, page titles)."""
    if obj is None:
        return ""
    return localized(obj, field).plain


@register.filter
def agenda_heading(item):
    """An agenda item's heading (its free title, else its topic's) with its marker, as HTML."""
    return item.localized_heading.html()


@register.filter
def unofficial_shown(records) -> bool:
    """Whether any of `records` (one record or several) shows the reader a translation that is
    the Secretariat's, not an official one (the reader's language is not the original's)."""
    if records is None:
        return False
    if isinstance(records, Model):
        records = [records]
    language = active_language()
    return any(
        getattr(r, "unofficial_translation", False)
        and getattr(r, "original_language", "en") != language
        for r in records
    )
