"""The key dates of the WGTU's cycles: the opening day of each Conference of States Parties
recorded with its days, and the day of each public WGTU meeting not cancelled, as
states.keydates.KeyDate (the one-click dates of the status pages and the dashboard, the markers
of the charts, the references of "since the last CSP / the previous meeting").

They follow the records: a conference recorded in the portal (CSP13 with its 2027 days) is a key
date at once, with no change of code. A conference whose days are to be fixed is none yet.
"""

from django.core.cache import cache
from django.db.models import IntegerField, Value
from django.urls import reverse

from caching.versions import data_version
from meetings.models import Conference, Meeting
from meetings.titles import body_acronym, conference_name
from states.keydates import CSP, MEETING, KeyDate

# The tables behind the key dates: their data version keys whatever shows them.
KEY_DATE_MODELS = (Conference, Meeting)
TIMEOUT = 24 * 60 * 60  # unreachable once the version changes; this only bounds the lifetime


def key_dates_version(max_age: float = 0.0) -> str:
    """The data version of the conferences and meetings (caching.versions): one query."""
    return data_version(*KEY_DATE_MODELS, max_age=max_age)


def _rows() -> list[tuple]:
    """(day, conference number or 0, kind) of every key date: one query (a UNION)."""
    conferences = (
        Conference.objects.dated()
        .annotate(kind=Value(CSP))
        .order_by()
        .values_list("opening", "number", "kind")
    )
    meetings = (
        Meeting.objects.public()
        .not_cancelled()
        .annotate(number=Value(0, output_field=IntegerField()), kind=Value(MEETING))
        .order_by()
        .values_list("date", "number", "kind")
    )
    return sorted(set(conferences.union(meetings, all=True)))


def key_dates(version: str | None = None) -> list[KeyDate]:
    """Conference openings and public WGTU meetings, in date order (a conference first on a
    shared day). One query; none when `version` (key_dates_version, or a version that holds
    it, read by the caller) is given and this process has read the rows for it already."""
    cached = version is not None
    rows = cache.get_or_set(f"key-dates:{version}", _rows, TIMEOUT) if cached else _rows()
    items = []
    for day, number, kind in rows:
        if kind == CSP:
            items.append(
                KeyDate(
                    day, conference_name(number), CSP, reverse("meetings:conference", args=[number])
                )
            )
        else:
            # The body's acronym in the active language: WGTU, GTUT (meetings.titles).
            items.append(KeyDate(day, body_acronym("wgtu"), MEETING))
    return sorted(items, key=lambda k: (k.date, k.kind))


def csp_dates(dates: list[KeyDate]) -> list[KeyDate]:
    """The conference openings among `dates`."""
    return [k for k in dates if k.kind == CSP]
