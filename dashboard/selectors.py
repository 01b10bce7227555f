"""Reads for the co-chairs' dashboard, built into plain lists and dicts.

Everything the page shows is computed here, so its template runs no query. The treaty-status
composites (what changed since a date, the chart, the map, the regions) come from
states.overview, shared with the public status page and the PDF reports.
"""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils.formats import date_format

from challenges.heatmap import heatmap_svg
from challenges.selectors import Level, heatmap, open_tag_counts_by_state
from dashboard.pipeline import joining_panel
from meetings import calendar
from meetings.indicators import participation_indicators
from meetings.models import Meeting
from outreach.models import FollowUp, OutreachActivity
from outreach.selectors import coverage
from states import charts, keydates, maps
from states.collation import collation_key
from states.dates import today
from states.keydates import KeyDate
from states.models import Region, State, Status, StatusCounts
from states.overview import (
    CHART_SINCE,
    change_between,
    headline,
    offered,
    parties_chart,
    region_rows,
    signed,
    state_row,
    state_url,
    world_map,
)


def _url_with(name: str, *args, **params) -> str:
    return f"{reverse(name, args=args)}?{urlencode(params)}"


# --- the internal panels (challenges, outreach, meetings): dashboard only ----------------------


def heatmap_panel(as_of: dt.date) -> dict:
    """Open challenge tags, region by top-level challenge, and the link to the full heat map.

    Two queries (the taxonomy, the open tags grouped).
    """
    heat = heatmap(as_of, level=Level.TOP, with_states=False)
    return {
        "heat": heat,
        "svg": heatmap_svg(heat, rows="region", element_id="dashboard-heatmap"),
        "url": _url_with("challenges:heatmap", as_of=as_of.isoformat(), level=Level.TOP),
    }


def _by_name(row: dict) -> tuple:
    return collation_key(row["name"])


def coverage_panel(as_of: dt.date, since: dt.date, url) -> dict:
    """The non-States Parties with no outreach contact from `since` (the cycle's opening CSP)
    to `as_of`, by region and name, with their last contact before that. One query."""
    rows = [
        state_row(
            row.state,
            url,
            region=row.state.region,
            status=row.status,
            status_label=row.status_label,
            status_class=maps.STATUS_CLASSES[Status(row.status)],
            last_contact=row.last_contact,
            open_challenges=row.open_challenges,
        )
        for row in coverage(on=as_of, since=since)
        if row.contacts_in_cycle == 0
    ]
    by_region = [
        {"region": region.value, "label": region.label, "rows": rows_of}
        for region in Region
        if (rows_of := sorted((r for r in rows if r["region"] == region), key=_by_name))
    ]
    return {
        "since": since,
        "legend": [
            {"label": s.label, "css_class": maps.STATUS_CLASSES[s]}
            for s in Status
            if s != Status.STATE_PARTY
        ],
        "rows": rows,
        "by_region": by_region,
        "url": _url_with("outreach:coverage", as_of=as_of.isoformat(), since=since.isoformat()),
    }


def participation_panel(as_of: dt.date, url) -> dict:
    """Participation in the cycle's WGTU meetings (meetings.indicators): the non-States Parties
    that took part, the signatories that never did, each with its outreach coverage. Three
    queries (the plan, the participations, the coverage)."""
    indicators = participation_indicators(as_of)

    def row(r):
        c = r.coverage
        return state_row(
            c.state,
            url,
            status_label=c.status_label,
            status_class=maps.STATUS_CLASSES[Status(c.status)],
            meetings=r.meetings,
            last_contact=c.last_contact,
            contacts_in_cycle=c.contacts_in_cycle,
        )

    plan = indicators.plan
    return {
        "plan": plan,
        "cycle": plan.cycle_label if plan else "",
        "since": plan.starts if plan else None,
        "took_part": [row(r) for r in indicators.took_part],
        "never": [row(r) for r in indicators.never],
    }


def upcoming_meetings(as_of: dt.date, limit: int = 5) -> list[dict]:
    """The next WGTU meetings after `as_of` (not cancelled; a meeting held since was still
    upcoming on that date). One query."""
    meetings = Meeting.objects.filter(date__gt=as_of).not_cancelled().order_by("date", "pk")[:limit]
    return [
        {
            "title": m.heading,
            "date": m.date,
            "venue": m.venue,
            "status": m.get_status_display(),
            "url": reverse("meetings:meeting", args=[m.pk]),
        }
        for m in meetings
    ]


OVERDUE_SHOWN = 10


def overdue_followups(user, as_of: dt.date, limit: int = OVERDUE_SHOWN) -> dict:
    """Follow-ups overdue on `as_of`: due before it and not done by then, of the activities
    `user` may read (recorded by that date). The `limit` earliest due (rows) and how many there
    are in all (total, a window count on each row). One query (the user's permissions are
    already cached by the view's permission check)."""
    followups = (
        FollowUp.objects.filter(
            activity__in=OutreachActivity.objects.visible_to(user),
            activity__start_date__lte=as_of,
            due_on__lt=as_of,
        )
        .filter(Q(done=False) | Q(done_on__gt=as_of))
        .select_related("assignee")
        .annotate(total=Window(Count("pk")))
        .order_by("due_on", "pk")
    )[:limit]
    followups = list(followups)
    rows = [
        {
            "action": f.action,
            "owner": f.owner_name,
            "due_on": f.due_on,
            "days_overdue": (as_of - f.due_on).days,
            "url": reverse("outreach:activity", args=[f.activity_id]),
        }
        for f in followups
    ]
    return {
        "rows": rows,
        "total": followups[0].total if followups else 0,
        "url": reverse("outreach:followups"),
    }


