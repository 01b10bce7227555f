"""Composites of the treaty record, computed once here and shown by the public status page, the
co-chairs' dashboard and the PDF reports alike: what changed between two dates, the
parties-over-time series and chart, the counts by region, the headline counts.

Every number comes from the states querysets (counts_on, with_record, *_between), so these agree
with the API and the lists. Names and labels come out in the active language.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from caching.urls import reverse_one
from states import charts, maps, rules
from states.collation import collation_key
from states.keydates import KeyDate
from states.models import Region, State, Status, StatusCounts, TreatyAction

CHART_SINCE = rules.OPENED_FOR_SIGNATURE

UrlBuilder = Callable[[str], str | None]


def state_url(iso3: str) -> str:
    """A state's public page: reverse("states:detail", args=[iso3]), reversed once
    (caching.urls: pages link every state: the map, the coverage and pipeline panels;
    reversing each cost more than the rest of the map)."""
    return reverse_one("states:detail", iso3)


def no_url(iso3: str) -> None:
    """For documents that link nowhere (the PDF reports)."""
    return None


def signed(n: int) -> str:
    """+3, -2 written with a minus sign (U+2212), 0."""
    return f"+{n}" if n > 0 else (f"\u2212{-n}" if n < 0 else "0")


@dataclass
class Change:
    """What happened after a reference date (a meeting, a CSP, any day) up to a later date."""

    reference: KeyDate
    until: dt.date
    before: StatusCounts
    deltas: dict[str, int]
    signed: list[dict] = field(default_factory=list)
    deposited: list[dict] = field(default_factory=list)
    entered_into_force: list[dict] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.signed or self.deposited or self.entered_into_force)


def state_row(state: State, url: UrlBuilder, **extra) -> dict:
    return {"iso3": state.iso3, "name": state.name, "url": url(state.iso3), **extra}


def _by_date_and_name(rows) -> list[dict]:
    """Rows in date order, and the states of one day in the reader's order of names."""
    return sorted(rows, key=lambda r: (r["date"], collation_key(r["name"])))


@dataclass(frozen=True)
class ChangeData:
    """What change_between reads from the database, before anything is said in a language (the
    reports of one meeting in three languages read it once)."""

    reference: KeyDate
    until: dt.date
    before: StatusCounts
    signatures: list
    deposits: list
    entries_into_force: list


def change_data(reference: KeyDate, until: dt.date) -> ChangeData:
    """The counts on the reference date and the signatures, deposits and entries into force
    after it, up to and including `until` (treaty actions with their states). Four queries."""
    actions = TreatyAction.objects.select_related("state").order_by("date", "state__name_en")
    start = reference.date
    return ChangeData(
        reference=reference,
        until=until,
        before=State.objects.counts_on(reference.date),
        signatures=list(actions.signatures_between(start, until)),
        deposits=list(actions.deposits_between(start, until)),
        entries_into_force=list(actions.entries_into_force_between(start, until)),
    )


def change_from(data: ChangeData, counts: StatusCounts, url: UrlBuilder = state_url) -> Change:
    """The Change of `data` in the active language (names, their order, the kinds' labels);
    `counts` are those on data.until. No query."""
    before = data.before
    return Change(
        reference=data.reference,
        until=data.until,
        before=before,
        deltas={s: counts.totals[s] - before.totals[s] for s in Status.values},
        signed=_by_date_and_name(state_row(a.state, url, date=a.date) for a in data.signatures),
        deposited=_by_date_and_name(
            state_row(a.state, url, date=a.date, kind=a.get_kind_display()) for a in data.deposits
        ),
        entered_into_force=_by_date_and_name(
            state_row(a.state, url, date=rules.entry_into_force(a.date), deposit_date=a.date)
            for a in data.entries_into_force
        ),
    )


def change_between(
    reference: KeyDate, until: dt.date, counts: StatusCounts, url: UrlBuilder = state_url
) -> Change:
    """The counts on the reference date and the signatures, deposits and entries into force
    after it, up to and including `until` (whose counts the caller has), with their states and
    dates. Four queries: the counts before, signatures, deposits, entries into force."""
    return change_from(change_data(reference, until), counts, url)


