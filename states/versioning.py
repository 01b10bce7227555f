"""Optimistic locking for edit forms, shared by every app (states is the ground layer).

A record edited through a form carries `version = PositiveIntegerField(default=1,
editable=False)` and simple_history. The form carries the version it was opened on
(VersionField); the save locks the row, compares, and either refuses with StaleEdit (whose
message says who changed what since, from the history) or saves the changed fields only and
bumps the version. `history_entries` turns history records into "who, when, what" rows for pages.
"""

import datetime as dt
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

HISTORY_TYPES = {
    "+": gettext_lazy("added"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


class VersionField(forms.IntegerField):
    """The hidden field carrying the version a form was opened on (empty: no check)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm whose bound instance's version travels with the form (hidden `version`)."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def edited_fields(self) -> list[str]:
        """The model fields this form edits (disabled fields left out)."""
        concrete = {f.name for f in self._meta.model._meta.concrete_fields} - {"version"}
        return [n for n in self.fields if n in concrete and not self.fields[n].disabled]

    def edited_values(self) -> dict:
        """The edited fields' cleaned values (call after is_valid())."""
        return {n: self.cleaned_data[n] for n in self.edited_fields() if n in self.cleaned_data}


class StaleEdit(Exception):
    """A save based on a version older than the record's current one; nothing was saved."""

    def __init__(self, current, message: str):
        super().__init__(message)
        self.current = current
        self.message = message


def _raw(model, name: str, value):
    """`value` as stored in the row (a related object becomes its key)."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation and isinstance(value, model_field.related_model):
        return value.pk
    return value


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
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return Truncator(str(value)).chars(80)


def _record_value(model, record, name: str):
    model_field = model._meta.get_field(name)
    return getattr(record, model_field.attname)


def field_changes(model, old, new, fields) -> list[tuple[str, str, str]]:
    """(label, old, new) for each of `fields` that differs between two records of `model`."""
    changes = []
    for name in fields:
        before, after = _record_value(model, old, name), _record_value(model, new, name)
        if before != after:
            label = str(model._meta.get_field(name).verbose_name)
            changes.append((label, display(model, name, before), display(model, name, after)))
    return changes


def _related_labels(model, fields, *records) -> dict:
    """{(field, key): label} for the relations among `fields` (one query per relation)."""
    labels = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        if not model_field.is_relation:
            continue
        keys = {_record_value(model, r, name) for r in records} - {None}
        for pk, obj in model_field.related_model._default_manager.in_bulk(keys).items():
            labels[(name, pk)] = str(obj)
    return labels


def stale_message(current, version: int, *, fields) -> str:
    """Who changed `current` after `version`, when, and what (old → new) among `fields`.

    One query for the history (and one per relation among the changed fields)."""
    model = type(current)
    records = list(
        current.history.select_related("history_user").order_by("history_date", "history_id")
    )
    seen = [r for r in records if r.version <= version]
    later = [r for r in records if r.version > version]
    parts = []
    if seen:
        base = seen[-1]
        labels = _related_labels(model, fields, base, current)
        for name in fields:
            before, after = _record_value(model, base, name), _record_value(model, current, name)
            if before == after:
                continue
            label = model._meta.get_field(name).verbose_name
            old = display(model, name, before, labels.get((name, before)))
            new = display(model, name, after, labels.get((name, after)))
            parts.append(f"{label}: “{old}” → “{new}”")
    else:
        parts.append(_("the earlier values are not in the history"))
    users = []
    for record in later:
        user = record.history_user
        name = (user.get_full_name() or user.get_username()) if user else _("the data load")
        if name not in users:
            users.append(name)
    return _(
        "This record was changed by %(who)s on %(when)s, after you opened the form (version %(old)s → %(new)s). Nothing of yours was saved. What changed: %(changes)s. The form now shows your input against the current version: review it and save again."
    ) % {
        "who": ", ".join(users) or _("someone else"),
        "when": date_format(later[-1].history_date, "DATETIME_FORMAT") if later else "—",
        "old": version,
        "new": current.version,
        "changes": "; ".join(parts) or _("only fields this form does not show"),
    }


@transaction.atomic
def versioned_update(
    *, instance, expected_version: int | None, values: dict, user, reason: str = ""
) -> list[str]:
    """Save `values` (field name → value) on `instance`'s row if it is still at expected_version.

    The row is locked (select_for_update) for the comparison and the save; only the fields that
    differ are saved (update_fields), with the version bumped, `user` and `reason` (default: the
    changed fields' names) in the history.
    Returns the names of the changed fields ([]: nothing saved). Raises StaleEdit, saving
    nothing, when the row is at a newer version. `expected_version=None` skips the check.
    """
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current, stale_message(current, expected_version, fields=list(values)))
    changed = [
        name
        for name, value in values.items()
        if _record_value(model, current, name) != _raw(model, name, value)
    ]
    if not changed:
        return []
    for name in changed:
        setattr(current, name, values[name])
    current.version += 1
    current._history_user = user
    labels = ", ".join(str(model._meta.get_field(name).verbose_name) for name in changed)
    reason = reason or _("Changed in the portal: %(fields)s") % {"fields": labels}
    current._change_reason = reason[:100]
    current.save(update_fields=[*changed, "version"])
    for name in [*changed, "version"]:
        setattr(instance, name, getattr(current, name))
    return changed


@dataclass
class HistoryEntry:
    when: dt.datetime
    user: object
    change: str
    subject: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def history_entries(records, model, fields, subject) -> list[HistoryEntry]:
    """One entry per history record (oldest first in), each compared with the previous record
    of the same object; `subject(record)` names the object. No query if the records' users
    (and the relations among `fields`) are select_related."""
    previous = {}
    out = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            for name in fields:
                model_field = model._meta.get_field(name)
                old, new = _record_value(model, before, name), _record_value(model, record, name)
                if old == new:
                    continue
                if model_field.is_relation:
                    old_obj = getattr(before, name) if old is not None else None
                    new_obj = getattr(record, name) if new is not None else None
                    changes.append(
                        (
                            str(model_field.verbose_name),
                            display(model, name, old, old_obj),
                            display(model, name, new, new_obj),
                        )
                    )
                else:
                    changes.append(
                        (
                            str(model_field.verbose_name),
                            display(model, name, old),
                            display(model, name, new),
                        )
                    )
        if record.history_type == "~" and before is not None and not changes:
            previous[record.id] = record
            continue  # a change outside `fields` (e.g. an agenda reordering step): not shown
        out.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                change=str(HISTORY_TYPES.get(record.history_type, record.history_type)),
                subject=subject(record),
                changes=changes,
            )
        )
        previous[record.id] = record
    return out
