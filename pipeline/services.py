"""Writes to the joining pipeline (keyword-only, <thing>_<action>, one transaction each).

Every entry is checked against the ledger under a lock on its state's row (the lock the ledger's
own edits take, states.services): no date in the future, none after the state's deposit (the
deposit closes the pipeline on its date; the message names it), and so never a day on which the
state is a party. Every write saves through the model, so django-simple-history records who,
when and what.

A pipeline file has the columns iso3,stage,date,source,visibility,note. It is parsed and checked
as a whole (pipeline_file_parse: every bad row with its line number and reason), turned into a
plan (pipeline_file_plan) and applied in one transaction (pipeline_file_apply): any bad row means
nothing is written, and a row whose entry exists already unchanged is no change, so importing
the same file twice changes nothing.
"""

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from pipeline.models import ProcedureStage, StageEntry, Visibility
from states import rules
from states.dates import parse_iso_date
from states.dates import today as portal_today
from states.models import State, TreatyAction
from states.services.status_file import PlanChanged as PlanChanged  # the views catch it here
from states.services.status_file import RowError
from states.versioning import versioned_delete, versioned_update
from uploads.csvfile import csv_rows

DATA_DIR = Path(__file__).resolve().parent / "data"
ENTRY_FIELDS = ("stage", "date", "source", "source_url", "document", "visibility", "note")
STAGE_FIELDS = ("code", "order", "name_en", "name_fr", "name_es")
FILE_COLUMNS = ["iso3", "stage", "date", "source", "visibility", "note"]
MAX_FILE_BYTES = 2 * 1024 * 1024


def _day(value: dt.date) -> str:
    return date_format(value, "DATE_FORMAT")


# --- the vocabulary -----------------------------------------------------------------------------