def region_rows(counts: StatusCounts) -> list[dict]:
    """Per region: each status as a count and a share of the region's states (whole percent)."""
    rows = []
    for region in Region:
        row = counts.by_region[region.value]
        total = sum(row.values())
        rows.append(
            {
                "region": region.value,
                "label": region.label,
                "total": total,
                "cells": [
                    {
                        "status": s.value,
                        "n": row[s.value],
                        "share": round(100 * row[s.value] / total) if total else 0,
                    }
                    for s in Status
                ],
            }
        )
    return rows


def headline(counts: StatusCounts, changes: list[Change]) -> list[dict]:
    """Each status with its count and its change since each reference of `changes`."""
    return [
        {
            "status": s.value,
            "label": s.label,
            "value": counts.totals[s.value],
            "changes": [
                {
                    "reference": c.reference,
                    "delta": c.deltas[s.value],
                    "shown": signed(c.deltas[s.value]),
                }
                for c in changes
            ],
        }
        for s in Status
    ]


def parties_series(until: dt.date) -> dict:
    """The dates behind the parties-over-time chart up to `until`: deposits, their entries into
    force and the withdrawals' effective dates. One query."""
    kinds = [*TreatyAction.DEPOSIT_KINDS, TreatyAction.Kind.WITHDRAWAL]
    deposits, withdrawals = [], []
    rows = TreatyAction.objects.filter(kind__in=kinds, date__lte=until).values_list(
        "kind", "date", "named_effective_date"
    )
    for kind, day, named in rows:
        if kind == TreatyAction.Kind.WITHDRAWAL:
            withdrawals.append(rules.withdrawal_effective(day, named))
        else:
            deposits.append(day)
    return {
        "deposits": deposits,
        "entries_into_force": [rules.entry_into_force(d) for d in deposits],
        "withdrawals": withdrawals,
        "since": CHART_SINCE,
        "until": max(until, CHART_SINCE),
    }


def parties_chart(
    until: dt.date,
    key_dates: list[KeyDate],
    *,
    id_prefix: str = "parties-chart",
    series: dict | None = None,
) -> dict:
    """The parties-over-time chart (SVG) and its data table, with a marker for each key date
    up to `until`. One query, none when the caller passes parties_series(until) as `series`."""
    series = dict(series or parties_series(until))
    series["markers"] = [
        charts.Marker(k.date, k.label, k.kind) for k in key_dates if CHART_SINCE <= k.date <= until
    ]
    return {
        "svg": charts.parties_over_time_svg(**series, id_prefix=id_prefix),
        "table": charts.parties_over_time_table(**series),
    }


def world_map(
    states, url: UrlBuilder = state_url, *, id_prefix: str = "world-map"
) -> maps.WorldMap:
    """The status map of `states` (annotated by with_record), each linking to its page."""
    return maps.world_map(
        (maps.MapState(s.iso3, s.name, s.status, url(s.iso3)) for s in states),
        id_prefix=id_prefix,
    )


def offered(key_dates: list[KeyDate], today: dt.date) -> list[KeyDate]:
    """The key dates a page offers in one click: from the treaty's opening up to today, and the
    next one of each kind after today (the coming conference, the coming meeting: the status
    on that day counts the entries into force already due by then)."""
    past = [k for k in key_dates if CHART_SINCE <= k.date <= today]
    upcoming = []
    for kind in dict.fromkeys(k.kind for k in key_dates):
        later = [k for k in key_dates if k.kind == kind and k.date > today]
        if later:
            upcoming.append(later[0])
    return past + sorted(upcoming, key=lambda k: (k.date, k.kind))


def status_overview(as_of: dt.date, key_dates: list[KeyDate], today: dt.date) -> dict:
    """The public status page: counts, map, by region, parties over time. Two queries: every
    state with its record (the map; counted for the headline and the regions), the chart's."""
    states = list(
        State.objects.with_record(as_of).only("iso3", "name_en", "name_fr", "name_es", "region")
    )
    counts = StatusCounts.of(as_of, states)
    return {
        "as_of": as_of,
        "counts": counts,
        "key_dates": offered(key_dates, today),
        "headline": headline(counts, []),
        "regions": region_rows(counts),
        "region_svg": charts.region_bars_svg(counts.by_region),
        "chart": parties_chart(as_of, key_dates),
        "map": world_map(states),
    }
