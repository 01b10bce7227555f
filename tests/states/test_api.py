"""The public JSON API (DESIGN.md § Public contract) and its OpenAPI description."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from states.models import Region, Status, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

Kind = TreatyAction.Kind
SUMMARY = reverse("api:summary")
STATES = reverse("api:states")
OPENAPI = reverse("api:openapi")
STATE_FIELDS = [
    "iso3",
    "name",
    "region",
    "status",
    "signature_date",
    "deposit_date",
    "deposit_type",
    "entry_into_force_date",
]
CROSS_CHECK = {
    "2014-12-24": (61, 0, 69, 66),
    "2017-09-11": (92, 0, 41, 63),
    "2018-03-07": (92, 2, 41, 61),
    "2018-05-31": (94, 1, 40, 61),
    "2018-08-20": (95, 2, 38, 61),
    "2025-08-25": (116, 0, 26, 54),
}
# Published "States Parties" by region count deposits (state_party + ratified_not_in_force).
DEPOSITS_BY_REGION_2018_05_31 = {
    "Africa": 22,
    "Americas": 24,
    "Asia": 6,
    "Europe": 39,
    "Oceania": 4,
}


@pytest.fixture
def ledger(db):
    """AND-like: signed 18 Dec 2014, ratified 2 Dec 2022; and a state that never acted."""
    andorra = StateFactory(iso3="ADX", name_en="Andland", name_fr="Andlande", region=Region.EUROPE)
    TreatyActionFactory(state=andorra, kind=Kind.SIGNATURE, date=dt.date(2014, 12, 18))
    TreatyActionFactory(state=andorra, kind=Kind.RATIFICATION, date=dt.date(2022, 12, 2))
    StateFactory(iso3="NOX", name_en="Nonland", region=Region.ASIA)
    return andorra


# --- the contract --------------------------------------------------------------------------


@pytest.mark.parametrize("day", CROSS_CHECK)
def test_summary_matches_the_cross_check_table(client, reference_data, day):
    data = client.get(SUMMARY, {"as_of": day}).json()
    assert data["as_of"] == day
    assert (
        data["state_party"],
        data["ratified_not_in_force"],
        data["signatory"],
        data["non_signatory"],
    ) == CROSS_CHECK[day]


def test_summary_by_region_on_31_may_2018(client, reference_data):
    by_region = client.get(SUMMARY, {"as_of": "2018-05-31"}).json()["by_region"]
    deposits = {
        region: counts["state_party"] + counts["ratified_not_in_force"]
        for region, counts in by_region.items()
    }
    assert deposits == DEPOSITS_BY_REGION_2018_05_31


def test_summary_has_exactly_the_contract_fields(client, ledger):
    data = client.get(SUMMARY, {"as_of": "2018-05-31"}).json()
    assert list(data) == [
        "as_of",
        "state_party",
        "ratified_not_in_force",
        "signatory",
        "non_signatory",
        "by_region",
        "record_checked_on",
        "differences_pending",
    ]
    assert list(data["by_region"]) == Region.values
    assert all(list(counts) == Status.values for counts in data["by_region"].values())


def test_summary_as_of_defaults_to_today(client, ledger):
    assert client.get(SUMMARY).json()["as_of"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("day", CROSS_CHECK)
def test_states_statuses_match_the_cross_check_table(client, reference_data, day):
    rows = client.get(STATES, {"as_of": day}).json()
    counts = tuple(sum(r["status"] == s for r in rows) for s in Status.values)
    assert counts == CROSS_CHECK[day]


@pytest.mark.parametrize(
    ("day", "pending"), [("2018-03-07", ["KAZ", "PSE"]), ("2018-05-31", ["CHL"])]
)
def test_states_filters_by_status(client, reference_data, day, pending):
    rows = client.get(STATES, {"as_of": day, "status": "ratified_not_in_force"}).json()
    assert [r["iso3"] for r in rows] == pending


def test_states_filters_by_region(client, reference_data):
    rows = client.get(STATES, {"as_of": "2018-05-31", "region": "Oceania"}).json()
    assert {r["region"] for r in rows} == {"Oceania"}
    assert sum(r["status"] == "state_party" for r in rows) == 4


def test_states_rows_have_exactly_the_contract_fields(client, ledger):
    rows = client.get(STATES, {"as_of": "2023-06-01"}).json()
    assert rows[0] == {
        "iso3": "ADX",
        "name": "Andland",
        "region": "Europe",
        "status": "state_party",
        "signature_date": "2014-12-18",
        "deposit_date": "2022-12-02",
        "deposit_type": "ratification",
        "entry_into_force_date": "2023-03-02",
    }
    assert list(rows[1]) == STATE_FIELDS


def test_states_show_only_dates_known_on_as_of(client, ledger):
    rows = client.get(STATES, {"as_of": "2014-12-01"}).json()
    assert rows[0]["signature_date"] is None
    assert rows[0]["deposit_date"] is None
    assert rows[0]["entry_into_force_date"] is None
    assert rows[0]["status"] == "non_signatory"


def test_states_deposit_known_but_not_yet_in_force(client, ledger):
    row = client.get(STATES, {"as_of": "2023-01-01"}).json()[0]
    assert row["status"] == "ratified_not_in_force"
    assert row["signature_date"] == "2014-12-18"
    assert row["entry_into_force_date"] == "2023-03-02"


def test_states_are_ordered_by_code(client, ledger):
    assert [r["iso3"] for r in client.get(STATES).json()] == ["ADX", "NOX"]


def test_states_names_follow_the_language(client, ledger):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get(STATES).json()[0]["name"] == "Andlande"


def test_states_names_follow_accept_language(client, ledger):
    assert client.get(STATES, headers={"accept-language": "fr"}).json()[0]["name"] == "Andlande"


def test_responses_are_json(client, ledger):
    for url in (SUMMARY, STATES, OPENAPI):
        assert client.get(url)["Content-Type"] == "application/json"


# --- bad parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "parties"), [("0001-01-01", 0), ("1900-01-01", 0), ("9999-12-31", 1)]
)
def test_any_calendar_day_is_a_date_the_status_is_computed_on(client, ledger, as_of, parties):
    """The rules' arithmetic is held at the ends of the calendar (states.rules.shifted)."""
    summary = client.get(SUMMARY, {"as_of": as_of}).json()
    assert (summary["as_of"], summary["state_party"]) == (as_of, parties)


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        (SUMMARY, {"as_of": "31/05/2018"}, "as_of"),
        (SUMMARY, {"as_of": "2018-5-31"}, "as_of"),
        (SUMMARY, {"as_of": "2018-02-30"}, "as_of"),
        (SUMMARY, {"as_of": "20180531"}, "as_of"),
        (SUMMARY, {"as_of": "10000-01-01"}, "as_of"),
        (SUMMARY, {"as_of": "0000-12-31"}, "as_of"),
        (SUMMARY, {"as_of": "2018-05-31\x00"}, "as_of"),
        (SUMMARY, {"as_of": "2" * 5000}, "as_of"),
        (SUMMARY, {"region": "Africa"}, "region"),
        (STATES, {"as_of": "today"}, "as_of"),
        (STATES, {"status": "party"}, "status"),
        (STATES, {"status": "STATE_PARTY"}, "status"),
        (STATES, {"status": "state_party\x00"}, "status"),
        (STATES, {"region": "Antarctica"}, "region"),
        (STATES, {"region": "africa"}, "region"),
        (STATES, {"region": "A" * 500}, "region"),
        (STATES, {"regoin": "Africa"}, "regoin"),
        (STATES, {"as_of": ["2018-05-31", "2018-06-01"]}, "as_of"),
    ],
)
def test_bad_parameter_is_a_400_naming_it(client, ledger, url, params, parameter):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert list(response.json()) == ["error"]
    assert error.startswith(f"{parameter}: ")


