"""A state's change history: who changed what in its record, and when (two queries)."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from states.models import State, TreatyAction

HISTORY_TYPES = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
STATE_FIELDS = ("name_en", "name_fr", "name_es", "region", "un_status", "subregion")
ACTION_FIELDS = ("kind", "date", "named_effective_date", "source", "note")


@dataclass
class HistoryEntry:
    when: object
    user: object
    change: str
    subject: str
    reason: str
    changes: list[tuple[str, object, object]] = field(default_factory=list)


def _field_label(model, name):
    return model._meta.get_field(name).verbose_name


def _display(model, name, value):
    field_obj = model._meta.get_field(name)
    if field_obj.choices and value:
        return dict(field_obj.flatchoices).get(value, value)
    return value if value not in (None, "") else "—"


def _entries(records, model, fields, subject):
    previous = {}
    out = []
    for record in records:  # oldest first, so each record is compared with the one before it
        before = previous.get(record.id)
        changes = []
        if before is not None and record.history_type == "~":
            for name in fields:
                old, new = getattr(before, name), getattr(record, name)
                if old != new:
                    changes.append(
                        (
                            _field_label(model, name),
                            _display(model, name, old),
                            _display(model, name, new),
                        )
                    )
        out.append(
            HistoryEntry(
                when=record.history_date,
                user=record.history_user,
                change=HISTORY_TYPES.get(record.history_type, record.history_type),
                subject=subject(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous[record.id] = record
    return out


def state_history(state: State) -> list[HistoryEntry]:
    """Every recorded change to the state and its treaty actions, newest first."""
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
    entries = _entries(state_records, State, STATE_FIELDS, lambda r: str(_("State record")))
    entries += _entries(
        action_records,
        TreatyAction,
        ACTION_FIELDS,
        lambda r: f"{TreatyAction.Kind(r.kind).label} ({r.date:%Y-%m-%d})",
    )
    return sorted(entries, key=lambda e: e.when, reverse=True)
