"""The dashboard's participation panel (issue 16, item 6): the non-States Parties that took part
in the current cycle's meetings, and the signatories that never did, with outreach coverage."""

import datetime as dt

import pytest

from dashboard.selectors import participation_panel
from meetings.models import Meeting, Participation
from states.models import State, Status
from states.overview import state_url
from tests.outreach.factories import OutreachActivityFactory

D = dt.date


def took_part(day: str, *codes):
    meeting = Meeting.objects.get(date=day)
    for code in codes:
        Participation.objects.create(meeting=meeting, state=State.objects.get(iso3=code))


@pytest.fixture
def world(reference_data):
    took_part("2018-03-07", "AGO", "FRA")
    took_part("2018-05-31", "AGO", "IND", "CHL")
    OutreachActivityFactory(start_date=D(2018, 1, 15), states=[State.objects.get(iso3="AGO")])


def names(rows):
    return [r["name"] for r in rows]


def test_the_dashboard_names_the_non_states_parties_that_took_part(world, client_for):
    response = client_for("cochair").get("/dashboard/", {"as_of": "2018-05-31"})
    panel = response.context["participation"]
    assert names(panel["took_part"]) == ["Angola", "Chile", "India"]
    assert panel["cycle"] == "CSP3 → CSP4"
    angola = panel["took_part"][0]
    assert angola["meetings"] == [D(2018, 3, 7), D(2018, 5, 31)]
    assert angola["last_contact"] == D(2018, 1, 15)
    page = response.content.decode()
    assert "Participation in WGTU meetings" in page
    assert "3 States not parties took part" in page


def test_signatories_that_never_took_part_are_listed_with_their_coverage(world):
    panel = participation_panel(D(2018, 5, 31), state_url)
    never = names(panel["never"])
    signatories = State.objects.status_on(D(2018, 5, 31), Status.SIGNATORY).exclude(iso3="AGO")
    assert len(never) == signatories.count() and "Angola" not in never
    assert all(r["status_label"] == "Signatory" for r in panel["never"])


def test_the_panel_reads_the_date_chosen(world):
    # On 8 March 2018 only the first meeting had been held: India and Chile had not taken part.
    panel = participation_panel(D(2018, 3, 8), state_url)
    assert names(panel["took_part"]) == ["Angola"]


def test_delegates_do_not_get_the_dashboard(world, client_for):
    response = client_for("delegate").get("/dashboard/", {"as_of": "2018-05-31"})
    assert response.status_code == 403


@pytest.mark.parametrize("extra", [0, 30])
def test_the_panel_query_count_is_fixed(world, django_assert_num_queries, extra):
    meeting = Meeting.objects.get(date="2018-05-31")
    for state in State.objects.order_by("iso3")[:extra]:
        Participation.objects.get_or_create(meeting=meeting, state=state)
    # The plan covering the date; the participations of its meetings; the coverage (the
    # non-parties, their contacts and their open tags, each grouped by state: outreach.selectors).
    with django_assert_num_queries(5):
        participation_panel(D(2018, 5, 31), state_url)
