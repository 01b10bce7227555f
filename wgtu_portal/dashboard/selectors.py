"""Reads for the dashboard and the public status page, built into plain lists and dicts.

Everything a page shows is computed here, so its template runs no query. Every number comes from
the states querysets (counts_on, with_record, *_between) so the pages agree with the API and lists.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from states import charts, rules
from states.models import Region, State, Status, StatusCounts, TreatyAction
from wgtu_portal.dashboard import calendar

CHART_SINCE = rules.OPENED_FOR_SIGNATURE


def state_url_builder():
    """A function iso3 → the state's page URL, or None while the states pages are not built."""
    try:
        reverse("states:detail", args=["AAA"])
    except NoReverseMatch:
        return lambda iso3: None
    return lambda iso3: reverse("states:detail", args=[iso3])


@dataclass
class Change:
    """What happened between a reference date (a meeting, a CSP) and the as-of date."""

    reference: calendar.KeyDate
    deltas: dict[str, int]
    signed: list[dict] = field(default_factory=list)
    deposited: list[dict] = field(default_factory=list)
    entered_into_force: list[dict] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.signed or self.deposited or self.entered_into_force)


def _row(state: State, url, **extra) -> dict:
    return {"iso3": state.iso3, "name": state.name, "url": url(state.iso3), **extra}


def _change(reference, counts: StatusCounts, as_of: dt.date, url) -> Change:
    """Three queries (signatures, deposits, entries into force) plus one for the counts."""
    before = State.objects.counts_on(reference.date)
    actions = TreatyAction.objects.select_related("state").order_by("date", "state__name_en")
    start = reference.date
    return Change(
        reference=reference,
        deltas={s: counts.totals[s] - before.totals[s] for s in Status.values},
        signed=[_row(a.state, url, date=a.date) for a in actions.signatures_between(start, as_of)],
        deposited=[
            _row(a.state, url, date=a.date, kind=a.get_kind_display())
            for a in actions.deposits_between(start, as_of)
        ],
        entered_into_force=sorted(
            (
                _row(a.state, url, date=rules.entry_into_force(a.date), deposit_date=a.date)
                for a in actions.entries_into_force_between(start, as_of)
            ),
            key=lambda r: (r["date"], r["name"]),
        ),
    )


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


def signed(n: int) -> str:
    """+3, -2 written with a minus sign (U+2212), 0."""
    return f"+{n}" if n > 0 else (f"\u2212{-n}" if n < 0 else "0")


def headline(counts: StatusCounts, changes: list[Change]) -> list[dict]:
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


def chart_data(as_of: dt.date, key_dates: list[calendar.KeyDate]) -> dict:
    """The parties-over-time chart and its data table. One query (deposits and withdrawals)."""
    kinds = [*TreatyAction.DEPOSIT_KINDS, TreatyAction.Kind.WITHDRAWAL]
    deposits, withdrawals = [], []
    for kind, day, named in TreatyAction.objects.filter(
        kind__in=kinds, date__lte=as_of
    ).values_list("kind", "date", "named_effective_date"):
        if kind == TreatyAction.Kind.WITHDRAWAL:
            withdrawals.append(rules.withdrawal_effective(day, named))
        else:
            deposits.append(day)
    markers = [
        charts.Marker(k.date, k.label, k.kind) for k in key_dates if CHART_SINCE <= k.date <= as_of
    ]
    series = {
        "deposits": deposits,
        "entries_into_force": [rules.entry_into_force(d) for d in deposits],
        "withdrawals": withdrawals,
        "since": CHART_SINCE,
        "until": max(as_of, CHART_SINCE),
        "markers": markers,
    }
    return {
        "svg": charts.parties_over_time_svg(**series),
        "table": charts.parties_over_time_table(**series),
    }


def status_overview(as_of: dt.date) -> dict:
    """The public status page: counts, by region, parties over time. Three queries."""
    key_dates = calendar.key_dates()
    counts = State.objects.counts_on(as_of)
    return {
        "as_of": as_of,
        "counts": counts,
        "key_dates": [k for k in key_dates if CHART_SINCE <= k.date <= dt.date.today()],
        "headline": headline(counts, []),
        "regions": region_rows(counts),
        "region_svg": charts.region_bars_svg(counts.by_region),
        "chart": chart_data(as_of, key_dates),
    }


def dashboard(as_of: dt.date) -> dict:
    """Every panel of the co-chairs' dashboard as of `as_of`.

    Queries, whatever the number of states and actions: key dates (1), counts on the date (1),
    the states with their record (1), the chart's deposits (1), and for each of the previous
    meeting and the last CSP before the date, when there is one: counts (1) + signatures,
    deposits, entries into force (3). At most 12.
    """
    url = state_url_builder()
    key_dates = calendar.key_dates()
    counts = State.objects.counts_on(as_of)
    references = [
        calendar.previous(key_dates, calendar.MEETING, as_of),
        calendar.previous(key_dates, calendar.CSP, as_of),
    ]
    changes = [_change(ref, counts, as_of, url) for ref in references if ref]
    pending, pipeline = [], []
    for state in State.objects.with_record(as_of).filter(
        status__in=[Status.RATIFIED_NOT_IN_FORCE, Status.SIGNATORY]
    ):
        if state.status == Status.RATIFIED_NOT_IN_FORCE:
            pending.append(
                _row(
                    state,
                    url,
                    region=state.get_region_display(),
                    deposit_date=state.deposit_date,
                    entry_into_force=state.entry_into_force_date,
                )
            )
        else:
            pipeline.append(
                _row(
                    state,
                    url,
                    region=state.get_region_display(),
                    signature_date=state.signature_date,
                    years=round((as_of - state.signature_date).days / 365.25, 1),
                    intends_not_to_be_party=state.intends_not_to_be_party,
                )
            )
    pending.sort(key=lambda r: (r["entry_into_force"], r["name"]))
    pipeline.sort(key=lambda r: (r["signature_date"], r["name"]))
    return {
        "as_of": as_of,
        "counts": counts,
        "key_dates": [k for k in key_dates if CHART_SINCE <= k.date <= dt.date.today()],
        "headline": headline(counts, changes),
        "changes": changes,
        "regions": region_rows(counts),
        "region_svg": charts.region_bars_svg(counts.by_region),
        "pending": pending,
        "pipeline": pipeline,
        "chart": chart_data(as_of, key_dates),
    }
