"""What a report shows, as plain data built before the template renders (the template runs no
query). Everything is as of one date: the meeting's date, or the briefing's `as_of`.

Call these inside `language(code)`: state names, labels and chart texts come out in that language.
"""

import dataclasses
import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from challenges.models import ChallengeTag
from challenges.selectors import state_profile
from meetings.delegations import meeting_delegations, participation_data
from meetings.indicators import participation_indicators
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingStatus,
    PlanActivity,
    ReportEdition,
    WorkPlan,
)
from meetings.record import Presenter
from meetings.summaries import Summary, SummaryState
from meetings.titles import body_name, meeting_title
from meetings.translated import active_language, localized
from outreach import selectors as outreach_selectors
from pipeline.selectors import pipeline_on, state_entries
from states import freshness, notifications, overview, selectors
from states.collation import by_name, collation_key
from states.keydates import CSP, MEETING, KeyDate
from states.models import Region, State, Status, StatusCounts, TreatyAction
from states.overview import signed

ONE_DAY = dt.timedelta(days=1)


def previous_source(meeting: Meeting):
    """The plan's last meeting before this one (not cancelled), else its opening Conference."""
    previous = (
        Meeting.objects.filter(plan_id=meeting.plan_id, date__lt=meeting.date)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-date")
        .first()
    )
    return previous if previous is not None else meeting.plan.opening_conference


def reference_of(source) -> KeyDate:
    """The key date of a meeting or a Conference, labelled in the active language."""
    if isinstance(source, Meeting):
        return KeyDate(source.date, source.label, MEETING)
    return KeyDate(source.opening, source.name, CSP)


def previous_reference(meeting: Meeting) -> KeyDate:
    """The key date of previous_source, in the active language."""
    return reference_of(previous_source(meeting))


def status_rows(counts: StatusCounts, before: StatusCounts | None = None) -> list[dict]:
    return [
        {
            "status": s.value,
            "label": s.label,
            "n": counts.totals[s.value],
            "change": signed(counts.totals[s.value] - before.totals[s.value]) if before else "",
        }
        for s in Status
    ]


def annex_rows(states) -> list[dict]:
    """Every State (annotated by with_record) in one list, in the reader's alphabetical order
    (as the depositary lists them: a delegate looks a State up by its name), each with its
    region, status label and dates."""
    rows = [
        {
            "name": state.name,
            "iso3": state.iso3,
            "region_label": Region(state.region).label,
            "status": state.status,
            "status_label": Status(state.status).label,
            "signature_date": state.signature_date,
            "deposit_date": state.deposit_date,
            "deposit_kind": TreatyAction.Kind(state.deposit_type).label
            if state.deposit_type
            else "",
            "entry_into_force_date": state.entry_into_force_date
            if state.status == Status.STATE_PARTY
            else None,
        }
        for state in states
    ]
    rows.sort(key=lambda s: collation_key(s["name"]))
    return rows


def open_challenges(on: dt.date) -> list[dict]:
    """The challenge tags open on `on`, by state (name in the active language), then item."""
    tags = ChallengeTag.objects.open_on(on).with_related().order_by("challenge__sort_key", "pk")
    by_state = defaultdict(list)
    states = {}
    for tag in tags:
        by_state[tag.state_id].append(tag)
        states[tag.state_id] = tag.state
    rows = [{"state": states[pk], "name": states[pk].name, "tags": by_state[pk]} for pk in by_state]
    rows.sort(key=lambda r: collation_key(r["name"]))
    return rows


def joining_pipeline(on: dt.date, since: KeyDate) -> dict:
    """The report's "Joining pipeline" section (internal edition only): the count at each stage
    on `on`, the states that moved since the reference date, the stalled states. Two queries."""
    pipeline = pipeline_on(on, references=[since])
    return {
        "counts": pipeline.counts(),
        "moves": pipeline.moved_since(0),
        "stalled": pipeline.stalled(),
        "stalled_months": pipeline.stalled_months,
        "since": since,
    }


