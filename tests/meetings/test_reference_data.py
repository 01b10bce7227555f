"""The CSP4 work plan is seeded exactly as the source document gives it, idempotently, and a
person's edit survives a reload."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from meetings import services
from meetings.models import AgendaItem, Document, Meeting, PlanActivity, StandardTopic, WorkPlan

D = dt.date

MARCH = [
    ("status-of-ratifications", "The status of ratifications, accessions, and signatures."),
    (
        "presidency-activities",
        "Activities of the Presidency (including what has been noted (Annex A) during visits to "
        "non-States Parties).",
    ),
    ("parliamentary-cooperation", "Parliamentary cooperation in promoting ATT universalization."),
    ("stakeholder-updates", "Update on other activities by ATT stakeholders."),
]
MAY = [
    ("status-of-ratifications", "The status of ratifications, accessions, and signatures."),
    (
        "presidency-activities",
        "Activities of the Presidency (including what has been noted during visits to "
        "non-States Parties).",
    ),
    (
        "industry-or-ngo-presentation",
        "Presentation of Defence Industry representative or NGO/think tank presentation.",
    ),
    (
        "regional-organizations",
        "Regional organization(s) and/or UN Regional Center(s) in promoting ATT universalization.",
    ),
    ("stakeholder-updates", "Update on other activities by ATT stakeholders."),
]


def agenda(meeting):
    return [(i.topic.code, i.description) for i in meeting.agenda_items.order_by("order")]


def counts():
    return tuple(
        m.objects.count()
        for m in (WorkPlan, Meeting, AgendaItem, PlanActivity, StandardTopic, Document)
    )


def test_the_plan_runs_from_csp3_to_csp4(work_plan):
    opening, closing = work_plan.opening_conference, work_plan.conference
    assert (opening.name, closing.name) == ("CSP3", "CSP4")
    assert (opening.opening, opening.closing) == (D(2017, 9, 11), D(2017, 9, 15))
    assert (closing.opening, closing.closing) == (D(2018, 8, 20), D(2018, 8, 24))
    assert (work_plan.starts, work_plan.ends) == (D(2017, 9, 11), D(2018, 8, 24))


def test_the_plan_has_the_two_meetings_of_the_source_both_held(work_plan):
    meetings = list(work_plan.meetings.values_list("date", "status"))
    assert meetings == [(D(2018, 3, 7), "held"), (D(2018, 5, 31), "held")]


def test_the_march_meeting_has_its_four_topics_in_order(work_plan):
    assert agenda(work_plan.meetings.get(date=D(2018, 3, 7))) == MARCH


def test_the_may_meeting_has_its_five_topics_in_order(work_plan):
    assert agenda(work_plan.meetings.get(date=D(2018, 5, 31))) == MAY


def test_the_plan_has_the_two_other_activities(work_plan):
    activities = list(work_plan.activities.values_list("kind", "title"))
    assert activities == [
        ("workshop", "Support a regional/subregional ATT workshop."),
        (
            "outreach",
            "Outreach by the Presidency, Vice-Presidents, WGTU Co-chair and other actors.",
        ),
    ]


def test_the_reference_documents_are_recorded_without_files(work_plan):
    documents = {(d.symbol, d.annex): d for d in Document.objects.all()}
    report = "ATT/CSP3.WGTU/2017/CHAIR/160/Conf.Rep"
    assert set(documents) == {
        (report, ""),
        (report, "A"),
        (report, "B"),
        ("ATT/CSP2/2016/WP.4/Rev.1", ""),
    }
    assert documents[(report, "A")].part_of == documents[(report, "")]
    assert documents[(report, "B")].title.startswith("Working Group on Universalization Initial")
    assert documents[("ATT/CSP2/2016/WP.4/Rev.1", "")].kind == "working_paper"
    assert not Document.objects.filter(files__isnull=False).exists()


def test_the_six_standard_topics_have_french_and_spanish_titles(work_plan):
    topics = StandardTopic.objects.all()
    assert len(topics) == 6
    assert all(t.title_fr and t.title_es for t in topics)


def test_a_topic_title_follows_the_active_language(work_plan, settings):
    from django.utils import translation

    topic = StandardTopic.objects.get(code="status-of-ratifications")
    with translation.override("fr"):
        assert topic.title == "État des ratifications, adhésions et signatures"
    with translation.override("es"):
        assert topic.title == "Estado de las ratificaciones, adhesiones y firmas"


def test_a_second_load_changes_nothing(work_plan):
    before = counts()
    report = services.work_plan_load()
    assert counts() == before
    assert (report.created, report.updated, report.kept) == (0, 0, 0)


def test_load_reference_data_includes_the_work_plan(db):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "[meetings] Work plan:" in out.getvalue()
    assert Meeting.objects.count() == 2


def test_a_meeting_title_edited_in_the_portal_survives_a_reload(work_plan, secretariat):
    meeting = work_plan.meetings.get(date=D(2018, 3, 7))
    meeting.title = "First WGTU meeting (edited)"
    meeting._history_user = secretariat
    meeting.save()
    report = services.work_plan_load()
    meeting.refresh_from_db()
    assert meeting.title == "First WGTU meeting (edited)"
    assert report.kept == 1


def test_agenda_notes_written_in_the_portal_survive_a_reload(march_meeting, secretariat):
    item = march_meeting.agenda_items.get(order=1)
    item.internal_notes = "92 States Parties noted."
    item._history_user = secretariat
    item.save()
    services.work_plan_load()
    item.refresh_from_db()
    assert item.internal_notes == "92 States Parties noted."


def test_a_reordered_agenda_is_not_reset_by_a_reload(march_meeting, secretariat):
    first = march_meeting.agenda_items.get(order=1)
    services.agenda_item_move(item=first, direction="down", user=secretariat)
    services.work_plan_load()
    assert [i.topic.code for i in march_meeting.agenda_items.order_by("order")][:2] == [
        "presidency-activities",
        "status-of-ratifications",
    ]


def test_an_agenda_item_removed_in_the_portal_is_not_recreated(march_meeting, secretariat):
    item = march_meeting.agenda_items.get(order=4)
    services.agenda_item_remove(item=item, user=secretariat)
    services.work_plan_load()
    assert march_meeting.agenda_items.count() == 3


def test_a_record_changed_by_the_loader_is_updated_when_nobody_edited_it(work_plan):
    WorkPlan.objects.filter(pk=work_plan.pk).update(title="stale")
    report = services.work_plan_load()
    work_plan.refresh_from_db()
    assert work_plan.title == "Work plan for the CSP4 preparatory meetings"
    assert report.updated == 1


@pytest.mark.parametrize("code", ["status-of-ratifications", "stakeholder-updates"])
def test_topics_are_shared_by_both_meetings(work_plan, code):
    topic = StandardTopic.objects.get(code=code)
    dates = set(topic.agenda_items.values_list("meeting__date", flat=True))
    assert dates == {D(2018, 3, 7), D(2018, 5, 31)}
