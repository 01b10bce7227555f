"""Data versions (caching/versions.py): one query for any number of groups of tables, and a new
version after every kind of write the portal makes — through the history (a save, a deletion)
or without it (a bulk load)."""

import pytest
from django.db import connection

from caching.versions import data_version, data_versions
from outreach.models import OutreachActivity
from states.models import State, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory
from tests.outreach.factories import bulk_activities

pytestmark = pytest.mark.django_db
LINKS = OutreachActivity.states.through


def test_several_groups_are_read_in_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        versions = data_versions(
            {
                "ledger": (State, TreatyAction),
                "outreach": (OutreachActivity, OutreachActivity.states.through),
                "declarations": ("depositary.StateDeclaration",),
            }
        )
    assert set(versions) == {"ledger", "outreach", "declarations"}


def test_a_group_reads_as_the_same_models_alone():
    StateFactory(iso3="AAA")
    both = data_versions({"ledger": (State, TreatyAction), "other": (OutreachActivity,)})
    assert both["ledger"] == data_version(State, TreatyAction)
    assert both["other"] == data_version("outreach.OutreachActivity")


def test_a_save_through_the_history_changes_the_version():
    state = StateFactory(iso3="AAA")
    before = data_version(State)
    state.name_en = "Renamed"
    state.save()
    assert data_version(State) != before


def test_a_deletion_changes_the_version_even_of_the_newest_row():
    StateFactory(iso3="AAA")
    newest = StateFactory(iso3="BBB")
    action = TreatyActionFactory(state=newest, kind=TreatyAction.Kind.SIGNATURE)
    before = data_version(TreatyAction)
    action.delete()  # the highest id goes down; the history records the deletion
    assert data_version(TreatyAction) != before


def test_a_bulk_load_without_history_changes_the_version():
    state = StateFactory(iso3="AAA")
    before = data_versions({"activities": (OutreachActivity,), "links": (LINKS,)})
    bulk_activities(1, [state], followups=False)  # bulk_create: no history rows
    after = data_versions({"activities": (OutreachActivity,), "links": (LINKS,)})
    assert after["activities"] != before["activities"]
    assert after["links"] != before["links"]


def test_nothing_written_keeps_the_version():
    StateFactory(iso3="AAA")
    assert data_version(State, TreatyAction) == data_version(State, TreatyAction)


def test_each_call_is_one_query_also_once_prepared(django_assert_num_queries):
    """On PostgreSQL the first call on a connection prepares the statement and runs it in one
    round trip; later calls only run it."""
    for _call in range(3):
        with django_assert_num_queries(1):
            data_version(State, TreatyAction)


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_reads_the_same_version():
    StateFactory(iso3="AAA")
    before = data_version(State, TreatyAction)
    connection.close()  # the next query opens a new database session: nothing prepared there
    assert data_version(State, TreatyAction) == before
    StateFactory(iso3="BBB")
    assert data_version(State, TreatyAction) != before