@transaction.atomic
def stages_load_report() -> list[str]:
    """Seed the stages of data/stages.csv (load_reference_data hook): create the missing ones,
    keep every existing one as it is (the Secretariat may have renamed it), except that an empty
    French or Spanish name is filled in. A code whose order another stage holds is skipped."""
    text = (DATA_DIR / "stages.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    existing = {s.code: s for s in ProcedureStage.objects.all()}
    taken = {s.order for s in existing.values()}
    created = filled = 0
    skipped = []
    for row in rows:
        stage = existing.get(row["code"])
        if stage is None:
            if int(row["order"]) in taken:
                skipped.append(row["code"])
                continue
            stage = ProcedureStage(
                code=row["code"],
                order=int(row["order"]),
                name_en=row["name_en"],
                name_fr=row["name_fr"],
                name_es=row["name_es"],
            )
            stage._change_reason = "Procedure stages seed"
            stage.save()
            created += 1
            continue
        missing = [name for name in ("name_fr", "name_es") if not getattr(stage, name)]
        for name in missing:
            setattr(stage, name, row[name])
        if missing:
            stage._change_reason = "Procedure stages seed: translations"
            stage.save(update_fields=missing)
            filled += 1
    line = (
        f"Procedure stages: {created} created, {len(rows) - created - len(skipped)} already present"
    )
    if filled:
        line += f", {filled} translations filled in"
    if skipped:
        line += f", skipped (their order is taken): {', '.join(skipped)}"
    return [line + "."]


@transaction.atomic
def procedure_stage_create(*, user, **values) -> ProcedureStage:
    """Add a stage to the vocabulary (the form has checked the code and order are free)."""
    stage = ProcedureStage(**{name: values[name] for name in STAGE_FIELDS if name in values})
    stage.full_clean()
    stage._history_user = user
    stage._change_reason = "Added in the portal"
    stage.save()
    return stage


def procedure_stage_update(*, stage, expected_version, values: dict, user) -> list[str]:
    """Save a stage's edited names, code or order if still at expected_version (StaleEdit else).

    Returns the changed fields' names."""
    return versioned_update(
        instance=stage, expected_version=expected_version, values=values, user=user
    )


# --- the rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deposit:
    """A state's instrument, as the pipeline's rules see it."""

    date: dt.date
    kind: str

    @property
    def label(self) -> str:
        return str(TreatyAction.Kind(self.kind).label).lower()


def deposits_of(states) -> dict[int, Deposit]:
    """{state id: its deposit} for those of `states` (ids or a queryset) that deposited. One
    query."""
    rows = TreatyAction.objects.deposits().filter(state__in=states)
    return {
        pk: Deposit(day, kind) for pk, day, kind in rows.values_list("state_id", "date", "kind")
    }


def ledger_errors(
    *, state_name: str, day: dt.date, deposit: Deposit | None, today: dt.date
) -> list[str]:
    """What is wrong with an entry of `day` for a state with this deposit (pure function).

    No future date. None after the deposit: the deposit closes the pipeline on its date, and a
    state is a party only from a day after its deposit (Art. 22), so a day after the deposit is
    the only one on which the state can be a party: the message then says since when."""
    errors = []
    if day > today:
        errors.append(_("The date cannot be in the future."))
    if deposit is not None and day > deposit.date:
        message = _(
            "%(state)s deposited its instrument of %(kind)s on %(deposit)s, which closed its "
            "domestic procedure: no stage can be dated after %(deposit)s."
        ) % {"state": state_name, "kind": deposit.label, "deposit": _day(deposit.date)}
        in_force = rules.entry_into_force(deposit.date)
        if in_force <= day:
            message += " " + _("It has been a State Party since %(date)s.") % {
                "date": _day(in_force)
            }
        errors.append(message)
    return errors


def stage_entry_errors(*, state: State, day: dt.date, today: dt.date | None = None) -> list[str]:
    """ledger_errors for `state` as its record stands (one query: its deposit)."""
    return ledger_errors(
        state_name=state.name,
        day=day,
        deposit=deposits_of([state.pk]).get(state.pk),
        today=today or portal_today(),
    )


def _locked(state: State) -> State:
    """The state row locked for the transaction: a deposit recorded meanwhile waits for us."""
    return State.objects.select_for_update().get(pk=state.pk)


def _duplicate_error(state, stage, day) -> ValidationError:
    return ValidationError(
        {
            "date": _("%(state)s already has an entry “%(stage)s” on %(date)s.")
            % {"state": state.name, "stage": stage.name, "date": _day(day)}
        }
    )


def _check(state: State, stage: ProcedureStage, day: dt.date, *, exclude_pk=None) -> None:
    errors = stage_entry_errors(state=state, day=day)
    if errors:
        raise ValidationError({"date": errors})
    duplicates = StageEntry.objects.filter(state=state, stage=stage, date=day)
    if duplicates.exclude(pk=exclude_pk).exists():
        raise _duplicate_error(state, stage, day)


def _save(entry: StageEntry, **kwargs) -> None:
    try:
        with transaction.atomic():
            entry.save(**kwargs)
    except IntegrityError:
        raise _duplicate_error(entry.state, entry.stage, entry.date) from None


# --- entries ------------------------------------------------------------------------------------


@transaction.atomic
def stage_entry_create(
    *,
    state: State,
    stage: ProcedureStage,
    date: dt.date,
    source: str,
    user,
    source_url: str = "",
    document: str = "",
    visibility: str = Visibility.INTERNAL,
    note: str = "",
    reason: str = "",
) -> StageEntry:
    """Record that `state` reached `stage` on `date`. ValidationError (keyed by field; nothing
    saved) if a rule is broken or the state already has that entry."""
    state = _locked(state)
    _check(state, stage, date)
    entry = StageEntry(
        state=state,
        stage=stage,
        date=date,
        source=(source or "").strip(),
        source_url=source_url or "",
        document=(document or "").strip(),
        visibility=visibility,
        note=note or "",
        recorded_by=user,
    )
    entry.full_clean(exclude=["state", "stage", "recorded_by"], validate_constraints=False)
    entry._history_user = user
    entry._change_reason = (reason or "Added in the portal")[:100]
    _save(entry)
    return entry


@transaction.atomic
def stage_entry_note(
    *,
    state: State,
    stage: ProcedureStage,
    date: dt.date,
    source: str,
    user,
    visibility: str = Visibility.INTERNAL,
    note: str = "",
) -> StageEntry:
    """The entry of `state` at `stage` on `date`: the one recorded already (unchanged), else a
    new one (stage_entry_create). For another record that notes a stage (an outreach activity),
    so that noting it twice links the same entry."""
    existing = StageEntry.objects.filter(state=state, stage=stage, date=date).first()
    if existing is not None:
        return existing
    return stage_entry_create(
        state=state,
        stage=stage,
        date=date,
        source=source,
        user=user,
        visibility=visibility,
        note=note,
        reason="Noted during an outreach activity",
    )


@transaction.atomic
def stage_entry_update(
    *, entry: StageEntry, expected_version: int, values: dict, user
) -> list[str]:
    """Save an edit of the entry's fields (ENTRY_FIELDS) made on a form opened at
    `expected_version` (states.versioning: StaleEdit if someone saved since). ValidationError if
    the new date breaks a rule or repeats another entry; nothing is saved then. Returns the
    changed fields' names."""
    state = _locked(entry.state)
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"not editable here: {', '.join(sorted(unknown))}")
    original = StageEntry.objects.get(pk=entry.pk)

    def check(current):
        if current.date != original.date:
            _check(state, current.stage, current.date, exclude_pk=current.pk)
        elif (
            current.stage_id != original.stage_id
            and StageEntry.objects.filter(state=state, stage=current.stage, date=current.date)
            .exclude(pk=current.pk)
            .exists()
        ):
            raise _duplicate_error(state, current.stage, current.date)

    try:
        with transaction.atomic():
            return versioned_update(
                instance=entry,
                expected_version=expected_version,
                values=values,
                user=user,
                check=check,
            )
    except IntegrityError:
        stage, day = values.get("stage", original.stage), values.get("date", original.date)
        raise _duplicate_error(state, stage, day) from None


