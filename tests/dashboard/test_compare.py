"""Compare any two dates on the dashboard (issue 15 item 6): the same change lists as since the
previous meeting or the last CSP; the dates through the one date field; a bad pair → a message
and 400."""

import pytest

URL = "/dashboard/"


def names(rows):
    return [row["iso3"] for row in rows]


def test_from_the_march_meeting_to_the_may_meeting(client_for, reference_data):
    response = client_for("cochair").get(
        URL, {"as_of": "2018-05-31", "since": "2018-03-07", "until": "2018-05-31"}
    )
    assert response.status_code == 200
    change = response.context["comparison"]["change"]
    assert names(change.deposited) == ["CHL"]
    assert names(change.entered_into_force) == ["KAZ", "PSE"]
    deltas = {d["status"]: d["shown"] for d in response.context["comparison"]["deltas"]}
    assert deltas["state_party"] == "+2"
    html = response.content.decode()
    assert 'data-comparison="2018-03-07/2018-05-31"' in html
    assert html.index('id="h-changes"') < html.index('id="h-compare"')


def test_the_second_date_defaults_to_the_page_date(client_for, reference_data):
    response = client_for("cochair").get(URL, {"as_of": "2018-05-31", "since": "2018-03-07"})
    change = response.context["comparison"]["change"]
    assert change.until.isoformat() == "2018-05-31"


def test_the_lists_match_the_previous_meeting_comparison(client_for, reference_data):
    response = client_for("cochair").get(URL, {"as_of": "2018-05-31", "since": "2018-03-07"})
    since_meeting = response.context["changes"][0]
    compared = response.context["comparison"]["change"]
    assert since_meeting.deposited == compared.deposited
    assert since_meeting.entered_into_force == compared.entered_into_force
    assert since_meeting.signed == compared.signed


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "2018-06-01", "until": "2018-03-07"}, "must not be before the first"),
        ({"until": "2018-03-07"}, "Give the first date of the comparison too."),
        ({"since": "07/03/2018"}, "Enter a date in the form YYYY-MM-DD"),
        ({"since": "2018-02-30"}, "Enter a date in the form YYYY-MM-DD"),
        ({"since": "0001-01-01"}, "Enter a date between"),
    ],
)
def test_a_bad_pair_gets_a_message_and_400(client_for, reference_data, params, message):
    response = client_for("cochair").get(URL, {"as_of": "2018-05-31", **params})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "comparison" not in response.context


def test_without_dates_there_is_no_comparison_only_the_form(client_for, reference_data):
    response = client_for("cochair").get(URL, {"as_of": "2018-05-31"})
    assert "comparison" not in response.context
    assert 'name="since"' in response.content.decode()


@pytest.mark.parametrize("size", [6, 60])
def test_a_comparison_costs_the_same_queries_whatever_the_size(
    db, client_for, django_assert_num_queries, size
):
    from tests.dashboard.test_queries import _make_world

    _make_world(size)
    client = client_for("cochair")
    client.get(URL, {"as_of": "2018-05-31"})  # the halves are cached now
    # session, user, role and permissions; the versions (one query); the freshness line (one);
    # the comparison (cache miss): counts on the second date, counts on the first, signatures,
    # deposits, entries into force between.
    with django_assert_num_queries(4 + 6):
        client.get(URL, {"as_of": "2018-05-31", "since": "2018-01-01"})
    # The same comparison again: from the page cache.
    with django_assert_num_queries(4):
        client.get(URL, {"as_of": "2018-05-31", "since": "2018-01-01"})
