"""The dates the dashboard offers in one click: CSP openings and WGTU meetings.

CSP opening days are constants (verified against the ATT Secretariat's conference pages where
noted; CSP6 was held by written procedure, its first day given). WGTU meeting days come from the
meetings app when it is installed; the CSP4 work plan's two meetings are the fallback.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

try:  # The meetings app is optional for the dashboard: it sits below it but may be absent.
    from meetings.models import Meeting
except ImportError:  # pragma: no cover - depends on the installed apps
    Meeting = None

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

# The WGTU meetings of the CSP4 work plan, used when the meetings app has none recorded.
FALLBACK_MEETINGS: list[dt.date] = [D(2018, 3, 7), D(2018, 5, 31)]

CSP, MEETING = "csp", "meeting"


@dataclass(frozen=True)
class KeyDate:
    date: dt.date
    label: str
    kind: str  # CSP or MEETING


def meeting_dates() -> list[dt.date]:
    """Days of the WGTU meetings not cancelled (one query when the meetings app is present)."""
    if Meeting is None:
        return list(FALLBACK_MEETINGS)
    days = sorted(set(Meeting.objects.exclude(status="cancelled").values_list("date", flat=True)))
    return days or list(FALLBACK_MEETINGS)


def key_dates() -> list[KeyDate]:
    """CSP openings and WGTU meetings, in date order. One query at most."""
    items = csp_dates()
    items += [KeyDate(day, _("WGTU"), MEETING) for day in meeting_dates()]
    return sorted(items, key=lambda k: (k.date, k.kind))


def csp_dates() -> list[KeyDate]:
    """The CSP openings alone, in date order (no query)."""
    return [KeyDate(day, code, CSP) for code, day in CSP_OPENINGS]


def previous(dates: list[KeyDate], kind: str, before: dt.date) -> KeyDate | None:
    """The latest key date of `kind` strictly before `before`."""
    earlier = [k for k in dates if k.kind == kind and k.date < before]
    return earlier[-1] if earlier else None