def record_texts(plan, items, activities, summaries=()) -> dict:
    """The records' texts the report prints, in the active language (meetings.translated): the
    plan's title, each agenda item's heading and public notes, each plan activity's title and
    description, the summaries printed (the template prints them with the same `tr` filters);
    with how many are shown in their original language for want of a translation
    (the cover says so), and whether any translation shown is the Secretariat's, not official."""
    language = active_language()
    agenda = [
        {
            "item": item,
            "heading": item.localized_heading,
            "notes": localized(item, "public_notes"),
        }
        for item in items
    ]
    activity_rows = [
        {
            "activity": a,
            "title": localized(a, "title"),
            "description": localized(a, "description"),
        }
        for a in activities
    ]
    plan_title = localized(plan, "title")
    shown = [plan_title]
    for row in agenda:
        shown += [row["heading"], row["notes"]]
    for row in activity_rows:
        shown += [row["title"], row["description"]]
    shown += [localized(summary, "text") for summary in summaries]
    records = [plan, *items, *activities, *summaries]
    return {
        "plan_title": plan_title,
        "agenda": agenda,
        "plan_activities": activity_rows,
        "shown_in_original": sum(1 for text in shown if text.is_fallback),
        "unofficial_translation": any(
            getattr(r, "unofficial_translation", False)
            and getattr(r, "original_language", "en") != language
            for r in records
        ),
    }


def meeting_report_data(meeting: Meeting, *, annex_limit: int | None = None) -> dict:
    """What the meeting report reads from the database that is the same in every language and
    edition (rows and model instances; nothing said in a language yet): the reports of one
    meeting in three languages read it once (meetings.reports.render.meeting_report_htmls).

    Queries: the plan with its conferences (1), agenda (2), presenters (1), summaries (1), plan
    activities (1), previous meeting (1), counts (1), changes (4), states (1), plan meetings for
    the markers (1), the chart's dates (1), public activities (2), the freshness line (1), the
    participations and their states' status (2). `annex_limit` keeps only the first N states of the annex (the benchmark's small report).
    """
    on = meeting.date
    plan = WorkPlan.objects.with_conferences().get(pk=meeting.plan_id)
    meeting.plan = plan
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("topic")
        .prefetch_related(Prefetch("presenters", Presenter.objects.with_related()))
        .order_by("order")
    )
    # Only Final summaries are public; the internal edition also prints a circulated draft
    # (meeting_report_context chooses). A Draft is never read.
    summaries = list(
        Summary.objects.filter(
            meeting=meeting, state__in=[SummaryState.FINAL, SummaryState.CIRCULATED]
        )
    )
    activities = list(PlanActivity.objects.filter(plan=plan).exclude(status="cancelled"))
    since_source = previous_source(meeting)
    since = reference_of(since_source)
    states = list(
        State.objects.with_record(on).only("iso3", "name_en", "name_fr", "name_es", "region")
    )
    if annex_limit is not None:
        states = states[:annex_limit]
    marker_meetings = list(
        plan.meetings.filter(date__lte=on).exclude(status=MeetingStatus.CANCELLED)
    )
    period_start = since.date + ONE_DAY
    return {
        "plan": plan,
        "items": items,
        "summaries": summaries,
        "activities": activities,
        "since": since,
        "since_source": since_source,
        "counts": State.objects.counts_on(on),
        "change": overview.change_data(since, on),
        "states": states,
        "marker_meetings": marker_meetings,
        "series": overview.parties_series(on),
        "period_start": period_start,
        "public_activities": outreach_selectors.public_activities_between(period_start, on),
        "freshness": freshness.current(),
        "participations": participation_data(meeting),
    }


