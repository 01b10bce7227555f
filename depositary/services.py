"""The depositary check: compare the depositary's status file with the portal, apply what is chosen.

depositary_check() reads a file and compares it with the portal (reads only): by default on the
file's own date; on a later date only when asked (compare_on), and then the portal's actions dated
after the file's date that the file lacks are listed apart as "newer than the file", never as
removals (a file cannot know what happened after its date). depositary_check_save() keeps a checked file server-side; depositary_apply()
applies the differences the Secretariat chose, in one transaction, each recorded in the state's
history with the file as its source, and refuses the whole apply if a state's record would break
the treaty's rules (states.rules.sequence_errors).
"""

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from depositary import reader
from depositary.models import DepositaryCheck, DepositaryName, DepositarySync, StateDeclaration
from depositary.names import normalise
from states import rules
from states.models import State, TreatyAction
from states.services.status_file import user_edited_iso3s

DATA_DIR = Path(__file__).resolve().parent / "data"
BUNDLED_FILE = "XXVI-8.en.2018-01-15.xml"
BUNDLED_SOURCE = "UNTC XXVI-8, 15 Jan 2018"
SLOTS = ("signature", "deposit", "provisional_application")
COMPARED_KINDS = (
    TreatyAction.Kind.SIGNATURE,
    *TreatyAction.DEPOSIT_KINDS,
    TreatyAction.Kind.PROVISIONAL_APPLICATION,
)


class ApplyError(Exception):
    """The chosen differences cannot be applied; nothing was changed."""


class ComparisonDateError(ValueError):
    """The comparison date asked for is before the file's own date."""


def _slot(kind: str) -> str:
    return "deposit" if kind in TreatyAction.DEPOSIT_KINDS else kind


def _fmt(day: dt.date | None) -> str:
    return date_format(day, "DATE_FORMAT") if day else "—"


@dataclass
class Difference:
    """One action on which the file and the portal disagree.

    what: "add" (in the file, not the portal), "remove" (in the portal, not the file) or
    "change" (the same action with another date or type: a conflict, applied only when chosen);
    "newer": in the portal, not in the file, dated after the file's date (listed apart, never
    applied: the file cannot know it).
    """

    iso3: str
    state_name: str
    row: int | None
    slot: str
    what: str
    old_kind: str = ""
    old_date: dt.date | None = None
    new_kind: str = ""
    new_date: dt.date | None = None

    @property
    def key(self) -> str:
        """Names the difference and both its sides, so a stale choice is refused on apply."""
        parts = [self.iso3, self.slot, self.old_kind, self.old_date, self.new_kind, self.new_date]
        return ":".join(str(p) if p else "-" for p in parts)

    @property
    def is_conflict(self) -> bool:
        return self.what == "change"

    @property
    def old(self) -> str:
        if not self.old_kind:
            return "—"
        return f"{TreatyAction.Kind(self.old_kind).label} {_fmt(self.old_date)}"

    @property
    def new(self) -> str:
        if not self.new_kind:
            return "—"
        return f"{TreatyAction.Kind(self.new_kind).label} {_fmt(self.new_date)}"

    def describe(self) -> str:
        texts = {
            "add": _("%(state)s: in the file, not in the portal: %(new)s"),
            "remove": _("%(state)s: in the portal, not in the file: %(old)s"),
            "change": _("%(state)s: conflict: portal %(old)s → file %(new)s"),
            "newer": _("%(state)s: newer than the file: %(old)s"),
        }
        return texts[self.what] % {"state": self.state_name, "old": self.old, "new": self.new}