def test_malformed_date_message_says_what_to_enter(client, ledger):
    error = client.get(STATES, {"as_of": "2018-13-01"}).json()["error"]
    assert error == "as_of: Enter a date in the form YYYY-MM-DD, for example 2018-05-31."


def test_empty_filters_mean_no_filter(client, ledger):
    response = client.get(STATES, {"as_of": "", "status": "", "region": ""})
    assert [r["iso3"] for r in response.json()] == ["ADX", "NOX"]


# --- methods and access ----------------------------------------------------------------------


@pytest.mark.parametrize("url", [SUMMARY, STATES, OPENAPI])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_get_is_allowed(client, ledger, url, method):
    response = getattr(client, method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "error" in response.json()


def test_post_without_csrf_token_is_still_a_405(ledger):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(STATES)
    assert response.status_code == 405


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "cochair", "secretariat"])
@pytest.mark.parametrize("url", [SUMMARY, STATES, OPENAPI])
def test_api_is_open_to_everyone(client_for, ledger, persona, url):
    assert client_for(persona).get(url).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "delegate", "cochair", "secretariat"])
def test_api_post_is_refused_for_every_role(client_for, ledger, persona):
    assert client_for(persona).post(STATES).status_code == 405


def test_head_is_allowed(client, ledger):
    assert client.head(STATES).status_code == 200


