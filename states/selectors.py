"""Reads for the public treaty-status pages, exports and API (HackSoft's "selectors").

The query parameters of the states list, its export and the API are validated by the forms
below; the selectors turn the cleaned values into rows, in a constant number of queries.
"""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from states.collation import collation_key
from states.dates import AsOfForm
from states.models import Region, State, Status, TreatyAction
from states.overview import state_url
from states.templatetags import states_tags as tags

MAX_SEARCH_LENGTH = 100

# Sort keys of the list, its export and the column headers (a leading "-" reverses the order).
SORT_COLUMNS = {
    "name": _("Name"),
    "iso3": _("Code"),
    "region": _("Region"),
    "status": _("Status"),
    "signature": _("Signature"),
    "deposit": _("Deposit"),
    "entry_into_force": _("Entry into force"),
}
DEFAULT_SORT = "name"


def _blank_first(choices, blank_label):
    return [("", blank_label), *choices]


class StatusQueryForm(AsOfForm):
    """The API's /api/states parameters: as_of, status, region."""

    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank_first(Status.choices, _("Any status"))
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=_blank_first(Region.choices, _("All regions"))
    )


class StateListForm(StatusQueryForm):
    """The states list and its export: the API's filters, a name or code search and a sort."""

    q = forms.CharField(
        label=_("Name or code"),
        required=False,
        max_length=MAX_SEARCH_LENGTH,
        help_text=_("In English, French or Spanish, or the three-letter ISO code."),
    )
    sort = forms.ChoiceField(
        required=False,
        widget=forms.HiddenInput,
        choices=[
            (f"{prefix}{key}", label) for key, label in SORT_COLUMNS.items() for prefix in ("", "-")
        ],
    )

    field_order = ["as_of", "q", "status", "region", "sort"]

    def clean_sort(self):
        return self.cleaned_data["sort"] or DEFAULT_SORT


# --- the states list -------------------------------------------------------------------------


_STATUS_ORDER = {value: position for position, value in enumerate(Status.values)}
_REGION_ORDER = {value: position for position, value in enumerate(Region.values)}

_SORT_KEYS = {
    "iso3": lambda s: s.iso3,
    "region": lambda s: _REGION_ORDER.get(s.region, 99),
    "status": lambda s: _STATUS_ORDER.get(s.status, 99),
    "signature": lambda s: s.signature_date,
    "deposit": lambda s: s.deposit_date,
    "entry_into_force": lambda s: s.entry_into_force_date,
}


def sort_states(states: list[State], sort: str = DEFAULT_SORT) -> list[State]:
    """Sort in Python (at most a few hundred rows): names in the active language's collation
    (states.collation), the same on SQLite and PostgreSQL. States without the sorted date come last either way;
    ties are broken by name."""
    descending = sort.startswith("-")
    column = sort.lstrip("-")
    by_name = sorted(states, key=lambda s: (collation_key(s.name), s.iso3))
    if column == "name":
        return list(reversed(by_name)) if descending else by_name
    key = _SORT_KEYS[column]
    known = [s for s in by_name if key(s) is not None]
    unknown = [s for s in by_name if key(s) is None]
    # sorted() is stable, so the name order survives among equal keys.
    return sorted(known, key=key, reverse=descending) + unknown


def states_queryset(*, region: str | None = None, q: str = ""):
    """The states matching the region and the search, before the status filter."""
    return State.objects.in_region(region or None).search(q or "")


def state_rows(
    *,
    on: dt.date,
    status: str | None = None,
    region: str | None = None,
    q: str = "",
    sort: str = DEFAULT_SORT,
) -> list[State]:
    """The states with their record as known on `on` (see StateQuerySet.with_record), filtered
    and sorted. One query however many states."""
    rows = list(states_queryset(region=region, q=q).status_on(on, status or None))
    return sort_states(rows, sort)


def cn_references(states, on: dt.date) -> dict[tuple[int, str], str]:
    """(state id, "signature" or "deposit") → the depositary notification (C.N.) of that action
    known on `on`, for these states. One query."""
    actions = TreatyAction.objects.filter(
        state__in=[s.pk for s in states],
        kind__in=[TreatyAction.Kind.SIGNATURE, *TreatyAction.DEPOSIT_KINDS],
        date__lte=on,
    ).exclude(cn_reference="")
    return {
        (state_id, "signature" if kind == TreatyAction.Kind.SIGNATURE else "deposit"): reference
        for state_id, kind, reference in actions.values_list("state_id", "kind", "cn_reference")
    }