def meeting_report_context(
    meeting: Meeting, edition: str, *, annex_limit: int | None = None, data: dict | None = None
):
    """Everything the meeting report shows, as of the meeting's date, in the active language.

    `data`: meeting_report_data(meeting), when the caller has read it already (no query for
    it then). The internal edition adds the open challenges (1), the period's activities (4), the joining pipeline (2)
    and participation in the cycle's meetings (3).
    """
    data = data or meeting_report_data(meeting, annex_limit=annex_limit)
    on = meeting.date
    plan = data["plan"]
    meeting.plan = plan
    internal = edition == ReportEdition.INTERNAL
    printed = [SummaryState.FINAL, *([SummaryState.CIRCULATED] if internal else [])]
    summaries = {s.agenda_item_id: s for s in data["summaries"] if s.state in printed}
    items = data["items"]
    for item in items:
        item.summary = summaries.get(item.pk)
    counts, states = data["counts"], data["states"]
    # "Since …" in the reader's language (the data was read in whichever was active).
    since = reference_of(data["since_source"])
    change = dataclasses.replace(
        overview.change_from(data["change"], counts, overview.no_url), reference=since
    )
    # The chart's markers in the reader's language (CEP4, "Réunion du GTUT, 31 mai 2018").
    opening = plan.opening_conference
    markers = [KeyDate(opening.opening, opening.name, CSP)] if opening.is_dated else []
    markers += [KeyDate(m.date, m.label, MEETING) for m in data["marker_meetings"]]
    period_start = data["period_start"]
    context = {
        "meeting": meeting,
        "plan": plan,
        "edition": edition,
        "internal": internal,
        "as_of": on,
        "document_title": meeting.document_symbol or meeting.heading,
        "items": items,
        **record_texts(plan, items, data["activities"], summaries.values()),
        "meeting_title": meeting_title(meeting),
        "treaty_name": body_name("att"),
        "body_name": body_name("wgtu"),
        "counts": counts,
        "status_rows": status_rows(counts, change.before),
        "region_rows": overview.region_rows(counts),
        "statuses": list(Status),
        "change": change,
        "chart_svg": overview.parties_chart(
            on, markers, id_prefix="report-parties", series=data["series"]
        )["svg"],
        "map_svg": overview.world_map(states, overview.no_url, id_prefix="report-map").svg,
        "annex": annex_rows(states),
        "annex_total": len(states),
        "period_start": period_start,
        # Each activity's states in the active language's order of names.
        "public_activities": [
            dataclasses.replace(a, states=tuple(by_name(a.states)))
            for a in data["public_activities"]
        ],
        "freshness": data["freshness"],
        "delegations": meeting_delegations(meeting, people=internal, data=data["participations"]),
        "meeting_summary": summaries.get(None),
    }
    if internal:
        context["challenges"] = open_challenges(on)
        context["internal_activities"] = outreach_selectors.report_activities(period_start, on)
        context["joining"] = joining_pipeline(on, since)
        context["participation"] = participation_indicators(on)
    return context


def _reference(reference: str | None) -> dict | None:
    """A depositary notification and its UN Treaty Collection PDF, for the briefing's table."""
    if not reference:
        return None
    return {"reference": reference, "url": notifications.cn_url(reference)}


def state_briefing_context(state: State, as_of: dt.date) -> dict:
    """One state's briefing pack on `as_of`: status and dates, its region's counts, the stages of
    its domestic procedure, challenges open and past (with their evidence), outreach history and
    open follow-ups. About a dozen queries.
    """
    record = State.objects.with_record(as_of).get(pk=state.pk)
    references = selectors.cn_references([record], as_of)
    counts = State.objects.counts_on(as_of)
    region_counts = counts.by_region[record.region]
    profile = state_profile(record, as_of)
    activities, followups = outreach_selectors.state_outreach(record, as_of)
    return {
        "state": record,
        "as_of": as_of,
        "document_title": _("Briefing: %(state)s") % {"state": record.name},
        "status_label": Status(record.status).label,
        "deposit_kind": TreatyAction.Kind(record.deposit_type).label if record.deposit_type else "",
        "entry_into_force_date": record.entry_into_force_date,
        "region_label": Region(record.region).label,
        "region_rows": [{"label": s.label, "n": region_counts[s.value]} for s in Status],
        "region_total": sum(region_counts.values()),
        "stage_entries": state_entries(record, as_of, internal=True),
        "open_tags": profile.open,
        "past_tags": profile.history,
        "activities": activities,
        "followups": followups,
        "signature_cn": _reference(references.get((record.pk, "signature"))),
        "deposit_cn": _reference(references.get((record.pk, "deposit"))),
        "internal": True,
        "freshness": freshness.current(),
    }
