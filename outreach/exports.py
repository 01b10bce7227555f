"""The log as CSV, through states.exports (formula-safe cells: states.exports.safe_cell)."""

from django.utils.translation import gettext as _

from states.exports import csv_response


def activity_csv_header() -> list[str]:
    return [
        _("Date"),
        _("Until"),
        _("By (role)"),
        _("By (name)"),
        _("Kind"),
        _("States (codes)"),
        _("States"),
        _("Place"),
        _("Counterpart"),
        _("Visibility"),
        _("Summary"),
        _("Outcome"),
        _("Challenges noted"),
        _("Open follow-ups"),
    ]


def activity_csv_rows(activities):
    """One row per activity annotated by selectors.activity_log (states prefetched)."""
    for a in activities:
        states = a.states_by_name
        yield [
            a.start_date,
            a.end_date,
            a.get_actor_role_display(),
            a.actor_name,
            a.get_kind_display(),
            " ".join(s.iso3 for s in states),
            "; ".join(s.name for s in states),
            a.place,
            a.counterpart,
            a.get_visibility_display(),
            a.summary,
            a.outcome,
            a.tag_count,
            a.open_followup_count,
        ]


def activity_csv_response(activities, *, filename: str):
    return csv_response(filename, activity_csv_header(), activity_csv_rows(activities))
