"""Writes to the treaty-status ledger: status-file imports and the bundled reference data.

The status file has the columns of data/att_status.csv. A file is parsed and checked as a whole
(status_file_parse), turned into a plan of changes (status_file_plan), and applied in one
transaction (status_file_apply): any bad row means nothing is written.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from states import rules
from states.models import Region, State, TreatyAction, UNStatus

DATA_DIR = Path(__file__).resolve().parent / "data"
STATUS_COLUMNS = [
    "iso3",
    "name_en",
    "att_region",
    "signature_date",
    "deposit_date",
    "deposit_type",
    "entry_into_force_date",
]
NOTIFICATION_COLUMNS = ["iso3", "date", "kind", "summary"]
OBSERVERS = {"PSE", "VAT"}
NEITHER = {"NIU"}
MAX_FILE_BYTES = 2 * 1024 * 1024


class StatusFileError(Exception):
    """The file as a whole cannot be read (encoding, columns, size)."""


@dataclass
class RowError:
    line: int
    iso3: str
    message: str

    def __str__(self):
        return _("line %(line)s (%(iso3)s): %(message)s") % {
            "line": self.line,
            "iso3": self.iso3 or "?",
            "message": self.message,
        }


@dataclass
class StatusRow:
    line: int
    iso3: str
    name_en: str
    region: str
    signature_date: dt.date | None
    deposit_date: dt.date | None
    deposit_type: str | None

    def records(self) -> list[rules.ActionRecord]:
        out = []
        if self.signature_date:
            out.append(rules.ActionRecord(TreatyAction.Kind.SIGNATURE, self.signature_date))
        if self.deposit_date:
            out.append(rules.ActionRecord(self.deposit_type, self.deposit_date))
        return out


@dataclass
class Change:
    """One change a status file makes to one state."""

    iso3: str
    name: str
    what: str  # "create_state", "update_state", "add", "change", "remove"
    kind: str = ""
    old: dt.date | str | None = None
    new: dt.date | str | None = None

    def describe(self) -> str:
        label = TreatyAction.Kind(self.kind).label if self.kind else ""
        texts = {
            "create_state": _("new state"),
            "update_state": _("name or region: %(old)s → %(new)s"),
            "add": _("add %(kind)s of %(new)s"),
            "change": _("%(kind)s: %(old)s → %(new)s"),
            "remove": _("remove %(kind)s of %(old)s"),
        }
        return texts[self.what] % {"kind": label, "old": self.old, "new": self.new}


@dataclass
class ParsedFile:
    rows: list[StatusRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise StatusFileError(
            _("The file is larger than 2 MB; a status file has one row per state.")
        )
    if b"\x00" in data:
        raise StatusFileError(_("The file is not a UTF-8 CSV file (it contains NUL bytes)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StatusFileError(
            _("The file is not UTF-8 text (byte %(pos)s cannot be read); save it as UTF-8 CSV.")
            % {"pos": exc.start}
        ) from None


def _date(value: str, column: str, errors: list[str]) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors.append(
            _("%(column)s %(value)r is not a date in the form YYYY-MM-DD")
            % {"column": column, "value": value[:40]}
        )
        return None


def status_file_parse(data: bytes, *, today: dt.date | None = None) -> ParsedFile:
    """Read and check a status file. Raises StatusFileError if the file cannot be read at all."""
    today = today or dt.date.today()
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise StatusFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise StatusFileError(_("The file is not valid CSV: %(error)s") % {"error": exc}) from None
    if header != STATUS_COLUMNS:
        raise StatusFileError(
            _("Wrong columns. Expected: %(expected)s. Found: %(found)s.")
            % {"expected": ",".join(STATUS_COLUMNS), "found": ",".join(header)[:300]}
        )
    parsed = ParsedFile()
    seen: dict[str, int] = {}
    deposit_kinds = {k.value for k in TreatyAction.DEPOSIT_KINDS}
    try:
        raw_rows = list(enumerate(reader, start=2))
    except csv.Error as exc:
        raise StatusFileError(_("The file is not valid CSV: %(error)s") % {"error": exc}) from None
    for line, cells in raw_rows:
        if not any(c.strip() for c in cells):
            continue
        iso3 = cells[0].strip().upper() if cells else ""
        if len(cells) != len(STATUS_COLUMNS):
            parsed.errors.append(
                RowError(
                    line,
                    iso3,
                    _("expected %(n)s cells, found %(m)s")
                    % {"n": len(STATUS_COLUMNS), "m": len(cells)},
                )
            )
            continue
        values = dict(zip(STATUS_COLUMNS, (c.strip() for c in cells), strict=True))
        problems: list[str] = []
        if not (len(iso3) == 3 and iso3.isascii() and iso3.isalpha()):
            problems.append(_("%(code)r is not an ISO 3166 alpha-3 code") % {"code": iso3[:10]})
        elif iso3 in seen:
            problems.append(
                _("%(code)s already appears on line %(line)s") % {"code": iso3, "line": seen[iso3]}
            )
        seen.setdefault(iso3, line)
        if not values["name_en"] or len(values["name_en"]) > 120:
            problems.append(_("the English name is empty or longer than 120 characters"))
        if values["att_region"] not in Region.values:
            problems.append(
                _("unknown region %(region)r (one of %(choices)s)")
                % {"region": values["att_region"][:30], "choices": ", ".join(Region.values)}
            )
        signature = _date(values["signature_date"], "signature_date", problems)
        deposit = _date(values["deposit_date"], "deposit_date", problems)
        eif = _date(values["entry_into_force_date"], "entry_into_force_date", problems)
        deposit_type = values["deposit_type"] or None
        if deposit_type and deposit_type not in deposit_kinds:
            problems.append(_("unknown deposit type %(type)r") % {"type": deposit_type[:30]})
        if bool(deposit) != bool(deposit_type) and not problems:
            problems.append(_("a deposit needs both its date and its type"))
        if deposit and eif and eif != rules.entry_into_force(deposit):
            problems.append(
                _(
                    "entry into force %(given)s contradicts Art. 22, which gives %(rule)s for a deposit of %(deposit)s"
                )
                % {"given": eif, "rule": rules.entry_into_force(deposit), "deposit": deposit}
            )
        if eif and not deposit and values["deposit_date"] == "":
            problems.append(_("an entry-into-force date without a deposit"))
        row = StatusRow(
            line, iso3, values["name_en"], values["att_region"], signature, deposit, deposit_type
        )
        if not problems:
            problems.extend(rules.sequence_errors(row.records(), today=today))
        if problems:
            parsed.errors.extend(RowError(line, iso3, p) for p in problems)
        else:
            parsed.rows.append(row)
    if not parsed.rows and not parsed.errors:
        raise StatusFileError(_("The file has a header but no rows."))
    return parsed


def _actions_by_state(iso3s) -> dict[str, dict[str, TreatyAction]]:
    current: dict[str, dict[str, TreatyAction]] = {}
    for action in TreatyAction.objects.filter(state__iso3__in=iso3s).select_related("state"):
        slot = "deposit" if action.is_deposit else action.kind
        current.setdefault(action.state.iso3, {})[slot] = action
    return current


def status_file_plan(rows: list[StatusRow]) -> list[Change]:
    """The changes that applying these rows would make, state by state (reads only)."""
    states = {s.iso3: s for s in State.objects.filter(iso3__in=[r.iso3 for r in rows])}
    current = _actions_by_state(states)
    changes: list[Change] = []
    for row in rows:
        state = states.get(row.iso3)
        if state is None:
            changes.append(Change(row.iso3, row.name_en, "create_state"))
        elif (state.name_en, state.region) != (row.name_en, row.region):
            changes.append(
                Change(
                    row.iso3,
                    row.name_en,
                    "update_state",
                    old=f"{state.name_en}, {state.region}",
                    new=f"{row.name_en}, {row.region}",
                )
            )
        have = current.get(row.iso3, {})
        wanted = {
            "signature": (TreatyAction.Kind.SIGNATURE, row.signature_date),
            "deposit": (row.deposit_type, row.deposit_date),
        }
        for slot, (kind, day) in wanted.items():
            existing = have.get(slot)
            if existing is None and day:
                changes.append(Change(row.iso3, row.name_en, "add", kind, new=day))
            elif existing is not None and not day:
                changes.append(
                    Change(row.iso3, row.name_en, "remove", existing.kind, old=existing.date)
                )
            elif existing is not None and (existing.kind, existing.date) != (kind, day):
                if existing.kind != kind:
                    changes.append(
                        Change(row.iso3, row.name_en, "remove", existing.kind, old=existing.date)
                    )
                    changes.append(Change(row.iso3, row.name_en, "add", kind, new=day))
                else:
                    changes.append(
                        Change(row.iso3, row.name_en, "change", kind, old=existing.date, new=day)
                    )
    return changes


def _un_status(iso3: str) -> str:
    if iso3 in OBSERVERS:
        return UNStatus.OBSERVER
    if iso3 in NEITHER:
        return UNStatus.NEITHER
    return UNStatus.MEMBER


def _translated_names(iso3: str) -> dict[str, str]:
    """French and Spanish names from django-countries' maintained ISO 3166 translations."""
    from django.utils import translation
    from django_countries import countries

    alpha2 = countries.alpha2(iso3)
    names = {}
    for language in ("fr", "es"):
        with translation.override(language):
            names[f"name_{language}"] = str(countries.name(alpha2)) if alpha2 else ""
    return names


