"""The dashboard's internal panels: open challenges in the pipeline, the heat map summary,
outreach coverage, upcoming meetings and overdue follow-ups. Never on the public status page."""

import datetime as dt

import pytest

from challenges.models import Challenge
from challenges.services import challenge_tag_create
from states.models import State
from tests.outreach.factories import FollowUpFactory, OutreachActivityFactory

D = dt.date
URL = "/dashboard/"
ON = "2018-03-07"


@pytest.fixture
def usa_tags(reference_data, secretariat):
    """Two challenges open for the United States (a signatory) from 2017."""
    usa = State.objects.get(iso3="USA")
    for code in ("6.2", "3.1"):
        challenge_tag_create(
            state=usa,
            challenge=Challenge.objects.get(code=code),
            noted_on=D(2017, 10, 1),
            source="Bilateral meeting",
            user=secretariat,
        )
    return usa


def _context(client_for, on=ON, persona="cochair"):
    return client_for(persona).get(URL, {"as_of": on}).context


def test_pipeline_shows_each_signatorys_open_challenges(usa_tags, client_for):
    pipeline = {row["iso3"]: row for row in _context(client_for)["pipeline"]}
    assert pipeline["USA"]["open_challenges"] == 2
    assert pipeline["USA"]["challenges_url"] == "/challenges/states/USA/?as_of=2018-03-07"
    assert pipeline["AGO"]["open_challenges"] == 0


def test_pipeline_does_not_count_tags_noted_after_the_date(usa_tags, client_for):
    pipeline = {row["iso3"]: row for row in _context(client_for, "2017-09-30")["pipeline"]}
    assert pipeline["USA"]["open_challenges"] == 0


def test_heatmap_summary_counts_top_level_challenges_by_region(usa_tags, client_for):
    panel = _context(client_for)["heatmap"]
    americas = next(r for r in panel["heat"].by_region if r.key == "Americas")
    counts = {cell.challenge.code: cell.count for cell in americas.cells}
    assert counts["6"] == 1 and counts["3"] == 1
    assert all(c.parent_id is None for c in panel["heat"].columns)
    assert panel["url"] == "/challenges/heatmap/?as_of=2018-03-07&level=1"


def test_heatmap_summary_links_to_the_full_heat_map(usa_tags, client_for):
    html = client_for("cochair").get(URL, {"as_of": ON}).content.decode()
    assert 'href="/challenges/heatmap/?as_of=2018-03-07&amp;level=1"' in html
    assert "heatmap-svg" in html


def test_coverage_lists_non_parties_without_contact_since_the_last_csp(reference_data, client_for):
    chile = State.objects.get(iso3="CHL")
    OutreachActivityFactory(start_date=D(2017, 12, 1), states=[chile])
    panel = _context(client_for)["coverage"]
    listed = {row["iso3"] for row in panel["rows"]}
    assert panel["since"] == D(2017, 9, 11)
    assert "CHL" not in listed
    assert {"USA", "KAZ", "AGO"} <= listed
    assert "FRA" not in listed  # a State Party
    assert panel["url"] == "/outreach/coverage/?as_of=2018-03-07&since=2017-09-11"


def test_coverage_counts_only_contacts_within_the_cycle(reference_data, client_for):
    chile = State.objects.get(iso3="CHL")
    OutreachActivityFactory(start_date=D(2017, 6, 1), states=[chile])  # before CSP3
    rows = {row["iso3"]: row for row in _context(client_for)["coverage"]["rows"]}
    assert rows["CHL"]["last_contact"] == D(2017, 6, 1)


def test_upcoming_meetings_are_those_after_the_date(reference_data, client_for):
    meetings = _context(client_for)["meetings"]
    assert [m["date"] for m in meetings] == [D(2018, 5, 31)]
    assert meetings[0]["url"].startswith("/meetings/")


def test_no_upcoming_meeting_after_the_last_one(reference_data, client_for):
    html = client_for("cochair").get(URL, {"as_of": "2018-06-01"}).content.decode()
    assert "No meeting planned after this date." in html


def test_overdue_followups_are_due_before_the_date_and_not_done_by_then(reference_data, client_for):
    activity = OutreachActivityFactory(start_date=D(2018, 1, 15))
    FollowUpFactory(activity=activity, action="Overdue", due_on=D(2018, 3, 1))
    FollowUpFactory(
        activity=activity,
        action="Done later",
        due_on=D(2018, 2, 1),
        done=True,
        done_on=D(2018, 4, 1),
    )
    FollowUpFactory(
        activity=activity,
        action="Done in time",
        due_on=D(2018, 2, 1),
        done=True,
        done_on=D(2018, 2, 1),
    )
    FollowUpFactory(activity=activity, action="Not due yet", due_on=D(2018, 4, 1))
    followups = _context(client_for)["followups"]
    assert [f["action"] for f in followups["rows"]] == ["Done later", "Overdue"]
    assert followups["total"] == 2
    assert followups["rows"][1]["days_overdue"] == 6
    assert followups["rows"][1]["url"] == f"/outreach/{activity.pk}/"


def test_internal_panels_show_on_the_dashboard_for_a_cochair(usa_tags, client_for):
    html = client_for("cochair").get(URL, {"as_of": ON}).content.decode()
    for heading in (
        "Challenges by region",
        "Outreach coverage",
        "Upcoming meetings",
        "Overdue follow-ups",
    ):
        assert heading in html
    assert 'href="/outreach/coverage/' in html


@pytest.mark.parametrize("persona", ["anonymous", "delegate"])
def test_internal_panels_never_show_on_the_status_page(usa_tags, client_for, persona):
    response = client_for(persona).get("/status/", {"as_of": ON})
    html = response.content.decode()
    for key in ("heatmap", "coverage", "meetings", "followups", "pipeline"):
        assert key not in response.context
    for text in (
        "Challenges by region",
        "Outreach coverage",
        "Overdue follow-ups",
        "/outreach/",
        "/challenges/",
        "internal-panel",
        "Open challenges",
    ):
        assert text not in html
    assert "world-map" in html
