"""The reading pages: the plan's timeline, the meeting's agenda with its links, query counts."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse

from meetings.models import AgendaItem, Document, Meeting, StandardTopic

D = dt.date


def test_the_index_shows_the_plan_timeline_in_date_order(client_for, work_plan):
    text = client_for("delegate").get(reverse("meetings:index")).content.decode()
    timeline = text[text.index('class="timeline') :]
    positions = [
        timeline.index("11\N{EN DASH}15 September 2017"),
        timeline.index("WGTU meeting, 7 March 2018"),
        timeline.index("WGTU meeting, 31 May 2018"),
        timeline.index("20\N{EN DASH}24 August 2018"),
    ]
    assert positions == sorted(positions)
    assert "Support a regional/subregional ATT workshop." in timeline


def test_the_meeting_page_lists_the_agenda_in_order(client_for, work_plan):
    meeting = work_plan.meetings.get(date=D(2018, 5, 31))
    text = (
        client_for("delegate").get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    )
    headings = [
        "Status of ratifications, accessions and signatures",
        "Activities of the Presidency",
        "Presentation by a defence industry representative",
        "Regional organizations and UN Regional Centres",
        "Updates on other activities by ATT stakeholders",
    ]
    positions = [text.index(f'<h3 class="h5 mb-1">{h}') for h in headings]
    assert positions == sorted(positions)


def test_the_meeting_page_is_in_french_for_a_french_reader(client_for, march_meeting):
    client = client_for("delegate")
    client.cookies["django_language"] = "fr"
    text = client.get(reverse("meetings:meeting", args=[march_meeting.pk])).content.decode()
    assert "État des ratifications, adhésions et signatures" in text


def test_the_status_item_shows_the_counts_on_the_meeting_date(client_for, march_meeting):
    from tests.factories import StateFactory, TreatyActionFactory

    TreatyActionFactory(state=StateFactory(), kind="signature", date=D(2013, 6, 3))
    TreatyActionFactory(state=StateFactory(), kind="signature", date=D(2013, 6, 3))
    response = client_for("delegate").get(reverse("meetings:meeting", args=[march_meeting.pk]))
    assert response.context["counts"].as_of == D(2018, 3, 7)
    assert '<p class="h2 mb-0" data-count="signatory">2</p>' in response.content.decode()


def test_the_status_item_links_to_the_status_on_the_meeting_date(client_for, march_meeting):
    try:
        states_list = reverse("states:list")
    except NoReverseMatch:
        pytest.skip("states:list is not part of the portal yet")
    text = client_for("delegate").get(reverse("meetings:meeting", args=[march_meeting.pk]))
    assert f'href="{states_list}?as_of=2018-03-07"' in text.content.decode()


def test_each_standard_topic_links_to_its_page(client_for, march_meeting):
    text = client_for("delegate").get(reverse("meetings:meeting", args=[march_meeting.pk]))
    for item in march_meeting.agenda_items.select_related("topic"):
        assert reverse("meetings:topic", args=[item.topic.code]) in text.content.decode()


def test_a_document_page_shows_its_annexes(client_for, work_plan):
    from meetings.models import Document

    report = Document.objects.get(symbol="ATT/CSP3.WGTU/2017/CHAIR/160/Conf.Rep", annex="")
    text = client_for("delegate").get(reverse("meetings:document", args=[report.pk]))
    assert (
        "Terms of Reference for the Working Group on Treaty Universalization"
        in text.content.decode()
    )


def add_meetings(plan, n):
    topic = StandardTopic.objects.first()
    for k in range(n):
        meeting = Meeting.objects.create(
            plan=plan, date=D(2017, 10, 1) + dt.timedelta(days=k), title=f"Extra {k}"
        )
        AgendaItem.objects.create(meeting=meeting, order=1, topic=topic)
        AgendaItem.objects.create(meeting=meeting, order=2, title="Other business")


def add_cycles(plan, n):
    """`n` more cycles after `plan`'s, each with a work plan and a meeting."""
    from meetings.models import Conference, Meeting, WorkPlan

    opening = plan.conference
    for k in range(n):
        number = opening.number + 1
        first = opening.opening.replace(year=opening.opening.year + 1)
        conference, _created = Conference.objects.update_or_create(
            number=number, defaults={"opening": first, "closing": first}
        )
        later = WorkPlan.objects.create(
            title=f"Cycle {k}", opening_conference=opening, conference=conference
        )
        Meeting.objects.create(plan=later, date=first, title=f"Cycle {k} meeting")
        opening = conference


