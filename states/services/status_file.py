"""Status-file imports: a file with the columns of data/att_status.csv is parsed and checked as a
whole (status_file_parse), turned into a plan of changes (status_file_plan), and applied in one
transaction (status_file_apply): any bad row means nothing is written."""

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from states import dates, notifications, rules
from states.dates import parse_iso_date
from states.models import Region, State, TreatyAction, UNStatus

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
STATUS_COLUMNS = [
    "iso3",
    "name_en",
    "att_region",
    "signature_date",
    "deposit_date",
    "deposit_type",
    "entry_into_force_date",
]
# Optional, after the others: the depositary notifications (C.N.) of the signature and deposit.
# A file without them keeps the references recorded in the portal.
CN_COLUMNS = ["signature_cn", "deposit_cn"]
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
    # None: the file has no C.N. columns (the portal's references are kept).
    signature_cn: str | None = None
    deposit_cn: str | None = None

    def references(self) -> dict[str, str | None]:
        return {"signature": self.signature_cn, "deposit": self.deposit_cn}

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
            "reference": _("%(kind)s: depositary notification %(old)s → %(new)s"),
        }
        return texts[self.what] % {"kind": label, "old": self.old, "new": self.new}


@dataclass
class ParsedFile:
    rows: list[StatusRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def status_file_decode(data: bytes) -> str:
    """The file's text; StatusFileError if it is too large or not UTF-8 text."""
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
    """The column's date (states.dates: YYYY-MM-DD within the portal's range), or None with the
    reason added to `errors`."""
    value = value.strip()
    if not value:
        return None
    try:
        return parse_iso_date(value)
    except ValidationError as error:
        errors.append(
            _("%(column)s %(value)r: %(reason)s")
            % {"column": column, "value": value[:40], "reason": error.messages[0]}
        )
        return None


def _is_iso3(code: str) -> bool:
    """An ISO 3166-1 alpha-3 code that django-countries knows (PSE and VAT included)."""
    from django_countries import countries

    return len(code) == 3 and code.isascii() and code.isalpha() and bool(countries.alpha2(code))


def _other_actions(iso3s) -> dict[str, list[rules.ActionRecord]]:
    """Each state's actions that a status file does not carry (notifications, withdrawals)."""
    out: dict[str, list[rules.ActionRecord]] = {}
    qs = (
        TreatyAction.objects.filter(state__iso3__in=iso3s)
        .exclude(kind=TreatyAction.Kind.SIGNATURE)
        .exclude(kind__in=TreatyAction.DEPOSIT_KINDS)
        .values_list("state__iso3", "kind", "date", "named_effective_date")
    )
    for iso3, kind, day, named in qs:
        out.setdefault(iso3, []).append(rules.ActionRecord(kind, day, named))
    return out


def status_file_parse(data: bytes, *, today: dt.date | None = None) -> ParsedFile:
    """Read and check a status file; every bad row is reported with its line number.

    Raises StatusFileError if the file cannot be read at all (size, encoding, CSV, header).
    A code is unknown if it is neither a state of the portal nor an ISO 3166 alpha-3 code. Each
    row's signature and deposit are checked with the state's other recorded actions (withdrawal,
    notifications) as they would be after the import. Two queries.
    """
    today = today or dates.today()
    text = status_file_decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise StatusFileError(_("The file is empty.")) from None
    except csv.Error as exc:
        raise StatusFileError(_("The file is not valid CSV: %(error)s") % {"error": exc}) from None
    if header not in (STATUS_COLUMNS, STATUS_COLUMNS + CN_COLUMNS):
        raise StatusFileError(
            _(
                "line 1: wrong columns. Expected: %(expected)s (optionally followed by %(optional)s). Found: %(found)s."
            )
            % {
                "expected": ",".join(STATUS_COLUMNS),
                "optional": ",".join(CN_COLUMNS),
                "found": ",".join(header)[:300],
            }
        )
    with_references = header == STATUS_COLUMNS + CN_COLUMNS
    raw_rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            # A quoted cell may span lines: a row starts on the line after the previous one.
            raw_rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise StatusFileError(
            _("line %(line)s: the file is not valid CSV: %(error)s")
            % {"line": reader.line_num, "error": exc}
        ) from None
    codes = {c[0].strip().upper() for _line, c in raw_rows if c}
    known = set(State.objects.filter(iso3__in=codes).values_list("iso3", flat=True))
    others = _other_actions(known)
    parsed = ParsedFile()
    seen: dict[str, int] = {}
    deposit_kinds = {k.value for k in TreatyAction.DEPOSIT_KINDS}
    for line, cells in raw_rows:
        if not any(c.strip() for c in cells):
            continue
        iso3 = cells[0].strip().upper()
        if len(cells) != len(header):
            parsed.errors.append(
                RowError(
                    line,
                    iso3,
                    _("wrong column set: expected %(n)s cells, found %(m)s")
                    % {"n": len(header), "m": len(cells)},
                )
            )
            continue
        values = dict(zip(header, (c.strip() for c in cells), strict=True))
        problems: list[str] = []
        if iso3 not in known and not _is_iso3(iso3):
            problems.append(
                _("unknown code %(code)r: not a state of the portal nor an ISO 3166 alpha-3 code")
                % {"code": iso3[:10]}
            )
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
        references = {}
        for column, day in (("signature_cn", signature), ("deposit_cn", deposit)):
            if not with_references:
                references[column] = None
                continue
            reference = notifications.clean_cn_reference(values[column])
            try:
                notifications.validate_cn_reference(reference)
            except ValidationError as exc:
                problems.append(f"{column}: {exc.messages[0]}")
            if reference and not day:
                problems.append(
                    _("%(column)s: a depositary notification without its action's date")
                    % {"column": column}
                )
            references[column] = reference
        row = StatusRow(
            line,
            iso3,
            values["name_en"],
            values["att_region"],
            signature,
            deposit,
            deposit_type,
            **references,
        )
        if not problems:
            records = row.records() + others.get(iso3, [])
            problems.extend(rules.sequence_errors(records, today=today))
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
            reference = row.references()[slot]
            if (
                day
                and reference is not None
                and existing is not None
                and existing.kind == kind
                and existing.cn_reference != reference
            ):
                changes.append(
                    Change(
                        row.iso3,
                        row.name_en,
                        "reference",
                        kind,
                        old=existing.cn_reference or "—",
                        new=reference or "—",
                    )
                )
    return changes


def _un_status(iso3: str) -> str:
    if iso3 in OBSERVERS:
        return UNStatus.OBSERVER
    if iso3 in NEITHER:
        return UNStatus.NEITHER
    return UNStatus.MEMBER


# Where django-countries' French or Spanish short name differs from the United Nations' (UNTERM,
# the names the depositary and the ATT Secretariat print), the UN's: checked one by one.
UN_SHORT_NAMES = {
    "BLZ": {"name_fr": "Belize"},  # django-countries: "Bélize"
}


def _translated_names(iso3: str) -> dict[str, str]:
    """French and Spanish names from django-countries' maintained ISO 3166 translations, with the
    United Nations' short name where the two differ (UN_SHORT_NAMES)."""
    from django.utils import translation
    from django_countries import countries

    alpha2 = countries.alpha2(iso3)
    names = {}
    for language in ("fr", "es"):
        with translation.override(language):
            names[f"name_{language}"] = str(countries.name(alpha2)) if alpha2 else ""
    names.update(UN_SHORT_NAMES.get(iso3, {}))
    return names


class PlanChanged(Exception):
    """The data changed between the preview of an import and its confirmation."""

    def __init__(self, changes: list[Change]):
        super().__init__("the import's changes differ from the preview")
        self.changes = changes


def plan_digest(changes: list[Change]) -> str:
    """A fingerprint of a plan, to tell whether a confirmed preview still holds."""
    items = [[c.iso3, c.what, c.kind, str(c.old), str(c.new)] for c in changes]
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


@transaction.atomic
def status_file_apply(
    rows: list[StatusRow], *, user=None, source: str, expected_digest: str | None = None
) -> list[Change]:
    """Apply the rows' changes in one transaction, each recorded in history with its source.

    With expected_digest (from the preview), raises PlanChanged instead of applying a plan that
    differs from the one the user confirmed.
    """
    if expected_digest is not None:
        # Serialise with edits in the portal, which lock the state rows they change.
        list(State.objects.select_for_update().filter(iso3__in=[r.iso3 for r in rows]))
    changes = status_file_plan(rows)
    if expected_digest is not None and plan_digest(changes) != expected_digest:
        raise PlanChanged(changes)
    touched = {c.iso3 for c in changes}
    states = {s.iso3: s for s in State.objects.filter(iso3__in=touched)}
    current = _actions_by_state(touched)
    reason = (_("Imported from %(source)s") % {"source": source})[:100]
    by_iso3 = {r.iso3: r for r in rows}

    def record(obj):
        obj._history_user, obj._change_reason = user, reason
        return obj

    # New states and actions are bulk-created with their history (a first load has ~450 rows).
    new_states = [
        State(iso3=iso3, un_status=_un_status(iso3), **_translated_names(iso3))
        for iso3 in sorted(touched - states.keys())
    ]
    for state in new_states:
        state.name_en, state.region = by_iso3[state.iso3].name_en, by_iso3[state.iso3].region
    created = bulk_create_with_history(
        new_states, State, default_user=user, default_change_reason=reason
    )
    states.update({s.iso3: s for s in created})
    new_actions = []
    for iso3 in sorted(touched):
        row, state = by_iso3[iso3], states[iso3]
        if (state.name_en, state.region) != (row.name_en, row.region):
            state.name_en, state.region = row.name_en, row.region
            record(state).save(update_fields=["name_en", "region"])
        have = current.get(iso3, {})
        wanted = {
            "signature": (TreatyAction.Kind.SIGNATURE, row.signature_date),
            "deposit": (row.deposit_type, row.deposit_date),
        }
        for slot, (kind, day) in wanted.items():
            existing = have.get(slot)
            reference = row.references()[slot]
            if existing is not None and (not day or existing.kind != kind):
                record(existing).delete()
                existing = None
            if day and existing is None:
                new_actions.append(
                    TreatyAction(
                        state=state,
                        kind=kind,
                        date=day,
                        source=source,
                        cn_reference=reference or "",
                    )
                )
            elif day and (
                existing.date != day
                or (reference is not None and existing.cn_reference != reference)
            ):
                existing.date, existing.source = day, source
                if reference is not None:
                    existing.cn_reference = reference
                existing.version += 1
                record(existing).save(update_fields=["date", "source", "cn_reference", "version"])
    bulk_create_with_history(
        new_actions, TreatyAction, default_user=user, default_change_reason=reason
    )
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