def pipeline_rows(states, as_of: dt.date, url) -> list[dict]:
    """The signatories among `states` (annotated by with_record), longest-standing first, without
    their open challenges (see with_open_challenges)."""
    rows = [
        state_row(
            state,
            url,
            region=state.get_region_display(),
            signature_date=state.signature_date,
            years=round((as_of - state.signature_date).days / 365.25, 1),
            intends_not_to_be_party=state.intends_not_to_be_party,
            pk=state.pk,
        )
        for state in states
        if state.status == Status.SIGNATORY
    ]
    return sorted(rows, key=lambda r: (r["signature_date"], collation_key(r["name"])))


def with_open_challenges(pipeline: list[dict], as_of: dt.date) -> list[dict]:
    """The pipeline's rows with each state's open challenge tags on `as_of`. One query."""
    open_tags = open_tag_counts_by_state(as_of)
    return [
        {
            **row,
            "open_challenges": open_tags.get(row["pk"], 0),
            "challenges_url": _url_with("challenges:state", row["iso3"], as_of=as_of.isoformat()),
        }
        for row in pipeline
    ]


def status_half(as_of: dt.date, key_dates: list[KeyDate]) -> dict:
    """The treaty-status half of the dashboard: counts and their changes since the previous
    meeting and CSP, deposits not yet in force, the chart, the map and the regions; plus the
    signatories' rows (the pipeline, shown with the internal panels). It depends only on the treaty
    record, the key dates, the date and the language.

    Queries: every state with its record (1; counted for the counts on the date), the chart's
    deposits (1), and for each of the previous meeting and the last CSP before the date, when
    there is one: counts (1) + signatures, deposits, entries into force (3). At most 10.
    """
    url = state_url
    states = list(State.objects.with_record(as_of))
    counts = StatusCounts.of(as_of, states)
    last_meeting = keydates.previous(key_dates, keydates.MEETING, as_of)
    last_csp = keydates.previous(key_dates, keydates.CSP, as_of)
    changes = [change_between(ref, as_of, counts, url) for ref in (last_meeting, last_csp) if ref]
    pending = sorted(
        (
            state_row(
                state,
                url,
                region=state.get_region_display(),
                deposit_date=state.deposit_date,
                entry_into_force=state.entry_into_force_date,
            )
            for state in states
            if state.status == Status.RATIFIED_NOT_IN_FORCE
        ),
        key=lambda r: (r["entry_into_force"], collation_key(r["name"])),
    )
    return {
        "as_of": as_of,
        "counts": counts,
        "key_dates": offered(key_dates, today()),
        "headline": headline(counts, changes),
        "changes": changes,
        "regions": region_rows(counts),
        "region_svg": charts.region_bars_svg(counts.by_region),
        "pending": pending,
        "signatories": pipeline_rows(states, as_of, url),
        "chart": parties_chart(as_of, key_dates),
        "map": world_map(states, url),
    }


def comparison(since: dt.date, until: dt.date) -> dict:
    """What changed from `since` to `until` (any two dates, `since` first): the same change
    lists as since the previous meeting or the last CSP, and each count's change over the
    period. Five queries: the counts on `until`, then change_between's four."""
    counts = State.objects.counts_on(until)
    reference = KeyDate(since, date_format(since, "DATE_FORMAT"), "date")
    change = change_between(reference, until, counts)
    deltas = [
        {"status": s.value, "label": str(s.label), "shown": signed(change.deltas[s.value])}
        for s in Status
    ]
    return {"change": change, "deltas": deltas}


def internal_half(as_of: dt.date, *, user, pipeline: list[dict], key_dates: list[KeyDate]) -> dict:
    """The internal panels: the signatory pipeline with open challenges, the joining pipeline's
    summary, the challenges heat map, outreach coverage since the last CSP (among `key_dates`),
    upcoming meetings, overdue follow-ups.

    Queries: open tags per state (1), the joining pipeline (3: key dates, stages, states), the
    heat map (2), outreach coverage (1), participation in the cycle's meetings (3: the plan, the
    participations, their coverage), upcoming meetings (1), overdue follow-ups (1). Twelve.
    """
    last_csp = keydates.previous(key_dates, keydates.CSP, as_of)
    return {
        "pipeline": with_open_challenges(pipeline, as_of),
        "joining": joining_panel(as_of),
        "heatmap": heatmap_panel(as_of),
        "coverage": coverage_panel(as_of, last_csp.date if last_csp else CHART_SINCE, state_url),
        "participation": participation_panel(as_of, state_url),
        "meetings": upcoming_meetings(as_of),
        "meetings_url": reverse("meetings:index"),
        "followups": overdue_followups(user, as_of),
    }


def dashboard(as_of: dt.date, *, user) -> dict:
    """Every panel of the co-chairs' dashboard as of `as_of`, uncached (dashboard.cache
    serves the page from cached fragments).

    Queries, whatever the number of states, actions, tags, activities, entries, meetings and
    conferences: key dates (1), the status half (at most 10), the internal panels (12). At most 23.
    """
    key_dates = calendar.key_dates()
    status = status_half(as_of, key_dates)
    internal = internal_half(as_of, user=user, pipeline=status["signatories"], key_dates=key_dates)
    return {**status, **internal}
