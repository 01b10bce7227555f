"""Cycles (issue 15 item 2): each work plan belongs to the cycle between two conferences;
"Start the next cycle" makes the next plan pre-filled from the previous one; meetings of any
cycle are added (with the standing topics as their agenda), moved and cancelled, with history;
the meetings index groups by cycle, newest first; the data migration keeps older plans."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from meetings import services
from meetings.models import (
    ActivityStatus,
    Conference,
    Document,
    Meeting,
    PlanActivity,
    StandardTopic,
    WorkPlan,
)

D = dt.date
RECURRING = ["status-of-ratifications", "presidency-activities", "stakeholder-updates"]


@pytest.fixture
def sec(client_for):
    return client_for("secretariat")


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def agenda_codes(meeting):
    return [i.topic.code for i in meeting.agenda_items.order_by("order")]


def test_the_form_is_pre_filled_from_the_csp4_plan(sec, work_plan):
    response = sec.get(reverse("meetings:plan_next", args=[work_plan.pk]))
    initial = response.context["form"].initial
    assert initial["title"] == "Work plan for the CSP5 preparatory meetings"
    # The topics on the agenda of every meeting of the cycle stand; the others are offered.
    assert [t.code for t in initial["standing_topics"]] == RECURRING
    assert {a.title for a in initial["activities"]} == set(
        work_plan.activities.values_list("title", flat=True)
    )
    assert "CSP5 is recorded" in response.content.decode()


def test_start_the_next_cycle_from_csp4_gives_a_csp5_plan_whose_meeting_has_the_topics(
    sec, work_plan, secretariat
):
    topics = StandardTopic.objects.filter(code__in=RECURRING)
    data = {
        "title": "Work plan for the CSP5 preparatory meetings",
        "standing_topics": [t.pk for t in topics],
        "activities": list(work_plan.activities.values_list("pk", flat=True)),
        "meeting_date": "2019-02-14",
        "meeting_title": "",
    }
    response = sec.post(reverse("meetings:plan_next", args=[work_plan.pk]), data, follow=True)
    plan = WorkPlan.objects.get(conference__number=5)
    assert response.redirect_chain[-1][0] == plan.get_absolute_url()
    assert messages_of(response) == [
        "The cycle CSP4 → CSP5 has started: Work plan for the CSP5 preparatory meetings."
    ]
    assert plan.opening_conference == work_plan.conference
    assert plan.conference == Conference.objects.get(number=5)
    meeting = plan.meetings.get()
    assert meeting.date == D(2019, 2, 14) and meeting.status == "planned"
    assert agenda_codes(meeting) == RECURRING
    # Activities to re-confirm, without their dates; documents not copied.
    assert set(plan.activities.values_list("status", flat=True)) == {ActivityStatus.TO_CONFIRM}
    assert plan.activities.count() == work_plan.activities.count()
    assert not Document.objects.filter(plan=plan).exists()
    assert plan.history.first().history_user == secretariat
    assert meeting.agenda_items.first().history.first().history_user == secretariat


def test_a_later_meeting_of_the_cycle_starts_with_the_standing_topics(sec, work_plan):
    plan = services.next_cycle_start(
        plan=work_plan,
        title="CSP5 plan",
        standing_topics=StandardTopic.objects.filter(code__in=RECURRING),
        activities=[],
        meeting_date=None,
        meeting_title="",
        user=None,
    )
    data = {"date": "2019-05-20", "title": "Second meeting", "status": "planned"}
    sec.post(reverse("meetings:meeting_create", args=[plan.pk]), data)
    assert agenda_codes(plan.meetings.get()) == RECURRING


def test_the_next_cycle_may_prepare_a_conference_whose_dates_are_to_be_fixed(sec, reference_data):
    plan = WorkPlan.objects.get()
    plan.conference = Conference.objects.get(number=12)
    plan.opening_conference = Conference.objects.get(number=11)
    plan.save()
    for meeting in plan.meetings.all():
        meeting.delete()
    data = {"title": "CSP13 plan", "meeting_date": "2027-02-10"}
    response = sec.post(reverse("meetings:plan_next", args=[plan.pk]), data, follow=True)
    assert response.status_code == 200
    csp13 = Conference.objects.get(number=13)
    assert csp13.label == "CSP13, dates to be fixed"
    new = WorkPlan.objects.get(conference=csp13)
    assert new.covers(D(2030, 1, 1))  # open-ended until CSP13's days are fixed
    assert not new.covers(D(2026, 8, 23))
    assert "CSP13, dates to be fixed" in sec.get(reverse("meetings:index")).content.decode()


def test_a_cycle_that_has_its_plan_already_is_refused(sec, work_plan):
    data = {"title": "Again"}
    sec.post(reverse("meetings:plan_next", args=[work_plan.pk]), data)
    response = sec.post(reverse("meetings:plan_next", args=[work_plan.pk]), data)
    assert "CSP5 already has a work plan." in response.content.decode()
    assert WorkPlan.objects.filter(conference__number=5).count() == 1


def test_a_first_meeting_outside_the_new_cycle_is_refused(sec, work_plan):
    data = {"title": "CSP5 plan", "meeting_date": "2018-03-01"}
    response = sec.post(reverse("meetings:plan_next", args=[work_plan.pk]), data)
    assert "The date must fall within the new cycle." in response.content.decode()
    assert not WorkPlan.objects.filter(conference__number=5).exists()


def test_only_the_secretariat_starts_a_cycle(client_for, work_plan):
    url = reverse("meetings:plan_next", args=[work_plan.pk])
    assert client_for("cochair").post(url, {"title": "x"}).status_code == 403
    assert not WorkPlan.objects.filter(conference__number=5).exists()


def test_meetings_of_any_cycle_are_added_moved_and_cancelled_with_history(
    sec, work_plan, secretariat
):
    plan = services.next_cycle_start(
        plan=work_plan,
        title="CSP5 plan",
        standing_topics=[],
        activities=[],
        meeting_date=None,
        meeting_title="",
        user=secretariat,
    )
    sec.post(
        reverse("meetings:meeting_create", args=[plan.pk]),
        {"date": "2019-03-06", "title": "First", "status": "planned"},
    )
    meeting = plan.meetings.get()
    url = reverse("meetings:meeting_edit", args=[meeting.pk])
    form = {"title": "First", "status": "planned", "version": "1"}
    assert sec.post(url, {**form, "date": "2019-03-13"}).status_code == 302
    assert sec.post(url, {**form, "date": "2019-03-13", "version": "2", "status": "cancelled"})
    meeting.refresh_from_db()
    assert (meeting.date, meeting.status) == (D(2019, 3, 13), "cancelled")
    history = list(meeting.history.order_by("history_id").values_list("date", "status"))
    assert history == [
        (D(2019, 3, 6), "planned"),
        (D(2019, 3, 13), "planned"),
        (D(2019, 3, 13), "cancelled"),
    ]
    # Moving it out of the cycle is refused (CSP4's first day is before it).
    response = sec.post(url, {**form, "date": "2018-08-01", "version": "3"})
    assert "The date must fall within the work plan" in response.content.decode()


def test_editing_the_standing_topics_alone_is_a_versioned_change(sec, work_plan, secretariat):
    url = reverse("meetings:plan_edit", args=[work_plan.pk])
    topic = StandardTopic.objects.get(code="status-of-ratifications")
    data = {
        "title": work_plan.title,
        "opening_conference": work_plan.opening_conference_id,
        "conference": work_plan.conference_id,
        "standing_topics": [topic.pk],
        "description": work_plan.description,
        "version": work_plan.version,
    }
    assert sec.post(url, data).status_code == 302
    work_plan.refresh_from_db()
    assert list(work_plan.standing_topics.all()) == [topic]
    assert work_plan.version == 2
    stale = sec.post(url, {**data, "standing_topics": []})
    assert stale.status_code == 409


def test_the_index_groups_by_cycle_newest_first(client_for, work_plan, secretariat):
    services.next_cycle_start(
        plan=work_plan,
        title="CSP5 plan",
        standing_topics=[],
        activities=[],
        meeting_date=D(2019, 2, 14),
        meeting_title="February",
        user=secretariat,
    )
    response = client_for("delegate").get(reverse("meetings:index"))
    cycles = [plan.cycle_label for plan, _timeline, _undated in response.context["timelines"]]
    assert cycles == ["CSP4 → CSP5", "CSP3 → CSP4"]
    html = response.content.decode()
    assert html.index('data-cycle="CSP4-CSP5"') < html.index('data-cycle="CSP3-CSP4"')


def test_the_index_hides_internal_meetings_from_delegates(client_for, work_plan):
    Meeting.objects.create(
        plan=work_plan, date=D(2018, 4, 10), title="Co-chairs only", access="internal"
    )
    assert "Co-chairs only" not in client_for("delegate").get("/meetings/").content.decode()
    assert "Co-chairs only" in client_for("cochair").get("/meetings/").content.decode()


def test_activities_carried_over_wait_to_be_reconfirmed(work_plan):
    activity = work_plan.activities.first()
    activity.start_date = D(2018, 4, 1)
    activity.save()
    plan = services.next_cycle_start(
        plan=work_plan,
        title="CSP5 plan",
        standing_topics=[],
        activities=[activity],
        meeting_date=None,
        meeting_title="",
        user=None,
    )
    copy = PlanActivity.objects.get(plan=plan)
    assert (copy.title, copy.status, copy.start_date) == (activity.title, "to_confirm", None)
    assert copy.get_status_display() == "To re-confirm"


# --- the data migration ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_plans_texts_into_conference_records():
    executor = MigrationExecutor(connection)
    before = [("meetings", "0003_versions")]
    after = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        OldPlan = old.get_model("meetings", "WorkPlan")
        OldPlan.objects.create(
            title="Work plan for the CSP4 preparatory meetings",
            conference="CSP4",
            opening_conference="CSP3",
            opens_start=D(2017, 9, 11),
            opens_end=D(2017, 9, 15),
            closes_start=D(2018, 8, 20),
            closes_end=D(2018, 8, 24),
        )
        OldPlan.objects.create(
            title="Next plan",
            conference="the fifth one",
            opening_conference="CSP4",
            opens_start=D(2018, 8, 20),
            opens_end=D(2018, 8, 24),
            closes_start=D(2019, 8, 26),
            closes_end=D(2019, 8, 30),
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        Plan = new.get_model("meetings", "WorkPlan")
        first = Plan.objects.get(title="Work plan for the CSP4 preparatory meetings")
        assert (first.opening_conference.number, first.conference.number) == (3, 4)
        assert (first.opening_conference.opening, first.conference.closing) == (
            D(2017, 9, 11),
            D(2018, 8, 24),
        )
        second = Plan.objects.get(title="Next plan")
        assert second.opening_conference_id == first.conference_id
        assert second.conference.number == 1000
        assert "check its number" in second.conference.notes
        assert (second.conference.opening, second.conference.closing) == (
            D(2019, 8, 26),
            D(2019, 8, 30),
        )
        History = new.get_model("meetings", "HistoricalConference")
        assert History.objects.filter(history_user=None).count() == 3
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        for model in (WorkPlan, Conference):
            model.history.all().delete()
        WorkPlan.objects.all().delete()
        Conference.objects.all().delete()
