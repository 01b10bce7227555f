"""The dashboard's query count does not grow with the data, and its template runs none."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.roles import role_of
from states.models import Region, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory
from wgtu_portal.dashboard import selectors
from wgtu_portal.dashboard.forms import as_of_form

D = dt.date
Kind = TreatyAction.Kind


def _make_states(n):
    regions = list(Region)
    for i in range(n):
        state = StateFactory(region=regions[i % len(regions)])
        if i % 3 == 0:
            continue  # not signed
        TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))
        if i % 3 == 2:
            TreatyActionFactory(
                state=state, kind=Kind.RATIFICATION, date=D(2014, 1, 1) + dt.timedelta(days=40 * i)
            )


@pytest.mark.parametrize("size", [6, 60])
def test_dashboard_query_count_is_fixed(db, client_for, django_assert_num_queries, size):
    _make_states(size)
    client = client_for("cochair")
    # session, user, user permissions, group permissions, user's groups (role);
    # meeting dates; counts on the date; counts before (meeting, CSP) x2; signatures, deposits,
    # entries into force between x2; signatories and pending with their record; chart deposits;
    # the session saved on every request (savepoint, update, release).
    with django_assert_num_queries(20):
        response = client.get("/dashboard/", {"as_of": "2018-05-31"})
    assert response.status_code == 200


def test_public_status_query_count(db, client_for, django_assert_num_queries):
    _make_states(12)
    # meeting dates; counts on the date; chart deposits (anonymous: no session row, no user).
    with django_assert_num_queries(3):
        client_for("anonymous").get("/status/", {"as_of": "2018-05-31"})


def test_dashboard_template_runs_no_query(db, cochair):
    _make_states(12)
    request = RequestFactory().get("/dashboard/", {"as_of": "2018-05-31"})
    request.user = cochair
    role_of(cochair)
    context = {"form": as_of_form(request.GET), **selectors.dashboard(D(2018, 5, 31))}
    with CaptureQueriesContext(connection) as ctx:
        html = render_to_string("dashboard/index.html", context, request=request)
    assert list(ctx) == []
    assert "data-count" in html
