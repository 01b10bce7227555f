"""The dashboard's query count does not grow with the data, and its template runs none."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.roles import role_of
from challenges.models import Challenge, ChallengeTag
from challenges.services import taxonomy_load_report
from dashboard import selectors
from meetings.models import Meeting, WorkPlan
from meetings.services import work_plan_load_report
from pipeline.models import ProcedureStage, StageEntry
from pipeline.services import stages_load_report
from states.dates import AsOfForm, bound_form
from states.models import Region, State, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory
from tests.outreach.factories import bulk_activities

D = dt.date
Kind = TreatyAction.Kind


def _make_states(n):
    regions = list(Region)
    states = []
    for i in range(n):
        state = StateFactory(region=regions[i % len(regions)])
        states.append(state)
        if i % 3 == 0:
            continue  # not signed
        TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))
        if i % 3 == 2:
            TreatyActionFactory(
                state=state, kind=Kind.RATIFICATION, date=D(2014, 1, 1) + dt.timedelta(days=40 * i)
            )
    return states


def _make_world(n):
    """`n` states, with open challenge tags, outreach activities with overdue follow-ups, stages
    of their domestic procedures, and meetings after the date, all growing with `n`."""
    states = _make_states(n)
    taxonomy_load_report()
    work_plan_load_report()
    stages_load_report()
    stages = list(ProcedureStage.objects.in_order())
    StageEntry.objects.bulk_create(
        StageEntry(state=state, stage=stages[(i + k) % len(stages)], date=day, source="Gazette")
        for i, state in enumerate(states)
        if i % 3 != 2  # not those that deposited
        for k, day in enumerate((D(2016, 5, 1), D(2018, 1, 10)))
    )
    items = list(Challenge.objects.filter(parent__isnull=False)[: max(2, n // 6)])
    tags = ChallengeTag.objects.bulk_create(
        ChallengeTag(state=state, challenge=item, noted_on=D(2017, 1, 1))
        for state in states[: n // 2]
        for item in items
    )
    bulk_activities(n, states[: n // 3], start=D(2017, 10, 1), tags=tags[:3])
    plan = WorkPlan.objects.get()
    for i in range(n // 6):
        Meeting.objects.create(plan=plan, date=D(2018, 6, 10) + dt.timedelta(days=i), title=f"M{i}")


@pytest.mark.parametrize("size", [6, 60])
def test_dashboard_query_count_is_fixed(db, client_for, django_assert_num_queries, size):
    _make_world(size)
    client = client_for("cochair")
    # session, user, the user's role and permissions (accounts.roles.load_access); the
    # versions of the ledger, meetings, challenges, the pipeline, outreach and the freshness data
    # (one query); the freshness line (the latest successful depositary sync);
    # status half (cache miss): meeting dates; every state with its record (counted for the
    # counts on the date); counts before (meeting, CSP) x2; signatures, deposits, entries into
    # force between x2; chart deposits; internal half (cache miss): open tags per state; the joining pipeline
    # (meeting dates, the stages, the states with their stages); heat map items and open tags;
    # outreach coverage (the non-parties, contacts and open tags grouped by state); participation
    # in the cycle's meetings (the plan, the participations, their coverage: three); upcoming
    # meetings;
    # overdue follow-ups (10 and the total). No session save (wgtu_portal.sessions: at most once
    # a minute).
    with django_assert_num_queries(32):
        response = client.get("/dashboard/", {"as_of": "2018-05-31"})
    assert response.status_code == 200
    assert response.context["followups"]["rows"]
    assert response.context["heatmap"]["heat"].total
    joining = response.context["joining"]
    non_parties = State.objects.non_parties(D(2018, 5, 31)).count()
    assert sum(c["count"] for c in joining["counts"]) == non_parties
    # Every state with entries moved on 10 January 2018, after CSP3 (11 September 2017).
    csp = next(c for c in joining["changes"] if c["reference"].kind == "csp")
    assert len(csp["moves"]) == StageEntry.objects.filter(date=D(2018, 1, 10)).count()
    # Served from the page cache: session, user, the user's role and permissions; the versions
    # of the ledger, meetings, challenges, the pipeline, outreach and the freshness data (one query).
    with django_assert_num_queries(4):
        client.get("/dashboard/", {"as_of": "2018-05-31"})


def test_public_status_query_count(db, client_for, django_assert_num_queries):
    _make_states(12)
    # The first request (the page cache is empty): the version of the ledger, the freshness
    # data and the key dates; meeting dates; the states with their status (the map, counted for
    # the headline and the regions); chart deposits; the freshness line (anonymous: no session
    # row, no user).
    with django_assert_num_queries(5):
        client_for("anonymous").get("/status/", {"as_of": "2018-05-31"})


def test_dashboard_template_runs_no_query(db, cochair):
    _make_world(12)
    request = RequestFactory().get("/dashboard/", {"as_of": "2018-05-31"})
    request.user = cochair
    role_of(cochair)
    context = {
        "form": bound_form(AsOfForm, request.GET),
        **selectors.dashboard(D(2018, 5, 31), user=cochair),
    }
    with CaptureQueriesContext(connection) as ctx:
        html = render_to_string("dashboard/index.html", context, request=request)
    assert list(ctx) == []
    assert "data-count" in html
    assert "world-map" in html
