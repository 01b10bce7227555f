"""The timeline of a work plan: its two conferences, its meetings and its dated activities.

Built from rows already loaded (the plan's conferences, prefetched meetings and activities):
no query.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from caching.labels import choice_label
from meetings.translated import localized
from states.bodies import meeting_kind_label


@dataclass(frozen=True)
class Entry:
    start: dt.date | None  # None: a conference whose dates are to be fixed (shown last)
    end: dt.date | None
    kind: str  # "conference", "meeting" or "activity"
    label: str
    url: str = ""
    status: str = ""
    status_label: str = ""


def plan_timeline(plan, meetings, activities) -> tuple[list[Entry], list]:
    """(entries in date order, activities without dates) for `plan` (its conferences
    select_related: no query)."""
    entries = [
        Entry(c.opening, c.closing, "conference", c.label, c.get_absolute_url())
        for c in (plan.opening_conference, plan.conference)
    ]
    for meeting in meetings:
        entries.append(
            Entry(
                meeting.date,
                None,
                "meeting",
                meeting.heading,
                meeting.get_absolute_url(),
                meeting.status,
                choice_label(meeting, "status"),
            )
        )
    undated = []
    for activity in activities:
        if activity.start_date is None:
            undated.append(activity)
            continue
        entries.append(
            Entry(
                activity.start_date,
                activity.end_date,
                "activity",
                localized(activity, "title").plain,
                "",
                activity.status,
                choice_label(activity, "status"),
            )
        )
    # Conferences first on a shared day: the cycle opens before anything else happens.
    order = {"conference": 0, "meeting": 1, "activity": 2}
    entries.sort(key=lambda e: (e.start or dt.date.max, order[e.kind]))
    return entries, undated


def kind_label(kind: str) -> str:
    return {
        "conference": _("Conference of States Parties"),
        "meeting": meeting_kind_label(),
        "activity": _("Activity"),
    }[kind]