@transaction.atomic
def stage_entry_delete(*, entry: StageEntry, expected_version: int, user) -> None:
    """Delete the entry if it is still at expected_version (StaleEdit else; nothing deleted).
    An outreach activity that noted it keeps its own record (only the link goes)."""
    _locked(entry.state)
    versioned_delete(
        instance=entry,
        expected_version=expected_version,
        user=user,
        reason="Deleted in the portal",
        fields=ENTRY_FIELDS,
    )


# --- pipeline files -------------------------------------------------------------------------------


class PipelineFileError(Exception):
    """The file as a whole cannot be read (size, encoding, CSV, columns)."""


@dataclass
class FileRow:
    """A good row of a pipeline file (its stage a code of the vocabulary)."""

    line: int
    iso3: str
    stage: str
    date: dt.date
    source: str
    visibility: str
    note: str


@dataclass
class EntryChange:
    """What one row of a file does: add an entry, or change the source, visibility or note of
    the entry it names (state, stage, day)."""

    line: int
    iso3: str
    state_name: str
    stage_name: str
    date: dt.date
    what: str  # "add" or "change"
    changed: list[str] = field(default_factory=list)

    def describe(self) -> str:
        if self.what == "add":
            return _("add “%(stage)s” on %(date)s") % {
                "stage": self.stage_name,
                "date": self.date.isoformat(),
            }
        return _("“%(stage)s” on %(date)s: new %(fields)s") % {
            "stage": self.stage_name,
            "date": self.date.isoformat(),
            "fields": ", ".join(
                str(StageEntry._meta.get_field(name).verbose_name) for name in self.changed
            ),
        }


