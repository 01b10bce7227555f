"""Treaty actions edited in the portal (add, edit, delete).

Each change is checked against the treaty's rules (states.rules.sequence_errors) on the state's
record as it would be after the change, under a lock on the state row; an edit or deletion names
the version its form was opened on and is refused over a newer one (states.versioning).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from states import dates, rules
from states.models import State, TreatyAction
from states.versioning import record_change, versioned_delete, versioned_update

ACTION_FIELDS = ("kind", "date", "named_effective_date", "source", "cn_reference", "note")


def _records_after(state: State, *, exclude_pk=None, new: rules.ActionRecord | None = None):
    actions = list(state.actions.all())
    before = [a.as_record() for a in actions]
    after = [a.as_record() for a in actions if a.pk != exclude_pk]
    if new is not None:
        after.append(new)
    return before, after


def treaty_action_errors(
    *,
    state: State,
    kind: str | None = None,
    date: dt.date | None = None,
    named_effective_date: dt.date | None = None,
    replacing: TreatyAction | None = None,
    deleting: TreatyAction | None = None,
    today: dt.date | None = None,
) -> list[str]:
    """What the state's record would break after adding an action (or replacing or deleting one).

    Only problems the change introduces are reported, so an old inconsistency elsewhere in the
    record does not block an unrelated edit. One query (the state's actions).
    """
    today = today or dates.today()
    target = replacing or deleting
    new = None if deleting else rules.ActionRecord(kind, date, named_effective_date)
    before, after = _records_after(state, exclude_pk=target.pk if target else None, new=new)
    existing = set(rules.sequence_errors(before, today=today))
    return [e for e in rules.sequence_errors(after, today=today) if e not in existing]


def _locked(state: State) -> State:
    """The state row locked for the transaction: edits of one state's record are serialised."""
    return State.objects.select_for_update().get(pk=state.pk)


RACE_MESSAGE = _lazy(
    "The record changed while you were saving (another action of this kind exists)."
)


def _save_checked(action: TreatyAction, **save_kwargs):
    try:
        with transaction.atomic():
            action.save(**save_kwargs)
    except IntegrityError:
        raise ValidationError(RACE_MESSAGE) from None


@transaction.atomic
def treaty_action_create(
    *,
    state: State,
    user,
    kind: str,
    date: dt.date,
    named_effective_date: dt.date | None = None,
    source: str = "",
    cn_reference: str = "",
    note: str = "",
    reason: str = "",
) -> TreatyAction:
    """Record a new action of the state; ValidationError (nothing saved) if it breaks a rule."""
    state = _locked(state)
    errors = treaty_action_errors(
        state=state, kind=kind, date=date, named_effective_date=named_effective_date
    )
    if errors:
        raise ValidationError(errors)
    action = TreatyAction(
        state=state,
        kind=kind,
        date=date,
        named_effective_date=named_effective_date,
        source=source,
        cn_reference=cn_reference,
        note=note,
    )
    record_change(action, user=user, reason=reason or _("Added in the portal"))
    _save_checked(action)
    return action


@transaction.atomic
def treaty_action_update(
    *, action: TreatyAction, user, expected_version: int, reason: str = "", **values
) -> list[str]:
    """Change the action's fields (ACTION_FIELDS) if it is still at expected_version
    (states.versioning: StaleEdit otherwise).

    Returns the names of the fields changed (none: nothing saved). Raises ValidationError if the
    change breaks a rule; nothing is saved then.
    """
    _locked(action.state)

    def check(current):
        errors = treaty_action_errors(
            state=current.state,
            kind=current.kind,
            date=current.date,
            named_effective_date=current.named_effective_date,
            replacing=current,
        )
        if errors:
            raise ValidationError(errors)

    values = {name: values[name] for name in ACTION_FIELDS if name in values}
    try:
        with transaction.atomic():
            changed = versioned_update(
                instance=action,
                expected_version=expected_version,
                values=values,
                user=user,
                reason=reason,
                check=check,
            )
    except IntegrityError:
        raise ValidationError(RACE_MESSAGE) from None
    return changed


@transaction.atomic
def treaty_action_delete(
    *, action: TreatyAction, user, expected_version: int, reason: str = ""
) -> None:
    """Delete the action (if it is still at expected_version: StaleEdit otherwise) unless the
    rest of the record would break a rule without it."""
    _locked(action.state)

    def check(current):
        errors = treaty_action_errors(state=current.state, deleting=current)
        if errors:
            raise ValidationError(errors)

    versioned_delete(
        instance=action,
        expected_version=expected_version,
        user=user,
        reason=reason or _("Deleted in the portal"),
        fields=ACTION_FIELDS,
        check=check,
    )
