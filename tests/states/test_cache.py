"""Caching of the public status pages, export and API by ledger version (states/cache.py).

tests/conftest.py empties every cache before each test, so each test's first request computes.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from states import cache as cache_module
from states.cache import ledger_version
from states.models import Region, Status, TreatyAction
from states.services import actions, reference
from tests.factories import StateFactory, TreatyActionFactory

Kind = TreatyAction.Kind
LIST = reverse("states:list")
EXPORT = reverse("states:export")
SUMMARY = reverse("api:summary")
STATES = reverse("api:states")


@pytest.fixture
def record(db):
    """Two states: AME signed and ratified (its ratification is edited below), NOS nothing."""
    ame = StateFactory(
        iso3="AME",
        name_en="Amestria",
        name_fr="Amestrie",
        name_es="Amestria (es)",
        region=Region.AMERICAS,
    )
    TreatyActionFactory(state=ame, kind=Kind.SIGNATURE, date=dt.date(2014, 12, 18))
    TreatyActionFactory(state=ame, kind=Kind.RATIFICATION, date=dt.date(2018, 5, 20))
    StateFactory(iso3="NOS", name_en="Nostate", name_fr="Nonétat", name_es="Noestado")
    return ame


def _without_csrf_token(response) -> str:
    """The page with its CSRF token (masked afresh on each request) blanked out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _ratification(state):
    return state.actions.get(kind=Kind.RATIFICATION)


def _move_ratification(state, secretariat, day):
    action = _ratification(state)
    actions.treaty_action_update(
        action=action, user=secretariat, expected_version=action.version, date=day
    )


# --- the ledger version ----------------------------------------------------------------------


def test_ledger_version_is_one_query(record, django_assert_num_queries):
    # 1. max history id and history row count of State and TreatyAction (one SELECT)
    with django_assert_num_queries(1):
        ledger_version()


def test_ledger_version_changes_with_an_edit_through_the_service(record, secretariat):
    before = ledger_version()
    _move_ratification(record, secretariat, dt.date(2018, 6, 1))
    assert ledger_version() != before


def test_ledger_version_changes_with_a_deletion(record, secretariat):
    before = ledger_version()
    action = _ratification(record)
    actions.treaty_action_delete(action=action, user=secretariat, expected_version=action.version)
    assert ledger_version() != before


def test_ledger_version_changes_with_a_bulk_load(db):
    before = ledger_version()
    reference.reference_data_load()
    assert ledger_version() != before


# --- a second identical request does not run the status queries -----------------------------


@pytest.fixture
def exact(monkeypatch):
    """Anonymous readers accept no delay either: every request reads the version."""
    monkeypatch.setattr(cache_module, "PUBLIC_MAX_AGE", 0.0)


def test_list_second_request_runs_only_the_version_query(
    client, record, exact, django_assert_num_queries
):
    first = client.get(LIST, {"as_of": "2018-06-01"})
    # 1. the ledger version; the counts and the rows come from the cache
    with django_assert_num_queries(1):
        second = client.get(LIST, {"as_of": "2018-06-01"})
    assert _without_csrf_token(second) == _without_csrf_token(first)


def test_state_page_second_request_runs_only_the_version_query(
    client, record, exact, django_assert_num_queries
):
    url = reverse("states:detail", args=["AME"])
    first = client.get(url)
    # 1. the version of the ledger and the declarations: the whole page comes from the cache
    with django_assert_num_queries(1):
        second = client.get(url)
    assert _without_csrf_token(second) == _without_csrf_token(first)


def test_api_summary_second_request_runs_only_the_version_query(
    client, record, exact, django_assert_num_queries
):
    first = client.get(SUMMARY, {"as_of": "2018-06-01"})
    # 1. the ledger version
    with django_assert_num_queries(1):
        second = client.get(SUMMARY, {"as_of": "2018-06-01"})
    assert second.json() == first.json()


