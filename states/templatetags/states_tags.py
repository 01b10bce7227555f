"""Formatting of treaty status in templates: labels and badges, translated."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from states import collation
from states.dates import written
from states.filter_forms import WHOLE_FORM, fields_html
from states.models import Region, Status, TreatyAction

register = template.Library()


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


@register.filter
def by_name(items, through: str = ""):
    """States (or objects leading to one through the attribute `through`, e.g. a tag's "state")
    in the reader's order of their names: `{% for s in activity.states.all|by_name %}`. No
    query beyond the list's own (prefetched lists cost none)."""
    if through:
        return collation.by_name(items, name=lambda item: getattr(item, through).name)
    return collation.by_name(items)


@register.filter
def state_link(row) -> str:
    """A state's name linked to its page, or the name alone when the row has no URL (the PDF
    reports): each list of states prints its rows so (states.overview.state_row's dicts, or
    objects with a name and a url). An {% include %} per row cost more than the rest of a map's
    text alternative of 196 states."""
    if isinstance(row, dict):
        name, url = row.get("name", ""), row.get("url")
    else:
        name, url = getattr(row, "name", ""), getattr(row, "url", None)
    if url:
        return format_html('<a href="{}">{}</a>', url, name)
    return conditional_escape(name)


@register.simple_tag
def filter_fields(form, template: str = WHOLE_FORM):
    """A filter form's fields, kept between requests (states.filter_forms: only for forms
    with fixed choices): `{% filter_fields form "app/includes/fields.html" %}`."""
    return fields_html(form, template)


@register.filter
def status_label(value) -> str:
    """ "state_party" → "State Party" (in the active language)."""
    return _label(Status, value)


@register.filter
def region_label(value) -> str:
    return _label(Region, value)


@register.filter
def action_label(value) -> str:
    """A TreatyAction kind (e.g. a deposit type) → its label; empty stays empty."""
    return _label(TreatyAction.Kind, value) if value else ""


@register.simple_tag
def status_badge(status, intends_not_to_be_party=False):
    """The status as a coloured badge; a signatory that notified its intention not to become a
    party is flagged next to it."""
    badge = format_html(
        '<span class="badge status-badge status-{}">{}</span>', status, status_label(status)
    )
    if intends_not_to_be_party:
        badge += format_html(
            ' <span class="badge text-bg-danger status-flag">{}</span>',
            _("Intends not to become a party"),
        )
    return badge


@register.simple_tag
def date_cell(day, as_of=None):
    """A date in the active language's format inside <time>; an em dash when unknown. A date
    after `as_of` (an entry into force still to come) is marked as scheduled."""
    if not day:
        return format_html('<span aria-label="{}">—</span>', _("not known"))
    text = format_html('<time datetime="{}">{}</time>', day.isoformat(), written(day))
    if as_of and day > as_of:
        text += format_html(
            ' <span class="badge text-bg-light scheduled">{}</span>', _("scheduled")
        )
    return text


@register.simple_tag
def history_rows(history):
    """The rows of a change history (states.history.History; templates/includes/history.html),
    written here with plain escaping: a state's page lists up to 50 changes of several fields,
    and the template engine's lookups were a third of that page's time after a write."""
    system = _("system (import or data load)")
    rows = []
    for entry in history:
        when = localtime(entry.when)
        who = (entry.user.get_full_name() or entry.user.username) if entry.user else system
        if entry.changes:
            items = mark_safe(  # Safe: each item was built by format_html.
                "".join(
                    format_html(
                        "<li>{}</li>",
                        # "note : ancien → nouveau" in French: the language places the colon.
                        format_html(
                            _("{label}: {old} → {new}"),
                            label=label,
                            old=format_html("<del>{}</del>", old),
                            new=format_html("<ins>{}</ins>", new),
                        ),
                    )
                    for label, old, new in entry.changes
                )
            )
            changes = format_html('<ul class="list-unstyled mb-0">{}</ul>', items)
        else:
            changes = "—"
        rows.append(
            format_html(
                '<tr><td><time datetime="{}">{}</time></td><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td></tr>",
                when.isoformat(),
                written(when, "DATETIME_FORMAT"),
                who,
                format_html(_("{subject}: {change}"), subject=entry.subject, change=entry.change),
                changes,
                entry.reason or "—",
            )
        )
    return mark_safe("".join(rows))  # Safe: each row was built by format_html.
