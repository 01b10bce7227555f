"""Participation in WGTU meetings as a universalization signal (issue 16, item 6): on a date, the
non-States Parties that took part in the meetings of the current cycle, and the signatories that
never did, each with its outreach coverage. For the dashboard and the internal report."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from meetings.models import MeetingStatus, WorkPlan
from meetings.record import Participation
from outreach.selectors import CoverageRow, coverage
from states.collation import collation_key
from states.models import Status


@dataclass
class ParticipationRow:
    coverage: CoverageRow
    meetings: list = field(default_factory=list)  # the dates of the meetings it took part in

    @property
    def state(self):
        return self.coverage.state

    @property
    def name(self) -> str:
        return self.coverage.state.name


@dataclass
class ParticipationIndicators:
    plan: WorkPlan | None
    meeting_count: int
    took_part: list[ParticipationRow]  # non-States Parties on the date that took part
    never: list[ParticipationRow]  # signatories on the date that never took part


def current_plan(on: dt.date) -> WorkPlan | None:
    """The work plan whose cycle covers `on` (the latest one if two touch that day). One query."""
    plans = WorkPlan.objects.with_conferences().filter(
        Q(opening_conference__opening__lte=on),
        Q(conference__closing__isnull=True) | Q(conference__closing__gte=on),
    )
    return plans.order_by("-conference__number").first()


def participation_indicators(on: dt.date) -> ParticipationIndicators:
    """The cycle covering `on`, its meetings held up to `on` (not cancelled), the non-States
    Parties on `on` that took part in any of them (with the meetings' dates), and the signatories
    on `on` that took part in none; each with its outreach coverage from the cycle's start to
    `on` (outreach.selectors.coverage). Five queries: the plan, the participations, the
    coverage (three)."""
    plan = current_plan(on)
    if plan is None:
        return ParticipationIndicators(None, 0, [], [])
    links = (
        Participation.objects.filter(meeting__plan=plan, meeting__date__lte=on, state__isnull=False)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values_list("state_id", "meeting_id", "meeting__date")
        .distinct()
    )
    dates: dict[int, set] = {}
    meetings = set()
    for state_id, meeting_id, day in links:
        dates.setdefault(state_id, set()).add(day)
        meetings.add(meeting_id)
    took_part, never = [], []
    for row in coverage(on=on, since=plan.starts):
        if row.state.pk in dates:
            took_part.append(ParticipationRow(row, sorted(dates[row.state.pk])))
        elif row.status == Status.SIGNATORY:
            never.append(ParticipationRow(row))
    took_part.sort(key=lambda r: collation_key(r.name))
    never.sort(key=lambda r: collation_key(r.name))
    return ParticipationIndicators(plan, len(meetings), took_part, never)
