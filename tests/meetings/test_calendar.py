"""Calendar feeds (issue 15 item 4), read back with the icalendar library: /calendar.ics holds
every public meeting and every dated conference as all-day events (DTEND the day after the last
day), with stable UIDs, SEQUENCE raised on change, URLs back to the pages; one-event files
("Add to calendar"); private feeds with revocable secrets that add the internal meetings."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from accounts.roles import Role
from meetings import services
from meetings.models import CalendarToken, Conference, Meeting, WorkPlan
from states.versioning import versioned_update
from tests.factories import UserFactory

D = dt.date
FEED = "/calendar.ics"


def events(response) -> dict:
    """UID → VEVENT of an iCalendar response, parsed by the icalendar library."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def by_summary(found: dict, text: str):
    return next(e for e in found.values() if text in str(e["SUMMARY"]))


def test_the_feed_holds_both_2018_meetings_and_the_12_conferences(client, reference_data):
    found = events(client.get(FEED))
    summaries = sorted(str(e["SUMMARY"]) for e in found.values())
    assert len(found) == 14
    assert "WGTU meeting, 7 March 2018" in summaries
    assert "WGTU meeting, 31 May 2018" in summaries
    assert sum("Conference of States Parties" in s for s in summaries) == 12


def test_a_conference_is_one_all_day_event_spanning_its_days(client, reference_data):
    csp12 = by_summary(events(client.get(FEED)), "CSP12")
    assert csp12["DTSTART"].dt == D(2026, 8, 24)
    assert type(csp12["DTSTART"].dt) is dt.date  # all-day: VALUE=DATE, no time
    assert csp12["DTEND"].dt == D(2026, 8, 29)  # the day after the last (RFC 5545)
    assert str(csp12["LOCATION"]) == "Geneva"
    csp7 = by_summary(events(client.get(FEED)), "CSP7")
    assert (csp7["DTSTART"].dt, csp7["DTEND"].dt) == (D(2021, 8, 30), D(2021, 9, 4))


def test_a_meeting_is_an_all_day_event_linking_back_to_its_page(client, reference_data):
    march = Meeting.objects.get(date=D(2018, 3, 7))
    event = events(client.get(FEED))[f"meeting-{march.pk}@wgtu-portal"]
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (D(2018, 3, 7), D(2018, 3, 8))
    assert str(event["URL"]) == f"http://testserver/meetings/{march.pk}/"
    csp4 = Conference.objects.get(number=4)
    conference = events(client.get(FEED))[f"conference-{csp4.pk}@wgtu-portal"]
    assert str(conference["URL"]) == "http://testserver/meetings/conferences/4/"


def test_a_change_keeps_the_uid_and_raises_the_sequence(client, reference_data, secretariat):
    march = Meeting.objects.get(date=D(2018, 3, 7))
    uid = f"meeting-{march.pk}@wgtu-portal"
    before = events(client.get(FEED))[uid]
    versioned_update(
        instance=march,
        expected_version=march.version,
        values={"date": D(2018, 3, 8)},
        user=secretariat,
    )
    after = events(client.get(FEED))[uid]
    assert after["DTSTART"].dt == D(2018, 3, 8)
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after["DTSTAMP"].dt > before["DTSTAMP"].dt


def test_a_cancelled_meeting_stays_with_status_cancelled(client, reference_data, secretariat):
    may = Meeting.objects.get(date=D(2018, 5, 31))
    versioned_update(
        instance=may, expected_version=may.version, values={"status": "cancelled"}, user=secretariat
    )
    event = events(client.get(FEED))[f"meeting-{may.pk}@wgtu-portal"]
    assert str(event["STATUS"]) == "CANCELLED"


def test_the_same_data_gives_the_same_bytes(client, reference_data):
    assert client.get(FEED).content == client.get(FEED).content


def test_a_conference_recorded_by_the_secretariat_is_in_the_feed_at_once(
    client, client_for, reference_data
):
    assert not any("CSP13" in str(e["SUMMARY"]) for e in events(client.get(FEED)).values())
    client_for("secretariat").post(
        reverse("meetings:conference_create"),
        {"number": "13", "opening": "2027-08-23", "closing": "2027-08-27"},
    )
    signed_in = client_for("delegate")  # reads the exact version (no delay)
    csp13 = by_summary(events(signed_in.get(FEED)), "CSP13")
    assert (csp13["DTSTART"].dt, csp13["DTEND"].dt) == (D(2027, 8, 23), D(2027, 8, 28))


def test_internal_meetings_are_only_in_private_feeds(client, reference_data, cochair):
    plan = WorkPlan.objects.get()
    internal = Meeting.objects.create(
        plan=plan, date=D(2018, 4, 10), title="Co-chairs' coordination", access="internal"
    )
    uid = f"meeting-{internal.pk}@wgtu-portal"
    assert uid not in events(client.get(FEED))
    secret = services.calendar_token_make(owner=cochair, user=cochair)
    private = client.get(reverse("calendar:private", args=[secret]))
    found = events(private)
    assert uid in found and str(found[uid]["CLASS"]) == "CONFIDENTIAL"
    assert private["Cache-Control"] == "private, no-store"


def test_a_revoked_or_regenerated_secret_stops_working(client, reference_data, cochair):
    old = services.calendar_token_make(owner=cochair, user=cochair)
    new = services.calendar_token_make(owner=cochair, user=cochair)
    assert client.get(reverse("calendar:private", args=[old])).status_code == 404
    assert client.get(reverse("calendar:private", args=[new])).status_code == 200
    services.calendar_token_revoke(token=CalendarToken.objects.get(user=cochair), user=cochair)
    assert client.get(reverse("calendar:private", args=[new])).status_code == 404


