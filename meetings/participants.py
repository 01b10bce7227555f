"""Participants files: the list of participants of one meeting as the Secretariat receives it,
imported from the command line (`manage.py import_participants`) or the browser (with a preview).

A file is UTF-8 CSV with the header `kind,iso3_or_name,person,role`. `kind` is `state` (then
`iso3_or_name` is the state's ISO 3166 alpha-3 code) or an organization kind (then it is the
organization's name; a new name is recorded as a new organization of that kind). `person` and
`role` are optional and internal. All or nothing: when any row is bad, every bad row is reported
with its line number and why, and nothing is written. A row already recorded with the same values
is no change, so importing the same file twice changes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from meetings.models import Meeting, MeetingStatus
from meetings.record import STATE_KIND, Organization, OrganizationKind, Participation
from states.models import State
from states.services.status_file import PlanChanged as PlanChanged  # the views catch it here
from states.services.status_file import RowError
from uploads.csvfile import csv_rows

FILE_COLUMNS = ["kind", "iso3_or_name", "person", "role"]
KINDS = [STATE_KIND, *OrganizationKind.values]
MAX_FILE_BYTES = 1024 * 1024
MAX_TEXT = 200


class ParticipantsFileError(Exception):
    """The file as a whole cannot be read (size, encoding, CSV, columns), or names no meeting."""


@dataclass
class ParticipantRow:
    line: int
    kind: str
    key: str  # an ISO3 code for a state, an organization's name otherwise
    name: str  # the delegation's name, as shown
    person: str
    role: str


@dataclass
class ParticipantChange:
    line: int
    name: str
    what: str  # "add", "role", "organization" (a new organization and its participation)

    def describe(self) -> str:
        if self.what == "organization":
            return _("new organization; add its participation")
        if self.what == "role":
            return _("change the role")
        return _("add the participation")


@dataclass
class ParsedParticipants:
    rows: list[ParticipantRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def meeting_on(day) -> Meeting:
    """The (not cancelled) meeting held on `day`; ParticipantsFileError when there is none or
    more than one."""
    meetings = list(Meeting.objects.filter(date=day).exclude(status=MeetingStatus.CANCELLED)[:2])
    if not meetings:
        raise ParticipantsFileError(_("No meeting on %(day)s.") % {"day": day})
    if len(meetings) > 1:
        raise ParticipantsFileError(_("More than one meeting on %(day)s.") % {"day": day})
    return meetings[0]


def _decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ParticipantsFileError(_("The file is larger than 1 MB."))
    if b"\x00" in data:
        raise ParticipantsFileError(_("The file is not a UTF-8 CSV file (it contains NUL bytes)."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParticipantsFileError(
            _("The file is not UTF-8 text (byte %(pos)s cannot be read); save it as UTF-8 CSV.")
            % {"pos": exc.start}
        ) from None


def _read_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each row after the checked header."""
    return csv_rows(text, FILE_COLUMNS, ParticipantsFileError, fold_case=True)


def participants_file_parse(data: bytes) -> ParsedParticipants:
    """Read and check a participants file: every bad row with its line number and reason.

    Raises ParticipantsFileError when the file cannot be read at all. Two queries (the states
    named, the organizations named)."""
    raw_rows = _read_rows(_decode(data))
    cells_of = [[c.strip() for c in cells] for _line, cells in raw_rows]
    codes = {c[1].upper() for c in cells_of if len(c) > 1 and c[0].lower() == STATE_KIND}
    names = {c[1] for c in cells_of if len(c) > 1 and c[0].lower() != STATE_KIND}
    states = {s.iso3: s for s in State.objects.filter(iso3__in=codes)}
    organizations = {o.name.casefold(): o for o in Organization.objects.filter(name__in=names)}
    parsed = ParsedParticipants()
    seen: dict[tuple, int] = {}
    new_kinds: dict[str, tuple[str, int]] = {}
    for (line, _raw), cells in zip(raw_rows, cells_of, strict=True):
        if not any(cells):
            continue
        label = cells[1][:60] if len(cells) > 1 else ""
        if len(cells) != len(FILE_COLUMNS):
            parsed.errors.append(
                RowError(
                    line,
                    label,
                    _("wrong column set: expected %(n)s cells, found %(m)s")
                    % {"n": len(FILE_COLUMNS), "m": len(cells)},
                )
            )
            continue
        kind, key, person, role = cells
        kind = kind.lower()
        problems: list[str] = []
        name = key
        if kind not in KINDS:
            problems.append(
                _("unknown kind %(kind)r (one of %(choices)s)")
                % {"kind": kind[:40], "choices": ", ".join(KINDS)}
            )
        elif kind == STATE_KIND:
            key = key.upper()
            state = states.get(key)
            if state is None:
                problems.append(_("unknown state code %(code)r") % {"code": key[:10]})
            else:
                name = state.name
        elif not key:
            problems.append(_("the organization's name is empty"))
        elif len(key) > MAX_TEXT:
            problems.append(_("the organization's name is longer than 200 characters"))
        else:
            known = organizations.get(key.casefold())
            if known is not None:
                key = name = known.name
                if known.kind != kind:
                    problems.append(
                        _("%(name)s is recorded as “%(recorded)s”, not “%(kind)s”")
                        % {
                            "name": known.name,
                            "recorded": known.get_kind_display(),
                            "kind": OrganizationKind(kind).label,
                        }
                    )
            else:
                first_kind, first_line = new_kinds.setdefault(key.casefold(), (kind, line))
                if first_kind != kind:
                    problems.append(
                        _("%(name)s has another kind on line %(line)s")
                        % {"name": key, "line": first_line}
                    )
        if len(person) > MAX_TEXT:
            problems.append(_("the person's name is longer than 200 characters"))
        if len(role) > MAX_TEXT:
            problems.append(_("the role is longer than 200 characters"))
        if not problems:
            identity = (kind == STATE_KIND, key.casefold(), person.casefold())
            if identity in seen:
                problems.append(
                    _("the same delegation and person are already on line %(line)s")
                    % {"line": seen[identity]}
                )
            seen.setdefault(identity, line)
        if problems:
            parsed.errors.extend(RowError(line, label, p) for p in problems)
        else:
            parsed.rows.append(ParticipantRow(line, kind, key, name, person, role))
    if not parsed.rows and not parsed.errors:
        raise ParticipantsFileError(_("The file has a header but no rows."))
    return parsed


