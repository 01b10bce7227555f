"""Secretariat editing in the browser: each change validated, recorded (who, when, what) and
confirmed with a message."""

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import (
    AgendaItem,
    Conference,
    Document,
    DocumentFile,
    Meeting,
    PlanActivity,
    WorkPlan,
)
from tests.meetings.samples import pdf_bytes, upload

D = dt.date


@pytest.fixture
def sec(client_for):
    return client_for("secretariat")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def new_meeting(sec, plan, day="2018-07-10", **extra):
    data = {"date": day, "title": "Third WGTU meeting", "venue": "Geneva", "status": "planned"}
    data.update(extra)
    return sec.post(reverse("meetings:meeting_create", args=[plan.pk]), data, follow=True)


def test_the_secretariat_adds_a_third_meeting(sec, work_plan, secretariat):
    response = new_meeting(sec, work_plan)
    meeting = work_plan.meetings.get(date=D(2018, 7, 10))
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert messages_of(response) == ["Meeting Third WGTU meeting (2018-07-10) created."]
    assert meeting.history.get().history_user == secretariat


def test_a_meeting_date_outside_the_plan_is_refused(sec, work_plan):
    response = new_meeting(sec, work_plan, day="2018-09-01")
    assert response.status_code == 200
    assert "The date must fall within the work plan" in response.content.decode()
    assert work_plan.meetings.count() == 2


def test_a_second_meeting_on_the_same_day_is_refused(sec, work_plan):
    response = new_meeting(sec, work_plan, day="2018-03-07")
    assert "already has a meeting on that day" in response.content.decode()
    assert work_plan.meetings.count() == 2


def test_editing_a_meeting_date_outside_the_plan_is_refused(sec, march_meeting):
    url = reverse("meetings:meeting_edit", args=[march_meeting.pk])
    data = {"date": "2017-01-01", "title": march_meeting.title, "status": "held"}
    response = sec.post(url, data)
    assert "The date must fall within the work plan" in response.content.decode()
    march_meeting.refresh_from_db()
    assert march_meeting.date == D(2018, 3, 7)


def test_an_agenda_item_is_added_at_the_end(sec, march_meeting, secretariat):
    url = reverse("meetings:agenda_item_create", args=[march_meeting.pk])
    response = sec.post(url, {"title": "Any other business"}, follow=True)
    item = march_meeting.agenda_items.get(title="Any other business")
    assert item.order == 5
    assert messages_of(response) == ["Agenda item added: Any other business."]
    assert item.history.get().history_user == secretariat


def test_an_agenda_item_needs_a_topic_or_a_title(sec, march_meeting):
    url = reverse("meetings:agenda_item_create", args=[march_meeting.pk])
    response = sec.post(url, {"description": "no heading"})
    assert "Choose a standard topic or give the item a title." in response.content.decode()
    assert march_meeting.agenda_items.count() == 4


def order_of(meeting) -> list[str]:
    return [i.topic.code for i in meeting.agenda_items.order_by("order")]


def test_moving_an_item_down_returns_to_the_same_page(sec, march_meeting, secretariat):
    item = march_meeting.agenda_items.get(order=1)
    url = reverse("meetings:agenda_item_move", args=[item.pk])
    response = sec.post(url, {"direction": "down"})
    assert response.status_code == 302
    assert response["Location"] == f"{march_meeting.get_absolute_url()}#item-{item.pk}"
    assert order_of(march_meeting)[:2] == ["presidency-activities", "status-of-ratifications"]
    assert item.history.latest().history_user == secretariat


def test_moving_the_first_item_up_changes_nothing(sec, march_meeting):
    item = march_meeting.agenda_items.get(order=1)
    before = order_of(march_meeting)
    url = reverse("meetings:agenda_item_move", args=[item.pk])
    response = sec.post(url, {"direction": "up"}, follow=True)
    assert order_of(march_meeting) == before
    assert "is already at the top" in messages_of(response)[0]


def test_a_move_asked_by_the_script_is_answered_in_json(sec, march_meeting):
    item = march_meeting.agenda_items.get(order=4)
    url = reverse("meetings:agenda_item_move", args=[item.pk])
    response = sec.post(url, {"direction": "up"}, headers={"Accept": "application/json"})
    assert response.json()["moved"] is True
    assert order_of(march_meeting)[2:] == ["stakeholder-updates", "parliamentary-cooperation"]


