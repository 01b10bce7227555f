"""Status on any date, through the QuerySet: the cross-check table of the bundled data's README."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from states.models import Region, State, Status, TreatyAction
from tests.factories import StateFactory, TreatyActionFactory

D = dt.date
Kind = TreatyAction.Kind

# date: (state_party, ratified_not_in_force, signatory, non_signatory), README § Cross-check.
CROSS_CHECK = {
    D(2014, 12, 24): (61, 0, 69, 66),
    D(2017, 9, 11): (92, 0, 41, 63),
    D(2018, 3, 7): (92, 2, 41, 61),
    D(2018, 5, 31): (94, 1, 40, 61),
    D(2018, 8, 20): (95, 2, 38, 61),
    D(2025, 8, 25): (116, 0, 26, 54),
}


@pytest.mark.parametrize(("on", "expected"), CROSS_CHECK.items(), ids=str)
def test_counts_on_reproduce_the_cross_check_table(reference_data, on, expected):
    counts = State.objects.counts_on(on)
    assert tuple(counts.totals[s] for s in Status.values) == expected
    assert counts.total == 196


@pytest.mark.parametrize("on", CROSS_CHECK, ids=str)
def test_counting_the_fetched_records_agrees_with_counts_on(reference_data, on):
    """StatusCounts.of (the status page and the dashboard count the records they fetch for the
    map) answers what the aggregate query answers, overall and per region."""
    from states.models import StatusCounts

    counted = StatusCounts.of(on, State.objects.with_record(on))
    assert counted == State.objects.counts_on(on)
    assert counted.by_region[Region.AFRICA][Status.STATE_PARTY] > 0


@pytest.mark.parametrize(("on", "expected"), CROSS_CHECK.items(), ids=str)
def test_deposited_is_parties_plus_pending(reference_data, on, expected):
    party, pending, _signatory, _non = expected
    assert State.objects.counts_on(on).deposited == party + pending


@pytest.mark.parametrize(("on", "expected"), CROSS_CHECK.items(), ids=str)
def test_status_on_filters_agree_with_the_counts(reference_data, on, expected):
    found = tuple(State.objects.status_on(on, status).count() for status in Status.values)
    assert found == expected


def test_deposits_by_region_on_31_may_2018_match_the_att_monitor(reference_data):
    # The ATT Monitor's 95 "States Parties" count deposits: Chile (Americas) was not yet in force.
    by_region = State.objects.counts_on(D(2018, 5, 31)).by_region
    deposited = {
        region: by_region[region][Status.STATE_PARTY]
        + by_region[region][Status.RATIFIED_NOT_IN_FORCE]
        for region in Region.values
    }
    assert deposited == {"Africa": 22, "Americas": 24, "Asia": 6, "Europe": 39, "Oceania": 4}


def test_parties_in_force_by_region_on_31_may_2018(reference_data):
    by_region = State.objects.counts_on(D(2018, 5, 31)).by_region
    parties = {region: by_region[region][Status.STATE_PARTY] for region in Region.values}
    assert parties == {"Africa": 22, "Americas": 23, "Asia": 6, "Europe": 39, "Oceania": 4}


def test_africa_on_25_august_2025_matches_the_secretariat(reference_data):
    africa = State.objects.counts_on(D(2025, 8, 25)).by_region["Africa"]
    assert (africa["state_party"], africa["signatory"], africa["non_signatory"]) == (31, 10, 13)
    assert africa["ratified_not_in_force"] == 0


def test_by_region_sums_to_the_totals(reference_data):
    counts = State.objects.counts_on(D(2018, 8, 20))
    for status in Status.values:
        assert sum(r[status] for r in counts.by_region.values()) == counts.totals[status]


def test_pending_on_7_march_2018_are_kazakhstan_and_palestine(reference_data):
    pending = State.objects.status_on(D(2018, 3, 7), Status.RATIFIED_NOT_IN_FORCE)
    assert sorted(pending.values_list("iso3", flat=True)) == ["KAZ", "PSE"]


def test_pending_on_31_may_2018_is_chile(reference_data):
    pending = State.objects.status_on(D(2018, 5, 31), Status.RATIFIED_NOT_IN_FORCE)
    assert list(pending.values_list("iso3", flat=True)) == ["CHL"]


def test_kazakhstan_is_a_party_from_its_entry_into_force(reference_data):
    kaz = State.objects.with_record(D(2018, 3, 8)).get(iso3="KAZ")
    assert kaz.status == Status.STATE_PARTY
    assert kaz.entry_into_force_date == D(2018, 3, 8)


def test_before_any_event_every_state_is_a_non_signatory(reference_data):
    counts = State.objects.counts_on(D(2013, 6, 2))
    assert counts.totals[Status.NON_SIGNATORY] == 196


def test_record_shows_only_events_known_on_the_date(reference_data):
    chl = State.objects.with_record(D(2018, 5, 1)).get(iso3="CHL")
    assert chl.signature_date is not None
    assert chl.deposit_date is None
    assert chl.status == Status.SIGNATORY


def test_united_states_is_a_signatory_flagged_for_its_intention(reference_data):
    usa = State.objects.with_record(D(2025, 8, 25)).get(iso3="USA")
    assert usa.status == Status.SIGNATORY
    assert usa.intends_not_to_be_party is True


def test_united_states_is_not_flagged_before_its_notification(reference_data):
    usa = State.objects.with_record(D(2019, 7, 17)).get(iso3="USA")
    assert usa.intends_not_to_be_party is False


@pytest.fixture
def withdrawn_party(db):
    """A signatory that ratified in 2015 (in force 2015-04-01) and withdrew on 2020-01-10."""
    state = StateFactory(iso3="XWD")
    TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))
    TreatyActionFactory(state=state, kind=Kind.RATIFICATION, date=D(2015, 1, 1))
    TreatyActionFactory(state=state, kind=Kind.WITHDRAWAL, date=D(2020, 1, 10))
    return state


def test_withdrawing_state_stays_a_party_until_the_withdrawal_takes_effect(withdrawn_party):
    # 90 days after 2020-01-10 is 2020-04-09.
    on = D(2020, 4, 8)
    assert State.objects.with_record(on).get(pk=withdrawn_party.pk).status == Status.STATE_PARTY


def test_withdrawn_signatory_falls_back_to_signatory(withdrawn_party):
    on = D(2020, 4, 9)
    assert State.objects.with_record(on).get(pk=withdrawn_party.pk).status == Status.SIGNATORY


def test_withdrawn_accession_state_falls_back_to_non_signatory(db):
    state = StateFactory(iso3="XWA")
    TreatyActionFactory(state=state, kind=Kind.ACCESSION, date=D(2016, 1, 1))
    TreatyActionFactory(
        state=state, kind=Kind.WITHDRAWAL, date=D(2020, 1, 10), named_effective_date=D(2021, 1, 1)
    )
    record = State.objects.with_record
    assert record(D(2020, 12, 31)).get(pk=state.pk).status == Status.STATE_PARTY
    assert record(D(2021, 1, 1)).get(pk=state.pk).status == Status.NON_SIGNATORY


def _states_with_records(n):
    for i in range(n):
        state = StateFactory(iso3=f"Q{chr(65 + i // 26)}{chr(65 + i % 26)}")
        TreatyActionFactory(state=state, kind=Kind.SIGNATURE, date=D(2013, 6, 3))
        if i % 2:
            TreatyActionFactory(state=state, kind=Kind.RATIFICATION, date=D(2015, 1, 1))


@pytest.mark.parametrize("n", [20, 196])
def test_counts_on_is_one_query(db, django_assert_num_queries, n):
    _states_with_records(n)
    # 1: SELECT region, status, COUNT(*) … GROUP BY region, status (status from subqueries)
    with django_assert_num_queries(1):
        counts = State.objects.counts_on(D(2025, 1, 1))
    assert counts.total == n


@pytest.mark.parametrize("n", [20, 196])
def test_status_on_is_one_query_whatever_the_number_of_states(db, django_assert_num_queries, n):
    _states_with_records(n)
    # 1: SELECT states with signature/deposit/withdrawal/intention subqueries and status
    with django_assert_num_queries(1):
        rows = [
            (s.iso3, s.status, s.entry_into_force_date)
            for s in State.objects.status_on(D(2025, 1, 1))
        ]
    assert len(rows) == n


def test_database_refuses_a_second_signature(db):
    first = TreatyActionFactory(kind=Kind.SIGNATURE)
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatyAction.objects.create(state=first.state, kind=Kind.SIGNATURE, date=D(2014, 1, 1))


def test_database_refuses_a_second_deposit(db):
    first = TreatyActionFactory(kind=Kind.ACCESSION, date=D(2015, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatyAction.objects.create(state=first.state, kind=Kind.RATIFICATION, date=D(2016, 1, 1))


def test_database_refuses_an_unknown_kind(db):
    state = StateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatyAction.objects.create(state=state, kind="rumour", date=D(2016, 1, 1))


def test_database_refuses_a_signature_after_entry_into_force(db):
    state = StateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatyAction.objects.create(state=state, kind=Kind.SIGNATURE, date=D(2014, 12, 25))


def test_database_refuses_a_named_effective_date_on_a_deposit(db):
    state = StateFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TreatyAction.objects.create(
            state=state, kind=Kind.ACCESSION, date=D(2016, 1, 1), named_effective_date=D(2017, 1, 1)
        )