@transaction.atomic
def status_file_apply(rows: list[StatusRow], *, user=None, source: str) -> list[Change]:
    """Apply the rows' changes in one transaction, each recorded in history with its source."""
    changes = status_file_plan(rows)
    touched = {c.iso3 for c in changes}
    states = {s.iso3: s for s in State.objects.filter(iso3__in=touched)}
    current = _actions_by_state(touched)
    reason = _("Imported from %(source)s") % {"source": source}
    by_iso3 = {r.iso3: r for r in rows}
    for iso3 in sorted(touched):
        row = by_iso3[iso3]
        state = states.get(iso3)
        if state is None:
            state = State(iso3=iso3, un_status=_un_status(iso3), **_translated_names(iso3))
        if state.pk is None or (state.name_en, state.region) != (row.name_en, row.region):
            state.name_en, state.region = row.name_en, row.region
            state._history_user = user
            state._change_reason = reason
            state.save()
        have = current.get(iso3, {})
        wanted = {
            "signature": (TreatyAction.Kind.SIGNATURE, row.signature_date),
            "deposit": (row.deposit_type, row.deposit_date),
        }
        for slot, (kind, day) in wanted.items():
            existing = have.get(slot)
            if existing is not None and (not day or existing.kind != kind):
                existing._history_user = user
                existing._change_reason = reason
                existing.delete()
                existing = None
            if day and existing is None:
                action = TreatyAction(state=state, kind=kind, date=day, source=source)
                action._history_user = user
                action._change_reason = reason
                action.save()
            elif day and existing.date != day:
                existing.date = day
                existing.source = source
                existing.version += 1
                existing._history_user = user
                existing._change_reason = reason
                existing.save(update_fields=["date", "source", "version"])
    return changes


