"""The home page answers "what needs me now", per role (issue 15 item 5)."""

import datetime as dt

import pytest
from django.utils import timezone

from depositary.models import DepositaryCheck
from meetings.models import Document, DocumentFile, Meeting, WorkPlan
from states.dates import today
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

D = dt.date


def attention_text(response) -> str:
    html = response.content.decode()
    return html[html.index('id="needs-attention"') : html.index('id="h-next-meeting"')]


@pytest.fixture
def next_meeting(reference_data):
    """A meeting next week, in a cycle that covers it (CSP12 → CSP13), with no agenda and a
    document in English only."""
    from meetings import services

    plan = WorkPlan.objects.get()
    new_plan = services.next_cycle_start(
        plan=plan,
        title="Current plan",
        standing_topics=[],
        activities=[],
        meeting_date=None,
        meeting_title="",
        user=None,
    )
    # Re-anchor the new cycle on today's conferences (CSP12 → CSP13, dates to be fixed).
    from meetings.models import Conference

    new_plan.opening_conference = Conference.objects.get(number=12)
    new_plan.conference = Conference.objects.get_or_create(number=13)[0]
    new_plan.save()
    meeting = Meeting.objects.create(
        plan=new_plan, date=today() + dt.timedelta(days=7), title="Next WGTU meeting"
    )
    document = Document.objects.create(
        symbol="ATT/CSP13.WGTU/2026/CHAIR/1/Agenda",
        title="Draft agenda",
        kind="agenda",
        meeting=meeting,
    )
    DocumentFile.objects.create(
        document=document, language="en", file="x.pdf", file_format="pdf", size=1
    )
    return meeting


def test_anonymous_home_is_the_status_page_not_the_sign_in_form(client, reference_data):
    html = client.get("/").content.decode()
    assert "status of universalization" in html and 'name="password"' not in html


def test_the_secretariat_sees_what_is_not_ready_for_the_next_meeting(
    client_for, next_meeting, secretariat
):
    Meeting.objects.filter(date=D(2018, 5, 31)).update(report_published=False)
    activity = OutreachActivityFactory(start_date=D(2026, 1, 5))
    FollowUpFactory(activity=activity, action="Send the model law", due_on=D(2026, 2, 1))
    response = client_for("secretariat").get("/")
    text = attention_text(response)
    assert "The agenda of Next WGTU meeting is empty." in text
    assert "ATT/CSP13.WGTU/2026/CHAIR/1/Agenda has no version in French, Spanish." in text
    assert "The report of WGTU meeting, 31 May 2018 is not published." in text
    assert "1 follow-up is overdue." in text and "Send the model law" in text
    assert "has never been checked" in text
    assert response.context["next_meeting"] == next_meeting


def test_the_secretariat_sees_the_age_of_the_last_depositary_check(
    client_for, reference_data, secretariat
):
    check = DepositaryCheck.objects.create(
        file_name="x.xml", content=b"<x/>", as_of=D(2026, 1, 1), checked_by=secretariat
    )
    DepositaryCheck.objects.filter(pk=check.pk).update(
        checked_at=timezone.now() - dt.timedelta(days=40)
    )
    text = attention_text(client_for("secretariat").get("/"))
    assert "last checked 40 days ago" in text


def test_a_ready_meeting_leaves_the_list(client_for, next_meeting):
    from meetings.models import AgendaItem

    AgendaItem.objects.create(meeting=next_meeting, order=1, title="Opening")
    for language in ("fr", "es"):
        DocumentFile.objects.create(
            document=next_meeting.documents.get(),
            language=language,
            file=f"x.{language}.pdf",
            file_format="pdf",
            size=1,
        )
    text = attention_text(client_for("secretariat").get("/"))
    assert "is empty" not in text and "has no version" not in text


def test_the_cochairs_see_what_changed_since_the_previous_meeting_and_the_last_csp(
    client_for, reference_data
):
    response = client_for("cochair").get("/")
    references = [c.reference.label for c in response.context["changes"]]
    assert references == ["WGTU", "CSP12"]
    text = attention_text(response)
    assert "Since CSP12" in text and "Since WGTU" in text
    assert "needs your attention" not in text.lower()


def test_the_delegates_see_the_latest_published_reports_and_the_next_meeting(
    client_for, next_meeting
):
    response = client_for("delegate").get("/")
    reports = [m.title for m in response.context["reports"]]
    assert reports == ["WGTU meeting, 31 May 2018", "WGTU meeting, 7 March 2018"]
    html = response.content.decode()
    assert f'data-next-meeting="{next_meeting.date.isoformat()}"' in html
    assert "Needs your attention" not in html


def test_an_internal_next_meeting_is_not_shown_to_delegates(client_for, next_meeting):
    next_meeting.access = "internal"
    next_meeting.save()
    assert client_for("delegate").get("/").context["next_meeting"] is None
    assert client_for("cochair").get("/").context["next_meeting"] == next_meeting


def test_every_role_sees_the_next_conference(client_for, reference_data):
    from meetings.models import Conference

    Conference.objects.create(number=13)
    for role in ("delegate", "cochair", "secretariat"):
        html = client_for(role).get("/").content.decode()
        assert 'data-next-conference="13"' in html and "CSP13, dates to be fixed" in html


def _grow(n):
    """`n` more held meetings with unpublished reports, documents and overdue follow-ups."""
    plan = WorkPlan.objects.get()
    for k in range(n):
        meeting = Meeting.objects.create(
            plan=plan, date=D(2017, 10, 2) + dt.timedelta(days=k), title=f"M{k}", status="held"
        )
        Document.objects.create(
            symbol=f"ATT/CSP4.WGTU/2017/CHAIR/{k}/Notes", title="n", kind="other", meeting=meeting
        )
        activity = OutreachActivityFactory(start_date=D(2025, 1, 1))
        FollowUpFactory(activity=activity, due_on=D(2025, 2, 1))


# session, user, the user's role and permissions (one query), counts today; the next conference;
# then the role's own part.
BASE = 3 + 2


@pytest.mark.parametrize("extra", [0, 12])
@pytest.mark.parametrize(
    ("role", "queries"),
    [
        # next meeting (none: no readiness), unpublished reports, overdue follow-ups, last check
        ("secretariat", BASE + 4),
        # key dates; for the previous meeting and CSP12: counts, signed, deposited, in force
        # (4 each); next meeting
        ("cochair", BASE + 1 + 8 + 1),
        # latest published reports, next meeting
        ("delegate", BASE + 2),
    ],
)
def test_home_query_count_does_not_grow(
    client_for, reference_data, django_assert_num_queries, role, queries, extra
):
    _grow(extra)
    client = client_for(role)
    with django_assert_num_queries(queries):
        assert client.get("/").status_code == 200