# --- OpenAPI ---------------------------------------------------------------------------------


@pytest.fixture
def openapi(client, db):
    return client.get(OPENAPI).json()


def test_openapi_is_version_3_1_with_every_path(openapi):
    assert openapi["openapi"].startswith("3.1")
    # The conferences' path is the meetings app's part, handed over by the URL configuration.
    assert set(openapi["paths"]) == {SUMMARY, STATES, "/api/conferences"}


def test_openapi_enums_are_the_models_choices(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["Status"]["enum"] == Status.values
    assert schemas["Region"]["enum"] == Region.values


def test_openapi_state_schema_lists_the_contract_fields(openapi):
    state = openapi["components"]["schemas"]["State"]
    assert state["required"] == STATE_FIELDS
    assert list(state["properties"]) == STATE_FIELDS


def test_openapi_describes_parameters_and_400(openapi):
    operation = openapi["paths"][STATES]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["as_of", "status", "region"]
    assert "400" in operation["responses"]
    assert "400" in openapi["paths"][SUMMARY]["get"]["responses"]


def test_openapi_summary_schema_matches_a_real_response(client, ledger, openapi):
    summary = openapi["components"]["schemas"]["Summary"]
    data = client.get(SUMMARY).json()
    assert set(summary["required"]) == set(data)
    assert set(summary["properties"]["by_region"]["required"]) == set(data["by_region"])


# --- query counts ----------------------------------------------------------------------------


@pytest.fixture(params=[20, 196], ids=["20-states", "196-states"])
def world(request, db):
    if request.param == 196:
        request.getfixturevalue("reference_data")
    else:
        for n in range(20):
            state = StateFactory()
            if n % 2:
                TreatyActionFactory(state=state)
    return request.param


def test_summary_query_count_is_constant(client, world, django_assert_num_queries):
    # Not cached yet (each test starts with an empty cache):
    # 1. the version of the ledger and the freshness data (states/cache.py)  2. the freshness
    # (the latest successful depositary sync)  3. counts by status and region (one aggregate query)
    with django_assert_num_queries(3):
        client.get(SUMMARY, {"as_of": "2018-05-31"})


def test_states_query_count_is_constant(client, world, django_assert_num_queries):
    # Not cached yet: 1. the ledger version (states/cache.py)  2. the states with their record
    with django_assert_num_queries(2):
        rows = client.get(STATES, {"as_of": "2018-05-31"}).json()
    assert len(rows) == world


def test_openapi_describes_the_freshness_fields(openapi):
    summary = openapi["components"]["schemas"]["Summary"]
    checked = summary["properties"]["record_checked_on"]
    assert checked["type"] == ["string", "null"] and checked["format"] == "date"
    assert summary["properties"]["differences_pending"] == {
        **summary["properties"]["differences_pending"],
        "type": "integer",
        "minimum": 0,
    }
    assert {"record_checked_on", "differences_pending"} <= set(summary["required"])