def _existing(meeting: Meeting) -> dict[tuple, Participation]:
    """{(is a state, ISO3 or organization name casefolded, person casefolded): participation}."""
    found = {}
    for p in Participation.objects.filter(meeting=meeting).with_delegations():
        key = p.state.iso3 if p.state_id else p.organization.name
        found[(bool(p.state_id), key.casefold(), p.person.casefold())] = p
    return found


def participants_file_plan(meeting: Meeting, rows: list[ParticipantRow]):
    """The changes applying `rows` to `meeting` would make, in file order (reads only; two
    queries)."""
    existing = _existing(meeting)
    known = {
        o.casefold()
        for o in Organization.objects.filter(
            name__in=[r.key for r in rows if r.kind != STATE_KIND]
        ).values_list("name", flat=True)
    }
    changes = []
    for row in rows:
        current = existing.get((row.kind == STATE_KIND, row.key.casefold(), row.person.casefold()))
        if current is None:
            new_org = row.kind != STATE_KIND and row.key.casefold() not in known
            changes.append(
                ParticipantChange(row.line, row.name, "organization" if new_org else "add")
            )
            known.add(row.key.casefold())
        elif current.role != row.role:
            changes.append(ParticipantChange(row.line, row.name, "role"))
    return changes


def participants_plan_digest(changes: list[ParticipantChange]) -> str:
    """A fingerprint of a plan, to tell whether a confirmed preview still holds."""
    items = [[c.line, c.name, c.what] for c in changes]
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


@transaction.atomic
def participants_file_apply(
    meeting: Meeting,
    rows: list[ParticipantRow],
    *,
    user=None,
    source: str,
    expected_digest: str | None = None,
) -> list[ParticipantChange]:
    """Apply the rows to `meeting` in one transaction, each write in history with the file's
    name as its reason. With expected_digest (from the preview), raises PlanChanged instead of
    applying a plan that differs from the one the user confirmed."""
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    changes = participants_file_plan(meeting, rows)
    if expected_digest is not None and participants_plan_digest(changes) != expected_digest:
        raise PlanChanged(changes)
    reason = (_("Imported from %(source)s") % {"source": source})[:100]
    by_line = {r.line: r for r in rows}
    existing = _existing(meeting)
    states = {s.iso3: s for s in State.objects.filter(iso3__in={r.key for r in rows})}
    organizations = {
        o.name.casefold(): o
        for o in Organization.objects.filter(name__in={r.key for r in rows if r.kind != STATE_KIND})
    }
    for change in changes:
        row = by_line[change.line]
        is_state = row.kind == STATE_KIND
        if change.what == "role":
            record = existing[(is_state, row.key.casefold(), row.person.casefold())]
            record.role = row.role
            record.version += 1
            record._history_user, record._change_reason = user, reason
            record.save(update_fields=["role", "version"])
            continue
        organization = None
        if not is_state:
            organization = organizations.get(row.key.casefold())
            if organization is None:
                organization = Organization(name=row.key, kind=row.kind)
                organization._history_user, organization._change_reason = user, reason
                organization.save()
                organizations[row.key.casefold()] = organization
        record = Participation(
            meeting=meeting,
            state=states[row.key] if is_state else None,
            organization=organization,
            person=row.person,
            role=row.role,
        )
        record._history_user, record._change_reason = user, reason
        record.save()
    return changes