def test_a_move_writes_one_history_row_per_moved_item(sec, march_meeting):
    item = march_meeting.agenda_items.get(order=2)
    before = AgendaItem.history.count()
    sec.post(reverse("meetings:agenda_item_move", args=[item.pk]), {"direction": "up"})
    assert AgendaItem.history.count() == before + 2


def test_removing_an_item_asks_for_confirmation_first(sec, march_meeting):
    item = march_meeting.agenda_items.get(order=4)
    page = sec.get(reverse("meetings:agenda_item_delete", args=[item.pk]))
    assert "Confirm removal" in page.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_removing_an_item_is_recorded(sec, march_meeting, secretariat):
    item = march_meeting.agenda_items.get(order=4)
    response = sec.post(reverse("meetings:agenda_item_delete", args=[item.pk]), follow=True)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()
    assert messages_of(response) == [
        "Agenda item removed: Updates on other activities by ATT stakeholders."
    ]
    deletion = AgendaItem.history.get(id=item.pk, history_type="-")
    assert deletion.history_user == secretariat


def test_notes_are_saved_and_recorded_with_their_author(sec, march_meeting, secretariat):
    item = march_meeting.agenda_items.get(order=1)
    url = reverse("meetings:agenda_item_edit", args=[item.pk])
    data = {
        "topic": item.topic_id,
        "description": item.description,
        "public_notes": "92 States Parties on 7 March 2018.",
        "internal_notes": "Follow up with two signatories.",
        "version": item.version,
    }
    response = sec.post(url, data, follow=True)
    item.refresh_from_db()
    assert item.internal_notes == "Follow up with two signatories."
    assert messages_of(response)[0].startswith("Saved:")
    latest = item.history.latest()
    assert latest.history_user == secretariat
    assert {c.field for c in latest.diff_against(latest.prev_record).changes} == {
        "public_notes",
        "internal_notes",
    }


def test_an_unchanged_form_saves_nothing(sec, march_meeting):
    item = march_meeting.agenda_items.get(order=1)
    data = {"topic": item.topic_id, "description": item.description, "version": item.version}
    before = item.history.count()
    response = sec.post(reverse("meetings:agenda_item_edit", args=[item.pk]), data, follow=True)
    assert messages_of(response) == ["Nothing was changed."]
    assert item.history.count() == before


def _conference(number, first=None, last=None):
    return Conference.objects.get_or_create(
        number=number, defaults={"opening": first, "closing": last}
    )[0]


def test_a_plan_whose_conferences_are_out_of_order_is_refused(sec, db):
    csp4 = _conference(4, D(2018, 8, 20), D(2018, 8, 24))
    csp3 = _conference(3, D(2017, 9, 11), D(2017, 9, 15))
    data = {"title": "CSP5 plan", "conference": csp3.pk, "opening_conference": csp4.pk}
    response = sec.post(reverse("meetings:plan_create"), data)
    assert "The conference a plan prepares comes after the one that opens it." in (
        response.content.decode()
    )
    assert not WorkPlan.objects.exists()


def test_a_plan_cannot_open_with_a_conference_whose_days_are_not_fixed(sec, db):
    csp5, csp6 = _conference(5), _conference(6)
    data = {"title": "CSP6 plan", "conference": csp6.pk, "opening_conference": csp5.pk}
    response = sec.post(reverse("meetings:plan_create"), data)
    assert "Record the days of CSP5 first: the cycle starts with them." in (
        response.content.decode()
    )
    assert not WorkPlan.objects.exists()


def test_a_new_plan_is_created(sec, db):
    csp4 = _conference(4, D(2018, 8, 20), D(2018, 8, 24))
    csp5 = _conference(5)
    data = {
        "title": "Work plan for the CSP5 preparatory meetings",
        "conference": csp5.pk,
        "opening_conference": csp4.pk,
    }
    response = sec.post(reverse("meetings:plan_create"), data, follow=True)
    assert WorkPlan.objects.get().conference == csp5
    assert messages_of(response) == [
        "Work plan Work plan for the CSP5 preparatory meetings created."
    ]