@dataclass
class DeclarationDifference:
    """A state whose declarations and reservations in the file differ from the portal's."""

    iso3: str
    state_name: str
    portal_count: int
    texts: list[reader.DeclarationText]

    @property
    def key(self) -> str:
        digest = hashlib.sha256(
            "\x1e".join(f"{t.kind}\x1f{t.heading}\x1f{t.text}" for t in self.texts).encode()
        ).hexdigest()[:16]
        return f"declarations:{self.iso3}:{self.portal_count}:{digest}"

    def describe(self) -> str:
        return _(
            "%(state)s: declarations and notes: %(old)s in the portal → %(new)s in the file"
        ) % {
            "state": self.state_name,
            "old": self.portal_count,
            "new": len(self.texts),
        }


@dataclass
class CheckResult:
    file: reader.MtdsgFile
    compared_on: dt.date
    problems: list[str] = field(default_factory=list)
    unmapped: list[tuple[int, str]] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    declaration_differences: list[DeclarationDifference] = field(default_factory=list)
    newer: list[Difference] = field(default_factory=list)
    portal_signatories: int = 0
    portal_parties: int = 0

    @property
    def as_of(self) -> dt.date:
        """The file's own date (its totals are compared with the portal's counts that day)."""
        return self.file.as_of

    @property
    def compared_later(self) -> bool:
        """Compared on a date after the file's own (events in between are "newer")."""
        return self.compared_on > self.file.as_of

    @property
    def additions(self) -> list[Difference]:
        return [d for d in self.differences if d.what == "add"]

    @property
    def pending(self) -> int:
        """The differences awaiting review: actions and declarations (not the newer events)."""
        return len(self.differences) + len(self.declaration_differences)

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    @property
    def conflicts(self) -> list[Difference]:
        return [d for d in self.differences if d.is_conflict]

    @property
    def totals(self) -> list[tuple[str, int | None, int | None, int]]:
        """(label, the file's status line, the file's own rows, the portal) per total."""
        return [
            (
                _("Signatories"),
                self.file.signatories,
                self.file.signature_rows,
                self.portal_signatories,
            ),
            (
                _("Parties (deposits, in force or not)"),
                self.file.parties,
                self.file.deposit_rows,
                self.portal_parties,
            ),
        ]

    @property
    def totals_agree(self) -> bool:
        return all(line == rows == portal for _label, line, rows, portal in self.totals)

    def lines(self) -> list[str]:
        """The result as text (the management command prints these)."""
        out = [
            _("%(file)s: %(title)s, status as of %(date)s (date from the %(origin)s).")
            % {
                "file": self.file.file_name or "?",
                "title": self.file.title,
                "date": self.as_of.isoformat(),
                "origin": self.file.as_of_origin,
            }
        ]
        if self.refused:
            out.append(_("The file is refused; nothing can be applied:"))
            out.extend(f"  {p}" for p in self.problems)
            return out
        for label, line, rows, portal in self.totals:
            out.append(
                _("%(label)s: file %(line)s (rows: %(rows)s), portal %(portal)s on %(date)s.")
                % {
                    "label": label,
                    "line": line if line is not None else "?",
                    "rows": rows,
                    "portal": portal,
                    "date": self.as_of.isoformat(),
                }
            )
        if self.compared_later:
            out.append(
                _("Compared with the portal on %(date)s, after the file's date.")
                % {"date": self.compared_on.isoformat()}
            )
        out.append(_("Differences: %(n)s.") % {"n": len(self.differences)})
        out.extend(f"  {d.describe()}" for d in self.differences)
        out.append(_("Declarations that differ: %(n)s.") % {"n": len(self.declaration_differences)})
        out.extend(f"  {d.describe()}" for d in self.declaration_differences)
        if self.newer:
            out.append(
                _("In the portal, dated after the file's date (not differences): %(n)s.")
                % {"n": len(self.newer)}
            )
            out.extend(f"  {d.describe()}" for d in self.newer)
        return out


