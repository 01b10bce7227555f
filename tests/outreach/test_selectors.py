"""Reads: the public selector's fields, status periods agreeing with with_record, between()."""

import dataclasses
import datetime as dt

import pytest

from outreach.models import OutreachActivity
from outreach.selectors import public_activities_between, status_periods
from states.models import State, Status, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory
from tests.outreach.factories import OutreachActivityFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_public_activities_leave_out_internal_ones(signatory):
    OutreachActivityFactory(actor_name="internal", states=[signatory])
    OutreachActivityFactory(actor_name="public", visibility="public", states=[signatory])
    assert [a.actor_name for a in public_activities_between(D(2018, 1, 1), D(2018, 12, 31))] == [
        "public"
    ]


def test_public_activities_carry_only_public_fields(signatory):
    OutreachActivityFactory(
        visibility="public", states=[signatory], summary="secret", outcome="secret"
    )
    (activity,) = public_activities_between(D(2018, 1, 1), D(2018, 12, 31))
    names = {f.name for f in dataclasses.fields(activity)}
    assert names == {
        "start_date",
        "end_date",
        "actor_role",
        "actor_name",
        "kind",
        "place",
        "states",
    }
    assert [s.iso3 for s in activity.states] == ["XSG"]
    assert "secret" not in repr(activity)


def test_public_activities_cost_two_queries(signatory, django_assert_num_queries):
    OutreachActivityFactory(visibility="public", states=[signatory])
    with django_assert_num_queries(2):
        public_activities_between(D(2018, 1, 1), D(2018, 12, 31))


def test_between_includes_activities_overlapping_the_period(signatory):
    OutreachActivityFactory(actor_name="inside", start_date=D(2018, 3, 1))
    OutreachActivityFactory(actor_name="overlap", start_date=D(2018, 1, 30), end_date=D(2018, 2, 2))
    OutreachActivityFactory(actor_name="before", start_date=D(2018, 1, 1))
    found = OutreachActivity.objects.between(D(2018, 2, 1), D(2018, 3, 31))
    assert sorted(a.actor_name for a in found) == ["inside", "overlap"]


def test_for_state_and_public(signatory, non_signatory):
    OutreachActivityFactory(actor_name="a", states=[signatory, non_signatory], visibility="public")
    OutreachActivityFactory(actor_name="b", states=[non_signatory])
    assert [a.actor_name for a in OutreachActivity.objects.for_state(signatory)] == ["a"]
    assert [a.actor_name for a in OutreachActivity.objects.public()] == ["a"]


def test_status_periods_agree_with_with_record():
    StateFactory(iso3="XNO")
    early = StateFactory(iso3="XEA")
    TreatyActionFactory(state=early, kind=TreatyAction.Kind.SIGNATURE, date=D(2013, 6, 3))
    TreatyActionFactory(state=early, kind=TreatyAction.Kind.RATIFICATION, date=D(2014, 4, 2))
    late = StateFactory(iso3="XLA")
    TreatyActionFactory(state=late, kind=TreatyAction.Kind.ACCESSION, date=D(2018, 3, 5))
    gone = StateFactory(iso3="XWD")
    TreatyActionFactory(state=gone, kind=TreatyAction.Kind.SIGNATURE, date=D(2013, 9, 25))
    TreatyActionFactory(state=gone, kind=TreatyAction.Kind.RATIFICATION, date=D(2015, 1, 5))
    TreatyActionFactory(state=gone, kind=TreatyAction.Kind.WITHDRAWAL, date=D(2020, 1, 1))
    periods = {status: status_periods(status) for status in Status.values}
    for day in (
        D(2013, 1, 1),
        D(2013, 6, 3),
        D(2014, 12, 24),
        D(2015, 4, 5),
        D(2018, 6, 3),
        D(2020, 3, 31),
        D(2020, 4, 1),
    ):
        for state in State.objects.with_record(day):
            matches = [
                status
                for status, spans in periods.items()
                for (start, until), pks in spans.items()
                if state.pk in pks
                and (start is None or start <= day)
                and (until is None or day < until)
            ]
            assert matches == [state.status], (state.iso3, day)