def add_items(meeting, n):
    topic = StandardTopic.objects.get(code="status-of-ratifications")
    start = meeting.agenda_items.count()
    for k in range(n):
        AgendaItem.objects.create(meeting=meeting, order=start + k + 1, topic=topic, title=f"I{k}")


# Every signed-in page: session, user, the user's role and permissions together (has_perm and the
# navigation: accounts.roles.load_access); no session save (wgtu_portal.sessions: at most once a
# minute).
REQUEST_QUERIES = 3

# The plan page: + plan with its two conferences, meetings, agenda items with their topics,
# activities, documents with their parents, document files, the plan's standing topics.
PLAN_PAGE_QUERIES = REQUEST_QUERIES + 7


@pytest.mark.parametrize("extra", [0, 18])
def test_the_plan_page_query_count_does_not_grow_with_meetings(
    client_for, work_plan, django_assert_num_queries, extra
):
    add_meetings(work_plan, extra)
    client = client_for("delegate")
    with django_assert_num_queries(PLAN_PAGE_QUERIES):
        client.get(reverse("meetings:plan", args=[work_plan.pk]))


# The meeting page: + meeting with its plan, agenda items with their topics, their presenters
# (with their delegations and slides), documents with their
# parents, document files, status counts on the meeting's date, the participations (with their
# states and organizations; their states' status on the day is one more query when a state took
# part: tests/meetings/test_record_queries.py), the summaries; for a Co-chair (reads internal
# material) + the change history: the meeting's records, its agenda items' records (with topics),
# its participations' and presenters' records.
MEETING_PAGE_QUERIES = REQUEST_QUERIES + 8 + 4


@pytest.mark.parametrize("extra", [0, 18])
def test_the_meeting_page_query_count_does_not_grow_with_items(
    client_for, march_meeting, django_assert_num_queries, extra
):
    add_items(march_meeting, extra)
    Document.objects.create(
        symbol="ATT/CSP4.WGTU/2018/CHAIR/300/Conf.Rep",
        title="Report",
        kind="report",
        meeting=march_meeting,
    )
    client = client_for("cochair")
    with django_assert_num_queries(MEETING_PAGE_QUERIES):
        client.get(reverse("meetings:meeting", args=[march_meeting.pk]))


# For a Co-chair, the plan page adds its change history: the plan's records, its activities'.
PLAN_PAGE_QUERIES_WITH_HISTORY = PLAN_PAGE_QUERIES + 2


@pytest.mark.parametrize("extra", [0, 18])
def test_the_plan_page_with_history_query_count_does_not_grow_with_meetings(
    client_for, work_plan, django_assert_num_queries, extra
):
    add_meetings(work_plan, extra)
    client = client_for("cochair")
    with django_assert_num_queries(PLAN_PAGE_QUERIES_WITH_HISTORY):
        client.get(reverse("meetings:plan", args=[work_plan.pk]))


# The index (first request: the page cache is empty): + the version of conferences, plans,
# meetings and plan activities; plans with their conferences, their meetings, their activities,
# the conferences still to come.
INDEX_QUERIES = REQUEST_QUERIES + 5


@pytest.mark.parametrize("extra", [0, 18])
def test_the_index_query_count_does_not_grow_with_meetings(
    client_for, work_plan, django_assert_num_queries, extra
):
    add_meetings(work_plan, extra)
    add_cycles(work_plan, extra // 6)
    client = client_for("delegate")
    with django_assert_num_queries(INDEX_QUERIES):
        client.get(reverse("meetings:index"))


@pytest.mark.parametrize(
    ("role", "links_internal", "links_unpublished"),
    [("secretariat", True, True), ("cochair", True, True), ("delegate", False, False)],
)
def test_the_report_links_follow_the_readers_role(
    client_for, march_meeting, role, links_internal, links_unpublished
):
    """Staff are offered the internal edition, and the report before it is published; a
    Delegate only the published public edition (the page once asked a context name no view gave)."""
    url = reverse("meetings:meeting", args=[march_meeting.pk])
    Meeting.objects.filter(pk=march_meeting.pk).update(report_published=False)
    text = client_for(role).get(url).content.decode()
    assert ("report.pdf?lang=en" in text) is links_unpublished
    Meeting.objects.filter(pk=march_meeting.pk).update(report_published=True)
    text = client_for(role).get(url).content.decode()
    assert "report.pdf?lang=fr" in text
    assert ("edition=internal" in text) is links_internal