def _map_participants(parsed: reader.MtdsgFile, result: CheckResult) -> dict[int, State]:
    """Row number → state; a problem for each name that maps to no state or to a taken one."""
    mapping = DepositaryName.objects.mapping()
    states, problems, taken = {}, result.problems, {}
    for row in parsed.rows:
        state = mapping.get(normalise(row.name))
        if state is None:
            result.unmapped.append((row.row, row.name))
            problems.append(
                str(
                    reader.ReadProblem(
                        row.row,
                        row.name,
                        _("no state is known by this name; add it to the depositary names"),
                    )
                )
            )
        elif state.iso3 in taken:
            problems.append(
                str(
                    reader.ReadProblem(
                        row.row,
                        row.name,
                        _("%(state)s is already row %(other)s")
                        % {"state": state.name, "other": taken[state.iso3]},
                    )
                )
            )
        else:
            taken[state.iso3] = row.row
            states[row.row] = state
    return states


def _portal_actions() -> dict[str, dict[str, TreatyAction]]:
    out: dict[str, dict[str, TreatyAction]] = {}
    actions = TreatyAction.objects.filter(kind__in=COMPARED_KINDS).select_related("state")
    for action in actions.order_by("date", "pk"):
        out.setdefault(action.state.iso3, {}).setdefault(_slot(action.kind), action)
    return out


def _action_differences(parsed, states_by_row, compared_on) -> tuple[list, list]:
    """(differences, newer): the actions on which the file and the portal disagree, and the
    portal's actions the file lacks that are dated after the file's date, up to `compared_on`."""
    portal = _portal_actions()
    in_file = {states_by_row[r.row].iso3: r for r in parsed.rows}
    names = {s.iso3: s.name for s in states_by_row.values()}
    for iso3, slots in portal.items():
        names.setdefault(iso3, next(iter(slots.values())).state.name)
    differences, newer = [], []
    for iso3 in sorted(set(in_file) | set(portal), key=lambda c: names[c].casefold()):
        row = in_file.get(iso3)
        wanted = row.actions() if row else {}
        have = portal.get(iso3, {})
        for slot in SLOTS:
            file_side, action = wanted.get(slot), have.get(slot)
            common = {"iso3": iso3, "state_name": names[iso3], "row": row.row if row else None}
            if file_side and action is None:
                differences.append(
                    Difference(
                        **common,
                        slot=slot,
                        what="add",
                        new_kind=file_side[0],
                        new_date=file_side[1],
                    )
                )
            elif file_side and (action.kind, action.date) != file_side:
                # Also when the portal's date is later than the file's: the same action.
                differences.append(
                    Difference(
                        **common,
                        slot=slot,
                        what="change",
                        old_kind=action.kind,
                        old_date=action.date,
                        new_kind=file_side[0],
                        new_date=file_side[1],
                    )
                )
            elif not file_side and action is not None and action.date <= compared_on:
                after_file = action.date > parsed.as_of
                (newer if after_file else differences).append(
                    Difference(
                        **common,
                        slot=slot,
                        what="newer" if after_file else "remove",
                        old_kind=action.kind,
                        old_date=action.date,
                    )
                )
    return differences, newer


def _declaration_differences(parsed, states_by_row, compared_on) -> list[DeclarationDifference]:
    """States whose declarations in the file differ from the portal's known on `compared_on`;
    a state whose portal declarations were all published after the file's date is skipped
    (newer than the file: a file cannot list them)."""
    by_name = {normalise(r.name): states_by_row[r.row] for r in parsed.rows}
    wanted: dict[str, list[reader.DeclarationText]] = {}
    states = {s.iso3: s for s in states_by_row.values()}
    for text in parsed.declarations:
        state = by_name.get(normalise(text.participant))
        if state is not None:
            wanted.setdefault(state.iso3, []).append(text)
    have: dict[str, list[tuple[str, str, str]]] = {}
    published: dict[str, dt.date] = {}
    for declaration in (
        StateDeclaration.objects.known_on(compared_on)
        .select_related("state")
        .order_by("position", "pk")
    ):
        iso3 = declaration.state.iso3
        have.setdefault(iso3, []).append((declaration.kind, declaration.heading, declaration.text))
        published[iso3] = min(published.get(iso3, declaration.as_of), declaration.as_of)
        states.setdefault(iso3, declaration.state)
    out = []
    for iso3 in sorted(set(wanted) | set(have), key=lambda c: states[c].name.casefold()):
        texts = wanted.get(iso3, [])
        if [(t.kind, t.heading, t.text) for t in texts] == have.get(iso3, []):
            continue
        if iso3 in published and published[iso3] > parsed.as_of:
            continue
        out.append(DeclarationDifference(iso3, states[iso3].name, len(have.get(iso3, [])), texts))
    return out


