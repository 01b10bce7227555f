"""The first request after a write (issue 21, item 2): a write through the service layer, then one
request of the page; its queries do not grow with the data (the same count with 6 and 60 states
and everything that grows with them: tags, activities, follow-ups, stage entries, meetings).
bench/inprocess.py `cold` times the same path at scale."""

import pytest

from challenges.models import ChallengeTag
from meetings.models import Meeting
from outreach.models import OutreachActivity
from pipeline.models import StageEntry
from states.models import State, TreatyAction
from states.services import actions
from states.versioning import versioned_update
from tests.dashboard.test_queries import _make_world


def _ledger(user):
    action = TreatyAction.objects.order_by("pk").first()
    actions.treaty_action_update(
        action=action, user=user, expected_version=action.version, note="edited"
    )


def _versioned(model, values, user):
    instance = model.objects.order_by("-pk").first()
    versioned_update(instance=instance, expected_version=instance.version, values=values, user=user)


def _outreach(user):
    _versioned(OutreachActivity, {"summary": "edited"}, user)


def _tag(user):
    _versioned(ChallengeTag, {"note": "edited"}, user)


def _stage(user):
    _versioned(StageEntry, {"note": "edited"}, user)


def _meeting(user):
    _versioned(Meeting, {"venue": "Geneva (edited)"}, user)


# page → (path, reader, write, queries of the first request after the write). The signed-in
# readers' count includes their session, user, and role with permissions (3 queries).
COLD = {
    # versions; status half (states with their record, counted; counts and changes since the
    # previous meeting and the last CSP; chart); internal half (open tags per state,
    # joining pipeline, heat map, coverage, upcoming meetings, overdue follow-ups)
    "dashboard": ("/dashboard/?as_of=2018-05-31", "cochair", _ledger, 31),
    # the version; the counts, the rows, the freshness line
    "states_list": ("/states/", "anonymous", _ledger, 4),
    # the version; the state with its record and actions, declarations, stages, freshness,
    # the history (two)
    "state_page": ("/states/{iso3}/", "cochair", _ledger, 11),
    # the version; key dates, the states (map, counted), the chart, the freshness line
    "status": ("/status/", "anonymous", _ledger, 5),
    # the versions; the page of activities with their states, tags, follow-ups
    "outreach_log": ("/outreach/", "cochair", _outreach, 8),
    # the version; the items, the open tags grouped
    "heatmap": ("/challenges/heatmap/", "cochair", _tag, 6),
    # the versions; vocabulary, key dates, states with stages and outreach, challenges,
    # follow-ups
    "pipeline": ("/pipeline/", "cochair", _stage, 9),
    # the version; the plans with their conferences, their meetings, activities, the
    # conferences to come
    "meetings": ("/meetings/", "cochair", _meeting, 8),
}


@pytest.mark.parametrize("size", [6, 60])
@pytest.mark.parametrize("page", list(COLD))
def test_the_first_request_after_a_write_runs_a_fixed_number_of_queries(
    client_for, secretariat, django_assert_num_queries, page, size
):
    _make_world(size)
    path, reader, write, expected = COLD[page]
    path = path.format(iso3=State.objects.order_by("pk")[2].iso3)
    client = client_for(reader)
    assert client.get(path).status_code == 200  # warm: now served from the page cache
    write(secretariat)
    with django_assert_num_queries(expected):
        response = client.get(path)
    assert response.status_code == 200


def test_the_meetings_index_is_cached_and_never_stale(
    client_for, secretariat, django_assert_num_queries
):
    _make_world(6)
    client = client_for("cochair")
    client.get("/meetings/")
    # session, user, role and permissions; the version
    with django_assert_num_queries(4):
        client.get("/meetings/")
    assert "Retitled meeting" not in client.get("/meetings/").content.decode()
    _versioned(Meeting, {"title": "Retitled meeting"}, secretariat)
    assert "Retitled meeting" in client.get("/meetings/").content.decode()
