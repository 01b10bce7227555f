"""The public status page (/status/, and the home page of anonymous visitors) cached like the
states list (issue 21, item 1): the whole page by the version of the ledger, the freshness line's
data and the key dates; never stale after a write, in every language, for every reader.

tests/conftest.py empties every cache before each test, so each test's first request computes.
"""

import datetime as dt
import re

import pytest
from django.utils import translation

from meetings.models import Conference
from states import cache as cache_module
from states.models import Region, TreatyAction
from states.services import actions
from tests.factories import StateFactory, TreatyActionFactory

Kind = TreatyAction.Kind
STATUS = "/status/"
ON = {"as_of": "2018-09-01"}


@pytest.fixture
def record(db):
    """AME signed in 2014 and ratified on 20 May 2018 (a State Party from 18 August 2018)."""
    ame = StateFactory(
        iso3="AME",
        name_en="Amestria",
        name_fr="Amestrie",
        name_es="Amestria",
        region=Region.AMERICAS,
    )
    TreatyActionFactory(state=ame, kind=Kind.SIGNATURE, date=dt.date(2014, 12, 18))
    TreatyActionFactory(state=ame, kind=Kind.RATIFICATION, date=dt.date(2018, 5, 20))
    StateFactory(iso3="NOS", name_en="Nostate", name_fr="Nonétat", name_es="Noestado")
    return ame


@pytest.fixture
def exact(monkeypatch):
    """Anonymous readers accept no delay either: every request reads the version."""
    monkeypatch.setattr(cache_module, "PUBLIC_MAX_AGE", 0.0)


def _parties(response) -> int:
    return int(re.search(r'data-count="state_party">(\d+)<', response.content.decode())[1])


def _strip(response) -> str:
    """The page without what belongs to one request (CSRF token, CSP nonce)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return re.sub(r'nonce="[^"]*"', "", html)


def _delete_ratification(state, user):
    action = state.actions.get(kind=Kind.RATIFICATION)
    actions.treaty_action_delete(action=action, user=user, expected_version=action.version)


@pytest.mark.parametrize("reader", ["anonymous", "delegate", "secretariat"])
def test_a_ledger_write_changes_what_the_status_page_shows(client_for, record, secretariat, reader):
    client = client_for(reader)
    assert _parties(client.get(STATUS, ON)) == 1
    assert _parties(client.get(STATUS, ON)) == 1  # served from the page cache
    _delete_ratification(record, secretariat)
    assert _parties(client.get(STATUS, ON)) == 0


def test_the_home_page_of_anonymous_visitors_is_never_stale(client, record, secretariat):
    assert _parties(client.get("/", ON)) == 1
    _delete_ratification(record, secretariat)
    assert _parties(client.get("/", ON)) == 0


def test_a_new_conference_is_a_key_date_at_once(client, record, exact):
    assert "CSP4" not in client.get(STATUS, ON).content.decode()
    Conference.objects.create(number=4, opening=dt.date(2018, 8, 20), closing=dt.date(2018, 8, 24))
    assert "CSP4" in client.get(STATUS, ON).content.decode()


def test_each_language_has_its_own_page(client, record, exact):
    english = client.get(STATUS, ON).content.decode()
    client.cookies["django_language"] = "fr"
    french = client.get(STATUS, ON).content.decode()
    with translation.override("fr"):
        assert "Amestrie" in french and "Amestrie" not in english
    assert 'lang="fr"' in french


def test_a_warm_hit_runs_only_the_version_query(client, record, exact, django_assert_num_queries):
    first = client.get(STATUS, ON)
    # 1. the version of the ledger, the freshness line's data and the key dates
    with django_assert_num_queries(1):
        second = client.get(STATUS, ON)
    assert _strip(second) == _strip(first)


def test_an_anonymous_warm_hit_runs_no_query_while_the_version_is_fresh(
    client, record, django_assert_num_queries
):
    client.get(STATUS, ON)
    with django_assert_num_queries(0):
        client.get(STATUS, ON)


def test_a_signed_in_warm_hit(client_for, record, django_assert_num_queries):
    client = client_for("delegate")
    client.get(STATUS, ON)
    # session, user, role and permissions (one query), the version
    with django_assert_num_queries(4):
        client.get(STATUS, ON)


@pytest.mark.parametrize("iso3", ["AME", "USA", "X-1", "É Z"])
def test_state_url_is_the_reversed_url(iso3):
    from django.urls import reverse

    from states.overview import state_url

    assert state_url(iso3) == reverse("states:detail", args=[iso3])