def depositary_check(
    *, data: bytes, file_name: str, compare_on: dt.date | None = None, clamp: bool = False
) -> CheckResult:
    """Compare a depositary file with the portal (reads only): on the file's own date, or on
    `compare_on` when given (not before the file's date: ComparisonDateError; with `clamp`, the
    file's date then, as for a file fetched live that states a date ahead of the portal's day).

    Raises reader.MtdsgError if the file cannot be read at all. A cell that cannot be read or a
    participant that maps to no state is a problem: the result is refused and has no differences.
    The file's totals are compared with the portal's counts on the file's date; removals only
    for the portal's actions dated up to the file's date (later ones are `newer`).
    Queries: names (1), signatures and deposits counted (2), actions (1), declarations (1).
    """
    parsed = reader.read_mtdsg(data, file_name=file_name)
    compared_on = compare_on or parsed.as_of
    if clamp:
        compared_on = max(compared_on, parsed.as_of)
    if compared_on < parsed.as_of:
        raise ComparisonDateError(
            _(
                "The comparison date %(date)s is before the file's own date (%(file_date)s); "
                "compare on the file's date or later."
            )
            % {"date": compared_on.isoformat(), "file_date": parsed.as_of.isoformat()}
        )
    result = CheckResult(
        file=parsed, compared_on=compared_on, problems=[str(p) for p in parsed.problems]
    )
    states_by_row = _map_participants(parsed, result)
    result.portal_signatories = TreatyAction.objects.filter(
        kind=TreatyAction.Kind.SIGNATURE, date__lte=parsed.as_of
    ).count()
    result.portal_parties = State.objects.counts_on(parsed.as_of).deposited
    if result.refused:
        return result
    result.differences, result.newer = _action_differences(parsed, states_by_row, compared_on)
    result.declaration_differences = _declaration_differences(parsed, states_by_row, compared_on)
    return result


@transaction.atomic
def depositary_check_save(
    *, data: bytes, result: CheckResult, user, source_url: str = "", fetched_at=None
) -> DepositaryCheck:
    """Keep a checked (not refused) file server-side until the Secretariat applies from it,
    with its SHA-256 (and where and when it was fetched, for a sync)."""
    if result.refused:
        raise ValueError("a refused file is not kept")
    return DepositaryCheck.objects.create(
        file_name=(result.file.file_name or "")[:200],
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        source_url=source_url[:500],
        fetched_at=fetched_at,
        as_of=result.as_of,
        as_of_origin=result.file.as_of_origin,
        compared_on=result.compared_on,
        signatories=result.file.signatories,
        parties=result.file.parties,
        differences_found=result.pending,
        checked_by=user,
    )


def depositary_check_result(check: DepositaryCheck) -> CheckResult:
    """The stored file compared with the portal as it is now, on the check's comparison date."""
    return depositary_check(
        data=bytes(check.content), file_name=check.file_name, compare_on=check.comparison_date
    )


def _record(obj, *, user, reason):
    obj._history_user = user
    obj._change_reason = reason


