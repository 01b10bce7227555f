"""The bundled reference data of the ledger (load_reference_data): create what is missing, never
overwrite a record a person has edited in the portal."""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from states.models import State, TreatyAction
from states.services.status_file import (
    DATA_DIR,
    StatusFileError,
    _translated_names,
    status_file_apply,
    status_file_parse,
    user_edited_iso3s,
)


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
