"""iCalendar (RFC 5545) for the WGTU's meetings and the Conferences of States Parties, written
with the `icalendar` library.

Every event is all-day: a meeting on its day, a conference from its first day to its last as one
event whose DTEND is the day after the last (RFC 5545 § 3.6.1: DTEND is exclusive). Each record
keeps one UID for life (its table and id), its SEQUENCE is the number of changes in its history
(a move, a cancellation, a new title raise it) and its DTSTAMP the time of its latest history
record, so the same data gives the same bytes. A cancelled meeting stays in the feed with
STATUS:CANCELLED, so calendars that imported it drop it. URL links back to the record's page.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from meetings.models import Access, Conference, Meeting, MeetingStatus
from meetings.translated import localized

UID_DOMAIN = "wgtu-portal"
PRODUCT_ID = "-//ATT WGTU//WGTU Portal//EN"
ONE_DAY = dt.timedelta(days=1)
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    first_day: dt.date
    last_day: dt.date
    summary: str
    url: str
    sequence: int
    stamp: dt.datetime
    location: str = ""
    description: str = ""
    cancelled: bool = False
    internal: bool = False


def with_revisions(queryset):
    """Annotate `revisions` (the number of change records in the history) and `revised_at` (the
    latest history record's time): two subqueries, no extra query."""
    history = queryset.model.history.model.objects.filter(id=OuterRef("pk")).order_by()
    changes = (
        history.filter(history_type="~").values("id").annotate(n=Count("history_id")).values("n")
    )
    return queryset.annotate(
        revisions=Coalesce(Subquery(changes, output_field=IntegerField()), 0),
        revised_at=Subquery(history.order_by("-history_date").values("history_date")[:1]),
    )


def _stamp(record, day: dt.date) -> dt.datetime:
    """When the record was last revised (a record loaded without history: its first day)."""
    if record.revised_at is not None:
        return record.revised_at.astimezone(dt.UTC)
    return dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)


def conference_event(conference: Conference, absolute) -> CalendarEvent:
    """`conference` (dated, annotated by with_revisions) as an event; `absolute(path)` makes a
    path a full URL."""
    details = []
    if conference.format:
        details.append(conference.get_format_display())
    if conference.president:
        details.append(_("President: %(name)s") % {"name": conference.president})
    return CalendarEvent(
        uid=f"conference-{conference.pk}@{UID_DOMAIN}",
        first_day=conference.opening,
        last_day=conference.closing,
        summary=_("%(name)s: Conference of States Parties to the Arms Trade Treaty")
        % {"name": conference.name},
        url=absolute(conference.get_absolute_url()),
        sequence=conference.revisions,
        stamp=_stamp(conference, conference.opening),
        location=localized(conference, "place").plain,
        description="\n".join(details),
    )


def meeting_event(meeting: Meeting, absolute) -> CalendarEvent:
    """`meeting` (annotated by with_revisions, its plan selected) as an event."""
    return CalendarEvent(
        uid=f"meeting-{meeting.pk}@{UID_DOMAIN}",
        first_day=meeting.date,
        last_day=meeting.date,
        summary=meeting.heading,
        url=absolute(meeting.get_absolute_url()),
        sequence=meeting.revisions,
        stamp=_stamp(meeting, meeting.date),
        location=meeting.venue,
        description=_("Working Group on Treaty Universalization · %(plan)s")
        % {"plan": str(meeting.plan)},
        cancelled=meeting.status == MeetingStatus.CANCELLED,
        internal=meeting.access == Access.INTERNAL,
    )


def feed_events(absolute, *, internal: bool = False) -> list[CalendarEvent]:
    """Every dated conference and every public meeting (with `internal`, the internal meetings
    too), in date order. Two queries."""
    conferences = with_revisions(Conference.objects.dated())
    meetings = with_revisions(Meeting.objects.select_related("plan"))
    if not internal:
        meetings = meetings.public()
    events = [conference_event(c, absolute) for c in conferences]
    events += [meeting_event(m, absolute) for m in meetings]
    return sorted(events, key=lambda e: (e.first_day, e.uid))


def calendar_bytes(events: list[CalendarEvent], name: str) -> bytes:
    """The iCalendar object holding `events`, named `name`."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.stamp)
        event.add("dtstart", item.first_day)
        event.add("dtend", item.last_day + ONE_DAY)
        event.add("sequence", item.sequence)
        event.add("summary", item.summary)
        event.add("url", item.url)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        if item.internal:
            event.add("class", "CONFIDENTIAL")
        calendar.add_component(event)
    return calendar.to_ical()
