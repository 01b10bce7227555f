"""The treaty's date rules (Art. 20, 22, 25) and the sequence rules, without the database."""

import datetime as dt

import pytest

from states import rules
from states.models import TreatyAction
from states.rules import ActionRecord

D = dt.date
Kind = TreatyAction.Kind
TODAY = D(2025, 8, 25)


@pytest.mark.parametrize(
    ("deposit", "in_force"),
    [
        (D(2014, 9, 25), D(2014, 12, 24)),  # the 50th deposit
        (D(2014, 12, 24), D(2014, 12, 24)),  # deposited on the treaty's entry into force
        (D(2014, 12, 25), D(2015, 3, 25)),  # Art. 22(2): the 90th day after
        (D(2013, 6, 3), D(2014, 12, 24)),
    ],
    ids=str,
)
def test_entry_into_force_follows_article_22(deposit, in_force):
    assert rules.entry_into_force(deposit) == in_force


def test_deposit_between_50th_and_treaty_entry_into_force_counts_from_24_december():
    # README: GIN, SRB, KNA, LIE, POL, LTU, NLD, ZAF deposited 26 Sep - 24 Dec 2014.
    assert rules.entry_into_force(D(2014, 12, 17)) == D(2014, 12, 24)


def test_in_force_cutoff_is_none_before_the_treaty_entered_into_force():
    assert rules.in_force_cutoff(D(2014, 12, 23)) is None


def test_in_force_cutoff_on_entry_into_force_day():
    assert rules.in_force_cutoff(D(2014, 12, 24)) == D(2014, 12, 24)


def test_in_force_cutoff_before_the_90_days_catch_up():
    assert rules.in_force_cutoff(D(2015, 3, 24)) == D(2014, 12, 24)


def test_in_force_cutoff_90_days_back_later():
    assert rules.in_force_cutoff(D(2015, 3, 25)) == D(2014, 12, 25)


@pytest.mark.parametrize(
    "deposit", [D(2014, 9, 25), D(2014, 12, 24), D(2014, 12, 25), D(2015, 6, 1), D(2018, 5, 18)]
)
@pytest.mark.parametrize(
    "on", [D(2014, 12, 23), D(2014, 12, 24), D(2015, 3, 24), D(2015, 3, 25), D(2018, 8, 16)]
)
def test_in_force_cutoff_agrees_with_entry_into_force(deposit, on):
    cutoff = rules.in_force_cutoff(on)
    in_force = cutoff is not None and deposit <= cutoff
    assert in_force == (deposit <= on and rules.entry_into_force(deposit) <= on)


def test_withdrawal_takes_effect_90_days_after_notification():
    assert rules.withdrawal_effective(D(2020, 1, 10)) == D(2020, 4, 9)


def test_withdrawal_takes_effect_on_a_later_named_date():
    assert rules.withdrawal_effective(D(2020, 1, 10), D(2021, 1, 1)) == D(2021, 1, 1)


def test_withdrawal_named_date_earlier_than_90_days_does_not_shorten_the_notice():
    assert rules.withdrawal_effective(D(2020, 1, 10), D(2020, 2, 1)) == D(2020, 4, 9)


def errors(*actions):
    return rules.sequence_errors([ActionRecord(*a) for a in actions], today=TODAY)


def test_signature_then_ratification_is_valid():
    assert errors((Kind.SIGNATURE, D(2013, 6, 3)), (Kind.RATIFICATION, D(2014, 4, 2))) == []


def test_accession_without_signature_is_valid():
    assert errors((Kind.ACCESSION, D(2016, 1, 1))) == []


def test_date_in_the_future_is_refused():
    (message,) = errors((Kind.ACCESSION, D(2025, 8, 26)))
    assert "in the future" in message


def test_date_before_the_opening_for_signature_is_refused():
    (message,) = errors((Kind.SIGNATURE, D(2013, 6, 2)))
    assert "before the treaty opened for signature" in message


def test_signature_after_24_december_2014_is_refused():
    (message,) = errors((Kind.SIGNATURE, D(2014, 12, 25)))
    assert "open for signature only until" in message


def test_signature_on_24_december_2014_is_accepted():
    assert errors((Kind.SIGNATURE, D(2014, 12, 24))) == []


@pytest.mark.parametrize("kind", [Kind.RATIFICATION, Kind.ACCEPTANCE, Kind.APPROVAL])
def test_ratification_acceptance_approval_need_a_signature(kind):
    (message,) = errors((kind, D(2016, 1, 1)))
    assert "needs a signature first" in message


def test_ratification_before_the_signature_is_refused():
    (message,) = errors((Kind.SIGNATURE, D(2014, 6, 1)), (Kind.RATIFICATION, D(2014, 5, 1)))
    assert "comes before the signature" in message


def test_accession_by_a_signatory_is_refused():
    (message,) = errors((Kind.SIGNATURE, D(2013, 6, 3)), (Kind.ACCESSION, D(2016, 1, 1)))
    assert "Accession is for a state that did not sign" in message


def test_second_deposit_is_refused():
    found = errors((Kind.ACCESSION, D(2016, 1, 1)), (Kind.ACCESSION, D(2017, 1, 1)))
    assert any("one instrument" in m for m in found)


def test_second_signature_is_refused():
    found = errors((Kind.SIGNATURE, D(2013, 6, 3)), (Kind.SIGNATURE, D(2013, 7, 3)))
    assert any("more than once" in m for m in found)


def test_withdrawal_by_a_non_party_is_refused():
    (message,) = errors((Kind.SIGNATURE, D(2013, 6, 3)), (Kind.WITHDRAWAL, D(2020, 1, 1)))
    assert "only for a State Party" in message


def test_withdrawal_before_entry_into_force_for_the_state_is_refused():
    found = errors((Kind.ACCESSION, D(2019, 12, 1)), (Kind.WITHDRAWAL, D(2020, 1, 1)))
    assert any("only for a State Party" in m for m in found)


def test_withdrawal_by_a_party_is_valid():
    assert errors((Kind.ACCESSION, D(2016, 1, 1)), (Kind.WITHDRAWAL, D(2020, 1, 1))) == []


def test_withdrawal_with_a_later_named_date_is_valid():
    assert (
        errors((Kind.ACCESSION, D(2016, 1, 1)), (Kind.WITHDRAWAL, D(2020, 1, 1), D(2021, 1, 1)))
        == []
    )


def test_withdrawal_named_date_within_90_days_is_refused():
    found = errors((Kind.ACCESSION, D(2016, 1, 1)), (Kind.WITHDRAWAL, D(2020, 1, 1), D(2020, 2, 1)))
    assert any("a date it names must be later" in m for m in found)


def test_named_effective_date_only_for_a_withdrawal():
    found = errors((Kind.ACCESSION, D(2016, 1, 1), D(2016, 6, 1)))
    assert any("Only a withdrawal" in m for m in found)


def test_intention_not_to_become_party_needs_a_signature():
    found = errors((Kind.INTENTION_NOT_PARTY, D(2019, 7, 18)))
    assert any("needs an earlier signature" in m for m in found)


def test_intention_not_to_become_party_after_a_signature_is_valid():
    assert (
        errors((Kind.SIGNATURE, D(2013, 9, 25)), (Kind.INTENTION_NOT_PARTY, D(2019, 7, 18))) == []
    )


def test_every_problem_is_reported_not_only_the_first():
    found = errors((Kind.SIGNATURE, D(2015, 1, 1)), (Kind.ACCESSION, D(2026, 1, 1)))
    assert len(found) >= 3