def test_api_states_second_request_runs_only_the_version_query(
    client, record, exact, django_assert_num_queries
):
    first = client.get(STATES, {"as_of": "2018-06-01"})
    # 1. the ledger version
    with django_assert_num_queries(1):
        second = client.get(STATES, {"as_of": "2018-06-01"})
    assert second.json() == first.json()


def test_export_second_request_runs_only_the_version_query(
    client, record, exact, django_assert_num_queries
):
    first = client.get(EXPORT, {"format": "csv"})
    # 1. the ledger version
    with django_assert_num_queries(1):
        second = client.get(EXPORT, {"format": "csv"})
    assert second.content == first.content
    assert second["Content-Disposition"] == first["Content-Disposition"]


# --- anonymous readers: no query within PUBLIC_MAX_AGE of this process's last reading -----------


def test_an_anonymous_reader_runs_no_query_while_the_version_is_fresh(
    client, record, django_assert_num_queries
):
    first = client.get(LIST, {"as_of": "2018-06-01"})
    client.get(SUMMARY, {"as_of": "2018-06-01"})
    with django_assert_num_queries(0):
        second = client.get(LIST, {"as_of": "2018-06-01"})
        client.get(SUMMARY, {"as_of": "2018-06-01"})  # the same version serves the API too
    assert _without_csrf_token(second) == _without_csrf_token(first)


def test_a_signed_in_reader_always_reads_the_version(client_for, record, cochair):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reader = client_for("cochair")
    reader.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        reader.get(LIST)
    assert any(
        "states_historicaltreatyaction" in q["sql"] or "EXECUTE" in q["sql"]
        for q in captured.captured_queries
    )


def test_a_write_through_this_process_is_seen_by_anonymous_readers_at_once(
    client, record, secretariat
):
    client.get(LIST, {"q": "AME", "as_of": "2018-06-01"})
    _move_ratification(record, secretariat, dt.date(2018, 5, 29))  # in force on 27 Aug 2018
    html = client.get(LIST, {"q": "AME", "as_of": "2018-06-01"}).content.decode()
    assert "29 May 2018" in html or "2018-05-29" in html


def test_a_write_by_another_process_is_seen_within_the_public_max_age(client, record, monkeypatch):
    """A bulk write sends no signal: as for a write made through another worker process."""
    from caching import versions

    now = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: now[0])
    assert [r["iso3"] for r in client.get(STATES).json()] == ["AME", "NOS"]
    TreatyAction.objects.none()  # (no signal below: bulk_create)
    StateModel = record.__class__
    StateModel.objects.bulk_create(
        [StateModel(iso3="NEW", name_en="Newland", region=Region.EUROPE)]
    )
    now[0] += cache_module.PUBLIC_MAX_AGE / 2
    assert [r["iso3"] for r in client.get(STATES).json()] == ["AME", "NOS"]  # within the delay
    now[0] += cache_module.PUBLIC_MAX_AGE
    assert "NEW" in [r["iso3"] for r in client.get(STATES).json()]


# --- a ledger change invalidates -------------------------------------------------------------


def test_list_shows_an_edit_made_after_it_was_cached(client, record, secretariat):
    assert "2018-05-20" in client.get(LIST).content.decode()
    _move_ratification(record, secretariat, dt.date(2018, 6, 1))
    html = client.get(LIST).content.decode()
    assert "2018-06-01" in html
    assert "2018-05-20" not in html


def test_state_page_shows_an_edit_made_after_it_was_cached(client, record, secretariat):
    url = reverse("states:detail", args=["AME"])
    assert "2018-05-20" in client.get(url).content.decode()
    _move_ratification(record, secretariat, dt.date(2018, 6, 1))
    html = client.get(url).content.decode()
    assert "2018-06-01" in html
    assert "2018-05-20" not in html


