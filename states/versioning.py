"""Optimistic locking: the one way every app refuses an edit made on an outdated form.

A record edited through a form carries `version = PositiveIntegerField(default=1,
editable=False)` and simple_history. The form carries the version it was opened on
(VersionField, required once the record exists: a post without it is refused, never saved
unchecked). The save locks the row (`lock_current`), compares, and either refuses with StaleEdit
(whose message, `stale_message`, says who changed what since, from the history) or saves the
changed fields only and bumps the version (`versioned_update`, `versioned_delete`; services
with several rows to write lock with `lock_current` and save themselves). Views answer a
StaleEdit with StaleEditMixin: HTTP 409, the user's input again against the current version,
and what changed.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from states.history import display, raw_value

MISSING_VERSION = gettext_lazy(
    "This form does not say which version of the record it was opened on, so it cannot be "
    "checked against changes made since: reload the page and make your change again."
)
STALE_NOTICE = gettext_lazy("Your changes were not saved: someone else saved this record first.")


class VersionField(forms.IntegerField):
    """The hidden field carrying the version a form was opened on (its absence is checked by
    VersionRequiredMixin, as an error shown above the form: a hidden field's own error is not)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class VersionRequiredMixin:
    """Forms that edit an existing record: a post without the version it was opened on is
    refused (MISSING_VERSION), never saved unchecked."""

    def version_required(self) -> bool:
        return True

    def clean(self):
        cleaned = super().clean()
        if (
            self.version_required()
            and cleaned.get("version") is None
            and "version" not in self.errors
        ):
            self.add_error(None, forms.ValidationError(MISSING_VERSION, code="missing_version"))
        return cleaned


class VersionedModelForm(VersionRequiredMixin, forms.ModelForm):
    """A ModelForm whose bound instance's version travels with the form (hidden `version`,
    required when the record exists)."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def version_required(self) -> bool:
        return bool(self.instance.pk)

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


def _related_labels(model, fields, *records) -> dict:
    """{(field, key): label} for the relations among `fields` (one query per relation)."""
    labels = {}
    for name in fields:
        model_field = model._meta.get_field(name)
        if not model_field.is_relation or model_field.many_to_many:
            continue
        keys = {raw_value(model, r, name) for r in records} - {None}
        for pk, obj in model_field.related_model._default_manager.in_bulk(keys).items():
            labels[(name, pk)] = str(obj)
    return labels


def stale_message(current, version: int, *, fields) -> str:
    """Who changed `current` after `version`, when, and what (old → new) among `fields`; for a
    change outside them (an activity's states, follow-ups, files), its recorded reason.

    One query for the history (and one per relation among the changed fields)."""
    model = type(current)
    fields = [name for name in fields if name != "version"]
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
            before, after = raw_value(model, base, name), raw_value(model, current, name)
            if before == after:
                continue
            label = model._meta.get_field(name).verbose_name
            old = display(model, name, before, labels.get((name, before)))
            new = display(model, name, after, labels.get((name, after)))
            parts.append(f"{label}: “{old}” → “{new}”")
    else:
        parts.append(_("the earlier values are not in the history"))
    if not [p for p in parts if "→" in p]:
        parts += [r.history_change_reason for r in later if r.history_change_reason]
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


def lock_current(instance, expected_version: int, *, fields):
    """`instance`'s row, locked for the transaction (select_for_update), if it is still at
    `expected_version`; else StaleEdit saying what changed among `fields`. Call inside
    transaction.atomic. One query (two more when stale)."""
    if expected_version is None:
        raise ValueError("an edit must name the version its form was opened on")
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise StaleEdit(current, stale_message(current, expected_version, fields=fields))
    return current


def record_change(current, *, user, reason: str = "") -> None:
    """Who makes the next save of `current`, and why (for its history row)."""
    current._history_user = user
    current._change_reason = (reason or "")[:100] or None


@transaction.atomic
def versioned_update(
    *,
    instance,
    expected_version: int,
    values: dict,
    user,
    reason: str = "",
    check: Callable[[object], None] | None = None,
) -> list[str]:
    """Save `values` (field name → value) on `instance`'s row if it is still at expected_version.

    The row is locked (lock_current) for the comparison and the save; `check(current)`, when
    given, sees the record with the new values before it is saved and may raise
    ValidationError (nothing saved). Only the fields that differ are saved (update_fields),
    with the version bumped, `user` and `reason` in the history.
    Returns the names of the changed fields ([]: nothing saved). Raises StaleEdit, saving
    nothing, when the row is at a newer version.
    """
    model = type(instance)
    current = lock_current(instance, expected_version, fields=list(values))
    changed = [
        name
        for name, value in values.items()
        if raw_value(model, current, name) != _raw(model, name, value)
    ]
    if not changed:
        return []
    for name in changed:
        setattr(current, name, values[name])
    if check is not None:
        check(current)
    current.version += 1
    labels = ", ".join(str(model._meta.get_field(name).verbose_name) for name in changed)
    record_change(
        current,
        user=user,
        reason=reason or _("Changed in the portal: %(fields)s") % {"fields": labels},
    )
    current.save(update_fields=[*changed, "version"])
    for name in [*changed, "version"]:
        setattr(instance, name, getattr(current, name))
    return changed


@transaction.atomic
def versioned_delete(
    *,
    instance,
    expected_version: int,
    user,
    reason: str = "",
    fields=(),
    check: Callable[[object], None] | None = None,
) -> bool:
    """Delete `instance` if it is still at expected_version (StaleEdit otherwise); `check`
    may refuse with ValidationError. False when it was already gone."""
    model = type(instance)
    if not model._default_manager.filter(pk=instance.pk).exists():
        return False
    current = lock_current(instance, expected_version, fields=list(fields))
    if check is not None:
        check(current)
    record_change(current, user=user, reason=reason)
    current.delete()
    return True


class StaleEditMixin:
    """Views that save a versioned record: a StaleEdit — or a form posted on an older version,
    whatever else is wrong with it — answers HTTP 409 with the user's input again, now based on
    the current version, the one message saying what changed, and nothing overwritten.

    A view gives `stale_form(data, current)` (its form bound to `data` for `current`) and
    `stale_page(form, current)` (the response showing it); `version_key` is the POST name of the
    hidden version field ("activity-version" for a prefixed form)."""

    version_key = "version"

    def stale_form(self, data, current):
        raise NotImplementedError

    def stale_page(self, form, current):
        raise NotImplementedError

    def stale(self, stale: StaleEdit):
        data = self.request.POST.copy()
        data[self.version_key] = str(stale.current.version)
        form = self.stale_form(data, stale.current)
        form.is_valid()
        form.add_error(None, stale.message)
        messages.error(self.request, STALE_NOTICE)
        response = self.stale_page(form, stale.current)
        response.status_code = 409
        return response

    def stale_first(self, form, current, *, fields):
        """The 409 answer when `form` was opened on an older version than `current` (so a stale
        form is reported as such first), else None."""
        version = form.cleaned_data.get("version") if hasattr(form, "cleaned_data") else None
        if version is None or version == current.version:
            return None
        return self.stale(StaleEdit(current, stale_message(current, version, fields=fields)))
