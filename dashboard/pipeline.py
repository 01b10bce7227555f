"""Reads of the joining pipeline page (/pipeline/, Co-chairs and Secretariat; its views are in
dashboard/views.py), of its CSV export, and of the dashboard panel that summarizes it.

The page composes the pipeline (pipeline.selectors.pipeline_on: each non-party's stage on the
date, the day it reached it, its stage on the previous meeting's and the last Conference's
days) with what the other apps know of each state as of the same date: its open challenges
(6.x, the pace of domestic procedures, first), its last outreach contact and its next follow-up.
Everything is computed before the template renders (it runs no query); names and labels come out
in the reader's language.
"""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from caching.urls import reverse_one
from challenges.models import ChallengeTag
from meetings import calendar
from outreach.models import FollowUp, OutreachActivity
from pipeline.models import pipeline_states
from pipeline.selectors import Pipeline, PipelineRow, no_entry, pipeline_on
from states import keydates
from states.dates import AsOfForm
from states.keydates import KeyDate
from states.models import Region, Status
from states.overview import state_url

NO_ENTRY_CHOICE = "none"


class PipelineFilterForm(AsOfForm):
    """?as_of (today by default), ?region, ?stage (a stage's code, "deposited" or "none")."""

    region = forms.ChoiceField(
        label=gettext_lazy("Region"),
        required=False,
        choices=[("", gettext_lazy("All regions")), *Region.choices],
    )
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), required=False)

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [
            ("", _("Every stage")),
            *((s.code, s.label) for s in reversed(stages)),
            (NO_ENTRY_CHOICE, no_entry().label),
        ]

    def clean_stage(self):
        code = self.cleaned_data["stage"]
        return "" if code == NO_ENTRY_CHOICE else (code or None)


def references(as_of: dt.date, key_dates: list[KeyDate]) -> list[KeyDate]:
    """The previous WGTU meeting and the last Conference before `as_of` (those there are)."""
    found = [keydates.previous(key_dates, kind, as_of) for kind in (keydates.MEETING, keydates.CSP)]
    return [ref for ref in found if ref is not None]


def with_outreach(as_of: dt.date):
    """Every state annotated with its last outreach contact up to `as_of` (last_contact). A
    correlated subquery: no query of its own."""
    links = OutreachActivity.states.through.objects.filter(
        state=OuterRef("pk"), outreachactivity__start_date__lte=as_of
    ).order_by("-outreachactivity__start_date")
    return pipeline_states().annotate(
        last_contact=Subquery(links.values("outreachactivity__start_date")[:1])
    )


def next_followups(as_of: dt.date, state_ids) -> dict[int, dict]:
    """{state id: its next follow-up open on `as_of`, the earliest due (undated last): action,
    due date, activity}. One query, each state's follow-ups ranked by a window function (a
    correlated subquery per state cost ~0.4 s on PostgreSQL at ten times today's data); none
    without states."""
    rows = (
        FollowUp.objects.filter(
            activity__states__in=list(state_ids), activity__start_date__lte=as_of
        )
        .filter(Q(done=False) | Q(done_on__gt=as_of))
        .annotate(
            state_pk=F("activity__states"),
            rank=Window(
                RowNumber(),
                partition_by=F("activity__states"),
                order_by=[F("due_on").asc(nulls_last=True), F("pk").asc()],
            ),
        )
        .filter(rank=1)
        .values_list("state_pk", "action", "due_on", "activity_id")
    )
    return {
        state: {"action": action, "due_on": due_on, "activity": activity}
        for state, action, due_on, activity in rows
    }


def challenge_rank(code: str) -> int:
    """6.x first (Annex A 6: accelerating the pace of domestic procedures), then the others."""
    return 0 if code.split(".")[0] == "6" else 1


def open_challenges(as_of: dt.date, state_ids) -> dict[int, list[dict]]:
    """{state id: its challenges open on `as_of` (code and title, once each), 6.x first}. One
    query of plain values (thousands of tags at scale: no model instances); none without
    states."""
    rows = (
        ChallengeTag.objects.open_on(as_of)
        .filter(state_id__in=list(state_ids))
        .order_by("challenge__sort_key")
        .values_list(
            "state_id",
            "challenge__code",
            "challenge__title_en",
            "challenge__title_fr",
            "challenge__title_es",
        )
    )
    language = (get_language() or "en")[:2]
    column = {"fr": 3, "es": 4}.get(language, 2)
    by_state: dict[int, dict[str, dict]] = {}
    for row in rows:
        title = row[column] or row[2]
        by_state.setdefault(row[0], {}).setdefault(row[1], {"code": row[1], "title": title})
    return {
        pk: sorted(items.values(), key=lambda c: challenge_rank(c["code"]))
        for pk, items in by_state.items()
    }


