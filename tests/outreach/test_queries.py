"""Query counts pinned, the same with 10 and with 10,000 activities (bulk_create, no history)."""

import datetime as dt

import pytest
from django.urls import reverse

from challenges.models import ChallengeTag
from tests.outreach.factories import bulk_activities

pytestmark = pytest.mark.django_db

# Every signed-in page: session, user, the permission check (user permissions, group
# permissions), the user's groups (role, navigation), and the session saved on every request
# (SAVEPOINT, UPDATE, RELEASE).
REQUEST_QUERIES = 8


@pytest.fixture
def data(signatory, non_signatory, challenge_62, secretariat):
    tag = ChallengeTag.objects.create(
        state=non_signatory,
        challenge=challenge_62,
        noted_on=dt.date(2016, 1, 1),
        source="visit",
        recorded_by=secretariat,
    )
    return {"states": [signatory, non_signatory], "tags": [tag]}


# (page, query parameters, queries beyond REQUEST_QUERIES, with the queries listed)
PAGES = {
    # count, the page of 50 (open follow-up and tag counts as subqueries), the page's states,
    # the state filter's choices.
    "log": ("outreach:index", {}, 4),
    # the treaty actions (status periods), then as "log".
    "log_by_status": ("outreach:index", {"status": "signatory", "status_on": "activity"}, 5),
    # the non-parties with last contact, contacts and open challenges as subqueries.
    "coverage": ("outreach:coverage", {"as_of": "2024-01-01"}, 1),
    # the state with its status, the count, the page of 50, their states, their tags.
    "timeline": ("outreach:state_timeline", {}, 5),
    # the count, the page (activity joined), the overdue count.
    "followups": ("outreach:followups", {}, 3),
}


def _get(client, name, params):
    args = ["XNS"] if name == "outreach:state_timeline" else []
    return client.get(reverse(name, args=args), params)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_with_10_activities(client_for, data, page, django_assert_num_queries):
    bulk_activities(10, data["states"], tags=data["tags"])
    name, params, extra = PAGES[page]
    client = client_for("cochair")
    with django_assert_num_queries(REQUEST_QUERIES + extra):
        assert _get(client, name, params).status_code == 200


def test_query_counts_are_the_same_with_10000_activities(
    client_for, data, django_assert_num_queries
):
    bulk_activities(10_000, data["states"], tags=data["tags"])
    client = client_for("cochair")
    for name, params, extra in PAGES.values():
        with django_assert_num_queries(REQUEST_QUERIES + extra):
            response = _get(client, name, params)
        assert response.status_code == 200
    assert len(response.context["page"].object_list) == 50


def test_coverage_counts_open_challenges(client_for, data):
    bulk_activities(10, data["states"], tags=data["tags"])
    response = client_for("cochair").get(reverse("outreach:coverage"), {"as_of": "2024-01-01"})
    rows = {r.state.iso3: r for r in response.context["rows"]}
    assert (rows["XNS"].open_challenges, rows["XSG"].open_challenges) == (1, 0)
