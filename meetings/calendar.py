"""The key dates of the WGTU's cycles: Conference of States Parties openings and WGTU meetings,
as states.keydates.KeyDate (the one-click dates of the status pages and the dashboard, the
markers of the charts, the references of "since the last CSP / the previous meeting").

CSP opening days are constants (verified against the ATT Secretariat's conference pages where
noted; CSP6 was held by written procedure, its first day given).
"""

import datetime as dt

from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingStatus
from states.keydates import CSP, MEETING, KeyDate

D = dt.date

# First day of each Conference of States Parties.
CSP_OPENINGS: list[tuple[str, dt.date]] = [
    ("CSP1", D(2015, 8, 24)),  # Cancún, 24-27 Aug 2015
    ("CSP2", D(2016, 8, 22)),  # Geneva, 22-26 Aug 2016
    ("CSP3", D(2017, 9, 11)),  # Geneva, 11-15 Sep 2017 (work plan CSP4)
    ("CSP4", D(2018, 8, 20)),  # Tokyo, 20-24 Aug 2018 (work plan CSP4)
    ("CSP5", D(2019, 8, 26)),  # Geneva, 26-30 Aug 2019
    ("CSP6", D(2020, 8, 17)),  # written procedure, from 17 Aug 2020 (COVID-19)
    ("CSP7", D(2021, 8, 30)),  # Geneva, 30 Aug - 3 Sep 2021
    ("CSP8", D(2022, 8, 22)),  # Geneva, 22-26 Aug 2022
    ("CSP9", D(2023, 8, 21)),  # Geneva, 21-25 Aug 2023
    ("CSP10", D(2024, 8, 19)),  # Geneva, 19-23 Aug 2024
    ("CSP11", D(2025, 8, 25)),  # Geneva, 25-29 Aug 2025
]


def meeting_dates() -> list[dt.date]:
    """Days of the WGTU meetings not cancelled. One query."""
    days = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).values_list("date", flat=True)
    return sorted(set(days))


def csp_dates() -> list[KeyDate]:
    """The CSP openings alone, in date order (no query)."""
    return [KeyDate(day, code, CSP) for code, day in CSP_OPENINGS]


def key_dates() -> list[KeyDate]:
    """CSP openings and WGTU meetings, in date order. One query."""
    items = csp_dates()
    items += [KeyDate(day, _("WGTU"), MEETING) for day in meeting_dates()]
    return sorted(items, key=lambda k: (k.date, k.kind))