def test_moving_a_plan_to_another_cycle_around_its_meetings_is_refused(sec, work_plan):
    url = reverse("meetings:plan_edit", args=[work_plan.pk])
    csp5 = _conference(5, D(2019, 8, 26), D(2019, 8, 30))
    data = {
        "title": work_plan.title,
        "conference": csp5.pk,
        "opening_conference": work_plan.conference_id,
        "version": work_plan.version,
    }
    response = sec.post(url, data)
    assert "The meeting of 2018-03-07 would fall outside the cycle." in response.content.decode()
    work_plan.refresh_from_db()
    assert work_plan.conference.number == 4


def test_an_activity_ending_before_it_starts_is_refused(sec, work_plan):
    url = reverse("meetings:activity_create", args=[work_plan.pk])
    data = {
        "kind": "workshop",
        "title": "Subregional workshop",
        "start_date": "2018-04-10",
        "end_date": "2018-04-09",
        "status": "planned",
    }
    response = sec.post(url, data)
    assert "the last no earlier than the first" in response.content.decode()
    assert PlanActivity.objects.count() == 2


def test_a_dated_activity_appears_on_the_timeline(sec, work_plan):
    url = reverse("meetings:activity_create", args=[work_plan.pk])
    data = {
        "kind": "workshop",
        "title": "Subregional workshop in Lomé",
        "start_date": "2018-04-10",
        "end_date": "2018-04-11",
        "status": "done",
    }
    sec.post(url, data)
    text = sec.get(reverse("meetings:plan", args=[work_plan.pk])).content.decode()
    timeline = text[text.index('class="timeline') :]
    march = timeline.index("WGTU meeting, 7 March 2018")
    assert (
        march
        < timeline.index("Subregional workshop in Lomé")
        < timeline.index("WGTU meeting, 31 May")
    )
    assert "10\N{EN DASH}11 April 2018" in timeline


@pytest.mark.parametrize(
    "symbol", ["CSP4/2018/REPORT", "ATT/CSP4.WGTU/CHAIR/356", "att/csp4/2018/x", "ATT/CSP4/18/WP.1"]
)
def test_a_symbol_not_in_att_style_is_refused(sec, db, symbol):
    data = {"symbol": symbol, "title": "Report", "kind": "report", "access": "public"}
    response = sec.post(reverse("meetings:document_create"), data)
    assert "Enter an ATT document symbol" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_symbol_is_unique(sec, work_plan):
    data = {
        "symbol": "ATT/CSP2/2016/WP.4/Rev.1",
        "title": "Copy",
        "kind": "working_paper",
        "access": "public",
    }
    response = sec.post(reverse("meetings:document_create"), data)
    assert "A document with this symbol (and annex) already exists." in response.content.decode()


def test_an_annex_needs_the_document_it_belongs_to(sec, db):
    data = {
        "symbol": "ATT/CSP4.WGTU/2018/CHAIR/356/Conf.Rep",
        "annex": "C",
        "title": "Annex",
        "kind": "other",
        "access": "public",
    }
    response = sec.post(reverse("meetings:document_create"), data)
    assert (
        "An annex needs both its letter and the document it belongs to."
        in response.content.decode()
    )


def test_the_secretariat_journey_third_meeting_reorder_and_french_version(
    sec, work_plan, media_root
):
    """The issue's "done when": add a third meeting, reorder its agenda, attach a French file."""
    new_meeting(sec, work_plan)
    meeting = Meeting.objects.get(date=D(2018, 7, 10))
    add = reverse("meetings:agenda_item_create", args=[meeting.pk])
    sec.post(add, {"topic": work_plan.meetings.first().agenda_items.first().topic_id})
    sec.post(add, {"title": "Outreach plan for the Pacific"})
    second = meeting.agenda_items.get(order=2)
    sec.post(reverse("meetings:agenda_item_move", args=[second.pk]), {"direction": "up"})
    assert [i.heading for i in meeting.agenda_items.order_by("order")] == [
        "Outreach plan for the Pacific",
        "Status of ratifications, accessions and signatures",
    ]
    document = Document.objects.get(symbol="ATT/CSP2/2016/WP.4/Rev.1")
    url = reverse("meetings:document_file_upload", args=[document.pk])
    sec.post(url, {"language": "fr", "file": upload("wp4-fr.pdf", pdf_bytes())})
    assert DocumentFile.objects.get(document=document).language == "fr"
