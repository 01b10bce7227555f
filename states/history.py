"""Change history for pages: who changed what, when and why, built once for every record.

Every edited record keeps its history with django-simple-history. `history_entries` turns the
history rows of one model into entries ("who, when, what, old → new, why"), each compared with
the previous row of the same object; `History` holds the newest of several models' entries for
the one template that shows them (templates/includes/history.html). `display` writes a field's
value in words, and is shared with the stale-edit message (states.versioning).
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from states.dates import written
from states.models import State, TreatyAction

HISTORY_TYPES = {
    "+": gettext_lazy("added"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}
SHOWN = 50  # entries a page lists; older ones are counted


def display(model, name: str, value, related=None) -> str:
    """A field's value in words: choice labels, dates, "—" for empty, long text shortened.

    For a relation, `related` is the related object when the caller has it (else its key)."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        value = related if related is not None else value
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return written(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return written(value)
    return Truncator(str(value)).chars(80)


def raw_value(model, record, name: str):
    """A field's stored value on a record or history row (a relation's key, not its object)."""
    return getattr(record, model._meta.get_field(name).attname)


@dataclass
class HistoryEntry:
    when: dt.datetime
    user: object
    change: str
    subject: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _related(model, name: str, record, key):
    """The related object of a history row's relation (select_related by the caller: no query),
    or None when it is gone."""
    if key is None:
        return None
    try:
        return getattr(record, name)
    except model._meta.get_field(name).related_model.DoesNotExist:
        return None


def field_changes(model, before, record, fields: Iterable[str]) -> list[tuple[str, str, str]]:
    """(field's name, old value, new value) in words for each of `fields` that differs between
    two history rows of one object (`before`, then `record`). No query if the relations among
    `fields` are select_related (or their cache primed)."""
    changes = []
    for name in fields:
        old, new = raw_value(model, before, name), raw_value(model, record, name)
        if old == new:
            continue
        relation = model._meta.get_field(name).is_relation
        changes.append(
            (
                str(model._meta.get_field(name).verbose_name),
                display(model, name, old, _related(model, name, before, old) if relation else None),
                display(model, name, new, _related(model, name, record, new) if relation else None),
            )
        )
    return changes


def history_entries(
    records: Iterable,
    model,
    fields: Iterable[str],
    subject: Callable[[object], str],
    reason: Callable[[str], str] = str,
) -> list[HistoryEntry]:
    """One entry per history row (`records` oldest first), each compared with the previous row
    of the same object on `fields`; `subject(row)` names the object, `reason(text)` shows the
    recorded reason in words. A change that touched none of `fields` and gave no reason (an
    agenda reordering step) is not shown. No query if the rows' users (and the relations among
    `fields`) are select_related."""
    fields = [name for name in fields if name != "version"]
    previous = {}
    out = []
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changes = []
        if before is not None and record.history_type == "~":
            changes = field_changes(model, before, record, fields)
        recorded = record.history_change_reason or ""
        if record.history_type == "~" and before is not None and not changes and not recorded:
            continue
        out.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                change=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                subject=subject(record),
                reason=reason(recorded) if recorded else "",
                changes=changes,
            )
        )
    return out


@dataclass
class History:
    """The newest entries of a record's history (for templates/includes/history.html) and how
    many older ones are not listed."""

    entries: list[HistoryEntry]
    more: int = 0

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __iter__(self):
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index):
        return self.entries[index]


def newest(entries: list[HistoryEntry], shown: int = SHOWN) -> History:
    """Entries of one or several models, newest first, at most `shown` of them."""
    ordered = sorted(entries, key=lambda e: e.when, reverse=True)
    return History(ordered[:shown], max(len(ordered) - shown, 0))


def state_history(state) -> History:
    """Every recorded change to the state and its treaty actions, newest first. Two queries."""
    state_records = (
        State.history.filter(id=state.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    action_records = (
        TreatyAction.history.filter(state_id=state.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    entries = history_entries(
        state_records,
        State,
        ("name_en", "name_fr", "name_es", "region", "un_status", "subregion"),
        lambda r: _("State record"),
    )
    entries += history_entries(
        action_records,
        TreatyAction,
        ("kind", "date", "named_effective_date", "source", "cn_reference", "note"),
        lambda r: f"{TreatyAction.Kind(r.kind).label} ({written(r.date)})",
    )
    return newest(entries)
