"""The co-chairs' dashboard (issue 7): counts as of any date, what changed, who is pending."""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, reverse

from dashboard import selectors
from states.models import State, Status

D = dt.date
URL = "/dashboard/"


def _dashboard(client_for, as_of, persona="cochair"):
    return client_for(persona).get(URL, {"as_of": as_of})


def test_cochair_reads_92_parties_and_2_pending_on_7_march_2018(reference_data, client_for):
    response = _dashboard(client_for, "2018-03-07")
    assert response.status_code == 200
    totals = response.context["counts"].totals
    assert totals[Status.STATE_PARTY] == 92
    assert totals[Status.RATIFIED_NOT_IN_FORCE] == 2


def test_kazakhstan_and_palestine_are_pending_on_7_march_2018(reference_data, client_for):
    response = _dashboard(client_for, "2018-03-07")
    assert [row["iso3"] for row in response.context["pending"]] == ["KAZ", "PSE"]
    html = response.content.decode()
    assert 'data-iso3="KAZ"' in html and "Kazakhstan" in html
    assert 'data-iso3="PSE"' in html and "State of Palestine" in html


def test_chile_is_the_one_pending_on_31_may_2018(reference_data, client_for):
    response = _dashboard(client_for, "2018-05-31")
    assert [row["iso3"] for row in response.context["pending"]] == ["CHL"]


def test_page_shows_the_headline_counts(reference_data, client_for):
    html = _dashboard(client_for, "2018-03-07").content.decode()
    assert 'data-count="state_party">92<' in html
    assert 'data-count="ratified_not_in_force">2<' in html


def test_changes_since_the_previous_meeting_list_the_states(reference_data, client_for):
    response = _dashboard(client_for, "2018-05-31")
    since_meeting = response.context["changes"][0]
    assert since_meeting.reference.date == D(2018, 3, 7)
    assert [r["iso3"] for r in since_meeting.deposited] == ["CHL"]
    assert {r["iso3"] for r in since_meeting.entered_into_force} == {"KAZ", "PSE"}
    assert since_meeting.deltas[Status.STATE_PARTY] == 2


def test_changes_since_the_last_csp_count_the_difference(reference_data, client_for):
    response = _dashboard(client_for, "2018-03-07")
    since_csp = next(c for c in response.context["changes"] if c.reference.label == "CSP3")
    assert since_csp.deltas == {
        Status.STATE_PARTY: 0,
        Status.RATIFIED_NOT_IN_FORCE: 2,
        Status.SIGNATORY: 0,
        Status.NON_SIGNATORY: -2,
    }
    assert [r["iso3"] for r in since_csp.deposited] == ["KAZ", "PSE"]


def test_headline_shows_each_change_with_its_sign(reference_data, client_for):
    response = _dashboard(client_for, "2018-03-07")
    pending = next(
        h for h in response.context["headline"] if h["status"] == "ratified_not_in_force"
    )
    assert [c["shown"] for c in pending["changes"]] == ["+2"]


def test_regions_add_up_to_the_totals(reference_data, client_for):
    response = _dashboard(client_for, "2018-03-07")
    for status_index, status in enumerate(Status.values):
        per_region = sum(r["cells"][status_index]["n"] for r in response.context["regions"])
        assert per_region == response.context["counts"].totals[status]


def test_region_shares_are_percentages_of_the_region(reference_data, client_for):
    regions = _dashboard(client_for, "2018-03-07").context["regions"]
    europe = next(r for r in regions if r["region"] == "Europe")
    party = europe["cells"][0]
    assert party["share"] == round(100 * party["n"] / europe["total"])


def test_pipeline_lists_signatories_with_years_since_signature(reference_data, client_for):
    pipeline = _dashboard(client_for, "2018-03-07").context["pipeline"]
    assert len(pipeline) == 41
    first = pipeline[0]
    assert first["signature_date"] == D(2013, 6, 3)
    assert first["years"] == pytest.approx(4.8, abs=0.05)


def test_chart_agrees_with_the_counts(reference_data, client_for):
    response = _dashboard(client_for, "2018-05-31")
    last = response.context["chart"]["table"][-1]
    totals = response.context["counts"].totals
    assert last.date == D(2018, 5, 31)
    assert last.in_force == totals[Status.STATE_PARTY]
    assert last.deposits == totals[Status.STATE_PARTY] + totals[Status.RATIFIED_NOT_IN_FORCE]


def test_key_dates_offer_the_work_plan_dates(reference_data, client_for):
    html = _dashboard(client_for, "2018-03-07").content.decode()
    for day in ("2017-09-11", "2018-03-07", "2018-05-31", "2018-08-20"):
        assert f'href="?as_of={day}"' in html


def test_default_date_is_today(reference_data, client_for):
    response = client_for("cochair").get(URL)
    assert response.context["as_of"] == dt.date.today()


def test_malformed_date_is_a_400_with_a_message(reference_data, client_for):
    response = _dashboard(client_for, "2018-02-30")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()
    assert "counts" not in response.context


def _summary(client, on):
    """The API summary when helper H1's endpoint exists, else the states queryset itself."""
    try:
        url = reverse("api:summary")
    except NoReverseMatch:
        return State.objects.counts_on(on).as_dict()
    return client.get(url, {"as_of": on.isoformat()}).json()


@pytest.mark.parametrize("on", [D(2014, 12, 24), D(2018, 3, 7), D(2018, 5, 31), D(2025, 8, 25)])
def test_dashboard_agrees_with_the_api_summary(reference_data, client_for, on):
    response = _dashboard(client_for, on.isoformat())
    summary = _summary(client_for("anonymous"), on)
    counts = response.context["counts"]
    assert {s: summary[s] for s in Status.values} == counts.totals
    assert summary["by_region"] == counts.by_region


@pytest.mark.parametrize("on", [D(2018, 3, 7), D(2018, 8, 20)])
def test_dashboard_agrees_with_the_states_status_filter(reference_data, client_for, on):
    totals = _dashboard(client_for, on.isoformat()).context["counts"].totals
    for status in Status.values:
        assert State.objects.status_on(on, status).count() == totals[status]


def test_selector_returns_plain_data_only(reference_data, cochair):
    from django.db.models import QuerySet

    data = selectors.dashboard(D(2018, 3, 7), user=cochair)
    assert not any(isinstance(v, QuerySet) for v in data.values())