def _row(row: PipelineRow, as_of: dt.date, challenges: dict, followups: dict) -> dict:
    state = row.state
    followup = followups.get(state.pk, {})
    return {
        "iso3": state.iso3,
        "name": state.name,
        "url": state_url(state.iso3),
        "region": Region(state.region).label,
        "status": Status(state.status).label,
        "stage": row.stage,
        "since": row.since,
        "entry_date": row.entry_date,
        "stalled": row.stalled,
        "before": row.before,
        "challenges": challenges.get(state.pk, []),
        "challenges_url": f"{reverse_one('challenges:state', state.iso3)}?"
        + urlencode({"as_of": as_of.isoformat()}),
        "last_contact": state.last_contact,
        "outreach_url": reverse_one("outreach:state_timeline", state.iso3),
        "next_due": followup.get("due_on"),
        "next_action": followup.get("action", ""),
        "next_url": reverse_one("outreach:activity", followup["activity"]) if followup else "",
    }


def pipeline_page(as_of: dt.date, *, region=None, stage=None, stages=None, key_dates=None):
    """Everything /pipeline/ shows on `as_of` (in `region`; `stage`: a code, "" for no entry,
    None for every stage). Queries: the key dates (1, unless given), the vocabulary (1, unless
    given: vocabulary()), the states with their stages and outreach (1), their open
    challenges (1) and their next follow-ups (1) (none without states)."""
    key_dates = calendar.key_dates() if key_dates is None else key_dates
    refs = references(as_of, key_dates)
    pipeline = pipeline_on(
        as_of, references=refs, region=region, states=with_outreach(as_of), stages=stages
    )
    counts = pipeline.counts()
    if stage is not None:
        pipeline.rows = [r for r in pipeline.rows if r.stage.code == stage]
    challenges = open_challenges(as_of, (r.state.pk for r in pipeline.rows))
    followups = next_followups(as_of, (r.state.pk for r in pipeline.rows))
    rows = {r.iso3: _row(r, as_of, challenges, followups) for r in pipeline.rows}
    return {
        "as_of": as_of,
        "pipeline": pipeline,
        "counts": counts,
        "total": len(rows),
        "groups": [
            {"stage": g["stage"], "rows": [rows[r.iso3] for r in g["rows"]]}
            for g in pipeline.groups()
            if stage is None or g["stage"].code == stage
        ],
        "changes": [
            {
                "reference": c["reference"],
                "moves": [{"row": rows[m.row.iso3], "previous": m.previous} for m in c["moves"]],
            }
            for c in pipeline.changes()
        ],
        "stalled": [rows[r.iso3] for r in pipeline.stalled()],
        "stalled_months": pipeline.stalled_months,
        "rows": list(rows.values()),
    }


def export_header(refs: list[KeyDate]) -> list[str]:
    return [
        _("Name"),
        _("ISO 3166 code"),
        _("Region"),
        _("Status"),
        _("Stage"),
        _("Since"),
        _("Latest entry"),
        _("Stalled"),
        *(
            _("Stage at %(reference)s (%(date)s)") % {"reference": r.label, "date": r.date}
            for r in refs
        ),
        _("Open challenges"),
        _("Last outreach contact"),
        _("Next follow-up due"),
        _("Next follow-up"),
    ]


def export_rows(rows: list[dict]) -> list[list]:
    return [
        [
            row["name"],
            row["iso3"],
            row["region"],
            row["status"],
            row["stage"].label,
            row["since"],
            row["entry_date"],
            _("yes") if row["stalled"] else _("no"),
            *(stage.label for stage in row["before"]),
            "; ".join(f"{c['code']} {c['title']}" for c in row["challenges"]),
            row["last_contact"],
            row["next_due"],
            row["next_action"] or "",
        ]
        for row in rows
    ]


# --- the dashboard's panel ----------------------------------------------------------------------


def joining_panel(as_of: dt.date, key_dates: list[KeyDate] | None = None) -> dict:
    """The dashboard's summary of the pipeline on `as_of`: the count at each stage (each a link to
    the page filtered on it), the states that moved since the previous meeting and since the last
    Conference, and how many have stalled. Queries: the key dates (1, unless given), the
    vocabulary (1), the states with their stages (1)."""
    key_dates = calendar.key_dates() if key_dates is None else key_dates
    pipeline: Pipeline = pipeline_on(as_of, references=references(as_of, key_dates))
    url = reverse("pipeline:index")

    def link(**params) -> str:
        return f"{url}?{urlencode({'as_of': as_of.isoformat(), **params})}"

    return {
        "counts": [
            {**c, "url": link(stage=c["stage"].code or NO_ENTRY_CHOICE)} for c in pipeline.counts()
        ],
        "changes": [
            {
                "reference": c["reference"],
                "moves": [
                    {
                        "name": m.row.name,
                        "iso3": m.row.iso3,
                        "url": state_url(m.row.iso3),
                        "stage": m.row.stage,
                        "previous": m.previous,
                    }
                    for m in c["moves"]
                ],
            }
            for c in pipeline.changes()
        ],
        "stalled": len(pipeline.stalled()),
        "stalled_months": pipeline.stalled_months,
        "url": link(),
    }
