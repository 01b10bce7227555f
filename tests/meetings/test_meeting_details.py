"""Meeting details (issue 16, item 1): venue, times in the named time zone, format and chairs,
edited by the Secretariat (versioned), shown on the meeting page and in the report."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.models import Meeting
from meetings.reports.render import meeting_report_html


@pytest.fixture
def may_meeting(work_plan) -> Meeting:
    return work_plan.meetings.get(date="2018-05-31")


def details(meeting, **extra):
    data = {
        "date": "2018-05-31",
        "title": meeting.title,
        "venue": "Geneva, CICG",
        "start_time": "10:00",
        "end_time": "13:00",
        "format": "hybrid",
        "chairs": "Ambassador One\nAmbassador Two",
        "status": "held",
        "access": "public",
        "version": meeting.version,
    }
    data.update(extra)
    return data


def test_the_secretariat_records_the_details_shown_on_the_meeting_page(
    client_for, may_meeting, secretariat
):
    sec = client_for("secretariat")
    url = reverse("meetings:meeting_edit", args=[may_meeting.pk])
    response = sec.post(url, details(may_meeting))
    assert response.status_code == 302
    may_meeting.refresh_from_db()
    assert may_meeting.start_time == dt.time(10) and may_meeting.format == "hybrid"
    assert may_meeting.history.latest().history_user == secretariat
    page = client_for("delegate").get(may_meeting.get_absolute_url()).content.decode()
    assert "10:00\N{EN DASH}13:00 (Europe/Zurich)" in page
    assert "Geneva, CICG" in page and "Hybrid" in page
    assert "Co-chairs" in page and "Ambassador One, Ambassador Two" in page


def test_a_single_chair_is_called_chair(client_for, may_meeting):
    may_meeting.chairs = "Ambassador Solo"
    may_meeting.save()
    page = client_for("delegate").get(may_meeting.get_absolute_url()).content.decode()
    assert '<dt class="col-sm-3">Chair</dt>' in page


def test_the_time_zone_is_a_setting(settings, may_meeting):
    settings.WGTU_MEETING_TIME_ZONE = "America/New_York"
    may_meeting.start_time = dt.time(9, 30)
    assert may_meeting.times == "09:30 (America/New_York)"


def test_a_meeting_cannot_end_before_it_starts(client_for, may_meeting):
    url = reverse("meetings:meeting_edit", args=[may_meeting.pk])
    response = client_for("secretariat").post(
        url, details(may_meeting, start_time="13:00", end_time="10:00")
    )
    assert response.status_code == 200
    assert "end after the start" in response.content.decode()
    may_meeting.start_time, may_meeting.end_time = dt.time(13), dt.time(10)
    with pytest.raises(ValidationError):
        may_meeting.full_clean()


def test_a_stale_details_form_is_refused(client_for, may_meeting):
    url = reverse("meetings:meeting_edit", args=[may_meeting.pk])
    sec = client_for("secretariat")
    assert sec.post(url, details(may_meeting, venue="Vienna")).status_code == 302
    response = sec.post(url, details(may_meeting, venue="Geneva", version=1))
    assert response.status_code == 409
    may_meeting.refresh_from_db()
    assert may_meeting.venue == "Vienna"


def test_the_report_cover_names_time_venue_format_and_chairs(may_meeting):
    may_meeting.venue = "Geneva"
    may_meeting.start_time, may_meeting.end_time = dt.time(10), dt.time(13)
    may_meeting.format = "in_person"
    may_meeting.chairs = "Ambassador One\nAmbassador Two"
    may_meeting.save()
    html = meeting_report_html(Meeting.objects.get(pk=may_meeting.pk), language="fr")
    assert "10:00\N{EN DASH}13:00 (Europe/Zurich)" in html
    assert "Ambassador One, Ambassador Two" in html
