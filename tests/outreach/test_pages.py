"""The log's filters, coverage, follow-ups, editing, deleting and the CSV export."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from challenges.models import ChallengeTag
from outreach import services
from outreach.models import FollowUp, OutreachActivity
from tests.factories import StateFactory
from tests.outreach.conftest import form_data
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _log(client, **params):
    response = client.get(reverse("outreach:index"), params)
    assert response.status_code == 200, response.content.decode()[:500]
    return [a.actor_name for a in response.context["page"].object_list]


# --- coverage ---------------------------------------------------------------------------------


def test_coverage_lists_never_contacted_states_first(client_for, signatory, non_signatory):
    StateFactory(iso3="XAA", name_en="Aardland")  # never contacted, sorts first by name
    OutreachActivityFactory(start_date=D(2018, 1, 5), states=[signatory])
    OutreachActivityFactory(start_date=D(2018, 3, 5), states=[non_signatory])
    response = client_for("cochair").get(reverse("outreach:coverage"), {"as_of": "2018-05-31"})
    assert [r.state.iso3 for r in response.context["rows"]] == ["XAA", "XSG", "XNS"]


def test_coverage_leaves_out_states_parties(client_for, party, signatory):
    response = client_for("cochair").get(reverse("outreach:coverage"), {"as_of": "2018-05-31"})
    assert [r.state.iso3 for r in response.context["rows"]] == ["XSG"]


def test_coverage_counts_contacts_since_the_cycle_start(client_for, signatory):
    for day in (D(2017, 6, 1), D(2017, 10, 1), D(2018, 2, 1)):
        OutreachActivityFactory(start_date=day, states=[signatory])
    client = client_for("cochair")
    default = client.get(reverse("outreach:coverage"), {"as_of": "2018-05-31"})
    assert default.context["rows"][0].contacts_in_cycle == 2
    assert "11 September 2017" in default.content.decode()
    earlier = client.get(
        reverse("outreach:coverage"), {"as_of": "2018-05-31", "since": "2017-01-01"}
    )
    assert earlier.context["rows"][0].contacts_in_cycle == 3


def test_coverage_ignores_contacts_after_its_date(client_for, signatory):
    OutreachActivityFactory(start_date=D(2019, 1, 1), states=[signatory])
    response = client_for("cochair").get(reverse("outreach:coverage"), {"as_of": "2018-05-31"})
    assert response.context["rows"][0].last_contact is None


def test_coverage_filters_by_region(client_for, signatory, non_signatory):
    response = client_for("cochair").get(
        reverse("outreach:coverage"), {"as_of": "2018-05-31", "region": "Asia"}
    )
    assert [r.state.iso3 for r in response.context["rows"]] == ["XNS"]


def test_coverage_answers_a_bad_date_with_400(client_for):
    response = client_for("cochair").get(reverse("outreach:coverage"), {"as_of": "31/05/2018"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


# --- the log's filters --------------------------------------------------------------------------


@pytest.fixture
def three(signatory, non_signatory, party):
    a = OutreachActivityFactory(
        actor_name="A", start_date=D(2018, 1, 10), states=[signatory], kind="letter"
    )
    b = OutreachActivityFactory(
        actor_name="B",
        start_date=D(2018, 3, 10),
        states=[non_signatory],
        actor_role="wgtu_cochair",
    )
    c = OutreachActivityFactory(
        actor_name="C", start_date=D(2014, 6, 1), states=[party], visibility="public"
    )
    FollowUpFactory(activity=b)
    return a, b, c


def test_the_log_is_newest_first(client_for, three):
    assert _log(client_for("cochair")) == ["B", "A", "C"]


def test_the_log_filters_by_actor_role(client_for, three):
    assert _log(client_for("cochair"), actor_role="wgtu_cochair") == ["B"]


def test_the_log_filters_by_kind(client_for, three):
    assert _log(client_for("cochair"), kind="letter") == ["A"]


def test_the_log_filters_by_region(client_for, three):
    assert _log(client_for("cochair"), region="Asia") == ["B"]


def test_the_log_filters_by_state(client_for, three):
    assert _log(client_for("cochair"), state="XSG") == ["A"]


def test_the_log_filters_by_date_range(client_for, three):
    assert _log(client_for("cochair"), date_from="2018-01-01", date_to="2018-02-28") == ["A"]


def test_the_log_filters_by_open_follow_ups(client_for, three):
    client = client_for("cochair")
    assert _log(client, open_followups="yes") == ["B"]
    assert _log(client, open_followups="no") == ["A", "C"]


def test_the_log_filters_by_status_on_the_activity_date(client_for, three):
    # Partyland deposited on 2 April 2014: not yet in force on 1 June 2014 (24 December 2014).
    client = client_for("cochair")
    assert _log(client, status="ratified_not_in_force", status_on="activity") == ["C"]
    assert _log(client, status="state_party", status_on="activity") == []


def test_the_log_filters_by_status_today(client_for, three):
    assert _log(client_for("cochair"), status="state_party", status_on="today") == ["C"]


def test_the_log_filters_by_visibility(client_for, three):
    assert _log(client_for("cochair"), visibility="public") == ["C"]


def test_the_log_refuses_a_period_ending_before_it_starts(client_for, three):
    response = client_for("cochair").get(
        reverse("outreach:index"), {"date_from": "2018-02-01", "date_to": "2018-01-01"}
    )
    assert response.status_code == 400


def test_the_log_is_paginated_by_50(client_for, signatory):
    from tests.outreach.factories import bulk_activities

    bulk_activities(51, [signatory])
    response = client_for("cochair").get(reverse("outreach:index"))
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.num_pages == 2


# --- CSV ----------------------------------------------------------------------------------------


def test_the_csv_export_neutralises_formulas(client_for, signatory):
    OutreachActivityFactory(
        actor_name='=HYPERLINK("http://evil")', place="+cmd", summary="@SUM(A1)", states=[signatory]
    )
    response = client_for("cochair").get(reverse("outreach:export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == '\'=HYPERLINK("http://evil")'
    assert rows[1][7] == "'+cmd"
    assert rows[1][10] == "'@SUM(A1)"


def test_the_csv_export_follows_the_filters(client_for, three):
    response = client_for("cochair").get(reverse("outreach:export"), {"kind": "letter"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[3] for r in rows[1:]] == ["A"]


# --- follow-ups ---------------------------------------------------------------------------------


def test_a_follow_up_is_marked_done(client_for, secretariat):
    followup = FollowUpFactory()
    response = client_for("secretariat").post(reverse("outreach:followup_done", args=[followup.pk]))
    assert response.status_code == 302
    followup.refresh_from_db()
    assert followup.done and followup.done_on is not None
    assert followup.history.first().history_user == secretariat


def test_marking_done_returns_to_the_page_it_came_from(client_for):
    followup = FollowUpFactory()
    response = client_for("secretariat").post(
        reverse("outreach:followup_done", args=[followup.pk]), {"next": "/outreach/follow-ups/"}
    )
    assert response["Location"] == "/outreach/follow-ups/"


def test_marking_done_refuses_an_outside_next(client_for):
    followup = FollowUpFactory()
    response = client_for("secretariat").post(
        reverse("outreach:followup_done", args=[followup.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == followup.activity.get_absolute_url()


@pytest.mark.parametrize("target", ["9999-10-01", "outreach:index", "follow-ups/", ""])
def test_marking_done_with_a_next_that_is_not_a_path_returns_to_the_activity(client_for, target):
    """Found by tests/robustness/test_fuzz_every_url.py: next=9999-10-01 was a server error."""
    followup = FollowUpFactory()
    response = client_for("secretariat").post(
        reverse("outreach:followup_done", args=[followup.pk]), {"next": target}
    )
    assert response["Location"] == followup.activity.get_absolute_url()


def test_the_follow_ups_page_lists_open_ones_overdue_first(client_for):
    FollowUpFactory(action="later", due_on=D(2999, 1, 1))
    FollowUpFactory(action="overdue", due_on=D(2018, 1, 1))
    FollowUpFactory(action="done", due_on=D(2017, 1, 1), done=True, done_on=D(2017, 1, 1))
    response = client_for("cochair").get(reverse("outreach:followups"))
    assert [f.action for f in response.context["page"].object_list] == ["overdue", "later"]
    assert response.context["overdue_count"] == 1


def test_followup_queryset_overdue_and_open():
    FollowUpFactory(action="a", due_on=D(2018, 1, 1))
    FollowUpFactory(action="b", due_on=D(2018, 6, 1))
    FollowUpFactory(action="c", due_on=None)
    assert FollowUp.objects.open().count() == 3
    assert [f.action for f in FollowUp.objects.overdue(D(2018, 3, 1))] == ["a"]


# --- deleting -----------------------------------------------------------------------------------


@pytest.fixture
def activity_with_tag(non_signatory, challenge_62, secretariat):
    return services.activity_create(
        user=secretariat,
        fields={
            "start_date": D(2018, 3, 1),
            "actor_role": "presidency",
            "actor_name": "President",
            "kind": "visit",
        },
        states=[non_signatory],
        noted=[services.NotedChallenge(non_signatory, challenge_62, "note")],
        followups=[services.FollowUpChange(action="Call back")],
    )


def test_the_delete_page_says_how_many_tags_stay(client_for, activity_with_tag):
    response = client_for("secretariat").get(
        reverse("outreach:delete", args=[activity_with_tag.pk])
    )
    assert "The 1 challenge tag it noted stays" in response.content.decode()


def test_deleting_an_activity_keeps_its_tags_and_their_history(client_for, activity_with_tag):
    tag = ChallengeTag.objects.get()
    history_before = list(tag.history.values_list("history_id", "history_type", "note"))
    response = client_for("secretariat").post(
        reverse("outreach:delete", args=[activity_with_tag.pk])
    )
    assert response.status_code == 302
    assert OutreachActivity.objects.count() == 0 and FollowUp.objects.count() == 0
    tag.refresh_from_db()
    assert (tag.challenge.code, tag.note, tag.status) == ("6.2", "note", "open")
    assert list(tag.history.values_list("history_id", "history_type", "note")) == history_before
    assert tag.outreach_activities.count() == 0


def test_deleting_an_activity_is_recorded_with_who(activity_with_tag, cochair, secretariat):
    pk = activity_with_tag.pk
    services.activity_delete(activity=activity_with_tag, user=secretariat)
    last = OutreachActivity.history.filter(id=pk).order_by("-history_date").first()
    assert (last.history_type, last.history_user) == ("-", secretariat)


def test_deleting_an_activity_removes_its_files(
    client_for, signatory, media_root, secretariat, django_capture_on_commit_callbacks
):
    from tests.outreach.conftest import pdf_upload

    activity = services.activity_create(
        user=secretariat,
        fields={
            "start_date": D(2018, 3, 1),
            "actor_role": "other",
            "actor_name": "X",
            "kind": "letter",
        },
        states=[signatory],
        files=[pdf_upload()],
    )
    assert len(list(media_root.rglob("*.pdf"))) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client_for("secretariat").post(reverse("outreach:delete", args=[activity.pk]))
    assert list(media_root.rglob("*.pdf")) == []


# --- editing ------------------------------------------------------------------------------------


def test_editing_saves_the_changes_and_their_author(
    client_for, activity_with_tag, signatory, non_signatory, cochair
):
    data = form_data(
        states=[signatory, non_signatory], version=activity_with_tag.version, place="New place"
    )
    data["followups-INITIAL_FORMS"] = "1"
    followup = activity_with_tag.followups.get()
    data["followups-0-id"] = followup.pk
    data["followups-0-activity"] = activity_with_tag.pk
    data["followups-0-action"] = followup.action
    response = client_for("secretariat").post(
        reverse("outreach:edit", args=[activity_with_tag.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    activity_with_tag.refresh_from_db()
    assert activity_with_tag.place == "New place" and activity_with_tag.version == 2
    history = client_for("cochair").get(activity_with_tag.get_absolute_url()).context["history"]
    latest = history[0]
    assert ("place", "—", "New place") in [(c[0], c[1], c[2]) for c in latest.changes]
    assert "states added: Signatoria" in latest.reason  # names, not codes


def test_a_stale_edit_is_refused_with_what_changed(
    client_for, activity_with_tag, non_signatory, cochair, secretariat
):
    services.activity_update(
        activity=OutreachActivity.objects.get(pk=activity_with_tag.pk),
        user=secretariat,
        expected_version=1,
        fields={
            **{f: getattr(activity_with_tag, f) for f in services.ACTIVITY_FIELDS},
            "place": "Geneva",
        },
        states=[non_signatory],
    )
    data = form_data(states=[non_signatory], version=1, summary="My late edit")
    response = client_for("secretariat").post(
        reverse("outreach:edit", args=[activity_with_tag.pk]), data
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "after you opened the form" in page and "Geneva" in page
    assert "My late edit" in page
    assert OutreachActivity.objects.get().summary != "My late edit"
    assert response.context["editor"].form["version"].value() == "2"


def test_removing_an_attachment_in_the_edit_form(
    client_for, signatory, secretariat, media_root, django_capture_on_commit_callbacks
):
    from tests.outreach.conftest import pdf_upload

    activity = services.activity_create(
        user=secretariat,
        fields={
            "start_date": D(2018, 3, 1),
            "actor_role": "other",
            "actor_name": "X",
            "kind": "letter",
        },
        states=[signatory],
        files=[pdf_upload()],
    )
    data = form_data(states=[signatory], version=1)
    data["activity-remove_attachments"] = [activity.attachments.get().pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("secretariat").post(
            reverse("outreach:edit", args=[activity.pk]), data
        )
    assert response.status_code == 302
    assert activity.attachments.count() == 0
    assert list(media_root.rglob("*.pdf")) == []


def test_a_state_party_challenge_in_an_edit_changes_nothing(
    client_for, activity_with_tag, party, non_signatory, challenge_62
):
    data = form_data(
        states=[non_signatory, party], version=1, noted=[(party, challenge_62, "")], place="Changed"
    )
    response = client_for("secretariat").post(
        reverse("outreach:edit", args=[activity_with_tag.pk]), data
    )
    assert response.status_code == 200
    activity_with_tag.refresh_from_db()
    assert (activity_with_tag.place, activity_with_tag.version) == ("", 1)
    assert list(activity_with_tag.states.all()) == [non_signatory]
    assert ChallengeTag.objects.count() == 1
