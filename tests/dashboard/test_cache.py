"""The dashboard's cached halves: a second request is served from the cache, and nothing shown is
stale after a write to the treaty record, outreach, challenges or meetings. The overdue follow-ups
panel shows the 10 earliest and the total."""

import datetime as dt

import pytest
from django.utils import translation

from challenges.models import Challenge
from challenges.services import challenge_tag_create
from dashboard import cache
from meetings.models import Meeting, WorkPlan
from outreach.services import followup_mark_done
from pipeline.models import ProcedureStage
from pipeline.services import stage_entry_create
from states.models import State, Status, TreatyAction
from states.services.actions import treaty_action_create
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory, bulk_activities

D = dt.date
URL = "/dashboard/"
ON = "2018-05-31"


def _get(client, on=ON):
    return client.get(URL, {"as_of": on})


def _main(response) -> str:
    """The page's main content (the CSP nonce of the page's head differs on every request)."""
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def _overdue(html: str) -> str:
    """The overdue follow-ups panel's text."""
    return html[html.index('id="h-followups"') :]


def test_a_second_request_is_served_from_the_cache_with_the_same_page(
    reference_data, client_for, django_assert_num_queries
):
    client = client_for("cochair")
    first = _get(client)
    # session, user, the user's role and permissions (accounts.roles.load_access); the versions
    # of the ledger, meetings, challenges, the pipeline and outreach (one query). Nothing else.
    with django_assert_num_queries(4):
        second = _get(client)
    assert _main(second) == _main(first)
    # The whole page comes from the page cache (caching.pages): no template is rendered.
    assert "counts" in first.context and second.context is None


def test_the_overdue_panel_lists_the_10_earliest_with_the_total_and_a_link(
    reference_data, client_for
):
    activity = OutreachActivityFactory(start_date=D(2018, 1, 2))
    for day in range(12):
        FollowUpFactory(activity=activity, action=f"Task {day:02d}", due_on=D(2018, 2, 1 + day))
    response = _get(client_for("cochair"))
    followups = response.context["followups"]
    assert [row["action"] for row in followups["rows"]] == [f"Task {d:02d}" for d in range(10)]
    assert followups["total"] == 12
    panel = _overdue(response.content.decode())
    assert "12 follow-ups overdue on this date." in panel
    assert "The 10 due earliest:" in panel
    assert "Task 10" not in panel
    assert 'href="/outreach/follow-ups/' in panel


def test_a_new_treaty_action_shows_at_once(reference_data, client_for, secretariat):
    client = client_for("cochair")
    _get(client)
    treaty_action_create(
        state=State.objects.get(iso3="RUS"),
        user=secretariat,
        kind=TreatyAction.Kind.ACCESSION,
        date=D(2018, 5, 2),
    )
    response = _get(client)
    assert response.context["counts"].totals[Status.RATIFIED_NOT_IN_FORCE] == 2
    assert 'data-iso3="RUS"' in response.content.decode().split('id="h-changes"')[0]


def test_a_new_follow_up_shows_at_once(reference_data, client_for):
    activity = OutreachActivityFactory(start_date=D(2018, 1, 2))
    FollowUpFactory(activity=activity, action="First task", due_on=D(2018, 2, 1))
    client = client_for("cochair")
    assert "1 follow-up overdue" in _overdue(_get(client).content.decode())
    FollowUpFactory(activity=activity, action="Second task", due_on=D(2018, 2, 2))
    panel = _overdue(_get(client).content.decode())
    assert "2 follow-ups overdue" in panel and "Second task" in panel


def test_a_follow_up_marked_done_leaves_the_panel_at_once(reference_data, client_for, secretariat):
    activity = OutreachActivityFactory(start_date=D(2018, 1, 2))
    followup = FollowUpFactory(activity=activity, action="First task", due_on=D(2018, 2, 1))
    client = client_for("cochair")
    assert "First task" in _overdue(_get(client).content.decode())
    followup_mark_done(followup=followup, user=secretariat, on=D(2018, 3, 1))
    assert "No follow-up overdue on this date." in _overdue(_get(client).content.decode())


def test_activities_written_without_history_show_at_once(reference_data, client_for):
    """A bulk load (the scale data generator) writes no history rows: still seen."""
    client = client_for("cochair")
    assert "No follow-up overdue on this date." in _overdue(_get(client).content.decode())
    bulk_activities(3, [State.objects.get(iso3="USA")], start=D(2018, 1, 2))
    assert "No follow-up overdue on this date." not in _overdue(_get(client).content.decode())