@transaction.atomic
def depositary_apply(*, check: DepositaryCheck, keys: list[str], user) -> list[str]:
    """Apply the chosen differences (by key) in one transaction; returns what was applied.

    Raises ApplyError, changing nothing, if no difference is chosen, if a choice no longer
    matches the portal (it changed since the check), or if a state's record would break the
    treaty's rules.
    """
    check = DepositaryCheck.objects.select_for_update().get(pk=check.pk)
    chosen = list(dict.fromkeys(keys))
    if not chosen:
        raise ApplyError(_("Choose at least one difference to apply."))
    result = depositary_check_result(check)
    if result.refused:
        raise ApplyError(_("The file is refused; nothing can be applied."))
    available = {d.key: d for d in [*result.differences, *result.declaration_differences]}
    stale = [k for k in chosen if k not in available]
    if stale:
        raise ApplyError(
            _(
                "The portal has changed since this page was shown (%(n)s choice(s) no longer match); nothing was applied. Review the differences again."
            )
            % {"n": len(stale)}
        )
    source = check.source
    reason = _("Depositary check: %(file)s, status as of %(date)s") % {
        "file": check.file_name,
        "date": check.as_of.isoformat(),
    }
    states = State.objects.in_bulk({available[k].iso3 for k in chosen}, field_name="iso3")
    portal = _portal_actions()
    touched, applied = set(), []
    for key in chosen:
        difference = available[key]
        state = states[difference.iso3]
        if isinstance(difference, DeclarationDifference):
            _declarations_replace(state, difference.texts, check, user=user, reason=reason)
        else:
            _action_apply(state, difference, portal, source=source, user=user, reason=reason)
            touched.add(state)
        applied.append(difference.describe())
    today = max(timezone.localdate(), check.as_of)
    problems = []
    for state in sorted(touched, key=lambda s: s.name_en):
        records = [a.as_record() for a in state.actions.all()]
        problems.extend(f"{state.name}: {e}" for e in rules.sequence_errors(records, today=today))
    if problems:
        raise ApplyError(
            _("Nothing was applied: the result would break the treaty's rules. %(problems)s")
            % {"problems": " ".join(problems)}
        )
    check.applied = [
        *check.applied,
        *({"when": timezone.now().isoformat(), "what": text} for text in applied),
    ]
    check.applied_by = user
    check.applied_at = timezone.now()
    check.save(update_fields=["applied", "applied_by", "applied_at"])
    # The freshness line counts what the latest sync found still awaiting review.
    sync_pending_refresh()
    return applied


def sync_pending_refresh() -> None:
    """Count again what the latest successful sync's file still differs from the portal (after
    an apply), so the freshness line tells what is really awaiting review. Saved with history:
    the cached pages that show it change version."""
    latest = DepositarySync.objects.successful().latest_first().select_related("check_made").first()
    if latest is None or latest.check_made is None:
        return
    try:
        result = depositary_check_result(latest.check_made)
    except (reader.MtdsgError, ComparisonDateError):
        return
    pending = 0 if result.refused else result.pending
    if pending != latest.differences_pending:
        latest.differences_pending = pending
        latest.save(update_fields=["differences_pending"])


def _action_apply(state, difference, portal, *, source, user, reason):
    existing = portal.get(difference.iso3, {}).get(difference.slot)
    if difference.what == "remove":
        _record(existing, user=user, reason=reason)
        existing.delete()
    elif difference.what == "add":
        action = TreatyAction(
            state=state, kind=difference.new_kind, date=difference.new_date, source=source
        )
        _record(action, user=user, reason=reason)
        action.save()
    else:
        existing.kind, existing.date, existing.source = (
            difference.new_kind,
            difference.new_date,
            source,
        )
        existing.version += 1
        _record(existing, user=user, reason=reason)
        existing.save(update_fields=["kind", "date", "source", "version"])


