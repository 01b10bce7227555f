"""Key dates: the days a treaty-status page offers in one click and marks on its charts.

The dates themselves (Conferences of States Parties, WGTU meetings) are recorded by the apps
above (meetings); they hand them to the states pages as a list of KeyDate, so nothing here
imports upwards. `previous` finds the reference a change is counted from ("since the last CSP",
"since the previous meeting").
"""

import datetime as dt
from dataclasses import dataclass

CSP, MEETING = "csp", "meeting"


@dataclass(frozen=True)
class KeyDate:
    date: dt.date
    label: str
    kind: str  # CSP or MEETING
    url: str = ""


def previous(dates: list[KeyDate], kind: str, before: dt.date) -> KeyDate | None:
    """The latest key date of `kind` strictly before `before` (dates in date order)."""
    earlier = [k for k in dates if k.kind == kind and k.date < before]
    return earlier[-1] if earlier else None