def test_a_new_challenge_tag_shows_in_the_pipeline_at_once(reference_data, client_for, secretariat):
    client = client_for("cochair")
    before = {row["iso3"]: row for row in _get(client).context["pipeline"]}
    assert before["USA"]["open_challenges"] == 0
    challenge_tag_create(
        state=State.objects.get(iso3="USA"),
        challenge=Challenge.objects.get(code="6.2"),
        noted_on=D(2017, 10, 1),
        source="Bilateral meeting",
        user=secretariat,
    )
    after = {row["iso3"]: row for row in _get(client).context["pipeline"]}
    assert after["USA"]["open_challenges"] == 1


def test_a_new_stage_entry_shows_in_the_joining_panel_at_once(
    reference_data, client_for, secretariat
):
    client = client_for("cochair")
    first = _get(client)
    panel = _main(first).split('id="h-joining"')[1].split("</section>")[0]
    assert 'data-iso3="USA"' not in panel
    counts = {c["stage"].code: c["count"] for c in first.context["joining"]["counts"]}
    assert counts["before_parliament"] == 0
    assert _get(client).context is None  # from the page cache, until the data changes
    stage_entry_create(
        state=State.objects.get(iso3="USA"),
        stage=ProcedureStage.objects.get(code="before_parliament"),
        date=D(2018, 4, 1),
        source="Senate record",
        user=secretariat,
    )
    response = _get(client)
    counts = {c["stage"].code: c["count"] for c in response.context["joining"]["counts"]}
    assert counts["before_parliament"] == 1
    moved = response.context["joining"]["changes"][0]["moves"]  # since the March meeting
    # Chile deposited on 18 May 2018 (the pipeline's end), then the new entry.
    assert [m["iso3"] for m in moved] == ["CHL", "USA"]
    panel = _main(response).split('id="h-joining"')[1].split("</section>")[0]
    assert '<li data-iso3="USA"><a href="/states/USA/">' in panel


def test_a_new_meeting_shows_in_the_key_dates_and_upcoming_meetings_at_once(
    reference_data, client_for
):
    client = client_for("cochair")
    assert "Extra session" not in _get(client).content.decode()
    Meeting.objects.create(
        plan=WorkPlan.objects.first(), date=D(2018, 6, 20), title="Extra session"
    )
    response = _get(client)
    html = response.content.decode()
    assert "Extra session" in html
    assert "?as_of=2018-06-20" in html
    assert any(k.date == D(2018, 6, 20) for k in response.context["key_dates"])


@pytest.mark.parametrize("language", ["fr", "es"])
def test_each_language_has_its_own_entries(reference_data, cochair, language):
    with translation.override("en"):
        cache.dashboard_page(D(2018, 5, 31), user=cochair)
    with translation.override(language):
        context = cache.dashboard_page(D(2018, 5, 31), user=cochair)
    assert "counts" in context and "heatmap" in context  # computed, not the English entries


def test_each_date_has_its_own_entries(reference_data, cochair):
    cache.dashboard_page(D(2018, 5, 31), user=cochair)
    context = cache.dashboard_page(D(2018, 3, 7), user=cochair)
    assert context["counts"].totals[Status.STATE_PARTY] == 92


def test_a_reader_without_outreach_access_never_gets_anothers_follow_ups(db):
    """The internal half is kept for every reader of the same scope (outreach.selectors.
    reader_scope): a reader allowed the dashboard but not outreach must not be given the
    overdue follow-ups of public activities that another reader's visit left in the cache."""
    from django.contrib.auth.models import Permission
    from django.test import Client

    from outreach.selectors import reader_scope
    from tests.dashboard.test_queries import _make_world
    from tests.factories import UserFactory

    _make_world(6)

    def reader(username, *codenames):
        user = UserFactory(username=username)
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        client = Client()
        client.force_login(user)
        return user, client

    public, public_client = reader("pub", "view_treatyaction", "view_outreachactivity")
    outsider, outsider_client = reader("out", "view_treatyaction")
    seen = public_client.get("/dashboard/", {"as_of": "2018-05-31"})
    assert seen.context["followups"]["rows"] and "Call back" in seen.content.decode()
    unseen = outsider_client.get("/dashboard/", {"as_of": "2018-05-31"})
    assert "Call back" not in unseen.content.decode()
    assert (reader_scope(public), reader_scope(outsider)) == ("public", "none")
