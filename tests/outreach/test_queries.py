"""Query counts pinned, the same with 10 and with 10,000 activities (bulk_create, no history);
the log's cached body, never stale."""

import datetime as dt

import pytest
from django.urls import reverse

from challenges.models import ChallengeTag
from outreach.services import followup_mark_done
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory, bulk_activities

pytestmark = pytest.mark.django_db

# Every signed-in page: session, user, the user's role and permissions together (the permission
# check and the navigation: accounts.roles.load_access); no session save (wgtu_portal.sessions
# saves it at most once a minute).
REQUEST_QUERIES = 3


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
    # the version of the outreach records and the ledger (one query: the cache key), then (not
    # cached yet) count, the page of 50 (open follow-up and tag counts as subqueries), the
    # page's states, the states' version (the filter's fields are kept by it) and the state
    # filter's choices (after a write to outreach only, the fields come from their cache:
    # tests/test_cold_path.py).
    "log": ("outreach:index", {}, 6),
    # the version, the treaty actions (status periods), then as "log".
    "log_by_status": ("outreach:index", {"status": "signatory", "status_on": "activity"}, 7),
    # the non-parties, the contacts grouped by state, the open challenge tags grouped by state.
    "coverage": ("outreach:coverage", {"as_of": "2024-01-01"}, 3),
    # the state with its status, the count, the page of 50, their states, their tags.
    "timeline": ("outreach:state_timeline", {}, 5),
    # the count, the page (activity joined), the activities' states (their headings), the
    # overdue count.
    "followups": ("outreach:followups", {}, 4),
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


# The log is cached: served again with the version query alone, never stale.


def _log(client):
    return client.get(reverse("outreach:index"))


def _main(response) -> str:
    html = response.content.decode()  # the page's head holds a nonce that differs each time
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_the_log_is_served_from_the_cache_the_second_time(
    client_for, data, django_assert_num_queries
):
    bulk_activities(60, data["states"], tags=data["tags"])
    client = client_for("cochair")
    first = _log(client)
    # + the version of the outreach records and the ledger (the cache key), nothing else.
    with django_assert_num_queries(REQUEST_QUERIES + 1):
        second = _log(client)
    assert _main(second) == _main(first)
    assert second.context is None  # the whole page from the page cache (caching.pages)


def test_a_new_activity_shows_in_the_log_at_once(client_for, data):
    client = client_for("cochair")
    bulk_activities(3, data["states"])
    assert "3 activities" in _log(client).content.decode()
    OutreachActivityFactory(actor_name="A new actor", start_date=dt.date(2030, 1, 1))
    html = _log(client).content.decode()
    assert "4 activities" in html and "A new actor" in html


def test_activities_loaded_without_history_show_in_the_log_at_once(client_for, data):
    client = client_for("cochair")
    bulk_activities(3, data["states"])
    assert "3 activities" in _log(client).content.decode()
    bulk_activities(2, data["states"])
    assert "5 activities" in _log(client).content.decode()


def test_a_follow_up_done_updates_the_open_count_at_once(client_for, data, secretariat):
    client = client_for("cochair")
    followup = FollowUpFactory(activity=OutreachActivityFactory(), due_on=dt.date(2018, 4, 1))
    assert _log(client).context["page"].object_list[0].open_followup_count == 1
    followup_mark_done(followup=followup, user=secretariat, on=dt.date(2018, 4, 2))
    assert _log(client).context["page"].object_list[0].open_followup_count == 0
