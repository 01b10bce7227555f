"""Conferences of States Parties as records (issue 15): seeded from conferences.csv (blanks stay
blank, idempotent, never over a person's edit), recorded and edited by the Secretariat in the
browser with history, and followed at once by the key dates, the dashboard and the reports."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from meetings import services
from meetings.calendar import key_dates
from meetings.models import Conference, Meeting, WorkPlan
from states.keydates import CSP, MEETING
from states.versioning import versioned_update

D = dt.date


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def sec(client_for):
    return client_for("secretariat")


# --- the seed ------------------------------------------------------------------------------


def test_the_seed_records_csp1_to_csp12_with_the_days_of_the_file(reference_data):
    conferences = list(Conference.objects.order_by("number"))
    assert [c.name for c in conferences] == [f"CSP{n}" for n in range(1, 13)]
    csp12 = conferences[-1]
    assert (csp12.opening, csp12.closing) == (D(2026, 8, 24), D(2026, 8, 28))
    assert (csp12.place, csp12.format, csp12.president) == (
        "Geneva",
        "in_person",
        "Tsholofelo Tsheole",
    )
    assert csp12.president_state.iso3 == "ZAF"
    assert csp12.confidence == "medium" and csp12.source == "Control Arms CSP page"
    csp6 = conferences[5]
    assert csp6.format == "written_procedure"


def test_blank_cells_stay_blank(reference_data):
    csp1 = Conference.objects.get(number=1)
    assert csp1.president == "" and csp1.president_state.iso3 == "MEX"
    csp6 = Conference.objects.get(number=6)
    assert csp6.place == ""
    csp7 = Conference.objects.get(number=7)
    assert csp7.president == "" and csp7.president_state is None
    assert set(Conference.objects.values_list("symbol_prefix", flat=True)) == {""}
    assert set(Conference.objects.values_list("notes", flat=True)) == {""}


def test_a_second_load_changes_nothing(reference_data):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "[meetings] Conferences: 0 records created, 0 updated, 12 unchanged." in out.getvalue()
    assert Conference.objects.count() == 12


def test_the_load_never_overwrites_a_conference_edited_in_the_portal(reference_data, secretariat):
    csp11 = Conference.objects.get(number=11)
    versioned_update(
        instance=csp11, expected_version=csp11.version, values={"place": "CICG"}, user=secretariat
    )
    report = services.conferences_load()
    assert report.kept == 1
    assert Conference.objects.get(number=11).place == "CICG"


def test_the_plan_links_the_seeded_records(reference_data):
    plan = WorkPlan.objects.get()
    assert (plan.opening_conference.number, plan.conference.number) == (3, 4)


# --- recorded in the browser ---------------------------------------------------------------


def csp13_form(**extra):
    return {
        "number": "13",
        "opening": "2027-08-23",
        "closing": "2027-08-27",
        "place": "Geneva",
        "format": "in_person",
        **extra,
    }


def test_the_secretariat_records_csp13_with_its_history(sec, secretariat, reference_data):
    response = sec.post(reverse("meetings:conference_create"), csp13_form(), follow=True)
    csp13 = Conference.objects.get(number=13)
    assert response.redirect_chain[-1][0] == csp13.get_absolute_url() == "/meetings/conferences/13/"
    assert messages_of(response) == ["Conference CSP13 recorded."]
    assert (csp13.opening, csp13.closing) == (D(2027, 8, 23), D(2027, 8, 27))
    assert csp13.history.get().history_user == secretariat


def test_the_create_form_proposes_the_next_number(sec, reference_data):
    response = sec.get(reverse("meetings:conference_create"))
    assert response.context["form"].initial["number"] == 13


def test_a_conference_may_wait_for_its_dates(sec, reference_data, client_for):
    sec.post(reverse("meetings:conference_create"), csp13_form(opening="", closing=""))
    csp13 = Conference.objects.get(number=13)
    assert csp13.opening is None and csp13.label == "CSP13, dates to be fixed"
    html = client_for("delegate").get(reverse("meetings:conferences")).content.decode()
    assert "dates to be fixed" in html
    assert not any(k.label == "CSP13" for k in key_dates())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"closing": "2027-08-20"}, "Give both days (the last no earlier than the first)"),
        ({"closing": ""}, "Give both days (the last no earlier than the first)"),
        ({"opening": "23/08/2027"}, "Enter a date in the form YYYY-MM-DD"),
        ({"number": "12"}, "already exists"),
        ({"number": "0"}, "greater than or equal to 1"),
        ({"symbol_prefix": "CSP13"}, "Enter a prefix such as ATT/CSP12."),
        ({"format": "by email"}, "Select a valid choice."),
    ],
)
def test_a_bad_conference_is_refused_with_a_message(sec, reference_data, change, message):
    response = sec.post(reverse("meetings:conference_create"), csp13_form(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Conference.objects.filter(number=13).exists()


def test_editing_a_conference_is_versioned(client_for, reference_data):
    url = reverse("meetings:conference_edit", args=[12])
    alice, bob = client_for("secretariat"), client_for("secretariat")
    form = {**csp13_form(number="12", opening="2026-08-24", closing="2026-08-28"), "version": "1"}
    assert alice.post(url, {**form, "place": "Geneva (CICG)"}).status_code == 302
    refused = bob.post(url, {**form, "president": "Someone else"})
    assert refused.status_code == 409
    csp12 = Conference.objects.get(number=12)
    assert csp12.place == "Geneva (CICG)" and csp12.president == ""


def test_a_conference_that_opens_a_cycle_keeps_its_dates(sec, reference_data):
    url = reverse("meetings:conference_edit", args=[3])
    data = {"number": "3", "opening": "", "closing": "", "version": "2"}
    csp3 = Conference.objects.get(number=3)
    data["version"] = str(csp3.version)
    response = sec.post(url, data)
    assert "A cycle starts with this conference: its days must stay known." in (
        response.content.decode()
    )


def test_moving_a_conference_before_a_meeting_of_its_cycle_is_refused(sec, reference_data):
    csp4 = Conference.objects.get(number=4)
    data = {
        "number": "4",
        "opening": "2018-05-01",
        "closing": "2018-05-05",
        "version": str(csp4.version),
    }
    response = sec.post(reverse("meetings:conference_edit", args=[4]), data)
    assert "The meeting of 2018-05-31 would fall outside the cycle." in response.content.decode()
    assert Conference.objects.get(number=4).opening == D(2018, 8, 20)


def test_the_conference_page_shows_its_cycles_and_history_to_staff(client_for, reference_data):
    html = client_for("cochair").get(reverse("meetings:conference", args=[4])).content.decode()
    assert "Work plan for the CSP4 preparatory meetings" in html
    assert "Change history" in html
    assert 'href="/meetings/conferences/4/calendar.ics"' in html
    delegate = client_for("delegate").get(reverse("meetings:conference", args=[4]))
    assert "Change history" not in delegate.content.decode()
    assert client_for("delegate").get("/meetings/conferences/99/").status_code == 404


# --- followed everywhere -------------------------------------------------------------------


def test_key_dates_read_the_records_and_public_meetings(reference_data):
    dates = key_dates()
    csps = [(k.label, k.date) for k in dates if k.kind == CSP]
    assert csps[0] == ("CSP1", D(2015, 8, 24)) and csps[-1] == ("CSP12", D(2026, 8, 24))
    assert [k.date for k in dates if k.kind == MEETING] == [D(2018, 3, 7), D(2018, 5, 31)]


def test_cancelled_and_internal_meetings_are_no_key_dates(reference_data):
    plan = WorkPlan.objects.get()
    Meeting.objects.create(plan=plan, date=D(2018, 4, 4), title="Internal", access="internal")
    Meeting.objects.create(plan=plan, date=D(2018, 4, 5), title="Off", status="cancelled")
    assert [k.date for k in key_dates() if k.kind == MEETING] == [D(2018, 3, 7), D(2018, 5, 31)]


def test_key_dates_are_one_query(reference_data, django_assert_num_queries):
    with django_assert_num_queries(1):
        key_dates()


def test_the_dashboard_today_compares_with_csp12(client_for, reference_data):
    response = client_for("cochair").get("/dashboard/")
    labels = [c.reference.label for c in response.context["changes"]]
    assert "CSP12" in labels
    csp = next(c for c in response.context["changes"] if c.reference.kind == CSP)
    assert csp.reference.date == D(2026, 8, 24)


def test_the_dashboard_of_31_may_2018_compares_with_7_march_and_csp3(client_for, reference_data):
    response = client_for("cochair").get("/dashboard/", {"as_of": "2018-05-31"})
    references = [(c.reference.kind, c.reference.date) for c in response.context["changes"]]
    assert references == [(MEETING, D(2018, 3, 7)), (CSP, D(2017, 9, 11))]
    html = response.content.decode()
    assert "Since CSP3 (11 September 2017)" in html


def test_a_recorded_conference_is_a_one_click_date_and_a_chart_marker_at_once(
    client_for, reference_data
):
    cochair = client_for("cochair")
    assert "CSP13" not in cochair.get("/dashboard/").content.decode()
    client_for("secretariat").post(reverse("meetings:conference_create"), csp13_form())
    response = cochair.get("/dashboard/")
    offered = [(k.label, k.date) for k in response.context["key_dates"]]
    # The next conference is offered even though it is still to come.
    assert ("CSP13", D(2027, 8, 23)) in offered
    assert 'href="?as_of=2027-08-23"' in response.content.decode()
    chart = cochair.get("/dashboard/", {"as_of": "2027-09-01"}).context["chart"]["svg"]
    assert "CSP13" in chart
    status = client_for("anonymous").get("/status/").content.decode()
    assert 'href="?as_of=2027-08-23"' in status


def test_the_report_reads_the_cycle_from_the_records(reference_data, secretariat):
    from meetings.reports.context import meeting_report_context

    csp3 = Conference.objects.get(number=3)
    versioned_update(
        instance=csp3,
        expected_version=csp3.version,
        values={"opening": D(2017, 9, 10)},
        user=secretariat,
    )
    march = Meeting.objects.get(date=D(2018, 3, 7))
    context = meeting_report_context(march, "public")
    assert (context["change"].reference.label, context["change"].reference.date) == (
        "CSP3",
        D(2017, 9, 10),
    )
    assert "CSP3" in context["chart_svg"]


@pytest.mark.parametrize("extra", [0, 30])
def test_the_conference_list_query_count_does_not_grow(
    client_for, reference_data, django_assert_num_queries, extra
):
    Conference.objects.bulk_create(Conference(number=100 + k) for k in range(extra))
    client = client_for("delegate")
    # session, user, the user's role and permissions; the conferences with their plans and
    # Presidents' states.
    with django_assert_num_queries(4):
        response = client.get(reverse("meetings:conferences"))
    assert len(response.context["conferences"]) == 12 + extra
