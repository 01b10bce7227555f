"""The treaty's own rules on dates, as pure functions (no database).

Art. 20: open for signature from 3 June 2013 until the treaty's entry into force.
Art. 22: entry into force on 24 December 2014 (90 days after the 50th deposit, 25 September 2014)
for every instrument deposited on or before that day; for a later deposit, the 90th day after it.
Art. 25: a withdrawal takes effect 90 days after the notification, unless it names a later date.
"""

import datetime as dt
from dataclasses import dataclass

from states.kinds import DEPOSIT_KINDS, ActionKind

OPENED_FOR_SIGNATURE = dt.date(2013, 6, 3)
TREATY_ENTRY_INTO_FORCE = dt.date(2014, 12, 24)
NINETY_DAYS = dt.timedelta(days=90)


def shifted(day: dt.date, delta: dt.timedelta) -> dt.date:
    """`day` + `delta`, held at the ends of the calendar (1 January 1 … 31 December 9999):
    a date stored past the forms' range never makes the rules overflow."""
    try:
        return day + delta
    except OverflowError:
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min


def entry_into_force(deposit_date: dt.date) -> dt.date:
    """Art. 22: the day the treaty enters into force for a state that deposited on this date."""
    if deposit_date <= TREATY_ENTRY_INTO_FORCE:
        return TREATY_ENTRY_INTO_FORCE
    return shifted(deposit_date, NINETY_DAYS)


def in_force_cutoff(on: dt.date) -> dt.date | None:
    """The latest deposit date that is in force on `on` (None: nothing is in force yet).

    entry_into_force(d) <= on  <=>  on >= 24 Dec 2014 and (d <= 24 Dec 2014 or d <= on - 90 days)
                               <=>  d <= max(24 Dec 2014, on - 90 days)
    """
    if on < TREATY_ENTRY_INTO_FORCE:
        return None
    return max(TREATY_ENTRY_INTO_FORCE, shifted(on, -NINETY_DAYS))


def withdrawal_effective(notified: dt.date, named: dt.date | None = None) -> dt.date:
    """Art. 25: 90 days after the notification, or the later date it names."""
    earliest = shifted(notified, NINETY_DAYS)
    return max(earliest, named) if named else earliest


@dataclass(frozen=True)
class ActionRecord:
    """One dated action, as the sequence rules see it (from a form, an import row or the DB)."""

    kind: str
    date: dt.date
    named_effective_date: dt.date | None = None


def sequence_errors(actions: list[ActionRecord], *, today: dt.date) -> list[str]:
    """Every way in which one state's actions break the treaty's rules (empty list: valid).

    Messages are translated in the active language. Kinds are states.kinds.ActionKind values.
    """
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    kinds = ActionKind
    errors: list[str] = []

    def fmt(day):
        return date_format(day, "DATE_FORMAT")

    by_kind: dict[str, list[ActionRecord]] = {}
    for action in actions:
        by_kind.setdefault(action.kind, []).append(action)
        label = kinds(action.kind).label
        if action.date > today:
            errors.append(
                _("%(action)s: the date %(date)s is in the future.")
                % {"action": label, "date": fmt(action.date)}
            )
        if action.date < OPENED_FOR_SIGNATURE:
            errors.append(
                _("%(action)s: %(date)s is before the treaty opened for signature (3 June 2013).")
                % {"action": label, "date": fmt(action.date)}
            )
        if action.named_effective_date and action.kind != kinds.WITHDRAWAL:
            errors.append(_("Only a withdrawal can name a date on which it takes effect."))
        if (
            action.kind == kinds.WITHDRAWAL
            and action.named_effective_date
            and action.named_effective_date <= action.date + NINETY_DAYS
        ):
            errors.append(
                _(
                    "A withdrawal takes effect 90 days after its notification (%(date)s); a date it names must be later than that."
                )
                % {"date": fmt(action.date + NINETY_DAYS)}
            )
    for kind, items in by_kind.items():
        if len(items) > 1:
            errors.append(
                _("%(action)s is recorded more than once.") % {"action": kinds(kind).label}
            )

    signature = next(iter(by_kind.get(kinds.SIGNATURE, [])), None)
    deposits = [a for a in actions if a.kind in DEPOSIT_KINDS]
    deposit = min(deposits, key=lambda a: a.date) if deposits else None
    if len(deposits) > 1:
        errors.append(
            _("A state deposits one instrument of ratification, acceptance, approval or accession.")
        )

    if signature and signature.date > TREATY_ENTRY_INTO_FORCE:
        errors.append(
            _(
                "Signature: the treaty was open for signature only until its entry into force on 24 December 2014 (Art. 20); %(date)s is too late."
            )
            % {"date": fmt(signature.date)}
        )
    if deposit:
        label = kinds(deposit.kind).label
        if deposit.kind == kinds.ACCESSION:
            if signature:
                errors.append(
                    _(
                        "Accession is for a state that did not sign; this state signed on %(date)s: record a ratification, acceptance or approval."
                    )
                    % {"date": fmt(signature.date)}
                )
        elif not signature:
            errors.append(
                _(
                    "%(action)s needs a signature first; a state that did not sign joins by accession."
                )
                % {"action": label}
            )
        elif signature.date > deposit.date:
            errors.append(
                _("%(action)s on %(deposit)s comes before the signature on %(signature)s.")
                % {"action": label, "deposit": fmt(deposit.date), "signature": fmt(signature.date)}
            )
    for withdrawal in by_kind.get(kinds.WITHDRAWAL, []):
        if not deposit or entry_into_force(deposit.date) > withdrawal.date:
            errors.append(
                _(
                    "A withdrawal (Art. 25) is only for a State Party: the treaty was not in force for this state on %(date)s."
                )
                % {"date": fmt(withdrawal.date)}
            )
    for intention in by_kind.get(kinds.INTENTION_NOT_PARTY, []):
        if not signature or signature.date > intention.date:
            errors.append(
                _("A notification of intention not to become a party needs an earlier signature.")
            )
        if deposit and deposit.date <= intention.date:
            errors.append(
                _(
                    "A state that deposited an instrument cannot notify an intention not to become a party; it would withdraw."
                )
            )
    for provisional in by_kind.get(kinds.PROVISIONAL_APPLICATION, []):
        earliest = min([a.date for a in (signature, deposit) if a], default=None)
        if earliest is None or earliest > provisional.date:
            errors.append(
                _(
                    "Provisional application (Art. 23) is declared at signature or deposit; there is none on or before %(date)s."
                )
                % {"date": fmt(provisional.date)}
            )
    return errors
