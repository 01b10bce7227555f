"""The pipeline page's query count does not grow with the data; its template runs none."""

import datetime as dt

import pytest
from django.urls import reverse

from challenges.models import Challenge, ChallengeTag
from challenges.services import taxonomy_load_report
from dashboard.pipeline import pipeline_page
from meetings.services import work_plan_load_report
from pipeline.models import ProcedureStage, StageEntry
from pipeline.services import stages_load_report
from states.models import Region, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory
from tests.outreach.factories import bulk_activities

D = dt.date


def make_world(n):
    """`n` states (a third deposited at some point), with two stage entries each for the
    others (half of them moved, half stalled), open challenge tags, outreach with follow-ups,
    and the CSP4 plan's meetings."""
    taxonomy_load_report()
    work_plan_load_report()
    stages_load_report()
    stages = list(ProcedureStage.objects.in_order())
    regions = list(Region)
    states = []
    for i in range(n):
        state = StateFactory(region=regions[i % len(regions)])
        states.append(state)
        TreatyActionFactory(state=state, kind=TreatyAction.Kind.SIGNATURE, date=D(2013, 6, 3))
        if i % 3 == 2:
            TreatyActionFactory(
                state=state,
                kind=TreatyAction.Kind.RATIFICATION,
                date=D(2015, 1, 1) + dt.timedelta(days=30 * i),
            )
    # Every other state moves in 2018; the others confirm their 2014 stage (stalled).
    StageEntry.objects.bulk_create(
        StageEntry(
            state=state, stage=stages[(i + k * (i % 2)) % len(stages)], date=day, source="Gazette"
        )
        for i, state in enumerate(states)
        if i % 3 != 2
        for k, day in enumerate((D(2014, 5, 1), D(2018, 1, 10)))
    )
    items = list(Challenge.objects.filter(parent__isnull=False)[:3])
    ChallengeTag.objects.bulk_create(
        ChallengeTag(state=state, challenge=item, noted_on=D(2017, 1, 1))
        for state in states
        for item in items
    )
    bulk_activities(n, states[: n // 2], start=D(2017, 10, 1))


@pytest.mark.parametrize("size", [6, 60])
def test_the_pipeline_page_query_count_is_fixed(db, client_for, django_assert_num_queries, size):
    make_world(size)
    client = client_for("cochair")
    # session, user, the user's role and permissions (accounts.roles.load_access); the
    # versions of the ledger, meetings, challenges, the pipeline and outreach (one query);
    # the stages; the meeting dates (key dates); every state not a party with its record, its
    # stage now and on the two reference dates and its last contact (one query); their open
    # challenges; their next follow-ups (one query, ranked by a window function).
    with django_assert_num_queries(9):
        response = client.get(reverse("pipeline:index"), {"as_of": "2018-05-31"})
    assert response.status_code == 200
    assert len(response.context["rows"]) >= size * 2 // 3
    assert response.context["stalled"]
    assert any(c["moves"] for c in response.context["changes"])
    # Served from the page cache: session, user, role and permissions, the versions.
    with django_assert_num_queries(4):
        client.get(reverse("pipeline:index"), {"as_of": "2018-05-31"})


@pytest.mark.parametrize("size", [6, 60])
def test_the_export_query_count_is_fixed(db, client_for, django_assert_num_queries, size):
    make_world(size)
    client = client_for("cochair")
    # session, user, role and permissions; the stages; the meeting dates; the states; their
    # open challenges; their next follow-ups.
    with django_assert_num_queries(8):
        response = client.get(reverse("pipeline:export"), {"as_of": "2018-05-31"})
    assert response.content.decode("utf-8-sig").count("\n") >= size * 2 // 3


def test_the_pipeline_template_runs_no_query(db, cochair, rf):
    from django.db import connection
    from django.template.loader import render_to_string
    from django.test.utils import CaptureQueriesContext

    from accounts.roles import role_of
    from dashboard.pipeline import PipelineFilterForm
    from pipeline.selectors import vocabulary

    make_world(12)
    stages = vocabulary()
    request = rf.get("/pipeline/", {"as_of": "2018-05-31"})
    request.user = cochair
    role_of(cochair)
    form = PipelineFilterForm(request.GET, stages=stages)
    assert form.is_valid()
    context = {"form": form, **pipeline_page(D(2018, 5, 31), stages=stages)}
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("dashboard/pipeline.html", context, request=request)
    assert list(queries) == []
    assert "Who may join next" in html


@pytest.mark.parametrize("size", [6, 60])
def test_the_reports_pipeline_section_costs_two_queries(db, django_assert_num_queries, size):
    from meetings.reports.context import joining_pipeline
    from states.keydates import CSP, KeyDate

    make_world(size)
    # the stages; every state not a party with its stage now and on the reference day.
    with django_assert_num_queries(2):
        section = joining_pipeline(D(2018, 5, 31), KeyDate(D(2017, 9, 11), "CSP3", CSP))
    assert section["moves"] and section["stalled"]
    assert sum(c["count"] for c in section["counts"]) >= size * 2 // 3