def user_edited_iso3s() -> set[str]:
    """States whose record a person has changed in the portal (history with a user)."""
    from django.db.models import Q

    edited = set(State.history.filter(history_user__isnull=False).values_list("iso3", flat=True))
    action_state_ids = TreatyAction.history.filter(history_user__isnull=False).values_list(
        "state_id", flat=True
    )
    edited |= set(State.objects.filter(Q(pk__in=action_state_ids)).values_list("iso3", flat=True))
    return edited


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    notifications: int = 0

    def lines(self) -> list[str]:
        out = [
            _("States: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
            % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged},
            _("Notifications added: %(n)s.") % {"n": self.notifications},
        ]
        if self.kept:
            out.append(
                _("Kept as edited in the portal (not overwritten): %(codes)s.")
                % {"codes": ", ".join(sorted(self.kept))}
            )
        return out


@transaction.atomic
def reference_data_load() -> LoadReport:
    """Load the bundled status data: create what is missing, never overwrite a user's edit."""
    parsed = status_file_parse((DATA_DIR / "att_status.csv").read_bytes())
    if parsed.errors:  # the bundled file is checked by the tests; this guards a bad edit of it
        raise StatusFileError("; ".join(str(e) for e in parsed.errors))
    report = LoadReport()
    kept = user_edited_iso3s()
    existing = set(State.objects.values_list("iso3", flat=True))
    rows = [r for r in parsed.rows if r.iso3 not in kept]
    report.kept = sorted(kept & {r.iso3 for r in parsed.rows})
    changes = status_file_apply(rows, source="att_status.csv")
    changed = {c.iso3 for c in changes}
    report.created = len({r.iso3 for r in rows} - existing)
    report.updated = len(changed & existing)
    report.unchanged = len(rows) - report.created - report.updated
    # Missing French or Spanish names are filled in; a name someone set is left as it is.
    for state in State.objects.filter(name_fr="") | State.objects.filter(name_es=""):
        names = _translated_names(state.iso3)
        update = [f for f, v in names.items() if v and not getattr(state, f)]
        for f in update:
            setattr(state, f, names[f])
        if update:
            state.save(update_fields=update)
    report.notifications = _notifications_load(kept)
    return report


def _notifications_load(kept: set[str]) -> int:
    text = (DATA_DIR / "att_notifications.csv").read_text(encoding="utf-8")
    added = 0
    for row in csv.DictReader(io.StringIO(text)):
        if row["iso3"] in kept:
            continue
        state = State.objects.get(iso3=row["iso3"])
        _action, created = TreatyAction.objects.get_or_create(
            state=state,
            kind=row["kind"],
            defaults={
                "date": dt.date.fromisoformat(row["date"]),
                "note": row["summary"],
                "source": "att_notifications.csv",
            },
        )
        added += created
    return added


def reference_data_load_report() -> list[str]:
    """The load_reference_data hook of this app: loads and returns the report's lines."""
    return reference_data_load().lines()