@dataclass
class ParsedPipelineFile:
    rows: list[FileRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def pipeline_file_decode(data: bytes) -> str:
    """The file's text; PipelineFileError if it is too large or not UTF-8 text."""
    if len(data) > MAX_FILE_BYTES:
        raise PipelineFileError(_("The file is larger than 2 MB."))
    if b"\x00" in data:
        raise PipelineFileError(_("The file is not a UTF-8 CSV file (it contains NUL bytes)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PipelineFileError(
            _("The file is not UTF-8 text (byte %(pos)s cannot be read); save it as UTF-8 CSV.")
            % {"pos": exc.start}
        ) from None


def _read_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each row after the checked header."""
    return csv_rows(text, FILE_COLUMNS, PipelineFileError)


def pipeline_file_parse(data: bytes, *, today: dt.date | None = None) -> ParsedPipelineFile:
    """Read and check a pipeline file; every bad row is reported with its line number and why.

    Raises PipelineFileError if the file cannot be read at all. A row names a state of the
    portal, a stage of the vocabulary (its code), a date (YYYY-MM-DD, from 3 June 2013), a
    source, a visibility (public or internal; empty: internal) and an optional note; the date
    obeys the ledger (ledger_errors); a state, stage and day appear once. Three queries (the
    states, the stages, their deposits)."""
    today = today or portal_today()
    raw_rows = _read_rows(pipeline_file_decode(data))
    codes = {cells[0].strip().upper() for _line, cells in raw_rows if cells}
    states = {s.iso3: s for s in State.objects.filter(iso3__in=codes)}
    stages = {s.code: s for s in ProcedureStage.objects.all()}
    deposits = deposits_of([s.pk for s in states.values()])
    parsed = ParsedPipelineFile()
    seen: dict[tuple, int] = {}
    for line, cells in raw_rows:
        if not any(c.strip() for c in cells):
            continue
        iso3 = cells[0].strip().upper()[:10]
        if len(cells) != len(FILE_COLUMNS):
            parsed.errors.append(
                RowError(
                    line,
                    iso3,
                    _("wrong column set: expected %(n)s cells, found %(m)s")
                    % {"n": len(FILE_COLUMNS), "m": len(cells)},
                )
            )
            continue
        values = dict(zip(FILE_COLUMNS, (c.strip() for c in cells), strict=True))
        problems: list[str] = []
        state = states.get(iso3)
        if state is None:
            problems.append(_("unknown state code %(code)r") % {"code": iso3})
        stage = stages.get(values["stage"])
        if stage is None:
            problems.append(
                _("unknown stage %(stage)r (one of %(choices)s)")
                % {"stage": values["stage"][:40], "choices": ", ".join(stages)}
            )
        day = None
        try:
            day = parse_iso_date(values["date"], earliest=rules.OPENED_FOR_SIGNATURE)
        except ValidationError as error:
            problems.append(
                _("date %(value)r: %(reason)s")
                % {"value": values["date"][:40], "reason": error.messages[0]}
            )
        if not values["source"]:
            problems.append(_("the source is empty"))
        elif len(values["source"]) > 300:
            problems.append(_("the source is longer than 300 characters"))
        visibility = values["visibility"].lower() or Visibility.INTERNAL
        if visibility not in Visibility.values:
            problems.append(
                _("unknown visibility %(value)r (public or internal)")
                % {"value": values["visibility"][:20]}
            )
        if len(values["note"]) > 2000:
            problems.append(_("the note is longer than 2,000 characters"))
        if state is not None and day is not None:
            problems.extend(
                ledger_errors(
                    state_name=state.name, day=day, deposit=deposits.get(state.pk), today=today
                )
            )
            key = (iso3, values["stage"], day)
            if key in seen:
                problems.append(
                    _("the same state, stage and date are already on line %(line)s")
                    % {"line": seen[key]}
                )
            seen.setdefault(key, line)
        if problems:
            parsed.errors.extend(RowError(line, iso3, p) for p in problems)
        else:
            parsed.rows.append(
                FileRow(
                    line, iso3, values["stage"], day, values["source"], visibility, values["note"]
                )
            )
    if not parsed.rows and not parsed.errors:
        raise PipelineFileError(_("The file has a header but no rows."))
    return parsed


IMPORTED_FIELDS = ("source", "visibility", "note")


def _existing_entries(rows: list[FileRow]) -> dict[tuple, StageEntry]:
    """{(iso3, stage code, date): entry} among the rows' states (one query)."""
    entries = StageEntry.objects.filter(
        state__iso3__in={r.iso3 for r in rows}, date__in={r.date for r in rows}
    ).select_related("state", "stage")
    return {(e.state.iso3, e.stage.code, e.date): e for e in entries}


def pipeline_file_plan(rows: list[FileRow]) -> list[EntryChange]:
    """The changes applying these rows would make, in file order (reads only; three queries)."""
    states = {s.iso3: s for s in State.objects.filter(iso3__in={r.iso3 for r in rows})}
    stages = {s.code: s for s in ProcedureStage.objects.all()}
    existing = _existing_entries(rows)
    changes = []
    for row in rows:
        state, stage = states[row.iso3], stages[row.stage]
        entry = existing.get((row.iso3, row.stage, row.date))
        if entry is None:
            changes.append(EntryChange(row.line, row.iso3, state.name, stage.name, row.date, "add"))
            continue
        changed = [name for name in IMPORTED_FIELDS if getattr(entry, name) != getattr(row, name)]
        if changed:
            changes.append(
                EntryChange(row.line, row.iso3, state.name, stage.name, row.date, "change", changed)
            )
    return changes


def pipeline_plan_digest(changes: list[EntryChange]) -> str:
    """A fingerprint of a plan, to tell whether a confirmed preview still holds."""
    items = [[c.line, c.iso3, c.what, str(c.date), c.changed] for c in changes]
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


@transaction.atomic
def pipeline_file_apply(
    rows: list[FileRow], *, user=None, source: str, expected_digest: str | None = None
) -> list[EntryChange]:
    """Apply the rows in one transaction, each change recorded in history with the file's name.

    The rows' states are locked (as the ledger's edits lock them) and the rules checked again;
    a row that breaks one now raises ValidationError, nothing written. With expected_digest
    (from the preview), raises PlanChanged instead of applying a plan that differs from the one
    the user confirmed."""
    states = {
        s.iso3: s for s in State.objects.select_for_update().filter(iso3__in={r.iso3 for r in rows})
    }
    changes = pipeline_file_plan(rows)
    if expected_digest is not None and pipeline_plan_digest(changes) != expected_digest:
        raise PlanChanged(changes)
    deposits = deposits_of([s.pk for s in states.values()])
    stages = {s.code: s for s in ProcedureStage.objects.all()}
    existing = _existing_entries(rows)
    reason = (_("Imported from %(source)s") % {"source": source})[:100]
    today = portal_today()
    by_line = {r.line: r for r in rows}
    for change in changes:
        row, state = by_line[change.line], states[change.iso3]
        errors = ledger_errors(
            state_name=state.name, day=row.date, deposit=deposits.get(state.pk), today=today
        )
        if errors:
            raise ValidationError([str(RowError(row.line, row.iso3, e)) for e in errors])
        if change.what == "add":
            entry = StageEntry(
                state=state,
                stage=stages[row.stage],
                date=row.date,
                source=row.source,
                visibility=row.visibility,
                note=row.note,
                recorded_by=user,
            )
        else:
            entry = existing[(row.iso3, row.stage, row.date)]
            for name in change.changed:
                setattr(entry, name, getattr(row, name))
            entry.version += 1
        entry._history_user, entry._change_reason = user, reason
        if change.what == "add":
            _save(entry)
        else:
            _save(entry, update_fields=[*change.changed, "version"])
    return changes