def test_a_secret_stops_working_when_its_owner_may_no_longer_read_internal_meetings(
    client, reference_data
):
    person = UserFactory(username="former.cochair", role=Role.COCHAIRS)
    secret = services.calendar_token_make(owner=person, user=person)
    person.groups.clear()
    person.groups.add(*UserFactory(username="x", role=Role.DELEGATES).groups.all())
    assert client.get(reverse("calendar:private", args=[secret])).status_code == 404
    person.is_active = False
    person.save()
    assert client.get(reverse("calendar:private", args=[secret])).status_code == 404


@pytest.mark.parametrize("secret", ["nope", "x" * 200, ""])
def test_an_unknown_secret_is_a_404(client, db, secret):
    assert client.get(f"/calendar/{secret}.ics").status_code == 404


def test_only_the_digest_of_a_secret_is_stored(reference_data, cochair):
    secret = services.calendar_token_make(owner=cochair, user=cochair)
    token = CalendarToken.objects.get(user=cochair)
    assert secret not in token.digest and token.digest == services.calendar_token_digest(secret)
    assert not hasattr(token.history.first(), "digest")  # the history leaves it out


# --- the page: made, shown once, regenerated, revoked ----------------------------------------


def test_a_cochair_makes_a_private_address_shown_once(client_for, reference_data, cochair):
    client = client_for("cochair")
    response = client.post(reverse("meetings:calendar_token"), follow=True)
    url = response.context["private_url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    assert "Your private calendar address was made." in response.content.decode()
    assert client.get(url).status_code == 200
    again = client.get(reverse("meetings:calendar"))
    assert "private_url" not in again.context
    assert CalendarToken.objects.get().history.first().history_user == cochair


def test_delegates_have_no_private_feed(client_for, reference_data):
    delegate = client_for("delegate")
    html = delegate.get(reverse("meetings:calendar")).content.decode()
    assert "/calendar.ics" in html and "Make my private address" not in html
    assert delegate.post(reverse("meetings:calendar_token")).status_code == 403


def test_the_secretariat_revokes_anyones_private_feed_a_cochair_only_their_own(
    client_for, reference_data, cochair, secretariat
):
    services.calendar_token_make(owner=cochair, user=cochair)
    services.calendar_token_make(owner=secretariat, user=secretariat)
    theirs = CalendarToken.objects.get(user=secretariat)
    url = reverse("meetings:calendar_token_revoke", args=[theirs.pk])
    assert client_for("cochair").post(url).status_code == 404
    page = client_for("secretariat").get(reverse("meetings:calendar"))
    assert [t.user for t in page.context["all_tokens"]] == [cochair, secretariat] or [
        t.user for t in page.context["all_tokens"]
    ] == [secretariat, cochair]
    own = CalendarToken.objects.get(user=cochair)
    response = client_for("secretariat").post(
        reverse("meetings:calendar_token_revoke", args=[own.pk]), follow=True
    )
    assert "no longer works" in response.content.decode()
    assert not CalendarToken.objects.filter(user=cochair).exists()
    revoked = CalendarToken.history.filter(id=own.pk, history_type="-").get()
    assert revoked.history_user == secretariat


# --- one event: "Add to calendar" ------------------------------------------------------------


def test_add_a_meeting_to_a_calendar(client_for, reference_data):
    march = Meeting.objects.get(date=D(2018, 3, 7))
    response = client_for("delegate").get(reverse("meetings:meeting_ics", args=[march.pk]))
    found = events(response)
    assert list(found) == [f"meeting-{march.pk}@wgtu-portal"]
    assert response["Content-Disposition"].startswith("attachment;")
    page = client_for("delegate").get(march.get_absolute_url()).content.decode()
    assert reverse("meetings:meeting_ics", args=[march.pk]) in page


def test_add_a_conference_to_a_calendar(client_for, reference_data):
    csp4 = Conference.objects.get(number=4)
    found = events(client_for("delegate").get(reverse("meetings:conference_ics", args=[4])))
    event = found[f"conference-{csp4.pk}@wgtu-portal"]
    assert (event["DTSTART"].dt, event["DTEND"].dt) == (D(2018, 8, 20), D(2018, 8, 25))


def test_a_conference_without_dates_has_no_event(client_for, reference_data):
    Conference.objects.create(number=13)
    assert client_for("delegate").get("/meetings/conferences/13/calendar.ics").status_code == 404


def test_an_internal_meeting_is_a_404_for_delegates(client_for, reference_data):
    internal = Meeting.objects.create(
        plan=WorkPlan.objects.get(), date=D(2018, 4, 10), title="Internal", access="internal"
    )
    delegate = client_for("delegate")
    assert delegate.get(reverse("meetings:meeting_ics", args=[internal.pk])).status_code == 404
    assert delegate.get(internal.get_absolute_url()).status_code == 404
    assert client_for("cochair").get(internal.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_feed_query_count_does_not_grow(client, reference_data, django_assert_num_queries, extra):
    plan = WorkPlan.objects.get()
    for k in range(extra):
        Meeting.objects.create(plan=plan, date=D(2017, 10, 1) + dt.timedelta(days=k), title=f"M{k}")
        Conference.objects.create(
            number=50 + k, opening=D(2030 + k, 1, 1), closing=D(2030 + k, 1, 2)
        )
    # The version of the conferences and meetings; the conferences and the meetings (each with
    # its history's count and latest time as subqueries). Anonymous: no session, no user.
    with django_assert_num_queries(3):
        found = events(client.get(FEED))
    assert len(found) == 14 + 2 * extra
    with django_assert_num_queries(0):  # cached, and within PUBLIC_MAX_AGE for anonymous
        client.get(FEED)