def test_api_states_shows_an_edit_made_after_it_was_cached(client, record, secretariat):
    def deposit():
        rows = client.get(STATES, {"as_of": "2026-01-01"}).json()
        return next(r["deposit_date"] for r in rows if r["iso3"] == "AME")

    assert deposit() == "2018-05-20"
    _move_ratification(record, secretariat, dt.date(2018, 6, 1))
    assert deposit() == "2018-06-01"


def test_api_summary_shows_a_deletion_made_after_it_was_cached(client, record, secretariat):
    params = {"as_of": "2026-01-01"}
    assert client.get(SUMMARY, params).json()[Status.STATE_PARTY] == 1
    action = _ratification(record)
    actions.treaty_action_delete(action=action, user=secretariat, expected_version=action.version)
    summary = client.get(SUMMARY, params).json()
    assert (summary[Status.STATE_PARTY], summary[Status.SIGNATORY]) == (0, 1)


def test_export_shows_an_edit_made_after_it_was_cached(client, record, secretariat):
    assert "2018-05-20" in client.get(EXPORT, {"format": "csv"}).content.decode()
    _move_ratification(record, secretariat, dt.date(2018, 6, 1))
    assert "2018-06-01" in client.get(EXPORT, {"format": "csv"}).content.decode()


# --- entries are not shared across languages, parameters or roles ----------------------------


def test_list_entries_are_per_language(client, record, exact, django_assert_num_queries):
    client.get(LIST, {"q": "AME"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    # 1. the version  2. counts  3. rows: the French page is computed, not the English reused
    # (the freshness line is kept by version, whatever the language: no query)
    with django_assert_num_queries(3):
        html = client.get(LIST, {"q": "AME"}).content.decode()
    assert ">Amestrie</a>" in html


def test_api_states_entries_are_per_language(client, record):
    client.get(STATES)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    names = {r["iso3"]: r["name"] for r in client.get(STATES).json()}
    assert names["NOS"] == "Noestado"


def test_list_entries_are_per_parameters(client, record):
    client.get(LIST, {"as_of": "2026-01-01", "status": Status.STATE_PARTY})
    response = client.get(LIST, {"as_of": "2026-01-01", "status": Status.NON_SIGNATORY})
    assert [row.iso3 for row in response.context["states"]] == ["NOS"]


def test_api_summary_entries_are_per_date(client, record):
    client.get(SUMMARY, {"as_of": "2026-01-01"})
    summary = client.get(SUMMARY, {"as_of": "2016-01-01"}).json()
    assert (summary["as_of"], summary[Status.STATE_PARTY]) == ("2016-01-01", 0)


def test_export_entries_are_per_format(client, record):
    client.get(EXPORT, {"format": "csv"})
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_state_page_cached_for_the_secretariat_shows_no_edit_link_to_anonymous(
    client, client_for, record
):
    url = reverse("states:detail", args=["AME"])
    assert "data-edit-link" in client_for("secretariat").get(url).content.decode()
    assert "data-edit-link" not in client.get(url).content.decode()


def test_state_page_cached_for_anonymous_shows_edit_links_to_the_secretariat(
    client, client_for, record
):
    url = reverse("states:detail", args=["AME"])
    client.get(url)
    assert "data-edit-link" in client_for("secretariat").get(url).content.decode()


# --- bad parameters are answered, never cached -----------------------------------------------


def test_api_bad_parameter_is_answered_400_each_time(client, record):
    for _ in range(2):
        response = client.get(STATES, {"status": "nonsense"})
        assert response.status_code == 400
        assert response.json()["error"].startswith("status:")


def test_api_bad_parameter_does_not_spoil_the_good_request(client, record):
    client.get(SUMMARY, {"as_of": "2026-13-01"})
    response = client.get(SUMMARY, {"as_of": "2026-01-01"})
    assert response.status_code == 200


def test_list_bad_parameter_is_answered_400_each_time(client, record):
    for _ in range(2):
        assert client.get(LIST, {"as_of": "yesterday"}).status_code == 400