def _declarations_replace(state, texts, check, *, user, reason):
    for old in StateDeclaration.objects.filter(state=state, as_of__lte=check.comparison_date):
        _record(old, user=user, reason=reason)
        old.delete()
    for position, text in enumerate(texts):
        declaration = StateDeclaration(
            state=state,
            kind=text.kind,
            heading=text.heading[:300],
            text=text.text,
            position=position,
            source=check.source,
            as_of=check.as_of,
        )
        _record(declaration, user=user, reason=reason)
        declaration.save()


# Reference data ---------------------------------------------------------------------------------


def _names_load() -> int:
    existing = {normalise(n) for n in DepositaryName.objects.values_list("name", flat=True)}
    states = {s.iso3: s for s in State.objects.all()}
    rows = [(s.name_en, s.iso3, "") for s in states.values()]
    text = (DATA_DIR / "depositary_names.csv").read_text(encoding="utf-8")
    rows += [(r["name"], r["iso3"], r["note"]) for r in csv.DictReader(io.StringIO(text))]
    added = 0
    for name, iso3, note in rows:
        if normalise(name) in existing or iso3 not in states:
            continue
        DepositaryName.objects.create(name=name, state=states[iso3], note=note)
        existing.add(normalise(name))
        added += 1
    return added


def _provisional_applications_load(kept: set[str]) -> tuple[int, list[str]]:
    text = (DATA_DIR / "att_provisional_application.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    states = {s.iso3: s for s in State.objects.filter(iso3__in=[r["iso3"] for r in rows])}
    have = {
        a.state_id: a
        for a in TreatyAction.objects.filter(kind=TreatyAction.Kind.PROVISIONAL_APPLICATION)
    }
    added, skipped = 0, []
    for row in rows:
        state = states.get(row["iso3"])
        if state is None or row["iso3"] in kept:
            skipped.append(row["iso3"])
            continue
        if state.pk in have:
            continue
        action = TreatyAction(
            state=state,
            kind=TreatyAction.Kind.PROVISIONAL_APPLICATION,
            date=dt.date.fromisoformat(row["date"]),
            source=row["source"],
        )
        _record(action, user=None, reason=_("Bundled reference data"))
        action.save()
        added += 1
    return added, skipped


def _declarations_load() -> int:
    """Declarations of the bundled file, for states that have none on record (nor ever had)."""
    parsed = reader.read_mtdsg((DATA_DIR / BUNDLED_FILE).read_bytes(), file_name=BUNDLED_FILE)
    mapping = DepositaryName.objects.mapping()
    touched = set(StateDeclaration.history.values_list("state_id", flat=True))
    positions: dict[int, int] = {}
    added = 0
    for text in parsed.declarations:
        state = mapping.get(normalise(text.participant))
        if state is None or state.pk in touched:
            continue
        position = positions.get(state.pk, 0)
        positions[state.pk] = position + 1
        declaration = StateDeclaration(
            state=state,
            kind=text.kind,
            heading=text.heading[:300],
            text=text.text,
            position=position,
            source=BUNDLED_SOURCE,
            as_of=parsed.as_of,
        )
        _record(declaration, user=None, reason=_("Bundled reference data"))
        declaration.save()
        added += 1
    return added


@transaction.atomic
def names_load_report() -> list[str]:
    """The load_reference_data hook of this app (idempotent; never overwrites a user's edit).

    Loads the depositary names (states' current English names and depositary_names.csv), the
    provisional applications of att_provisional_application.csv, and the declarations of the
    bundled 15 Jan 2018 file.
    """
    names = _names_load()
    added, skipped = _provisional_applications_load(user_edited_iso3s())
    declarations = _declarations_load()
    lines = [
        _("Depositary names added: %(n)s.") % {"n": names},
        _("Provisional applications (Art. 23) added: %(n)s.") % {"n": added},
        _("Declarations and notes added: %(n)s.") % {"n": declarations},
    ]
    if skipped:
        lines.append(
            _("Provisional applications kept as edited in the portal: %(codes)s.")
            % {"codes": ", ".join(sorted(skipped))}
        )
    return lines