def state_list(cleaned: dict) -> tuple[list[State], object]:
    """Rows and the counts by status for a StateListForm's cleaned data: two queries.

    The counts cover the region and the search but not the status filter, so that each status
    can be offered as a filter with its count; the rows shown are those of the chosen status.
    """
    on = cleaned["as_of"]
    counts = states_queryset(region=cleaned.get("region"), q=cleaned.get("q")).counts_on(on)
    rows = state_rows(
        on=on,
        status=cleaned.get("status"),
        region=cleaned.get("region"),
        q=cleaned.get("q", ""),
        sort=cleaned.get("sort") or DEFAULT_SORT,
    )
    return rows, counts


class TableRow(dict):
    """One row of the states table, its cells already formatted: the template only looks up
    keys (the cheapest lookup in Django's templates); Python reads them as attributes too."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def table_rows(states: list[State], on: dt.date, *, link_as_of: bool) -> list[TableRow]:
    """The states table's rows for states annotated by with_record, formatted in the active
    language: the per-row work (links, labels, badges, dates) is done here in plain Python,
    once per label and date, instead of by template tags in every cell. No query."""
    query = f"?as_of={on.isoformat()}" if link_as_of else ""
    regions = {value: tags.region_label(value) for value in Region.values}
    badges = {}
    rows = []
    for state in states:
        badge_key = (state.status, bool(state.intends_not_to_be_party))
        if badge_key not in badges:
            badges[badge_key] = tags.status_badge(*badge_key)
        deposit_cell = tags.date_cell(state.deposit_date)
        if state.deposit_type:
            deposit_cell += format_html(
                ' <span class="small text-body-secondary">({})</span>',
                tags.action_label(state.deposit_type),
            )
        eif = state.entry_into_force_date
        rows.append(
            TableRow(
                iso3=state.iso3,
                name=state.name,
                url=state_url(state.iso3) + query,
                region=state.region,
                region_label=regions.get(state.region) or tags.region_label(state.region),
                status=state.status,
                intends_not_to_be_party=state.intends_not_to_be_party,
                signature_date=state.signature_date,
                deposit_date=state.deposit_date,
                deposit_type=state.deposit_type,
                entry_into_force_date=eif,
                status_cell=badges[badge_key],
                signature_cell=tags.date_cell(state.signature_date),
                deposit_cell=deposit_cell,
                entry_into_force_cell=tags.date_cell(eif, on),
            )
        )
    return rows


def state_as_json(state: State) -> dict:
    """The API's representation of a state annotated by with_record (DESIGN.md contract)."""

    def iso(day):
        return day.isoformat() if day else None

    return {
        "iso3": state.iso3,
        "name": state.name,
        "region": state.region,
        "status": state.status,
        "signature_date": iso(state.signature_date),
        "deposit_date": iso(state.deposit_date),
        "deposit_type": state.deposit_type or None,
        "entry_into_force_date": iso(state.entry_into_force_date),
    }


# --- a state's page --------------------------------------------------------------------------


def state_on(iso3: str, on: dt.date) -> State:
    """The state with this ISO code, annotated with its record on `on`; Http404 if unknown."""
    return get_object_or_404(State.objects.with_record(on), iso3=iso3.upper())


@dataclass
class TimelineEvent:
    """One dated line of a state's timeline; derived events (entry into force, the day a
    withdrawal takes effect) carry no action."""

    date: dt.date
    kind: str
    label: str
    action: TreatyAction | None = None
    derived: bool = False
    flagged: bool = False
    after_as_of: bool = False

    @property
    def css_class(self) -> str:
        return f"timeline-{self.kind}"


def state_timeline(state: State, on: dt.date) -> list[TimelineEvent]:
    """Every action of the state and the dates that follow from them (Art. 22 entry into force,
    Art. 25 effect of a withdrawal), in date order; one query. Events after `on` are marked."""
    kinds = TreatyAction.Kind
    events = []
    for action in state.actions.order_by("date", "pk"):
        events.append(
            TimelineEvent(
                date=action.date,
                kind=action.kind,
                label=kinds(action.kind).label,
                action=action,
                flagged=action.kind in (kinds.INTENTION_NOT_PARTY, kinds.WITHDRAWAL),
            )
        )
        if action.is_deposit:
            events.append(
                TimelineEvent(
                    date=action.effective_date,
                    kind="entry_into_force",
                    label=_("Entry into force (Art. 22)"),
                    derived=True,
                )
            )
        elif action.kind == kinds.WITHDRAWAL:
            events.append(
                TimelineEvent(
                    date=action.effective_date,
                    kind="withdrawal_effective",
                    label=_("Withdrawal takes effect (Art. 25)"),
                    derived=True,
                    flagged=True,
                )
            )
    # Recorded actions before the dates derived from them on the same day.
    events.sort(key=lambda e: (e.date, e.derived))
    for event in events:
        event.after_as_of = event.date > on
    return events


def entry_into_force_pending(state: State, on: dt.date) -> bool:
    """The state deposited by `on` and the treaty enters into force for it after `on`."""
    eif = state.entry_into_force_date
    return eif is not None and eif > on
