"""Reads of the joining pipeline (HackSoft's "selectors"), each in a constant number of queries.

pipeline_on(on, references) is the pipeline as it stood on a date: every state that is not a
party that day with its stage (a ProcedureStage, or "instrument deposited" from the ledger, or no
entry), the day it reached it, whether it has stalled there, and its stage on each reference date
(the previous meeting, the last Conference). The pipeline page and the dashboard (dashboard app)
and the internal meeting report (meetings app) compose it with what they add. Call it inside the
reader's language: stage names and labels come out in it.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from pipeline.models import DEPOSITED, ProcedureStage, StageEntry, pipeline_states
from states.keydates import KeyDate
from states.models import State, Status


@dataclass(frozen=True)
class Stage:
    """A stage as the pipeline shows it: one of the vocabulary, the deposit, or no entry."""

    code: str
    label: str
    order: int
    pk: int | None = None

    @property
    def is_recorded(self) -> bool:
        """A stage someone recorded (not the deposit, not the absence of an entry)."""
        return self.pk is not None


def no_entry() -> Stage:
    return Stage("", _("No entry recorded"), 0)


def deposited() -> Stage:
    return Stage(DEPOSITED, _("Instrument deposited, awaiting entry into force"), 10**6)


def vocabulary() -> list[Stage]:
    """The stages in order, then the deposit (the pipeline's end). One query."""
    stages = [Stage(s.code, s.name, s.order, s.pk) for s in ProcedureStage.objects.in_order()]
    return [*stages, deposited()]


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day if it is shorter),
    held at the calendar's first day (as of year 1 nothing can have stalled yet)."""
    year, index = divmod(day.year * 12 + day.month - 1 - months, 12)
    if year < dt.MINYEAR:
        return dt.date.min
    last = calendar.monthrange(year, index + 1)[1]
    return dt.date(year, index + 1, min(day.day, last))


@dataclass
class PipelineRow:
    """One state in the pipeline on a date."""

    state: State  # annotated by with_record and with_stage (and whatever the caller added)
    stage: Stage
    since: dt.date | None  # the day it reached its stage (the deposit's, for a deposit)
    entry_date: dt.date | None  # its latest entry on the date
    stalled: bool
    before: list[Stage] = field(default_factory=list)  # its stage on each reference date

    @property
    def name(self) -> str:
        return self.state.name

    @property
    def iso3(self) -> str:
        return self.state.iso3


@dataclass
class Move:
    row: PipelineRow
    previous: Stage


@dataclass
class Pipeline:
    """The pipeline on `on`: rows, most advanced first."""

    on: dt.date
    stages: list[Stage]
    rows: list[PipelineRow]
    references: list[KeyDate]
    stalled_months: int
    stalled_before: dt.date

    def groups(self) -> list[dict]:
        """[{"stage", "rows"}] from the deposit down to "no entry", every stage present."""
        out = []
        for stage in [*reversed(self.stages), no_entry()]:
            rows = [r for r in self.rows if r.stage.code == stage.code]
            out.append({"stage": stage, "rows": rows, "count": len(rows)})
        return out

    def counts(self) -> list[dict]:
        """[{"stage", "count"}] in the same order as groups()."""
        return [{"stage": g["stage"], "count": g["count"]} for g in self.groups()]

    def moved_since(self, index: int) -> list[Move]:
        """The states whose stage on `on` differs from their stage on references[index] (a
        state without any entry on `on` has not moved), most advanced first."""
        moves = [
            Move(row, row.before[index])
            for row in self.rows
            if row.stage.code and row.stage.code != row.before[index].code
        ]
        return sorted(moves, key=lambda m: (-m.row.stage.order, m.row.name))

    def stalled(self) -> list[PipelineRow]:
        """The states at a recorded stage since before stalled_before, longest first."""
        rows = [r for r in self.rows if r.stalled]
        return sorted(rows, key=lambda r: (r.since, r.name))

    def changes(self) -> list[dict]:
        """[{"reference": KeyDate, "moves": [Move]}] for each reference date."""
        return [
            {"reference": ref, "moves": self.moved_since(i)}
            for i, ref in enumerate(self.references)
        ]


def _stage_of(state, name: str, by_pk: dict, deposit_by: dt.date | None) -> Stage:
    """The stage annotated as <name>_id, or the deposit if the state deposited by `deposit_by`."""
    awaiting = state.status == Status.RATIFIED_NOT_IN_FORCE and state.deposit_date is not None
    if awaiting and deposit_by is not None and state.deposit_date <= deposit_by:
        return by_pk[DEPOSITED]
    stage_id = getattr(state, f"{name}_id")
    return by_pk.get(stage_id) or no_entry()


def pipeline_on(
    on: dt.date,
    *,
    references: list[KeyDate] = (),
    region: str | None = None,
    states=None,
    stages: list[Stage] | None = None,
    stalled_months: int | None = None,
) -> Pipeline:
    """Every state not a party on `on` (in `region`), with its stage, the day it reached it,
    whether it is stalled (at the same recorded stage for more than `stalled_months`, default
    settings.PIPELINE_STALLED_MONTHS) and its stage on each of `references` (dates before `on`).
    `states`: a pipeline_states() queryset the caller has annotated further; `stages`: the
    vocabulary(), if the caller has read it.

    Two queries: the vocabulary (unless given), and the states with their record and stages
    (correlated subqueries, however many states, entries and references)."""
    months = stalled_months or settings.PIPELINE_STALLED_MONTHS
    stages = vocabulary() if stages is None else stages
    by_pk = {s.pk: s for s in stages if s.pk is not None}
    by_pk[DEPOSITED] = stages[-1]
    qs = (states if states is not None else pipeline_states()).non_parties(on).in_region(region)
    qs = qs.with_stage(on)
    references = list(references)
    for index, reference in enumerate(references):
        qs = qs.with_stage(reference.date, name=f"ref{index}", since=False)
    stalled_before = months_before(on, months)
    rows = []
    for state in qs:
        stage = _stage_of(state, "stage", by_pk, on)
        since = state.deposit_date if stage.code == DEPOSITED else state.stage_since
        rows.append(
            PipelineRow(
                state=state,
                stage=stage,
                since=since,
                entry_date=state.stage_date,
                stalled=stage.is_recorded and since is not None and since < stalled_before,
                before=[
                    _stage_of(state, f"ref{i}", by_pk, ref.date) for i, ref in enumerate(references)
                ],
            )
        )
    rows.sort(key=lambda r: (-r.stage.order, r.since or dt.date.max, r.name))
    return Pipeline(on, stages, rows, references, months, stalled_before)


# --- one state ------------------------------------------------------------------------------------


def state_entries(state: State, on: dt.date, *, internal: bool) -> list[StageEntry]:
    """The state's entries dated on or before `on`, oldest first, with their stage; the public
    ones only unless `internal`. One query."""
    entries = StageEntry.objects.for_state(state).known_on(on).select_related("stage")
    if not internal:
        entries = entries.public()
    return list(entries.history_order())


def entry_for(user, pk) -> StageEntry:
    """The entry `pk` with its state and stage if `user` may read it, else 404 (one query)."""
    return get_object_or_404(
        StageEntry.objects.visible_to(user).select_related("state", "stage"), pk=pk
    )
